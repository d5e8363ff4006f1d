/**
 * An independent, deliberately plain float64 reference for method.md "Distances": arrays of
 * rows, the tests' reference PCA (a Jacobi SVD), explicit loops. It shares no code with
 * src/analytics, so agreement means the service (DB -> PCA -> distances -> GraphQL) is right.
 */

export type Rows = number[][];

export { referencePca, referenceProject, type ReferencePca as ReferenceFit } from '../../helpers/reference-pca.js';

export const euclid = (u: number[], v: number[]) => Math.sqrt(u.reduce((s, x, i) => s + (x - v[i]!) ** 2, 0));

/** D, IDist (sum) and ODist of S against P, in the PCA space of the given stacked fit rows. */
export function referenceDistances(pScores: Rows, sScores: Rows) {
  const d = sScores.map((s) => pScores.map((p) => euclid(s, p)));
  const idist = d.map((row) => row.reduce((a, b) => a + b, 0));
  const odist = idist.reduce((a, b) => a + b, 0) / idist.length;
  return { d, idist, odist };
}

/** Relative closeness, with an absolute floor for values near 0. */
export function closeRel(actual: number, expected: number, rel = 1e-6): boolean {
  return Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), 1e-9);
}
