/**
 * Independent reference implementations for the statistics tests, written from the definitions
 * (no shared code with src/statistics): energy distance from the points themselves, and the
 * permutation p-value by enumerating every assignment of labels (all bitmasks with n bits set).
 */

type Point = readonly number[];

const dist = (a: Point, b: Point) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0));

function meanDistance(a: readonly Point[], b: readonly Point[]): number {
  let s = 0;
  for (const x of a) for (const y of b) s += dist(x, y);
  return s / (a.length * b.length);
}

/** E = 2 mean d(S, P) - mean d(S, S) - mean d(P, P), means over all ordered pairs (V-statistics). */
export function bruteEnergy(s: readonly Point[], p: readonly Point[]): number {
  return 2 * meanDistance(s, p) - meanDistance(s, s) - meanDistance(p, p);
}

/**
 * The exact permutation p-value: the share of all label assignments (n of the pooled points
 * labelled P) whose E is at least the observed one (up to rounding).
 */
export function bruteExactPValue(p: readonly Point[], s: readonly Point[]): { pValue: number; splits: number } {
  const pooled = [...p, ...s];
  const size = pooled.length;
  const observed = bruteEnergy(s, p);
  let hits = 0;
  let splits = 0;
  for (let mask = 0; mask < 1 << size; mask++) {
    let bits = 0;
    for (let i = 0; i < size; i++) if (mask & (1 << i)) bits++;
    if (bits !== p.length) continue;
    const a = pooled.filter((_, i) => mask & (1 << i));
    const b = pooled.filter((_, i) => !(mask & (1 << i)));
    splits++;
    if (bruteEnergy(b, a) >= observed - 1e-9 * Math.abs(observed)) hits++;
  }
  return { pValue: hits / splits, splits };
}

/**
 * 1-D closed form: E = 2 * integral (F - G)^2 dx over the empirical CDFs (Szekely), computed on
 * the sorted pooled sample where both CDFs are constant between consecutive points.
 */
export function energy1dFromCdfs(u: readonly number[], v: readonly number[]): number {
  const all = [...u, ...v].sort((a, b) => a - b);
  const cdf = (xs: readonly number[], t: number) => xs.filter((x) => x <= t).length / xs.length;
  let integral = 0;
  for (let i = 0; i + 1 < all.length; i++) {
    const width = all[i + 1]! - all[i]!;
    if (width > 0) integral += width * (cdf(u, all[i]!) - cdf(v, all[i]!)) ** 2;
  }
  return 2 * integral;
}

/** Isotonic (non-increasing) least squares by the min-max formula: f_i = min_{k<=i} max_{l>=i} mean(y_k..y_l). */
export function bruteIsotonicDecreasing(ySortedByX: readonly number[]): number[] {
  const n = ySortedByX.length;
  const mean = (k: number, l: number) => ySortedByX.slice(k, l + 1).reduce((a, b) => a + b, 0) / (l - k + 1);
  return Array.from({ length: n }, (_, i) => {
    let best = Infinity;
    for (let k = 0; k <= i; k++) {
      let inner = -Infinity;
      for (let l = i; l < n; l++) inner = Math.max(inner, mean(k, l));
      best = Math.min(best, inner);
    }
    return best;
  });
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 erf, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
