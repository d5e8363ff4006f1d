import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../../src/db/migrate.js';
import { openStore } from '../../../src/db/store.js';
import { createPool } from '../../../src/db/pool.js';
import { forEachStore, tempDataDir, templateDataDir } from '../../helpers/stores.js';

function copyMigrations(): string {
  const dir = tempDataDir();
  for (const f of readMigrations()) fs.writeFileSync(path.join(dir, f.name), f.sql);
  return dir;
}

forEachStore(
  'migrations',
  (store) => {
    it('applies every file once, recording its checksum', async () => {
      const s = await openStore(store().config(), { role: 'test', joinRunning: false });
      try {
        const { rows } = await s.pool.query('SELECT name, checksum FROM schema_migrations ORDER BY name');
        expect(rows.map((r) => r.name)).toEqual(readMigrations().map((f) => f.name));
        expect(rows.map((r) => r.checksum)).toEqual(readMigrations().map((f) => f.checksum));
        expect(await migrate(s.pool)).toEqual([]); // nothing left to apply
      } finally {
        await s.close();
      }
    });

    it('refuses to start when an applied file was edited, and changes nothing', async () => {
      const s = await openStore(store().config(), { role: 'test', joinRunning: false });
      try {
        const dir = copyMigrations();
        const first = readMigrations(dir)[0]!;
        fs.appendFileSync(path.join(dir, first.name), '\n-- edited\n');
        await expect(migrate(s.pool, readMigrations(dir))).rejects.toThrow(/was edited after it was applied/);
        const { rows } = await s.pool.query('SELECT checksum FROM schema_migrations WHERE name = $1', [first.name]);
        expect(rows[0].checksum).toBe(first.checksum);
      } finally {
        await s.close();
      }
    });

    it('is safe when two migrators start at once', async () => {
      const s = await openStore(store().config(), { role: 'test', joinRunning: false });
      const dir = copyMigrations();
      fs.writeFileSync(
        path.join(dir, '9001_concurrent_probe.sql'),
        'CREATE TABLE concurrent_probe (id int); INSERT INTO concurrent_probe VALUES (1);',
      );
      const a = createPool(s.url, 2);
      const b = createPool(s.url, 2);
      try {
        const [ra, rb] = await Promise.all([migrate(a, readMigrations(dir)), migrate(b, readMigrations(dir))]);
        expect([...ra, ...rb]).toEqual(['9001_concurrent_probe.sql']); // exactly one of them applied it
        const { rows } = await s.pool.query('SELECT count(*)::int AS n FROM concurrent_probe');
        expect(rows[0].n).toBe(1);
      } finally {
        await a.end();
        await b.end();
        await s.close();
      }
    });
  },
  { fresh: true },
);

describe('embedded store', () => {
  it('keeps its data across a restart and refuses a second owner', async () => {
    const dataDir = await templateDataDir();
    const config = { DISTMETRICS_DATA_DIR: dataDir };
    const { loadConfig } = await import('../../../src/config.js');
    const first = await openStore(loadConfig(config), { role: 'first', joinRunning: false });
    await first.prisma.dataset.create({ data: { name: 'kept' } });
    await expect(openStore(loadConfig(config), { role: 'second', joinRunning: false })).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
    await first.close();
    const again = await openStore(loadConfig(config), { role: 'again', joinRunning: false });
    try {
      expect((await again.prisma.dataset.findMany()).map((d) => d.name)).toEqual(['kept']);
    } finally {
      await again.close();
    }
  });
});

describe('a PostgreSQL server without pgvector', () => {
  it('is refused at start with an error that says what to install', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    const { loadConfig } = await import('../../../src/config.js');
    const bare = await PGlite.create(); // no vector extension available to CREATE EXTENSION
    const server = new PGLiteSocketServer({ db: bare, port: 0 });
    await server.start();
    const url = `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
    try {
      const attempt = openStore(loadConfig({ DATABASE_URL: url }), { role: 'test', joinRunning: false });
      await expect(attempt).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      await expect(attempt).rejects.toThrow(/cannot enable pgvector.*Install pgvector/);
      const tables = await bare.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'",
      );
      expect(tables.rows[0]!.n).toBe(0); // nothing was migrated
    } finally {
      await server.stop();
      await bare.close();
    }
  });
});
