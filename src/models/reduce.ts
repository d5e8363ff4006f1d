import { invariant } from '../errors.js';

/**
 * Reductions of one tapped tensor to its part of the stored embedding (method.md, "Objects":
 * a model's configuration says how its tensors are reduced to the stored vector).
 *
 * Tensors are row-major with a batch of one: `[1, C, H, W]` for feature maps, `[1, C]` for
 * vectors, `[1, C, L]` for sequences. Axis 1 is always the channel axis.
 */
export type Reduction = { kind: 'gap' } | { kind: 'grid'; g: number } | { kind: 'flatten' };

function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

function checkDims(dims: readonly number[]): void {
  if (dims.length === 0 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new RangeError(`Expected positive integer dimensions, received [${dims.join(', ')}]`);
  }
}

function checkPooled(dims: readonly number[], r: Reduction): void {
  checkDims(dims);
  if (dims.length < 2 || dims[0] !== 1) {
    throw new RangeError(
      `${r.kind} pooling needs a tensor [1, C, ...] with a batch of one, received [${dims.join(', ')}]`,
    );
  }
  if (r.kind === 'grid') {
    if (dims.length !== 4)
      throw new RangeError(`grid pooling needs a tensor [1, C, H, W], received [${dims.join(', ')}]`);
    if (!Number.isInteger(r.g) || r.g < 1)
      throw new RangeError(`grid size must be a positive integer, received ${r.g}`);
  }
}

/** Length of the reduced vector: C for gap, C*g*g for grid, every element for flatten. */
export function reducedLength(dims: readonly number[], r: Reduction): number {
  switch (r.kind) {
    case 'gap':
      checkPooled(dims, r);
      return dims[1]!;
    case 'grid':
      checkPooled(dims, r);
      return dims[1]! * r.g * r.g;
    case 'flatten':
      checkDims(dims);
      return product(dims);
    default: {
      const unreachable: never = r;
      throw new RangeError(`Unknown reduction ${(unreachable as { kind: string }).kind}`);
    }
  }
}

/** Global average pooling: out[c] = mean over every non-channel position of channel c. */
function gap(data: Float32Array, channels: number, plane: number): Float32Array {
  const out = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    let sum = 0; // a float64 accumulator
    const base = c * plane;
    for (let i = 0; i < plane; i++) sum += data[base + i]!;
    out[c] = sum / plane;
  }
  return out;
}

/** Bin i of n over a length: [floor(i*len/n), ceil((i+1)*len/n)), as PyTorch's AdaptiveAvgPool2d. */
function bin(i: number, n: number, len: number): [number, number] {
  return [Math.floor((i * len) / n), Math.ceil(((i + 1) * len) / n)];
}

/** Adaptive average pooling to g x g; out[(c*g + i)*g + j] = mean of bin (i, j) of channel c. */
function grid(data: Float32Array, dims: readonly number[], g: number): Float32Array {
  const [, channels, h, w] = dims as [number, number, number, number];
  const out = new Float32Array(channels * g * g);
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < g; i++) {
      const [y0, y1] = bin(i, g, h);
      for (let j = 0; j < g; j++) {
        const [x0, x1] = bin(j, g, w);
        let sum = 0;
        for (let y = y0; y < y1; y++) {
          const row = (c * h + y) * w;
          for (let x = x0; x < x1; x++) sum += data[row + x]!;
        }
        out[(c * g + i) * g + j] = sum / ((y1 - y0) * (x1 - x0));
      }
    }
  }
  return out;
}

/**
 * Reduces one tensor to a vector.
 * - gap: length C, mean of each channel over all other positions ([1, C] is returned as is).
 * - grid: length C*g*g, channel-major then bin row then bin column (PyTorch's
 *   `AdaptiveAvgPool2d(g)` followed by `flatten`), for [1, C, H, W] only; bins may overlap.
 * - flatten: a copy of every element in row-major order.
 * Throws RangeError on a data/dims mismatch or when the result is not finite. Never mutates input.
 */
export function reduceTensor(data: Float32Array, dims: readonly number[], r: Reduction): Float32Array {
  const length = reducedLength(dims, r);
  if (data.length !== product(dims)) {
    throw new RangeError(`Tensor of dims [${dims.join(', ')}] needs ${product(dims)} values, received ${data.length}`);
  }
  let out: Float32Array;
  if (r.kind === 'gap') out = gap(data, dims[1]!, product(dims.slice(2)));
  else if (r.kind === 'grid') out = grid(data, dims, r.g);
  else out = Float32Array.from(data);
  invariant(out.length === length, `reduced length ${out.length} is not ${length}`);
  // NaN and infinities survive averaging, so checking the result covers the input too.
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i]!)) throw new RangeError(`Reduced tensor has a non-finite value at ${i}`);
  }
  return out;
}

/** Concatenation of the reduced taps, in the given order. */
export function concatTaps(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
