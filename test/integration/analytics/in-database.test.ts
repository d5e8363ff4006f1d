import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimilarityRepository, searchPlan } from '../../../src/analytics/similarity.repository.js';
import { gql } from '../../helpers/graphql.js';
import { forEachStore } from '../../helpers/stores.js';
import { type AnalyticsServer, EmbeddingWorld, newModel, startAnalyticsServer } from './analytics-fixtures.js';
import { closeRel, euclid } from './reference.js';

const IDIST = `query($engine: DistanceEngine, $reduce: IdistReduce) {
  idist(scope: { model: { name: "m" }, primary: "prim", components: 5 }, secondary: "sec", order: ASC, first: 100, engine: $engine, reduce: $reduce) {
    engine odist fit { id componentsUsed } edges { node { image { id } idist scaled } } } }`;
const SIMILAR = `query($image: ID!, $model: String!, $k: Int, $dataset: String) {
  similarImages(image: $image, model: { name: $model }, k: $k, dataset: $dataset) {
    searchedOn reduced index dataset { name } neighbors { image { id } distance rank } } }`;

/** The k nearest embedded images to `id` by brute force over the world's float32 vectors. */
function bruteForce(world: EmbeddingWorld, id: number, k: number, among?: string) {
  const query = Array.from(world.vectors.get(id)!);
  const ids = among ? world.datasets.get(among)! : [...world.vectors.keys()];
  return ids
    .filter((other) => other !== id)
    .map((other) => ({ id: other, d: euclid(query, Array.from(world.vectors.get(other)!)) }))
    .sort((a, b) => a.d - b.d || a.id - b.id)
    .slice(0, k);
}

forEachStore('distances in the database, and similarity search by HNSW', (store) => {
  let server: AnalyticsServer;
  let world: EmbeddingWorld;
  let wide: EmbeddingWorld;
  beforeAll(async () => {
    server = await startAnalyticsServer(store());
    world = new EmbeddingWorld(server.services, (await newModel(server.services, 'm', 32)).id, 32);
    await world.add('prim', 8, 0, 1, 21);
    await world.add('sec', 7, 0.5, 1.3, 22);
    // Above HNSW's 2000-dimension limit for vector: searched through sketches.
    wide = new EmbeddingWorld(server.services, (await newModel(server.services, 'wide', 2100)).id, 2100);
    await wide.add('wprim', 9, 0, 1, 23);
    await wide.add('wsec', 6, 0.2, 1, 24);
  });
  afterAll(() => server?.close());

  describe('IDist by pgvector <-> over the stored projections', () => {
    it('agrees with the in-server float64 path (float32 storage: rel 1e-5)', async () => {
      for (const reduce of ['SUM', 'MEAN']) {
        const inServer = (await gql(server.url, IDIST, { engine: 'SERVER', reduce })).data.idist;
        const inDb = (await gql(server.url, IDIST, { engine: 'DATABASE', reduce })).data.idist;
        expect(inDb.engine).toBe('DATABASE');
        expect(inDb.fit.id).toBe(inServer.fit.id);
        const byId = new Map(inServer.edges.map((e: any) => [e.node.image.id, e.node.idist]));
        expect(inDb.edges).toHaveLength(7);
        expect(inDb.edges.every((e: any) => closeRel(e.node.idist, byId.get(e.node.image.id) as number, 1e-5))).toBe(
          true,
        );
        expect(closeRel(inDb.odist, inServer.odist, 1e-5)).toBe(true);
      }
      const { rows } = await server.store.pool.query(
        'SELECT count(*)::int AS n, min(vector_dims(projection)) AS z FROM analytics_projections',
      );
      expect(rows[0]).toEqual({ n: 15, z: 5 }); // one vector(z) per fitted image
    });
  });

  describe('similarImages', () => {
    it("builds a model's partial HNSW index on request, idempotently", async () => {
      const indexes = async () =>
        (
          await server.store.pool.query(`SELECT indexname FROM pg_indexes WHERE indexname LIKE 'embeddings_hnsw_%'`)
        ).rows.map((r) => r.indexname);
      expect(await indexes()).toEqual([]);
      await server.services.analytics.prepareSimilarity(world.modelId);
      await server.services.analytics.prepareSimilarity(world.modelId);
      expect(await indexes()).toEqual([`embeddings_hnsw_m${world.modelId}_d32`]);
    });

    it("finds the k nearest images in the raw embedding space through the model's HNSW index", async () => {
      const id = world.datasets.get('prim')![0]!;
      const answer = (await gql(server.url, SIMILAR, { image: String(id), model: 'm', k: 4 })).data.similarImages;
      expect(answer).toMatchObject({
        searchedOn: 'embedding::vector(32)',
        reduced: false,
        index: `embeddings_hnsw_m${world.modelId}_d32`,
        dataset: null,
      });
      const expected = bruteForce(world, id, 4);
      expect(answer.neighbors.map((n: any) => Number(n.image.id))).toEqual(expected.map((e) => e.id));
      expect(answer.neighbors.every((n: any, i: number) => closeRel(n.distance, expected[i]!.d, 1e-5))).toBe(true);
      expect(answer.neighbors.map((n: any) => n.rank)).toEqual([1, 2, 3, 4]);
      const inSec = (await gql(server.url, SIMILAR, { image: String(id), model: 'm', k: 3, dataset: 'sec' })).data
        .similarImages;
      expect(inSec.dataset).toEqual({ name: 'sec' });
      expect(inSec.neighbors.map((n: any) => Number(n.image.id))).toEqual(
        bruteForce(world, id, 3, 'sec').map((e) => e.id),
      );
    });

    it('is planned as an HNSW index scan (EXPLAIN), with and without a dataset filter', async () => {
      const repo = createSimilarityRepository(server.store.pool, server.services.embeddingRepository);
      const plan = searchPlan(world.modelId, 32);
      const query = world.vectors.get(world.datasets.get('prim')![1]!)!;
      // With 15 rows a scan plus sort is cheaper, so both are switched off to see the index path.
      const all = await repo.explain(plan, query, null, 4, { forceIndexOrder: true });
      expect(all).toMatch(new RegExp(`Index Scan using embeddings_hnsw_m${world.modelId}_d32`));
      const secId = (await server.services.datasets.requireDataset('sec')).id;
      expect(await repo.explain(plan, query, secId, 4, { forceIndexOrder: true })).toMatch(
        /Index Scan using embeddings_hnsw_m\d+_d32/,
      );
    });

    it('searches a model above 2000 dimensions through its stored sketches, then re-ranks exactly', async () => {
      const id = wide.datasets.get('wsec')![0]!;
      const answer = (await gql(server.url, SIMILAR, { image: String(id), model: 'wide', k: 5 })).data.similarImages;
      expect(answer).toMatchObject({
        searchedOn: 'sketch vector(1024)',
        reduced: true,
        index: `embedding_sketches_hnsw_m${wide.modelId}`,
      });
      const expected = bruteForce(wide, id, 5);
      expect(answer.neighbors.map((n: any) => Number(n.image.id))).toEqual(expected.map((e) => e.id));
      expect(answer.neighbors.every((n: any, i: number) => closeRel(n.distance, expected[i]!.d, 1e-5))).toBe(true);
      const { rows } = await server.store.pool.query(
        'SELECT count(*)::int AS n FROM embedding_sketches WHERE model_id = $1',
        [wide.modelId],
      );
      expect(rows[0].n).toBe(15); // written with the embeddings
      const repo = createSimilarityRepository(server.store.pool, server.services.embeddingRepository);
      const plan = await repo.explain(searchPlan(wide.modelId, 2100), wide.vectors.get(id)!, null, 5, {
        forceIndexOrder: true,
      });
      expect(plan).toMatch(new RegExp(`Index Scan using embedding_sketches_hnsw_m${wide.modelId}`));
    });
  });
});
