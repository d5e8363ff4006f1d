import { describe, expect, it } from 'vitest';
import { countThresholds, type ThresholdCounts } from '../../../src/metrics/threshold-counts.js';
import type { StoredCounts } from '../../../src/performance/counts.repository.js';
import {
  curveOf,
  joinByImage,
  NO_CURVE_REASON,
  pickLabels,
  setOds,
  splitParts,
} from '../../../src/performance/relate-views.js';

/** Counts of a 4-pixel image with `fg` foreground pixels predicted at `hit` and background at `miss`. */
function image(fg: number, hit: number, miss: number): ThresholdCounts {
  const mask = Uint8Array.from([0, 1, 2, 3], (i) => (i < fg ? 255 : 0));
  const pred = Uint8Array.from([0, 1, 2, 3], (i) => (i < fg ? hit : miss));
  return countThresholds(pred, mask);
}

const stored = (imageId: number, counts: ThresholdCounts): StoredCounts => ({
  imageId,
  pixels: 4,
  foreground: counts.tp[0]! + counts.fn[0]!,
  counts,
});

describe('relate views', () => {
  const vectors = {
    imageIds: [10, 11, 12, 13, 14],
    idist: Float64Array.from([5, 1, 4, 2, 3]),
    scaled: Float64Array.from([1, 0, 0.75, 0.25, 0.5]),
  };
  // Image 12 has no counts (no prediction); image 99 has counts but no IDist (no embedding).
  const counts = [
    stored(10, image(2, 200, 100)),
    stored(11, image(2, 255, 0)),
    stored(13, image(0, 0, 200)),
    stored(14, image(1, 30, 90)),
    stored(99, image(1, 255, 0)),
  ];

  describe('joinByImage', () => {
    it('keeps the images with both an IDist and counts, in the fit order, and counts the rest', () => {
      const j = joinByImage(vectors, counts);
      expect(j.imageIds).toEqual([10, 11, 13, 14]);
      expect(Array.from(j.idist)).toEqual([5, 1, 2, 3]);
      expect(Array.from(j.scaled)).toEqual([1, 0, 0.25, 0.5]);
      expect(j.withoutEmbedding).toBe(1);
    });
  });

  describe('splitParts', () => {
    it('gives each part its sorted positions and images, nearest first', () => {
      const parts = splitParts(joinByImage(vectors, counts), 3);
      expect(parts.map((p) => [p.from, p.to, p.imageIds])).toEqual([
        [0, 1, [11]],
        [1, 2, [13]],
        [2, 4, [14, 10]],
      ]);
      expect(parts[0]!.ods).toBe(1);
      expect(parts[1]!.ods).toBeNull(); // image 13 has no foreground
      expect(parts[2]!.scaledMean).toBeCloseTo(0.75, 15);
      expect(parts[2]!.scaledStd).toBeCloseTo(0.25, 15);
    });
  });

  describe('curveOf', () => {
    it('scores images at the set ODS threshold and leaves out those without foreground', () => {
      const j = joinByImage(vectors, counts);
      const c = curveOf(j, setOds(j));
      expect(c.reason).toBeNull();
      expect(c.leftOut).toBe(1);
      expect(c.points.map((p) => [p.imageId, p.rank])).toEqual([
        [11, 1],
        [14, 2],
        [10, 3],
      ]);
    });

    it('has no points, with the reason, when the set has no ODS', () => {
      const j = joinByImage(vectors, [stored(13, image(0, 0, 200))]);
      expect(curveOf(j, setOds(j))).toEqual({
        reason: NO_CURVE_REASON,
        window: 1,
        spearman: null,
        leftOut: 1,
        points: [],
      });
    });
  });

  describe('pickLabels', () => {
    const v = {
      ...vectors,
      scores: Float64Array.from([0, 0, 9, 9, 1, 1, 0, 1, 10, 10]),
      zUsed: 2,
      pValues: Float64Array.from([0.5, 0.4, 0.3, 0.2, 0.1]),
    };

    it('picks FARTHEST within the bounds, with ranks by ascending IDist', () => {
      const r = pickLabels(v, { strategy: 'FARTHEST', count: 2, seed: 0, lower: 0.5, upper: 1 });
      expect(r.candidateCount).toBe(3);
      expect(r.picks).toEqual([
        { imageId: 10, idist: 5, scaled: 1, rank: 5, pick: 1, pValue: v.pValues[vectors.imageIds.indexOf(10)] },
        { imageId: 12, idist: 4, scaled: 0.75, rank: 4, pick: 2, pValue: v.pValues[vectors.imageIds.indexOf(12)] },
      ]);
    });

    it('picks DIVERSE away from the first pick in PCA space, and RANDOM reproducibly', () => {
      const diverse = pickLabels(v, { strategy: 'DIVERSE', count: 2, seed: 0, lower: 0, upper: 1 });
      expect(diverse.picks.map((p) => p.imageId)).toEqual([10, 14]); // 14 at (10, 10) is farthest from 10 at (0, 0)
      const a = pickLabels(v, { strategy: 'RANDOM', count: 3, seed: 5, lower: 0, upper: 1 });
      expect(pickLabels(v, { strategy: 'RANDOM', count: 3, seed: 5, lower: 0, upper: 1 })).toEqual(a);
      expect(new Set(a.picks.map((p) => p.imageId)).size).toBe(3);
    });

    it('returns fewer picks than asked when there are fewer candidates', () => {
      expect(
        pickLabels(v, { strategy: 'RANDOM', count: 5, seed: 1, lower: 0.9, upper: 1 }).picks.map((p) => p.imageId),
      ).toEqual([10]);
    });
  });
});
