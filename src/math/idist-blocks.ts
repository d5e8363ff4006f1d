import { pairRowSums } from './pair-sums.js';
import { assertInteger, assertMatrix, type NumericArray } from './validate.js';

/**
 * IDist in blocks (method.md Distances 4-5 without the m x n matrix): the unit of work of a
 * distance job, and of any thread pool that splits one. Pure: typed arrays in, float64 out.
 */

/** One block of a distance job: secondary rows [rowStart, rowEnd) x primary rows [colStart, colEnd). */
export interface DistanceChunk {
  rowStart: number;
  rowEnd: number;
  colStart: number;
  colEnd: number;
}

/**
 * Partial IDist row sums: for each row j of `s` (rows x dim), `sum_{k in [colStart, colEnd)} ||s_j - p_k||`,
 * by the one IDist kernel (pair-sums.ts: WebAssembly SIMD, float64 direct differences, primary rows
 * in ascending order); so a block spanning every primary row gives bit for bit the synchronous
 * path's IDist.
 *
 * @param s secondary coordinates of the block's rows only, rows x dim, row-major.
 * @param p all primary coordinates, n x dim, row-major.
 */
export function blockRowSums(
  s: NumericArray,
  rows: number,
  p: NumericArray,
  n: number,
  dim: number,
  colStart = 0,
  colEnd = n,
): Float64Array {
  assertInteger(dim, 'dim', 1);
  assertMatrix(s, rows, dim, 's');
  assertMatrix(p, n, dim, 'p');
  if (!(0 <= colStart && colStart <= colEnd && colEnd <= n))
    throw new RangeError(`Expected 0 <= colStart <= colEnd <= ${n} but received [${colStart}, ${colEnd})`);
  return pairRowSums(s, rows, p.subarray(colStart * dim, colEnd * dim), colEnd - colStart, dim);
}

/**
 * The chunks of an m x n job, about `pairsPerChunk` pairs each, in a fixed order (row blocks, then
 * column blocks within a row block). Columns are split only when n alone exceeds `pairsPerChunk`;
 * otherwise a chunk spans every primary row and its sums equal the synchronous path's.
 */
export function distanceChunks(m: number, n: number, pairsPerChunk: number): DistanceChunk[] {
  assertInteger(m, 'm');
  assertInteger(n, 'n', 1);
  assertInteger(pairsPerChunk, 'pairsPerChunk', 1);
  const colBlock = Math.min(n, pairsPerChunk);
  const rowBlock = Math.max(1, Math.floor(pairsPerChunk / colBlock));
  const chunks: DistanceChunk[] = [];
  for (let r = 0; r < m; r += rowBlock)
    for (let c = 0; c < n; c += colBlock)
      chunks.push({ rowStart: r, rowEnd: Math.min(m, r + rowBlock), colStart: c, colEnd: Math.min(n, c + colBlock) });
  return chunks;
}

/**
 * IDist of m rows from the chunks' partial sums, added in chunk order (so the same chunks give
 * the same bits whichever worker computed each, and in whatever order they finished).
 * @throws RangeError when a row is not covered by the chunks' columns exactly once.
 */
export function assembleRowSums(
  m: number,
  n: number,
  parts: readonly { chunk: DistanceChunk; sums: Float64Array }[],
): Float64Array {
  const out = new Float64Array(m);
  const covered = new Float64Array(m);
  for (const { chunk, sums } of parts) {
    if (sums.length !== chunk.rowEnd - chunk.rowStart)
      throw new RangeError(`Expected ${chunk.rowEnd - chunk.rowStart} sums but received ${sums.length}`);
    for (let j = chunk.rowStart; j < chunk.rowEnd; j++) {
      out[j] += sums[j - chunk.rowStart];
      covered[j] += chunk.colEnd - chunk.colStart;
    }
  }
  for (let j = 0; j < m; j++)
    if (covered[j] !== n) throw new RangeError(`Row ${j} is covered by ${covered[j]} of ${n} primary rows`);
  return out;
}
