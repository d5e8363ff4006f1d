import { mulberry32 } from '../math/random.js';
import { ods } from '../metrics/ods-ois.js';
import { countThresholds, sumCounts, thresholdCuts, type ThresholdCounts } from '../metrics/threshold-counts.js';
import { contrastMap, CRACK_SIZE, type CrackParams, crackPrediction8, grayPlane, windowMean } from './crack-model.js';

/**
 * Fitting of the demo crack detector (crack-model.ts) on labelled images, and the model family
 * the demo registers: a base version fitted on the primary only, and versions fitted on the
 * primary plus q labelled images from each secondary (the paper's base, base+1, +3, +7;
 * method.md "Relating distance to performance").
 */

/** One labelled image: the model's input tensor [1, 3, 160, 160] and its 0/255 mask (160 x 160). */
export interface LabelledImage {
  x: Float32Array;
  mask: Uint8Array;
}

/** The grids searched. Window and smoothing change the ranking of pixels, so they are fitted by ODS. */
export const FIT_WINDOWS = [9, 13, 17, 21, 25] as const;
export const FIT_SMOOTHINGS = [0, 0.2, 0.4, 0.6, 0.8, 1] as const;
/** Gains tried once the structure and threshold are fixed (logit per unit of gray contrast). */
export const FIT_GAINS = [10, 20, 40, 80] as const;

// Contrast is mapped linearly from [LO, HI] to 0..255 for the ODS search: 100 thresholds, 0.01 apart.
const LO = -0.25;
const HI = 0.75;
// Log-loss uses every PIXEL_STEP-th pixel: the gain is one number, this is plenty of pixels.
const PIXEL_STEP = 3;

export interface CrackFit {
  params: CrackParams;
  /** ODS of the fitted model's own output on the fitting images (one pooled set). */
  ods: number;
  /** Its (first) threshold; the bias centres the fitted cut at 0.5, so F at 0.5 is close to the ODS. */
  threshold: number;
  /** Images fitted on. */
  images: number;
}

/** The contrast map (crack-model.ts contrastMap) mapped from [LO, HI] to 0..255, written into `out`. */
function quantisedContrast(
  gray: Float64Array,
  smooth: Float64Array,
  background: Float64Array,
  smoothing: number,
  out: Uint8Array,
): Uint8Array {
  const scale = 255 / (HI - LO);
  const keep = 1 - smoothing;
  const offset = 0.5 - LO * scale; // + 0.5 then truncation: rounding
  for (let i = 0, n = out.length; i < n; i++) {
    const v = (background[i]! - keep * gray[i]! - smoothing * smooth[i]!) * scale + offset;
    out[i] = v <= 0 ? 0 : v >= 255 ? 255 : v | 0;
  }
  return out;
}

/**
 * One labelled image with what every fit needs precomputed: its gray plane, the 3x3 mean, and the
 * TP/FP/FN counts of the contrast map for each (window, smoothing) of the grid. Prepared once per
 * image, so fitting several versions on overlapping image sets costs little more than one.
 */
export interface PreparedImage {
  image: LabelledImage;
  gray: Float64Array;
  smooth: Float64Array;
  /** counts[w * FIT_SMOOTHINGS.length + s] for FIT_WINDOWS[w], FIT_SMOOTHINGS[s]. */
  counts: ThresholdCounts[];
}

/** Precomputes {@link PreparedImage}; the image is not modified. */
export function prepareImage(image: LabelledImage, size = CRACK_SIZE): PreparedImage {
  if (image.mask.length !== size * size)
    throw new RangeError(`Expected a ${size} x ${size} mask, received ${image.mask.length} values`);
  const gray = grayPlane(image.x, size);
  const smooth = windowMean(gray, size, 3);
  const counts: ThresholdCounts[] = [];
  const buffer = new Uint8Array(size * size);
  for (const window of FIT_WINDOWS) {
    const background = windowMean(gray, size, window);
    for (const smoothing of FIT_SMOOTHINGS)
      counts.push(countThresholds(quantisedContrast(gray, smooth, background, smoothing, buffer), image.mask));
  }
  return { image, gray, smooth, counts };
}

/**
 * Fits the detector's parameters on labelled images, treated as one pooled set (as training on
 * their union would):
 *
 * 1. window and smoothing: grid search ({@link FIT_WINDOWS} x {@link FIT_SMOOTHINGS}) maximising
 *    the ODS F-score (metrics/, DeepSegmentor's rule) of the contrast map over the pooled images;
 *    ties keep the first (smaller window, less smoothing).
 * 2. bias: ODS does not change under a monotone rescaling of the map, so gain and bias cannot be
 *    fitted by it; the bias puts the contrast cut found in 1 at probability 0.5.
 * 3. gain: the one of {@link FIT_GAINS} with the smallest mean pixel log-loss on the images (the
 *    loss a segmentation network is trained with): cleanly separated training data gives a
 *    steep, confident map (the grid caps it), harder data a softer one.
 *
 * Deterministic. Accepts raw or prepared images (see {@link prepareImage}).
 */
export function fitCrackParams(input: readonly (LabelledImage | PreparedImage)[], size = CRACK_SIZE): CrackFit {
  if (input.length === 0) throw new RangeError('Expected at least one labelled image to fit on');
  const images = input.map((im) => ('counts' in im ? im : prepareImage(im, size)));
  const plane = size * size;

  let best: { window: number; smoothing: number; f: number; k: number } | null = null;
  FIT_WINDOWS.forEach((window, w) => {
    FIT_SMOOTHINGS.forEach((smoothing, s) => {
      const r = ods(sumCounts(images.map((im) => im.counts[w * FIT_SMOOTHINGS.length + s]!)));
      if (r && (!best || r.f > best.f)) best = { window, smoothing, f: r.f, k: Math.round(r.threshold * 100) };
    });
  });
  if (!best) throw new RangeError('The fitting images have no foreground pixel: nothing to fit on');
  const { window, smoothing, k } = best;
  // Pixels with value >= cut are positive; the cut's midpoint back in contrast units.
  const cut = thresholdCuts()[k]!;
  const center = LO + ((cut - 0.5) / 255) * (HI - LO);

  const contrasts = images.map((im) => contrastMap(im.gray, im.smooth, windowMean(im.gray, size, window), smoothing));
  let gain: number = FIT_GAINS[0];
  let bestLoss = Infinity;
  for (const g of FIT_GAINS) {
    let loss = 0;
    let count = 0;
    contrasts.forEach((c, i) => {
      const mask = images[i]!.image.mask;
      for (let j = 0; j < plane; j += PIXEL_STEP) {
        const z = g * (c[j]! - center);
        // -log sigmoid(z) for foreground, -log(1 - sigmoid(z)) for background, overflow-free.
        const signed = mask[j]! > 127 ? z : -z;
        loss += signed > 0 ? Math.log1p(Math.exp(-signed)) : -signed + Math.log1p(Math.exp(signed));
        count++;
      }
    });
    if (loss / count < bestLoss) {
      bestLoss = loss / count;
      gain = g;
    }
  }
  const params: CrackParams = { window, smoothing, gain, bias: -gain * center };
  const final = ods(
    sumCounts(images.map((im) => countThresholds(crackPrediction8(im.image.x, params, size), im.image.mask))),
  )!;
  return { params, ods: final.f, threshold: final.threshold, images: images.length };
}

/** A dataset offered to {@link fitCrackFamily}. */
export interface FamilyDataset {
  name: string;
  /** Labelled images in a fixed order (the picks are indices into it). */
  images: readonly LabelledImage[];
}

/** One version of the family. */
export interface CrackVersion {
  /** 'base', 'base+1', ... */
  label: string;
  /** Labelled images taken from each secondary. */
  perSecondary: number;
  /** Per secondary, the indices of the images fitted on. */
  picks: Record<string, number[]>;
  fit: CrackFit;
  /** What the model is and what it was fitted on, honestly; stored in the ONNX file. */
  description: string;
}

/** The first `count` images of a seeded shuffle: larger counts extend smaller ones, as in the paper. */
function pickOrder(length: number, seed: number): number[] {
  const rand = mulberry32(seed);
  const order = Array.from({ length }, (_, i) => i);
  for (let i = length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/**
 * The family: for each q of `perSecondary` (0 = base), parameters fitted on every primary image
 * plus q images of each secondary, chosen at random with `seed` (the paper picks at random among
 * far candidates; here among all, since no distances exist before the first extraction).
 */
export function fitCrackFamily(
  primary: FamilyDataset,
  secondaries: readonly FamilyDataset[],
  perSecondary: readonly number[] = [0, 1, 3, 7],
  seed = 7,
): CrackVersion[] {
  const orders = secondaries.map((s, i) => pickOrder(s.images.length, seed * 1009 + i));
  const prepared = new Map<LabelledImage, PreparedImage>();
  const prepare = (im: LabelledImage) => prepared.get(im) ?? prepared.set(im, prepareImage(im)).get(im)!;
  return perSecondary.map((q) => {
    const picks: Record<string, number[]> = {};
    const images = primary.images.map(prepare);
    secondaries.forEach((s, i) => {
      picks[s.name] = orders[i]!.slice(0, Math.min(q, s.images.length));
      for (const p of picks[s.name]!) images.push(prepare(s.images[p]!));
    });
    const fit = fitCrackParams(images);
    const { window, smoothing, gain, bias } = fit.params;
    const on =
      q === 0
        ? `${primary.images.length} labelled ${primary.name} images only`
        : `${primary.images.length} labelled ${primary.name} images plus ${q} labelled image${q > 1 ? 's' : ''} from each of ${secondaries.map((s) => s.name).join(', ')} (chosen at random, seed ${seed})`;
    const description =
      `Classical local-contrast crack detector (no neural network): the ${window}x${window} local mean of gray minus gray ` +
      `(${smoothing} of it 3x3-smoothed), through sigmoid(${gain} * contrast ${bias < 0 ? '-' : '+'} ${Math.abs(bias).toFixed(3)}); ` +
      `parameters fitted by grid search (ODS F-score, then log-loss for the gain) on ${on}. ` +
      'Embedding: a fixed bank of oriented derivative filters at three scales, globally pooled, and gray on a 2x2 grid.';
    return { label: q === 0 ? 'base' : `base+${q}`, perSecondary: q, picks, fit, description };
  });
}
