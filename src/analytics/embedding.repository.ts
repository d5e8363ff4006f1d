import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { invariant } from '../errors.js';
import { toVectorLiteral } from '../db/vector-sql.js';

/** Rows per statement (and per transaction) when writing vectors. */
export const EMBEDDING_WRITE_CHUNK = 128;

export interface EmbeddingMatrix {
  /** Image ids in ascending order; row i of `data` belongs to imageIds[i]. */
  imageIds: Int32Array;
  rows: number;
  cols: number;
  /** rows x cols, row-major. */
  data: Float32Array;
}

// Each statement is a named constant: greppable, and easy to EXPLAIN in a test.
export const UPSERT_EMBEDDINGS_SQL = `
  INSERT INTO embeddings (model_id, image_id, embedding)
  SELECT $1, u.image_id, u.embedding::vector
  FROM unnest($2::int[], $3::text[]) AS u(image_id, embedding)
  ON CONFLICT (model_id, image_id) DO UPDATE SET embedding = EXCLUDED.embedding, created_at = now()`;

const matrixCopySql = (modelId: number, datasetId: number) => `
  COPY (SELECT e.image_id, e.embedding FROM embeddings e JOIN images i ON i.id = e.image_id
        WHERE e.model_id = ${modelId} AND i.dataset_id = ${datasetId} ORDER BY e.image_id)
  TO STDOUT (FORMAT binary)`;

/**
 * Parses PostgreSQL's binary COPY stream of (int4 image_id, vector embedding) tuples.
 * pgvector's binary form is int16 dim, int16 unused, then dim big-endian float4.
 */
export function parseBinaryEmbeddingCopy(buf: Buffer): EmbeddingMatrix {
  invariant(buf.subarray(0, 11).toString('latin1') === 'PGCOPY\n\xff\r\n\0', 'binary COPY signature');
  let o = 11 + 4;
  o += 4 + buf.readInt32BE(11 + 4); // header extension
  const ids: number[] = [];
  const chunks: Float32Array[] = [];
  let cols = -1;
  for (;;) {
    const fields = buf.readInt16BE(o);
    o += 2;
    if (fields === -1) break;
    invariant(fields === 2, 'two columns per tuple');
    o += 4; // int4 length
    ids.push(buf.readInt32BE(o));
    o += 4;
    o += 4; // vector length
    const dim = buf.readUInt16BE(o);
    o += 4; // dim + unused
    if (cols === -1) cols = dim;
    invariant(dim === cols, `all vectors of one model have one dimension (${dim} vs ${cols})`);
    const row = new Float32Array(dim);
    for (let j = 0; j < dim; j++, o += 4) row[j] = buf.readFloatBE(o);
    chunks.push(row);
  }
  const rows = ids.length;
  const data = new Float32Array(rows * Math.max(cols, 0));
  chunks.forEach((row, i) => data.set(row, i * cols));
  return { imageIds: Int32Array.from(ids), rows, cols: Math.max(cols, 0), data };
}

/** Every vector read and write: parameterised SQL, binary reads. */
export function createEmbeddingRepository(pool: pg.Pool) {
  return {
    /** Inserts or replaces vectors in fixed-size chunks, one statement and transaction per chunk. */
    async upsertEmbeddings(modelId: number, imageIds: number[], vectors: Float32Array[]): Promise<void> {
      invariant(imageIds.length === vectors.length, 'one vector per image id');
      for (let start = 0; start < imageIds.length; start += EMBEDDING_WRITE_CHUNK) {
        const ids = imageIds.slice(start, start + EMBEDDING_WRITE_CHUNK);
        const literals = vectors.slice(start, start + EMBEDDING_WRITE_CHUNK).map(toVectorLiteral);
        await pool.query(UPSERT_EMBEDDINGS_SQL, [modelId, ids, literals]);
      }
    },

    /** The (model, dataset) matrix, rows ordered by image id, read with binary COPY (no decimal text). */
    async loadMatrix(modelId: number, datasetId: number): Promise<EmbeddingMatrix> {
      invariant(Number.isInteger(modelId) && Number.isInteger(datasetId), 'integer ids (inlined into COPY)');
      const client = await pool.connect();
      try {
        const chunks: Buffer[] = [];
        for await (const chunk of client.query(copyTo(matrixCopySql(modelId, datasetId)))) chunks.push(chunk as Buffer);
        return parseBinaryEmbeddingCopy(Buffer.concat(chunks));
      } finally {
        client.release();
      }
    },

    async loadVector(modelId: number, imageId: number): Promise<Float32Array | null> {
      const { rows } = await pool.query<{ v: string }>('SELECT embedding::text AS v FROM embeddings WHERE model_id = $1 AND image_id = $2', [modelId, imageId]);
      return rows[0] ? Float32Array.from(JSON.parse(rows[0].v) as number[]) : null;
    },
  };
}

export type EmbeddingRepository = ReturnType<typeof createEmbeddingRepository>;
