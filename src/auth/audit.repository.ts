import type pg from 'pg';
import { assertPageSize, decodeCursor, toConnection } from '../pagination/connection.js';

export interface AuditEntry {
  actor: string;
  role: string | null;
  operation: string;
  arguments: Record<string, unknown>;
  address: string | null;
}

export interface AuditRow extends AuditEntry {
  id: number;
  at: Date;
}

/** The trail of writes: who (key name or 'anonymous'), what, with which arguments, when. */
export function createAuditRepository(pool: pg.Pool) {
  return {
    async record(entries: AuditEntry[]): Promise<void> {
      if (entries.length === 0) return;
      await pool.query(
        `INSERT INTO audit_log (actor, role, operation, arguments, address)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::text[])`,
        [
          entries.map((e) => e.actor),
          entries.map((e) => e.role),
          entries.map((e) => e.operation),
          entries.map((e) => JSON.stringify(e.arguments)),
          entries.map((e) => e.address),
        ],
      );
    },

    /** Newest first, by keyset on id. */
    async page(first: number, after: string | null | undefined, maxPage: number) {
      assertPageSize(first, maxPage);
      const before = decodeCursor(after);
      const [{ rows }, count] = await Promise.all([
        pool.query(
          `SELECT id::int AS id, at, actor, role, operation, arguments, address FROM audit_log
           WHERE $1::bigint IS NULL OR id < $1 ORDER BY id DESC LIMIT $2`,
          [before, first + 1],
        ),
        pool.query('SELECT count(*)::int AS n FROM audit_log'),
      ]);
      return toConnection(rows as AuditRow[], first, (r) => r.id, count.rows[0].n as number);
    },
  };
}
export type AuditRepository = ReturnType<typeof createAuditRepository>;
