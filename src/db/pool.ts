import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** One pool per process, shared by Prisma (through its pg adapter) and raw vector SQL. */
export function createPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', (err) => console.error(`[db] idle client error: ${err.message}`));
  return pool;
}

/**
 * Runs `fn` in one transaction on one pooled client: COMMIT when it resolves, ROLLBACK (then the
 * error again) when it throws, the client released either way. `begin` may set the isolation.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/** The whole output of a `COPY ... TO STDOUT` on `client`, as one buffer. */
export async function copyOut(client: pg.PoolClient, sql: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of client.query(copyTo(sql))) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
