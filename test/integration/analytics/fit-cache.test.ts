import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../../helpers/graphql.js';
import { forEachStore } from '../../helpers/stores.js';
import {
  addImages,
  type AnalyticsServer,
  EmbeddingWorld,
  newModel,
  startAnalyticsServer,
  syntheticVectors,
} from './analytics-fixtures.js';
import { closeRel, euclid, referencePca, referenceProject } from './reference.js';

const FIT = 'fit { id createdAt reused fingerprint fittedOn { dataset { name } rows imagesWithoutEmbedding } }';
const ODIST = `query($components: Int) { odist(scope: { model: { name: "m" }, primary: "prim", components: $components }, secondaries: ["sec"]) {
  secondaries { odist ${FIT} } } }`;
const OTHERS = `query { idist(scope: { model: { name: "m" }, primary: "prim", components: 4 }, secondary: "sec") { totalCount fit { id reused } }
  distanceMatrix(scope: { model: { name: "m" }, primary: "prim", components: 4 }, secondary: "sec") { totalRows fit { id reused } }
  farthestImages(scope: { model: { name: "m" }, primary: "prim", components: 4 }, secondary: "sec", k: 2) { fit { id reused } } }`;
const IMAGE_IDIST = `query($image: ID!) { imageIdist(image: $image, scope: { model: { name: "m" }, primary: "prim", components: 4 }) { idist scaled projected fit { id reused } } }`;
const NEAREST = `query($image: ID!) { nearestPrimaryImages(image: $image, scope: { model: { name: "m" }, primary: "prim", components: 4 }, k: 3) {
  projected fit { id } neighbors { image { id } distance rank } } }`;

forEachStore('fit cache', (store) => {
  let server: AnalyticsServer;
  let world: EmbeddingWorld;
  const fits = () => server.services.analytics.stats().fitsPerformed;
  const odist = async () => {
    const body = await gql(server.url, ODIST, { components: 4 });
    expect(body.errors).toBeUndefined();
    return body.data.odist.secondaries[0];
  };
  beforeAll(async () => {
    server = await startAnalyticsServer(store());
    world = new EmbeddingWorld(server.services, (await newModel(server.services, 'm', 24)).id, 24);
    await world.add('prim', 6, 0, 1, 11);
    await world.add('sec', 5, 0.7, 1.2, 12);
  });
  afterAll(() => server?.close());

  describe('reuse', () => {
    it('answers a second identical query from the stored fit, with no linear algebra', async () => {
      const before = fits();
      const first = await odist();
      expect(first.fit.reused).toBe(false);
      expect(fits()).toBe(before + 1);
      const second = await odist();
      expect(second.fit).toMatchObject({
        id: first.fit.id,
        createdAt: first.fit.createdAt,
        fingerprint: first.fit.fingerprint,
        reused: true,
      });
      expect(second.odist).toBe(first.odist); // bit for bit: both come from the stored float64 scores
      const others = (await gql(server.url, OTHERS)).data;
      for (const answer of [others.idist, others.distanceMatrix, others.farthestImages])
        expect(answer.fit).toEqual({ id: first.fit.id, reused: true });
      expect(fits()).toBe(before + 1);
    });

    it('keeps the fit when an image without an embedding is added, and reports it', async () => {
      const before = await odist();
      await addImages(server.services, 'sec', 1);
      const after = await odist();
      expect(after.fit).toMatchObject({ id: before.fit.id, reused: true });
      expect(after.fit.fittedOn[1]).toEqual({ dataset: { name: 'sec' }, rows: 5, imagesWithoutEmbedding: 1 });
    });
  });

  describe('invalidation', () => {
    it('refits when an image with an embedding is added to the secondary', async () => {
      const before = await odist();
      const count = fits();
      await world.add('sec', 1, 0.7, 1.2, 13);
      const after = await odist();
      expect(after.fit.reused).toBe(false);
      expect(after.fit.id).not.toBe(before.fit.id);
      expect(after.fit.fingerprint).not.toBe(before.fit.fingerprint);
      expect(after.fit.fittedOn[1].rows).toBe(6);
      expect(fits()).toBe(count + 1);
      expect((await odist()).fit).toMatchObject({ id: after.fit.id, reused: true });
    });

    it('refits when an embedding is re-upserted (re-extracted), even with identical values', async () => {
      const before = await odist();
      const id = world.datasets.get('prim')![2]!;
      await server.services.embeddingRepository.upsertEmbeddings(world.modelId, [id], [world.vectors.get(id)!]);
      const after = await odist();
      expect(after.fit.reused).toBe(false);
      expect(after.fit.id).not.toBe(before.fit.id);
      expect(after.odist).toBeCloseTo(before.odist, 9);
      const old = await fetch(`${server.url}/analytics/fits/${before.fit.id}/projections.npy`);
      expect(old.status).toBe(404); // a replaced fit is gone, with its downloads
    });
  });

  describe('embeddings kept from the last fit', () => {
    const odistAt = async (components: number) => {
      const body = await gql(server.url, ODIST, { components });
      expect(body.errors).toBeUndefined();
      return body.data.odist.secondaries[0];
    };
    const expected = (z: number) => {
      const p = world.rows('prim');
      const fit = referencePca([...p, ...world.rows('sec')], z);
      const pScores = fit.scores.slice(0, p.length);
      const idist = fit.scores.slice(p.length).map((s) => pScores.reduce((a, q) => a + euclid(s, q), 0));
      return idist.reduce((a, b) => a + b, 0) / idist.length;
    };

    it('fits the same embeddings again (another z) from memory, with the same numbers as from the store', async () => {
      await odistAt(4); // the last fit of these embeddings, whatever earlier tests left
      const { fitsPerformed, loadsReused } = server.services.analytics.stats();
      const three = await odistAt(3);
      expect(three.fit.reused).toBe(false);
      expect(server.services.analytics.stats()).toEqual({
        fitsPerformed: fitsPerformed + 1,
        loadsReused: loadsReused + 1,
      });
      expect(closeRel(three.odist, expected(3), 1e-9)).toBe(true);
    });

    it('loads from the store again once an embedding changed, and fits the new values', async () => {
      await odistAt(2);
      const id = world.datasets.get('prim')![1]!;
      const changed = world.vectors.get(id)!.map((v, i) => v + (i % 3) - 1);
      await server.services.embeddingRepository.upsertEmbeddings(world.modelId, [id], [changed]);
      world.vectors.set(id, changed);
      const { loadsReused } = server.services.analytics.stats();
      const after = await odistAt(2);
      expect(after.fit.reused).toBe(false);
      expect(server.services.analytics.stats().loadsReused).toBe(loadsReused);
      expect(closeRel(after.odist, expected(2), 1e-9)).toBe(true);
    });
  });

  describe('new images', () => {
    it('projects an image added after the fit with the stored fit, without a refit, and says which fit', async () => {
      const fitted = await odist();
      const oldPrim = world.rows('prim');
      const oldSec = world.rows('sec');
      const [newId] = await addImages(server.services, 'sec', 1);
      const [vector] = syntheticVectors(1, 24, 2, 1, 14);
      await server.services.embeddingRepository.upsertEmbeddings(world.modelId, [newId!], [vector!]);
      const count = fits();
      const answer = (await gql(server.url, IMAGE_IDIST, { image: String(newId) })).data.imageIdist;
      expect(answer.projected).toBe(true);
      expect(answer.fit).toEqual({ id: fitted.fit.id, reused: true });
      const ref = referencePca([...oldPrim, ...oldSec], 4);
      const point = referenceProject(ref, Array.from(vector!));
      const pScores = ref.scores.slice(0, oldPrim.length);
      const expected = pScores.reduce((s, p) => s + euclid(point, p), 0);
      expect(closeRel(answer.idist, expected)).toBe(true);
      // Scaled against the fitted secondary images' IDists (may leave [0, 1] for a new image).
      const peers = ref.scores.slice(oldPrim.length).map((s) => pScores.reduce((a, p) => a + euclid(s, p), 0));
      const [min, max] = [Math.min(...peers), Math.max(...peers)];
      expect(closeRel(answer.scaled, (expected - min) / (max - min))).toBe(true);
      const nearest = (await gql(server.url, NEAREST, { image: String(newId) })).data.nearestPrimaryImages;
      expect(nearest).toMatchObject({ projected: true, fit: { id: fitted.fit.id } });
      const order = pScores
        .map((p, k) => ({ id: world.datasets.get('prim')![k]!, d: euclid(point, p) }))
        .sort((a, b) => a.d - b.d);
      expect(nearest.neighbors.map((n: any) => Number(n.image.id))).toEqual(order.slice(0, 3).map((o) => o.id));
      expect(nearest.neighbors.every((n: any, i: number) => closeRel(n.distance, order[i]!.d))).toBe(true);
      expect(fits()).toBe(count);
      // The next dataset-level query refits on the grown set; the image is then one of the fit's rows.
      const refit = await odist();
      expect(refit.fit.reused).toBe(false);
      const again = (await gql(server.url, IMAGE_IDIST, { image: String(newId) })).data.imageIdist;
      expect(again).toMatchObject({ projected: false, fit: { id: refit.fit.id } });
    });

    it('measures an image of the primary in a fit of the primary alone, leaving itself out of its neighbours', async () => {
      const id = world.datasets.get('prim')![0]!;
      const nearest = (await gql(server.url, NEAREST, { image: String(id) })).data.nearestPrimaryImages;
      expect(nearest.projected).toBe(false);
      expect(nearest.neighbors.map((n: any) => Number(n.image.id))).not.toContain(id);
      const ref = referencePca(world.rows('prim'), 4);
      const k = world.datasets.get('prim')!.indexOf(id);
      const dists = ref.scores
        .map((s, j) => ({ id: world.datasets.get('prim')![j]!, d: euclid(ref.scores[k]!, s) }))
        .filter((x) => x.id !== id)
        .sort((a, b) => a.d - b.d);
      expect(nearest.neighbors.map((n: any) => Number(n.image.id))).toEqual(dists.slice(0, 3).map((x) => x.id));
    });
  });
});
