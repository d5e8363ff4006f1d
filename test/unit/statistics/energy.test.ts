import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/math/random.js';
import {
  binomialCapped,
  distanceMatrix,
  energyOfSplit,
  observedMembers,
  permutationTest,
  rowSums,
} from '../../../src/statistics/energy.js';
import { bruteEnergy, bruteExactPValue, energy1dFromCdfs } from '../../helpers/statistics-reference.js';

function gaussianPoints(seed: number, count: number, dim: number, shift = 0): number[][] {
  const u = mulberry32(seed);
  const g = () => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
  return Array.from({ length: count }, () => Array.from({ length: dim }, () => shift + g()));
}

/** P rows first, then S: the layout the service builds. */
function pooledMatrix(p: number[][], s: number[][]) {
  const dim = p[0]!.length;
  const pooled = Float64Array.from([...p, ...s].flat());
  return distanceMatrix(pooled, p.length + s.length, dim);
}

function observedEnergy(p: number[][], s: number[][]): number {
  const d = pooledMatrix(p, s);
  const size = p.length + s.length;
  const { sums, total } = rowSums(d, size);
  const members = observedMembers(p.length, s.length);
  return energyOfSplit(d, size, members, members.length, sums, total);
}

describe('energy distance', { timeout: 60_000 }, () => {
  it('equals the brute-force definition for unequal sets in 3-D', () => {
    for (const seed of [1, 2, 3]) {
      const p = gaussianPoints(seed, 6, 3);
      const s = gaussianPoints(seed + 100, 9, 3, 0.7);
      expect(observedEnergy(p, s)).toBeCloseTo(bruteEnergy(s, p), 12);
      expect(observedEnergy(s, p)).toBeCloseTo(bruteEnergy(s, p), 12); // symmetric in the sets
    }
  });

  it('in 1-D equals 2 * integral (F - G)^2 (closed form) and scipy.stats.energy_distance = sqrt(E)', () => {
    const u = [0.3, -1.2, 2.5, 0.9, 0.1, 1.7];
    const v = [1.1, 3.0, -0.4, 2.2, 2.9];
    const e = observedEnergy(
      u.map((x) => [x]),
      v.map((x) => [x]),
    );
    expect(e).toBeCloseTo(energy1dFromCdfs(u, v), 12);
    expect(e).toBeCloseTo(
      bruteEnergy(
        v.map((x) => [x]),
        u.map((x) => [x]),
      ),
      12,
    );
    let scipy: number | null = null;
    try {
      const out = execFileSync('python3', [
        '-c',
        `import json,sys; from scipy.stats import energy_distance; print(energy_distance(${JSON.stringify(u)}, ${JSON.stringify(v)}))`,
      ]);
      scipy = Number(out.toString().trim());
    } catch {
      console.warn('skipped the scipy comparison: python3 with scipy is not available');
    }
    // scipy documents D = (2E|X-Y| - E|X-X'| - E|Y-Y'|)^(1/2): the square root of our E, not of 2E.
    if (scipy !== null) expect(scipy).toBeCloseTo(Math.sqrt(e), 12);
  });
});

describe('permutation test', { timeout: 60_000 }, () => {
  it('enumerates every split when C(n + m, n) <= R, matching brute force over all label assignments', () => {
    const p = gaussianPoints(5, 4, 2);
    const s = gaussianPoints(6, 5, 2, 0.8);
    const brute = bruteExactPValue(p, s);
    const r = permutationTest(pooledMatrix(p, s), 4, 5, { resamples: 999, seed: 1 });
    expect(r.exact).toBe(true);
    expect(r.permutations).toBe(brute.splits);
    expect(r.permutations).toBe(126);
    expect(r.pValue).toBeCloseTo(brute.pValue, 14);
  });

  it('with random splits, (b + 1)/(R + 1) is within sampling error of the exact p-value', () => {
    const p = gaussianPoints(11, 7, 2);
    const s = gaussianPoints(12, 7, 2, 0.6);
    const exact = bruteExactPValue(p, s); // C(14, 7) = 3432 splits
    expect(exact.splits).toBe(3432);
    const r = permutationTest(pooledMatrix(p, s), 7, 7, { resamples: 999, seed: 3 });
    expect(r.exact).toBe(false);
    expect(r.permutations).toBe(999);
    expect(r.pValue).toBe((r.exceedances + 1) / 1000);
    const sd = Math.sqrt((exact.pValue * (1 - exact.pValue)) / 999);
    expect(Math.abs(r.pValue - exact.pValue)).toBeLessThan(4 * sd + 2 / 1000);
  });

  it('is reproducible by seed and never answers p = 0', () => {
    const p = gaussianPoints(21, 30, 3);
    const s = gaussianPoints(22, 25, 3, 3);
    const d = pooledMatrix(p, s);
    const a = permutationTest(d, 30, 25, { resamples: 199, seed: 9 });
    const b = permutationTest(d, 30, 25, { resamples: 199, seed: 9 });
    expect(a).toEqual(b);
    expect(a.exceedances).toBe(0); // far apart: no split is as extreme
    expect(a.pValue).toBe(1 / 200);
  });

  it('is calibrated under the null: over 200 seeds, the share of p <= 0.05 lies in [0.02, 0.08]', () => {
    let rejections = 0;
    for (let seed = 0; seed < 200; seed++) {
      const p = gaussianPoints(1000 + seed, 15, 3);
      const s = gaussianPoints(5000 + seed, 12, 3);
      if (permutationTest(pooledMatrix(p, s), 15, 12, { resamples: 199, seed }).pValue <= 0.05) rejections++;
    }
    expect(rejections / 200).toBeGreaterThanOrEqual(0.02);
    expect(rejections / 200).toBeLessThanOrEqual(0.08);
  });

  it('binomialCapped counts splits and stops at the cap', () => {
    expect(binomialCapped(9, 4, 1e9)).toBe(126);
    expect(binomialCapped(14, 7, 1e9)).toBe(3432);
    expect(binomialCapped(1000, 500, 999)).toBe(Infinity);
  });
});
