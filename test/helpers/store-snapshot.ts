import type pg from 'pg';

const TABLES = [
  'datasets',
  'images',
  'blobs',
  'models',
  'embeddings',
  'jobs',
  'predictions',
  'analytics_fits',
  'analytics_projections',
] as const;

/** Row counts and the newest id of every table a request could write: equal before and after = nothing changed. */
export async function storeSnapshot(pool: pg.Pool): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const { rows } = await pool.query<{ n: string; h: string | null }>(
      `SELECT count(*)::text AS n, md5(string_agg(t::text, ',' ORDER BY t::text)) AS h FROM ${table} t`,
    );
    out[table] = `${rows[0]!.n}:${rows[0]!.h ?? ''}`;
  }
  return out;
}
