import { mulberry32 } from './random.js';
import { assertInteger, assertMatrix, type NumericArray } from './validate.js';

/**
 * IDist and ODist estimated from a uniform sample of the primary (without replacement), with
 * confidence intervals. Pure.
 *
 * For image j, IDist_j = sum_k d_jk = n * (population mean of d_j. over the n primary images), so
 * n * (sample mean) is unbiased, with variance n^2 (1 - s/n) S_j^2 / s (finite-population
 * correction; S_j^2 the sample variance). The interval is a Student-t interval on s - 1 degrees
 * of freedom.
 *
 * ODist = (1/m) sum_j IDist_j = n * (mean over the n primary images of c_k), where c_k is the mean
 * distance of primary image k to the m secondary images. Every secondary image uses the same
 * sample of primary images, so the per-image errors are correlated and cannot be added as
 * independent; written per primary image, ODist's estimate is a plain sample mean of the c_k
 * (all m secondary rows enter each c_k, no randomness there), and its interval comes from the
 * sample variance of the c_k with the same correction.
 */

/** s distinct indices of [0, n), uniform over the subsets, ascending (Floyd's algorithm; seeded). */
export function sampleWithoutReplacement(n: number, s: number, seed: number): Int32Array {
  assertInteger(n, 'n');
  assertInteger(s, 's');
  if (s > n) throw new RangeError(`Expected a sample of at most ${n} but received ${s}`);
  const rand = mulberry32(seed);
  const chosen = new Set<number>();
  for (let j = n - s; j < n; j++) {
    const t = Math.floor(rand() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return Int32Array.from(chosen).sort();
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`Expected 0 < p < 1 but received ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/**
 * Quantile of Student's t with `df` degrees of freedom: the Cornish-Fisher expansion in 1/df
 * (Abramowitz & Stegun 26.7.5), within 1e-4 of the exact quantile for df >= 5 at the usual levels.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(df >= 1)) throw new RangeError(`Expected df >= 1 but received ${df}`);
  const x = normalQuantile(p);
  const x2 = x * x;
  const g1 = (x * (x2 + 1)) / 4;
  const g2 = (x * ((5 * x2 + 16) * x2 + 3)) / 96;
  const g3 = (x * (((3 * x2 + 19) * x2 + 17) * x2 - 15)) / 384;
  const g4 = (x * ((((79 * x2 + 776) * x2 + 1482) * x2 - 1920) * x2 - 945)) / 92160;
  return x + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/** A confidence interval as the API answers it. */
export interface Interval {
  low: number;
  high: number;
  level: number;
  method: string;
}

export interface IdistEstimate {
  /** Length m: the estimated IDist (sum) of each secondary row. */
  idist: Float64Array;
  low: Float64Array;
  high: Float64Array;
  odist: number;
  odistInterval: Interval;
  /** The interval method, e.g. "t, 1999 df, finite-population correction". */
  method: string;
  samples: number;
  /** True when the sample was the whole primary (then every value is exact and every interval a point). */
  exact: boolean;
}

/**
 * Estimates IDist (sum) of each of the m rows of `s` to a primary of n rows, from the distances to
 * the primary rows listed in `sample` only.
 *
 * @param s m x dim secondary coordinates.
 * @param p n x dim primary coordinates (only the sampled rows are read).
 * @param sample ascending distinct row indices of p (see sampleWithoutReplacement), at least 2.
 * @param level confidence level in (0, 1), e.g. 0.95.
 */
export function estimateIdist(
  s: NumericArray,
  m: number,
  p: NumericArray,
  n: number,
  dim: number,
  sample: Int32Array,
  level: number,
): IdistEstimate {
  assertInteger(dim, 'dim', 1);
  assertInteger(m, 'm', 1);
  assertMatrix(s, m, dim, 's');
  assertMatrix(p, n, dim, 'p');
  const k = sample.length;
  if (k < 2) throw new RangeError(`Expected a sample of at least 2 but received ${k}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`Expected a level in (0, 1) but received ${level}`);
  const exact = k === n;
  const fpc = 1 - k / n;
  const df = k - 1;
  const t = studentTQuantile(1 - (1 - level) / 2, df);
  // The sampled primary rows, contiguous: the inner loop reads them once per secondary row.
  const ps = new Float64Array(k * dim);
  for (let i = 0; i < k; i++) for (let c = 0; c < dim; c++) ps[i * dim + c] = p[sample[i]! * dim + c]!;
  const idistOut = new Float64Array(m);
  const low = new Float64Array(m);
  const high = new Float64Array(m);
  const colSums = new Float64Array(k);
  const row = new Float64Array(k);
  for (let j = 0; j < m; j++) {
    const sj = j * dim;
    let total = 0;
    for (let i = 0; i < k; i++) {
      const pi = i * dim;
      let sum = 0;
      for (let c = 0; c < dim; c++) {
        const diff = s[sj + c]! - ps[pi + c]!;
        sum += diff * diff;
      }
      const d = Math.sqrt(sum);
      row[i] = d;
      colSums[i] += d;
      total += d;
    }
    const mean = total / k;
    let ss = 0;
    for (let i = 0; i < k; i++) ss += (row[i]! - mean) ** 2;
    const half = t * n * Math.sqrt((fpc * (ss / df)) / k);
    idistOut[j] = exact ? total : n * mean;
    low[j] = exact ? idistOut[j]! : n * mean - half;
    high[j] = exact ? idistOut[j]! : n * mean + half;
  }
  let cTotal = 0;
  for (let i = 0; i < k; i++) cTotal += colSums[i]! / m;
  const cMean = cTotal / k;
  let css = 0;
  for (let i = 0; i < k; i++) css += (colSums[i]! / m - cMean) ** 2;
  const odist = n * cMean;
  const odistHalf = exact ? 0 : t * n * Math.sqrt((fpc * (css / df)) / k);
  const method = exact
    ? 'exact (the sample is the whole primary)'
    : `t (${df} df) over a uniform sample of ${k} of ${n} primary images, finite-population corrected`;
  return {
    idist: idistOut,
    low,
    high,
    odist,
    odistInterval: { low: odist - odistHalf, high: odist + odistHalf, level, method },
    method,
    samples: k,
    exact,
  };
}
