import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');
/** Arbitrary constant key for pg_advisory_lock: one migrator at a time per database. */
const MIGRATION_LOCK_KEY = 7_351_902_114;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Applies migrations/*.sql in order, each in its own transaction, recording name and checksum.
 * Refuses to run when an applied file was edited since. Two processes starting at once
 * serialise on an advisory lock; the second finds everything applied.
 * @returns the names applied by this call.
 */
export async function migrate(pool: pg.Pool, files = readMigrations()): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ name: string; checksum: string }>(
      'SELECT name, checksum FROM schema_migrations',
    );
    const applied = new Map(rows.map((r) => [r.name, r.checksum]));
    for (const [name, checksum] of applied) {
      const file = files.find((f) => f.name === name);
      if (file && file.checksum !== checksum) {
        throw new Error(
          `Migration ${name} was edited after it was applied (checksum ${checksum.slice(0, 12)} in the database, ` +
            `${file.checksum.slice(0, 12)} on disk). Restore the file and add a new migration instead.`,
        );
      }
    }
    const done: string[] = [];
    for (const file of files.filter((f) => !applied.has(f.name))) {
      await client.query('BEGIN');
      try {
        // Re-checked inside the transaction: on the embedded store all clients share one session,
        // so the advisory lock does not exclude them, but the session serialiser isolates transactions.
        const again = await client.query('SELECT 1 FROM schema_migrations WHERE name = $1', [file.name]);
        if (again.rowCount) {
          await client.query('ROLLBACK');
          continue;
        }
        await client.query(file.sql);
        await client.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [
          file.name,
          file.checksum,
        ]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${file.name} failed: ${(e as Error).message}`, { cause: e });
      }
      done.push(file.name);
    }
    return done;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}
