/**
 * Eigenvalues and selected eigenvectors of a real symmetric tridiagonal matrix T with diagonal
 * `d` (length n) and off-diagonal `e` (length n, `e[i] = T[i+1, i]`, `e[n-1]` ignored).
 * Used by `eigen.ts` after Householder reduction (method.md Distances step 3).
 */

const EPS = 2 ** -52;

/**
 * All eigenvalues of T, descending, by the implicit QL algorithm with Wilkinson-style shifts
 * (EISPACK tql1, as in JAMA's tql2 without the vector updates). O(n^2). Inputs are not
 * modified.
 */
export function tridiagonalEigenvalues(d: Float64Array, e: Float64Array): Float64Array {
  const n = d.length;
  const dd = Float64Array.from(d);
  const ee = new Float64Array(n);
  ee.set(e.subarray(0, Math.max(0, n - 1)));
  let f = 0;
  let tst1 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(dd[l]) + Math.abs(ee[l]));
    let m = l;
    while (m < n - 1 && Math.abs(ee[m]) > EPS * tst1) m++;
    for (let iter = 0; m > l; iter++) {
      if (iter > 60) throw new Error(`tridiagonal QL did not converge for eigenvalue ${l}`);
      let g = dd[l];
      let p = (dd[l + 1] - g) / (2 * ee[l]);
      let r = hypot(p, 1);
      if (p < 0) r = -r;
      dd[l] = ee[l] / (p + r);
      dd[l + 1] = ee[l] * (p + r);
      const dl1 = dd[l + 1];
      let h = g - dd[l];
      for (let i = l + 2; i < n; i++) dd[i] -= h;
      f += h;
      p = dd[m];
      let c = 1,
        c2 = 1,
        c3 = 1,
        s = 0,
        s2 = 0;
      const el1 = ee[l + 1];
      for (let i = m - 1; i >= l; i--) {
        c3 = c2;
        c2 = c;
        s2 = s;
        g = c * ee[i];
        h = c * p;
        r = hypot(p, ee[i]);
        ee[i + 1] = s * r;
        s = ee[i] / r;
        c = p / r;
        p = c * dd[i] - s * g;
        dd[i + 1] = h + s * (c * g + s * dd[i]);
      }
      p = (-s * s2 * c3 * el1 * ee[l]) / dl1;
      ee[l] = s * p;
      dd[l] = c * p;
      if (!(Math.abs(ee[l]) > EPS * tst1)) break;
    }
    dd[l] += f;
    ee[l] = 0;
  }
  return dd.sort().reverse();
}

/**
 * Unit eigenvectors of T for the given eigenvalues (as computed by `tridiagonalEigenvalues`,
 * in descending order), by inverse iteration with partial-pivoting LU of T - lambda I
 * (LAPACK dstein's scheme). Eigenvalues closer than 1e-3 ||T|| to their predecessor form a
 * cluster; each iterate is re-orthogonalised against the cluster's earlier vectors, so
 * repeated eigenvalues still give an orthonormal basis. Start vectors come from a fixed-seed
 * generator, so the result is deterministic.
 *
 * @returns k x n, row i = eigenvector for `lambdas[i]`.
 */
export function tridiagonalEigenvectors(d: Float64Array, e: Float64Array, lambdas: Float64Array): Float64Array {
  const n = d.length;
  const k = lambdas.length;
  const out = new Float64Array(k * n);
  const norm = tridiagonalNorm(d, e);
  if (norm === 0) {
    // T = 0: every vector is an eigenvector; the unit vectors are the natural basis.
    for (let j = 0; j < k; j++) out[j * n + j] = 1;
    return out;
  }
  // Work on T / ||T|| so pivots, growth and tolerances are scale-free (no overflow for tiny T).
  const ds = d.map((v) => v / norm);
  const es = e.map((v) => v / norm);
  const residualTol = 4 * n * EPS;
  let clusterStart = 0;
  let seed = 0x9e3779b9;
  const x = new Float64Array(n);
  for (let j = 0; j < k; j++) {
    const lambda = lambdas[j] / norm;
    if (j > 0 && lambdas[j - 1] / norm - lambda > 1e-3) clusterStart = j;
    const lu = factorShifted(ds, es, lambda, EPS);
    for (let i = 0; i < n; i++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      x[i] = seed / 4294967296 - 0.5;
    }
    normalise(x);
    for (let iter = 0; iter < 8; iter++) {
      lu.solve(x);
      for (let pass = 0; pass < 2; pass++) {
        for (let c = clusterStart; c < j; c++) removeComponent(x, out, c * n);
      }
      normalise(x);
      if (iter >= 1 && residualNorm(ds, es, lambda, x) <= residualTol) break;
    }
    out.set(x, j * n);
  }
  return out;
}

/**
 * sqrt(x^2 + y^2) without overflow or underflow. V8's Math.hypot is about ten times slower
 * (it handles any number of arguments), and QL calls this O(n^2) times.
 */
function hypot(x: number, y: number): number {
  const ax = Math.abs(x),
    ay = Math.abs(y);
  if (ax > ay) {
    const r = ay / ax;
    return ax * Math.sqrt(1 + r * r);
  }
  if (ay === 0) return 0;
  const r = ax / ay;
  return ay * Math.sqrt(1 + r * r);
}

/** max_i (|e[i-1]| + |d[i]| + |e[i]|): the infinity norm of T. */
function tridiagonalNorm(d: Float64Array, e: Float64Array): number {
  const n = d.length;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const row = Math.abs(d[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < n - 1 ? Math.abs(e[i]) : 0);
    norm = Math.max(norm, row);
  }
  return norm;
}

/**
 * LU factors of T - lambda I with partial pivoting (LAPACK dgttrf). A pivot smaller than
 * `tiny` is replaced by +-tiny: the shift is an eigenvalue, so the matrix is singular to
 * working precision, and the perturbation is exactly what makes inverse iteration grow the
 * eigenvector.
 */
function factorShifted(d: Float64Array, e: Float64Array, lambda: number, tiny: number) {
  const n = d.length;
  const diag = new Float64Array(n);
  const up1 = new Float64Array(n);
  const up2 = new Float64Array(n);
  const low = new Float64Array(n);
  const swapped = new Uint8Array(n);
  for (let i = 0; i < n; i++) diag[i] = d[i] - lambda;
  for (let i = 0; i < n - 1; i++) {
    up1[i] = e[i];
    low[i] = e[i];
  }
  const guard = (v: number) => (Math.abs(v) < tiny ? (v < 0 ? -tiny : tiny) : v);
  for (let i = 0; i < n - 1; i++) {
    if (Math.abs(diag[i]) >= Math.abs(low[i])) {
      diag[i] = guard(diag[i]);
      const fact = low[i] / diag[i];
      low[i] = fact;
      diag[i + 1] -= fact * up1[i];
    } else {
      const fact = diag[i] / low[i];
      diag[i] = low[i];
      low[i] = fact;
      const temp = up1[i];
      up1[i] = diag[i + 1];
      diag[i + 1] = temp - fact * diag[i + 1];
      up2[i] = up1[i + 1];
      up1[i + 1] = -fact * up1[i + 1];
      swapped[i] = 1;
    }
  }
  diag[n - 1] = guard(diag[n - 1]);
  return {
    /** Overwrites b with (T - lambda I)^{-1} b. */
    solve(b: Float64Array): void {
      for (let i = 0; i < n - 1; i++) {
        if (swapped[i]) {
          const t = b[i];
          b[i] = b[i + 1];
          b[i + 1] = t - low[i] * b[i];
        } else {
          b[i + 1] -= low[i] * b[i];
        }
      }
      b[n - 1] /= diag[n - 1];
      if (n > 1) b[n - 2] = (b[n - 2] - up1[n - 2] * b[n - 1]) / diag[n - 2];
      for (let i = n - 3; i >= 0; i--) b[i] = (b[i] - up1[i] * b[i + 1] - up2[i] * b[i + 2]) / diag[i];
    },
  };
}

/** ||T x - lambda x||_2. */
function residualNorm(d: Float64Array, e: Float64Array, lambda: number, x: Float64Array): number {
  const n = d.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let r = (d[i] - lambda) * x[i];
    if (i > 0) r += e[i - 1] * x[i - 1];
    if (i < n - 1) r += e[i] * x[i + 1];
    sum += r * r;
  }
  return Math.sqrt(sum);
}

/** x -= (x . v) v, with v the unit row of `rows` starting at `offset`. */
function removeComponent(x: Float64Array, rows: Float64Array, offset: number): void {
  const n = x.length;
  let dot = 0;
  for (let i = 0; i < n; i++) dot += x[i] * rows[offset + i];
  for (let i = 0; i < n; i++) x[i] -= dot * rows[offset + i];
}

/** Scales x to unit 2-norm (scaling by the max first, so huge or tiny iterates are safe). */
function normalise(x: Float64Array): void {
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i]));
  if (max === 0 || !Number.isFinite(max)) throw new Error('inverse iteration produced a zero or non-finite vector');
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    x[i] /= max;
    sum += x[i] * x[i];
  }
  const inv = 1 / Math.sqrt(sum);
  for (let i = 0; i < x.length; i++) x[i] *= inv;
}
