import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore, type EmbeddedStore } from '../../../src/db/embedded-store.js';
import { templateDataDir } from '../../helpers/stores.js';

describe('embedded store with many client connections', () => {
  let store: EmbeddedStore;
  beforeAll(async () => {
    store = await openEmbeddedStore(await templateDataDir(), 0, 'test');
    const c = new pg.Client({ connectionString: store.url });
    await c.connect();
    await c.query('CREATE TABLE counters (client int, n int)');
    await c.end();
  });
  afterAll(() => store.close());

  it('never mixes one client’s unnamed prepared statements or transactions with another’s', async () => {
    const clients = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const c = new pg.Client({ connectionString: store.url });
        await c.connect();
        return c;
      }),
    );
    try {
      await Promise.all(
        clients.map(async (c, id) => {
          for (let i = 0; i < 25; i++) {
            // Parameterised queries use the unnamed statement: interleaving would swap results.
            const { rows } = await c.query('SELECT $1::int * 1000 + $2::int AS v', [id, i]);
            expect(rows[0].v).toBe(id * 1000 + i);
            await c.query('BEGIN');
            await c.query('INSERT INTO counters VALUES ($1, $2)', [id, i]);
            const own = await c.query('SELECT count(*)::int AS n FROM counters WHERE client = $1', [id]);
            expect(own.rows[0].n).toBe(i + 1);
            await c.query(i % 5 === 4 ? 'ROLLBACK' : 'COMMIT');
            if (i % 5 === 4) await c.query('INSERT INTO counters VALUES ($1, $2)', [id, i]);
          }
        }),
      );
      const { rows } = await clients[0]!.query(
        'SELECT client, count(*)::int AS n FROM counters GROUP BY client ORDER BY client',
      );
      expect(rows).toEqual(Array.from({ length: 8 }, (_, id) => ({ client: id, n: 25 })));
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });

  it('rolls back and hands on the session when a client disconnects inside a transaction', async () => {
    const a = new pg.Client({ connectionString: store.url });
    a.on('error', () => undefined);
    const b = new pg.Client({ connectionString: store.url });
    await a.connect();
    await b.connect();
    await a.query('BEGIN');
    await a.query('INSERT INTO counters VALUES (99, 1)');
    const waiting = b.query('SELECT count(*)::int AS n FROM counters WHERE client = 99'); // queued behind a's transaction
    (a as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect((await waiting).rows[0].n).toBe(0);
    await b.end();
    a.on('error', () => undefined); // its connection is gone on purpose
  });
});
