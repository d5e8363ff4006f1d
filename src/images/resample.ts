/**
 * Bilinear resampling with a triangle filter whose support widens on downsampling (antialiased),
 * the geometry of Pillow's `Image.resize(..., BILINEAR)` and torchvision's `antialias=True`:
 * output pixel x samples around centre (x + 0.5) * in/out in input coordinates; upsampling is
 * plain bilinear with half-pixel centres, downsampling averages every input pixel under the
 * stretched triangle, so no input pixel is skipped. Unlike Pillow there is no 8-bit rounding
 * between the two passes: the result is float.
 *
 * Pure and separable (horizontal pass, then vertical), interleaved channels (HWC) in and out.
 * Written in JS because libvips' enlarge path (sharp) took 9 ms for one 544 x 384 -> 448 x 448
 * image, several times this, and that time came straight off extraction throughput.
 */

/** Per output coordinate: the first input index and the normalised weights of the inputs it reads. */
interface Taps {
  start: Int32Array;
  count: Int32Array;
  /** `maxCount` weights per output coordinate, zero-padded. */
  weights: Float64Array;
  maxCount: number;
}

function filterTaps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const stretch = Math.max(scale, 1);
  const support = stretch; // triangle filter: support 1, stretched on downsampling
  const maxCount = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * maxCount);
  for (let o = 0; o < outSize; o++) {
    const centre = (o + 0.5) * scale;
    const lo = Math.max(Math.floor(centre - support + 0.5), 0);
    const hi = Math.min(Math.floor(centre + support + 0.5), inSize);
    let sum = 0;
    for (let i = lo; i < hi; i++) {
      const w = Math.max(0, 1 - Math.abs((i + 0.5 - centre) / stretch));
      weights[o * maxCount + i - lo] = w;
      sum += w;
    }
    for (let i = 0; i < hi - lo; i++) weights[o * maxCount + i] /= sum;
    start[o] = lo;
    count[o] = hi - lo;
  }
  return { start, count, weights, maxCount };
}

/** One plane of a planar result: which input channel, and the affine map applied to it. */
export interface OutputPlane {
  channel: number;
  scale: number;
  offset: number;
}

// The horizontal pass's buffer, reused: a fresh one per image (4 MB for a 448-wide RGB model
// input) cost more in garbage collection than the pass itself. JS is single-threaded per isolate.
let midBuffer = new Float64Array(0);
function scratch(length: number): Float64Array {
  if (midBuffer.length < length) midBuffer = new Float64Array(length);
  return midBuffer;
}

/**
 * Resamples an interleaved `inW` x `inH` x `channels` image to `outW` x `outH` (same layout).
 * With `planes`, the result is planar instead (a model's [C, H, W] input): plane p is channel
 * `planes[p].channel` times `scale` plus `offset`, written straight from the vertical pass, which
 * saves a pass and a 2.4 MB array per 448 x 448 image over converting afterwards. `into`, when
 * given, receives the result (it must have exactly its length), so callers can reuse arrays.
 * Throws RangeError when the data does not have the stated size.
 */
export function resampleBilinear(
  src: ArrayLike<number>,
  inW: number,
  inH: number,
  channels: number,
  outW: number,
  outH: number,
  planes?: readonly OutputPlane[],
  into?: Float32Array,
): Float32Array {
  for (const v of [inW, inH, channels, outW, outH]) {
    if (!Number.isInteger(v) || v < 1)
      throw new RangeError(`Expected positive integer sizes, received ${inW}x${inH}x${channels} -> ${outW}x${outH}`);
  }
  if (src.length !== inW * inH * channels)
    throw new RangeError(
      `Expected ${inW * inH * channels} values for ${inW}x${inH}x${channels}, received ${src.length}`,
    );
  if (planes?.some((p) => !Number.isInteger(p.channel) || p.channel < 0 || p.channel >= channels))
    throw new RangeError(`Output planes must name channels 0..${channels - 1}`);
  // Locals, not property loads, inside the loops: V8 does not hoist them past the typed-array stores.
  const { start: xStart, count: xCount, weights: xWeights, maxCount: xMax } = filterTaps(inW, outW);
  const { start: yStart, count: yCount, weights: yWeights, maxCount: yMax } = filterTaps(inH, outH);

  // Horizontal: inH rows of outW pixels. Three channels get their own loop (one pass over the
  // taps for R, G and B together): the generic loop took three times as long on RGB images.
  const mid = scratch(inH * outW * channels);
  for (let y = 0; y < inH; y++) {
    const rowIn = y * inW * channels;
    const rowOut = y * outW * channels;
    for (let x = 0; x < outW; x++) {
      const n = xCount[x]!;
      const wBase = x * xMax;
      const first = rowIn + xStart[x]! * channels;
      if (channels === 3) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (let k = 0, i = first; k < n; k++, i += 3) {
          const w = xWeights[wBase + k]!;
          r += w * src[i]!;
          g += w * src[i + 1]!;
          b += w * src[i + 2]!;
        }
        mid[rowOut + x * 3] = r;
        mid[rowOut + x * 3 + 1] = g;
        mid[rowOut + x * 3 + 2] = b;
        continue;
      }
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let k = 0; k < n; k++) acc += xWeights[wBase + k]! * src[first + k * channels + c]!;
        mid[rowOut + x * channels + c] = acc;
      }
    }
  }
  // Vertical: outH rows, each a weighted sum of whole rows of the horizontal pass, into `row`
  // (the result itself when interleaved), then scattered to the planes when planar.
  const rowLen = outW * channels;
  const plane = outW * outH;
  const length = planes ? planes.length * plane : outH * rowLen;
  if (into && into.length !== length)
    throw new RangeError(`Expected an output array of ${length} values, received ${into.length}`);
  const out = into ?? new Float32Array(length);
  const rowBuf = planes ? new Float64Array(rowLen) : null;
  for (let y = 0; y < outH; y++) {
    const n = yCount[y]!;
    const wBase = y * yMax;
    const first = yStart[y]! * rowLen;
    const row: Float32Array | Float64Array = rowBuf ?? out;
    const o = rowBuf ? 0 : y * rowLen;
    if (n === 2) {
      // Upsampling reads two rows: the common case, without the inner loop.
      const [w0, w1, second] = [yWeights[wBase]!, yWeights[wBase + 1]!, first + rowLen];
      for (let i = 0; i < rowLen; i++) row[o + i] = w0 * mid[first + i]! + w1 * mid[second + i]!;
    } else {
      for (let i = 0; i < rowLen; i++) {
        let acc = 0;
        for (let k = 0, j = first + i; k < n; k++, j += rowLen) acc += yWeights[wBase + k]! * mid[j]!;
        row[o + i] = acc;
      }
    }
    if (!planes) continue;
    for (let p = 0; p < planes.length; p++) {
      const { channel, scale, offset } = planes[p]!;
      const base = p * plane + y * outW;
      for (let x = 0; x < outW; x++) out[base + x] = rowBuf![x * channels + channel]! * scale + offset;
    }
  }
  return out;
}
