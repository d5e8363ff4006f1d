/**
 * An independent, deliberately plain float64 reference for method.md "Distances": arrays of
 * rows, a cyclic Jacobi eigen-solver on the Gram matrix, explicit loops. It shares no code with
 * src/analytics, so agreement means the service (DB -> PCA -> distances -> GraphQL) is right.
 */

export type Rows = number[][];

/** Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations; values descending. */
export function jacobiEigen(input: Rows): { values: number[]; vectors: Rows } {
  const n = input.length;
  const a = input.map((r) => [...r]);
  const v: Rows = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p]![q]!) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * a[p]![q]!);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!,
            akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!,
            aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!,
            vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j]![j]! - a[i]![i]!);
  return { values: order.map((i) => a[i]![i]!), vectors: order.map((i) => v.map((row) => row[i]!)) };
}

export interface ReferenceFit {
  mean: number[];
  /** Unit principal axes (z x q). */
  axes: Rows;
  /** Coordinates of every fitted row (rows x z). */
  scores: Rows;
  rank: number;
  zUsed: number;
  explainedVariance: number[];
}

/** PCA of stacked rows through the Gram matrix A A^T (method.md steps 2-3), z clamped to the rank. */
export function referencePca(x: Rows, z: number): ReferenceFit {
  const rows = x.length,
    q = x[0]!.length;
  const mean = Array.from({ length: q }, (_, c) => x.reduce((s, r) => s + r[c]!, 0) / rows);
  const a = x.map((r) => r.map((v, c) => v - mean[c]!));
  const gram = a.map((ri) => a.map((rj) => ri.reduce((s, v, c) => s + v * rj[c]!, 0)));
  const { values, vectors } = jacobiEigen(gram);
  const rank = values.filter((l) => l > values[0]! * 1e-10).length;
  const zUsed = Math.min(z, rank);
  const sigma = values.slice(0, zUsed).map(Math.sqrt);
  const scores = a.map((_, r) => sigma.map((s, i) => vectors[i]![r]! * s));
  // v_i = A^T u_i / sigma_i
  const axes = sigma.map((s, i) =>
    Array.from({ length: q }, (_, c) => a.reduce((acc, row, r) => acc + row[c]! * vectors[i]![r]!, 0) / s),
  );
  return { mean, axes, scores, rank, zUsed, explainedVariance: values.slice(0, zUsed).map((l) => l / (rows - 1)) };
}

export const euclid = (u: number[], v: number[]) => Math.sqrt(u.reduce((s, x, i) => s + (x - v[i]!) ** 2, 0));

/** D, IDist (sum) and ODist of S against P, in the PCA space of the given stacked fit rows. */
export function referenceDistances(pScores: Rows, sScores: Rows) {
  const d = sScores.map((s) => pScores.map((p) => euclid(s, p)));
  const idist = d.map((row) => row.reduce((a, b) => a + b, 0));
  const odist = idist.reduce((a, b) => a + b, 0) / idist.length;
  return { d, idist, odist };
}

/** Coordinates of a new row in a reference fit. */
export function referenceProject(fit: ReferenceFit, row: number[]): number[] {
  return fit.axes.map((axis) => axis.reduce((s, v, c) => s + v * (row[c]! - fit.mean[c]!), 0));
}

/** Relative closeness, with an absolute floor for values near 0. */
export function closeRel(actual: number, expected: number, rel = 1e-6): boolean {
  return Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), 1e-9);
}
