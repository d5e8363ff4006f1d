import { describe, expect, it } from 'vitest';
import { boxStats, kde, quantileSorted } from '../../../web/dashboard/stats.js';

describe('dashboard statistics', () => {
  describe('quantileSorted', () => {
    it('interpolates linearly like numpy.quantile', () => {
      const xs = [1, 2, 3, 4, 10];
      // numpy.quantile([1, 2, 3, 4, 10], [0, 0.25, 0.5, 0.75, 0.9, 1])
      expect([0, 0.25, 0.5, 0.75, 0.9, 1].map((p) => quantileSorted(xs, p))).toEqual([
        1, 2, 3, 4, 7.6000000000000005, 10,
      ]);
    });
  });

  describe('boxStats', () => {
    it('puts Tukey whiskers at the last values within 1.5 IQR and the rest as outliers', () => {
      const s = boxStats([10, 1, 3, 2, 4, 100]);
      expect(s.q1).toBe(2.25);
      expect(s.q3).toBe(8.5);
      expect(s.lowWhisker).toBe(1);
      expect(s.highWhisker).toBe(10);
      expect(s.outliers).toEqual([100]);
      expect(s.mean).toBe(20);
      expect(s.n).toBe(6);
    });
  });

  describe('kde', () => {
    it('is a density cut one bandwidth beyond the data, peaking where the values crowd', () => {
      const d = kde([1, 2, 2.5, 3, 7, 8], 400);
      let area = 0;
      for (let i = 1; i < d.length; i++) area += ((d[i]![1] + d[i - 1]![1]) / 2) * (d[i]![0] - d[i - 1]![0]);
      // The tails beyond min - bw and max + bw are cut off (a violin does not draw past the data).
      expect(area).toBeGreaterThan(0.85);
      expect(area).toBeLessThan(1);
      const peak = d.reduce((a, b) => (b[1] > a[1] ? b : a));
      expect(peak[0]).toBeGreaterThan(1.5);
      expect(peak[0]).toBeLessThan(3.5);
    });

    it('answers a finite outline for identical values', () => {
      const d = kde([5, 5, 5]);
      expect(d.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y))).toBe(true);
    });
  });
});
