import { afterAll, beforeAll, expect, it } from 'vitest';
import { gql } from '../helpers/graphql.js';
import { forEachStore } from '../helpers/stores.js';
import {
  addImages,
  type AnalyticsServer,
  newModel,
  startAnalyticsServer,
  syntheticVectors,
} from '../integration/analytics/analytics-fixtures.js';

const Q = 6000;
const SECONDARIES = ['s1', 's2', 's3', 's4'];
const ODIST = `query($secondaries: [String!]!, $z: Int) {
  odist(scope: { model: { name: "wide" }, primary: "p", components: $z }, secondaries: $secondaries) {
    secondaries { odist fit { reused solver { kind eigensolver converged gemm } } }
  }
}`;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

forEachStore('the event loop while cold fits run', (store) => {
  let server: AnalyticsServer;
  beforeAll(async () => {
    server = await startAnalyticsServer(store(), { RUN_WORKER: 'false' });
    const model = await newModel(server.services, 'wide', Q);
    const put = async (dataset: string, count: number, shift: number, seed: number) => {
      const ids = await addImages(server.services, dataset, count);
      await server.services.embeddingRepository.upsertEmbeddings(
        model.id,
        ids,
        syntheticVectors(count, Q, shift, 1, seed),
      );
    };
    await put('p', 400, 0, 1);
    for (const [i, name] of SECONDARIES.entries()) await put(name, 250, 0.1 * (i + 1), 10 + i);
  }, 600_000);
  afterAll(() => server?.close());

  it('/health and a cached query answer while a cold odist fits four pairs of 6000-dimensional embeddings', async () => {
    // A small fit first, so the query below is cached and the pool's thread is warm.
    const cached = await gql(server.url, ODIST, { secondaries: ['s1'], z: 3 });
    expect(cached.errors).toBeUndefined();

    let coldDone = false;
    const cold = timed(() => gql(server.url, ODIST, { secondaries: SECONDARIES, z: 25 })).finally(() => {
      coldDone = true;
    });
    const health: number[] = [];
    const cachedTimes: number[] = [];
    let samplesInFlight = 0;
    while (!coldDone) {
      const inFlight = server.services.analytics.inFlight().size > 0;
      const [res, ms] = await timed(() => fetch(`${server.url}/health`));
      expect(res.status).toBe(200);
      if (inFlight) {
        samplesInFlight++;
        health.push(ms);
        if (samplesInFlight % 5 === 0) {
          const [answer, qms] = await timed(() => gql(server.url, ODIST, { secondaries: ['s1'], z: 3 }));
          expect(answer.data.odist.secondaries[0].fit.reused).toBe(true);
          cachedTimes.push(qms);
        }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const [answer, coldMs] = await cold;
    expect(answer.errors).toBeUndefined();
    for (const entry of answer.data!.odist.secondaries) {
      expect(entry.fit.reused).toBe(false);
      expect(entry.fit.solver).toMatchObject({ kind: 'exact-dual', converged: true, gemm: 'onnxruntime-mlas-f64' });
    }
    // The bound is generous (a loaded 2-core machine); the 50 ms target lives in the bench. The
    // embedded store is PGlite in this process: its own statements (the fit's chunked COPY, the
    // fit's rows) run on the event loop, and /health's SELECT 1 waits behind them, so it gets a
    // looser bound; the linear algebra runs on the pool with either store.
    expect(samplesInFlight).toBeGreaterThanOrEqual(5);
    expect(Math.max(...health)).toBeLessThan(store().kind === 'postgres' ? 500 : 2000);
    expect(Math.max(...cachedTimes, 0)).toBeLessThan(1000);
    console.log(
      `[${store().kind}] cold odist ${coldMs.toFixed(0)} ms; /health max ${Math.max(...health).toFixed(1)} ms over ${health.length} samples; cached odist max ${Math.max(...cachedTimes, 0).toFixed(1)} ms`,
    );
  }, 600_000);
});
