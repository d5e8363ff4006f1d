/**
 * The tests' one reference PCA, deliberately written differently from src/math: arrays of rows,
 * plain loops, and a one-sided (Hestenes) Jacobi SVD of the centred matrix instead of an
 * eigen-decomposition of its Gram, so agreement with src/math/pca.ts means something.
 */

export type Rows = number[][];

const transpose = (x: Rows): Rows => x[0]!.map((_, c) => x.map((row) => row[c]!));

/** Coordinates of a new row in a reference fit. */
export function referenceProject(fit: ReferencePca, row: number[]): number[] {
  return fit.components.map((axis) => axis.reduce((s, v, c) => s + v * (row[c]! - fit.mean[c]!), 0));
}

/** A reference PCA of the leading zUsed = min(k, rank) factors. */
export interface ReferencePca {
  mean: number[];
  singularValues: number[];
  /** Unit principal axes (zUsed x cols). */
  components: Rows;
  /** Coordinates of every fitted row (rows x zUsed). */
  scores: Rows;
  /** Singular values above 1e-5 of the largest (eigenvalues of the Gram above 1e-10 of its largest). */
  rank: number;
  zUsed: number;
  /** Variance along each axis: sigma^2 / (rows - 1). */
  explainedVariance: number[];
}

/**
 * PCA by one-sided Jacobi SVD of the centred matrix A (or of A^T when A is wide, so the
 * rotations act on the shorter side). Returns the leading min(k, rank) factors.
 */
export function referencePca(x: Rows, k: number): ReferencePca {
  const full = fullSvd(x);
  const rank = full.singularValues.filter((s) => s > full.singularValues[0]! * 1e-5).length;
  const zUsed = Math.min(k, rank);
  const singularValues = full.singularValues.slice(0, zUsed);
  return {
    mean: full.mean,
    singularValues,
    components: full.components.slice(0, zUsed),
    scores: full.scores.map((row) => row.slice(0, zUsed)),
    rank,
    zUsed,
    explainedVariance: singularValues.map((s) => (s * s) / (x.length - 1)),
  };
}

function fullSvd(x: Rows): { mean: number[]; singularValues: number[]; components: Rows; scores: Rows } {
  const k = Math.min(x.length, x[0]!.length);
  const rows = x.length;
  const cols = x[0].length;
  const mean = Array.from({ length: cols }, (_, c) => x.reduce((s, row) => s + row[c], 0) / rows);
  const a = x.map((row) => row.map((v, c) => v - mean[c]));
  if (rows >= cols) {
    // A V = W = U S: columns of W are the scores, columns of V the components.
    const { w, v } = hestenes(a);
    const order = columnOrder(w);
    return {
      mean,
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
    mean,
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
