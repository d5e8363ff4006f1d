import { createHash, randomBytes } from 'node:crypto';
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

const ROOT = path.resolve(import.meta.dirname, '../..');

/** What an empty store's contents depend on: the migrations, the store and queue code, the locked package versions. */
function templateKey(): string {
  const hash = createHash('sha256');
  const files = [
    ...fs.readdirSync(path.join(ROOT, 'migrations')).map((f) => path.join('migrations', f)),
    ...fs.readdirSync(path.join(ROOT, 'src/db')).map((f) => path.join('src/db', f)),
    'src/jobs/queue.ts',
    'src/auth/auth.service.ts',
    'package-lock.json',
  ].sort();
  for (const f of files) {
    const full = path.join(ROOT, f);
    if (fs.existsSync(full) && fs.statSync(full).isFile()) hash.update(f).update(fs.readFileSync(full));
  }
  return hash.digest('hex').slice(0, 16);
}

let template: Promise<string> | undefined;

/**
 * An embedded store that has been started once (migrated, pg-boss's schema in place) and closed,
 * kept in the temp folder under a key of everything its contents depend on. Copying it costs about
 * 0.1 s where creating a PGlite cluster and migrating it costs over 3 s, once per test file and
 * store. Built by the first file that needs it; a concurrent builder's copy is simply discarded.
 */
function embeddedTemplate(): Promise<string> {
  return (template ??= (async () => {
    const dir = path.join(os.tmpdir(), `distmetrics-store-template-${templateKey()}`);
    if (fs.existsSync(path.join(dir, 'pgdata'))) return dir;
    const building = fs.mkdtempSync(`${dir}.building-`);
    try {
      const { startServer } = await import('../../src/server.js');
      const config = loadConfig({ ...BASE_ENV, DISTMETRICS_DATA_DIR: building });
      const server = await startServer(config, () => {});
      await server.close();
      fs.rmSync(path.join(building, 'store.lock.json'), { force: true });
      try {
        fs.renameSync(building, dir);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e; // another process finished first
      }
    } finally {
      fs.rmSync(building, { recursive: true, force: true });
    }
    return dir;
  })());
}

/** A temporary data folder holding a copy of the started-once embedded store (see embeddedTemplate). */
export async function templateDataDir(): Promise<string> {
  const dir = tempDataDir();
  fs.cpSync(await embeddedTemplate(), dir, { recursive: true });
  return dir;
}

const BASE_ENV: Record<string, string> = {
  SEED_DEMO: 'false',
  REGISTER_TRAINED: 'false',
  PORT: '0',
  EXECUTION_PROVIDERS: 'cpu',
};

/**
 * A fresh, empty store of the given kind for the enclosing describe block. The embedded one is a
 * copy of a started-once template unless `fresh` asks for an uninitialised folder (tests of
 * migrations and of first starts).
 */
export function useStore(kind: StoreKind, options: { fresh?: boolean } = {}): () => TestStore {
  let store: TestStore | undefined;
  let cleanup: () => Promise<void> = async () => {};
  beforeAll(async () => {
    // STORE_TEMPLATE=off: every embedded store starts empty, to tell a template's effect from a bug.
    const fromTemplate = kind === 'embedded' && !options.fresh && process.env.STORE_TEMPLATE !== 'off';
    const dataDir = fromTemplate ? await templateDataDir() : tempDataDir();
    const env: Record<string, string> = { ...BASE_ENV, DISTMETRICS_DATA_DIR: dataDir };
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
export function forEachStore(
  title: string,
  suite: (store: () => TestStore, kind: StoreKind) => void,
  options: { fresh?: boolean } = {},
): void {
  for (const kind of STORE_KINDS) {
    const skip = kind === 'postgres' && !reachable;
    (skip ? describe.skip : describe)(`${title} [${kind}${skip ? `: no PostgreSQL at ${ADMIN_URL}` : ''}]`, () =>
      suite(useStore(kind, options), kind),
    );
  }
}
