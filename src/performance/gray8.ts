import sharp, { type OutputInfo } from 'sharp';

/**
 * 8-bit single-channel pixels as DeepSegmentor reads both prediction and ground truth
 * (ods-metric.md section 1: OpenCV `IMREAD_GRAYSCALE`). A colour file becomes its luminance with
 * OpenCV's fixed-point weights, so R = G = B files (the published masks and predictions) keep
 * their value exactly; sharp's own b-w conversion goes through linear light and can shift a
 * value by one, which would move pixels across a threshold.
 */
export interface Gray8 {
  pixels: Uint8Array;
  width: number;
  height: number;
}

// OpenCV's cvtColor RGB2GRAY integer weights (sum 2^14): Y = (4899 R + 9617 G + 1868 B + 2^13) >> 14.
const R_WEIGHT = 4899;
const G_WEIGHT = 9617;
const B_WEIGHT = 1868;

/** Why a file cannot be read as an 8-bit map; the caller reports it per file. */
export class Gray8Error extends Error {}

/**
 * Decodes an image file to 8-bit gray (EXIF orientation applied, alpha dropped).
 * @throws Gray8Error for undecodable files and for samples wider than 8 bits (a 16-bit PNG
 *   is not a probability map of this format; DeepSegmentor would silently truncate it).
 */
export async function decodeGray8(bytes: Uint8Array): Promise<Gray8> {
  let data: Buffer;
  let info: OutputInfo;
  try {
    const image = sharp(bytes, { failOn: 'error' });
    const meta = await image.metadata();
    if (meta.depth && meta.depth !== 'uchar') throw new Gray8Error(`samples are ${meta.depth}, not 8-bit`);
    ({ data, info } = await image.rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true }));
  } catch (e) {
    if (e instanceof Gray8Error) throw e;
    throw new Gray8Error(`cannot decode: ${(e as Error).message}`);
  }
  const n = info.width * info.height;
  const c = info.channels;
  if (c === 1)
    return { pixels: new Uint8Array(data.buffer, data.byteOffset, n), width: info.width, height: info.height };
  const pixels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * c;
    pixels[i] =
      c >= 3 ? (R_WEIGHT * data[o]! + G_WEIGHT * data[o + 1]! + B_WEIGHT * data[o + 2]! + 8192) >> 14 : data[o]!;
  }
  return { pixels, width: info.width, height: info.height };
}

/** The stored form of a prediction: an 8-bit grayscale PNG (fast settings, as extraction writes them). */
export async function encodeGray8Png(map: Gray8): Promise<Uint8Array> {
  const png = await sharp(map.pixels, { raw: { width: map.width, height: map.height, channels: 1 } })
    .png({ compressionLevel: 1, adaptiveFiltering: false })
    .toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.length);
}
