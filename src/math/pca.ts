import { symmetricEigen } from './eigen.js';
import { centredCovariance, centredGram } from './gram.js';
import { columnMeans, dualComponents, projectCentred } from './pca-products.js';
import { assertInteger, assertMatrix, type NumericArray } from './validate.js';

/** A PCA fit of one stacked matrix (method.md Distances steps 1-3). All arrays row-major. */
export interface PcaFit {
  /** Rows (images) and columns (features) of the fitted matrix. */
  rows: number;
  cols: number;
  /** Column means of the fitted matrix, length cols. */
  mean: Float64Array;
  /** zUsed x cols; row i = i-th principal axis (unit norm), largest-|entry| positive. */
  components: Float64Array;
  /** zUsed; sigma_i^2 / (rows - 1), descending. */
  explainedVariance: Float64Array;
  /** rows x zUsed; row r = centred row r times components^T (image r's PCA coordinates). */
  scores: Float64Array;
  /** Numerical rank of the centred matrix (at most rows - 1); see `rankTolerance`. */
  rank: number;
  /** The z asked for, and the z used: min(zRequested, rank). */
  zRequested: number;
  zUsed: number;
  /** True when zRequested > rank, so fewer components were kept than asked for. */
  clamped: boolean;
  /** 'dual': eigen of the rows x rows Gram A A^T (cols > rows); 'primal': of A^T A. */
  method: 'dual' | 'primal';
}

/**
 * Eigenvalues of A A^T (or A^T A) at or below this are treated as zero:
 * `lambda_max * max(rows, cols) * 2^-52`. Forming and decomposing the squared problem in
 * float64 perturbs every eigenvalue by about eps * lambda_max times a modest factor, so smaller
 * ones are indistinguishable from rounding. In singular-value terms the cut-off is
 * sigma_max * sqrt(max(rows, cols) * eps) (about 1e-7 sigma_max here), the resolution limit of
 * any Gram-based PCA; numpy's matrix_rank uses sigma_max * max(rows, cols) * eps on an SVD.
 */
export function rankTolerance(lambdaMax: number, rows: number, cols: number): number {
  return Math.max(lambdaMax, 0) * Math.max(rows, cols) * 2 ** -52;
}

/**
 * PCA of `x` (rows x cols, rows = images, row-major; not modified), keeping z components
 * (method.md Distances steps 2-3: centre, then thin SVD A = U S V^T and Y = A V_z).
 *
 * When cols > rows (the usual case: 575 images, 4096+ features) it uses the dual form:
 * the rows x rows Gram matrix A A^T, whose eigenvectors u_i and eigenvalues sigma_i^2 give
 * components v_i = A^T u_i / sigma_i and scores u_i sigma_i; no cols x cols matrix is built.
 * Otherwise it decomposes the cols x cols matrix A^T A. Both accumulate in float64.
 * If z exceeds the numerical rank, zUsed = rank and `clamped` is set.
 *
 * @throws TypeError / RangeError for a wrong array kind, shape, non-finite value or z < 1.
 */
export function fitPca(x: NumericArray, rows: number, cols: number, z: number): PcaFit {
  assertMatrix(x, rows, cols, 'x');
  assertInteger(rows, 'rows', 1);
  assertInteger(cols, 'cols', 1);
  assertInteger(z, 'z', 1);
  const mean = columnMeans(x, rows, cols);
  const method = cols > rows ? 'dual' : 'primal';
  const order = method === 'dual' ? rows : cols;
  const gram = method === 'dual' ? centredGram(x, rows, cols, mean) : centredCovariance(x, rows, cols, mean);
  const eigen = symmetricEigen(gram, order);
  const lambdas = eigen.values;
  const tol = rankTolerance(lambdas[0], rows, cols);
  let rank = 0;
  while (rank < Math.min(order, rows - 1) && lambdas[rank] > tol) rank++;
  const zUsed = Math.min(z, rank);
  const vectors = eigen.eigenvectors(zUsed);
  const sigma = lambdas.slice(0, zUsed).map(Math.sqrt);
  let components: Float64Array;
  let scores: Float64Array;
  if (method === 'dual') {
    components = dualComponents(x, rows, cols, mean, vectors, sigma);
    scores = new Float64Array(rows * zUsed);
    for (let i = 0; i < zUsed; i++) {
      for (let r = 0; r < rows; r++) scores[r * zUsed + i] = vectors[i * rows + r] * sigma[i];
    }
  } else {
    components = vectors;
    scores = projectCentred(x, rows, cols, mean, components, zUsed);
  }
  applySignConvention(components, scores, rows, cols, zUsed);
  const explainedVariance = lambdas.slice(0, zUsed).map((l) => l / (rows - 1));
  return {
    rows,
    cols,
    mean,
    components,
    explainedVariance,
    scores,
    rank,
    zRequested: z,
    zUsed,
    clamped: z > rank,
    method,
  };
}

/**
 * Coordinates of new rows in an existing fit, with its stored mean and components and no
 * refit (method.md Distances step 9: a new image projected with the stored (P, S) fit).
 *
 * @param x rows x fit.cols, row-major, not modified.
 * @returns rows x fit.zUsed, row r = (x_r - mean) components^T.
 */
export function projectRows(fit: PcaFit, x: NumericArray, rows: number): Float64Array {
  assertMatrix(x, rows, fit.cols, 'x');
  return projectCentred(x, rows, fit.cols, fit.mean, fit.components, fit.zUsed);
}

/**
 * Makes each component's largest-|value| entry (first such index on ties) positive, flipping
 * the matching score column with it. Any correct PCA is determined up to these signs
 * (method.md step 3); fixing them makes fits reproducible and comparable.
 */
export function applySignConvention(
  components: Float64Array,
  scores: Float64Array,
  rows: number,
  cols: number,
  k: number,
): void {
  for (let i = 0; i < k; i++) {
    let best = 0;
    for (let c = 1; c < cols; c++) {
      if (Math.abs(components[i * cols + c]) > Math.abs(components[i * cols + best])) best = c;
    }
    if (components[i * cols + best] >= 0) continue;
    for (let c = 0; c < cols; c++) components[i * cols + c] = -components[i * cols + c];
    for (let r = 0; r < rows; r++) scores[r * k + i] = -scores[r * k + i];
  }
}
