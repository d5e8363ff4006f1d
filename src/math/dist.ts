import { assertInteger, assertMatrix, assertVector } from './validate.js';

/** How IDist reduces a row of D: the paper's sum, or the mean over the n primary images. */
export type IdistReduce = 'sum' | 'mean';

/** Options of `idist`. */
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
