import { describe, expect, it } from 'vitest';
import { fitPca, projectRows, rankTolerance } from '../../../src/math/pca.js';
import {
  expectClose,
  flat32,
  flat64,
  matMul,
  orthonormalRows,
  randomRows,
  referencePca,
  toRows,
  type Rows,
} from './reference.js';

/** Column i of the fit's scores and the reference's, aligned by sign (scores are unique up to it). */
function expectScoresMatch(scores: Float64Array, rows: number, k: number, expected: Rows, tol = 1e-6): void {
  const actual = toRows(scores, rows, k);
  for (let i = 0; i < k; i++) {
    const a = actual.map((row) => row[i]);
    const e = expected.map((row) => row[i]);
    const sign = Math.sign(a.reduce((s, v, r) => s + v * e[r], 0)) || 1;
    expectClose(
      a.map((v) => v * sign),
      e,
      tol,
      `score column ${i}`,
    );
  }
}

/** A spectrum with distinct, well-separated variances: column c has scale 1 / (1 + c / 4). */
const decaying = (c: number) => 1 / (1 + c / 4);

describe('pca', () => {
  describe('fitPca', () => {
    it('matches a Jacobi SVD of the centred matrix on wide data (dual form)', () => {
      const x = randomRows(30, 80, 1, decaying);
      const fit = fitPca(flat64(x), 30, 80, 6);
      const ref = referencePca(x, 6);
      expect(fit.method).toBe('dual');
      expect(fit.zUsed).toBe(6);
      expectClose(
        fit.explainedVariance,
        ref.singularValues.map((s) => (s * s) / 29),
        1e-9,
        'variance',
      );
      for (let i = 0; i < 6; i++) {
        const v = fit.components.subarray(i * 80, (i + 1) * 80);
        expectClose(Array.from(v, Math.abs), ref.components[i].map(Math.abs), 1e-6, `|component ${i}|`);
      }
      expectScoresMatch(fit.scores, 30, 6, ref.scores);
    });

    it('matches a Jacobi SVD of the centred matrix on tall data (primal form)', () => {
      const x = randomRows(60, 12, 2, decaying);
      const fit = fitPca(flat64(x), 60, 12, 5);
      const ref = referencePca(x, 5);
      expect(fit.method).toBe('primal');
      expectClose(
        fit.explainedVariance,
        ref.singularValues.map((s) => (s * s) / 59),
        1e-9,
        'variance',
      );
      for (let i = 0; i < 5; i++) {
        const v = fit.components.subarray(i * 12, (i + 1) * 12);
        expectClose(Array.from(v, Math.abs), ref.components[i].map(Math.abs), 1e-6, `|component ${i}|`);
      }
      expectScoresMatch(fit.scores, 60, 5, ref.scores);
    });

    it('recovers the 1-D coordinates of points on a line, which are their distances along it', () => {
      // x_r = t_r * w + c with w a unit vector: centred scores are t_r - mean(t).
      const w = [1 / 3, 2 / 3, 2 / 3, 0, 0];
      const t = [0, 1, 2, 4, 6];
      const x = t.map((tr) => w.map((wc, c) => tr * wc + c));
      const fit = fitPca(flat64(x), 5, 5, 3);
      expect(fit.rank).toBe(1);
      expect(fit.zUsed).toBe(1);
      expect(fit.clamped).toBe(true);
      const meanT = t.reduce((s, v) => s + v, 0) / t.length;
      expectClose(
        Array.from(fit.scores, Math.abs),
        t.map((v) => Math.abs(v - meanT)),
        1e-12,
        'scores',
      );
      expectClose(Array.from(fit.components, Math.abs), w, 1e-12, 'component');
    });

    it('finds the rank of data in a 3-D subspace and clamps z to it', () => {
      // 40 rows in a 3-D subspace of R^50, offset far from the origin (tests the centring).
      const basis = orthonormalRows(3, 50, 3);
      const x = matMul(
        randomRows(40, 3, 4, (c) => 3 - c),
        basis,
      ).map((row) => row.map((v) => v + 100));
      const fit = fitPca(flat64(x), 40, 50, 25);
      expect(fit.rank).toBe(3);
      expect(fit.zUsed).toBe(3);
      expect(fit.zRequested).toBe(25);
      expect(fit.clamped).toBe(true);
      expect(fit.scores.length).toBe(40 * 3);
      expectClose(
        fit.explainedVariance,
        referencePca(x, 3).singularValues.map((s) => (s * s) / 39),
        1e-9,
        'variance',
      );
    });

    it('finds the rank of Float32 data that hold a 3-D subspace exactly', () => {
      // Rounding the rows above to float32 adds real (1e-5 relative) noise in all 50
      // directions, which is rank, not rounding; small integers are exact in float32.
      const int = (seed: number, rows: number, cols: number) =>
        randomRows(rows, cols, seed).map((row) => row.map((v) => Math.round(v * 8)));
      const x = matMul(int(15, 40, 3), int(16, 3, 50)).map((row) => row.map((v) => v + 1000));
      const fit = fitPca(flat32(x), 40, 50, 25);
      expect(fit.rank).toBe(3);
      expect(fit.clamped).toBe(true);
    });

    it('does not clamp when z is within the rank', () => {
      const fit = fitPca(flat64(randomRows(20, 10, 5)), 20, 10, 10);
      expect(fit.rank).toBe(10);
      expect(fit.clamped).toBe(false);
    });

    it('caps the rank at rows - 1, the most a centred matrix can have', () => {
      const fit = fitPca(flat64(randomRows(8, 40, 6)), 8, 40, 25);
      expect(fit.rank).toBe(7);
      expect(fit.zUsed).toBe(7);
    });

    it('counts duplicated images once towards the rank and gives them equal scores', () => {
      const base = randomRows(6, 30, 7);
      const x = [...base, base[0], base[3], base[3]];
      const fit = fitPca(flat64(x), 9, 30, 25);
      expect(fit.rank).toBe(5);
      const scores = toRows(fit.scores, 9, fit.zUsed);
      expectClose(scores[6], scores[0], 1e-12, 'duplicate of row 0');
      expectClose(scores[8], scores[3], 1e-12, 'duplicate of row 3');
    });

    it('gives rank 0 and no components when all rows are equal', () => {
      const fit = fitPca(
        flat64([
          [1, 2, 3],
          [1, 2, 3],
        ]),
        2,
        3,
        2,
      );
      expect(fit.rank).toBe(0);
      expect(fit.zUsed).toBe(0);
      expect(fit.components.length).toBe(0);
    });

    it('returns unit components with the largest-magnitude entry positive', () => {
      const fit = fitPca(flat64(randomRows(25, 40, 8, decaying)), 25, 40, 5);
      for (let i = 0; i < 5; i++) {
        const v = Array.from(fit.components.subarray(i * 40, (i + 1) * 40));
        expect(Math.hypot(...v)).toBeCloseTo(1, 12);
        const largest = v.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0);
        expect(largest).toBeGreaterThan(0);
      }
    });

    it('treats Float32 input as the float64 values it holds', () => {
      const x32 = flat32(randomRows(20, 30, 9, decaying));
      const a = fitPca(x32, 20, 30, 4);
      const b = fitPca(Float64Array.from(x32), 20, 30, 4);
      expectClose(a.scores, b.scores, 1e-12, 'scores');
    });

    it('does not modify its input', () => {
      const x = flat64(randomRows(10, 20, 10));
      const copy = Float64Array.from(x);
      fitPca(x, 10, 20, 3);
      expect(x).toEqual(copy);
    });

    it('rejects bad shapes, non-finite values and z < 1', () => {
      const x = new Float64Array(12);
      expect(() => fitPca(x, 3, 5, 2)).toThrow(RangeError);
      expect(() => fitPca(x, 3, 4, 0)).toThrow(RangeError);
      expect(() => fitPca(x, 3, 4, 1.5)).toThrow(TypeError);
      expect(() => fitPca([1, 2] as unknown as Float64Array, 1, 2, 1)).toThrow(TypeError);
      x[5] = NaN;
      expect(() => fitPca(x, 3, 4, 2)).toThrow(/finite/);
    });
  });

  describe('rankTolerance', () => {
    it('scales with the largest eigenvalue and the larger dimension', () => {
      expect(rankTolerance(4, 10, 100)).toBe(4 * 100 * 2 ** -52);
      expect(rankTolerance(0, 10, 100)).toBe(0);
    });
  });

  describe('projectRows', () => {
    it('reproduces the scores of the fitted rows, in both forms', () => {
      for (const [rows, cols] of [
        [20, 50],
        [50, 20],
      ]) {
        const x = flat64(randomRows(rows, cols, 11, decaying));
        const fit = fitPca(x, rows, cols, 6);
        expectClose(projectRows(fit, x, rows), fit.scores, 1e-9, `${rows} x ${cols}`);
      }
    });

    it('projects a new row with the stored mean and components, without refitting', () => {
      const x = randomRows(20, 30, 12, decaying);
      const fit = fitPca(flat64(x), 20, 30, 4);
      const fresh = randomRows(1, 30, 13)[0];
      const expected = Array.from({ length: 4 }, (_, i) =>
        fresh.reduce((s, v, c) => s + (v - fit.mean[c]) * fit.components[i * 30 + c], 0),
      );
      expectClose(projectRows(fit, Float64Array.from(fresh), 1), expected, 1e-12, 'projection');
    });

    it('rejects rows of the wrong width', () => {
      const fit = fitPca(flat64(randomRows(5, 4, 14)), 5, 4, 2);
      expect(() => projectRows(fit, new Float64Array(5), 1)).toThrow(RangeError);
    });
  });
});
