import { performance as clock } from 'node:perf_hooks';
import { energyOfSplit, exactResult, observedMembers, planPermutations, randomResult } from '../statistics/energy.js';
import type { StatisticsPool } from './statistics-pool.js';
import type { EnergyTestView } from './statistics-views.js';

export const ENERGY_METHOD =
  'energy distance (V-statistics) in the pair PCA space; permutation p-value (b + 1)/(R + 1) over seeded random splits (Phipson & Smyth), exact enumeration when C(n + m, n) <= R';

/** A float64 copy in shared memory, readable by every pool thread without a copy per task. */
export function shared(values: Float64Array): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(values.length * 8);
  new Float64Array(buffer).set(values);
  return buffer;
}

/**
 * The permutation test of energy distance on a pool: the (n + m)^2 distance matrix is built once
 * in shared memory, in row blocks spread over the threads, then read by every chunk of random
 * splits (or by the one task that enumerates every split). Only the observed E is computed here.
 * @param p primary points (n x dim), s secondary points (m x dim), row-major.
 */
export async function energyTestOnPool(
  pool: StatisticsPool,
  p: Float64Array,
  n: number,
  s: Float64Array,
  m: number,
  dim: number,
  a: { permutations: number; seed: number },
): Promise<EnergyTestView> {
  const started = clock.now();
  const size = n + m;
  const points = new Float64Array(size * dim);
  points.set(p.subarray(0, n * dim), 0);
  points.set(s.subarray(0, m * dim), n * dim);
  const pointsBuffer = shared(points);
  const matrix = new SharedArrayBuffer(size * size * 8);
  // A few row blocks per thread, so every thread stays busy to the end.
  const rowsPerBlock = Math.max(32, Math.ceil(size / (pool.threads * 4)));
  const blocks: Promise<Float64Array>[] = [];
  for (let from = 0; from < size; from += rowsPerBlock) {
    const to = Math.min(size, from + rowsPerBlock);
    blocks.push(pool.run({ kind: 'distance-block', points: pointsBuffer, matrix, size, dim, from, to }));
  }
  const sums = new Float64Array(new SharedArrayBuffer(size * 8));
  let offset = 0;
  for (const block of await Promise.all(blocks)) {
    sums.set(block, offset);
    offset += block.length;
  }
  const total = sums.reduce((x, v) => x + v, 0);
  const plan = planPermutations(n, m, a.permutations);
  const observed = energyOfSplit(new Float64Array(matrix), size, observedMembers(n, m), plan.a, sums, total);
  const split = { matrix, sums: sums.buffer as SharedArrayBuffer, total, size, a: plan.a, observed };
  let result;
  if (plan.exact) {
    const all = await pool.run({ kind: 'all-splits', ...split });
    result = exactResult(observed, all.hits, all.splits, a.seed);
  } else {
    const hits = await Promise.all(
      plan.chunks.map((c) =>
        pool.run({ kind: 'random-splits', ...split, seed: a.seed, chunk: c.chunk, count: c.count }),
      ),
    );
    result = randomResult(
      observed,
      hits.reduce((x, h) => x + h, 0),
      a.permutations,
      a.seed,
    );
  }
  return { ...result, primaryImages: n, secondaryImages: m, method: ENERGY_METHOD, ms: clock.now() - started };
}
