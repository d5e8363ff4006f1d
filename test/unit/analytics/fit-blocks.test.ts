import { describe, expect, it } from 'vitest';
import { blockOf, scoresOfImage } from '../../../src/analytics/fit-blocks.js';
import { baselineOdist, distanceRows, pairFromFit } from '../../../src/analytics/fit-distances.js';

// Two blocks in 2-D: primary images 10, 11 at (0,0), (3,4); secondary images 20..22.
const fit = {
  blockDatasetIds: [1, 2],
  blockRows: [2, 3],
  imageIds: [10, 11, 20, 21, 22],
  scores: Float64Array.from([0, 0, 3, 4, 0, 1, 6, 8, 3, 0]),
  zUsed: 2,
};

describe('fit blocks', () => {
  describe('blockOf', () => {
    it("finds a dataset's rows as a view of the scores", () => {
      const s = blockOf(fit, 2)!;
      expect(s).toMatchObject({ datasetId: 2, start: 2, rows: 3, imageIds: [20, 21, 22] });
      expect(Array.from(s.scores)).toEqual([0, 1, 6, 8, 3, 0]);
      expect(s.scores.buffer).toBe(fit.scores.buffer);
      expect(blockOf(fit, 3)).toBeNull();
    });
  });

  describe('scoresOfImage', () => {
    it("gives one image's coordinates, or null for an image outside the fit", () => {
      expect(Array.from(scoresOfImage(fit, 21)!)).toEqual([6, 8]);
      expect(scoresOfImage(fit, 99)).toBeNull();
    });
  });

  describe('pairFromFit and distanceRows', () => {
    it('compute D, IDist and ODist between the blocks', () => {
      expect(Array.from(distanceRows(fit, 1, 2, 1, 3))).toEqual([10, 5, 3, Math.hypot(0, 4)]);
      const pair = pairFromFit(fit, 1, 2, 'sum');
      [1 + Math.hypot(3, 3), 10 + 5, 3 + 4].forEach((v, j) => expect(pair.idist[j]).toBeCloseTo(v, 12));
      expect(pair.odist).toBeCloseTo((1 + Math.hypot(3, 3) + 15 + 7) / 3, 12);
      expect(Array.from(pairFromFit(fit, 1, 2, 'mean').idist)).toEqual(Array.from(pair.idist).map((v) => v / 2));
    });

    it('gives ODist(P, P) as the baseline (self-distances included)', () => {
      expect(baselineOdist(fit, 1, 'sum')).toBe(5);
    });
  });
});
