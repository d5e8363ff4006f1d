/**
 * Percentile bootstrap intervals, seeded (mulberry32): for ODist and scaled ODist (images
 * resampled within each set), split ODS F-scores (images resampled within each part, from their
 * stored counts) and Spearman's rho of a curve. Pure: typed arrays in, numbers out.
 */
import { mulberry32 } from '../math/random.js';
import { ods } from '../metrics/ods-ois.js';
import { spearman } from '../metrics/relate.js';
import { THRESHOLD_COUNT, type ThresholdCounts } from '../metrics/threshold-counts.js';

/** A percentile interval with what it took to reproduce it. */
export interface BootstrapInterval {
  low: number;
  high: number;
  level: number;
  method: string;
  resamples: number;
  seed: number;
  /** Resamples whose statistic was undefined (e.g. no foreground drawn) and were left out. */
  undefinedResamples: number;
}

export const PERCENTILE_METHOD = 'percentile-bootstrap';

/**
 * The q-quantile of sorted values with linear interpolation between order statistics
 * (numpy.quantile's default, "linear": position q (N - 1)).
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

/** The central `level` percentile interval of bootstrap replicates (NaN entries = undefined, left out). */
export function percentileInterval(
  replicates: Float64Array,
  level: number,
  resamples: number,
  seed: number,
): BootstrapInterval {
  const defined = Float64Array.from(replicates.filter((v) => !Number.isNaN(v))).sort();
  const tail = (1 - level) / 2;
  return {
    low: quantileSorted(defined, tail),
    high: quantileSorted(defined, 1 - tail),
    level,
    method: PERCENTILE_METHOD,
    resamples,
    seed,
    undefinedResamples: replicates.length - defined.length,
  };
}

/** Multinomial counts of `size` draws with replacement from `size` items: how often each is drawn. */
export function resampleWeights(random: () => number, size: number, out: Float64Array): Float64Array {
  out.fill(0);
  for (let i = 0; i < size; i++) out[Math.floor(random() * size)]++;
  return out;
}

/** One secondary's distances to the primary: D(S, P), m x n row-major. */
export interface PairDistances {
  d: Float64Array;
  m: number;
}

/**
 * Bootstrap replicates of ODist for several secondaries against one primary of n images, and of
 * their scaled values ODist_i / sum ODist: each replicate resamples the primary's images once (the
 * same draw for every secondary, as they share it) and each secondary's images on its own.
 * ODist* = (1/m) sum_j sum_k w_j c_k D[j, k] (w, c: how often each image is drawn); divide by n
 * for IDist as a mean. The PCA fit is held fixed (the interval is conditional on it).
 * @returns replicates[i] (length resamples) of ODist and of scaled ODist per secondary.
 */
export function bootstrapOdistReplicates(
  pairs: readonly PairDistances[],
  n: number,
  options: { resamples: number; seed: number; mean: boolean },
): { odist: Float64Array[]; scaled: Float64Array[] } {
  const random = mulberry32(options.seed);
  const c = new Float64Array(n);
  const odist = pairs.map(() => new Float64Array(options.resamples));
  const scaled = pairs.map(() => new Float64Array(options.resamples));
  const rowWeights = pairs.map((p) => new Float64Array(p.m));
  const scale = options.mean ? 1 / n : 1;
  for (let r = 0; r < options.resamples; r++) {
    resampleWeights(random, n, c);
    let sum = 0;
    pairs.forEach((p, i) => {
      const w = resampleWeights(random, p.m, rowWeights[i]!);
      let acc = 0;
      for (let j = 0; j < p.m; j++) {
        const wj = w[j];
        if (wj === 0) continue;
        let row = 0;
        const off = j * n;
        for (let k = 0; k < n; k++) row += c[k] * p.d[off + k];
        acc += wj * row;
      }
      const value = (acc / p.m) * scale;
      odist[i]![r] = value;
      sum += value;
    });
    pairs.forEach((_, i) => (scaled[i]![r] = sum > 0 ? odist[i]![r]! / sum : NaN));
  }
  return { odist, scaled };
}

/**
 * Per-image counts packed as rows of 201 values: TP at the 100 thresholds, FP at the 100
 * thresholds, then the image's foreground pixels G. FN = G - TP at every threshold (TP + FN is
 * the mask's foreground, whatever the threshold), so a third of the reads per drawn image go.
 */
export const PACKED_WIDTH = 2 * THRESHOLD_COUNT + 1;

export function packCounts(counts: readonly ThresholdCounts[]): Float64Array {
  const w = PACKED_WIDTH;
  const out = new Float64Array(counts.length * w);
  counts.forEach((c, i) => {
    out.set(c.tp, i * w);
    out.set(c.fp, i * w + THRESHOLD_COUNT);
    out[i * w + 2 * THRESHOLD_COUNT] = c.tp[0]! + c.fn[0]!;
  });
  return out;
}

/** ODS F of summed packed counts (DeepSegmentor's rules, as ods()); NaN when no threshold has a defined F. */
export function odsOfPacked(sum: Float64Array): number {
  let best = NaN;
  const foreground = sum[2 * THRESHOLD_COUNT];
  for (let k = 0; k < THRESHOLD_COUNT; k++) {
    const tp = sum[k];
    const fp = sum[THRESHOLD_COUNT + k];
    const fn = foreground - tp;
    if (tp + fn === 0) continue;
    const p = tp === 0 && fp === 0 ? 1 : tp / (tp + fp);
    const r = tp / (tp + fn);
    if (p + r === 0) continue;
    const f = (2 * p * r) / (p + r);
    if (!(f <= best)) best = f;
  }
  return best;
}

/**
 * Bootstrap replicates of the ODS F of one set of images (a part of a split): the images are
 * drawn with replacement and their stored counts summed; no pixel is read.
 * @param packed from {@link packCounts}, one row per image of the part.
 */
export function bootstrapOdsReplicates(
  packed: Float64Array,
  images: number,
  options: { resamples: number; seed: number },
): Float64Array {
  const w = PACKED_WIDTH;
  const random = mulberry32(options.seed);
  const sum = new Float64Array(w);
  const times = new Float64Array(images);
  const out = new Float64Array(options.resamples);
  for (let r = 0; r < options.resamples; r++) {
    // How often each image is drawn, then one weighted pass: about 1/e of the images are not
    // drawn at all and cost nothing. Counts are integers, so the sums are exact in any order.
    resampleWeights(random, images, times);
    sum.fill(0);
    for (let x = 0; x < images; x++) {
      const k = times[x];
      if (k === 0) continue;
      const off = x * w;
      for (let t = 0; t < w; t++) sum[t] += k * packed[off + t];
    }
    out[r] = odsOfPacked(sum);
  }
  return out;
}

/** ODS F of a part as {@link ods} computes it (the check that packing changes nothing). */
export const odsOfCounts = (c: ThresholdCounts) => ods(c)?.f ?? NaN;

/** Bootstrap replicates of Spearman's rho over (x, y) pairs drawn with replacement; NaN when undefined. */
export function bootstrapSpearmanReplicates(
  x: Float64Array,
  y: Float64Array,
  options: { resamples: number; seed: number },
): Float64Array {
  const random = mulberry32(options.seed);
  const n = x.length;
  const bx = new Float64Array(n);
  const by = new Float64Array(n);
  const out = new Float64Array(options.resamples);
  for (let r = 0; r < options.resamples; r++) {
    for (let i = 0; i < n; i++) {
      const j = Math.floor(random() * n);
      bx[i] = x[j];
      by[i] = y[j];
    }
    out[r] = spearman(bx, by) ?? NaN;
  }
  return out;
}
