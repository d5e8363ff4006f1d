import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { type AppConfig, loadConfig } from '../../src/config.js';

export type StoreKind = 'postgres' | 'embedded';
export const STORE_KINDS: StoreKind[] = ['postgres', 'embedded'];

/** The real server's admin URL; each test file gets a fresh database on it, dropped afterwards. */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestStore {
  kind: StoreKind;
  /** Environment for this store: pass to loadConfig or to child processes (CLI, workers). */
  env: Record<string, string>;
  config(overrides?: Record<string, string>): AppConfig;
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
const reachable = await postgresReachable();
if (!reachable && process.env.CI) throw new Error(`CI needs PostgreSQL at ${ADMIN_URL}`);

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `distmetrics_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

const tempDirs: string[] = [];
process.once('exit', () => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder, removed when the test process exits. */
export function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'distmetrics-test-'));
  tempDirs.push(dir);
  return dir;
}

/** A fresh, empty store of the given kind for the enclosing describe block. */
export function useStore(kind: StoreKind): () => TestStore {
  let store: TestStore | undefined;
  let cleanup: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const dataDir = tempDataDir();
    const env: Record<string, string> = {
      DISTMETRICS_DATA_DIR: dataDir,
      SEED_DEMO: 'false',
      REGISTER_TRAINED: 'false',
      PORT: '0',
      EXECUTION_PROVIDERS: 'cpu',
    };
    if (kind === 'postgres') {
      const db = await createTestDatabase();
      env.DATABASE_URL = db.url;
      cleanup = db.drop;
    }
    store = { kind, env, config: (overrides = {}) => loadConfig({ ...env, ...overrides }) };
  });
  afterAll(() => cleanup());
  return () => {
    if (!store) throw new Error('store not ready: call inside a test');
    return store;
  };
}

/** Runs the suite once per store: the real PostgreSQL server and the embedded PGlite store. */
export function forEachStore(title: string, suite: (store: () => TestStore, kind: StoreKind) => void): void {
  for (const kind of STORE_KINDS) {
    const skip = kind === 'postgres' && !reachable;
    (skip ? describe.skip : describe)(`${title} [${kind}${skip ? `: no PostgreSQL at ${ADMIN_URL}` : ''}]`, () =>
      suite(useStore(kind), kind),
    );
  }
}
