import sharp from 'sharp';
import { DEFAULT_MAX_IMAGE_PIXELS } from '../config.js';
import { AppError, ErrorCode } from '../errors.js';

// Configured once: a truncated or corrupt file must fail loudly, never decode half an image.
sharp.cache(false);
// One libvips thread per image: images come many at a time (import batches, extraction's
// decode-ahead), so parallelism is across images, and libvips' threads inside one 544 x 384 JPEG
// cost a quarter more CPU for no gain (extraction bench).
sharp.concurrency(1);
// 'warning': libjpeg reports truncated data ("premature end of data segment") only as a warning,
// and the rest of such an image decodes as grey; it is refused like any corrupt file.
const FAIL_ON = 'warning' as const;

export const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif']);

export interface DecodedImage {
  pixels: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

/**
 * Refuses an image whose header declares more than maxPixels pixels, reading only the header:
 * a 249 KB PNG can declare 16000 x 16000 pixels (1 GB once decoded). LIMIT_EXCEEDED.
 */
export async function checkImageSize(bytes: Uint8Array | string, maxPixels: number): Promise<void> {
  let meta;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw new AppError(ErrorCode.IMAGE_DECODE_FAILED, `Cannot decode image: ${(e as Error).message}`);
  }
  const pixels = (meta.width ?? 0) * (meta.pageHeight ?? meta.height ?? 0);
  if (pixels > maxPixels) {
    throw new AppError(
      ErrorCode.LIMIT_EXCEEDED,
      `The image is ${meta.width} x ${meta.height} pixels, above the limit of ${maxPixels} (MAX_IMAGE_PIXELS)`,
      { width: meta.width, height: meta.height, maxPixels },
    );
  }
}

/**
 * Decodes fully (not just the header) so corrupt data is caught at import, not at extraction.
 * The header is checked against maxPixels first; decoding runs on libuv's threads (sharp is
 * asynchronous), so a large image does not hold the event loop.
 */
export async function decodeImage(
  bytes: Uint8Array | string,
  channels: 1 | 3 = 3,
  maxPixels: number = DEFAULT_MAX_IMAGE_PIXELS,
): Promise<DecodedImage> {
  await checkImageSize(bytes, maxPixels);
  try {
    let pipeline = sharp(bytes, { failOn: FAIL_ON, limitInputPixels: maxPixels }).rotate().removeAlpha();
    pipeline = channels === 1 ? pipeline.toColourspace('b-w') : pipeline.toColourspace('srgb');
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== channels) {
      // Grayscale sources come back with one channel even when sRGB is asked for.
      const out = new Uint8Array(info.width * info.height * channels);
      for (let i = 0, n = info.width * info.height; i < n; i++) {
        for (let c = 0; c < channels; c++)
          out[i * channels + c] = data[i * info.channels + Math.min(c, info.channels - 1)]!;
      }
      return { pixels: out, width: info.width, height: info.height, channels };
    }
    return {
      pixels: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height,
      channels,
    };
  } catch (e) {
    throw new AppError(ErrorCode.IMAGE_DECODE_FAILED, `Cannot decode image: ${(e as Error).message}`);
  }
}

/** Ground truth as DeepSegmentor reads it: luminance, foreground = value > 127. Returns 0/1 per pixel. */
export async function decodeMask(bytes: Uint8Array, maxPixels?: number): Promise<DecodedImage> {
  const gray = await decodeImage(bytes, 1, maxPixels);
  const binary = new Uint8Array(gray.pixels.length);
  for (let i = 0; i < binary.length; i++) binary[i] = gray.pixels[i]! > 127 ? 1 : 0;
  return { ...gray, pixels: binary };
}

/** A small JPEG preview for galleries. */
export async function thumbnail(bytes: Uint8Array, size = 160): Promise<Buffer> {
  return sharp(bytes).rotate().resize(size, size, { fit: 'inside' }).jpeg({ quality: 80 }).toBuffer();
}

export function contentTypeOf(fileName: string): string {
  const ext = fileName.toLowerCase().split('.').pop();
  switch (ext) {
    case 'jpg':
    case 'jpeg':
      return 'image/jpeg';
    case 'png':
      return 'image/png';
    case 'webp':
      return 'image/webp';
    case 'tif':
    case 'tiff':
      return 'image/tiff';
    case 'gif':
      return 'image/gif';
    default:
      return 'application/octet-stream';
  }
}
