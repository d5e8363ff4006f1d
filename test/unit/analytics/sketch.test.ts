import { describe, expect, it } from 'vitest';
import { SKETCH_DIMENSION, sketchVector } from '../../../src/analytics/sketch.js';

function gaussian(seed: number) {
  let s = seed;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}
const dist = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Math.sqrt(Array.from(a).reduce((s, x, i) => s + (x - b[i]!) ** 2, 0));

describe('sketch', () => {
  describe('sketchVector', () => {
    it('is a fixed linear map to 1024 dimensions: the same in every process, additive, homogeneous', () => {
      const g = gaussian(1);
      const a = Float32Array.from({ length: 4096 }, g);
      const b = Float32Array.from({ length: 4096 }, g);
      const sa = sketchVector(a);
      expect(sa).toHaveLength(SKETCH_DIMENSION);
      expect(sketchVector(a)).toEqual(sa);
      const sum = sketchVector(a.map((x, i) => x + b[i]!));
      const expected = sa.map((x, i) => x + sketchVector(b)[i]!);
      sum.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 3));
    });

    it('preserves distances between random vectors to within a few percent', () => {
      const g = gaussian(7);
      const vs = Array.from({ length: 12 }, () => Float32Array.from({ length: 16000 }, g));
      const ss = vs.map((v) => sketchVector(v));
      for (let i = 1; i < vs.length; i++) {
        const ratio = dist(ss[0]!, ss[i]!) / dist(vs[0]!, vs[i]!);
        expect(ratio).toBeGreaterThan(0.9);
        expect(ratio).toBeLessThan(1.1);
      }
    });
  });
});
