import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { AppConfig } from '../config.js';
import { AppError, ErrorCode } from '../errors.js';
import { embeddedOwner, embeddedUrl, openEmbeddedStore } from './embedded-store.js';
import { migrate } from './migrate.js';
import { createPool } from './pool.js';
import { createPrisma, type PrismaClient } from './prisma.js';

export type StoreKind = 'postgres' | 'embedded' | 'embedded-shared';

export interface Store {
  kind: StoreKind;
  url: string;
  pool: pg.Pool;
  prisma: PrismaClient;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Who opens it, written in the embedded lock file for error messages. */
  role: string;
  /**
   * When another process owns the embedded store: true connects to its socket (the CLI while the
   * server runs); false refuses (a second server would otherwise stop serving when the first exits).
   */
  joinRunning: boolean;
}

async function ensurePgvector(pool: pg.Pool, url: string): Promise<void> {
  try {
    await pool.query('CREATE EXTENSION IF NOT EXISTS vector');
  } catch (e) {
    const host = url.replace(/\/\/[^@]*@/, '//');
    throw new AppError(
      ErrorCode.STORE_UNAVAILABLE,
      `The PostgreSQL server at ${host} cannot enable pgvector (${(e as Error).message}). ` +
        `Install pgvector on that server (Debian/Ubuntu: postgresql-<version>-pgvector; from source: scripts/install-pgvector.sh; ` +
        `Docker: the pgvector/pgvector image), or have a superuser run CREATE EXTENSION vector in that database.`,
    );
  }
}

async function waitForPublishedPort(dataDir: string): Promise<number | null> {
  for (let i = 0; i < 300; i++) {
    const owner = embeddedOwner(dataDir);
    if (!owner) return null;
    if (owner.port) return owner.port;
    await sleep(100); // the owner is still migrating
  }
  throw new AppError(ErrorCode.STORE_UNAVAILABLE, `The embedded store in ${dataDir} did not become ready in 30 s`);
}

async function connect(kind: StoreKind, url: string, config: AppConfig, closeExtra = async () => {}): Promise<Store> {
  const pool = createPool(url, config.db.poolSize);
  const prisma = createPrisma(pool);
  return {
    kind,
    url,
    pool,
    prisma,
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
      await closeExtra();
    },
  };
}

/**
 * Opens the configured store and brings its schema up to date.
 * DATABASE_URL set: that server (must offer pgvector). Unset: the embedded PGlite store in the
 * data folder, served over the wire protocol so everything above runs one code path.
 */
export async function openStore(config: AppConfig, options: OpenStoreOptions): Promise<Store> {
  if (config.db.url) {
    const store = await connect('postgres', config.db.url, config);
    try {
      await ensurePgvector(store.pool, config.db.url);
      await migrate(store.pool);
    } catch (e) {
      await store.close();
      throw e;
    }
    return store;
  }
  const { dataDir } = config.db;
  if (options.joinRunning) {
    const port = await waitForPublishedPort(dataDir);
    if (port) return connect('embedded-shared', embeddedUrl(port), config);
  }
  const embedded = await openEmbeddedStore(dataDir, config.db.embeddedPort, options.role);
  let store: Store | undefined;
  try {
    store = await connect('embedded', embedded.url, config, () => embedded.close());
    await migrate(store.pool);
    embedded.publish();
    return store;
  } catch (e) {
    if (store) await store.close();
    else await embedded.close();
    throw e;
  }
}
