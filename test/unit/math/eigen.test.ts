import { describe, expect, it } from 'vitest';
import { SIMD_MIN_ORDER, symmetricEigen } from '../../../src/math/eigen.js';
import { tridiagonalEigenvalues } from '../../../src/math/tridiagonal.js';
import { expectClose, matMul, orthonormalRows, randomRows, referencePca, transpose, type Rows } from './reference.js';

function flatSymmetric(s: Rows): Float64Array {
  return Float64Array.from(s.flat());
}

/** max |S v - lambda v| over the returned pairs, and max |V V^T - I|. */
function residualAndOrthogonality(s: Rows, values: Float64Array, vectors: Float64Array, k: number) {
  const n = s.length;
  let residual = 0,
    orth = 0;
  for (let i = 0; i < k; i++) {
    const v = Array.from(vectors.subarray(i * n, (i + 1) * n));
    s.forEach((row, r) => {
      residual = Math.max(residual, Math.abs(row.reduce((acc, a, c) => acc + a * v[c], 0) - values[i] * v[r]));
    });
    for (let j = 0; j <= i; j++) {
      const dot = v.reduce((acc, a, c) => acc + a * vectors[j * n + c], 0);
      orth = Math.max(orth, Math.abs(dot - (i === j ? 1 : 0)));
    }
  }
  return { residual, orth };
}

describe('eigen', () => {
  describe('symmetricEigen', () => {
    it('gives the squared singular values of A as the eigenvalues of A^T A', () => {
      const b = randomRows(40, 25, 1, (c) => 1 + c / 5);
      const a = b.map((row) => row.map((v, c) => v - b.reduce((acc, r) => acc + r[c], 0) / 40));
      const { values } = symmetricEigen(flatSymmetric(matMul(transpose(a), a)), 25);
      const expected = referencePca(a, 25).singularValues.map((x) => x * x);
      expectClose(values, expected, 1e-10, 'eigenvalues');
    });

    it('returns orthonormal eigenvectors with small residuals for a random matrix', () => {
      const n = 60;
      const r = randomRows(n, n, 2);
      const s = r.map((row, i) => row.map((v, j) => v + r[j][i])); // symmetric, indefinite
      const eig = symmetricEigen(flatSymmetric(s), n);
      const k = 20;
      const { residual, orth } = residualAndOrthogonality(s, eig.values, eig.eigenvectors(k), k);
      expect(residual).toBeLessThan(1e-12 * Math.abs(eig.values[0]));
      expect(orth).toBeLessThan(1e-12);
    });

    it('returns an orthonormal basis for repeated eigenvalues', () => {
      const n = 7;
      const diag = [3, 3, 3, 1, 1, 0, 0];
      // Rotate diag(d) by an orthonormal Q so the solver sees a full matrix.
      const q = orthonormalRows(n, n, 3);
      const s = matMul(
        transpose(q),
        matMul(
          diag.map((d, i) => diag.map((_, j) => (i === j ? d : 0))),
          q,
        ),
      );
      const eig = symmetricEigen(flatSymmetric(s), n);
      expectClose(eig.values, diag, 1e-14, 'eigenvalues');
      const { residual, orth } = residualAndOrthogonality(s, eig.values, eig.eigenvectors(n), n);
      expect(residual).toBeLessThan(1e-13);
      expect(orth).toBeLessThan(1e-13);
    });

    it('handles 1 x 1, 2 x 2 and zero matrices', () => {
      expect(Array.from(symmetricEigen(Float64Array.of(5), 1).values)).toEqual([5]);
      const two = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
      expectClose(two.values, [3, 1], 1e-15, '2 x 2');
      expectClose(Array.from(two.eigenvectors(1), Math.abs), [Math.SQRT1_2, Math.SQRT1_2], 1e-15, 'vector');
      const zero = symmetricEigen(new Float64Array(9), 3);
      expect(Array.from(zero.values)).toEqual([0, 0, 0]);
      expect(zero.eigenvectors(2).length).toBe(6);
    });

    it('rejects a wrong size or k', () => {
      expect(() => symmetricEigen(new Float64Array(5), 2)).toThrow(RangeError);
      expect(() => symmetricEigen(new Float64Array(4), 2).eigenvectors(3)).toThrow(RangeError);
    });
  });

  describe('symmetricEigen in WebAssembly SIMD', () => {
    it('agrees with the JavaScript reduction: all values, and the leading vectors up to sign', () => {
      // Odd and even orders (the kernels' pairs of columns leave a last one on odd rows).
      for (const [n, seed] of [
        [SIMD_MIN_ORDER, 4],
        [SIMD_MIN_ORDER + 1, 5],
        [131, 6],
      ] as const) {
        const r = randomRows(n, n, seed);
        const rows = r.map((row, i) => row.map((v, j) => v + r[j]![i]!));
        const s = flatSymmetric(rows);
        const js = symmetricEigen(s, n, { simd: false });
        const simd = symmetricEigen(s, n);
        const scale = Math.max(...Array.from(js.values, Math.abs));
        for (let i = 0; i < n; i++) expect(Math.abs(simd.values[i]! - js.values[i]!)).toBeLessThan(1e-13 * scale);
        const k = 10;
        const a = js.eigenvectors(k);
        const b = simd.eigenvectors(k);
        for (let i = 0; i < k; i++) {
          let dot = 0;
          for (let c = 0; c < n; c++) dot += a[i * n + c]! * b[i * n + c]!;
          expect(Math.abs(Math.abs(dot) - 1)).toBeLessThan(1e-12);
        }
        const { residual, orth } = residualAndOrthogonality(rows, simd.values, b, k);
        expect(residual).toBeLessThan(1e-12 * scale);
        expect(orth).toBeLessThan(1e-12);
      }
    });
  });

  describe('tridiagonalEigenvalues', () => {
    it('matches the closed form of the second-difference matrix', () => {
      // tridiag(-1, 2, -1) of order n has eigenvalues 2 - 2 cos(k pi / (n + 1)).
      const n = 30;
      const values = tridiagonalEigenvalues(new Float64Array(n).fill(2), new Float64Array(n).fill(-1));
      const expected = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((n - k) * Math.PI) / (n + 1)));
      expectClose(values, expected, 1e-14, 'eigenvalues');
    });
  });
});
