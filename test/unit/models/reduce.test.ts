import { describe, expect, it } from 'vitest';
import { concatTaps, reducedLength, reduceTensor } from '../../../src/models/reduce.js';

const range = (n: number, f: (i: number) => number = (i) => i) => Float32Array.from({ length: n }, (_, i) => f(i));

describe('reduce', () => {
  describe('reduceTensor', () => {
    it('averages each channel over all positions with gap', () => {
      // channel 0 holds 0..5, channel 1 holds 10..15
      const data = range(12, (i) => (i < 6 ? i : 4 + i));
      expect([...reduceTensor(data, [1, 2, 2, 3], { kind: 'gap' })]).toEqual([2.5, 12.5]);
    });

    it('returns a [1, C] vector unchanged with gap, and pools [1, C, L] sequences over L', () => {
      expect([...reduceTensor(range(3), [1, 3], { kind: 'gap' })]).toEqual([0, 1, 2]);
      expect([...reduceTensor(range(6), [1, 2, 3], { kind: 'gap' })]).toEqual([1, 4]);
    });

    it('pools 4 x 4 into 2 x 2 disjoint bins, channel-major then row then column', () => {
      // one channel, values 0..15 row-major
      // bins: rows 0-1 x cols 0-1 = {0,1,4,5}, cols 2-3 = {2,3,6,7}; rows 2-3: {8,9,12,13}, {10,11,14,15}
      const out = reduceTensor(range(16), [1, 1, 4, 4], { kind: 'grid', g: 2 });
      expect([...out]).toEqual([2.5, 4.5, 10.5, 12.5]);
    });

    it('uses overlapping PyTorch bins floor(i*H/g)..ceil((i+1)*H/g) when g does not divide H', () => {
      // 3 x 5 map, values 0..14 row-major; g = 2:
      // row bins [0,2) and [1,3); column bins [0,3) and [2,5)
      // bin (0,0): rows 0-1, cols 0-2 = {0,1,2,5,6,7} -> 3.5
      // bin (0,1): rows 0-1, cols 2-4 = {2,3,4,7,8,9} -> 5.5
      // bin (1,0): rows 1-2, cols 0-2 = {5,6,7,10,11,12} -> 8.5
      // bin (1,1): rows 1-2, cols 2-4 = {7,8,9,12,13,14} -> 10.5
      const out = reduceTensor(range(15), [1, 1, 3, 5], { kind: 'grid', g: 2 });
      expect([...out]).toEqual([3.5, 5.5, 8.5, 10.5]);
    });

    it('repeats cells when g is larger than the map', () => {
      // 1 x 2 map [1, 3] with g = 2: row bins [0,1) twice; column bins [0,1), [1,2)
      expect([...reduceTensor(Float32Array.of(1, 3), [1, 1, 1, 2], { kind: 'grid', g: 2 })]).toEqual([1, 3, 1, 3]);
    });

    it('copies every element with flatten, without aliasing the input', () => {
      const data = range(8);
      const out = reduceTensor(data, [1, 2, 2, 2], { kind: 'flatten' });
      expect([...out]).toEqual([...data]);
      out[0] = 99;
      expect(data[0]).toBe(0);
    });

    it('refuses mismatched data, a batch other than one, grid on a vector and non-finite results', () => {
      expect(() => reduceTensor(range(5), [1, 2, 2, 2], { kind: 'gap' })).toThrow(RangeError);
      expect(() => reduceTensor(range(8), [2, 1, 2, 2], { kind: 'gap' })).toThrow(/batch of one/);
      expect(() => reduceTensor(range(4), [1, 4], { kind: 'grid', g: 2 })).toThrow(/\[1, C, H, W\]/);
      expect(() => reduceTensor(range(4), [1, 1, 2, 2], { kind: 'grid', g: 0 })).toThrow(/grid size/);
      expect(() => reduceTensor(Float32Array.of(1, Number.NaN), [1, 1, 1, 2], { kind: 'gap' })).toThrow(/non-finite/);
    });
  });

  describe('reducedLength', () => {
    it('gives C for gap, C*g*g for grid and every element for flatten', () => {
      expect(reducedLength([1, 360, 14, 14], { kind: 'gap' })).toBe(360);
      expect(reducedLength([1, 360, 14, 14], { kind: 'grid', g: 3 })).toBe(3240);
      expect(reducedLength([1, 360, 14, 14], { kind: 'flatten' })).toBe(70560);
    });
  });

  describe('concatTaps', () => {
    it('joins parts in order', () => {
      expect([...concatTaps([Float32Array.of(1, 2), new Float32Array(0), Float32Array.of(3)])]).toEqual([1, 2, 3]);
    });
  });
});
