import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/math/random.js';
import {
  conformalPValue,
  conformalQuantile,
  conformalReference,
  looMeanDistances,
} from '../../../src/statistics/conformal.js';
import {
  conformalPredictor,
  isotonicDecreasing,
  predictIsotonic,
  predictWithInterval,
} from '../../../src/statistics/isotonic.js';
import { bruteIsotonicDecreasing } from '../../helpers/statistics-reference.js';

function normals(seed: number) {
  const u = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
}

const meanDist = (x: Float64Array, points: Float64Array, n: number, dim: number) => {
  let s = 0;
  for (let k = 0; k < n; k++) {
    let q = 0;
    for (let c = 0; c < dim; c++) q += (x[c]! - points[k * dim + c]!) ** 2;
    s += Math.sqrt(q);
  }
  return s / n;
};

describe('conformal p-value of IDist', { timeout: 60_000 }, () => {
  it('LOO means and p-values match a direct count', () => {
    const g = normals(2);
    const n = 12;
    const dim = 3;
    const points = Float64Array.from({ length: n * dim }, g);
    const loo = looMeanDistances(points, n, dim);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++)
        if (k !== i)
          s += meanDist(points.subarray(i * dim, i * dim + dim), points.subarray(k * dim, k * dim + dim), 1, dim);
      expect(loo[i]).toBeCloseTo(s / (n - 1), 12);
    }
    const ref = conformalReference(loo);
    for (const score of [0, loo[3]!, 1.5, 2.5, 100]) {
      const count = Array.from(loo).filter((v) => v >= score).length;
      expect(conformalPValue(ref, score)).toBeCloseTo((1 + count) / (n + 1), 14);
    }
    expect(conformalPValue(ref, 1e9)).toBeCloseTo(1 / (n + 1), 14);
  });

  it('is valid under exchangeability: images from the primary distribution get p <= alpha about alpha of the time', () => {
    const dim = 4;
    const n = 60;
    let below10 = 0;
    let below02 = 0;
    const trials = 1500;
    for (let t = 0; t < trials; t++) {
      const g = normals(10_000 + t);
      const points = Float64Array.from({ length: n * dim }, g);
      const s = Float64Array.from({ length: dim }, g);
      const p = conformalPValue(conformalReference(looMeanDistances(points, n, dim)), meanDist(s, points, n, dim));
      if (p <= 0.1) below10++;
      if (p <= 0.02) below02++;
    }
    expect(below10 / trials).toBeGreaterThan(0.07);
    expect(below10 / trials).toBeLessThan(0.13);
    expect(below02 / trials).toBeLessThan(0.04);
  });

  it('conformalQuantile takes the ceil(level (N + 1))-th smallest residual, Infinity when too few', () => {
    expect(conformalQuantile([5, 1, 4, 2, 3, 6, 7, 8, 9, 10], 0.8)).toBe(9); // ceil(0.8 * 11) = 9
    expect(conformalQuantile([1, 2, 3], 0.9)).toBe(Infinity);
  });
});

describe('isotonic regression (non-increasing)', { timeout: 60_000 }, () => {
  it('matches the min-max formula on random data, ties pooled', () => {
    for (const seed of [1, 2, 3, 4]) {
      const random = mulberry32(seed);
      const x = Array.from({ length: 25 }, () => Math.floor(random() * 15));
      const y = x.map((v) => 1 - v / 20 + 0.3 * (random() - 0.5));
      const fit = isotonicDecreasing(x, y);
      const uniq = [...new Set(x)].sort((a, b) => a - b);
      const means = uniq.map((u) => {
        const ys = y.filter((_, i) => x[i] === u);
        return { u, sum: ys.reduce((a, b) => a + b, 0), w: ys.length };
      });
      // Expand each unique x by its weight for the formula, then read one value per unique x.
      const expanded = means.flatMap((m) => Array.from({ length: m.w }, () => m.sum / m.w));
      const brute = bruteIsotonicDecreasing(expanded);
      let pos = 0;
      means.forEach((m, b) => {
        expect(fit.x[b]).toBe(m.u);
        expect(fit.y[b]).toBeCloseTo(brute[pos]!, 12);
        pos += m.w;
      });
      for (let b = 1; b < fit.y.length; b++) expect(fit.y[b]!).toBeLessThanOrEqual(fit.y[b - 1]! + 1e-15);
    }
  });

  it('interpolates between knots and clips beyond them', () => {
    const fit = isotonicDecreasing([0, 1, 2], [1, 0.5, 0]);
    expect(predictIsotonic(fit, -3)).toBe(1);
    expect(predictIsotonic(fit, 0.5)).toBeCloseTo(0.75, 14);
    expect(predictIsotonic(fit, 9)).toBe(0);
  });

  it('conformal intervals cover new points at about the nominal level', () => {
    let covered = 0;
    let total = 0;
    for (let seed = 0; seed < 60; seed++) {
      const random = mulberry32(300 + seed);
      const draw = () => {
        const x = 2 * random();
        return { x, y: Math.min(1, Math.max(0, 0.9 - 0.35 * x + 0.15 * (random() - 0.5) * 2)) };
      };
      const train = Array.from({ length: 80 }, draw);
      const p = conformalPredictor(
        train.map((t) => t.x),
        train.map((t) => t.y),
        { level: 0.9, folds: 5, seed },
      );
      for (let k = 0; k < 20; k++) {
        const t = draw();
        const r = predictWithInterval(p, t.x);
        total++;
        if (r.low <= t.y && t.y <= r.high) covered++;
      }
    }
    expect(covered / total).toBeGreaterThan(0.84);
    expect(covered / total).toBeLessThan(0.97);
  });
});
