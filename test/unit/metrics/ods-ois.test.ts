import { describe, expect, it } from 'vitest';
import { falsePositiveRate, imageF, ods, oisMean, prfCurve, scoreSet } from '../../../src/metrics/ods-ois.js';
import { countThresholds, sumCounts, type ThresholdCounts } from '../../../src/metrics/threshold-counts.js';
import { WORKED } from './vectors.js';

const a = countThresholds(WORKED.a.pred, WORKED.a.gt);
const b = countThresholds(WORKED.b.pred, WORKED.b.gt);
const total = sumCounts([a, b]);

/** Counts that are the same at every threshold. */
const constant = (tp: number, fp: number, fn: number): ThresholdCounts => ({
  tp: new Float64Array(100).fill(tp),
  fp: new Float64Array(100).fill(fp),
  fn: new Float64Array(100).fill(fn),
});

describe('ods and ois', () => {
  describe('prfCurve (ods-metric.md section 5)', () => {
    it('gives the strict-threshold row at t = 0.20', () => {
      const row = prfCurve(total)[20];
      expect(row).toMatchObject({ threshold: 0.2, tp: 4, fp: 2, fn: 1 });
      expect(row.precision).toBeCloseTo(2 / 3, 15);
      expect(row.recall).toBeCloseTo(0.8, 15);
      expect(row.f).toBeCloseTo(8 / 11, 15);
    });
    it('applies the P = 1 rule for t >= 0.87, giving F = 0 and not undefined', () => {
      const rows = prfCurve(total);
      for (let k = 87; k < 100; k++)
        expect(rows[k]).toMatchObject({ tp: 0, fp: 0, fn: 5, precision: 1, recall: 0, f: 0 });
      expect(rows[90].threshold).toBe(0.9);
    });
    it('matches every range of the table', () => {
      const table: [number, number, number, number, number][] = [
        [0, 7, 5, 4, 0],
        [8, 15, 5, 3, 0],
        [16, 19, 4, 3, 1],
        [20, 23, 4, 2, 1],
        [24, 39, 3, 2, 2],
        [40, 58, 3, 1, 2],
        [59, 70, 2, 1, 3],
        [71, 78, 2, 0, 3],
        [79, 86, 1, 0, 4],
        [87, 99, 0, 0, 5],
      ];
      const rows = prfCurve(total);
      for (const [from, to, tp, fp, fn] of table) {
        for (let k = from; k <= to; k++) {
          expect(rows[k]).toMatchObject({ tp, fp, fn });
          const p = tp + fp === 0 ? 1 : tp / (tp + fp);
          const r = tp / (tp + fn);
          expect(rows[k].f).toBeCloseTo(p + r === 0 ? 0 : (2 * p * r) / (p + r), 15);
        }
      }
    });
    it('leaves F undefined for TP 0, FP 3, FN 2 (P = R = 0)', () => {
      expect(prfCurve(constant(0, 3, 2))[0]).toMatchObject({ precision: 0, recall: 0, f: null });
    });
  });

  describe('ods', () => {
    it('is 10/13 at the first maximum t = 0.08', () => {
      const best = ods(total)!;
      expect(best.f).toBeCloseTo(10 / 13, 15);
      expect(best.threshold).toBe(0.08);
      expect(best.precision).toBeCloseTo(0.625, 15);
      expect(best.recall).toBe(1);
    });
    it('is null when no F is defined', () => {
      expect(ods(constant(0, 3, 2))).toBeNull();
      expect(ods(constant(0, 0, 0))).toBeNull();
    });
  });

  describe('per image', () => {
    it('gives the best F of each image and OIS-mean 16/21', () => {
      const bestOf = (c: ThresholdCounts) => Math.max(...Array.from({ length: 100 }, (_, k) => imageF(c, k)!));
      expect(bestOf(a)).toBeCloseTo(6 / 7, 15);
      expect(bestOf(b)).toBeCloseTo(2 / 3, 15);
      const { ois, leftOut } = oisMean([a, b]);
      expect(ois).toBeCloseTo(16 / 21, 15);
      expect(leftOut).toBe(0);
    });
    it('scores a missed image 0, and an image without foreground null', () => {
      expect(imageF(constant(0, 3, 2), 0)).toBe(0);
      expect(imageF(constant(0, 3, 0), 0)).toBeNull();
      expect(() => imageF(a, 100)).toThrow(RangeError);
    });
    it('leaves images without foreground out of OIS and counts them', () => {
      expect(oisMean([a, constant(0, 1, 0), b])).toEqual({ ois: oisMean([a, b]).ois, leftOut: 1 });
      expect(oisMean([constant(0, 1, 0)])).toEqual({ ois: null, leftOut: 1 });
    });
  });

  describe('no foreground (ods-metric.md section 5 edge case)', () => {
    const pred = Uint8Array.from([0, 130, 0, 0]);
    const c = countThresholds(pred, new Uint8Array(4));
    it('has TP0 FP1 FN0 up to k = 50 and all zero from k = 51, with every F undefined', () => {
      const rows = prfCurve(c);
      for (let k = 0; k <= 50; k++)
        expect(rows[k]).toMatchObject({ tp: 0, fp: 1, fn: 0, precision: 0, recall: null, f: null });
      for (let k = 51; k < 100; k++)
        expect(rows[k]).toMatchObject({ tp: 0, fp: 0, fn: 0, precision: 1, recall: null, f: null });
    });
    it('scores the set with ods null, a reason and the false-positive pixel rate', () => {
      const s = scoreSet([c], [4]);
      expect(s.ods).toBeNull();
      expect(s.odsNullReason).toMatch(/no mask .* foreground/i);
      expect(s.ois).toBeNull();
      expect(s.oisLeftOut).toBe(1);
      expect(s.fpRateAt05).toBe(0.25); // 130/255 = 0.5098 > 0.5
      expect(Array.from(s.fpRate!)).toEqual(Array.from({ length: 100 }, (_, k) => (k <= 50 ? 0.25 : 0)));
    });
  });

  describe('scoreSet', () => {
    it('reports ODS, OIS, curve and predicted-foreground rate of a crack set', () => {
      const s = scoreSet([a, b], [9, 9]);
      expect(s.ods!.f).toBeCloseTo(10 / 13, 15);
      expect(s.odsNullReason).toBeNull();
      expect(s.ois).toBeCloseTo(16 / 21, 15);
      expect(s.curve).toHaveLength(100);
      expect(s.fpRate![0]).toBe(9 / 18);
      expect(s.fpRateAt05).toBe(4 / 18); // 200, 150, 220, 180 > 127.5
    });
    it('gives a reason when F is undefined despite foreground', () => {
      const s = scoreSet([constant(0, 3, 2)], [10]);
      expect(s.ods).toBeNull();
      expect(s.odsNullReason).toMatch(/no threshold has a defined F/i);
    });
    it('handles the empty set and refuses mismatched pixel counts', () => {
      expect(scoreSet([], [])).toMatchObject({
        ods: null,
        odsNullReason: expect.any(String),
        ois: null,
        fpRate: null,
        fpRateAt05: null,
      });
      expect(() => scoreSet([a], [])).toThrow(RangeError);
      expect(() => scoreSet([a], [0])).toThrow(RangeError);
    });
  });

  describe('falsePositiveRate', () => {
    it('divides predicted-foreground pixels by all pixels', () => {
      const r = falsePositiveRate(total, 18);
      for (let k = 0; k < 100; k++) expect(r[k]).toBe((total.tp[k] + total.fp[k]) / 18);
      expect(() => falsePositiveRate(total, 0)).toThrow(RangeError);
    });
  });
});
