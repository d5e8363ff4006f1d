import { describe, expect, it } from 'vitest';
import { labelCandidates, pickDiverse, pickFarthest, pickRandom, topK } from '../../../src/math/selection.js';

describe('selection', () => {
  describe('labelCandidates', () => {
    it('keeps the indices whose scaled IDist lies in [0.6, 1], ascending', () => {
      const scaled = Float64Array.of(0.7, 0.1, 1, 0.6, 0.59999, 0.95);
      expect(Array.from(labelCandidates(scaled))).toEqual([0, 2, 3, 5]);
      expect(Array.from(labelCandidates(scaled, 0, 0.5))).toEqual([1]);
    });

    it('rejects an inverted range', () => {
      expect(() => labelCandidates(Float64Array.of(0.5), 0.8, 0.2)).toThrow(RangeError);
    });
  });

  describe('pickRandom', () => {
    const candidates = Int32Array.of(2, 5, 7, 11, 13, 17, 19, 23);

    it('is deterministic for a seed and draws distinct candidates', () => {
      const a = pickRandom(candidates, 3, 42);
      expect(Array.from(pickRandom(candidates, 3, 42))).toEqual(Array.from(a));
      expect(new Set(a).size).toBe(3);
      for (const c of a) expect(Array.from(candidates)).toContain(c);
    });

    it('differs between seeds and reaches every candidate', () => {
      const seen = new Set<number>();
      const firsts = new Set<number>();
      for (let seed = 0; seed < 200; seed++) {
        const pick = pickRandom(candidates, 2, seed);
        pick.forEach((c) => seen.add(c));
        firsts.add(pick[0]);
      }
      expect(seen.size).toBe(candidates.length);
      expect(firsts.size).toBe(candidates.length);
    });

    it('returns all candidates when k exceeds them, and none for k = 0', () => {
      expect(Array.from(pickRandom(candidates, 20, 1)).sort((a, b) => a - b)).toEqual(Array.from(candidates));
      expect(pickRandom(candidates, 0, 1).length).toBe(0);
    });

    it('does not modify the candidates and rejects repeated ones', () => {
      const copy = Int32Array.from(candidates);
      pickRandom(candidates, 5, 3);
      expect(candidates).toEqual(copy);
      expect(() => pickRandom(Int32Array.of(1, 1), 1, 0)).toThrow(RangeError);
    });
  });

  describe('pickFarthest', () => {
    it('orders by IDist, largest first, ties by index', () => {
      const idist = Float64Array.of(5, 9, 1, 9, 7);
      expect(Array.from(pickFarthest(Int32Array.of(4, 3, 1, 0), idist, 3))).toEqual([1, 3, 4]);
    });

    it('rejects candidates outside the IDist array', () => {
      expect(() => pickFarthest(Int32Array.of(5), Float64Array.of(1), 1)).toThrow(RangeError);
    });
  });

  describe('pickDiverse', () => {
    it('starts from the largest IDist and then spreads over separate clusters', () => {
      // Three tight clusters in 2-D; the farthest cluster (by IDist) holds images 0-2.
      const points = Float64Array.of(
        10,
        10,
        10.1,
        10,
        10,
        10.1, // cluster A: 0, 1, 2
        0,
        0,
        0.1,
        0, //               cluster B: 3, 4
        -10,
        5,
        -10,
        5.1, //           cluster C: 5, 6
      );
      const idist = Float64Array.of(9, 8.9, 8.8, 1, 1.1, 5, 5.1);
      const picks = pickDiverse(Int32Array.of(0, 1, 2, 3, 4, 5, 6), points, 2, 3, idist);
      expect(picks[0]).toBe(0);
      const clusterOf = (i: number) => (i <= 2 ? 'A' : i <= 4 ? 'B' : 'C');
      expect(new Set(Array.from(picks, clusterOf))).toEqual(new Set(['A', 'B', 'C']));
      // By contrast, the farthest-first rule spends all three labels on cluster A.
      expect(Array.from(pickFarthest(Int32Array.of(0, 1, 2, 3, 4, 5, 6), idist, 3))).toEqual([0, 1, 2]);
    });

    it('returns every candidate once when k exceeds them', () => {
      const points = Float64Array.of(0, 1, 2, 3);
      const picks = pickDiverse(Int32Array.of(0, 2, 3), points, 1, 10, Float64Array.of(1, 2, 3, 4));
      expect(Array.from(picks)).toEqual([3, 0, 2]);
    });

    it('rejects points of the wrong size', () => {
      expect(() => pickDiverse(Int32Array.of(0), Float64Array.of(1, 2, 3), 2, 1, Float64Array.of(1, 2))).toThrow(
        RangeError,
      );
    });
  });

  describe('topK', () => {
    it('returns the k smallest or largest indices, ties by index', () => {
      const values = Float64Array.of(3, 1, 2, 1, 5);
      expect(Array.from(topK(values, 3, 'asc'))).toEqual([1, 3, 2]);
      expect(Array.from(topK(values, 2, 'desc'))).toEqual([4, 0]);
      expect(Array.from(topK(values, 9, 'desc'))).toEqual([4, 0, 2, 1, 3]);
    });
  });
});
