import { encodeGrayPng } from '../images/png.js';
import { resampleBilinear } from '../images/resample.js';

/**
 * A probability map to 8-bit gray for storage: round(clamp(p, 0, 1) * 255), NaN as 0.
 * Same length and layout as the input.
 */
export function probabilityToUint8(map: Float32Array): Uint8Array {
  const out = new Uint8Array(map.length);
  for (let i = 0; i < map.length; i++) {
    const p = map[i]!;
    out[i] = p > 0 ? Math.round((p < 1 ? p : 1) * 255) : 0;
  }
  return out;
}

// The resampled float map, reused across images: read only by probabilityToUint8 right after, on
// this thread. A fresh one per image was 0.8 MB more for the garbage collector each time.
let resampled = new Float32Array(0);

/**
 * A model's probability map ([..., h, w], first map) back at the image's own size, so that it
 * lines up with the mask: resampled as floats (`resampleBilinear`), then 8-bit, as a PNG.
 */
export async function predictionPng(
  map: Float32Array,
  dims: readonly number[],
  width: number,
  height: number,
): Promise<Uint8Array> {
  const h = dims[dims.length - 2]!;
  const w = dims[dims.length - 1]!;
  if (resampled.length < width * height) resampled = new Float32Array(width * height);
  const atImageSize = resampleBilinear(
    map.subarray(0, h * w),
    w,
    h,
    1,
    width,
    height,
    undefined,
    resampled.subarray(0, width * height),
  );
  return encodeGrayPng(probabilityToUint8(atImageSize), width, height);
}
