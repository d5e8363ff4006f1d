import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeGrayPng } from '../../../src/images/png.js';
import { mulberry32 } from '../../../src/math/random.js';

describe('encodeGrayPng', () => {
  it('decodes (by libvips, an independent decoder) to the same 8-bit gray pixels', async () => {
    const random = mulberry32(5);
    for (const [width, height] of [
      [1, 1],
      [7, 3],
      [544, 384],
    ] as const) {
      const pixels = Uint8Array.from({ length: width * height }, (_, i) =>
        i % 5 === 0 ? Math.floor(random() * 256) : i % 256,
      );
      const png = await encodeGrayPng(pixels, width, height);
      expect(await sharp(png).metadata()).toMatchObject({
        format: 'png',
        width,
        height,
        channels: 1,
        space: 'b-w',
        depth: 'uchar',
      });
      const { data, info } = await sharp(png, { failOn: 'error' })
        .extractChannel(0)
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect(info).toMatchObject({ width, height, channels: 1 });
      expect(Buffer.from(data).equals(Buffer.from(pixels))).toBe(true);
    }
  });

  it('refuses pixels of another size', async () => {
    await expect(encodeGrayPng(new Uint8Array(5), 2, 2)).rejects.toThrow(RangeError);
    await expect(encodeGrayPng(new Uint8Array(0), 0, 0)).rejects.toThrow(RangeError);
  });
});
