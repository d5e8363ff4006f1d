import { describe, expect, it } from 'vitest';
import { resampleBilinear } from '../../../src/images/resample.js';
import { mulberry32 } from '../../../src/math/random.js';

describe('resampleBilinear', () => {
  it('upsamples with half-pixel centres: [0, 10] to four pixels is [0, 2.5, 7.5, 10]', () => {
    expect([...resampleBilinear([0, 10], 2, 1, 1, 4, 1)]).toEqual([0, 2.5, 7.5, 10]);
  });

  it('averages under the stretched tent when downsampling: [0, 10, 20, 30] to two pixels', () => {
    // centre 1: weights .75, .75, .25 on 0, 10, 20; centre 3: .25, .75, .75 on 10, 20, 30
    const out = resampleBilinear([0, 10, 20, 30], 4, 1, 1, 2, 1);
    expect(out[0]).toBeCloseTo(12.5 / 1.75, 5);
    expect(out[1]).toBeCloseTo(40 / 1.75, 5);
  });

  it('keeps an image of the same size and a constant image unchanged', () => {
    const random = mulberry32(3);
    const src = Uint8Array.from({ length: 5 * 4 * 3 }, () => Math.floor(random() * 256));
    expect([...resampleBilinear(src, 5, 4, 3, 5, 4)]).toEqual([...src]);
    expect(new Set(resampleBilinear(new Uint8Array(9 * 7 * 3).fill(90), 9, 7, 3, 4, 11))).toEqual(new Set([90]));
  });

  it.each([
    // DeepCrack's 544 x 384 to the 448 x 448 model input at an eighth of the size: the same
    // ratios (down in x, up in y), small enough for the definition to visit every pixel.
    [68, 48, 56, 56, 'both ways, DeepCrack to the model input at 1/8 scale'],
    [13, 9, 37, 23, 'upsampling'],
    [37, 23, 5, 4, 'strong downsampling'],
    [112, 112, 31, 17, 'a model map back to a small image'],
  ])('equals the two-dimensional definition on random RGB data, %i x %i -> %i x %i (%s)', (inW, inH, outW, outH) => {
    const random = mulberry32(inW * 1000 + outW);
    const src = Uint8Array.from({ length: inW * inH * 3 }, () => Math.floor(random() * 256));
    const out = resampleBilinear(src, inW, inH, 3, outW, outH);
    // the definition visits every input pixel per output: on big images, a few rows only
    const rows = outH > 64 ? [0, 1, Math.floor(outH / 2), outH - 1] : Array.from({ length: outH }, (_, y) => y);
    for (const y of rows) {
      const expected = definitionRow(src, inW, inH, outW, outH, y);
      for (let i = 0; i < expected.length; i++)
        expect(Math.abs(out[y * outW * 3 + i]! - expected[i]!)).toBeLessThan(1e-4);
    }
  });

  it('refuses data of another size', () => {
    expect(() => resampleBilinear(new Uint8Array(10), 2, 2, 3, 4, 4)).toThrow(RangeError);
    expect(() => resampleBilinear(new Uint8Array(12), 2, 2, 3, 0, 4)).toThrow(RangeError);
  });
});

/**
 * Output row y of RGB data by the definition, in two dimensions at once and float64: pixel (x, y)
 * is the normalised sum over input pixels of tent(x) * tent(y), tent(t) = max(0, 1 - |t|), t the
 * distance from the sample centre (o + 0.5) * in/out in input pixels over the stretch
 * max(in/out, 1). No windows of taps, no separability.
 */
function definitionRow(src: Uint8Array, inW: number, inH: number, outW: number, outH: number, y: number): Float64Array {
  const sy = inH / outH;
  const stretchY = Math.max(sy, 1);
  const cy = (y + 0.5) * sy;
  const sx = inW / outW;
  const stretchX = Math.max(sx, 1);
  const out = new Float64Array(outW * 3);
  for (let x = 0; x < outW; x++) {
    const cx = (x + 0.5) * sx;
    for (let ch = 0; ch < 3; ch++) {
      let sum = 0;
      let norm = 0;
      for (let j = 0; j < inH; j++) {
        const wy = Math.max(0, 1 - Math.abs((j + 0.5 - cy) / stretchY));
        for (let i = 0; i < inW; i++) {
          const w = wy * Math.max(0, 1 - Math.abs((i + 0.5 - cx) / stretchX));
          sum += w * src[(j * inW + i) * 3 + ch]!;
          norm += w;
        }
      }
      out[x * 3 + ch] = sum / norm;
    }
  }
  return out;
}
