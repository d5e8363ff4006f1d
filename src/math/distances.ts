import { assertInteger, assertMatrix, type NumericArray } from './validate.js';

/**
 * Image-image distances (method.md Distances step 4): `D[j, k] = || s_j - p_k ||_2`.
 *
 * @param s secondary coordinates, m x dim, row-major (row j = secondary image j).
 * @param p primary coordinates, n x dim, row-major (row k = primary image k).
 * @returns m x n, row-major: row j = secondary image j, column k = primary image k.
 *
 * Computed from direct differences in float64, not as |a|^2 + |b|^2 - 2 a.b, which loses
 * digits by cancellation for nearby points (and can go negative). Inputs are not modified.
 */
export function pairwiseL2(s: NumericArray, m: number, p: NumericArray, n: number, dim: number): Float64Array {
  assertInteger(dim, 'dim');
  assertMatrix(s, m, dim, 's');
  assertMatrix(p, n, dim, 'p');
  const d = new Float64Array(m * n);
  for (let j = 0; j < m; j++) {
    const sj = j * dim;
    for (let k = 0; k < n; k++) {
      const pk = k * dim;
      let sum = 0;
      for (let c = 0; c < dim; c++) {
        const diff = s[sj + c] - p[pk + c];
        sum += diff * diff;
      }
      d[j * n + k] = Math.sqrt(sum);
    }
  }
  return d;
}
