/**
 * Independent float64 reference computations for the analytics tests. Deliberately written
 * differently from src/analytics: arrays of arrays, plain nested loops, and PCA by one-sided
 * (Hestenes) Jacobi SVD of the centred matrix instead of an eigen-decomposition of its Gram.
 */

export type Rows = number[][];

/** Deterministic uniform(-0.5, 0.5) generator (an LCG, unrelated to src's mulberry32). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
}

/** rows x cols random matrix; column c scaled by `scale(c)` to give a spread-out spectrum. */
export function randomRows(rows: number, cols: number, seed: number, scale: (c: number) => number = () => 1): Rows {
  const next = lcg(seed);
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

/** A reference PCA: singular values, components (rows, unit) and scores (rows x k). */
export interface ReferencePca {
  singularValues: number[];
  components: Rows;
  scores: Rows;
}

/**
 * PCA by one-sided Jacobi SVD of the centred matrix A (or of A^T when A is wide, so the
 * rotations act on the shorter side). Returns the leading k factors.
 */
export function referencePca(x: Rows, k: number): ReferencePca {
  const rows = x.length;
  const cols = x[0].length;
  const mean = Array.from({ length: cols }, (_, c) => x.reduce((s, row) => s + row[c], 0) / rows);
  const a = x.map((row) => row.map((v, c) => v - mean[c]));
  if (rows >= cols) {
    // A V = W = U S: columns of W are the scores, columns of V the components.
    const { w, v } = hestenes(a);
    const order = columnOrder(w);
    return {
      singularValues: order.map((c) => columnNorm(w, c)).slice(0, k),
      components: order.slice(0, k).map((c) => v.map((row) => row[c])),
      scores: a.map((_, r) => order.slice(0, k).map((c) => w[r][c])),
    };
  }
  // A^T V' = W = V S: columns of V' are u_i, so scores = u_i s_i and components = w_i / s_i.
  const { w, v } = hestenes(transpose(a));
  const order = columnOrder(w);
  const sv = order.map((c) => columnNorm(w, c));
  return {
    singularValues: sv.slice(0, k),
    components: order.slice(0, k).map((c, i) => w.map((row) => row[c] / sv[i])),
    scores: a.map((_, r) => order.slice(0, k).map((c, i) => v[r][c] * sv[i])),
  };
}

/** One-sided Jacobi: rotates columns of a copy of m until they are mutually orthogonal. */
function hestenes(m: Rows): { w: Rows; v: Rows } {
  const w = m.map((row) => [...row]);
  const n = w[0].length;
  const v = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0,
          beta = 0,
          gamma = 0;
        for (const row of w) {
          alpha += row[p] * row[p];
          beta += row[q] * row[q];
          gamma += row[p] * row[q];
        }
        if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta) || gamma === 0) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (const row of [...w, ...v]) {
          const rp = row[p],
            rq = row[q];
          row[p] = c * rp - s * rq;
          row[q] = s * rp + c * rq;
        }
      }
    }
    if (!rotated) break;
  }
  return { w, v };
}

function columnNorm(w: Rows, c: number): number {
  return Math.sqrt(w.reduce((s, row) => s + row[c] * row[c], 0));
}

function columnOrder(w: Rows): number[] {
  return w[0].map((_, c) => c).sort((a, b) => columnNorm(w, b) - columnNorm(w, a));
}

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
