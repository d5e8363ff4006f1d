import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/math/random.js';
import { countThresholdsNaive } from '../../helpers/threshold-counts-naive.js';
import { countMaps } from '../../../src/performance/counts.service.js';

const target = { imageId: 1, predictionSha256: 'p', maskSha256: 'm' };

describe('counts service', () => {
  describe('countMaps', () => {
    it('equals the naive per-threshold count on random maps, masks binarised at > 127', () => {
      const random = mulberry32(11);
      for (let trial = 0; trial < 20; trial++) {
        const width = 1 + Math.floor(random() * 40);
        const height = 1 + Math.floor(random() * 40);
        const n = width * height;
        // Ties (51, 102, 153, 204), the extremes and anti-aliased mask values around 127 included.
        const special = [0, 1, 2, 51, 102, 127, 128, 153, 204, 252, 253, 255];
        const prediction = Uint8Array.from({ length: n }, () =>
          random() < 0.3 ? special[Math.floor(random() * special.length)]! : Math.floor(random() * 256),
        );
        const mask = Uint8Array.from({ length: n }, () => [0, 255, 127, 128, 1][Math.floor(random() * 5)]!);
        const got = countMaps(target, { pixels: prediction, width, height }, { pixels: mask, width, height });
        const naive = countThresholdsNaive(prediction, mask, 127);
        expect(Array.from(got.counts.tp)).toEqual(Array.from(naive.tp));
        expect(Array.from(got.counts.fp)).toEqual(Array.from(naive.fp));
        expect(Array.from(got.counts.fn)).toEqual(Array.from(naive.fn));
        expect(got.pixels).toBe(n);
        expect(got.foreground).toBe(mask.filter((v) => v > 127).length);
      }
    });

    it('refuses maps of different sizes as a bug', () => {
      const map = { pixels: new Uint8Array(6), width: 3, height: 2 };
      expect(() => countMaps(target, map, { ...map, width: 2, height: 3 })).toThrow(/differ in size/);
    });
  });
});
