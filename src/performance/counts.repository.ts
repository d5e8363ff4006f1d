import type pg from 'pg';
import { inTransaction } from '../db/pool.js';
import { THRESHOLD_COUNT, type ThresholdCounts } from '../metrics/threshold-counts.js';

/**
 * Every read and write of `prediction_counts`, and the prediction rows an import writes with
 * them (migrations/0004_performance.sql). Raw pg, parameterised, one named statement each.
 * A counts row is used only while its prediction and mask hashes match the current ones.
 */

/** Where a (model, dataset) stands: what can be scored, and what of it is counted. */
export interface ScoringStatus {
  images: number;
  withMask: number;
  withPrediction: number;
  /** Images with both a prediction and a mask: the ones performance is measured on. */
  scorable: number;
  /** Of those, the ones that also have an embedding for the model (splits and curves). */
  scorableEmbedded: number;
  /** Of the scorable, those whose stored counts match the current prediction and mask. */
  counted: number;
}

/** An image whose counts are missing or stale, with the bytes' hashes to count from. */
export interface CountTarget {
  imageId: number;
  predictionSha256: string;
  maskSha256: string;
}

/** One image's stored counts. */
export interface StoredCounts {
  imageId: number;
  pixels: number;
  foreground: number;
  counts: ThresholdCounts;
}

export interface NewCounts extends CountTarget {
  pixels: number;
  foreground: number;
  counts: ThresholdCounts;
}

/** A prediction an import writes: the canonical gray PNG and, when the image has a mask, its counts. */
export interface NewPrediction {
  imageId: number;
  sha256: string;
  png: Uint8Array;
  width: number;
  height: number;
  counts: NewCounts | null;
}

// A counts row is valid only for the bytes it was counted from (see the migration).
const VALID_COUNTS_JOIN = `LEFT JOIN prediction_counts c ON c.model_id = $1 AND c.image_id = i.id
  AND c.prediction_sha256 = p.sha256 AND c.mask_sha256 = i.mask_sha256`;

export const SCORING_STATUS_SQL = `
  SELECT count(*)::int AS images,
         count(i.mask_sha256)::int AS with_mask,
         count(p.image_id)::int AS with_prediction,
         count(p.image_id) FILTER (WHERE i.mask_sha256 IS NOT NULL)::int AS scorable,
         count(p.image_id) FILTER (WHERE i.mask_sha256 IS NOT NULL AND EXISTS
           (SELECT 1 FROM embeddings e WHERE e.model_id = $1 AND e.image_id = i.id))::int AS scorable_embedded,
         count(c.image_id)::int AS counted
  FROM images i
  LEFT JOIN predictions p ON p.image_id = i.id AND p.model_id = $1
  ${VALID_COUNTS_JOIN}
  WHERE i.dataset_id = $2`;

export const STALE_COUNTS_SQL = `
  SELECT i.id AS image_id, p.sha256 AS prediction_sha256, i.mask_sha256
  FROM images i
  JOIN predictions p ON p.image_id = i.id AND p.model_id = $1
  ${VALID_COUNTS_JOIN}
  WHERE i.dataset_id = $2 AND i.mask_sha256 IS NOT NULL AND c.image_id IS NULL
  ORDER BY i.id`;

export const LOAD_COUNTS_SQL = `
  -- array_send: the arrays as bytes (bytea), parsed by int4ArrayToFloat64; pg's text parsing of
  -- 300 integers a row was most of a split query's time at m = 500 (bench/performance.bench.ts)
  SELECT c.image_id, c.pixels, c.foreground, array_send(c.tp) AS tp, array_send(c.fp) AS fp, array_send(c.fn) AS fn
  FROM prediction_counts c
  JOIN predictions p ON p.model_id = c.model_id AND p.image_id = c.image_id AND p.sha256 = c.prediction_sha256
  JOIN images i ON i.id = c.image_id AND i.mask_sha256 = c.mask_sha256
  WHERE c.model_id = $1 AND i.dataset_id = $2
  ORDER BY c.image_id`;

export const BLOBS_SQL = `SELECT sha256, bytes FROM blobs WHERE sha256 = ANY($1::text[])`;

// Row r of the batch takes elements [(r-1)*100+1, r*100] of each flat array.
export const UPSERT_COUNTS_SQL = `
  INSERT INTO prediction_counts (model_id, image_id, prediction_sha256, mask_sha256, pixels, foreground, tp, fp, fn)
  SELECT $1, u.image_id, u.prediction_sha256, u.mask_sha256, u.pixels, u.foreground,
         ($7::int4[])[(u.r - 1) * 100 + 1 : u.r * 100],
         ($8::int4[])[(u.r - 1) * 100 + 1 : u.r * 100],
         ($9::int4[])[(u.r - 1) * 100 + 1 : u.r * 100]
  FROM unnest($2::int4[], $3::text[], $4::text[], $5::int4[], $6::int4[])
       WITH ORDINALITY AS u(image_id, prediction_sha256, mask_sha256, pixels, foreground, r)
  ON CONFLICT (model_id, image_id) DO UPDATE SET
    prediction_sha256 = EXCLUDED.prediction_sha256, mask_sha256 = EXCLUDED.mask_sha256,
    pixels = EXCLUDED.pixels, foreground = EXCLUDED.foreground,
    tp = EXCLUDED.tp, fp = EXCLUDED.fp, fn = EXCLUDED.fn, computed_at = now()`;

export const DATASET_IMAGES_SQL = `
  SELECT id, file_name, stem, width, height, mask_sha256 FROM images WHERE dataset_id = $1 ORDER BY id`;

export const CURRENT_PREDICTIONS_SQL = `
  SELECT p.image_id, p.sha256 FROM predictions p JOIN images i ON i.id = p.image_id
  WHERE p.model_id = $1 AND i.dataset_id = $2`;

export const INSERT_BLOB_SQL = `
  INSERT INTO blobs (sha256, content_type, size, bytes) VALUES ($1, 'image/png', $2, $3) ON CONFLICT (sha256) DO NOTHING`;

export const UPSERT_PREDICTIONS_SQL = `
  INSERT INTO predictions (model_id, image_id, sha256, width, height, source)
  SELECT $1, u.image_id, u.sha256, u.width, u.height, 'import'
  FROM unnest($2::int4[], $3::text[], $4::int4[], $5::int4[]) AS u(image_id, sha256, width, height)
  ON CONFLICT (model_id, image_id) DO UPDATE SET
    sha256 = EXCLUDED.sha256, width = EXCLUDED.width, height = EXCLUDED.height, source = 'import'`;

/** Flattens counts for UPSERT_COUNTS_SQL: values are integers (pixel counts of one image). */
function flat(rows: readonly NewCounts[], key: keyof ThresholdCounts): number[] {
  const out = new Array<number>(rows.length * THRESHOLD_COUNT);
  rows.forEach((r, i) => {
    for (let k = 0; k < THRESHOLD_COUNT; k++) out[i * THRESHOLD_COUNT + k] = r.counts[key][k]!;
  });
  return out;
}

async function upsertCounts(run: pg.Pool | pg.PoolClient, modelId: number, rows: readonly NewCounts[]): Promise<void> {
  if (rows.length === 0) return;
  await run.query(UPSERT_COUNTS_SQL, [
    modelId,
    rows.map((r) => r.imageId),
    rows.map((r) => r.predictionSha256),
    rows.map((r) => r.maskSha256),
    rows.map((r) => r.pixels),
    rows.map((r) => r.foreground),
    flat(rows, 'tp'),
    flat(rows, 'fp'),
    flat(rows, 'fn'),
  ]);
}

interface CountsRow {
  image_id: number;
  pixels: number;
  foreground: number;
  tp: Buffer;
  fp: Buffer;
  fn: Buffer;
}

/** An `array_send` of an `integer[]` (one dimension, no NULLs: the table's checks) as float64 values. */
function int4ArrayToFloat64(buf: Buffer): Float64Array {
  const ndim = buf.readInt32BE(0);
  if (ndim === 0) return new Float64Array(0);
  const n = buf.readInt32BE(12);
  const out = new Float64Array(n);
  // header: ndim, has-null flag, element oid, then (size, lower bound) per dimension; each element length-prefixed
  for (let i = 0, offset = 12 + 8 * ndim + 4; i < n; i++, offset += 8) out[i] = buf.readInt32BE(offset);
  return out;
}

export function createCountsRepository(pool: pg.Pool) {
  return {
    async status(modelId: number, datasetId: number): Promise<ScoringStatus> {
      const { rows } = await pool.query(SCORING_STATUS_SQL, [modelId, datasetId]);
      const r = rows[0]!;
      return {
        images: r.images,
        withMask: r.with_mask,
        withPrediction: r.with_prediction,
        scorable: r.scorable,
        scorableEmbedded: r.scorable_embedded,
        counted: r.counted,
      };
    },

    async staleCounts(modelId: number, datasetId: number): Promise<CountTarget[]> {
      const { rows } = await pool.query(STALE_COUNTS_SQL, [modelId, datasetId]);
      return rows.map((r) => ({
        imageId: r.image_id,
        predictionSha256: r.prediction_sha256,
        maskSha256: r.mask_sha256,
      }));
    },

    async blobs(sha256s: readonly string[]): Promise<Map<string, Uint8Array>> {
      const { rows } = await pool.query<{ sha256: string; bytes: Buffer }>(BLOBS_SQL, [[...new Set(sha256s)]]);
      return new Map(rows.map((r) => [r.sha256, new Uint8Array(r.bytes.buffer, r.bytes.byteOffset, r.bytes.length)]));
    },

    /** Writes counts computed from stored predictions; each row is self-contained, so no wider transaction. */
    saveCounts: (modelId: number, rows: readonly NewCounts[]) => upsertCounts(pool, modelId, rows),

    /** The valid counts of every scorable image of the dataset, ascending image id. */
    async loadCounts(modelId: number, datasetId: number): Promise<StoredCounts[]> {
      const { rows } = await pool.query<CountsRow>(LOAD_COUNTS_SQL, [modelId, datasetId]);
      const counts = (r: CountsRow) => ({
        tp: int4ArrayToFloat64(r.tp),
        fp: int4ArrayToFloat64(r.fp),
        fn: int4ArrayToFloat64(r.fn),
      });
      return rows.map((r) => ({ imageId: r.image_id, pixels: r.pixels, foreground: r.foreground, counts: counts(r) }));
    },

    async datasetImages(datasetId: number) {
      const { rows } = await pool.query(DATASET_IMAGES_SQL, [datasetId]);
      return rows.map((r) => ({
        id: r.id as number,
        fileName: r.file_name as string,
        stem: r.stem as string,
        width: r.width as number,
        height: r.height as number,
        maskSha256: r.mask_sha256 as string | null,
      }));
    },

    /** The model's current prediction hash per image of the dataset. */
    async currentPredictions(modelId: number, datasetId: number): Promise<Map<number, string>> {
      const { rows } = await pool.query(CURRENT_PREDICTIONS_SQL, [modelId, datasetId]);
      return new Map(rows.map((r) => [r.image_id as number, r.sha256 as string]));
    },

    /**
     * Writes imported predictions with their blobs and counts in ONE transaction: an import lands
     * whole or not at all, and no prediction is ever stored without the counts of its bytes.
     */
    async writeImport(modelId: number, rows: readonly NewPrediction[]): Promise<void> {
      if (rows.length === 0) return;
      await inTransaction(pool, async (client) => {
        for (const r of rows)
          await client.query(INSERT_BLOB_SQL, [
            r.sha256,
            r.png.length,
            Buffer.from(r.png.buffer, r.png.byteOffset, r.png.length),
          ]);
        await client.query(UPSERT_PREDICTIONS_SQL, [
          modelId,
          rows.map((r) => r.imageId),
          rows.map((r) => r.sha256),
          rows.map((r) => r.width),
          rows.map((r) => r.height),
        ]);
        await upsertCounts(
          client,
          modelId,
          rows.flatMap((r) => (r.counts ? [r.counts] : [])),
        );
      });
    },
  };
}

export type CountsRepository = ReturnType<typeof createCountsRepository>;
