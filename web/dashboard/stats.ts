/**
 * Summary statistics for the distribution plots (paper Figure 3), computed from the IDist values
 * the API answers with. Pure functions on plain arrays.
 */

/** Linear-interpolation quantile of sorted values (numpy's default, type 7). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface BoxStats {
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  /** Tukey whiskers: the extreme values within 1.5 IQR of the quartiles. */
  lowWhisker: number;
  highWhisker: number;
  outliers: number[];
  mean: number;
  n: number;
}

export function boxStats(values: ArrayLike<number>): BoxStats {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const iqr = q3 - q1;
  const inside = sorted.filter((v) => v >= q1 - 1.5 * iqr && v <= q3 + 1.5 * iqr);
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    min: sorted[0]!,
    q1,
    median: quantileSorted(sorted, 0.5),
    q3,
    max: sorted[n - 1]!,
    lowWhisker: inside[0] ?? sorted[0]!,
    highWhisker: inside[inside.length - 1] ?? sorted[n - 1]!,
    outliers: Array.from(sorted.filter((v) => v < q1 - 1.5 * iqr || v > q3 + 1.5 * iqr)),
    mean: sum / n,
    n,
  };
}

/**
 * Gaussian kernel density on `points` evenly spaced values spanning the data (padded by one
 * bandwidth), bandwidth by Silverman's rule. Answers [value, density] pairs; the violin's outline.
 */
export function kde(values: ArrayLike<number>, points = 64): [number, number][] {
  const xs = Array.from(values);
  const n = xs.length;
  if (n === 0) return [];
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1));
  const sorted = Float64Array.from(xs).sort();
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  const spread = Math.min(sd, iqr / 1.34) || sd || Math.abs(mean) * 0.01 || 1;
  const bw = 0.9 * spread * n ** -0.2;
  const lo = sorted[0]! - bw;
  const hi = sorted[n - 1]! + bw;
  const out: [number, number][] = [];
  const norm = 1 / (n * bw * Math.sqrt(2 * Math.PI));
  for (let i = 0; i < points; i++) {
    const x = lo + ((hi - lo) * i) / (points - 1);
    let d = 0;
    for (const v of xs) d += Math.exp(-0.5 * ((x - v) / bw) ** 2);
    out.push([x, d * norm]);
  }
  return out;
}
