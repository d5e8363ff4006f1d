import { describe, expect, it } from 'vitest';
import { fScoreCurve, movingAverage, spearman, splitByIdist, summariseSplits } from '../../../src/metrics/relate.js';
import { countThresholds, type ThresholdCounts } from '../../../src/metrics/threshold-counts.js';
import { mulberry32 } from '../../../src/math/random.js';

const f64 = (xs: number[]) => Float64Array.from(xs);

/** A random set of m small images: IDist with deliberate ties, some images without foreground. */
function randomSet(m: number, seed: number) {
  const random = mulberry32(seed);
  const idist = f64(Array.from({ length: m }, () => Math.round(random() * 20) / 2)); // ties likely
  const min = Math.min(...idist);
  const max = Math.max(...idist);
  const scaled = idist.map((x) => (max === min ? 0 : (x - min) / (max - min)));
  const perImage: ThresholdCounts[] = [];
  for (let j = 0; j < m; j++) {
    const pred = Uint8Array.from({ length: 64 }, () => Math.floor(random() * 256));
    const noForeground = j % 7 === 3;
    const mask = Uint8Array.from({ length: 64 }, () => (!noForeground && random() < 0.3 ? 255 : 0));
    perImage.push(countThresholds(pred, mask));
  }
  return { idist, scaled, perImage };
}

// Brute force, written plainly: sort an array of objects, slice, sum, compute F.
function bruteOrder(idist: Float64Array): number[] {
  return Array.from(idist, (d, i) => ({ d, i }))
    .sort((x, y) => (x.d === y.d ? x.i - y.i : x.d < y.d ? -1 : 1))
    .map((o) => o.i);
}
function bruteF(tp: number, fp: number, fn: number): number | null {
  const p = tp + fp === 0 ? 1 : tp / (tp + fp);
  if (tp + fn === 0) return null;
  const r = tp / (tp + fn);
  return p + r === 0 ? null : (2 * p * r) / (p + r);
}
function bruteOds(perImage: ThresholdCounts[], indices: number[]): number | null {
  let best: number | null = null;
  for (let k = 0; k < 100; k++) {
    let tp = 0,
      fp = 0,
      fn = 0;
    for (const i of indices) {
      tp += perImage[i].tp[k];
      fp += perImage[i].fp[k];
      fn += perImage[i].fn[k];
    }
    const f = bruteF(tp, fp, fn);
    if (f !== null && (best === null || f > best)) best = f;
  }
  return best;
}
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const popStd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

describe('relate distance to performance', () => {
  describe('splitByIdist', () => {
    it('cuts the sorted order at floor(i*m/k), ties by index', () => {
      const parts = splitByIdist(f64([5, 1, 3, 1, 9, 3, 7]), 3);
      expect(parts.map((p) => Array.from(p))).toEqual([
        [1, 3],
        [2, 5],
        [0, 6, 4],
      ]);
    });
    it('matches a brute-force sort and slice for every k', () => {
      const { idist } = randomSet(23, 1);
      const order = bruteOrder(idist);
      for (let k = 1; k <= 23; k++) {
        const parts = splitByIdist(idist, k);
        expect(parts).toHaveLength(k);
        for (let i = 0; i < k; i++)
          expect(Array.from(parts[i])).toEqual(order.slice(Math.floor((i * 23) / k), Math.floor(((i + 1) * 23) / k)));
      }
    });
    it('refuses k outside 1..m and non-finite distances', () => {
      expect(() => splitByIdist(f64([1, 2]), 3)).toThrow(RangeError);
      expect(() => splitByIdist(f64([1, 2]), 0)).toThrow(RangeError);
      expect(() => splitByIdist(f64([1, NaN]), 1)).toThrow(RangeError);
    });
  });

  describe('summariseSplits', () => {
    it('matches brute-force ODS, mean and population std per part', () => {
      const { idist, scaled, perImage } = randomSet(40, 2);
      const order = bruteOrder(idist);
      for (const k of [2, 3, 5]) {
        const summary = summariseSplits(idist, scaled, perImage, k);
        summary.forEach((s, i) => {
          const idx = order.slice(Math.floor((i * 40) / k), Math.floor(((i + 1) * 40) / k));
          expect(s.part).toBe(i);
          expect(s.count).toBe(idx.length);
          expect(Array.from(s.indices)).toEqual(idx);
          expect(s.ods).toBeCloseTo(bruteOds(perImage, idx)!, 12);
          expect(s.scaledMean).toBeCloseTo(mean(idx.map((j) => scaled[j])), 12);
          expect(s.scaledStd).toBeCloseTo(popStd(idx.map((j) => scaled[j])), 12);
          expect(s.idistMean).toBeCloseTo(mean(idx.map((j) => idist[j])), 12);
          expect(s.idistStd).toBeCloseTo(popStd(idx.map((j) => idist[j])), 12);
        });
      }
    });
    it('gives ods null for a part without foreground', () => {
      const noFg = countThresholds(Uint8Array.from([200]), Uint8Array.from([0]));
      const fg = countThresholds(Uint8Array.from([200]), Uint8Array.from([255]));
      const s = summariseSplits(f64([1, 2]), f64([0, 1]), [noFg, fg], 2);
      expect(s[0]).toMatchObject({ ods: null, odsThreshold: null, scaledMean: 0, scaledStd: 0 });
      expect(s[1]).toMatchObject({ ods: 1, odsThreshold: 0 });
    });
    it('refuses inputs of different lengths', () => {
      expect(() => summariseSplits(f64([1, 2]), f64([0]), [], 1)).toThrow(RangeError);
    });
  });

  describe('movingAverage', () => {
    it('centres an odd window and shrinks it at the edges', () => {
      const out = movingAverage(f64([1, 2, 3, 4, 10]), 3);
      expect(Array.from(out)).toEqual([1.5, 2, 3, 17 / 3, 7]);
    });
    it('reaches one further back than forward with an even window', () => {
      // w = 4: positions [i-2, i+1]
      const out = movingAverage(f64([1, 2, 3, 4, 10]), 4);
      const expected = [(1 + 2) / 2, (1 + 2 + 3) / 3, (1 + 2 + 3 + 4) / 4, (2 + 3 + 4 + 10) / 4, (3 + 4 + 10) / 3];
      out.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 15));
    });
    it('returns a copy for window 1 and the overall mean for a window covering everything', () => {
      const xs = f64([0.2, 0.9, 0.4]);
      expect(Array.from(movingAverage(xs, 1))).toEqual(Array.from(xs));
      expect(movingAverage(xs, 5)[1]).toBeCloseTo(0.5, 15);
      expect(movingAverage(f64([]), 3)).toHaveLength(0);
      expect(() => movingAverage(xs, 0)).toThrow(RangeError);
    });
  });

  describe('spearman', () => {
    it('is 1 and -1 for monotone pairs', () => {
      expect(spearman(f64([1, 2, 3, 4]), f64([10, 20, 25, 100]))).toBeCloseTo(1, 15);
      expect(spearman(f64([1, 2, 3, 4]), f64([4, 3, 2, 1]))).toBeCloseTo(-1, 15);
    });
    it('uses average ranks for ties (hand-computed)', () => {
      // x ranks [1, 2.5, 2.5, 4], y ranks [1, 3, 2, 4]; Pearson of ranks = 4.5 / sqrt(4.5 * 5)
      expect(spearman(f64([1, 2, 2, 3]), f64([1, 3, 2, 4]))).toBeCloseTo(4.5 / Math.sqrt(4.5 * 5), 15);
      // x ranks [1, 2, 3, 4, 5], y ranks [2, 1, 4, 3, 5]: 1 - 6 * 4 / (5 * 24) = 0.8
      expect(spearman(f64([1, 2, 3, 4, 5]), f64([5, 2, 7, 6, 9]))).toBeCloseTo(0.8, 15);
    });
    it('is null when undefined', () => {
      expect(spearman(f64([1]), f64([2]))).toBeNull();
      expect(spearman(f64([1, 2, 3]), f64([5, 5, 5]))).toBeNull();
      expect(() => spearman(f64([1, 2]), f64([1]))).toThrow(RangeError);
    });
  });

  describe('fScoreCurve', () => {
    it('matches a brute-force curve: order, per-image F, window, smoothing, left out', () => {
      const { idist, scaled, perImage } = randomSet(57, 3);
      const k = 42;
      const curve = fScoreCurve(idist, scaled, perImage, k);
      const used = bruteOrder(idist).filter((i) => perImage[i].tp[k] + perImage[i].fn[k] > 0);
      const fs = used.map((i) => {
        const { tp, fp, fn } = { tp: perImage[i].tp[k], fp: perImage[i].fp[k], fn: perImage[i].fn[k] };
        return bruteF(tp, fp, fn) ?? 0; // per-image rule: P = R = 0 scores 0
      });
      expect(curve.leftOut).toBe(57 - used.length);
      expect(curve.leftOut).toBe(8); // j % 7 === 3 for j < 57
      expect(curve.window).toBe(Math.max(1, Math.round(used.length / 10)));
      expect(curve.points.map((p) => p.index)).toEqual(used);
      curve.points.forEach((p, i) => {
        expect(p.idist).toBe(idist[used[i]]);
        expect(p.scaled).toBe(scaled[used[i]]);
        expect(p.f).toBeCloseTo(fs[i], 15);
        const w = curve.window;
        const lo = Math.max(0, i - Math.floor(w / 2));
        const hi = Math.min(fs.length - 1, i - Math.floor(w / 2) + w - 1);
        expect(p.smoothed).toBeCloseTo(mean(fs.slice(lo, hi + 1)), 12);
      });
      expect(curve.spearman).toBeCloseTo(spearman(f64(used.map((i) => idist[i])), f64(fs))!, 15);
    });
    it('rounds the window half up and handles a set without foreground', () => {
      const fg = countThresholds(Uint8Array.from([200, 0]), Uint8Array.from([255, 255]));
      const many = Array.from({ length: 25 }, () => fg);
      expect(fScoreCurve(f64(many.map((_, i) => i)), f64(many.map(() => 0)), many, 50).window).toBe(3);
      const noFg = countThresholds(Uint8Array.from([200]), Uint8Array.from([0]));
      const empty = fScoreCurve(f64([1, 2]), f64([0, 1]), [noFg, noFg], 50);
      expect(empty).toEqual({ points: [], window: 1, spearman: null, leftOut: 2 });
      expect(() => fScoreCurve(f64([1]), f64([0]), [fg], 100)).toThrow(RangeError);
    });
  });
});
