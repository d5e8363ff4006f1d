/**
 * Top-z PCA that scales (method.md Distances steps 2-3), choosing the solver by shape:
 *
 * - small orders: `fitPca` (pca.ts), the exact Gram/covariance + full tridiagonal eigen, unchanged;
 * - `exact-dual` / `exact-primal`: the smaller of the (rows x rows) Gram or (cols x cols) covariance
 *   is formed with the injected GEMM, streamed in panels of the embeddings (the Gram: its lower
 *   staircase only); up to `directOrder` (1024) its full tridiagonal eigen gives the top z
 *   eigenvectors exactly; above, block subspace iteration with Rayleigh-Ritz on that matrix (each
 *   step one order^2 x k product), falling back to the full tridiagonal eigen when it does not converge;
 * - `randomized`: when forming that matrix would cost more than iterating on the data (both sides
 *   large), a randomized range finder with power iterations on A^T A, never forming any
 *   order^2 matrix: every step streams A in row blocks (A V, then A^T (A V)), so memory is
 *   (rows + cols) x k plus one block beyond the input.
 *
 * Accuracy. Distances depend on the top-z subspace only (any rotation inside it preserves them),
 * so every iterative path iterates until a Davis-Kahan bound on the sine of the angle between the
 * computed and the exact top-z subspace, ||R_z||_F / (theta_z - theta_{z+1}) from the Ritz
 * residuals R, is below `tolerance` (1e-9: distances then agree to about that relative error, far
 * inside the 1e-6 the answers promise). The rate per step is (lambda_{k+1} / lambda_z), so a slowly
 * decaying spectrum needs more steps, and a spectrum whose z-th and (z+1)-th eigenvalues (nearly)
 * coincide has no well-defined top-z subspace: there the iteration cannot meet the bound and the
 * solver falls back to the exact full eigen (formed paths), or reports `converged: false` with the
 * bound it reached (randomized path, where no exact route fits in memory). `PcaSolver` says which.
 */
import { symmetricEigen } from './eigen.js';
import type { Gemm } from './gemm.js';
import { applySignConvention, fitPca, type PcaFit, rankTolerance } from './pca.js';
import { columnMeans } from './pca-products.js';
import { mulberry32 } from './random.js';
import { assertFinite, assertInteger, assertMatrixShape, type NumericArray } from './validate.js';

/** Which solver produced a fit, with its parameters (reported with every fit). */
export interface PcaSolver {
  /** exact-dual: rows x rows Gram formed; exact-primal: cols x cols covariance formed; randomized: neither. */
  kind: 'exact-dual' | 'exact-primal' | 'randomized';
  /** tridiagonal: full eigen of the formed matrix; subspace: block subspace iteration with Rayleigh-Ritz. */
  eigensolver: 'tridiagonal' | 'subspace';
  /** Block size k = z + oversampling (0 for tridiagonal). */
  blockSize: number;
  oversampling: number;
  /** Subspace (power) iterations performed. */
  iterations: number;
  /** Bound on sin(angle) between the computed and the exact top-z subspace (0 for tridiagonal). */
  subspaceError: number;
  converged: boolean;
  /** The GEMM used for the dense products ('js' for the scalar loops of pca.ts). */
  gemm: string;
  /** Why the tridiagonal fallback ran, when it did. */
  fallback: string | null;
}

export interface TopPcaFit extends PcaFit {
  solver: PcaSolver;
  /** Sum of squared centred entries over rows - 1 (the trace of the formed matrix when one is formed). */
  totalVariance: number;
}

export interface TopPcaOptions {
  gemm: Gemm;
  /** Name reported in `solver.gemm`. */
  gemmName?: string;
  /** Orders at or below this use `fitPca` (exact, all scalar). Default 160. */
  smallOrder?: number;
  /** The Gram/covariance is never formed above this order. Default 4096 (128 MB of float64). */
  formLimit?: number;
  /** Bytes of float64 per streamed block of the embeddings. Default 32 MB. */
  blockBytes?: number;
  /** Bound on sin(subspace angle) to stop at. Default 1e-9. */
  tolerance?: number;
  /** Oversampling p (block size k = z + p). Default max(10, z). */
  oversampling?: number;
  /** Iteration caps: on a formed matrix (cheap steps) and on the data (one pass a step). */
  maxIterationsFormed?: number;
  maxIterationsRandomized?: number;
  /** Formed orders up to which the tridiagonal fallback may run. Default 2048. */
  fallbackLimit?: number;
  /**
   * Formed orders up to which the full tridiagonal eigen runs directly, without subspace
   * iteration. Default 1024: there its O(order^3) reduction (WebAssembly SIMD, eigen.ts) costs
   * no more than the ~45 steps the iteration takes on slowly decaying spectra (8 GEMM calls and a
   * Rayleigh-Ritz each), and it is exact; at the paper's 575-image Gram it is 3-4x faster.
   */
  directOrder?: number;
  /** Forces a path (tests, benchmarks); `auto` chooses by cost. */
  force?: 'auto' | 'exact' | 'randomized';
  seed?: number;
  /** Called between blocks and iterations; throws to cancel. */
  checkpoint?: () => void;
  /**
   * Where the centred blocks are written: `length` float64 (at most blockBytes), reused by the
   * caller across fits so their pages are mapped once (see BlockReader). Default: one new buffer a fit.
   */
  scratch?: (length: number) => Float64Array;
}

const DEFAULTS = {
  smallOrder: 160,
  formLimit: 4096,
  blockBytes: 32 * 1024 * 1024,
  tolerance: 1e-9,
  maxIterationsFormed: 600,
  maxIterationsRandomized: 80,
  fallbackLimit: 2048,
  directOrder: 1024,
  seed: 0x5eed,
};
/**
 * Column panels (the Gram, the dual components) are at most this large, under blockBytes: a
 * panel a few thousand columns wide keeps the GEMM calls large, and a smaller buffer is a smaller
 * first touch (new memory costs a page fault a page: ~20 us each on a loaded machine).
 */
const PANEL_BYTES = 8 * 1024 * 1024;
/**
 * Row blocks of the Gram's staircase: (blocks + 1) / (2 blocks) of the full product's work, one
 * GEMM call per block and panel; blocks under GRAM_MIN_BLOCK_ROWS rows are not worth a call.
 */
const GRAM_ROW_BLOCKS = 4;
const GRAM_MIN_BLOCK_ROWS = 64;
/**
 * Data passes the randomized path is costed at, used only to choose the cheaper path. Slowly
 * decaying spectra take 45-48 (as on the formed matrix), and each pass re-centres every block and
 * runs skinny GEMMs, so its time per multiply-add is worse than forming's: measured on 2 cores
 * (z = 25), rows x cols 20,000 x 2,048: formed 6.9 s, randomized 23.7 s; 3,000 x 16,000: 7.9 s
 * and 27.1 s; 20,000 x 4,096: 30.4 s and 41.9 s. At 12 the randomized path was chosen for all three.
 */
const EXPECTED_PASSES = 45;

/**
 * Top-z PCA of x (rows x cols, row-major, not modified) with the solver chosen by shape; same
 * result fields and conventions as `fitPca` (mean, unit components with their largest-|entry|
 * positive, scores, explained variance, rank, clamp), plus `solver`.
 * For the iterative paths, `rank` is exact when it is below the block size and otherwise the
 * full rank min(rows - 1, cols) (no eigenvalue beyond the block is computed).
 */
export async function fitTopPca(
  x: NumericArray,
  rows: number,
  cols: number,
  z: number,
  options: TopPcaOptions,
): Promise<TopPcaFit> {
  assertInteger(rows, 'rows', 1);
  assertInteger(cols, 'cols', 1);
  assertInteger(z, 'z', 1);
  const o = { ...DEFAULTS, ...options };
  const check = o.checkpoint ?? (() => {});
  const gemmName = o.gemmName ?? 'injected';
  const orientation = cols > rows ? 'dual' : 'primal';
  const order = Math.min(rows, cols);
  const oversampling = o.oversampling ?? Math.max(10, z);
  const k = Math.min(z + oversampling, order);
  const force = o.force ?? 'auto';

  if (force === 'auto' && (order <= o.smallOrder || k >= order)) {
    const fit = fitPca(x, rows, cols, z); // checks x itself
    return {
      ...fit,
      solver: exactSolver(orientation, 'js', null),
      totalVariance: centredSquares(x, rows, cols, fit.mean) / (rows - 1),
    };
  }
  const formCost = rows * cols * order;
  const randomizedCost = EXPECTED_PASSES * 2 * rows * cols * k;
  const formed = force === 'exact' || (force === 'auto' && order <= o.formLimit && formCost <= randomizedCost);
  // The shape here, finiteness from the means (one pass less over the data): a non-finite entry
  // makes its column's sum non-finite, and only then are the entries searched for it.
  assertMatrixShape(x, rows, cols, 'x');
  const mean = columnMeans(x, rows, cols);
  if (!mean.every(Number.isFinite)) assertFinite(x, 'x');
  const blocks = new BlockReader(x, rows, cols, mean, o.blockBytes, o.scratch);

  if (formed) {
    check();
    const m = orientation === 'dual' ? await blocks.gram(o.gemm, check) : await blocks.covariance(o.gemm, check);
    let trace = 0;
    for (let i = 0; i < order; i++) trace += m[i * order + i];
    const apply = (v: Float64Array, width: number) => o.gemm(m, v, order, order, width);
    const direct = order <= o.directOrder;
    let eig = direct
      ? tridiagonalTop(m, order, z, rows, cols)
      : await subspaceEigen(apply, order, z, k, rows, cols, o.tolerance, o.maxIterationsFormed, o, check);
    let fallback: string | null = null;
    let solver: PcaSolver;
    if (direct) solver = exactSolver(orientation, gemmName, null);
    else if (!eig.converged && order <= o.fallbackLimit) {
      fallback =
        `subspace iteration reached a subspace error of ${eig.error.toExponential(2)} after ${eig.iterations} ` +
        `iterations (eigenvalues ${eig.zUsed} and ${eig.zUsed + 1} nearly coincide): full tridiagonal eigen instead`;
      eig = tridiagonalTop(m, order, z, rows, cols);
      solver = exactSolver(orientation, gemmName, fallback);
    } else {
      solver = {
        kind: orientation === 'dual' ? 'exact-dual' : 'exact-primal',
        eigensolver: 'subspace',
        blockSize: k,
        oversampling: k - Math.min(z, k),
        iterations: eig.iterations,
        subspaceError: eig.error,
        converged: eig.converged,
        gemm: gemmName,
        fallback,
      };
    }
    const zUsed = eig.zUsed;
    const sigma = eig.values.slice(0, zUsed).map(Math.sqrt);
    let components: Float64Array;
    let scores: Float64Array;
    if (orientation === 'dual') {
      // Ritz vectors are u_i (rows x k, columns); v_i = A^T u_i / sigma_i, renormalised.
      const coef = new Float64Array(rows * zUsed);
      for (let r = 0; r < rows; r++)
        for (let i = 0; i < zUsed; i++) coef[r * zUsed + i] = eig.vectors[r * eig.k + i] / sigma[i];
      components = await blocks.transposeTimes(o.gemm, coef, zUsed, check);
      normaliseRows(components, zUsed, cols);
      scores = new Float64Array(rows * zUsed);
      for (let r = 0; r < rows; r++)
        for (let i = 0; i < zUsed; i++) scores[r * zUsed + i] = eig.vectors[r * eig.k + i] * sigma[i];
    } else {
      components = leadingColumnsTransposed(eig.vectors, cols, eig.k, zUsed);
      scores = await blocks.times(o.gemm, components, zUsed, check);
    }
    return finish(rows, cols, z, mean, components, scores, eig, solver, trace);
  }

  // Randomized: power iterations on A^T A, streamed; nothing order^2 is formed.
  const apply = (v: Float64Array, width: number) => blocks.normalProduct(o.gemm, v, width, check);
  const eig = await subspaceEigen(apply, cols, z, k, rows, cols, o.tolerance, o.maxIterationsRandomized, o, check);
  const zUsed = eig.zUsed;
  const components = leadingColumnsTransposed(eig.vectors, cols, eig.k, zUsed);
  const scores = await blocks.times(o.gemm, components, zUsed, check);
  const solver: PcaSolver = {
    kind: 'randomized',
    eigensolver: 'subspace',
    blockSize: k,
    oversampling: k - Math.min(z, k),
    iterations: eig.iterations,
    subspaceError: eig.error,
    converged: eig.converged,
    gemm: gemmName,
    fallback: null,
  };
  return finish(rows, cols, z, mean, components, scores, eig, solver, centredSquares(x, rows, cols, mean));
}

function exactSolver(orientation: 'dual' | 'primal', gemm: string, fallback: string | null): PcaSolver {
  return {
    kind: orientation === 'dual' ? 'exact-dual' : 'exact-primal',
    eigensolver: 'tridiagonal',
    blockSize: 0,
    oversampling: 0,
    iterations: 0,
    subspaceError: 0,
    converged: true,
    gemm,
    fallback,
  };
}

function finish(
  rows: number,
  cols: number,
  z: number,
  mean: Float64Array,
  components: Float64Array,
  scores: Float64Array,
  eig: TopEigen,
  solver: PcaSolver,
  squares: number,
): TopPcaFit {
  const zUsed = eig.zUsed;
  applySignConvention(components, scores, rows, cols, zUsed);
  return {
    rows,
    cols,
    mean,
    components,
    explainedVariance: eig.values.slice(0, zUsed).map((l) => l / (rows - 1)),
    scores,
    rank: eig.rank,
    zRequested: z,
    zUsed,
    clamped: z > eig.rank,
    method: cols > rows ? 'dual' : 'primal',
    solver,
    totalVariance: squares / (rows - 1),
  };
}

/** Sum of the squared entries of x - 1 mean^T. */
function centredSquares(x: NumericArray, rows: number, cols: number, mean: Float64Array): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) {
      const d = x[o + c] - mean[c];
      total += d * d;
    }
  }
  return total;
}

/** Top eigenpairs of a symmetric operator: values descending (k), vectors order x k (column i = vector i). */
interface TopEigen {
  values: Float64Array;
  vectors: Float64Array;
  k: number;
  zUsed: number;
  rank: number;
  iterations: number;
  error: number;
  converged: boolean;
}

/** Rank from the leading eigenvalues: exact when one of them falls below the tolerance. */
function rankFrom(values: Float64Array, rows: number, cols: number, fullKnown: boolean): number {
  const tol = rankTolerance(values[0], rows, cols);
  const cap = Math.min(rows - 1, cols);
  let r = 0;
  while (r < Math.min(values.length, cap) && values[r] > tol) r++;
  return r === values.length && !fullKnown ? cap : r;
}

/** The exact route on a formed matrix: full tridiagonal eigen (pca.ts's engine). */
function tridiagonalTop(m: Float64Array, order: number, z: number, rows: number, cols: number): TopEigen {
  const e = symmetricEigen(m, order);
  const rank = rankFrom(e.values, rows, cols, true);
  const zUsed = Math.min(z, rank);
  const rowsOfVectors = e.eigenvectors(zUsed); // zUsed x order
  const vectors = new Float64Array(order * zUsed);
  for (let i = 0; i < zUsed; i++) for (let r = 0; r < order; r++) vectors[r * zUsed + i] = rowsOfVectors[i * order + r];
  return {
    values: e.values.slice(0, zUsed),
    vectors,
    k: zUsed,
    zUsed,
    rank,
    iterations: 0,
    error: 0,
    converged: true,
  };
}

/**
 * Block subspace iteration with Rayleigh-Ritz on a symmetric positive semi-definite operator
 * `apply(V) = M V` (order x k, row-major): V <- orth(M V), then the Ritz pairs of V^T M V.
 * Stops when the Davis-Kahan bound ||R_z||_F / (theta_z - theta_{z+1}) <= tolerance.
 */
async function subspaceEigen(
  apply: (v: Float64Array, width: number) => Promise<Float64Array>,
  order: number,
  z: number,
  k: number,
  rows: number,
  cols: number,
  tolerance: number,
  maxIterations: number,
  o: { gemm: Gemm; seed: number },
  check: () => void,
): Promise<TopEigen> {
  const gemm = o.gemm;
  const random = mulberry32(o.seed);
  let v: Float64Array = new Float64Array(order * k);
  for (let i = 0; i < v.length; i++) v[i] = gaussian(random);
  v = await orthonormalColumns(gemm, v, order, k, random);
  let last: TopEigen | null = null;
  for (let it = 1; it <= maxIterations; it++) {
    check();
    const mv = await apply(v, k);
    const h = await gemm(v, mv, k, order, k, true, false);
    for (let i = 0; i < k; i++)
      for (let j = 0; j < i; j++) h[i * k + j] = h[j * k + i] = 0.5 * (h[i * k + j] + h[j * k + i]);
    const e = symmetricEigen(h, k);
    const s = transposeSquare(e.eigenvectors(k), k); // column i = Ritz coefficients of pair i
    const w = await gemm(v, s, order, k, k);
    const mw = await gemm(mv, s, order, k, k);
    const values = e.values.map((t) => Math.max(t, 0));
    const rank = rankFrom(values, rows, cols, k >= Math.min(rows - 1, cols));
    const zUsed = Math.min(z, rank);
    let residual2 = 0;
    for (let r = 0; r < order; r++) {
      for (let i = 0; i < zUsed; i++) {
        const d = mw[r * k + i] - values[i] * w[r * k + i];
        residual2 += d * d;
      }
    }
    const gap = zUsed === 0 ? 1 : zUsed < k ? values[zUsed - 1] - values[zUsed] : values[zUsed - 1];
    // A sine is at most 1: a zero gap (equal eigenvalues at the cut) reports 1, never converged.
    const error = zUsed === 0 ? 0 : gap > 0 ? Math.min(1, Math.sqrt(residual2) / gap) : 1;
    last = { values, vectors: w, k, zUsed, rank, iterations: it, error, converged: error <= tolerance && error < 1 };
    if (last.converged) return last;
    v = await orthonormalColumns(gemm, mw, order, k, random);
  }
  return last!;
}

/**
 * Orthonormal columns spanning those of v (order x k): columns scaled to unit norm, then
 * Cholesky QR twice (all products through the GEMM). Falls back to modified Gram-Schmidt
 * (replacing dependent columns by random ones) when the block is numerically rank deficient.
 */
async function orthonormalColumns(
  gemm: Gemm,
  v: Float64Array,
  order: number,
  k: number,
  random: () => number,
): Promise<Float64Array> {
  scaleColumns(v, order, k);
  let q = v;
  for (let pass = 0; pass < 2; pass++) {
    const g = await gemm(q, q, k, order, k, true, false);
    const rInv = inverseCholeskyFactor(g, k);
    if (!rInv) return gramSchmidtColumns(v, order, k, random);
    q = await gemm(q, rInv, order, k, k);
  }
  return q;
}

/** R^{-1} for G = R^T R (R upper triangular), or null when G is not safely positive definite. */
function inverseCholeskyFactor(g: Float64Array, k: number): Float64Array | null {
  const l = new Float64Array(k * k); // G = L L^T, L lower
  let maxDiag = 0;
  for (let i = 0; i < k; i++) maxDiag = Math.max(maxDiag, g[i * k + i]);
  for (let j = 0; j < k; j++) {
    let d = g[j * k + j];
    for (let p = 0; p < j; p++) d -= l[j * k + p] ** 2;
    if (!(d > maxDiag * 1e-10)) return null;
    const ljj = Math.sqrt(d);
    l[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = g[i * k + j];
      for (let p = 0; p < j; p++) s -= l[i * k + p] * l[j * k + p];
      l[i * k + j] = s / ljj;
    }
  }
  // R = L^T; R^{-1} = (L^{-1})^T. Invert L by forward substitution.
  const linv = new Float64Array(k * k);
  for (let c = 0; c < k; c++) {
    for (let i = c; i < k; i++) {
      let s = i === c ? 1 : 0;
      for (let p = c; p < i; p++) s -= l[i * k + p] * linv[p * k + c];
      linv[i * k + c] = s / l[i * k + i];
    }
  }
  return transposeSquare(linv, k);
}

/** Modified Gram-Schmidt, twice, on the columns; a column that vanishes is replaced by a random one. */
function gramSchmidtColumns(v: Float64Array, order: number, k: number, random: () => number): Float64Array {
  const cols: Float64Array[] = [];
  for (let i = 0; i < k; i++) {
    const c = new Float64Array(order);
    for (let r = 0; r < order; r++) c[r] = v[r * k + i];
    let tries = 0;
    for (;;) {
      const before = norm(c);
      for (let pass = 0; pass < 2; pass++) {
        for (const q of cols) {
          let d = 0;
          for (let r = 0; r < order; r++) d += q[r] * c[r];
          for (let r = 0; r < order; r++) c[r] -= d * q[r];
        }
      }
      const after = norm(c);
      if (after > before * 1e-8 && after > 0) {
        for (let r = 0; r < order; r++) c[r] /= after;
        break;
      }
      if (++tries > 5) throw new RangeError('cannot complete an orthonormal basis');
      for (let r = 0; r < order; r++) c[r] = gaussian(random);
    }
    cols.push(c);
  }
  const out = new Float64Array(order * k);
  cols.forEach((c, i) => {
    for (let r = 0; r < order; r++) out[r * k + i] = c[r];
  });
  return out;
}

function norm(c: Float64Array): number {
  let s = 0;
  for (let r = 0; r < c.length; r++) s += c[r] * c[r];
  return Math.sqrt(s);
}

function scaleColumns(v: Float64Array, order: number, k: number): void {
  const n2 = new Float64Array(k);
  for (let r = 0; r < order; r++) for (let i = 0; i < k; i++) n2[i] += v[r * k + i] ** 2;
  const inv = n2.map((s) => (s > 0 ? 1 / Math.sqrt(s) : 0));
  for (let r = 0; r < order; r++) for (let i = 0; i < k; i++) v[r * k + i] *= inv[i];
}

function transposeSquare(a: Float64Array, k: number): Float64Array {
  const t = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) t[j * k + i] = a[i * k + j];
  return t;
}

/** The first `take` columns of an order x k matrix, as take x order (rows = components). */
function leadingColumnsTransposed(v: Float64Array, order: number, k: number, take: number): Float64Array {
  const out = new Float64Array(take * order);
  for (let r = 0; r < order; r++) for (let i = 0; i < take; i++) out[i * order + r] = v[r * k + i];
  return out;
}

function normaliseRows(v: Float64Array, count: number, length: number): void {
  for (let i = 0; i < count; i++) {
    let s = 0;
    for (let c = 0; c < length; c++) s += v[i * length + c] ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let c = 0; c < length; c++) v[i * length + c] *= inv;
  }
}

/** Standard normal by Box-Muller from a uniform source. */
function gaussian(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * Centred float64 blocks of x: row blocks (for A V, A^T Y, A^T A) and column panels (for A A^T),
 * each at most `blockBytes`, so no centred copy of the whole matrix is ever held. Every block is
 * written into one buffer, reused: a fresh tens-of-MB array per block costs its page faults again
 * each time, which at q = 16000 took longer than the products themselves.
 */
class BlockReader {
  readonly blockRows: number;
  readonly panelCols: number;
  private buffer: Float64Array | null = null;
  constructor(
    private readonly x: NumericArray,
    private readonly rows: number,
    private readonly cols: number,
    private readonly mean: Float64Array,
    blockBytes: number,
    private readonly provide: (length: number) => Float64Array = (length) => new Float64Array(length),
  ) {
    this.blockRows = Math.max(1, Math.min(rows, Math.floor(blockBytes / (8 * cols))));
    const panelBytes = Math.min(blockBytes, PANEL_BYTES);
    this.panelCols = Math.max(1, Math.min(cols, Math.floor(panelBytes / (8 * rows))));
  }

  /** The reused block buffer's first `length` entries; valid until the next block is read. */
  private scratch(length: number): Float64Array {
    if (!this.buffer || this.buffer.length < length) this.buffer = this.provide(length);
    return this.buffer.subarray(0, length);
  }

  /** Centred rows [r0, r1), all columns: (r1 - r0) x cols (in the reused buffer). */
  rowBlock(r0: number, r1: number): Float64Array {
    const { x, cols, mean } = this;
    const out = this.scratch((r1 - r0) * cols);
    for (let r = r0; r < r1; r++) {
      const src = r * cols;
      const dst = (r - r0) * cols;
      for (let c = 0; c < cols; c++) out[dst + c] = x[src + c] - mean[c];
    }
    return out;
  }

  /** Centred columns [c0, c1), all rows: rows x (c1 - c0) (in the reused buffer). */
  panel(c0: number, c1: number): Float64Array {
    const { x, rows, cols, mean } = this;
    const w = c1 - c0;
    const out = this.scratch(rows * w);
    for (let r = 0; r < rows; r++) {
      const src = r * cols + c0;
      for (let c = 0; c < w; c++) out[r * w + c] = x[src + c] - mean[c0 + c];
    }
    return out;
  }

  /** A A^T (rows x rows), summed over column panels. */
  async gram(gemm: Gemm, check: () => void): Promise<Float64Array> {
    const n = this.rows;
    const g = new Float64Array(n * n);
    // The lower staircase only: row block [r0, r1) of the panel times its rows [0, r1), one
    // product per block (a prefix of a row-major panel is contiguous); the upper part is mirrored.
    const blocks = n >= 4 * GRAM_MIN_BLOCK_ROWS ? GRAM_ROW_BLOCKS : 1;
    const bounds = Array.from({ length: blocks + 1 }, (_, i) => Math.round((i * n) / blocks));
    for (let c0 = 0; c0 < this.cols; c0 += this.panelCols) {
      check();
      const c1 = Math.min(this.cols, c0 + this.panelCols);
      const w = c1 - c0;
      const p = this.panel(c0, c1);
      for (let b = 0; b < blocks; b++) {
        const r0 = bounds[b]!;
        const r1 = bounds[b + 1]!;
        const part = await gemm(p.subarray(r0 * w, r1 * w), p.subarray(0, r1 * w), r1 - r0, w, r1, false, true);
        for (let r = r0; r < r1; r++) {
          const src = (r - r0) * r1;
          const dst = r * n;
          for (let c = 0; c < r1; c++) g[dst + c] += part[src + c];
        }
      }
    }
    // Inside the diagonal blocks both triangles were computed (symmetrise averages them); above
    // them, the mirror of the lower part.
    for (let b = 0; b < blocks; b++)
      for (let r = bounds[b]!; r < bounds[b + 1]!; r++)
        for (let c = bounds[b + 1]!; c < n; c++) g[r * n + c] = g[c * n + r];
    return symmetrise(g, n);
  }

  /** A^T A (cols x cols), summed over row blocks. */
  async covariance(gemm: Gemm, check: () => void): Promise<Float64Array> {
    const c = new Float64Array(this.cols * this.cols);
    for (let r0 = 0; r0 < this.rows; r0 += this.blockRows) {
      check();
      const r1 = Math.min(this.rows, r0 + this.blockRows);
      const b = this.rowBlock(r0, r1);
      addInto(c, await gemm(b, b, this.cols, r1 - r0, this.cols, true, false));
    }
    return symmetrise(c, this.cols);
  }

  /** A^T (A V) for V cols x k, in one pass over row blocks. */
  async normalProduct(gemm: Gemm, v: Float64Array, k: number, check: () => void): Promise<Float64Array> {
    const out = new Float64Array(this.cols * k);
    for (let r0 = 0; r0 < this.rows; r0 += this.blockRows) {
      check();
      const r1 = Math.min(this.rows, r0 + this.blockRows);
      const b = this.rowBlock(r0, r1);
      const y = await gemm(b, v, r1 - r0, this.cols, k);
      addInto(out, await gemm(b, y, this.cols, r1 - r0, k, true, false));
    }
    return out;
  }

  /** A C^T for C (count x cols): rows x count (the scores of components C). */
  async times(gemm: Gemm, c: Float64Array, count: number, check: () => void): Promise<Float64Array> {
    const out = new Float64Array(this.rows * count);
    for (let r0 = 0; r0 < this.rows; r0 += this.blockRows) {
      check();
      const r1 = Math.min(this.rows, r0 + this.blockRows);
      out.set(await gemm(this.rowBlock(r0, r1), c, r1 - r0, this.cols, count, false, true), r0 * count);
    }
    return out;
  }

  /** U^T A for U (rows x count): count x cols, summed over column panels. */
  async transposeTimes(gemm: Gemm, u: Float64Array, count: number, check: () => void): Promise<Float64Array> {
    const out = new Float64Array(count * this.cols);
    for (let c0 = 0; c0 < this.cols; c0 += this.panelCols) {
      check();
      const c1 = Math.min(this.cols, c0 + this.panelCols);
      const w = c1 - c0;
      const part = await gemm(u, this.panel(c0, c1), count, this.rows, w, true, false);
      for (let i = 0; i < count; i++) out.set(part.subarray(i * w, (i + 1) * w), i * this.cols + c0);
    }
    return out;
  }
}

function addInto(target: Float64Array, add: Float64Array): void {
  for (let i = 0; i < target.length; i++) target[i] += add[i];
}

/** Exact symmetry (the GEMM's two triangles may differ in the last bit). */
function symmetrise(m: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (m[i * n + j] + m[j * n + i]);
      m[i * n + j] = v;
      m[j * n + i] = v;
    }
  return m;
}
