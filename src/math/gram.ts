import { createGramKernel, GROUP_ROWS, type GramKernelKind } from './gram-kernel.js';
import type { NumericArray } from './validate.js';

/** Summation indices per panel: 575 vectors x 512 of float64 (2.4 MB) stay in the L3 cache. */
const PANEL_DEPTH = 512;

/**
 * The centred Gram matrix `G = A A^T` with `A = X - 1 mean^T`, in float64 (method.md
 * Distances step 3, dual form: the rows x rows matrix whose eigenvectors give U).
 *
 * `x` is rows x cols, row-major, and is not modified; `mean` has length `cols` (`null` for
 * data that are already centred). Returns rows x rows, row-major and exactly symmetric:
 * entry (i, j) is the dot product of centred rows i and j.
 *
 * Centring happens while packing each panel, so no centred copy of `x` is ever held: memory
 * is O(rows^2 + rows * 512) beyond the input. Centring before multiplying (rather than
 * correcting an uncentred Gram afterwards) avoids cancellation when the mean is large
 * relative to the spread, which is common for embeddings.
 *
 * @param kernel 'wasm-simd' (default; falls back to 'js' where unsupported) or 'js'.
 */
export function centredGram(
  x: NumericArray,
  rows: number,
  cols: number,
  mean: Float64Array | null,
  kernel: GramKernelKind = 'wasm-simd',
): Float64Array {
  const m = mean ?? new Float64Array(cols);
  return gramOf(rows, cols, kernel, (panel, d0, width, pairs) => {
    packRowsPanel(x, rows, cols, m, d0, width, pairs, panel);
  });
}

/**
 * The centred cross-product `C = A^T A` (cols x cols, row-major, symmetric) with
 * `A = X - 1 mean^T` (method.md Distances step 3, primal form: its eigenvectors are V).
 * Same kernel and guarantees as `centredGram`, with the roles of rows and columns swapped.
 */
export function centredCovariance(
  x: NumericArray,
  rows: number,
  cols: number,
  mean: Float64Array | null,
  kernel: GramKernelKind = 'wasm-simd',
): Float64Array {
  const m = mean ?? new Float64Array(cols);
  return gramOf(cols, rows, kernel, (panel, d0, width, pairs) => {
    packColumnsPanel(x, cols, m, d0, width, pairs, panel);
  });
}

type Packer = (panel: Float64Array, d0: number, width: number, pairs: number) => void;

/** G = sum over panels of the summation index; `order` vectors of length `depth`. */
function gramOf(order: number, depth: number, kernel: GramKernelKind, pack: Packer): Float64Array {
  const groups = Math.ceil(order / GROUP_ROWS);
  const k = createGramKernel(groups, evenPairs(Math.min(depth, PANEL_DEPTH)), kernel);
  for (let d0 = 0; d0 < depth; d0 += PANEL_DEPTH) {
    const width = Math.min(PANEL_DEPTH, depth - d0);
    const pairs = evenPairs(width);
    k.panel.fill(0, 0, groups * pairs * 4); // padding vectors and indices add nothing
    pack(k.panel, d0, width, pairs);
    k.accumulate(groups, pairs);
  }
  return symmetricFromUpperBlocks(k.gram, GROUP_ROWS * groups, order);
}

/** Index pairs for `width` summation indices, rounded up to even (two pairs per kernel step). */
function evenPairs(width: number): number {
  return 2 * Math.ceil(width / 4);
}

/**
 * Vector i of the kernel's layout (see gram-kernel.ts) at summation index k lives at
 * `(i >> 1) * pairs * 4 + (k >> 1) * 4 + (i & 1) * 2 + (k & 1)`.
 */
const slot = (i: number, k: number, pairs: number) => (i >> 1) * pairs * 4 + (k >> 1) * 4 + (i & 1) * 2 + (k & 1);

/** Vectors = rows of x, summation over columns [c0, c0 + width), centred. */
function packRowsPanel(
  x: NumericArray,
  rows: number,
  cols: number,
  mean: Float64Array,
  c0: number,
  width: number,
  pairs: number,
  panel: Float64Array,
): void {
  for (let r = 0; r < rows; r++) {
    const base = slot(r, 0, pairs);
    const src = r * cols + c0;
    for (let k = 0; k < width; k++) {
      panel[base + (k >> 1) * 4 + (k & 1)] = x[src + k] - mean[c0 + k];
    }
  }
}

/** Vectors = columns of x, summation over rows [r0, r0 + width), centred. */
function packColumnsPanel(
  x: NumericArray,
  cols: number,
  mean: Float64Array,
  r0: number,
  width: number,
  pairs: number,
  panel: Float64Array,
): void {
  for (let k = 0; k < width; k++) {
    const src = (r0 + k) * cols;
    const offset = (k >> 1) * 4 + (k & 1);
    for (let c = 0; c < cols; c++) {
      panel[(c >> 1) * pairs * 4 + (c & 1) * 2 + offset] = x[src + c] - mean[c];
    }
  }
}

/**
 * Copies the kernel's padded (rp x rp) buffer, whose upper block triangle holds the sums,
 * into a full symmetric order x order matrix. Entry (i, j) with i <= j always lies in an
 * upper block, so reading the upper triangle is enough.
 */
function symmetricFromUpperBlocks(padded: Float64Array, rp: number, order: number): Float64Array {
  const g = new Float64Array(order * order);
  for (let i = 0; i < order; i++) {
    for (let j = i; j < order; j++) {
      const v = padded[i * rp + j];
      g[i * order + j] = v;
      g[j * order + i] = v;
    }
  }
  return g;
}
