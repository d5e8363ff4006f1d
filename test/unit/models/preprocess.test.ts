import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/math/random.js';
import { type DecodedImage, decodeImage } from '../../../src/images/decode.js';
import { resampleBilinear } from '../../../src/images/resample.js';
import { modelInput, type PreprocessSpec, toNchw } from '../../../src/models/preprocess.js';

const spec = (over: Partial<PreprocessSpec> = {}): PreprocessSpec => ({
  width: 2,
  height: 1,
  channelOrder: 'RGB',
  mean: [0.5, 0.25, 0],
  std: [0.5, 0.25, 2],
  scale: 1 / 255,
  ...over,
});

// Two pixels, HWC: (255, 0, 51) and (0, 255, 102)
const PIXELS = Uint8Array.of(255, 0, 51, 0, 255, 102);

describe('preprocess', () => {
  describe('toNchw', () => {
    it('normalises (p * scale - mean[c]) / std[c] into planes [1, 3, H, W]', () => {
      // R plane: (1 - 0.5)/0.5 = 1, (0 - 0.5)/0.5 = -1
      // G plane: (0 - 0.25)/0.25 = -1, (1 - 0.25)/0.25 = 3
      // B plane: 0.2/2 = 0.1, 0.4/2 = 0.2
      const out = toNchw(PIXELS, spec());
      [1, -1, -1, 3, 0.1, 0.2].forEach((v, i) => expect(out[i]).toBeCloseTo(v, 6));
    });

    it('puts blue first for BGR, with mean and std taken in the model order', () => {
      // plane 0 = B with mean[0]/std[0]: (0.2 - 0.5)/0.5 = -0.6, (0.4 - 0.5)/0.5 = -0.2
      // plane 1 = G: -1, 3; plane 2 = R with mean[2]/std[2]: 0.5, 0
      const out = toNchw(PIXELS, spec({ channelOrder: 'BGR' }));
      [-0.6, -0.2, -1, 3, 0.5, 0].forEach((v, i) => expect(out[i]).toBeCloseTo(v, 6));
    });

    it('refuses pixels of another size and a zero std', () => {
      expect(() => toNchw(PIXELS, spec({ width: 3 }))).toThrow(RangeError);
      expect(() => toNchw(PIXELS.subarray(0, 5), spec())).toThrow(/resize first/);
      expect(() => toNchw(PIXELS, spec({ std: [1, 0, 1] }))).toThrow(RangeError);
    });
  });

  /** The first of the two passes modelInput fuses: the stretch to the input size, HWC on 0..255. */
  const resizeDecoded = (image: DecodedImage, s: PreprocessSpec) =>
    resampleBilinear(image.pixels, image.width, image.height, 3, s.width, s.height);

  describe('modelInput', () => {
    it.each(['RGB', 'BGR'] as const)(
      'equals resizing, then toNchw, in one pass (%s, down- and upsampling)',
      (channelOrder) => {
        const random = mulberry32(11);
        const image = {
          width: 37,
          height: 9,
          channels: 3,
          pixels: Uint8Array.from({ length: 37 * 9 * 3 }, () => Math.floor(random() * 256)),
        };
        const s = spec({
          width: 16,
          height: 20,
          channelOrder,
          mean: [0.485, 0.456, 0.406],
          std: [0.229, 0.224, 0.225],
        });
        const fused = modelInput(image, s);
        const twoPasses = toNchw(resizeDecoded(image, s), s);
        expect(fused).toHaveLength(3 * 16 * 20);
        for (let i = 0; i < fused.length; i++) expect(Math.abs(fused[i]! - twoPasses[i]!)).toBeLessThan(1e-6);
      },
    );
  });

  describe('decodeImage, then resizeDecoded', () => {
    const resizeForModel = async (bytes: Uint8Array, s: PreprocessSpec) =>
      resizeDecoded(await decodeImage(bytes, 3), s);

    it('stretches to exactly width x height x 3 bytes, dropping alpha', async () => {
      const png = await sharp({
        create: { width: 30, height: 10, channels: 4, background: { r: 200, g: 100, b: 50, alpha: 1 } },
      })
        .png()
        .toBuffer();
      const pixels = await resizeForModel(png, spec({ width: 7, height: 5 }));
      expect(pixels).toHaveLength(7 * 5 * 3);
      expect([...pixels.subarray(0, 3)]).toEqual([200, 100, 50]);
    });

    it('turns grayscale into three equal channels', async () => {
      const gray = await sharp(Buffer.alloc(16 * 8, 90), { raw: { width: 16, height: 8, channels: 1 } })
        .toColourspace('b-w')
        .png()
        .toBuffer();
      expect((await sharp(gray).metadata()).channels).toBe(1);
      const pixels = await resizeForModel(gray, spec({ width: 4, height: 4 }));
      expect(pixels).toHaveLength(4 * 4 * 3);
      expect(new Set(pixels)).toEqual(new Set([90]));
    });

    it('rejects data that is not an image', async () => {
      await expect(resizeForModel(Buffer.from('not an image'), spec())).rejects.toThrow();
    });
  });
});
