import { afterAll, beforeAll, expect, it } from 'vitest';
import { idist } from '../../src/math/dist.js';
import { pairwiseL2 } from '../../src/math/distances.js';
import { pairRowSums } from '../../src/math/pair-sums.js';
import { runCli } from '../helpers/cli.js';
import { errorCode, gql } from '../helpers/graphql.js';
import { forEachStore } from '../helpers/stores.js';
import {
  type AnalyticsServer,
  EmbeddingWorld,
  newModel,
  startAnalyticsServer,
} from '../integration/analytics/analytics-fixtures.js';
import { closeRel, euclid, referencePca } from '../integration/analytics/reference.js';

const N = 200; // primary images
const M = 150; // secondary images
const Q = 16;
const Z = 5;
// Above SYNC_MAX_PAIRS (n * m = 30,000), and two image rows per chunk: 175 chunks, seconds of work.
const ENV = {
  SYNC_MAX_PAIRS: '10000',
  DISTANCE_CHUNK_PAIRS: String(2 * N),
  ANALYTICS_THREADS: '1',
  JOB_EXPIRE_SECONDS: '3',
  JOB_MAINTENANCE_SECONDS: '1',
  JOB_POLL_SECONDS: '1',
};
const CHUNKS = (N + M) / 2;
const ARGS = `scope: { model: { name: "m" }, primary: "prim", components: ${Z} }, secondaries: ["sec"]`;
const JOB = `query($id: ID!) { job(id: $id) { id kind state done total model { name }
  distances { primary { name } secondaries { name } components fitId pairs pairsPerChunk } } }`;
const ODIST = `query($estimate: EstimateInput) { odist(${ARGS}, estimate: $estimate) {
  secondaries { odist baseline estimated samples interval { low high level method } fit { id projectionsUrl } } } }`;
const IDIST = `query($estimate: EstimateInput) { idist(scope: { model: { name: "m" }, primary: "prim", components: ${Z} }, secondary: "sec",
  first: 500, order: ASC, estimate: $estimate) { estimated odist odistInterval { low high level } samples
  edges { node { image { id } idist interval { low high level method } } } } }`;
const FARTHEST = `{ farthestImages(scope: { model: { name: "m" }, primary: "prim", components: ${Z} }, secondary: "sec", k: 3) { items { image { id } idist } } }`;

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 180_000) {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** A float64 .npy (little-endian, C order) as numbers. */
async function readNpy(url: string, base: string): Promise<Float64Array> {
  // Answers carry relative signed URLs: resolved against the server's address.
  const bytes = Buffer.from(await (await fetch(new URL(url, base))).arrayBuffer());
  const headerLength = bytes.readUInt16LE(8);
  const body = bytes.subarray(10 + headerLength);
  return new Float64Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
}

forEachStore('distance jobs', (store) => {
  let server: AnalyticsServer;
  let world: EmbeddingWorld;

  beforeAll(async () => {
    // This server does not work on jobs itself: the test's worker processes do.
    server = await startAnalyticsServer(store(), { ...ENV, RUN_WORKER: 'false' });
    world = new EmbeddingWorld(server.services, (await newModel(server.services, 'm', Q)).id, Q);
    await world.add('prim', N, 0, 1, 41);
    await world.add('sec', M, 0.7, 1.3, 42);
  }, 120_000);
  afterAll(() => server?.close());

  it('above SYNC_MAX_PAIRS, odist names the mutation; an estimate answers with intervals', async () => {
    const refused = await gql(server.url, ODIST, {});
    expect(errorCode(refused)).toBe('DISTANCE_JOB_REQUIRED');
    expect(refused.errors![0]!.message).toMatch(
      /needs 70000 image pairs.*SYNC_MAX_PAIRS.*computeDistances\(scope: \{ model: \{ name: "m", version: 1 \}, primary: "prim", components: 5 \}, secondaries: \["sec"\], fitOn: PAIR\)/,
    );
    expect(errorCode(await gql(server.url, FARTHEST))).toBe('DISTANCE_JOB_REQUIRED');

    const est = await gql(server.url, ODIST, { estimate: { samples: 40, seed: 3 } });
    expect(est.errors).toBeUndefined();
    const entry = est.data.odist.secondaries[0];
    expect(entry).toMatchObject({ estimated: true, samples: 40, interval: { level: 0.95 } });
    expect(entry.interval.method).toMatch(/^t \(39 df\).*40 of 200.*finite-population/);
    expect(entry.interval.low).toBeLessThan(entry.odist);
    expect(entry.interval.high).toBeGreaterThan(entry.odist);

    const page = await gql(server.url, IDIST, { estimate: { samples: 40, confidence: 0.9, seed: 3 } });
    expect(page.errors).toBeUndefined();
    expect(page.data.idist).toMatchObject({ estimated: true, samples: 40, odistInterval: { level: 0.9 } });
    expect(page.data.idist.edges).toHaveLength(M);
    for (const e of page.data.idist.edges) {
      expect(e.node.interval.level).toBe(0.9);
      expect(e.node.interval.low).toBeLessThanOrEqual(e.node.idist);
      expect(e.node.interval.high).toBeGreaterThanOrEqual(e.node.idist);
    }
    // The same seed gives the same sample: the answers agree with each other.
    expect(page.data.idist.odist).toBeCloseTo(entry.odist, 9);
    expect(errorCode(await gql(server.url, ODIST, { estimate: { samples: 3 } }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(server.url, ODIST, { estimate: { samples: 40, confidence: 1.5 } }))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('a worker killed mid-job leaves chunks that another finishes; results equal the synchronous exact path', async () => {
    const env = { ...store().env, ...ENV };
    const first = runCli(['worker'], env);
    let second: ReturnType<typeof runCli> | null = null;
    try {
      const start = await gql(server.url, `mutation { computeDistances(${ARGS}) { id kind state total } }`);
      expect(start.errors).toBeUndefined();
      const job = start.data.computeDistances[0];
      expect(job).toMatchObject({ kind: 'DISTANCES', total: CHUNKS });
      const again = await gql(server.url, `mutation { computeDistances(${ARGS}) { id } }`);
      expect(again.data.computeDistances[0].id).toBe(job.id); // one job per fit

      const midway = await waitFor('progress', async () => {
        const j = (await gql(server.url, JOB, { id: job.id })).data.job;
        return j.done >= 10 && j;
      });
      expect(midway.state).toBe('running');
      expect(midway.done).toBeLessThan(CHUNKS);
      first.kill('SIGKILL');
      await first;
      const atKill = (await gql(server.url, JOB, { id: job.id })).data.job.done;
      second = runCli(['worker'], env);
      const done = await waitFor('job end', async () => {
        const j = (await gql(server.url, JOB, { id: job.id })).data.job;
        return (j.state === 'completed' || j.state === 'failed') && j;
      });
      expect(done).toMatchObject({
        state: 'completed',
        done: CHUNKS,
        total: CHUNKS,
        kind: 'DISTANCES',
        model: { name: 'm' },
        distances: { primary: { name: 'prim' }, secondaries: [{ name: 'sec' }], components: Z, pairs: (N + M) * N },
      });
      expect(atKill).toBeLessThan(CHUNKS);
      // The chunk the killed worker held expired and was retried.
      const { rows } = await server.store.pool.query(
        `SELECT count(*)::int AS retried FROM pgboss.job WHERE name = 'distance-chunk' AND retry_count > 0`,
      );
      expect(rows[0].retried).toBeGreaterThanOrEqual(1);
    } finally {
      first.kill('SIGKILL');
      second?.kill('SIGKILL');
      await Promise.all([first, second].filter(Boolean));
    }

    // Now every reader answers exactly, from the stored results.
    const odist = await gql(server.url, ODIST, {});
    expect(odist.errors).toBeUndefined();
    const entry = odist.data.odist.secondaries[0];
    expect(entry).toMatchObject({ estimated: false, interval: null, samples: null });
    const page = await gql(server.url, IDIST, {});
    expect(page.data.idist.estimated).toBe(false);

    // The synchronous path's kernel over the fit's projections: identical bits; and the scalar
    // pairwise reference to 1e-13.
    const scores = await readNpy(entry.fit.projectionsUrl, server.url);
    const p = scores.subarray(0, N * Z);
    const s = scores.subarray(N * Z, (N + M) * Z);
    const sync = pairRowSums(s, M, p, N, Z);
    const scalar = idist(pairwiseL2(s, M, p, N, Z), M, N);
    sync.forEach((v, j) => expect(Math.abs(v - scalar[j]!) / scalar[j]!).toBeLessThan(1e-13));
    const secIds = world.datasets.get('sec')!;
    const byId = new Map<string, number>(page.data.idist.edges.map((e: any) => [e.node.image.id, e.node.idist]));
    secIds.forEach((id, j) => expect(byId.get(String(id))).toBe(sync[j]));
    const syncBaseline = pairRowSums(p, N, p, N, Z);
    expect(entry.baseline).toBe(syncBaseline.reduce((a, v) => a + v, 0) / N);
    expect(entry.odist).toBe(sync.reduce((a, v) => a + v, 0) / M);

    const far = await gql(server.url, FARTHEST);
    expect(far.errors).toBeUndefined();
    const maxJ = sync.indexOf(Math.max(...sync));
    expect(far.data.farthestImages.items[0]).toEqual({ image: { id: String(secIds[maxJ]) }, idist: sync[maxJ] });

    // An estimate of stored distances answers the exact values.
    const est = await gql(server.url, ODIST, { estimate: { samples: 40 } });
    expect(est.data.odist.secondaries[0]).toMatchObject({ estimated: false, odist: entry.odist });

    // One image: exact over the stored fit (the same bits), or estimated with its interval.
    const IMAGE = `query($image: ID!, $estimate: EstimateInput) { imageIdist(image: $image, scope: { model: { name: "m" }, primary: "prim", components: ${Z} }, estimate: $estimate) { idist scaled estimated interval { low high level } } }`;
    const exactImage = await gql(server.url, IMAGE, { image: String(secIds[maxJ]) });
    expect(exactImage.data.imageIdist).toEqual({ idist: sync[maxJ], scaled: 1, estimated: false, interval: null });
    const estImage = (await gql(server.url, IMAGE, { image: String(secIds[0]), estimate: { samples: 50 } })).data
      .imageIdist;
    expect(estImage.estimated).toBe(true);
    expect(estImage.interval.level).toBe(0.95);
    expect(estImage.interval.low).toBeLessThan(estImage.idist);
    expect(estImage.interval.high).toBeGreaterThan(estImage.idist);
    expect(Math.abs(estImage.idist - sync[0]!) / sync[0]!).toBeLessThan(0.2);

    // The jobs list shows both kinds of job with their kind.
    const jobs = await gql(server.url, '{ jobs { kind state } }');
    expect(jobs.data.jobs[0]).toEqual({ kind: 'DISTANCES', state: 'completed' });

    // And an independent float64 reference (Jacobi PCA, brute-force distances) agrees.
    const ref = referencePca([...world.rows('prim'), ...world.rows('sec')], Z);
    const refP = ref.scores.slice(0, N);
    const refIdist = ref.scores.slice(N).map((row) => refP.reduce((a, pk) => a + euclid(row, pk), 0));
    expect(closeRel(entry.odist, refIdist.reduce((a, v) => a + v, 0) / M, 1e-9)).toBe(true);
  }, 300_000);
});
