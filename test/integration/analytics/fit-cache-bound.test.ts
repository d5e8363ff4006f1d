import { afterAll, beforeAll, expect, it } from 'vitest';
import { storedBytes } from '../../../src/analytics/fit-cache.repository.js';
import { gql } from '../../helpers/graphql.js';
import { forEachStore } from '../../helpers/stores.js';
import { type AnalyticsServer, EmbeddingWorld, newModel, startAnalyticsServer } from './analytics-fixtures.js';

const Q = 16;
const Z = 4;
const PRIMARY_ROWS = 8;
const SECONDARY_ROWS = 6;
const ODIST = `query($s: String!, $z: Int!) { odist(scope: { model: { name: "m" }, primary: "prim", components: $z }, secondaries: [$s]) {
  secondaries { fit { id reused } } } }`;

/** The size the repository records for one (prim, one secondary) fit at z components. */
function fitBytes(z: number): number {
  const rows = PRIMARY_ROWS + SECONDARY_ROWS;
  return storedBytes({
    mean: new Float64Array(Q),
    components: new Float64Array(z * Q),
    scores: new Float64Array(rows * z),
    imageIds: new Array(rows).fill(0),
    zUsed: z,
  });
}

// Room for three and a half fits of Z components.
const BOUND = Math.floor(fitBytes(Z) * 3.5);

forEachStore('fit cache bound (FIT_CACHE_MAX_BYTES)', (store) => {
  let server: AnalyticsServer;
  const fit = async (secondary: string, z = Z) => {
    const body = await gql(server.url, ODIST, { s: secondary, z });
    expect(body.errors).toBeUndefined();
    const f = body.data.odist.secondaries[0].fit;
    return { id: Number(f.id), reused: f.reused as boolean };
  };
  const stored = async () => server.services.fitCache.usage();
  const storedIds = async () => (await stored()).map((u) => u.id);

  beforeAll(async () => {
    server = await startAnalyticsServer(store(), { FIT_CACHE_MAX_BYTES: String(BOUND) });
    const world = new EmbeddingWorld(server.services, (await newModel(server.services, 'm', Q)).id, Q);
    await world.add('prim', PRIMARY_ROWS, 0, 1, 1);
    for (let s = 1; s <= 4; s++) await world.add(`s${s}`, SECONDARY_ROWS, 0.3 * s, 1, 10 + s);
  });
  afterAll(() => server?.close());

  it('records each fit with its size', async () => {
    const f1 = await fit('s1');
    expect(await stored()).toEqual([expect.objectContaining({ id: f1.id, bytes: fitBytes(Z) })]);
  });

  it('evicts the least recently used fit, not the oldest, once the bound is passed', async () => {
    const [f1] = await storedIds();
    const f2 = await fit('s2');
    const f3 = await fit('s3');
    expect(await storedIds()).toEqual([f1, f2.id, f3.id]); // least recently used first
    expect(await fit('s1')).toEqual({ id: f1, reused: true }); // s1 is now the most recently used
    expect(await storedIds()).toEqual([f2.id, f3.id, f1]);
    const f4 = await fit('s4'); // four fits do not fit in 3.5: s2, the least recently used, goes
    expect(f4.reused).toBe(false);
    expect(await storedIds()).toEqual([f3.id, f1, f4.id]);
    // s2 asked again is computed afresh, and s3 (now least recently used) makes room for it.
    const again = await fit('s2');
    expect(again.reused).toBe(false);
    expect(await storedIds()).toEqual([f1, f4.id, again.id]);
    // Evicted fits take their projections with them.
    const { rows } = await server.store.pool.query<{ fit_id: number }>(
      'SELECT DISTINCT fit_id FROM analytics_projections ORDER BY fit_id',
    );
    expect(rows.map((r) => r.fit_id)).toEqual([f1, f4.id, again.id].sort((a, b) => a - b));
  });

  it('keeps the store under the bound however many fits read-only queries create', async () => {
    for (let z = 1; z <= 8; z++) {
      for (const s of ['s1', 's2', 's3', 's4']) {
        await fit(s, z);
        const usage = await stored();
        expect(usage.reduce((a, u) => a + u.bytes, 0)).toBeLessThanOrEqual(BOUND);
      }
    }
    expect((await stored()).length).toBeGreaterThanOrEqual(2);
  }, 180_000);
});
