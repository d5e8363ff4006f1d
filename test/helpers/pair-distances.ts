import { pairwiseL2 } from '../../src/math/distances.js';
import { idist, type IdistOptions, odist, scaledOdist } from '../../src/math/dist.js';
import { fitPca, type PcaFit } from '../../src/math/pca.js';
import { assertInteger, assertMatrix, type NumericArray } from '../../src/math/validate.js';

// The whole distance chain of one (P, S) pair in memory, from the kernels: what the service
// computes through its fit cache and the database. Tests compare the service against it and the
// analytics bench times it; the server itself never runs it.

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
