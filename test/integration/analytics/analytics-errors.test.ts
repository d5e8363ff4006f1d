import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, gql } from '../../helpers/graphql.js';
import { forEachStore } from '../../helpers/stores.js';
import {
  addImages,
  type AnalyticsServer,
  EmbeddingWorld,
  newModel,
  startAnalyticsServer,
} from './analytics-fixtures.js';

const ODIST = `query($model: String!, $secondaries: [String!]!, $components: Int, $primary: String!) {
  odist(scope: { model: { name: $model }, primary: $primary, components: $components }, secondaries: $secondaries) { secondaries { odist } } }`;
const STABILITY = `query($secondaries: [String!]!) { pcStability(model: { name: "m" }, primary: "prim", secondaries: $secondaries) { rows { componentsRequested } } }`;
const FARTHEST = `query($k: Int) { farthestImages(scope: { model: { name: "m" }, primary: "prim" }, secondary: "sec", k: $k) { items { idist } } }`;
const SIMILAR = `query($image: ID!, $k: Int, $model: String!) { similarImages(image: $image, model: { name: $model }, k: $k) { neighbors { distance } } }`;
const IDIST = `query($first: Int, $after: String) { idist(scope: { model: { name: "m" }, primary: "prim" }, secondary: "sec", first: $first, after: $after) { totalCount } }`;
const IMAGE_IDIST = `query($image: ID!) { imageIdist(image: $image, scope: { model: { name: "m" }, primary: "prim" }) { idist } }`;

forEachStore('analytics errors: typed, and they change nothing', (store) => {
  let server: AnalyticsServer;
  let world: EmbeddingWorld;
  let unembedded: number;
  /** Everything a refused request must leave as it was. */
  const snapshot = async () => {
    const { rows } = await server.store.pool.query(
      `SELECT (SELECT count(*)::int FROM analytics_fits) AS fits, (SELECT count(*)::int FROM analytics_projections) AS projections,
              (SELECT count(*)::int FROM pg_indexes WHERE indexname LIKE '%hnsw%') AS indexes`,
    );
    return { ...rows[0], performed: server.services.analytics.stats().fitsPerformed };
  };
  beforeAll(async () => {
    server = await startAnalyticsServer(store(), { MAX_PAIRS: '300', MAX_K: '20', MAX_COMPONENTS: '30' });
    world = new EmbeddingWorld(server.services, (await newModel(server.services, 'm', 16)).id, 16);
    await world.add('prim', 7, 0, 1, 31);
    await world.add('sec', 6, 0.5, 1, 32);
    await world.add('sec2', 5, 1, 1, 33);
    await addImages(server.services, 'bare', 3);
    [unembedded] = await addImages(server.services, 'sec', 1);
    await newModel(server.services, 'empty', 16);
  });
  afterAll(() => server?.close());

  const cases: [string, string, () => Record<string, unknown>, string, RegExp][] = [
    [
      'a dataset without embeddings',
      ODIST,
      () => ({ model: 'm', primary: 'prim', secondaries: ['bare'] }),
      'EMBEDDINGS_MISSING',
      /Model "m" v1 has no embeddings for dataset "bare" \(none of its 3 images.*extractEmbeddings\(model: \{ name: "m", version: 1 \}, dataset: "bare"\)/,
    ],
    [
      'a model without embeddings',
      ODIST,
      () => ({ model: 'empty', primary: 'prim', secondaries: ['sec'] }),
      'EMBEDDINGS_MISSING',
      /"empty" v1 has no embeddings for dataset "prim"/,
    ],
    [
      'an image without an embedding',
      IMAGE_IDIST,
      () => ({ image: String(unembedded) }),
      'EMBEDDINGS_MISSING',
      /has no embedding for model "m" v1/,
    ],
    [
      'z above MAX_COMPONENTS',
      ODIST,
      () => ({ model: 'm', primary: 'prim', secondaries: ['sec'], components: 31 }),
      'LIMIT_EXCEEDED',
      /components = 31 exceeds the limit of 30/,
    ],
    [
      'n·m·|z| above MAX_PAIRS',
      STABILITY,
      () => ({ secondaries: ['sec', 'sec2'] }),
      'LIMIT_EXCEEDED',
      /needs 385 image pairs, above the limit of 300/,
    ],
    ['k above MAX_K', FARTHEST, () => ({ k: 21 }), 'LIMIT_EXCEEDED', /k = 21 exceeds the limit of 20/],
    [
      'k above MAX_K (similarImages)',
      SIMILAR,
      () => ({ image: String(world.datasets.get('prim')![0]), k: 21, model: 'm' }),
      'LIMIT_EXCEEDED',
      /k = 21/,
    ],
    ['first above MAX_PAGE', IDIST, () => ({ first: 501 }), 'LIMIT_EXCEEDED', /first = 501/],
    [
      'z = 0',
      ODIST,
      () => ({ model: 'm', primary: 'prim', secondaries: ['sec'], components: 0 }),
      'BAD_USER_INPUT',
      /components must be an integer >= 1/,
    ],
    [
      'the primary as a secondary',
      ODIST,
      () => ({ model: 'm', primary: 'prim', secondaries: ['prim'] }),
      'BAD_USER_INPUT',
      /is the primary/,
    ],
    ['a bad cursor', IDIST, () => ({ first: 2, after: 'nonsense' }), 'BAD_USER_INPUT', /Invalid cursor/],
    [
      'an unknown model',
      ODIST,
      () => ({ model: 'nope', primary: 'prim', secondaries: ['sec'] }),
      'NOT_FOUND',
      /No model named nope/,
    ],
    [
      'an unknown dataset',
      ODIST,
      () => ({ model: 'm', primary: 'prim', secondaries: ['nope'] }),
      'NOT_FOUND',
      /No dataset named "nope"/,
    ],
    [
      'an unknown image',
      SIMILAR,
      () => ({ image: '999999', k: 3, model: 'm' }),
      'NOT_FOUND',
      /No image with id 999999/,
    ],
  ];

  describe('refused requests', () => {
    it.each(cases)('%s', async (_title, query, variables, code, message) => {
      const before = await snapshot();
      const body = await gql(server.url, query, variables());
      expect(errorCode(body)).toBe(code);
      expect(body.errors![0]!.message).toMatch(message);
      expect(body.data ?? null).toBeNull();
      expect(await snapshot()).toEqual(before);
    });

    it('says which extraction is missing in the error extensions', async () => {
      const body = await gql(server.url, ODIST, { model: 'm', primary: 'prim', secondaries: ['bare'] });
      expect(body.errors![0]!.extensions).toMatchObject({
        code: 'EMBEDDINGS_MISSING',
        model: 'm',
        modelVersion: 1,
        dataset: 'bare',
        images: 3,
        embedded: 0,
      });
    });

    it('refuses a cursor of a replaced fit', async () => {
      const page = (
        await gql(
          server.url,
          `query { idist(scope: { model: { name: "m" }, primary: "prim" }, secondary: "sec", first: 2) { pageInfo { endCursor } } }`,
        )
      ).data.idist;
      await world.add('sec', 1, 0.5, 1, 34);
      const body = await gql(server.url, IDIST, { first: 2, after: page.pageInfo.endCursor });
      expect(errorCode(body)).toBe('BAD_USER_INPUT');
      expect(body.errors![0]!.message).toMatch(/was replaced by fit \d+ after the datasets changed/);
    });
  });

  describe('downloads', () => {
    it('answers 404 for an unknown fit and 400 for a bad parameter', async () => {
      const missing = await fetch(`${server.url}/analytics/fits/987654/distances.npy?secondary=1`);
      expect(missing.status).toBe(404);
      expect((await missing.json()).error.code).toBe('NOT_FOUND');
      const { rows } = await server.store.pool.query('SELECT id FROM analytics_fits LIMIT 1');
      const bad = await fetch(`${server.url}/analytics/fits/${rows[0].id}/idist.npy?secondary=x`);
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.code).toBe('BAD_USER_INPUT');
    });
  });
});
