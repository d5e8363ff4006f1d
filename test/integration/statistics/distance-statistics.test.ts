import { afterAll, beforeAll, expect, it } from 'vitest';
import { errorCode, gql } from '../../helpers/graphql.js';
import { bruteEnergy, bruteExactPValue } from '../../helpers/statistics-reference.js';
import { forEachStore } from '../../helpers/stores.js';
import {
  type AnalyticsServer,
  EmbeddingWorld,
  newModel,
  startAnalyticsServer,
} from '../analytics/analytics-fixtures.js';

const Q = 5;
const Z = 3;

const ODIST = `query($secondaries: [String!]!, $r: Int, $seed: Int, $bseed: Int) {
  odist(scope: { model: { name: "m" }, primary: "prim", components: ${Z} }, secondaries: $secondaries) {
    secondaries {
      secondary { name } odist scaled
      fit { id projectionsUrl imageIdsUrl }
      energyTest(permutations: $r, seed: $seed) { statistic pValue exceedances permutations exact seed significant(alpha: 0.01) primaryImages secondaryImages method ms }
      odistInterval(level: 0.9, resamples: 300, seed: $bseed) { low high level method resamples seed undefinedResamples interval { low high level method } }
      scaledInterval(level: 0.9, resamples: 300, seed: $bseed) { low high level resamples seed }
    }
  }
}`;
const ODIST_TEST_ONLY = `query($secondaries: [String!]!, $r: Int) {
  odist(scope: { model: { name: "m" }, primary: "prim", components: ${Z} }, secondaries: $secondaries) { secondaries { energyTest(permutations: $r) { pValue } } }
}`;
const IDIST = `query($secondary: String!, $max: Float, $reduce: IdistReduce) {
  idist(scope: { model: { name: "m" }, primary: "prim", components: ${Z} }, secondary: $secondary, first: 500, maxPValue: $max, reduce: $reduce) {
    totalCount pValuesUrl edges { node { image { id } idist pValue } }
  }
}`;
const FARTHEST = `query($max: Float) {
  farthestImages(scope: { model: { name: "m" }, primary: "prim", components: ${Z} }, secondary: "far", k: 10, maxPValue: $max) { items { image { id } idist pValue } }
}`;
const IMAGE_IDIST = `query($image: ID!) {
  imageIdist(image: $image, scope: { model: { name: "m" }, primary: "prim", components: ${Z} }) { idist pValue projected }
}`;

/** A minimal .npy reader (little-endian, C order): shape and data. */
/** The running server's origin: answers carry relative (signed) download URLs. */
let origin = '';

async function npy(url: string): Promise<{ shape: number[]; data: Buffer }> {
  const bytes = Buffer.from(await (await fetch(new URL(url, origin))).arrayBuffer());
  const headerLength = bytes.readUInt16LE(8);
  const header = bytes.subarray(10, 10 + headerLength).toString('latin1');
  const shape = /'shape': \(([^)]*)\)/
    .exec(header)![1]!
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  return { shape, data: Buffer.from(bytes.subarray(10 + headerLength)) };
}

/** The fit's projected rows by image id, read back from its download. */
async function projections(fit: { projectionsUrl: string; imageIdsUrl: string }): Promise<Map<number, number[]>> {
  const p = await npy(fit.projectionsUrl);
  const ids = await npy(fit.imageIdsUrl);
  const values = new Float64Array(p.data.buffer, p.data.byteOffset, p.data.length / 8);
  const idList = new Int32Array(ids.data.buffer, ids.data.byteOffset, ids.data.length / 4);
  const cols = p.shape[1]!;
  return new Map(Array.from(idList, (id, r) => [id, Array.from(values.subarray(r * cols, (r + 1) * cols))]));
}

const dist = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0));

forEachStore('statistics beside the distances', (store) => {
  let server: AnalyticsServer;
  let world: EmbeddingWorld;
  const q = <T = any>(query: string, variables: Record<string, unknown> = {}) => gql<T>(server.url, query, variables);

  beforeAll(async () => {
    server = await startAnalyticsServer(store(), { PERMUTATION_MAX_IMAGES: '100', ANALYTICS_THREADS: '2' });
    origin = server.url;
    const model = await newModel(server.services, 'm', Q);
    world = new EmbeddingWorld(server.services, model.id, Q);
    await world.add('prim', 40, 0, 1, 1);
    await world.add('near', 30, 0, 1, 2);
    await world.add('far', 30, 2.5, 1, 3);
    await world.add('tiny_p', 5, 0, 1, 4); // a primary of 5 and a secondary of 4: C(9, 4) = 126 splits
    await world.add('tiny_s', 4, 1, 1, 5);
    await world.add('huge', 70, 0, 1, 6); // 40 + 70 > PERMUTATION_MAX_IMAGES = 100
  });
  afterAll(() => server?.close());

  it('answers E and an exact permutation p-value equal to brute force over every split', async () => {
    const body = await q(
      `query { odist(scope: { model: { name: "m" }, primary: "tiny_p", components: ${Z} }, secondaries: ["tiny_s"]) {
        secondaries { fit { projectionsUrl imageIdsUrl } energyTest(permutations: 999, seed: 4) { statistic pValue permutations exact } } } }`,
    );
    expect(body.errors).toBeUndefined();
    const e = body.data.odist.secondaries[0];
    const rows = await projections(e.fit);
    const p = world.datasets.get('tiny_p')!.map((id) => rows.get(id)!);
    const s = world.datasets.get('tiny_s')!.map((id) => rows.get(id)!);
    const brute = bruteExactPValue(p, s);
    expect(e.energyTest.exact).toBe(true);
    expect(e.energyTest.permutations).toBe(126);
    expect(e.energyTest.pValue).toBeCloseTo(brute.pValue, 12);
    expect(e.energyTest.statistic).toBeCloseTo(bruteEnergy(s, p), 10);
  });

  it('beside every ODist: E relates to ODist, p = (b + 1)/(R + 1), intervals contain the estimates', async () => {
    const body = await q(ODIST, { secondaries: ['near', 'far'], r: 499, seed: 7, bseed: 3 });
    expect(body.errors).toBeUndefined();
    const [near, far] = body.data.odist.secondaries;
    for (const e of [near, far]) {
      const rows = await projections(e.fit);
      const p = world.datasets.get('prim')!.map((id) => rows.get(id)!);
      const s = world.datasets.get(e.secondary.name)!.map((id) => rows.get(id)!);
      expect(e.energyTest.statistic).toBeCloseTo(bruteEnergy(s, p), 9);
      // First term of E: 2 mean d(S, P) = 2 ODist / n.
      let cross = 0;
      for (const a of s) for (const b of p) cross += dist(a, b);
      expect(cross / s.length).toBeCloseTo(e.odist, 9);
      expect(e.energyTest).toMatchObject({
        permutations: 499,
        exact: false,
        seed: 7,
        primaryImages: 40,
        secondaryImages: 30,
      });
      expect(e.energyTest.pValue).toBeCloseTo((e.energyTest.exceedances + 1) / 500, 14);
      expect(e.odistInterval).toMatchObject({
        level: 0.9,
        method: 'percentile-bootstrap',
        resamples: 300,
        seed: 3,
        undefinedResamples: 0,
      });
      expect(e.odistInterval.interval).toEqual({
        low: e.odistInterval.low,
        high: e.odistInterval.high,
        level: 0.9,
        method: 'percentile-bootstrap',
      });
      expect(e.odistInterval.low).toBeLessThan(e.odist);
      expect(e.odistInterval.high).toBeGreaterThan(e.odist);
      expect(e.scaledInterval.low).toBeLessThan(e.scaled);
      expect(e.scaledInterval.high).toBeGreaterThan(e.scaled);
    }
    expect(far.energyTest.pValue).toBe(1 / 500); // shifted by 2.5 sd: no split is as extreme
    expect(far.energyTest.significant).toBe(true);
    expect(near.energyTest.pValue).toBeGreaterThan(0.01); // drawn from the primary's distribution
    // Reproducible by seed (from the cache or recomputed, the same numbers); another seed moves the interval.
    const again = await q(ODIST, { secondaries: ['near', 'far'], r: 499, seed: 7, bseed: 3 });
    expect(again.data.odist.secondaries[0].energyTest.pValue).toBe(near.energyTest.pValue);
    expect(again.data.odist.secondaries[0].odistInterval.low).toBe(near.odistInterval.low);
    const other = await q(ODIST, { secondaries: ['near', 'far'], r: 499, seed: 8, bseed: 4 });
    expect(other.data.odist.secondaries[0].odistInterval.low).not.toBe(near.odistInterval.low);
  });

  it('refuses a test whose distance matrix is above PERMUTATION_MAX_IMAGES, and bad arguments', async () => {
    const big = await q(ODIST_TEST_ONLY, { secondaries: ['huge'], r: 99 });
    expect(errorCode(big)).toBe('LIMIT_EXCEEDED');
    expect(big.errors![0]!.message).toMatch(/110 x 110 distance matrix.*PERMUTATION_MAX_IMAGES/);
    expect(errorCode(await q(ODIST_TEST_ONLY, { secondaries: ['near'], r: 0 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await q(ODIST_TEST_ONLY, { secondaries: ['near'], r: 10_000_000 }))).toBe('LIMIT_EXCEEDED');
    const badLevel = await q(
      `query { odist(scope: { model: { name: "m" }, primary: "prim", components: ${Z} }, secondaries: ["near"]) { secondaries { odistInterval(level: 1.5) { low } } } }`,
    );
    expect(errorCode(badLevel)).toBe('BAD_USER_INPUT');
    expect(errorCode(await q(IDIST, { secondary: 'far', max: 0 }))).toBe('BAD_USER_INPUT');
  });

  it('gives each IDist its conformal p-value against the primary LOO IDists, filterable', async () => {
    const body = await q(IDIST, { secondary: 'far' });
    expect(body.errors).toBeUndefined();
    const odist = await q(
      `query { odist(scope: { model: { name: "m" }, primary: "prim", components: ${Z} }, secondaries: ["far"]) { secondaries { fit { projectionsUrl imageIdsUrl } } } }`,
    );
    const rows = await projections(odist.data.odist.secondaries[0].fit);
    const p = world.datasets.get('prim')!.map((id) => rows.get(id)!);
    const n = p.length;
    const loo = p.map((a, i) => p.reduce((s, b, k) => (k === i ? s : s + dist(a, b)), 0) / (n - 1));
    for (const e of body.data.idist.edges) {
      const point = rows.get(Number(e.node.image.id))!;
      const score = p.reduce((s, b) => s + dist(point, b), 0) / n;
      expect(score * n).toBeCloseTo(e.node.idist, 9);
      const count = loo.filter((v) => v >= score).length;
      expect(e.node.pValue).toBeCloseTo((1 + count) / (n + 1), 14);
    }
    // The .npy download holds the same p-values, by ascending image id.
    const file = await npy(body.data.idist.pValuesUrl);
    const fromFile = new Float64Array(file.data.buffer, file.data.byteOffset, file.data.length / 8);
    const byId = new Map(body.data.idist.edges.map((e: any) => [Number(e.node.image.id), e.node.pValue]));
    expect(Array.from(fromFile)).toEqual(world.datasets.get('far')!.map((id) => byId.get(id)));
    // Farthest first is smallest p first.
    const ps = body.data.idist.edges.map((e: any) => e.node.pValue);
    expect([...ps].sort((a, b) => a - b)).toEqual(ps);
    const alpha = 0.05;
    const filtered = await q(IDIST, { secondary: 'far', max: alpha });
    const expected = ps.filter((v: number) => v <= alpha).length;
    expect(expected).toBeGreaterThan(0);
    expect(filtered.data.idist.totalCount).toBe(expected);
    expect(filtered.data.idist.edges.every((e: any) => e.node.pValue <= alpha)).toBe(true);
    // The same p-value with IDist as a mean.
    const mean = await q(IDIST, { secondary: 'far', reduce: 'MEAN' });
    expect(mean.data.idist.edges.map((e: any) => e.node.pValue)).toEqual(ps);
    // farthestImages and imageIdist agree with the edges.
    const far = await q(FARTHEST, { max: alpha });
    expect(far.data.farthestImages.items.map((i: any) => i.pValue)).toEqual(
      ps.filter((v: number) => v <= alpha).slice(0, 10),
    );
    const first = body.data.idist.edges[0].node;
    const one = await q(IMAGE_IDIST, { image: first.image.id });
    expect(one.data.imageIdist.pValue).toBeCloseTo(first.pValue, 14);
  });

  it('scores a new upload against the stored fit (projected), with a p-value', async () => {
    await q(IDIST, { secondary: 'near' }); // the fit of (prim, near) exists
    const [id] = await world.add('near', 1, 6, 0.1, 99); // far from everything
    const one = await q(IMAGE_IDIST, { image: String(id) });
    expect(one.errors).toBeUndefined();
    expect(one.data.imageIdist.projected).toBe(true);
    expect(one.data.imageIdist.pValue).toBeCloseTo(1 / 41, 14);
  });

  it('runs the test off the event loop: health answers while a large test runs', async () => {
    const running = q(ODIST_TEST_ONLY, { secondaries: ['far'], r: 99_999 });
    const started = performance.now();
    const health = await q(`query { health { ok } }`);
    const healthMs = performance.now() - started;
    expect(health.data.health.ok).toBe(true);
    const done = await running;
    expect(done.errors).toBeUndefined();
    expect(done.data.odist.secondaries[0].energyTest.pValue).toBe(1 / 100_000);
    expect(healthMs).toBeLessThan(5000); // generous: the machine is shared
  });
});
