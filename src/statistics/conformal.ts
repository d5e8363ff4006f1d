/**
 * Conformal p-values for IDist and conformal intervals for predictions. Pure.
 *
 * The score of an image is its mean distance to the primary images (IDist / n). For a primary
 * image p the score is its leave-one-out mean distance to the other n - 1 primary images
 * (LOO-IDist(p) / (n - 1)), in the same PCA fit. The p-value of an image s is
 *   (1 + #{p in P : LOO-mean(p) >= IDist(s) / n}) / (n + 1):
 * "farther from the primary than (1 - p) of the primary's own images are from the rest".
 * Means, not sums, put both on one scale: a sum over n distances against sums over n - 1 would
 * make every image look about 1/n farther than it is, and the p-values too small. With
 * reduce = SUM or MEAN the p-value is the same. It is non-increasing in IDist, so ordering by
 * IDist descending is ordering by p-value ascending.
 */

/**
 * LOO mean distance of each of n points to the other n - 1 (rows x dim, row-major). O(n^2 dim).
 * @returns length n; all 0 when n = 1.
 */
export function looMeanDistances(points: ArrayLike<number>, n: number, dim: number): Float64Array {
  const sums = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let c = 0; c < dim; c++) {
        const diff = points[i * dim + c] - points[j * dim + c];
        s += diff * diff;
      }
      const d = Math.sqrt(s);
      sums[i] += d;
      sums[j] += d;
    }
  }
  return n > 1 ? sums.map((s) => s / (n - 1)) : sums;
}

/** The primary's LOO scores sorted ascending: what every p-value of one fit is read from. */
export interface ConformalReference {
  sorted: Float64Array;
}

export function conformalReference(looMeans: Float64Array): ConformalReference {
  return { sorted: Float64Array.from(looMeans).sort() };
}

/** Relative slack so an image equal to a primary image (up to rounding) counts as "at least as far". */
const SCORE_SLACK = 1e-12;

/**
 * (1 + #{LOO score >= score}) / (n + 1) by binary search.
 * @param score the image's mean distance to the primary images (IDist / n).
 */
export function conformalPValue(ref: ConformalReference, score: number): number {
  const s = ref.sorted;
  const bar = score - SCORE_SLACK * Math.abs(score);
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid] < bar) lo = mid + 1;
    else hi = mid;
  }
  return (1 + s.length - lo) / (s.length + 1);
}

/**
 * Split-conformal quantile of absolute residuals: the ceil((1 - alpha)(N + 1))-th smallest,
 * Infinity when N is too small for the level (the interval is then unbounded).
 */
export function conformalQuantile(residuals: ArrayLike<number>, level: number): number {
  const sorted = Float64Array.from(residuals).sort();
  const k = Math.ceil(level * (sorted.length + 1));
  return k > sorted.length ? Infinity : sorted[k - 1]!;
}
