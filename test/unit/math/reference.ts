/**
 * Independent float64 reference computations for the analytics tests. Deliberately written
 * differently from src/analytics: arrays of arrays, plain nested loops, and PCA by one-sided
 * (Hestenes) Jacobi SVD of the centred matrix instead of an eigen-decomposition of its Gram.
 */

import { mulberry32 } from '../../../src/math/random.js';

export type Rows = number[][];

/** Deterministic uniform(-0.5, 0.5) values: the tests' one seeded generator, centred. */
function centredUniform(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() - 0.5;
}

/** rows x cols random matrix; column c scaled by `scale(c)` to give a spread-out spectrum. */
export function randomRows(rows: number, cols: number, seed: number, scale: (c: number) => number = () => 1): Rows {
  const next = centredUniform(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, (_, c) => next() * scale(c)));
}

export function flat64(x: Rows): Float64Array {
  return Float64Array.from(x.flat());
}

export function flat32(x: Rows): Float32Array {
  return Float32Array.from(x.flat());
}

/** Rows of a row-major flat matrix. */
export function toRows(x: ArrayLike<number>, rows: number, cols: number): Rows {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => x[r * cols + c]));
}

export function transpose(x: Rows): Rows {
  return x[0].map((_, c) => x.map((row) => row[c]));
}

export function matMul(a: Rows, b: Rows): Rows {
  return a.map((row) => b[0].map((_, c) => row.reduce((s, v, k) => s + v * b[k][c], 0)));
}

/** `count` orthonormal rows of length `dim` (Gram-Schmidt of random rows, twice). */
export function orthonormalRows(count: number, dim: number, seed: number): Rows {
  const rows = randomRows(count, dim, seed);
  for (let i = 0; i < count; i++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j < i; j++) {
        const dot = rows[i].reduce((s, v, c) => s + v * rows[j][c], 0);
        rows[i] = rows[i].map((v, c) => v - dot * rows[j][c]);
      }
    }
    const norm = Math.hypot(...rows[i]);
    rows[i] = rows[i].map((v) => v / norm);
  }
  return rows;
}

export { referencePca, type ReferencePca } from '../../helpers/reference-pca.js';

/** D[j][k] = ||s_j - p_k|| by nested loops. */
export function bruteDistances(s: Rows, p: Rows): Rows {
  return s.map((sj) => p.map((pk) => Math.sqrt(sj.reduce((acc, v, c) => acc + (v - pk[c]) ** 2, 0))));
}

/**
 * Asserts |actual - expected| <= tol * max_i |expected_i| entrywise (relative to the array's
 * scale, so entries near zero are not held to an impossible relative standard).
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-6, what = 'value'): void {
  if (actual.length !== expected.length) {
    throw new Error(`${what}: length ${actual.length} differs from expected ${expected.length}`);
  }
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  if (scale === 0) scale = 1;
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= tol * scale)) {
      throw new Error(`${what}[${i}] = ${actual[i]} but expected ${expected[i]} (relative tolerance ${tol})`);
    }
  }
}
