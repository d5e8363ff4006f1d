/**
 * Precision/recall/F over the threshold grid, ODS, OIS and the false-positive pixel rate
 * (method.md "Performance"; ods-metric.md sections 2-4). Pure functions over
 * {@link ThresholdCounts}; no pixels are touched here.
 */
import { assertThresholdCounts, sumCounts, THRESHOLD_COUNT, type ThresholdCounts } from './threshold-counts.js';

/** One row of the P/R/F curve, as DeepSegmentor's `cal_prf_metrics` computes it. */
export interface PrfRow {
  /** t = k / 100. */
  threshold: number;
  tp: number;
  fp: number;
  fn: number;
  /** 1 when TP = FP = 0 (DeepSegmentor's guard), else TP / (TP + FP). Always defined. */
  precision: number;
  /** TP / (TP + FN); null when TP + FN = 0 (no foreground pixel), where the reference gives NaN. */
  recall: number | null;
  /** 2PR / (P + R); null where the reference gives NaN (recall undefined, or P + R = 0). */
  f: number | null;
}

/** The best row of a curve. */
export interface OdsResult {
  f: number;
  /** The first (lowest) threshold reaching the maximum F. */
  threshold: number;
  precision: number;
  recall: number;
}

function precisionOf(tp: number, fp: number): number {
  return tp === 0 && fp === 0 ? 1 : tp / (tp + fp);
}

/**
 * The 100 rows [t, P, R, F] with DeepSegmentor's rules (ods-metric.md section 2):
 * P = 1 when TP = FP = 0, else TP / (TP + FP); R = TP / (TP + FN) with no guard;
 * F = 2PR / (P + R) with no guard. Where the reference yields NaN (R = 0/0, or P = R = 0)
 * this returns null.
 *
 * @param c counts summed over the set (or one image), arrays of length 100.
 * @returns 100 rows, row k = threshold k / 100.
 */
export function prfCurve(c: ThresholdCounts): PrfRow[] {
  assertThresholdCounts(c);
  const rows: PrfRow[] = [];
  for (let k = 0; k < THRESHOLD_COUNT; k++) {
    const tp = c.tp[k];
    const fp = c.fp[k];
    const fn = c.fn[k];
    const precision = precisionOf(tp, fp);
    const recall = tp + fn === 0 ? null : tp / (tp + fn);
    const f = recall === null || precision + recall === 0 ? null : (2 * precision * recall) / (precision + recall);
    rows.push({ threshold: k / 100, tp, fp, fn, precision, recall, f });
  }
  return rows;
}

/** Index of the first maximum F among rows whose F is defined; -1 when none is. */
function bestRowIndex(rows: readonly PrfRow[]): number {
  let best = -1;
  for (let k = 0; k < rows.length; k++) {
    const f = rows[k].f;
    // Strict > keeps the first maximum (np.argmax), i.e. ties go to the lowest threshold.
    if (f !== null && (best < 0 || f > rows[best].f!)) best = k;
  }
  return best;
}

/**
 * ODS: the maximum dataset-level F over the thresholds whose F is defined; ties go to the
 * lowest threshold (method.md "Performance", policies; ods-metric.md section 3).
 *
 * @param c counts summed over the set, arrays of length 100.
 * @returns the best row, or null when no threshold has a defined F (e.g. no foreground).
 */
export function ods(c: ThresholdCounts): OdsResult | null {
  const rows = prfCurve(c);
  const k = bestRowIndex(rows);
  if (k < 0) return null;
  const row = rows[k];
  return { f: row.f!, threshold: row.threshold, precision: row.precision, recall: row.recall! };
}

/**
 * Per-image F at threshold index k, with the OIS convention of ods-metric.md section 4
 * (CrackFormer-II `ois.py`): P = 1 when TP = FP = 0, and F = 0 when P + R = 0, so an image
 * whose foreground is entirely missed scores 0 rather than dropping out.
 *
 * @param c counts of one image, arrays of length 100.
 * @param k threshold index 0..99 (t = k / 100).
 * @returns F in [0, 1], or null when the image has no foreground pixel (recall undefined).
 */
export function imageF(c: ThresholdCounts, k: number): number | null {
  if (!Number.isInteger(k) || k < 0 || k >= THRESHOLD_COUNT) {
    throw new RangeError(`Expected a threshold index in 0..${THRESHOLD_COUNT - 1} but received ${k}`);
  }
  assertThresholdCounts(c);
  const tp = c.tp[k];
  const fn = c.fn[k];
  if (tp + fn === 0) return null;
  const p = precisionOf(tp, c.fp[k]);
  const r = tp / (tp + fn);
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

/** Best per-image F over the 100 thresholds, or null for an image without foreground. */
function bestImageF(c: ThresholdCounts): number | null {
  let best: number | null = null;
  for (let k = 0; k < THRESHOLD_COUNT; k++) {
    const f = imageF(c, k);
    if (f === null) return null; // foreground is the same at every k: none here means none anywhere
    if (best === null || f > best) best = f;
  }
  return best;
}

/**
 * OIS-mean (ods-metric.md section 4; method.md "Performance"): each image's best F over the
 * 100 thresholds (per-image rules of {@link imageF}), averaged over images. Images without
 * foreground have no F; they are left out and counted.
 *
 * @param perImage counts of each image, arrays of length 100.
 * @returns ois = the mean, or null when no image has foreground; leftOut = images left out.
 */
export function oisMean(perImage: readonly ThresholdCounts[]): { ois: number | null; leftOut: number } {
  let sum = 0;
  let used = 0;
  for (const c of perImage) {
    const f = bestImageF(c);
    if (f === null) continue;
    sum += f;
    used++;
  }
  return { ois: used === 0 ? null : sum / used, leftOut: perImage.length - used };
}

/**
 * Predicted-foreground pixel rate at each threshold: (TP + FP) / pixels (method.md
 * "Performance", policies). On a set without foreground TP = 0, so this is the false-positive
 * pixel rate that shows whether a model sees cracks in crack-free images (paper 4.4).
 *
 * @param c counts summed over the set, arrays of length 100.
 * @param pixelCount all pixels of the set (> 0).
 * @returns a new Float64Array of length 100, index k = threshold k / 100 (t = 0.5 is index 50).
 */
export function falsePositiveRate(c: ThresholdCounts, pixelCount: number): Float64Array {
  assertThresholdCounts(c);
  if (!Number.isFinite(pixelCount) || pixelCount <= 0) {
    throw new RangeError(`Expected a positive pixel count but received ${pixelCount}`);
  }
  const out = new Float64Array(THRESHOLD_COUNT);
  for (let k = 0; k < THRESHOLD_COUNT; k++) out[k] = (c.tp[k] + c.fp[k]) / pixelCount;
  return out;
}

/** Threshold index of t = 0.5 on the grid. */
export const HALF_THRESHOLD_INDEX = 50;

/** Everything method.md "Performance" asks for about one set. */
export interface SetScore {
  ods: OdsResult | null;
  /** Why ods is null (no foreground in the set, no defined F, empty set); null when ods is set. */
  odsNullReason: string | null;
  ois: number | null;
  /** Images left out of OIS because their mask has no foreground. */
  oisLeftOut: number;
  /** The dataset-level P/R/F rows, 100 of them. */
  curve: PrfRow[];
  /** Predicted-foreground pixel rate per threshold (length 100); null only for an empty set. */
  fpRate: Float64Array | null;
  /** fpRate at t = 0.5 (index 50); null only for an empty set. */
  fpRateAt05: number | null;
}

/**
 * Scores one set of images with method.md's policies ("Performance"): ODS over the summed
 * counts (null with a reason when no F is defined, e.g. a non-crack set), OIS-mean with the
 * count of images left out, the P/R/F curve, and the predicted-foreground pixel rate at every
 * threshold and at t = 0.5. The rate is reported for every non-empty set, not only for sets
 * without foreground, so crack and non-crack sets can be compared on it.
 *
 * @param perImage counts of each image, arrays of length 100.
 * @param pixelCounts pixels of each image, same order and length as perImage.
 */
export function scoreSet(perImage: readonly ThresholdCounts[], pixelCounts: readonly number[]): SetScore {
  if (perImage.length !== pixelCounts.length) {
    throw new RangeError(
      `Expected one pixel count per image but received ${pixelCounts.length} for ${perImage.length} images`,
    );
  }
  let pixels = 0;
  for (const [i, n] of pixelCounts.entries()) {
    if (!Number.isInteger(n) || n <= 0)
      throw new RangeError(`Expected pixelCounts[${i}] to be a positive integer but received ${n}`);
    pixels += n;
  }
  const total = sumCounts(perImage);
  const best = ods(total);
  const { ois, leftOut } = oisMean(perImage);
  const fpRate = pixels > 0 ? falsePositiveRate(total, pixels) : null;
  return {
    ods: best,
    odsNullReason: best === null ? odsNullReason(perImage.length, total) : null,
    ois,
    oisLeftOut: leftOut,
    curve: prfCurve(total),
    fpRate,
    fpRateAt05: fpRate === null ? null : fpRate[HALF_THRESHOLD_INDEX],
  };
}

function odsNullReason(images: number, total: ThresholdCounts): string {
  if (images === 0) return 'The set has no images.';
  if (total.tp[0] + total.fn[0] === 0) {
    return 'No mask of the set has a foreground pixel, so recall and F are undefined at every threshold; see the false-positive pixel rate instead.';
  }
  return 'No threshold has a defined F (true positives are 0 and false positives are above 0 at every threshold).';
}
