import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { AnalyticsPool } from '../compute/analytics-pool.js';
import { copyOut, inTransaction } from '../db/pool.js';
import {
  asFloat32,
  createVectorCopyDecoder,
  decodeVector,
  encodeVectorArray,
  parseVectorCopy,
  VECTOR_MAX_DIMENSION,
} from '../db/vector-binary.js';
import { invariant } from '../errors.js';
import { abortError } from '../compute/analytics-pool.js';
import { SKETCH_DIMENSION, sketchVector } from './sketch.js';

/** Rows per statement, and per transaction, when writing vectors (16000-dim: 8 MB a chunk). */
export const EMBEDDING_WRITE_CHUNK = 128;
/** HNSW indexes `vector` up to 2000 dimensions; larger models are searched through sketches. */
export const HNSW_MAX_DIMENSION = 2000;

export interface EmbeddingMatrix {
  /** Image ids in ascending order; row i of `data` belongs to imageIds[i]. */
  imageIds: Int32Array;
  rows: number;
  cols: number;
  /** rows x cols, row-major. */
  data: Float32Array;
}

/** What a (model, dataset) pair holds, and a fingerprint that changes with any of its embeddings. */
export interface EmbeddingSetStatus {
  datasetId: number;
  /** Images in the dataset, and how many of them have an embedding for the model. */
  images: number;
  embedded: number;
  /** Hash of every (image id, created_at) of the pair's embeddings; '' when there are none. */
  fingerprint: string;
}

/** Several datasets' embeddings stacked in the order asked for, read in one snapshot. */
export interface EmbeddingSets {
  status: EmbeddingSetStatus[];
  /** Per dataset, its images' ids (ascending): its block of rows in `data`. */
  imageIds: Int32Array[];
  rows: number;
  cols: number;
  data: Float32Array;
}

// Each statement is a named constant: greppable, and easy to EXPLAIN in a test.
export const UPSERT_EMBEDDINGS_SQL = `
  INSERT INTO embeddings (model_id, image_id, embedding)
  SELECT $1, u.image_id, u.embedding FROM unnest($2::int4[], $3::vector[]) AS u(image_id, embedding)
  ON CONFLICT (model_id, image_id) DO UPDATE SET embedding = EXCLUDED.embedding, created_at = now()`;

export const UPSERT_SKETCHES_SQL = `
  INSERT INTO embedding_sketches (model_id, image_id, sketch)
  SELECT $1, u.image_id, u.sketch FROM unnest($2::int4[], $3::vector[]) AS u(image_id, sketch)
  ON CONFLICT (model_id, image_id) DO UPDATE SET sketch = EXCLUDED.sketch`;

// Reads image ids and timestamps only: the vectors (TOASTed when large) are not touched.
export const EMBEDDING_STATUS_SQL = `
  SELECT d.id AS dataset_id,
         (SELECT count(*) FROM images WHERE dataset_id = d.id)::int AS images,
         count(e.image_id)::int AS embedded,
         coalesce(md5(string_agg(e.image_id || '@' || (extract(epoch FROM e.created_at) * 1000000)::bigint, ','
                                 ORDER BY e.image_id)), '') AS fingerprint
  FROM unnest($2::int4[]) AS d(id)
  LEFT JOIN images i ON i.dataset_id = d.id
  LEFT JOIN embeddings e ON e.image_id = i.id AND e.model_id = $1
  GROUP BY d.id`;

/** EMBEDDING_STATUS_SQL without the fingerprint: what answers over a stored fit need, at a fraction of the cost. */
export const EMBEDDING_COUNTS_SQL = `
  SELECT d.id AS dataset_id,
         (SELECT count(*) FROM images WHERE dataset_id = d.id)::int AS images,
         (SELECT count(*) FROM embeddings e JOIN images i ON i.id = e.image_id
          WHERE e.model_id = $1 AND i.dataset_id = d.id)::int AS embedded
  FROM unnest($2::int4[]) AS d(id)`;

export const LOAD_VECTORS_SQL = `
  SELECT image_id, vector_send(embedding) AS v FROM embeddings WHERE model_id = $1 AND image_id = ANY($2::int4[])`;

/** COPY takes no parameters, so the ids are inlined; both are checked to be integers first. */
/** Rows [offset, offset + limit) of one (model, dataset) by image id, for one thread's part of a load. */
const matrixRangeCopySql = (modelId: number, datasetId: number, offset: number, limit: number) => {
  invariant([modelId, datasetId, offset, limit].every(Number.isInteger), 'integer ids and range (inlined into COPY)');
  return `COPY (SELECT e.image_id, e.embedding FROM embeddings e JOIN images i ON i.id = e.image_id
                WHERE e.model_id = ${modelId} AND i.dataset_id = ${datasetId}
                ORDER BY e.image_id OFFSET ${offset} LIMIT ${limit})
          TO STDOUT (FORMAT binary)`;
};

/** Below this many bytes of vectors a threaded load is one task (a task's connection and snapshot cost ~ms). */
const THREADED_LOAD_PART_BYTES = 1024 * 1024;

const matrixCopySql = (modelId: number, datasetId: number, afterImageId = 0, limit: number | null = null) => {
  invariant(
    [modelId, datasetId, afterImageId, limit ?? 0].every(Number.isInteger),
    'integer ids and limit (inlined into COPY)',
  );
  return `COPY (SELECT e.image_id, e.embedding FROM embeddings e JOIN images i ON i.id = e.image_id
                WHERE e.model_id = ${modelId} AND i.dataset_id = ${datasetId} AND e.image_id > ${afterImageId}
                ORDER BY e.image_id${limit === null ? '' : ` LIMIT ${limit}`})
          TO STDOUT (FORMAT binary)`;
};

/**
 * Bytes of vectors per COPY when loading for a fit from the embedded store: PGlite runs on the
 * event loop, so the load is split into statements of about this size for it to answer other
 * queries, /health among them, between them. A PostgreSQL server streams each dataset in one
 * COPY (statements cost a round trip and a plan each: 36 of them at q = 16000).
 */
export const EMBEDDED_LOAD_CHUNK_BYTES = 1024 * 1024;

/** Checks one write's vectors: same length, 1..16000, finite. Returns them as Float32Array views. */
function toRows(imageIds: readonly number[], vectors: readonly ArrayLike<number>[] | Float32Array): Float32Array[] {
  if (vectors instanceof Float32Array) {
    const flat = vectors;
    const n = imageIds.length;
    invariant(n > 0 && flat.length % n === 0, 'a flat matrix holds one row per image id');
    const cols = flat.length / n;
    vectors = Array.from({ length: n }, (_, r) => flat.subarray(r * cols, (r + 1) * cols));
  }
  invariant(vectors.length === imageIds.length, 'one vector per image id');
  const rows = vectors.map(asFloat32);
  const dim = rows[0]?.length ?? 0;
  rows.forEach((v, r) => {
    if (v.length !== dim || dim < 1 || dim > VECTOR_MAX_DIMENSION) {
      throw new RangeError(
        `vector for image ${imageIds[r]} has ${v.length} dimensions; expected ${dim} (1..${VECTOR_MAX_DIMENSION})`,
      );
    }
    for (let i = 0; i < dim; i++)
      if (!Number.isFinite(v[i])) throw new RangeError(`vector for image ${imageIds[r]}: element ${i} is ${v[i]}`);
  });
  return rows;
}

/** Every read and write of `embeddings` and its sketches: parameterised SQL, binary vectors. */
export function createEmbeddingRepository(
  pool: pg.Pool,
  options: {
    loadChunkBytes?: number;
    /** A PostgreSQL server's URL and the analytics pool: fits' loads are received and decoded on its threads. */
    threadedLoad?: { url: string; pool: Pick<AnalyticsPool, 'copyLoad' | 'threads'> };
  } = {},
) {
  const loadChunkBytes = options.loadChunkBytes ?? EMBEDDED_LOAD_CHUNK_BYTES;
  let vectorOid: Promise<number> | null = null;
  /** The vector type's OID in this database, needed to frame binary arrays; looked up once. */
  const oid = () =>
    (vectorOid ??= pool
      .query<{ oid: number }>(`SELECT 'vector'::regtype::oid AS oid`)
      .then((r) => Number(r.rows[0]!.oid)));

  const threadedLoad = options.threadedLoad;

  /**
   * The rows of `sets` (stacked in order) received and decoded on the analytics threads: cut into
   * one contiguous part per thread (big loads), each part one COPY per dataset it spans, all in
   * this transaction's snapshot. Returns each dataset's image ids.
   */
  async function loadOnThreads(
    client: pg.PoolClient,
    modelId: number,
    sets: readonly EmbeddingSetStatus[],
    data: Float32Array,
    cols: number,
    signal: AbortSignal | null,
  ): Promise<Int32Array[]> {
    const { url, pool: threads } = threadedLoad!;
    const total = sets.reduce((a, s) => a + s.embedded, 0);
    const parts = Math.max(1, Math.min(threads.threads, Math.floor((total * cols * 4) / THREADED_LOAD_PART_BYTES)));
    const {
      rows: [{ snapshot }],
    } = await client.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot');
    const imageIds = sets.map((s) => new Int32Array(s.embedded));
    const tasks: { segments: { sql: string; atRow: number; rows: number }[]; places: [number, number][] }[] = [];
    let setIndex = 0;
    let inSet = 0; // rows of sets[setIndex] already assigned
    let atRow = 0;
    for (let part = 0; part < parts; part++) {
      let left = Math.round(((part + 1) * total) / parts) - Math.round((part * total) / parts);
      const task: (typeof tasks)[number] = { segments: [], places: [] };
      while (left > 0) {
        const set = sets[setIndex]!;
        const take = Math.min(left, set.embedded - inSet);
        if (take > 0) {
          task.segments.push({ sql: matrixRangeCopySql(modelId, set.datasetId, inSet, take), atRow, rows: take });
          task.places.push([setIndex, inSet]);
        }
        inSet += take;
        atRow += take;
        left -= take;
        if (inSet === set.embedded) {
          setIndex++;
          inSet = 0;
        }
      }
      tasks.push(task);
    }
    const results = await Promise.all(
      tasks.map((t) => threads.copyLoad({ url, snapshot, data, cols, segments: t.segments }, signal)),
    );
    results.forEach((ids, t) =>
      ids.forEach((part, i) => imageIds[tasks[t]!.places[i]![0]]!.set(part, tasks[t]!.places[i]![1])),
    );
    return imageIds;
  }

  /** Status of each dataset for the model, in the order of `datasetIds`. */
  async function status(
    run: pg.Pool | pg.PoolClient,
    modelId: number,
    datasetIds: readonly number[],
  ): Promise<EmbeddingSetStatus[]> {
    const { rows } = await run.query<{ dataset_id: number; images: number; embedded: number; fingerprint: string }>(
      EMBEDDING_STATUS_SQL,
      [modelId, datasetIds],
    );
    const byId = new Map(rows.map((r) => [r.dataset_id, r]));
    return datasetIds.map((id) => {
      const r = byId.get(id)!;
      return { datasetId: id, images: r.images, embedded: r.embedded, fingerprint: r.fingerprint };
    });
  }

  /** Writes (or replaces) the sketches of full vectors, in the caller's transaction when given. */
  async function writeSketches(
    run: pg.Pool | pg.PoolClient,
    modelId: number,
    imageIds: readonly number[],
    vectors: readonly Float32Array[],
  ) {
    const sketches = vectors.map((v) => sketchVector(v, SKETCH_DIMENSION));
    await run.query(UPSERT_SKETCHES_SQL, [modelId, imageIds, encodeVectorArray(sketches, await oid())]);
  }

  return {
    vectorOid: oid,

    /**
     * Inserts or replaces the vectors of (model, images), in chunks of EMBEDDING_WRITE_CHUNK rows,
     * each one statement (a binary `vector[]` parameter unnested server-side) in its own
     * transaction; models above 2000 dimensions get their sketch written in the same transaction.
     * A replaced vector gets a new created_at, which changes the pair's fingerprint.
     * @param vectors one Float32Array per image id, or one flat row-major matrix.
     */
    async upsertEmbeddings(
      modelId: number,
      imageIds: number[],
      vectors: readonly ArrayLike<number>[] | Float32Array,
    ): Promise<void> {
      if (imageIds.length === 0) return;
      const rows = toRows(imageIds, vectors);
      const sketched = rows[0]!.length > HNSW_MAX_DIMENSION;
      const vOid = await oid();
      for (let start = 0; start < rows.length; start += EMBEDDING_WRITE_CHUNK) {
        const ids = imageIds.slice(start, start + EMBEDDING_WRITE_CHUNK);
        const chunk = rows.slice(start, start + EMBEDDING_WRITE_CHUNK);
        await inTransaction(pool, async (client) => {
          await client.query(UPSERT_EMBEDDINGS_SQL, [modelId, ids, encodeVectorArray(chunk, vOid)]);
          if (sketched) await writeSketches(client, modelId, ids, chunk);
        });
      }
    },

    /** Sketches for vectors already stored (backfill, for rows written before sketches existed). */
    async upsertSketches(modelId: number, imageIds: number[], vectors: Float32Array[]): Promise<void> {
      for (let start = 0; start < imageIds.length; start += EMBEDDING_WRITE_CHUNK) {
        await writeSketches(
          pool,
          modelId,
          imageIds.slice(start, start + EMBEDDING_WRITE_CHUNK),
          vectors.slice(start, start + EMBEDDING_WRITE_CHUNK),
        );
      }
    },

    /** Images, embedded images and fingerprint of each (model, dataset), in the order asked. */
    embeddingStatus: (modelId: number, datasetIds: readonly number[]) => status(pool, modelId, datasetIds),

    /** Images and embedded images of each (model, dataset), in the order asked; fingerprint ''. */
    async embeddingCounts(modelId: number, datasetIds: readonly number[]): Promise<EmbeddingSetStatus[]> {
      const { rows } = await pool.query<{ dataset_id: number; images: number; embedded: number }>(
        EMBEDDING_COUNTS_SQL,
        [modelId, datasetIds],
      );
      const byId = new Map(rows.map((r) => [r.dataset_id, r]));
      return datasetIds.map((id) => ({
        datasetId: id,
        images: byId.get(id)!.images,
        embedded: byId.get(id)!.embedded,
        fingerprint: '',
      }));
    },

    /** The fingerprint of one (model, dataset): '' when it has no embeddings. */
    async embeddingFingerprint(modelId: number, datasetId: number): Promise<string> {
      return (await status(pool, modelId, [datasetId]))[0]!.fingerprint;
    },

    /**
     * Stacks the embeddings of several datasets (blocks in the order given, rows by image id)
     * into one float32 matrix, with their status, all read in one REPEATABLE READ snapshot so the
     * fingerprints describe exactly the rows returned. Vectors arrive by binary COPY, decoded
     * chunk by chunk as they arrive into shared memory (from `buffer` when given; it may be larger).
     */
    async loadSets(
      modelId: number,
      datasetIds: readonly number[],
      cols: number,
      options: {
        signal?: AbortSignal | null;
        buffer?: (bytes: number) => SharedArrayBuffer;
        /** Rows already in memory for this status (read in the snapshot), or null to load them. */
        reuse?: (status: EmbeddingSetStatus[]) => { data: Float32Array; imageIds: Int32Array[] } | null;
      } = {},
    ): Promise<EmbeddingSets> {
      return inTransaction(
        pool,
        async (client) => {
          const sets = await status(client, modelId, datasetIds);
          const rows = sets.reduce((a, s) => a + s.embedded, 0);
          const reused = options.reuse?.(sets);
          if (reused) return { status: sets, imageIds: reused.imageIds, rows, cols, data: reused.data };
          // Shared memory, so the analytics threads fit from it without a copy; every entry is written.
          const bytes = rows * cols * 4;
          const data = new Float32Array(options.buffer?.(bytes) ?? new SharedArrayBuffer(bytes), 0, rows * cols);
          if (threadedLoad && rows > 0) {
            const imageIds = await loadOnThreads(client, modelId, sets, data, cols, options.signal ?? null);
            return { status: sets, imageIds, rows, cols, data };
          }
          const imageIds: Int32Array[] = [];
          const chunkRows = Math.max(16, Math.floor(loadChunkBytes / (4 * Math.max(1, cols))));
          let atRow = 0;
          for (const s of sets) {
            const ids = new Int32Array(s.embedded);
            let done = 0;
            while (done < s.embedded) {
              if (options.signal?.aborted) throw abortError(options.signal);
              const take = Math.min(chunkRows, s.embedded - done);
              const sql = matrixCopySql(
                modelId,
                s.datasetId,
                done ? ids[done - 1]! : 0,
                take < s.embedded ? take : null,
              );
              const decoder = createVectorCopyDecoder(data, atRow + done, cols, take);
              // A refused stream (another dimension) is read to its end, so the connection stays usable.
              let refused: unknown = null;
              for await (const chunk of client.query(copyTo(sql)) as AsyncIterable<Buffer>) {
                if (refused) continue;
                try {
                  decoder.push(chunk);
                } catch (e) {
                  refused = e;
                }
              }
              if (refused) throw refused;
              const got = decoder.end();
              invariant(got.rows === take, 'the snapshot counted the rows it copied');
              ids.set(got.ids, done);
              done += take;
            }
            imageIds.push(ids);
            atRow += done;
          }
          return { status: sets, imageIds, rows, cols, data };
        },
        'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
      );
    },

    /** One (model, dataset) matrix, rows ordered by image id, read by binary COPY. */
    async loadMatrix(modelId: number, datasetId: number): Promise<EmbeddingMatrix> {
      const client = await pool.connect();
      try {
        const m = parseVectorCopy(await copyOut(client, matrixCopySql(modelId, datasetId)));
        return { imageIds: m.ids, rows: m.rows, cols: m.cols, data: m.data };
      } finally {
        client.release();
      }
    },

    /** Vectors of some images for the model (binary, via vector_send), keyed by image id. */
    async loadVectors(modelId: number, imageIds: readonly number[]): Promise<Map<number, Float32Array>> {
      const { rows } = await pool.query<{ image_id: number; v: Buffer }>(LOAD_VECTORS_SQL, [modelId, imageIds]);
      return new Map(rows.map((r) => [r.image_id, decodeVector(r.v)]));
    },

    /** The dimension of the model's stored vectors (for models registered without one), or null. */
    async storedDimension(modelId: number): Promise<number | null> {
      const { rows } = await pool.query<{ d: number }>(
        'SELECT vector_dims(embedding) AS d FROM embeddings WHERE model_id = $1 LIMIT 1',
        [modelId],
      );
      return rows[0]?.d ?? null;
    },

    /** One image's vector for the model, or null when it has none. */
    async loadVector(modelId: number, imageId: number): Promise<Float32Array | null> {
      const { rows } = await pool.query<{ image_id: number; v: Buffer }>(LOAD_VECTORS_SQL, [modelId, [imageId]]);
      return rows[0] ? decodeVector(rows[0].v) : null;
    },
  };
}

export type EmbeddingRepository = ReturnType<typeof createEmbeddingRepository>;
