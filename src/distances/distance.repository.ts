import type pg from 'pg';
import { fromBytes, toBytes } from '../analytics/index.js';
import { inTransaction } from '../db/pool.js';
import { assembleRowSums, type DistanceChunk } from '../math/idist-blocks.js';

/** The jobs row's kind for distance jobs (extraction's is 'extract'). */
export const DISTANCES_JOB = 'distances';

export interface DistanceJobRow {
  jobId: number;
  /** null once the fit was replaced (its datasets changed). */
  fitId: number | null;
  primaryId: number;
  secondaryIds: number[];
  zRequested: number;
  pairsPerChunk: number;
  pairs: number;
}

/** One chunk as queued and stored: a block of one dataset's rows against primary rows. */
export interface StoredChunk extends DistanceChunk {
  chunk: number;
  datasetId: number;
}

const isForeignKeyViolation = (e: unknown) => (e as { code?: string }).code === '23503';

const toJobRow = (r: Record<string, unknown>): DistanceJobRow => ({
  jobId: r.job_id as number,
  fitId: (r.fit_id as number | null) ?? null,
  primaryId: r.primary_id as number,
  secondaryIds: r.secondary_ids as number[],
  zRequested: r.z_requested as number,
  pairsPerChunk: r.pairs_per_chunk as number,
  pairs: Number(r.pairs),
});

/** Stored IDist sums, distance jobs and their chunks (raw pg; see migrations/0009_distance_jobs.sql). */
export function createDistanceRepository(pool: pg.Pool) {
  return {
    /** IDist sums of a fit's block to its primary, or null when none is stored. */
    async storedSums(fitId: number, datasetId: number): Promise<Float64Array | null> {
      const { rows } = await pool.query<{ sums: Buffer }>(
        'SELECT sums FROM analytics_idist WHERE fit_id = $1 AND dataset_id = $2',
        [fitId, datasetId],
      );
      return rows[0] ? fromBytes(rows[0].sums) : null;
    },

    /** Stores sums a request computed; a no-op when present, or when the fit was replaced meanwhile. */
    async saveSums(fitId: number, datasetId: number, sums: Float64Array): Promise<void> {
      try {
        // Sums a request computed are derived data: a crash may lose them (they are summed again).
        await inTransaction(pool, async (client) => {
          await client.query('SET LOCAL synchronous_commit = off');
          await client.query(
            `INSERT INTO analytics_idist (fit_id, dataset_id, sums, source) VALUES ($1, $2, $3, 'request')
             ON CONFLICT DO NOTHING`,
            [fitId, datasetId, toBytes(sums)],
          );
        });
      } catch (e) {
        if (!isForeignKeyViolation(e)) throw e;
      }
    },

    /** The distance job of a fit (any state), or null. */
    async jobOfFit(fitId: number): Promise<(DistanceJobRow & { state: string }) | null> {
      const { rows } = await pool.query(
        `SELECT d.*, j.state FROM distance_jobs d JOIN jobs j ON j.id = d.job_id WHERE d.fit_id = $1`,
        [fitId],
      );
      return rows[0] ? { ...toJobRow(rows[0]), state: rows[0].state as string } : null;
    },

    async jobDetails(jobIds: readonly number[]): Promise<DistanceJobRow[]> {
      const { rows } = await pool.query('SELECT * FROM distance_jobs WHERE job_id = ANY($1::int4[])', [jobIds]);
      return rows.map(toJobRow);
    },

    /**
     * Creates the job of a fit, or returns the one it has: a failed one is replaced. Concurrent
     * callers serialise on the fit's advisory lock, so a fit never has two jobs.
     */
    async createJob(a: {
      modelId: number;
      fitId: number;
      primaryId: number;
      secondaryIds: number[];
      zRequested: number;
      pairsPerChunk: number;
      pairs: number;
      total: number;
      /** Already computed (every block stored): the job is created completed. */
      completed: boolean;
    }): Promise<{ jobId: number; created: boolean }> {
      return inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`distances:${a.fitId}`]);
        const { rows: old } = await client.query<{ job_id: number; state: string }>(
          'SELECT d.job_id, j.state FROM distance_jobs d JOIN jobs j ON j.id = d.job_id WHERE d.fit_id = $1',
          [a.fitId],
        );
        if (old[0] && old[0].state !== 'failed') return { jobId: old[0].job_id, created: false };
        if (old[0]) await client.query('UPDATE distance_jobs SET fit_id = NULL WHERE job_id = $1', [old[0].job_id]);
        const { rows } = await client.query<{ id: number }>(
          `INSERT INTO jobs (kind, model_id, dataset_id, state, done, total, errors, updated_at, finished_at)
           VALUES ($1, $2, NULL, $3, $4, $5, '[]', now(), $6) RETURNING id`,
          [
            DISTANCES_JOB,
            a.modelId,
            a.completed ? 'completed' : 'queued',
            a.completed ? a.total : 0,
            a.total,
            a.completed ? new Date() : null,
          ],
        );
        const jobId = rows[0]!.id;
        await client.query(
          `INSERT INTO distance_jobs (job_id, fit_id, primary_id, secondary_ids, z_requested, pairs_per_chunk, pairs)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [jobId, a.fitId, a.primaryId, a.secondaryIds, a.zRequested, a.pairsPerChunk, a.pairs],
        );
        return { jobId, created: true };
      });
    },

    async jobState(jobId: number): Promise<{ state: string; startedAt: Date | null } | null> {
      const { rows } = await pool.query('SELECT state, started_at FROM jobs WHERE id = $1', [jobId]);
      return rows[0] ? { state: rows[0].state as string, startedAt: rows[0].started_at as Date | null } : null;
    },

    async markStarted(jobId: number): Promise<void> {
      await pool.query(
        `UPDATE jobs SET state = 'running', started_at = coalesce(started_at, now()), updated_at = now()
         WHERE id = $1 AND state IN ('queued', 'running')`,
        [jobId],
      );
    },

    async fail(jobId: number, message: string): Promise<void> {
      await pool.query(
        `UPDATE jobs SET state = 'failed', errors = $2::jsonb, finished_at = now(), updated_at = now()
         WHERE id = $1 AND state IN ('queued', 'running')`,
        [jobId, JSON.stringify([{ imageId: 0, message }])],
      );
    },

    async chunkStored(fitId: number, chunk: number): Promise<boolean> {
      const { rowCount } = await pool.query('SELECT 1 FROM distance_chunks WHERE fit_id = $1 AND chunk = $2', [
        fitId,
        chunk,
      ]);
      return (rowCount ?? 0) > 0;
    },

    /**
     * Stores a chunk's sums once (a retried chunk's second write is dropped), counts the job's
     * stored chunks, and when all are in, assembles each block's IDist in chunk order, stores it
     * with the fit and completes the job. The job row is locked first, so exactly one worker
     * assembles. Returns false when the fit is gone.
     */
    async recordChunk(
      jobId: number,
      fitId: number,
      c: StoredChunk,
      sums: Float64Array | null,
      n: number,
    ): Promise<boolean> {
      return inTransaction(pool, async (client) => {
        await client.query('SELECT 1 FROM jobs WHERE id = $1 FOR UPDATE', [jobId]);
        const { rows: job } = await client.query<{ state: string; total: number }>(
          'SELECT state, total FROM jobs WHERE id = $1',
          [jobId],
        );
        if (!job[0] || job[0].state === 'completed' || job[0].state === 'failed') return true;
        if (sums)
          try {
            await client.query(
              `INSERT INTO distance_chunks (fit_id, chunk, dataset_id, row_start, row_end, col_start, col_end, sums)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
              [fitId, c.chunk, c.datasetId, c.rowStart, c.rowEnd, c.colStart, c.colEnd, toBytes(sums)],
            );
          } catch (e) {
            if (isForeignKeyViolation(e)) return false;
            throw e;
          }
        const { rows: count } = await client.query<{ done: number }>(
          'SELECT count(*)::int AS done FROM distance_chunks WHERE fit_id = $1',
          [fitId],
        );
        const done = count[0]!.done;
        const finished = done >= job[0].total;
        if (finished) {
          const { rows } = await client.query(
            `SELECT chunk, dataset_id, row_start, row_end, col_start, col_end, sums FROM distance_chunks
             WHERE fit_id = $1 ORDER BY chunk`,
            [fitId],
          );
          const byDataset = new Map<number, { chunk: DistanceChunk; sums: Float64Array }[]>();
          for (const r of rows) {
            const list = byDataset.get(r.dataset_id as number) ?? [];
            list.push({
              chunk: {
                rowStart: r.row_start as number,
                rowEnd: r.row_end as number,
                colStart: r.col_start as number,
                colEnd: r.col_end as number,
              },
              sums: fromBytes(r.sums as Buffer),
            });
            byDataset.set(r.dataset_id as number, list);
          }
          for (const [datasetId, parts] of byDataset) {
            const m = parts.reduce((x, p) => Math.max(x, p.chunk.rowEnd), 0);
            await client.query(
              `INSERT INTO analytics_idist (fit_id, dataset_id, sums, source) VALUES ($1, $2, $3, 'job')
               ON CONFLICT (fit_id, dataset_id) DO UPDATE SET sums = excluded.sums, source = 'job'`,
              [fitId, datasetId, toBytes(assembleRowSums(m, n, parts))],
            );
          }
          // The assembled IDist is what answers read; the partial sums are no longer needed.
          await client.query('DELETE FROM distance_chunks WHERE fit_id = $1', [fitId]);
        }
        await client.query(
          `UPDATE jobs SET done = $2, state = $3, started_at = coalesce(started_at, now()), updated_at = now(),
             finished_at = CASE WHEN $3 = 'completed' THEN now() ELSE finished_at END WHERE id = $1`,
          [jobId, finished ? job[0].total : done, finished ? 'completed' : 'running'],
        );
        return true;
      });
    },
  };
}

export type DistanceRepository = ReturnType<typeof createDistanceRepository>;
