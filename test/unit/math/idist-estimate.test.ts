import { describe, expect, it } from 'vitest';
import { idist } from '../../../src/math/dist.js';
import { pairwiseL2 } from '../../../src/math/distances.js';
import { assembleRowSums, blockRowSums, distanceChunks } from '../../../src/math/idist-blocks.js';
import { pairRowSums } from '../../../src/math/pair-sums.js';
import {
  estimateIdist,
  normalQuantile,
  sampleWithoutReplacement,
  studentTQuantile,
} from '../../../src/math/idist-estimate.js';
import { mulberry32 } from '../../../src/math/random.js';

/** Rows from a two-cluster mixture with a decaying spectrum: skewed, bimodal distance rows. */
function mixture(rows: number, dim: number, seed: number, shift: number): Float64Array {
  const rand = mulberry32(seed); // [0, 1)
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const x = new Float64Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    const cluster = rand() < 0.3 ? 3 : 0;
    for (let c = 0; c < dim; c++) x[r * dim + c] = gauss() / (1 + c) + (c === 0 ? cluster + shift : 0);
  }
  return x;
}

describe('blocked IDist', () => {
  const dim = 6;
  const p = mixture(97, dim, 1, 0);
  const s = mixture(23, dim, 2, 1);
  const reference = idist(pairwiseL2(s, 23, p, 97, dim), 23, 97);

  it('equals the synchronous kernel (pairRowSums) bit for bit when a chunk spans every primary row, and the scalar reference to 1e-14', () => {
    const chunks = distanceChunks(23, 97, 97 * 5);
    expect(chunks.every((c) => c.colStart === 0 && c.colEnd === 97)).toBe(true);
    const parts = chunks.map((chunk) => ({
      chunk,
      sums: blockRowSums(
        s.subarray(chunk.rowStart * dim, chunk.rowEnd * dim),
        chunk.rowEnd - chunk.rowStart,
        p,
        97,
        dim,
      ),
    }));
    const assembled = assembleRowSums(23, 97, parts);
    expect(Array.from(assembled)).toEqual(Array.from(pairRowSums(s, 23, p, 97, dim)));
    assembled.forEach((v, j) => expect(Math.abs(v - reference[j]!) / reference[j]!).toBeLessThan(1e-14));
  });

  it('splits columns when the primary alone exceeds a chunk, and still sums to the reference', () => {
    const chunks = distanceChunks(23, 97, 40);
    expect(chunks.length).toBe(23 * 3);
    const parts = chunks.map((chunk) => ({
      chunk,
      sums: blockRowSums(
        s.subarray(chunk.rowStart * dim, chunk.rowEnd * dim),
        chunk.rowEnd - chunk.rowStart,
        p,
        97,
        dim,
        chunk.colStart,
        chunk.colEnd,
      ),
    }));
    const got = assembleRowSums(23, 97, parts);
    got.forEach((v, j) => expect(Math.abs(v - reference[j]!) / reference[j]!).toBeLessThan(1e-13));
    // The same parts in another order give the same bits once sorted back (assembly is by chunk order).
    expect(() => assembleRowSums(23, 97, parts.slice(1))).toThrow(RangeError);
  });
});

describe('sampling and quantiles', () => {
  it('samples distinct sorted indices, each index about equally often', () => {
    const counts = new Array<number>(20).fill(0);
    for (let seed = 0; seed < 4000; seed++) {
      const x = sampleWithoutReplacement(20, 5, seed);
      expect(new Set(x).size).toBe(5);
      expect(Array.from(x)).toEqual(Array.from(x).sort((a, b) => a - b));
      x.forEach((i) => counts[i]!++);
    }
    // Expected 1000 each; binomial sd ~27.
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(120);
    expect(Array.from(sampleWithoutReplacement(5, 5, 3))).toEqual([0, 1, 2, 3, 4]);
  });

  it('matches scipy quantiles', () => {
    // scipy.stats.norm.ppf / t.ppf
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.5758293035489004, 8);
    expect(studentTQuantile(0.975, 5)).toBeCloseTo(2.5705818356363146, 2);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138851986274, 3);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0422724563012378, 5);
    expect(studentTQuantile(0.975, 199)).toBeCloseTo(1.9719565442517533, 7);
    expect(studentTQuantile(0.95, 59)).toBeCloseTo(1.6710930321038946, 6);
  });
});

describe('estimated IDist and ODist', () => {
  const dim = 8;
  const n = 1500;
  const m = 40;
  const p = mixture(n, dim, 11, 0);
  const s = mixture(m, dim, 12, 0.8);
  const exact = idist(pairwiseL2(s, m, p, n, dim), m, n);
  const exactOdist = exact.reduce((a, v) => a + v, 0) / m;

  it('the 95% intervals cover the exact values at least 93% of the time over 1000 seeds (per image and for ODist)', () => {
    const seeds = 1000;
    let imageCovered = 0;
    let odistCovered = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const e = estimateIdist(s, m, p, n, dim, sampleWithoutReplacement(n, 60, seed), 0.95);
      for (let j = 0; j < m; j++) if (e.low[j]! <= exact[j]! && exact[j]! <= e.high[j]!) imageCovered++;
      if (e.odistInterval.low <= exactOdist && exactOdist <= e.odistInterval.high) odistCovered++;
    }
    const imageRate = imageCovered / (seeds * m);
    const odistRate = odistCovered / seeds;
    expect(imageRate).toBeGreaterThanOrEqual(0.93);
    expect(odistRate).toBeGreaterThanOrEqual(0.93);
    // Honest, not merely wide: not far above the nominal level either.
    expect(imageRate).toBeLessThan(0.98);
    expect(odistRate).toBeLessThan(0.985);
  });

  it('a 90% interval covers about 90%, and is narrower than the 99% one', () => {
    let covered = 0;
    for (let seed = 1; seed <= 600; seed++) {
      const e = estimateIdist(s, m, p, n, dim, sampleWithoutReplacement(n, 200, seed), 0.9);
      if (e.odistInterval.low <= exactOdist && exactOdist <= e.odistInterval.high) covered++;
      if (seed === 1) {
        const wide = estimateIdist(s, m, p, n, dim, sampleWithoutReplacement(n, 200, seed), 0.99);
        expect(wide.odistInterval.high - wide.odistInterval.low).toBeGreaterThan(
          e.odistInterval.high - e.odistInterval.low,
        );
      }
    }
    expect(covered / 600).toBeGreaterThan(0.86);
    expect(covered / 600).toBeLessThan(0.94);
  });

  it('a sample of the whole primary is exact, with point intervals', () => {
    const e = estimateIdist(s, m, p, n, dim, sampleWithoutReplacement(n, n, 5), 0.95);
    expect(e.exact).toBe(true);
    expect(Array.from(e.idist)).toEqual(Array.from(exact));
    expect(e.odist).toBeCloseTo(exactOdist, 9);
    expect(e.odistInterval.high - e.odistInterval.low).toBe(0);
  });

  it('rejects a sample of one and a level outside (0, 1)', () => {
    expect(() => estimateIdist(s, m, p, n, dim, Int32Array.of(3), 0.95)).toThrow(RangeError);
    expect(() => estimateIdist(s, m, p, n, dim, Int32Array.of(3, 4), 1)).toThrow(RangeError);
  });
});
