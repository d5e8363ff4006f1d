import { describe, expect, it } from 'vitest';
import { createDistanceMemo } from '../../../src/analytics/distance-memo.js';
import type { DistanceKernels } from '../../../src/analytics/fit-distances.js';
import { withSignal } from '../../../src/compute/request-signal.js';
import { pairRowSumsJs, selfDistanceTotal } from '../../../src/math/pair-sums.js';

/** A fit of 3 primary rows and 2 secondary rows in 2 dimensions. */
const fit = {
  id: 7,
  blockDatasetIds: [1, 2],
  blockRows: [3, 2],
  imageIds: [10, 11, 12, 20, 21],
  zUsed: 2,
  scores: Float64Array.from([0, 0, 3, 4, 6, 8, 1, 1, -2, 5]),
};

function countingKernels(delayMs = 0) {
  const calls = { rowSums: 0, self: 0, aborted: 0 };
  const kernels: DistanceKernels = {
    async rowSums(s, m, p, n, dim, signal) {
      calls.rowSums++;
      await new Promise((r) => setTimeout(r, delayMs));
      if (signal?.aborted) {
        calls.aborted++;
        throw new Error('aborted');
      }
      return pairRowSumsJs(s, m, p, n, dim);
    },
    async selfDistanceTotal(p, n, dim) {
      calls.self++;
      return selfDistanceTotal(p, n, dim);
    },
  };
  return { kernels, calls };
}

describe('the per-process distance memo', () => {
  it('sums a stored fit once: repeated answers are read back, and equal the first', async () => {
    const { kernels, calls } = countingKernels();
    const memo = createDistanceMemo(kernels);
    const first = await memo.pair(fit, 1, 2, 'sum');
    const expected = pairRowSumsJs(fit.scores.subarray(6), 2, fit.scores.subarray(0, 6), 3, 2);
    expect(Array.from(first.idist)).toEqual(Array.from(expected));
    first.idist[0] = -1; // a caller's copy: the memo is not changed through it
    const again = await memo.pair(fit, 1, 2, 'sum');
    expect(Array.from(again.idist)).toEqual(Array.from(expected));
    expect(again.secondary.imageIds).toEqual([20, 21]);
    expect(calls.rowSums).toBe(1);
    const mean = await memo.pair(fit, 1, 2, 'mean');
    expect(mean.idist[1]).toBeCloseTo(expected[1]! / 3, 12);
    expect(calls.rowSums).toBe(2);
    const base = await memo.baseline(fit, 1, 'sum');
    expect(base).toBeCloseTo((2 * (5 + 10 + 5)) / 3, 12);
    expect(await memo.baseline(fit, 1, 'sum')).toBe(base);
    expect(calls.self).toBe(1);
  });

  it('a request that leaves alone does not cancel a sum another request waits for, and a cancelled sum is not kept', async () => {
    const { kernels, calls } = countingKernels(100);
    const memo = createDistanceMemo(kernels);
    const a = new AbortController();
    const first = withSignal(a.signal, () => memo.pair(fit, 1, 2, 'sum'));
    const second = memo.pair(fit, 1, 2, 'sum');
    a.abort(new Error('gone'));
    await expect(first).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await second).idist).toHaveLength(2);
    expect(calls).toMatchObject({ rowSums: 1, aborted: 0 });

    const b = new AbortController();
    const lone = withSignal(b.signal, () => memo.pair(fit, 1, 2, 'mean'));
    b.abort(new Error('gone'));
    await expect(lone).rejects.toMatchObject({ code: 'CANCELLED' });
    await new Promise((r) => setTimeout(r, 150));
    expect(calls.aborted).toBe(1); // the kernel saw the cancellation
    await memo.pair(fit, 1, 2, 'mean'); // computed afresh
    expect(calls.rowSums).toBe(3);
  });
});
