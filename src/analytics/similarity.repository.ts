import type pg from 'pg';
import { inTransaction } from '../db/pool.js';
import { decodeVector, encodeVector } from '../db/vector-binary.js';
import { invariant } from '../errors.js';
import { type EmbeddingRepository, HNSW_MAX_DIMENSION } from './embedding.repository.js';
import { SKETCH_DIMENSION, sketchVector } from './sketch.js';

/**
 * k-nearest images in a model's raw embedding space, through pgvector HNSW indexes.
 *
 * `embeddings.embedding` has no fixed dimension (models differ), and HNSW needs one, so each
 * model gets a partial expression index `((embedding::vector(D))) WHERE model_id = X`, created
 * on first use. Models above HNSW's 2000-dimension limit are searched through their stored
 * 1024-dimension sketches (sketch.ts) and the candidates re-ranked by exact distance.
 * The model id and dimension are inlined (checked integers): a partial index is only used when
 * the planner can prove `model_id = X`, which a generic plan with `$1` cannot.
 */

/** How the search for one model runs, stated in answers. */
export interface SearchPlan {
  modelId: number;
  dimension: number;
  /** True when the index is on sketches (dimension > 2000) and results were re-ranked exactly. */
  reduced: boolean;
  indexName: string;
  /** The indexed expression, e.g. `embedding::vector(512)` or `sketch vector(1024)`. */
  searchedOn: string;
}

export interface Neighbour {
  imageId: number;
  distance: number;
}

/** Candidates taken from the sketch index per wanted neighbour, before the exact re-rank. */
const SKETCH_CANDIDATES_PER_RESULT = 4;
const MIN_SKETCH_CANDIDATES = 40;
/** pgvector's range for hnsw.ef_search. */
const MAX_EF_SEARCH = 1000;

export function searchPlan(modelId: number, dimension: number): SearchPlan {
  invariant(
    Number.isInteger(modelId) && Number.isInteger(dimension) && dimension >= 1,
    'integer model id and dimension',
  );
  const reduced = dimension > HNSW_MAX_DIMENSION;
  return reduced
    ? {
        modelId,
        dimension,
        reduced,
        indexName: `embedding_sketches_hnsw_m${modelId}`,
        searchedOn: `sketch vector(${SKETCH_DIMENSION})`,
      }
    : {
        modelId,
        dimension,
        reduced,
        indexName: `embeddings_hnsw_m${modelId}_d${dimension}`,
        searchedOn: `embedding::vector(${dimension})`,
      };
}

function createIndexSql(p: SearchPlan): string {
  return p.reduced
    ? `CREATE INDEX IF NOT EXISTS ${p.indexName} ON embedding_sketches USING hnsw (sketch vector_l2_ops) WHERE model_id = ${p.modelId}`
    : `CREATE INDEX IF NOT EXISTS ${p.indexName} ON embeddings USING hnsw ((embedding::vector(${p.dimension})) vector_l2_ops) WHERE model_id = ${p.modelId}`;
}

/**
 * The nearest-neighbour statement. $1 = query vector (binary), $2 = image to leave out,
 * $3 = dataset id or null (any dataset), $4 = limit.
 */
export function similarSql(p: SearchPlan): string {
  const [table, column, cast] = p.reduced
    ? ['embedding_sketches', 'sketch', `vector(${SKETCH_DIMENSION})`]
    : ['embeddings', `embedding::vector(${p.dimension})`, `vector(${p.dimension})`];
  return `SELECT t.image_id, t.${column} <-> $1::${cast} AS distance
    FROM ${table} t JOIN images i ON i.id = t.image_id
    WHERE t.model_id = ${p.modelId} AND t.image_id <> $2 AND ($3::int4 IS NULL OR i.dataset_id = $3)
    ORDER BY t.${column} <-> $1::${cast}
    LIMIT $4`;
}

export const MISSING_SKETCHES_SQL = `
  SELECT e.image_id, vector_send(e.embedding) AS v FROM embeddings e
  LEFT JOIN embedding_sketches s ON s.model_id = e.model_id AND s.image_id = e.image_id
  WHERE e.model_id = $1 AND s.image_id IS NULL`;
export const EXACT_DISTANCES_SQL = `
  SELECT image_id, embedding <-> $2::vector AS distance FROM embeddings WHERE model_id = $1 AND image_id = ANY($3::int4[])`;

export function createSimilarityRepository(pool: pg.Pool, embeddings: Pick<EmbeddingRepository, 'upsertSketches'>) {
  const ensured = new Set<string>();

  /** Runs `fn` in a transaction with ANN settings that apply to it alone (SET LOCAL). */
  async function withSearchSettings<T>(efSearch: number, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(pool, async (client) => {
      await client.query(`SET LOCAL hnsw.ef_search = ${Math.min(MAX_EF_SEARCH, Math.max(40, efSearch))}`);
      // With a dataset filter or the query image left out, a plain scan could stop short of k.
      await client.query(`SET LOCAL hnsw.iterative_scan = strict_order`);
      return fn(client);
    });
  }

  return {
    /**
     * Creates the model's HNSW index if it does not exist (idempotent; concurrent callers
     * serialise on an advisory lock), after writing any missing sketches for wide models.
     */
    async ensureIndex(p: SearchPlan): Promise<void> {
      if (ensured.has(p.indexName)) return;
      if (p.reduced) {
        const { rows } = await pool.query<{ image_id: number; v: Buffer }>(MISSING_SKETCHES_SQL, [p.modelId]);
        if (rows.length)
          await embeddings.upsertSketches(
            p.modelId,
            rows.map((r) => r.image_id),
            rows.map((r) => decodeVector(r.v)),
          );
      }
      await inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [p.indexName]);
        await client.query(createIndexSql(p));
      });
      ensured.add(p.indexName);
    },

    /** The k nearest images to `query` (exact distances; order by distance then image id). */
    async nearest(
      p: SearchPlan,
      query: Float32Array,
      excludeImageId: number,
      datasetId: number | null,
      k: number,
    ): Promise<Neighbour[]> {
      const limit = p.reduced ? Math.max(MIN_SKETCH_CANDIDATES, k * SKETCH_CANDIDATES_PER_RESULT) : k;
      const probe = encodeVector(p.reduced ? sketchVector(query) : query);
      const found = await withSearchSettings(2 * limit, (c) =>
        c.query<{ image_id: number; distance: number }>(similarSql(p), [probe, excludeImageId, datasetId, limit]),
      );
      let rows = found.rows;
      if (p.reduced && rows.length) {
        const exact = await pool.query<{ image_id: number; distance: number }>(EXACT_DISTANCES_SQL, [
          p.modelId,
          encodeVector(query),
          rows.map((r) => r.image_id),
        ]);
        rows = exact.rows;
      }
      return rows
        .map((r) => ({ imageId: r.image_id, distance: r.distance }))
        .sort((a, b) => a.distance - b.distance || a.imageId - b.imageId)
        .slice(0, k);
    },

    /**
     * EXPLAIN of the search statement as the service runs it (tests check the index is used).
     * `forceIndexOrder` switches off sequential scans and sorts for this transaction: on a handful
     * of rows, reading them all and sorting is cheaper, and the planner rightly prefers it.
     */
    async explain(
      p: SearchPlan,
      query: Float32Array,
      datasetId: number | null,
      k: number,
      options: { forceIndexOrder: boolean },
    ): Promise<string> {
      const probe = encodeVector(p.reduced ? sketchVector(query) : query);
      return withSearchSettings(2 * k, async (c) => {
        if (options.forceIndexOrder) await c.query('SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off');
        const { rows } = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${similarSql(p)}`, [probe, 0, datasetId, k]);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    },
  };
}

export type SimilarityRepository = ReturnType<typeof createSimilarityRepository>;
