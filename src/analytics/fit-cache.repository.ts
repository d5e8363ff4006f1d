import type pg from 'pg';
import { inTransaction } from '../db/pool.js';
import { DEFAULT_FIT_CACHE_MAX_BYTES } from '../config.js';
import { encodeVectorArray } from '../db/vector-binary.js';
import type { PcaSolver } from '../math/top-pca.js';

/** What identifies a fit: model, primary, the sorted set of secondaries fitted with it, z asked for. */
export interface FitKey {
  modelId: number;
  primaryId: number;
  /** Sorted, distinct. [] = a fit on the primary alone. */
  secondaryIds: number[];
  zRequested: number;
}

/** A stored fit without its mean and components (all that distances need). */
export interface StoredFit extends FitKey {
  id: number;
  zUsed: number;
  rank: number;
  method: 'dual' | 'primal';
  /** How the top-z components were computed (src/math/top-pca.ts); null for fits stored before it was recorded. */
  solver: PcaSolver | null;
  fingerprint: string;
  /** Row blocks: the primary, then the secondaries in ascending id; rows by image id inside. */
  blockDatasetIds: number[];
  blockRows: number[];
  imageIds: number[];
  cols: number;
  /** rows x zUsed, row-major: the projected rows, float64. */
  scores: Float64Array;
  explainedVariance: number[];
  totalVariance: number;
  fitMs: number;
  createdAt: Date;
}

/** What projecting a new row needs. */
export interface FitBasis {
  mean: Float64Array;
  /** zUsed x cols, row-major. */
  components: Float64Array;
}

export type NewFit = Omit<StoredFit, 'id' | 'createdAt'> & FitBasis;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** float64 as little-endian bytes (bytea columns), whatever the host's byte order. */
export function toBytes(x: Float64Array): Buffer {
  const b = Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  return LITTLE_ENDIAN ? b : Buffer.from(b).swap64();
}

export function fromBytes(b: Buffer): Float64Array {
  // Own, aligned and shared memory: the analytics threads read it without a copy.
  const copy = Buffer.from(new SharedArrayBuffer(b.length));
  b.copy(copy);
  if (!LITTLE_ENDIAN) copy.swap64();
  return new Float64Array(copy.buffer, copy.byteOffset, copy.length / 8);
}

const FIT_COLUMNS = `id, model_id, primary_id, secondary_ids, z_requested, z_used, rank, method, fingerprint,
  block_dataset_ids, block_rows, image_ids, cols, scores, explained_variance, total_variance, fit_ms, created_at, solver`;

export const FIT_FINGERPRINT_SQL = `SELECT fingerprint FROM analytics_fits
  WHERE model_id = $1 AND primary_id = $2 AND secondary_ids = $3::int4[] AND z_requested = $4`;
export const FIT_BY_ID_SQL = `SELECT ${FIT_COLUMNS} FROM analytics_fits WHERE id = $1`;
/** Marks the key's fit used now (LRU order) and names it, without reading its bytes. */
export const TOUCH_FIT_BY_KEY_SQL = `UPDATE analytics_fits SET last_used_at = clock_timestamp()
  WHERE model_id = $1 AND primary_id = $2 AND secondary_ids = $3::int4[] AND z_requested = $4 RETURNING id`;
export const TOUCH_FIT_BY_ID_SQL = `UPDATE analytics_fits SET last_used_at = clock_timestamp() WHERE id = $1 RETURNING id`;
/** Decoded fits kept per process: a stored fit never changes (a refit gets a new id). */
const FIT_MEMORY_BYTES = 256 * 1024 * 1024;
export const FIT_BASIS_SQL = `SELECT mean, components FROM analytics_fits WHERE id = $1`;
export const DELETE_FIT_SQL = `DELETE FROM analytics_fits
  WHERE model_id = $1 AND primary_id = $2 AND secondary_ids = $3::int4[] AND z_requested = $4`;
export const INSERT_FIT_SQL = `INSERT INTO analytics_fits (model_id, primary_id, secondary_ids, z_requested, z_used, rank,
  method, fingerprint, block_dataset_ids, block_rows, image_ids, cols, mean, components, scores, explained_variance,
  total_variance, fit_ms, solver, bytes)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING id, created_at`;
/**
 * Deletes the least recently used fits beyond `$1` bytes in all, newest use first kept, never the
 * fit `$2` just saved. Returns the ids deleted.
 */
export const EVICT_FITS_SQL = `DELETE FROM analytics_fits WHERE id IN (
  SELECT id FROM (
    SELECT id, sum(bytes) OVER (ORDER BY (id = $2) DESC, last_used_at DESC, id DESC) AS kept
    FROM analytics_fits) ranked
  WHERE kept > $1 AND id <> $2) RETURNING id`;
export const INSERT_PROJECTIONS_SQL = `INSERT INTO analytics_projections (fit_id, image_id, dataset_id, projection)
  SELECT $1, u.image_id, u.dataset_id, u.projection FROM unnest($2::int4[], $3::int4[], $4::vector[]) AS u(image_id, dataset_id, projection)`;

/** IDist of each image of one block to another block, by pgvector `<->` over the stored projections. */
export const IDIST_IN_DATABASE_SQL = `
  SELECT s.image_id, sum(s.projection <-> p.projection) AS idist
  FROM analytics_projections s
  JOIN analytics_projections p ON p.fit_id = s.fit_id AND p.dataset_id = $3
  WHERE s.fit_id = $1 AND s.dataset_id = $2
  GROUP BY s.image_id ORDER BY s.image_id`;

/** Rows of projections per INSERT (z <= 200: under 1 MB a statement). */
const PROJECTION_CHUNK = 1000;

/**
 * What a fit occupies in the store, near enough to bound it: its float64 arrays and, per row, a
 * float32 projection with its row overhead (about 40 bytes in PostgreSQL).
 */
export function storedBytes(fit: Pick<NewFit, 'mean' | 'components' | 'scores' | 'imageIds' | 'zUsed'>): number {
  const rows = fit.imageIds.length;
  return fit.mean.byteLength + fit.components.byteLength + fit.scores.byteLength + rows * (fit.zUsed * 4 + 8 + 40);
}

type FitRow = Record<string, unknown> & { scores: Buffer; created_at: Date };

function toStoredFit(r: FitRow): StoredFit {
  return {
    id: r.id as number,
    modelId: r.model_id as number,
    primaryId: r.primary_id as number,
    secondaryIds: r.secondary_ids as number[],
    zRequested: r.z_requested as number,
    zUsed: r.z_used as number,
    rank: r.rank as number,
    method: r.method as 'dual' | 'primal',
    solver: (r.solver as PcaSolver | null) ?? null,
    fingerprint: r.fingerprint as string,
    blockDatasetIds: r.block_dataset_ids as number[],
    blockRows: r.block_rows as number[],
    imageIds: r.image_ids as number[],
    cols: r.cols as number,
    scores: fromBytes(r.scores),
    explainedVariance: r.explained_variance as number[],
    totalVariance: r.total_variance as number,
    fitMs: r.fit_ms as number,
    createdAt: r.created_at,
  };
}

/** The fit cache: fits (float64 bytea) and their projections (vector(z)), raw pg. */
export function createFitCacheRepository(
  pool: pg.Pool,
  vectorOid: () => Promise<number>,
  options: { maxBytes?: number } = {},
) {
  const keyParams = (k: FitKey) => [k.modelId, k.primaryId, k.secondaryIds, k.zRequested];
  const maxBytes = options.maxBytes ?? DEFAULT_FIT_CACHE_MAX_BYTES;
  // Decoded fits by id, most recently used last: a per-image call over a stored fit of 50,000
  // images would otherwise read and decode its 10 MB of scores each time. Every read still asks
  // the store first (one UPDATE ... RETURNING id), so an evicted or replaced fit is never served.
  const memory = new Map<number, { fit: StoredFit; bytes: number }>();
  let memoryBytes = 0;
  const remember = (fit: StoredFit): StoredFit => {
    const bytes = fit.scores.byteLength + fit.imageIds.length * 8;
    if (bytes > FIT_MEMORY_BYTES) return fit;
    memory.set(fit.id, { fit, bytes });
    memoryBytes += bytes;
    for (const [id, entry] of memory) {
      if (memoryBytes <= FIT_MEMORY_BYTES) break;
      memory.delete(id);
      memoryBytes -= entry.bytes;
    }
    return fit;
  };
  /** The fit with this id, now known to be stored: from memory, or read and kept. */
  async function load(id: number): Promise<StoredFit | null> {
    const kept = memory.get(id);
    if (kept) {
      memory.delete(id);
      memory.set(id, kept);
      return kept.fit;
    }
    const { rows } = await pool.query<FitRow>(FIT_BY_ID_SQL, [id]);
    return rows[0] ? remember(toStoredFit(rows[0])) : null;
  }

  return {
    /** The stored fit for the key, whatever its fingerprint, or null; marks it used. */
    async find(key: FitKey): Promise<StoredFit | null> {
      const { rows } = await pool.query<{ id: number }>(TOUCH_FIT_BY_KEY_SQL, keyParams(key));
      return rows[0] ? load(rows[0].id) : null;
    },

    /** Stored fits, least recently used first (tests and the bench read the eviction order). */
    async usage(): Promise<{ id: number; bytes: number; lastUsedAt: Date }[]> {
      const { rows } = await pool.query<{ id: number; bytes: string; last_used_at: Date }>(
        'SELECT id, bytes, last_used_at FROM analytics_fits ORDER BY last_used_at, id',
      );
      return rows.map((r) => ({ id: r.id, bytes: Number(r.bytes), lastUsedAt: r.last_used_at }));
    },

    /** The stored fit's fingerprint, without its bytes (the query cost estimate asks it). */
    async fingerprint(key: FitKey): Promise<string | null> {
      const { rows } = await pool.query<{ fingerprint: string }>(FIT_FINGERPRINT_SQL, keyParams(key));
      return rows[0]?.fingerprint ?? null;
    },

    async byId(id: number): Promise<StoredFit | null> {
      const { rows } = await pool.query<{ id: number }>(TOUCH_FIT_BY_ID_SQL, [id]);
      return rows[0] ? load(id) : null;
    },

    /** Mean and components of a fit (MBs for wide models: read only to project new rows). */
    async basis(id: number): Promise<FitBasis | null> {
      const { rows } = await pool.query<{ mean: Buffer; components: Buffer }>(FIT_BASIS_SQL, [id]);
      return rows[0] ? { mean: fromBytes(rows[0].mean), components: fromBytes(rows[0].components) } : null;
    },

    /**
     * Stores a fit and its projections, replacing the key's previous fit (its projections go with
     * it), in one transaction; concurrent savers of one key serialise on an advisory lock.
     */
    async save(fit: NewFit): Promise<StoredFit> {
      const oid = await vectorOid();
      const saved = await inTransaction(pool, async (client) => {
        // A cache of derived data: a crash may lose the last fits saved (they are computed again),
        // so the answer does not wait for the WAL to reach the disk (MBs at q = 16000).
        await client.query('SET LOCAL synchronous_commit = off');
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`fit:${keyParams(fit).join(':')}`]);
        await client.query(DELETE_FIT_SQL, keyParams(fit));
        const { rows } = await client.query<{ id: number; created_at: Date }>(INSERT_FIT_SQL, [
          ...keyParams(fit),
          fit.zUsed,
          fit.rank,
          fit.method,
          fit.fingerprint,
          fit.blockDatasetIds,
          fit.blockRows,
          fit.imageIds,
          fit.cols,
          toBytes(fit.mean),
          toBytes(fit.components),
          toBytes(fit.scores),
          fit.explainedVariance,
          fit.totalVariance,
          fit.fitMs,
          fit.solver === null ? null : JSON.stringify(fit.solver),
          storedBytes(fit),
        ]);
        const id = rows[0]!.id;
        const datasetOfRow = fit.blockDatasetIds.flatMap((d, b) => Array<number>(fit.blockRows[b]!).fill(d));
        for (let start = 0; start < fit.imageIds.length; start += PROJECTION_CHUNK) {
          const end = Math.min(start + PROJECTION_CHUNK, fit.imageIds.length);
          const vectors = [];
          for (let r = start; r < end; r++) vectors.push(fit.scores.subarray(r * fit.zUsed, (r + 1) * fit.zUsed));
          await client.query(INSERT_PROJECTIONS_SQL, [
            id,
            fit.imageIds.slice(start, end),
            datasetOfRow.slice(start, end),
            encodeVectorArray(vectors, oid),
          ]);
        }
        return { id, createdAt: rows[0]!.created_at };
      });
      // Past the bound, the least recently used other fits go (read-only traffic creates fits).
      await pool.query(EVICT_FITS_SQL, [maxBytes, saved.id]);
      const { mean: _m, components: _c, ...stored } = fit;
      return { ...stored, ...saved };
    },

    /** Row sums of `<->` distances from each image of block `secondaryId` to block `primaryId`, by image id. */
    async idistInDatabase(
      fitId: number,
      secondaryId: number,
      primaryId: number,
    ): Promise<{ imageIds: number[]; sums: Float64Array }> {
      const { rows } = await pool.query<{ image_id: number; idist: number }>(IDIST_IN_DATABASE_SQL, [
        fitId,
        secondaryId,
        primaryId,
      ]);
      return { imageIds: rows.map((r) => r.image_id), sums: Float64Array.from(rows, (r) => r.idist) };
    },
  };
}

export type FitCacheRepository = ReturnType<typeof createFitCacheRepository>;
