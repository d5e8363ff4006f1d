import { describe, expect, it } from 'vitest';
import {
  countThresholds,
  sumCounts,
  THRESHOLD_COUNT,
  thresholdCuts,
  type ThresholdCounts,
} from '../../../src/metrics/threshold-counts.js';
import { countThresholdsNaive } from '../../helpers/threshold-counts-naive.js';
import { mulberry32 } from '../../../src/math/random.js';
import { WORKED } from './vectors.js';

const plain = (c: ThresholdCounts) => ({ tp: Array.from(c.tp), fp: Array.from(c.fp), fn: Array.from(c.fn) });

describe('threshold counts', () => {
  describe('thresholdCuts', () => {
    it('lists the cut values of ods-metric.md section 2', () => {
      const cuts = Array.from(thresholdCuts());
      expect(cuts).toHaveLength(THRESHOLD_COUNT);
      expect(cuts.slice(0, 22)).toEqual([
        1, 3, 6, 8, 11, 13, 16, 18, 21, 23, 26, 29, 31, 34, 36, 39, 41, 44, 46, 49, 52, 54,
      ]);
      expect(cuts.slice(-5)).toEqual([243, 245, 248, 250, 253]);
    });
    it('equals the integer rule floor(2.55 k) + 1 and the np.arange grid k * 0.01', () => {
      const cuts = thresholdCuts();
      for (let k = 0; k < THRESHOLD_COUNT; k++) {
        expect(cuts[k]).toBe(Math.floor((255 * k) / 100) + 1);
        // np.arange(0, 1, 0.01) yields k * 0.01, not k / 100; the decisions must agree for every v.
        for (let v = 0; v < 256; v++) expect(v / 255 > k * 0.01).toBe(v >= cuts[k]);
      }
    });
    it('hands out a copy', () => {
      thresholdCuts()[0] = 99;
      expect(thresholdCuts()[0]).toBe(1);
    });
  });

  describe('countThresholds', () => {
    it('matches the naive 100-pass loop on random maps with ties and extremes', () => {
      const random = mulberry32(7);
      const special = [0, 255, 51, 102, 153, 204, 1, 254, 127, 128];
      for (let trial = 0; trial < 20; trial++) {
        const n = 1 + Math.floor(random() * 3000);
        const pred = new Uint8Array(n);
        const mask = new Uint8Array(n);
        for (let i = 0; i < n; i++) {
          pred[i] = random() < 0.3 ? special[Math.floor(random() * special.length)] : Math.floor(random() * 256);
          // Mask values straddling the 127 cut, not only 0/255.
          mask[i] = random() < 0.5 ? special[Math.floor(random() * special.length)] : Math.floor(random() * 256);
        }
        expect(plain(countThresholds(pred, mask))).toEqual(plain(countThresholdsNaive(pred, mask)));
        expect(plain(countThresholds(pred, mask, 0))).toEqual(plain(countThresholdsNaive(pred, mask, 0)));
      }
    });
    it('counts tie values as negative (strict >)', () => {
      const pred = Uint8Array.from([51, 102, 153, 204]);
      const mask = Uint8Array.from([255, 255, 255, 255]);
      const c = countThresholds(pred, mask);
      for (const [k, tp] of [
        [20, 3],
        [19, 4],
        [40, 2],
        [60, 1],
        [80, 0],
        [79, 1],
      ])
        expect(c.tp[k]).toBe(tp);
    });
    it('treats 0 as negative at every threshold and 255 as positive at every threshold', () => {
      const c = countThresholds(Uint8Array.from([0, 255]), Uint8Array.from([255, 0]));
      expect(new Set(c.tp)).toEqual(new Set([0]));
      expect(new Set(c.fn)).toEqual(new Set([1]));
      expect(new Set(c.fp)).toEqual(new Set([1]));
    });
    it('binarises the mask as > 127, or > maskThreshold for 0/1 masks', () => {
      const pred = Uint8Array.from([200, 200, 200]);
      expect(countThresholds(pred, Uint8Array.from([127, 128, 1])).tp[0]).toBe(1);
      expect(countThresholds(pred, Uint8Array.from([0, 1, 1]), 0).tp[0]).toBe(2);
      expect(countThresholds(pred, Uint8Array.from([0, 1, 1])).tp[0]).toBe(0);
    });
    it('gives the rows of the worked example', () => {
      const total = sumCounts([
        countThresholds(WORKED.a.pred, WORKED.a.gt),
        countThresholds(WORKED.b.pred, WORKED.b.gt),
      ]);
      const row = (k: number) => [total.tp[k], total.fp[k], total.fn[k]];
      expect(row(0)).toEqual([5, 4, 0]);
      expect(row(8)).toEqual([5, 3, 0]);
      expect(row(20)).toEqual([4, 2, 1]);
      expect(row(90)).toEqual([0, 0, 5]);
    });
    it('refuses prediction and mask of different lengths', () => {
      expect(() => countThresholds(new Uint8Array(4), new Uint8Array(5))).toThrow(RangeError);
      expect(() => countThresholdsNaive(new Uint8Array(4), new Uint8Array(5))).toThrow(RangeError);
      expect(() => countThresholds(new Uint8Array(4), new Uint8Array(4), 300)).toThrow(RangeError);
    });
    it('does not modify its inputs', () => {
      const pred = Uint8Array.from(WORKED.b.pred);
      const mask = Uint8Array.from(WORKED.b.gt);
      countThresholds(pred, mask);
      expect(pred).toEqual(WORKED.b.pred);
      expect(mask).toEqual(WORKED.b.gt);
    });
  });

  describe('sumCounts', () => {
    it('adds element-wise and gives zeros for an empty list', () => {
      const a = countThresholds(WORKED.a.pred, WORKED.a.gt);
      const b = countThresholds(WORKED.b.pred, WORKED.b.gt);
      const s = sumCounts([a, b]);
      for (let k = 0; k < THRESHOLD_COUNT; k++) {
        expect(s.tp[k]).toBe(a.tp[k] + b.tp[k]);
        expect(s.fp[k]).toBe(a.fp[k] + b.fp[k]);
        expect(s.fn[k]).toBe(a.fn[k] + b.fn[k]);
      }
      expect(plain(sumCounts([]))).toEqual(
        plain({ tp: new Float64Array(100), fp: new Float64Array(100), fn: new Float64Array(100) }),
      );
    });
    it('refuses counts of the wrong length', () => {
      const bad = { tp: new Float64Array(99), fp: new Float64Array(100), fn: new Float64Array(100) };
      expect(() => sumCounts([bad])).toThrow(RangeError);
    });
  });
});
