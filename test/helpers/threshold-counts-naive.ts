import {
  emptyCounts,
  MASK_THRESHOLD,
  THRESHOLD_COUNT,
  type ThresholdCounts,
} from '../../src/metrics/threshold-counts.js';

/**
 * The plain reference loop: for each k = 0..99, one pass over the pixels with the float64
 * rule `v / 255 > k / 100`. Same contract as countThresholds; the tests' reference and the
 * benchmark's baseline (100 passes).
 */
export function countThresholdsNaive(
  prediction: Uint8Array,
  mask: Uint8Array,
  maskThreshold = MASK_THRESHOLD,
): ThresholdCounts {
  if (prediction.length !== mask.length) {
    throw new RangeError(
      `Expected prediction and mask of the same length but received ${prediction.length} and ${mask.length}`,
    );
  }
  const out = emptyCounts();
  for (let k = 0; k < THRESHOLD_COUNT; k++) {
    const t = k / 100;
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < prediction.length; i++) {
      const positive = prediction[i] / 255 > t;
      const foreground = mask[i] > maskThreshold;
      if (positive && foreground) tp++;
      else if (positive) fp++;
      else if (foreground) fn++;
    }
    out.tp[k] = tp;
    out.fp[k] = fp;
    out.fn[k] = fn;
  }
  return out;
}
