import { labelCandidates, pickDiverse, pickFarthest, pickRandom } from '../math/selection.js';
import { ods, type OdsResult } from '../metrics/ods-ois.js';
import { fScoreCurve, summariseSplits } from '../metrics/relate.js';
import { sumCounts, type ThresholdCounts } from '../metrics/threshold-counts.js';
import type { StoredCounts } from './counts.repository.js';
import type { CurvePointView, LabelCandidateView, LabelStrategy, SplitView } from './performance-views.js';

/**
 * Pure steps from (IDist per image, counts per image) to splits, curves and label picks
 * (method.md "Relating distance to performance"). No I/O.
 */

/** The images of S that have both an IDist and counts, in the fit's order (ascending id). */
export interface Joined {
  imageIds: number[];
  idist: Float64Array;
  /** Min-max scaled over all of S's images in the fit, as the idist query reports it. */
  scaled: Float64Array;
  counts: ThresholdCounts[];
  /** Scored images of S that are not in the fit (no embedding). */
  withoutEmbedding: number;
}

/**
 * Joins a pair's vectors with the stored counts by image id.
 * @param imageIds, idist, scaled the secondary's images in the fit, one entry each.
 */
export function joinByImage(
  v: { imageIds: readonly number[]; idist: Float64Array; scaled: Float64Array },
  stored: readonly StoredCounts[],
): Joined {
  const byId = new Map(stored.map((s) => [s.imageId, s.counts]));
  const keep = v.imageIds.flatMap((id, j) => (byId.has(id) ? [j] : []));
  const inFit = new Set(v.imageIds);
  return {
    imageIds: keep.map((j) => v.imageIds[j]!),
    idist: Float64Array.from(keep, (j) => v.idist[j]!),
    scaled: Float64Array.from(keep, (j) => v.scaled[j]!),
    counts: keep.map((j) => byId.get(v.imageIds[j]!)!),
    withoutEmbedding: stored.filter((s) => !inFit.has(s.imageId)).length,
  };
}

/** ODS over all joined images (the set the parts and the curve cover). */
export const setOds = (j: Joined): OdsResult | null => ods(sumCounts(j.counts));

/** The k parts of method.md "Splits", each with its sorted positions and images. */
export function splitParts(j: Joined, k: number): SplitView[] {
  const m = j.imageIds.length;
  return summariseSplits(j.idist, j.scaled, j.counts, k).map(({ indices, ...summary }) => ({
    ...summary,
    from: Math.floor((summary.part * m) / k),
    to: Math.floor(((summary.part + 1) * m) / k),
    imageIds: Array.from(indices, (i) => j.imageIds[i]!),
    counts: Array.from(indices, (i) => j.counts[i]!),
  }));
}

export const NO_CURVE_REASON =
  'No threshold has a defined F over these images (e.g. no mask has a foreground pixel), so there is no ODS threshold to score images at; see performance.fpRate instead.';

/** Per-image F at the set's ODS threshold against IDist (method.md "Curve"); no points without an ODS. */
export function curveOf(j: Joined, best: OdsResult | null) {
  if (!best)
    return {
      reason: NO_CURVE_REASON,
      window: 1,
      spearman: null,
      leftOut: j.imageIds.length,
      points: [] as CurvePointView[],
    };
  const c = fScoreCurve(j.idist, j.scaled, j.counts, Math.round(best.threshold * 100));
  return {
    reason: null,
    window: c.window,
    spearman: c.spearman,
    leftOut: c.leftOut,
    points: c.points.map((p, i) => ({
      imageId: j.imageIds[p.index]!,
      rank: i + 1,
      idist: p.idist,
      scaled: p.scaled,
      f: p.f,
      smoothed: p.smoothed,
    })),
  };
}

/**
 * Which images of S to label (method.md "Which images to label"): candidates with
 * scaled IDist in [lower, upper], then RANDOM (seeded, the paper), FARTHEST, or DIVERSE (greedy
 * k-center in the pair's PCA space).
 * @param scores S_L, imageIds.length x dim, row-major.
 */
export function pickLabels(
  v: {
    imageIds: readonly number[];
    idist: Float64Array;
    scaled: Float64Array;
    scores: Float64Array;
    zUsed: number;
    pValues: Float64Array;
  },
  a: { strategy: LabelStrategy; count: number; seed: number; lower: number; upper: number },
): { candidateCount: number; picks: LabelCandidateView[] } {
  const candidates = labelCandidates(v.scaled, a.lower, a.upper);
  let picked: Int32Array;
  switch (a.strategy) {
    case 'RANDOM':
      picked = pickRandom(candidates, a.count, a.seed);
      break;
    case 'FARTHEST':
      picked = pickFarthest(candidates, v.idist, a.count);
      break;
    case 'DIVERSE':
      picked = pickDiverse(candidates, v.scores, v.zUsed, a.count, v.idist);
      break;
    default:
      throw new RangeError(`Unknown strategy ${String(a.strategy)}`);
  }
  const ascending = Array.from(v.idist.keys()).sort(
    (x, y) => v.idist[x]! - v.idist[y]! || v.imageIds[x]! - v.imageIds[y]!,
  );
  const rank = new Int32Array(ascending.length);
  ascending.forEach((pos, r) => (rank[pos] = r + 1));
  return {
    candidateCount: candidates.length,
    picks: Array.from(picked, (j, i) => ({
      imageId: v.imageIds[j]!,
      idist: v.idist[j]!,
      scaled: v.scaled[j]!,
      rank: rank[j]!,
      pick: i + 1,
      pValue: v.pValues[j]!,
    })),
  };
}
