import pg from 'pg';

/** One pool per process, shared by Prisma (through its pg adapter) and raw vector SQL. */
export function createPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', (err) => console.error(`[db] idle client error: ${err.message}`));
  return pool;
}
