/**
 * Per-image TP/FP/FN counts over DeepSegmentor's threshold grid (method.md "Performance";
 * ods-metric.md section 2). Pure: typed arrays in, typed arrays out.
 *
 * Storing these 3 x 100 counts per image is what lets any subset of a set be scored later
 * without touching pixels again: the counts of a subset are the sums of its images' counts.
 */

/** Number of thresholds: t_k = k / 100 for k = 0..99 (1.0 is not on the grid). */
export const THRESHOLD_COUNT = 100;

/** Masks are binarised as DeepSegmentor does on load: foreground iff value > 127. */
export const MASK_THRESHOLD = 127;

/**
 * Counts of one image (or a sum over images) at each threshold.
 * Every array has length {@link THRESHOLD_COUNT}; index k is threshold t = k / 100.
 * Float64Array so that sums over many large images stay exact (integers up to 2^53).
 */
export interface ThresholdCounts {
  tp: Float64Array;
  fp: Float64Array;
  fn: Float64Array;
}

function computeCuts(): Uint16Array {
  const cuts = new Uint16Array(THRESHOLD_COUNT);
  for (let k = 0; k < THRESHOLD_COUNT; k++) {
    // The reference compares in float64 (pred / 255 > t with t = k * 0.01 from np.arange);
    // k / 100 and k * 0.01 agree on the decision for every v, and the test checks it.
    let v = 0;
    while (v <= 255 && !(v / 255 > k / 100)) v++;
    cuts[k] = v;
  }
  return cuts;
}

// Computed once and never handed out: thresholdCuts() returns a copy, so no caller can change it.
const CUTS = computeCuts();

/**
 * The integer form of the threshold rule (ods-metric.md section 2): for k = 0..99, the smallest
 * 8-bit value v with v / 255 > k / 100 (strict, float64), i.e. 1, 3, 6, 8, 11, ..., 250, 253.
 * A pixel of value v is predicted foreground at index k iff v >= cuts[k].
 *
 * @returns a new Uint16Array of length 100; index k = threshold k / 100.
 */
export function thresholdCuts(): Uint16Array {
  return CUTS.slice();
}

/** An all-zero {@link ThresholdCounts}. */
export function emptyCounts(): ThresholdCounts {
  return {
    tp: new Float64Array(THRESHOLD_COUNT),
    fp: new Float64Array(THRESHOLD_COUNT),
    fn: new Float64Array(THRESHOLD_COUNT),
  };
}

function checkPair(prediction: Uint8Array, mask: Uint8Array, maskThreshold: number): void {
  if (!(prediction instanceof Uint8Array))
    throw new TypeError('Expected prediction to be a Uint8Array of 0..255 values');
  if (!(mask instanceof Uint8Array)) throw new TypeError('Expected mask to be a Uint8Array');
  if (prediction.length !== mask.length) {
    throw new RangeError(
      `Expected prediction and mask of the same length but received ${prediction.length} and ${mask.length}`,
    );
  }
  if (!Number.isInteger(maskThreshold) || maskThreshold < 0 || maskThreshold > 255) {
    throw new RangeError(`Expected maskThreshold to be an integer in 0..255 but received ${maskThreshold}`);
  }
}

/**
 * TP/FP/FN of one image at each of the 100 thresholds, in one pass over the pixels.
 *
 * Builds two 256-bin histograms of the prediction values (mask background, mask foreground),
 * takes cumulative sums from the top (count of pixels with value >= v) and reads them at the
 * cut values of {@link thresholdCuts}: TP_k = foreground pixels >= cut_k, FP_k = background
 * pixels >= cut_k, FN_k = foreground pixels - TP_k. Same result as the 100-pass reference loop
 * (the plain 100-pass loop, test/helpers/threshold-counts-naive.ts) in O(pixels + 256).
 *
 * @param prediction per-pixel probability map, 8-bit 0..255, any pixel order.
 * @param mask ground truth in the same pixel order and length; foreground iff value > maskThreshold.
 * @param maskThreshold 127 (default) for 0/255 masks as DeepSegmentor reads them. Pass 0 for a
 *   0/1 mask (e.g. `decodeMask` output); with 127 a 0/1 mask has no foreground at all.
 * @returns new arrays of length 100, index k = threshold k / 100.
 * @throws RangeError when the lengths differ.
 */
export function countThresholds(
  prediction: Uint8Array,
  mask: Uint8Array,
  maskThreshold = MASK_THRESHOLD,
): ThresholdCounts {
  checkPair(prediction, mask, maskThreshold);
  // Bin = 256 * foreground + value. (maskThreshold - m) is negative exactly when m > maskThreshold,
  // so its sign bit is the foreground flag: no branch to mispredict on noisy masks.
  const hist = new Float64Array(512);
  for (let i = 0, n = prediction.length; i < n; i++) hist[(((maskThreshold - mask[i]) >>> 31) << 8) | prediction[i]]++;
  return countsFromHistograms(hist);
}

/** hist[0..255]: background pixels by value, hist[256..511]: foreground pixels by value. */
function countsFromHistograms(hist: Float64Array): ThresholdCounts {
  // atLeast[v] = pixels with value >= v, for background (first half) and foreground.
  const bgAtLeast = new Float64Array(257);
  const fgAtLeast = new Float64Array(257);
  for (let v = 255; v >= 0; v--) {
    bgAtLeast[v] = bgAtLeast[v + 1] + hist[v];
    fgAtLeast[v] = fgAtLeast[v + 1] + hist[256 + v];
  }
  const foreground = fgAtLeast[0];
  const out = emptyCounts();
  for (let k = 0; k < THRESHOLD_COUNT; k++) {
    const cut = CUTS[k];
    out.tp[k] = fgAtLeast[cut];
    out.fp[k] = bgAtLeast[cut];
    out.fn[k] = foreground - out.tp[k];
  }
  return out;
}

/**
 * Throws RangeError unless tp, fp and fn all have length {@link THRESHOLD_COUNT}.
 * @param what how the counts are named in the message, e.g. `perImage[3]`.
 */
export function assertThresholdCounts(c: ThresholdCounts, what = 'counts'): void {
  if (c.tp.length !== THRESHOLD_COUNT || c.fp.length !== THRESHOLD_COUNT || c.fn.length !== THRESHOLD_COUNT) {
    throw new RangeError(
      `Expected ${what} to have tp/fp/fn of length ${THRESHOLD_COUNT} but received ${c.tp.length}/${c.fp.length}/${c.fn.length}`,
    );
  }
}

/**
 * Element-wise sum of per-image counts: the counts of the whole list as one set
 * (method.md "Performance": ODS of any subset is a sum of per-image counts).
 *
 * @param list counts of each image, each array of length 100. An empty list gives all zeros.
 * @returns new arrays of length 100; the inputs are not modified.
 */
export function sumCounts(list: readonly ThresholdCounts[]): ThresholdCounts {
  const out = emptyCounts();
  list.forEach((c, i) => {
    assertThresholdCounts(c, `counts[${i}]`);
    for (let k = 0; k < THRESHOLD_COUNT; k++) {
      out.tp[k] += c.tp[k];
      out.fp[k] += c.fp[k];
      out.fn[k] += c.fn[k];
    }
  });
  return out;
}
