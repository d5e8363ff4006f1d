import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeGray8, encodeGray8Png, Gray8Error } from '../../../src/performance/gray8.js';

const rgb = (pixels: number[], width: number, height: number, channels: 3 | 4 = 3) =>
  sharp(Buffer.from(pixels), { raw: { width, height, channels } }).png().toBuffer();

describe('gray8', () => {
  describe('decodeGray8', () => {
    it('keeps every value of an R = G = B file exactly', async () => {
      const values = Array.from({ length: 256 }, (_, v) => v);
      const map = await decodeGray8(
        await rgb(
          values.flatMap((v) => [v, v, v]),
          16,
          16,
        ),
      );
      expect(Array.from(map.pixels)).toEqual(values);
      expect([map.width, map.height]).toEqual([16, 16]);
    });

    it("reads colour as OpenCV's fixed-point luminance and drops alpha", async () => {
      const map = await decodeGray8(await rgb([255, 0, 0, 9, 0, 255, 0, 9, 0, 0, 255, 9, 10, 200, 30, 9], 4, 1, 4));
      // (4899 R + 9617 G + 1868 B + 8192) >> 14, as cv2.cvtColor(RGB2GRAY) rounds it.
      expect(Array.from(map.pixels)).toEqual([76, 150, 29, 124]);
    });

    it('reads 8-bit gray files unchanged', async () => {
      const png = await sharp(Buffer.from([0, 51, 102, 255]), { raw: { width: 2, height: 2, channels: 1 } })
        .png()
        .toBuffer();
      expect(Array.from((await decodeGray8(png)).pixels)).toEqual([0, 51, 102, 255]);
    });

    it('refuses 16-bit samples and undecodable bytes', async () => {
      const png16 = await sharp(Buffer.alloc(4), { raw: { width: 2, height: 2, channels: 1 } })
        .toColourspace('grey16')
        .png()
        .toBuffer();
      await expect(decodeGray8(png16)).rejects.toThrow(Gray8Error);
      await expect(decodeGray8(png16)).rejects.toThrow(/not 8-bit/);
      await expect(decodeGray8(new Uint8Array([1, 2, 3]))).rejects.toThrow(/cannot decode/);
    });
  });

  describe('encodeGray8Png', () => {
    it('round-trips through decodeGray8 losslessly', async () => {
      const pixels = Uint8Array.from({ length: 30 }, (_, i) => (i * 37) % 256);
      const back = await decodeGray8(await encodeGray8Png({ pixels, width: 6, height: 5 }));
      expect(back).toEqual({ pixels, width: 6, height: 5 });
    });
  });
});
