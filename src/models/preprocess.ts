import type { DecodedImage } from '../images/decode.js';
import { resampleBilinear } from '../images/resample.js';

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

/**
 * The model's input tensor [1, 3, H, W] of an image `decodeImage` decoded to RGB (EXIF
 * orientation applied, so predictions line up with masks; alpha dropped; grayscale as three equal
 * channels), in one pass: resized to exactly `spec.width` x `spec.height` by `resampleBilinear`
 * (Pillow's antialiased BILINEAR geometry), then `toNchw`, without the intermediate. The resize is
 * a stretch that ignores the aspect ratio, because the paper resizes every image to 448 x 448
 * before feature extraction (method.md, "Objects"); no crop or padding is invented. What extraction runs; it passes `into`, an earlier
 * tensor back from inference, so that no 2.4 MB array is allocated (and collected) per image.
 */
export function modelInput(image: DecodedImage, spec: PreprocessSpec, into?: Float32Array): Float32Array {
  checkSpec(spec);
  if (image.channels !== 3) throw new RangeError(`Expected an RGB image, received ${image.channels} channels`);
  const planes = [0, 1, 2].map((c) => ({ channel: spec.channelOrder === 'BGR' ? 2 - c : c, ...affineOf(spec, c) }));
  return resampleBilinear(image.pixels, image.width, image.height, 3, spec.width, spec.height, planes, into);
}

/** (v * scale - mean[c]) / std[c] as one multiply-add: v * scale + offset. */
function affineOf(spec: PreprocessSpec, c: number): { scale: number; offset: number } {
  return { scale: spec.scale / spec.std[c]!, offset: -spec.mean[c]! / spec.std[c]! };
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
    throw new RangeError(
      `Expected finite scale, three means and three non-zero stds, received scale ${spec.scale}, mean [${spec.mean.join(', ')}], std [${spec.std.join(', ')}]`,
    );
  }
}

/**
 * HWC RGB values on the 0..255 scale (already `spec.width` x `spec.height`) to the model's input
 * tensor, layout [1, 3, H, W] row-major: out[(c*H + y)*W + x] = (pixel(y, x, src(c)) * scale -
 * mean[c]) / std[c], where src(c) = c for RGB and 2 - c for BGR. Throws RangeError on a size
 * mismatch.
 */
export function toNchw(pixels: ArrayLike<number>, spec: PreprocessSpec): Float32Array {
  checkSpec(spec);
  const plane = spec.width * spec.height;
  if (pixels.length !== plane * 3) {
    throw new RangeError(
      `Expected ${spec.width} x ${spec.height} x 3 = ${plane * 3} values (resize first), received ${pixels.length}`,
    );
  }
  const out = new Float32Array(plane * 3);
  const bgr = spec.channelOrder === 'BGR';
  for (let c = 0; c < 3; c++) {
    const { scale, offset } = affineOf(spec, c);
    const src = bgr ? 2 - c : c;
    const base = c * plane;
    for (let i = 0; i < plane; i++) out[base + i] = pixels[i * 3 + src]! * scale + offset;
  }
  return out;
}
