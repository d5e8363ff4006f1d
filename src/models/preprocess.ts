import sharp from 'sharp';

/** How one model wants its input tensor; mirrors `ModelConfig.input`. */
export interface PreprocessSpec {
  width: number;
  height: number;
  /** Order of the three input planes. 'BGR' for models trained on OpenCV-decoded images (PaddleOCR). */
  channelOrder: 'RGB' | 'BGR';
  /** Per input plane, in the model's channel order: mean[0] applies to plane 0 (B when BGR). */
  mean: [number, number, number];
  std: [number, number, number];
  /** Pixel multiplier applied before mean/std; 1/255 maps bytes to [0, 1]. */
  scale: number;
}

export const DEFAULT_PIXEL_SCALE = 1 / 255;

// Configured here as in images/decode.ts: a corrupt file must fail, never decode half an image.
const DECODE_OPTIONS = { failOn: 'error' } as const;

/**
 * Decodes and resizes an image to exactly `spec.width` x `spec.height`, as 8-bit sRGB HWC
 * (R, G, B per pixel): `width * height * 3` bytes.
 *
 * The resize is `fit: 'fill'`, a stretch that ignores the aspect ratio, because the paper resizes
 * every image to 448 x 448 before feature extraction (method.md, "Objects"); no crop or padding is
 * invented. EXIF orientation is applied first (as `decodeImage` does for images and masks, so
 * predictions line up with masks), alpha is dropped, and grayscale becomes three equal channels.
 * The kernel is sharp's default (Lanczos-3).
 */
export async function resizeForModel(input: Buffer | string, spec: PreprocessSpec): Promise<Uint8Array> {
  checkSize(spec);
  const { data, info } = await sharp(input, DECODE_OPTIONS)
    .rotate()
    .removeAlpha()
    .toColourspace('srgb')
    .resize(spec.width, spec.height, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const pixels = new Uint8Array(data.buffer, data.byteOffset, data.length);
  if (info.channels === 3) return pixels;
  // libvips may keep a one-band interpretation for some grayscale sources: replicate it.
  const out = new Uint8Array(info.width * info.height * 3);
  for (let i = 0, n = info.width * info.height; i < n; i++) {
    const v = pixels[i * info.channels]!;
    out[i * 3] = v;
    out[i * 3 + 1] = v;
    out[i * 3 + 2] = v;
  }
  return out;
}

function checkSize(spec: PreprocessSpec): void {
  if (!Number.isInteger(spec.width) || !Number.isInteger(spec.height) || spec.width < 1 || spec.height < 1) {
    throw new RangeError(`Expected a positive integer input size, received ${spec.width} x ${spec.height}`);
  }
}

function checkSpec(spec: PreprocessSpec): void {
  checkSize(spec);
  const finite = [...spec.mean, ...spec.std, spec.scale].every(Number.isFinite);
  if (!finite || spec.std.some((s) => s === 0) || spec.mean.length !== 3 || spec.std.length !== 3) {
    throw new RangeError(`Expected finite scale, three means and three non-zero stds, received scale ${spec.scale}, mean [${spec.mean.join(', ')}], std [${spec.std.join(', ')}]`);
  }
}

/**
 * HWC RGB bytes (already `spec.width` x `spec.height`) to the model's input tensor, layout
 * [1, 3, H, W] row-major: out[(c*H + y)*W + x] = (pixel(y, x, src(c)) * scale - mean[c]) / std[c],
 * where src(c) = c for RGB and 2 - c for BGR. Throws RangeError on a size mismatch.
 */
export function toNchw(pixels: Uint8Array, spec: PreprocessSpec): Float32Array {
  checkSpec(spec);
  const plane = spec.width * spec.height;
  if (pixels.length !== plane * 3) {
    throw new RangeError(`Expected ${spec.width} x ${spec.height} x 3 = ${plane * 3} bytes (resize first), received ${pixels.length}`);
  }
  const out = new Float32Array(plane * 3);
  const bgr = spec.channelOrder === 'BGR';
  const lut = new Float64Array(256);
  for (let c = 0; c < 3; c++) {
    // Bytes take 256 values: the exact formula once per value, then a lookup per pixel.
    for (let v = 0; v < 256; v++) lut[v] = (v * spec.scale - spec.mean[c]!) / spec.std[c]!;
    const src = bgr ? 2 - c : c;
    const base = c * plane;
    for (let i = 0; i < plane; i++) out[base + i] = lut[pixels[i * 3 + src]!]!;
  }
  return out;
}
