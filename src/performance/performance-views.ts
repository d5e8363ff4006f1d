import type { FitView, Reduce } from '../analytics/index.js';
import type { Dataset, Model } from '../generated/prisma/client.js';
import type { OdsResult, PrfRow } from '../metrics/ods-ois.js';
import type { SplitSummary } from '../metrics/relate.js';
import type { ThresholdCounts } from '../metrics/threshold-counts.js';

/**
 * What the performance service answers: plain objects that echo their parameters.
 * Images are referred to by id; GraphQL loads them per request (performance.resolvers.ts).
 */

export const OIS_CONVENTION =
  "OIS-mean, an extension: DeepSegmentor computes only ODS. Each image's best F over the 100 thresholds " +
  '(P = 1 when TP = FP = 0, F = 0 when P + R = 0), averaged over the images with foreground (ods-metric.md section 4).';

export const THRESHOLD_RULE =
  't = k / 100 for k = 0..99; a pixel of 8-bit value v is foreground iff v / 255 > t (strict); masks are foreground iff > 127; no tolerance';

export interface PerformanceView {
  model: Model;
  dataset: Dataset;
  ods: OdsResult | null;
  odsNullReason: string | null;
  ois: number | null;
  oisLeftOut: number;
  curve: PrfRow[];
  fpRate: number[] | null;
  fpRateAt05: number | null;
  /** Images scored: with a prediction and a mask. */
  imageCount: number;
  pixels: number;
  foregroundPixels: number;
  imagesWithoutPrediction: number;
  imagesWithoutMask: number;
  /** Images whose counts this answer computed (missing or stale before it). */
  countsComputed: number;
}

/** A part of `summariseSplits` with image ids in place of positions in the joined arrays. */
export interface SplitView extends Omit<SplitSummary, 'indices'> {
  /** Sorted positions [from, to) of the part. */
  from: number;
  to: number;
  /** The part's images, ascending IDist. */
  imageIds: number[];
  /** Their stored counts, same order: what the part's bootstrap interval resamples. */
  counts: ThresholdCounts[];
}

/** The pair an answer is about, with the fit its IDist comes from. */
export interface PairEcho {
  model: Model;
  primary: Dataset;
  secondary: Dataset;
  componentsRequested: number;
  reduce: Reduce;
  fit: FitView;
}

/** Which images of S a split or curve uses, and which it leaves out and why. */
export interface Coverage {
  /** Images of S in both the fit and the scored set. */
  imageCount: number;
  /** Images of S without a prediction or without a mask (not scored). */
  imagesNotScored: number;
  /** Scored images of S without an embedding (no IDist). */
  imagesWithoutEmbedding: number;
  countsComputed: number;
}

export interface SplitsView extends PairEcho, Coverage {
  k: number;
  /** ODS over all images the parts cover. */
  ods: OdsResult | null;
  parts: SplitView[];
}

export interface CurvePointView {
  imageId: number;
  /** 1 = nearest to the primary (position in ascending IDist among the curve's images). */
  rank: number;
  idist: number;
  scaled: number;
  f: number;
  smoothed: number;
}

export interface CurveView extends PairEcho, Coverage {
  ods: OdsResult | null;
  /** Why there are no points (no threshold has a defined F); null when there are. */
  reason: string | null;
  window: number;
  spearman: number | null;
  /** Images without foreground, which have no per-image F. */
  leftOut: number;
  points: CurvePointView[];
}

export type LabelStrategy = 'RANDOM' | 'FARTHEST' | 'DIVERSE';

export interface LabelCandidateView {
  imageId: number;
  idist: number;
  scaled: number;
  /** 1 = nearest to the primary, by ascending IDist over S (ties by image id). */
  rank: number;
  /** Order of the pick, 1 = first. */
  pick: number;
  /** Conformal p-value of the image's IDist (analytics/conformal-scores.ts). */
  pValue: number;
}

export interface LabelCandidatesView extends PairEcho {
  strategy: LabelStrategy;
  count: number;
  seed: number;
  lower: number;
  upper: number;
  /** Images of S whose scaled IDist lies in [lower, upper]. */
  candidateCount: number;
  picks: LabelCandidateView[];
}

export interface VersionPerformanceView {
  model: Model;
  /** Why this version has no numbers (predictions, masks or embeddings missing); null when it has. */
  unavailableReason: string | null;
  performance: PerformanceView | null;
  splits: SplitsView | null;
  curve: CurveView | null;
}

export interface VersionComparisonView {
  family: string;
  primary: Dataset;
  secondary: Dataset;
  k: number;
  componentsRequested: number;
  reduce: Reduce;
  versions: VersionPerformanceView[];
}
