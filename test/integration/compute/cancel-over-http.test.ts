import { afterAll, beforeAll, expect, it } from 'vitest';
import { gql } from '../../helpers/graphql.js';
import { forEachStore } from '../../helpers/stores.js';
import {
  addImages,
  type AnalyticsServer,
  newModel,
  startAnalyticsServer,
  syntheticVectors,
} from '../analytics/analytics-fixtures.js';

const Q = 3000;
const ODIST = `{ odist(scope: { model: { name: "wide" }, primary: "p", components: 25 }, secondaries: ["s"]) { secondaries { odist fit { reused } } } }`;

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

forEachStore('cancelling analytics work over HTTP', (store) => {
  let server: AnalyticsServer | undefined;
  let timeoutServer: AnalyticsServer;
  beforeAll(async () => {
    server = await startAnalyticsServer(store(), { RUN_WORKER: 'false' });
    const model = await newModel(server.services, 'wide', Q);
    for (const [name, count, shift] of [
      ['p', 300, 0],
      ['s', 300, 0.2],
    ] as const) {
      const ids = await addImages(server!.services, name, count);
      await server!.services.embeddingRepository.upsertEmbeddings(
        model.id,
        ids,
        syntheticVectors(count, Q, shift, 1, count),
      );
    }
  }, 600_000);
  afterAll(async () => {
    await timeoutServer?.close();
    await server?.close();
  });

  it('a client that disconnects cancels its fit: nothing is stored, and the next request computes afresh', async () => {
    const controller = new AbortController();
    const request = fetch(`${server!.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: ODIST }),
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(await waitFor(() => server!.services.analytics.inFlight().size > 0, 30_000)).toBe(true);
    controller.abort();
    await request;
    // The only waiter left, so the computation stops (within one block) and is not stored.
    expect(await waitFor(() => server!.services.analytics.inFlight().size === 0, 30_000)).toBe(true);
    expect(server!.services.analytics.stats().fitsPerformed).toBe(0);
    const answer = await gql(server!.url, ODIST);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.odist.secondaries[0].fit.reused).toBe(false);
    expect(server!.services.analytics.stats().fitsPerformed).toBe(1);
  }, 300_000);

  it('a request past ANALYTICS_TIMEOUT_MS answers ANALYTICS_TIMEOUT and stores nothing', async () => {
    await server!.close();
    server = undefined;
    timeoutServer = await startAnalyticsServer(store(), { RUN_WORKER: 'false', ANALYTICS_TIMEOUT_MS: '1' });
    const answer = await gql(
      timeoutServer.url,
      ODIST.replace('components: 25', 'components: 24'), // not the fit stored above
    );
    expect(answer.errors?.[0]?.extensions?.code).toBe('ANALYTICS_TIMEOUT');
    expect(timeoutServer.services.analytics.stats().fitsPerformed).toBe(0);
    expect(await waitFor(() => timeoutServer.services.analytics.inFlight().size === 0, 30_000)).toBe(true);
  }, 300_000);
});
