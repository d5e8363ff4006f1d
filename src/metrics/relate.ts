/**
 * Distance against performance (method.md "Relating distance to performance"; paper 4.2, 4.3):
 * splits of a secondary set by IDist with the ODS of each part, and the per-image F curve
 * against scaled IDist. Pure functions over typed arrays and per-image counts.
 */
import { imageF, ods } from './ods-ois.js';
import { assertThresholdCounts, sumCounts, THRESHOLD_COUNT, type ThresholdCounts } from './threshold-counts.js';

function assertFinite(values: Float64Array, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]))
      throw new RangeError(`Expected ${what}[${i}] to be finite but received ${values[i]}`);
  }
}

function assertSameLength(n: number, lengths: Record<string, number>): void {
  for (const [name, len] of Object.entries(lengths)) {
    if (len !== n) throw new RangeError(`Expected ${name} to have one entry per image (${n}) but received ${len}`);
  }
}

/** Image indices sorted by value ascending, ties by index (a stable, total order). */
function argsortAscending(values: Float64Array): Int32Array {
  const order = Int32Array.from({ length: values.length }, (_, i) => i);
  return order.sort((a, b) => values[a] - values[b] || a - b);
}

/**
 * Cuts a set into k parts by IDist (method.md "Relating distance to performance", Splits):
 * images sorted by IDist ascending (ties by image index), part i = sorted positions
 * [floor(i*m/k), floor((i+1)*m/k)). With 1 <= k <= m no part is empty.
 *
 * @param idist IDist of each image of S, length m, finite.
 * @param k number of parts, an integer in 1..m.
 * @returns k arrays of image indices; part 0 is the nearest, each part in ascending IDist order.
 */
export function splitByIdist(idist: Float64Array, k: number): Int32Array[] {
  assertFinite(idist, 'idist');
  const m = idist.length;
  if (!Number.isInteger(k) || k < 1 || k > m) {
    throw new RangeError(
      `Expected the number of parts to be an integer in 1..${m} (the number of images) but received ${k}`,
    );
  }
  const order = argsortAscending(idist);
  const parts: Int32Array[] = [];
  for (let i = 0; i < k; i++) parts.push(order.slice(Math.floor((i * m) / k), Math.floor(((i + 1) * m) / k)));
  return parts;
}

/** One part of {@link summariseSplits}: paper Tables 3-5 print it as `F(mu, sigma)`. */
export interface SplitSummary {
  /** 0 = nearest part. */
  part: number;
  count: number;
  /** ODS F over the part's images; null when no F is defined (e.g. no foreground in the part). */
  ods: number | null;
  /** Threshold of that ODS (first maximum); null with ods. */
  odsThreshold: number | null;
  /** Mean and population standard deviation (ddof = 0) of min-max scaled IDist over the part. */
  scaledMean: number;
  scaledStd: number;
  /** The same for raw IDist. */
  idistMean: number;
  idistStd: number;
  /** Image indices of the part, ascending IDist. */
  indices: Int32Array;
}

/** Mean and population standard deviation of values[indices]; two passes for accuracy. */
function meanStd(values: Float64Array, indices: Int32Array): { mean: number; std: number } {
  let sum = 0;
  for (const i of indices) sum += values[i];
  const mean = sum / indices.length;
  let squares = 0;
  for (const i of indices) squares += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(squares / indices.length) };
}

/**
 * Per-part statistics of {@link splitByIdist} (method.md "Relating distance to performance",
 * Splits): ODS over the part's summed counts, and mean / population std of scaled and raw IDist.
 *
 * @param idist IDist per image, length m.
 * @param scaledIdist min-max scaled IDist per image, length m.
 * @param perImage counts per image (arrays of length 100), length m, same order.
 * @param k number of parts, 1..m.
 * @returns k summaries, nearest part first.
 */
export function summariseSplits(
  idist: Float64Array,
  scaledIdist: Float64Array,
  perImage: readonly ThresholdCounts[],
  k: number,
): SplitSummary[] {
  assertSameLength(idist.length, { scaledIdist: scaledIdist.length, perImage: perImage.length });
  assertFinite(scaledIdist, 'scaledIdist');
  return splitByIdist(idist, k).map((indices, part) => {
    const best = ods(sumCounts(Array.from(indices, (i) => perImage[i])));
    const scaled = meanStd(scaledIdist, indices);
    const raw = meanStd(idist, indices);
    return {
      part,
      count: indices.length,
      ods: best?.f ?? null,
      odsThreshold: best?.threshold ?? null,
      scaledMean: scaled.mean,
      scaledStd: scaled.std,
      idistMean: raw.mean,
      idistStd: raw.std,
      indices,
    };
  });
}

/**
 * Centred moving average with shrinking edges. Output i is the mean of values[j] for
 * j in [i - floor(w/2), i - floor(w/2) + w - 1] clipped to [0, n-1], so an odd window is
 * symmetric, an even one reaches one further back than forward, and near the ends the mean
 * is over fewer points. Centred so the smoothed curve does not lag behind IDist; shrinking
 * so every image keeps a point (method.md "Relating distance to performance", Curve).
 *
 * @param values a series of length n, finite.
 * @param window w, a positive integer; w = 1 returns a copy. Cost O(n * w).
 * @returns a new Float64Array of length n.
 */
export function movingAverage(values: Float64Array, window: number): Float64Array {
  if (!Number.isInteger(window) || window < 1)
    throw new RangeError(`Expected the window to be a positive integer but received ${window}`);
  assertFinite(values, 'values');
  const n = values.length;
  const back = Math.floor(window / 2);
  const out = new Float64Array(n);
  // Each window is summed directly (O(n * w)) rather than by prefix-sum differences, which
  // cancel: with w = 1 they would not even return the input exactly.
  for (let i = 0; i < n; i++) {
    const start = Math.max(0, i - back);
    const end = Math.min(n, i - back + window); // exclusive
    let sum = 0;
    for (let j = start; j < end; j++) sum += values[j];
    out[i] = sum / (end - start);
  }
  return out;
}

/** Ranks 1..n with ties given the average of the ranks they span. */
function averageRanks(values: Float64Array): Float64Array {
  const order = argsortAscending(values);
  const ranks = new Float64Array(values.length);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2; // mean of ranks start+1 .. end
    for (let j = start; j < end; j++) ranks[order[j]] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Spearman rank correlation: the Pearson correlation of the average ranks (ties share the mean
 * of their ranks), as `scipy.stats.spearmanr` computes it.
 *
 * @param x first sample, finite.
 * @param y second sample, paired with x (same length), finite.
 * @returns rho in [-1, 1], or null when undefined (fewer than 2 pairs, or x or y constant).
 */
export function spearman(x: Float64Array, y: Float64Array): number | null {
  assertSameLength(x.length, { y: y.length });
  assertFinite(x, 'x');
  assertFinite(y, 'y');
  if (x.length < 2) return null;
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  const mean = (x.length + 1) / 2; // the mean of average ranks is always (n + 1) / 2
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = rx[i] - mean;
    const dy = ry[i] - mean;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** One image on the curve. */
export interface CurvePoint {
  /** Image index in S. */
  index: number;
  idist: number;
  /** Min-max scaled IDist. */
  scaled: number;
  /** Per-image F at the set's ODS threshold ({@link imageF} rules). */
  f: number;
  /** F after {@link movingAverage} with the curve's window. */
  smoothed: number;
}

/** The curve of paper Figures 4-6. */
export interface FScoreCurve {
  /** Images with foreground, ascending IDist (ties by index). */
  points: CurvePoint[];
  /** max(1, round(m / 10)), m = points.length; Math.round, so halves round up (25 -> 3). */
  window: number;
  /** Spearman correlation of IDist and F over the points; null when undefined. */
  spearman: number | null;
  /** Images without foreground, which have no F and are left out. */
  leftOut: number;
}

/**
 * Per-image F against IDist (method.md "Relating distance to performance", Curve): images
 * sorted by IDist ascending (ties by index), F at the set's ODS threshold, smoothed by a
 * centred {@link movingAverage} of window max(1, round(m / 10)) where m is the number of images
 * with foreground. Images without foreground are left out and counted.
 *
 * @param idist IDist per image, length m.
 * @param scaledIdist min-max scaled IDist per image, length m.
 * @param perImage counts per image (arrays of length 100), length m, same order.
 * @param odsThresholdIndex the set's ODS threshold as an index 0..99 (t * 100).
 */
export function fScoreCurve(
  idist: Float64Array,
  scaledIdist: Float64Array,
  perImage: readonly ThresholdCounts[],
  odsThresholdIndex: number,
): FScoreCurve {
  assertSameLength(idist.length, { scaledIdist: scaledIdist.length, perImage: perImage.length });
  if (!Number.isInteger(odsThresholdIndex) || odsThresholdIndex < 0 || odsThresholdIndex >= THRESHOLD_COUNT) {
    throw new RangeError(`Expected a threshold index in 0..${THRESHOLD_COUNT - 1} but received ${odsThresholdIndex}`);
  }
  assertFinite(idist, 'idist');
  assertFinite(scaledIdist, 'scaledIdist');
  const points: CurvePoint[] = [];
  for (const index of argsortAscending(idist)) {
    assertThresholdCounts(perImage[index], `perImage[${index}]`);
    const f = imageF(perImage[index], odsThresholdIndex);
    if (f !== null) points.push({ index, idist: idist[index], scaled: scaledIdist[index], f, smoothed: f });
  }
  const window = Math.max(1, Math.round(points.length / 10));
  const fs = Float64Array.from(points, (p) => p.f);
  const smoothed = movingAverage(fs, window);
  points.forEach((p, i) => (p.smoothed = smoothed[i]));
  return {
    points,
    window,
    spearman: spearman(
      Float64Array.from(points, (p) => p.idist),
      fs,
    ),
    leftOut: perImage.length - points.length,
  };
}
