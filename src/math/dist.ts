import { pairwiseL2 } from './distances.js';
import { fitPca, type PcaFit } from './pca.js';
import { assertInteger, assertMatrix, assertVector, type NumericArray } from './validate.js';

/** How IDist reduces a row of D: the paper's sum, or the mean over the n primary images. */
export type IdistReduce = 'sum' | 'mean';

/** Options of `idist` and `pairDistances`. */
export interface IdistOptions {
  /** 'sum' (default, the paper) or 'mean' (sum / n, to compare primaries of different sizes). */
  reduce?: IdistReduce;
}

/**
 * Image-dataset distance (method.md Distances step 5): `IDist[j] = sum_k D[j, k]`, or the mean
 * over k with `reduce: 'mean'`.
 *
 * @param d m x n, row-major (row j = secondary image j, column k = primary image k).
 * @returns length m; entry j belongs to secondary image j.
 */
export function idist(d: Float64Array, m: number, n: number, options: IdistOptions = {}): Float64Array {
  const { reduce = 'sum' } = options;
  if (reduce !== 'sum' && reduce !== 'mean')
    throw new RangeError(`Expected reduce 'sum' or 'mean' but received ${String(reduce)}`);
  assertMatrix(d, m, n, 'd');
  assertInteger(n, 'n', 1);
  const out = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += d[j * n + k];
    out[j] = reduce === 'mean' ? sum / n : sum;
  }
  return out;
}

/** Dataset-dataset distance (method.md Distances step 6): the mean of IDist over the m images. */
export function odist(idistValues: Float64Array): number {
  assertVector(idistValues, 'idist');
  if (idistValues.length === 0) throw new RangeError('Expected at least one IDist value');
  let sum = 0;
  for (let j = 0; j < idistValues.length; j++) sum += idistValues[j];
  return sum / idistValues.length;
}

/**
 * Scaled ODist (method.md Distances step 7, paper Table 2): each ODist over their total, for
 * one model and one primary across the chosen secondaries; the result sums to 1.
 * @throws RangeError when a value is negative or the total is not positive.
 */
export function scaledOdist(odists: Float64Array | number[]): Float64Array {
  const values = Float64Array.from(odists);
  assertVector(values, 'odists');
  let total = 0;
  for (const v of values) {
    if (v < 0) throw new RangeError(`Expected non-negative ODist values but received ${v}`);
    total += v;
  }
  if (!(total > 0)) throw new RangeError('Expected ODist values with a positive total');
  return values.map((v) => v / total);
}

/**
 * Min-max scaling within one secondary (method.md Distances step 8): `(x - min) / (max - min)`;
 * when all values are equal (or there is one), all results are 0.
 */
export function minMaxScale(x: Float64Array): Float64Array {
  assertVector(x, 'x');
  let min = Infinity,
    max = -Infinity;
  for (const v of x) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  if (!(range > 0)) return new Float64Array(x.length);
  return x.map((v) => (v - min) / range);
}

/** The full distance chain for one (P, S) pair; see `pairDistances`. */
export interface PairDistances {
  /** PCA of [P; S] (rows 0..n-1 = primary images, n..n+m-1 = secondary images). */
  fit: PcaFit;
  /** n x zUsed: P_L, row k = primary image k. */
  pScores: Float64Array;
  /** m x zUsed: S_L, row j = secondary image j. */
  sScores: Float64Array;
  /** m x n: row j = secondary image j, column k = primary image k. */
  distances: Float64Array;
  /** Length m: IDist of each secondary image. */
  idist: Float64Array;
  odist: number;
}

/**
 * Method.md Distances steps 1-6 for one primary P (n x q) and one secondary S (m x q), both
 * row-major with rows = images: stack X = [P; S], fit a PCA with z components on this pair
 * only, split the scores into P_L and S_L, then D, IDist and ODist. Inputs are not modified.
 */
export function pairDistances(
  pRows: NumericArray,
  n: number,
  sRows: NumericArray,
  m: number,
  q: number,
  z: number,
  options: IdistOptions = {},
): PairDistances {
  assertInteger(n, 'n', 1);
  assertInteger(m, 'm', 1);
  assertMatrix(pRows, n, q, 'pRows');
  assertMatrix(sRows, m, q, 'sRows');
  const fit = fitPca(stackRows(pRows, sRows), n + m, q, z);
  const k = fit.zUsed;
  const pScores = fit.scores.slice(0, n * k);
  const sScores = fit.scores.slice(n * k);
  const distances = pairwiseL2(sScores, m, pScores, n, k);
  const idistValues = idist(distances, m, n, options);
  return { fit, pScores, sScores, distances, idist: idistValues, odist: odist(idistValues) };
}

/** [a; b] as one array: Float32 when both are (exact, half the memory), else Float64. */
function stackRows(a: NumericArray, b: NumericArray): NumericArray {
  const out =
    a instanceof Float32Array && b instanceof Float32Array
      ? new Float32Array(a.length + b.length)
      : new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** One secondary dataset for `pcStability`: m x q embeddings, row-major. */
export interface SecondaryRows {
  rows: NumericArray;
  m: number;
}

/** One row of the PC-stability table: scaled ODist over the secondaries at one z. */
export interface PcStabilityRow {
  z: number;
  /** Per secondary, the components actually used (min(z, rank of its pair)). */
  zUsed: number[];
  /** Per secondary, ODist / sum of ODist; sums to 1. */
  scaled: Float64Array;
}

/**
 * PC stability (method.md Distances step 10, paper Table 6): for each z in `zs`, the scaled
 * ODist of every secondary against P, each secondary with its own pair fit (step 3).
 * Each pair is fitted once with max(zs) components; a fit with fewer components has the
 * same leading components, so smaller z use the leading score columns.
 */
export function pcStability(
  pRows: NumericArray,
  n: number,
  secondaries: SecondaryRows[],
  q: number,
  zs: number[],
): PcStabilityRow[] {
  if (secondaries.length === 0) throw new RangeError('Expected at least one secondary');
  if (zs.length === 0) throw new RangeError('Expected at least one z');
  zs.forEach((z) => assertInteger(z, 'z', 1));
  const zMax = Math.max(...zs);
  const pairs = secondaries.map(({ rows, m }) => pairDistances(pRows, n, rows, m, q, zMax));
  return zs.map((z) => {
    const zUsed = pairs.map(({ fit }) => Math.min(z, fit.zUsed));
    const odists = pairs.map(({ fit, pScores, sScores }, i) => {
      const k = zUsed[i];
      const m = secondaries[i].m;
      const d = pairwiseL2(leadingColumns(sScores, m, fit.zUsed, k), m, leadingColumns(pScores, n, fit.zUsed, k), n, k);
      return odist(idist(d, m, n));
    });
    return { z, zUsed, scaled: scaledOdist(odists) };
  });
}

/** The first k columns of a rows x cols row-major matrix. */
function leadingColumns(x: Float64Array, rows: number, cols: number, k: number): Float64Array {
  const out = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) out.set(x.subarray(r * cols, r * cols + k), r * k);
  return out;
}
