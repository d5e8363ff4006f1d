import { tridiagonalEigenvalues, tridiagonalEigenvectors } from './tridiagonal.js';
import { type TridiagonalKernels, tridiagonalKernels } from './tridiagonal-kernels.js';

/** Orders from which the reduction's two O(m^2) steps run in WebAssembly SIMD (tridiagonal-kernels.ts). */
export const SIMD_MIN_ORDER = 48;
let kernels: TridiagonalKernels | null | undefined;

/** Result of `symmetricEigen`: all eigenvalues, eigenvectors on demand. */
export interface SymmetricEigen {
  /** All n eigenvalues, descending. */
  readonly values: Float64Array;
  /**
   * Unit eigenvectors for the k largest eigenvalues: k x n, row-major, row i belongs to
   * `values[i]`. Computing only the leading ones costs O(n^2 k) after the O(n^3) reduction.
   */
  eigenvectors(k: number): Float64Array;
}

/**
 * Eigen-decomposition of a real symmetric n x n matrix (row-major; only the lower triangle is
 * read; the input is not modified), in float64. This is the PCA engine of method.md Distances
 * step 3 (eigenvectors of the Gram or covariance matrix).
 *
 * Method: Householder reduction to tridiagonal form T = Q^T S Q (2/3 n^3 multiply-adds, using
 * symmetry), all eigenvalues of T by implicit QL, then eigenvectors of T for the requested
 * leading eigenvalues by inverse iteration, mapped back through the stored reflectors. This is
 * LAPACK's dsytrd + dsterf + dstein route; for the 25 leading vectors of a 575 x 575 matrix it
 * is several times faster than accumulating all of Q (tred2/tql2) or cyclic Jacobi. From order
 * SIMD_MIN_ORDER the reduction's two O(m^2) steps run in WebAssembly SIMD (`simd: false`, for
 * tests: the JavaScript loops throughout).
 */
export function symmetricEigen(s: Float64Array, n: number, options: { simd?: boolean } = {}): SymmetricEigen {
  if (s.length !== n * n) throw new RangeError(`Expected ${n} x ${n} values but received ${s.length}`);
  const reduction = householderTridiagonal(s, n, options.simd ?? true);
  const values = tridiagonalEigenvalues(reduction.d, reduction.e);
  return {
    values,
    eigenvectors(k: number): Float64Array {
      if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`Expected 0 <= k <= ${n} but received ${k}`);
      const y = tridiagonalEigenvectors(reduction.d, reduction.e, values.subarray(0, k));
      applyReflectors(reduction, y, k);
      return y;
    },
  };
}

interface Tridiagonal {
  n: number;
  d: Float64Array;
  e: Float64Array;
  /** Row k of the work matrix holds reflector k's vector in columns k+1..n-1. */
  v: Float64Array;
  beta: Float64Array;
}

/**
 * Householder reduction of the symmetric matrix s: step k zeroes column k below the
 * subdiagonal with H_k = I - beta v v^T acting on indices k+1..n-1, so
 * T = H_{n-3} ... H_0 S H_0 ... H_{n-3}. Works in a copy, updating only the lower triangle.
 */
function householderTridiagonal(s: Float64Array, n: number, allowSimd: boolean): Tridiagonal {
  const simd = allowSimd && n >= SIMD_MIN_ORDER ? (kernels ??= tridiagonalKernels()) : null;
  const { w, v, p } = simd
    ? simd.workspace(n)
    : { w: new Float64Array(n * n), v: new Float64Array(n), p: new Float64Array(n) };
  w.set(s);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const beta = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const s0 = k + 1;
    const m = n - s0;
    d[k] = w[k * n + k];
    let sigma = 0;
    for (let i = 1; i < m; i++) sigma += w[(s0 + i) * n + k] ** 2;
    const x0 = w[s0 * n + k];
    if (sigma === 0) {
      e[k] = x0; // already tridiagonal in this column: H_k = I
      continue;
    }
    const alpha = x0 >= 0 ? -Math.sqrt(x0 * x0 + sigma) : Math.sqrt(x0 * x0 + sigma);
    for (let i = 0; i < m; i++) v[i] = w[(s0 + i) * n + k];
    v[0] = x0 - alpha;
    const b = 2 / (sigma + v[0] * v[0]);
    e[k] = alpha;
    beta[k] = b;
    for (let i = 0; i < m; i++) w[k * n + s0 + i] = v[i]; // keep v in the unused upper row
    if (simd) {
      p.fill(0, 0, m);
      simd.matVec(n, s0, m);
    } else symmetricLowerMatVec(w, n, s0, m, v, p);
    let vp = 0;
    for (let i = 0; i < m; i++) vp += v[i] * p[i];
    const half = (b * b * vp) / 2;
    for (let i = 0; i < m; i++) p[i] = b * p[i] - half * v[i]; // p := w = beta S v - K v
    if (simd) simd.rank2(n, s0, m);
    else symmetricLowerRank2(w, n, s0, m, v, p);
  }
  if (n >= 2) {
    d[n - 2] = w[(n - 2) * n + n - 2];
    e[n - 2] = w[(n - 1) * n + n - 2];
  }
  if (n >= 1) d[n - 1] = w[n * n - 1];
  // The kernels' memory is reused by the next reduction: the reflectors leave it.
  return { n, d, e, v: simd ? w.slice() : w, beta };
}

/**
 * p = S22 v for the trailing m x m block at offset s0, reading its lower triangle only.
 * Rows go four at a time so each v[j] and p[j] is loaded once per four rows: in V8 this loop
 * is bound by loads and stores, and the unrolling makes it about 2.5 times faster.
 */
function symmetricLowerMatVec(
  w: Float64Array,
  n: number,
  s0: number,
  m: number,
  v: Float64Array,
  p: Float64Array,
): void {
  p.fill(0, 0, m);
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const r0 = (s0 + i) * n + s0,
      r1 = r0 + n,
      r2 = r1 + n,
      r3 = r2 + n;
    const v0 = v[i],
      v1 = v[i + 1],
      v2 = v[i + 2],
      v3 = v[i + 3];
    let t0 = 0,
      t1 = 0,
      t2 = 0,
      t3 = 0;
    for (let j = 0; j < i; j++) {
      const a0 = w[r0 + j],
        a1 = w[r1 + j],
        a2 = w[r2 + j],
        a3 = w[r3 + j];
      const vj = v[j];
      t0 += a0 * vj;
      t1 += a1 * vj;
      t2 += a2 * vj;
      t3 += a3 * vj;
      p[j] += a0 * v0 + a1 * v1 + a2 * v2 + a3 * v3;
    }
    p[i] += t0;
    p[i + 1] += t1;
    p[i + 2] += t2;
    p[i + 3] += t3;
    for (let r = i; r < i + 4; r++) lowerRowTail(w, (s0 + r) * n + s0, i, r, v, p);
  }
  for (; i < m; i++) lowerRowTail(w, (s0 + i) * n + s0, 0, i, v, p);
}

/** Adds the contributions of row r's lower entries in columns [from, r] to p. */
function lowerRowTail(w: Float64Array, row: number, from: number, r: number, v: Float64Array, p: Float64Array): void {
  const vr = v[r];
  let sum = 0;
  for (let j = from; j < r; j++) {
    const a = w[row + j];
    sum += a * v[j];
    p[j] += a * vr;
  }
  p[r] += sum + w[row + r] * vr;
}

/** S22 -= v p^T + p v^T on the lower triangle, four rows at a time (as above). */
function symmetricLowerRank2(
  w: Float64Array,
  n: number,
  s0: number,
  m: number,
  v: Float64Array,
  p: Float64Array,
): void {
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const r0 = (s0 + i) * n + s0,
      r1 = r0 + n,
      r2 = r1 + n,
      r3 = r2 + n;
    const v0 = v[i],
      v1 = v[i + 1],
      v2 = v[i + 2],
      v3 = v[i + 3];
    const p0 = p[i],
      p1 = p[i + 1],
      p2 = p[i + 2],
      p3 = p[i + 3];
    for (let j = 0; j <= i; j++) {
      const pj = p[j],
        vj = v[j];
      w[r0 + j] -= v0 * pj + p0 * vj;
      w[r1 + j] -= v1 * pj + p1 * vj;
      w[r2 + j] -= v2 * pj + p2 * vj;
      w[r3 + j] -= v3 * pj + p3 * vj;
    }
    for (let r = i + 1; r < i + 4; r++) rank2RowTail(w, (s0 + r) * n + s0, i + 1, r, v, p);
  }
  for (; i < m; i++) rank2RowTail(w, (s0 + i) * n + s0, 0, i, v, p);
}

/** Row r of the rank-2 update, columns [from, r]. */
function rank2RowTail(w: Float64Array, row: number, from: number, r: number, v: Float64Array, p: Float64Array): void {
  const vr = v[r],
    pr = p[r];
  for (let j = from; j <= r; j++) w[row + j] -= vr * p[j] + pr * v[j];
}

/**
 * Each row y of the k x n matrix ys := H_0 H_1 ... H_{n-3} y: maps eigenvectors of T to
 * eigenvectors of S. Reflector-major and four rows at a time, so each reflector entry is
 * loaded once per four rows.
 */
function applyReflectors(t: Tridiagonal, ys: Float64Array, k: number): void {
  const { n, v, beta } = t;
  for (let j = n - 3; j >= 0; j--) {
    const b = beta[j];
    if (b === 0) continue;
    const s0 = j + 1;
    const row = j * n + s0;
    const len = n - s0;
    let r = 0;
    for (; r + 3 < k; r += 4) {
      const y0 = r * n + s0,
        y1 = y0 + n,
        y2 = y1 + n,
        y3 = y2 + n;
      let d0 = 0,
        d1 = 0,
        d2 = 0,
        d3 = 0;
      for (let i = 0; i < len; i++) {
        const vi = v[row + i];
        d0 += vi * ys[y0 + i];
        d1 += vi * ys[y1 + i];
        d2 += vi * ys[y2 + i];
        d3 += vi * ys[y3 + i];
      }
      d0 *= b;
      d1 *= b;
      d2 *= b;
      d3 *= b;
      for (let i = 0; i < len; i++) {
        const vi = v[row + i];
        ys[y0 + i] -= d0 * vi;
        ys[y1 + i] -= d1 * vi;
        ys[y2 + i] -= d2 * vi;
        ys[y3 + i] -= d3 * vi;
      }
    }
    for (; r < k; r++) {
      const y = r * n + s0;
      let dot = 0;
      for (let i = 0; i < len; i++) dot += v[row + i] * ys[y + i];
      const f = b * dot;
      for (let i = 0; i < len; i++) ys[y + i] -= f * v[row + i];
    }
  }
}
