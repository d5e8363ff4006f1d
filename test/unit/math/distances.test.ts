import { describe, expect, it } from 'vitest';
import { pairwiseL2 } from '../../../src/math/distances.js';
import { bruteDistances, expectClose, flat32, flat64, randomRows } from './reference.js';

describe('distances', () => {
  describe('pairwiseL2', () => {
    it('matches brute-force distances, row j = secondary j and column k = primary k', () => {
      const s = randomRows(7, 5, 1);
      const p = randomRows(4, 5, 2);
      const d = pairwiseL2(flat64(s), 7, flat64(p), 4, 5);
      expect(d.length).toBe(28);
      expectClose(d, bruteDistances(s, p).flat(), 1e-15, 'D');
    });

    it('keeps full precision for nearby points far from the origin', () => {
      // |a|^2 + |b|^2 - 2 a.b would cancel to zero here; direct differences do not.
      const d = pairwiseL2(Float64Array.of(1e4, 1e4), 1, Float64Array.of(1e4 + 3e-4, 1e4 + 4e-4), 1, 2);
      expect(d[0]).toBeCloseTo(5e-4, 10);
    });

    it('accepts Float32 inputs and a zero dimension', () => {
      const s = randomRows(3, 4, 3);
      expectClose(pairwiseL2(flat32(s), 3, flat32(s), 3, 4), bruteDistances(s, s).flat(), 1e-6, 'D');
      expect(Array.from(pairwiseL2(new Float64Array(0), 2, new Float64Array(0), 3, 0))).toEqual([0, 0, 0, 0, 0, 0]);
    });

    it('rejects mismatched shapes and non-finite values', () => {
      expect(() => pairwiseL2(new Float64Array(6), 2, new Float64Array(5), 2, 3)).toThrow(RangeError);
      expect(() => pairwiseL2(Float64Array.of(NaN), 1, Float64Array.of(1), 1, 1)).toThrow(RangeError);
    });
  });
});
