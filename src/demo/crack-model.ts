import onnxProto from 'onnx-proto';
import type { RegisterModelInput } from '../models/model-config.js';
import { probabilityToUint8 } from '../models/prediction-map.js';
import type { PreprocessSpec } from '../models/preprocess.js';

/**
 * A small, classical crack detector built as an ONNX graph in code, so the demo has a real
 * segmentation model whose F-scores mean something (method.md "Performance"). Cracks are thin
 * lines darker than the surface around them, so the detector scores each pixel by how much darker
 * it is than its local background:
 *
 *   gray       = 0.299 R + 0.587 G + 0.114 B                  (1x1 Conv; input scaled to [0, 1])
 *   smooth     = 3x3 mean of gray                             (AveragePool, same padding)
 *   background = w x w mean of gray                           (AveragePool, same padding)
 *   contrast   = background - gray + smoothing * (gray - smooth)
 *              = background - ((1 - smoothing) gray + smoothing smooth)
 *   prob       = sigmoid(gain * contrast + bias)              ([1, 1, H, W], the prediction)
 *
 * The window w, the smoothing weight, the gain and the bias are the free parameters, fitted on
 * labelled images by `fitCrackParams` (crack-fit.ts). Means exclude the padding
 * (count_include_pad = 0), so borders are not darkened.
 *
 * The embedding mirrors the paper's pooled backbone stages: a fixed bank of eight 3x3 filters
 * (horizontal and vertical Sobel derivatives, the two diagonal derivatives, each with both signs,
 * then ReLU) applied at three scales (full, 1/2, 1/4 resolution, by 2x2 average pooling), each
 * bank globally average pooled, plus gray pooled to a 2x2 grid (brightness and its gradient).
 * These respond to exactly what the demo's secondaries shift: noise and texture raise the
 * derivative energy, blur lowers it at the fine scale, lighting moves gray.
 */

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const { INT, INTS } = onnx.AttributeProto.AttributeType;

/** Free parameters of one model version. */
export interface CrackParams {
  /** Side of the square background window, odd, in pixels. */
  window: number;
  /** Weight of the 3x3 smoothed gray in the compared value, 0..1 (0 = the pixel itself). */
  smoothing: number;
  /** Logit per unit of contrast (contrast is in [0, 1] gray units). */
  gain: number;
  bias: number;
}

export const CRACK_SIZE = 160;
export const GRAY_WEIGHTS = [0.299, 0.587, 0.114] as const;
/** Bytes scaled to [0, 1], RGB planes, no mean or std. */
export const CRACK_INPUT: PreprocessSpec = {
  width: CRACK_SIZE,
  height: CRACK_SIZE,
  channelOrder: 'RGB',
  mean: [0, 0, 0],
  std: [1, 1, 1],
  scale: 1 / 255,
};
export const CRACK_PREDICTION = 'prob';
/** Tapped tensors, in concatenation order: 8 + 8 + 8 + 4 = 28 dimensions. */
export const CRACK_TAPS = [
  { name: 'bank_s1', reduction: 'gap' as const },
  { name: 'bank_s2', reduction: 'gap' as const },
  { name: 'bank_s4', reduction: 'gap' as const },
  { name: 'gray', reduction: 'grid' as const, grid: 2 },
];
export const CRACK_DIMENSION = 28;

const SOBEL_X = [-1, 0, 1, -2, 0, 2, -1, 0, 1];
const SOBEL_Y = [-1, -2, -1, 0, 0, 0, 1, 2, 1];
const DIAG_1 = [0, 1, 2, -1, 0, 1, -2, -1, 0];
const DIAG_2 = [-2, -1, 0, -1, 0, 1, 0, 1, 2];
/** The filter bank, [8, 1, 3, 3] row-major: each oriented derivative with both signs. */
export const BANK_KERNELS: readonly number[] = [SOBEL_X, SOBEL_Y, DIAG_1, DIAG_2]
  .flatMap((k) => [k, k.map((v) => -v)])
  .flat();
const BANK_CHANNELS = 8;

function assertParams(p: CrackParams): void {
  if (!Number.isInteger(p.window) || p.window < 3 || p.window % 2 === 0 || p.window > CRACK_SIZE) {
    throw new RangeError(`Expected an odd background window 3..${CRACK_SIZE}, received ${p.window}`);
  }
  if (!(p.smoothing >= 0 && p.smoothing <= 1))
    throw new RangeError(`Expected smoothing in [0, 1], received ${p.smoothing}`);
  if (!Number.isFinite(p.gain) || !Number.isFinite(p.bias))
    throw new RangeError(`Expected finite gain and bias, received ${p.gain}, ${p.bias}`);
}

const tensorValue = (name: string, dims: number[]) => ({
  name,
  type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
});
const floats = (name: string, dims: number[], values: readonly number[]) => ({
  name,
  dataType: FLOAT,
  dims,
  floatData: [...values],
});
const ints = (name: string, values: number[]) => ({ name, type: INTS, ints: values });
const int = (name: string, value: number) => ({ name, type: INT, i: value });

/** AveragePool with a k x k kernel and same padding, excluding the padding from the mean. */
function meanPool(name: string, input: string, k: number) {
  const r = (k - 1) / 2;
  return {
    name,
    opType: 'AveragePool',
    input: [input],
    output: [name],
    attribute: [
      ints('kernel_shape', [k, k]),
      ints('pads', [r, r, r, r]),
      ints('strides', [1, 1]),
      int('count_include_pad', 0),
    ],
  };
}

/** Edge-replicating pad by 1, the 3x3 bank, ReLU: [1,1,h,w] -> [1,8,h,w] named `name`. */
function bank(name: string, input: string) {
  return [
    {
      name: `${name}_pad`,
      opType: 'Pad',
      input: [input, 'pads_1'],
      output: [`${name}_pad`],
      attribute: [
        { name: 'mode', type: onnx.AttributeProto.AttributeType.STRING, s: new TextEncoder().encode('edge') },
      ],
    },
    {
      name: `${name}_conv`,
      opType: 'Conv',
      input: [`${name}_pad`, 'bank_w'],
      output: [`${name}_conv`],
      attribute: [ints('kernel_shape', [3, 3])],
    },
    { name, opType: 'Relu', input: [`${name}_conv`], output: [name] },
  ];
}

function halve(name: string, input: string) {
  return {
    name,
    opType: 'AveragePool',
    input: [input],
    output: [name],
    attribute: [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])],
  };
}

/**
 * The detector as ONNX bytes (opset 13): input `x` [1,3,160,160] (RGB scaled to [0, 1], see
 * {@link CRACK_INPUT}), output `prob` [1,1,160,160]. `docString` is stored in the model, so the
 * file says what it is and what it was fitted on.
 */
export function buildCrackModel(params: CrackParams, docString: string): Uint8Array {
  assertParams(params);
  const n = CRACK_SIZE;
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'distmetrics-demo',
    docString,
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'local_contrast_crack_detector',
      docString,
      input: [tensorValue('x', [1, 3, n, n])],
      output: [tensorValue(CRACK_PREDICTION, [1, 1, n, n])],
      initializer: [
        floats('gray_w', [1, 3, 1, 1], GRAY_WEIGHTS),
        floats('smoothing', [1], [params.smoothing]),
        floats('gain', [1], [params.gain]),
        floats('bias', [1], [params.bias]),
        floats('bank_w', [BANK_CHANNELS, 1, 3, 3], BANK_KERNELS),
        { name: 'pads_1', dataType: onnx.TensorProto.DataType.INT64, dims: [8], int64Data: [0, 0, 1, 1, 0, 0, 1, 1] },
      ],
      node: [
        {
          name: 'gray',
          opType: 'Conv',
          input: ['x', 'gray_w'],
          output: ['gray'],
          attribute: [ints('kernel_shape', [1, 1])],
        },
        meanPool('smooth', 'gray', 3),
        meanPool('background', 'gray', params.window),
        { name: 'darkness', opType: 'Sub', input: ['background', 'gray'], output: ['darkness'] },
        { name: 'detail', opType: 'Sub', input: ['gray', 'smooth'], output: ['detail'] },
        { name: 'detail_w', opType: 'Mul', input: ['detail', 'smoothing'], output: ['detail_w'] },
        { name: 'contrast', opType: 'Add', input: ['darkness', 'detail_w'], output: ['contrast'] },
        { name: 'scaled', opType: 'Mul', input: ['contrast', 'gain'], output: ['scaled'] },
        { name: 'logit', opType: 'Add', input: ['scaled', 'bias'], output: ['logit'] },
        { name: CRACK_PREDICTION, opType: 'Sigmoid', input: ['logit'], output: [CRACK_PREDICTION] },
        ...bank('bank_s1', 'gray'),
        halve('gray_s2', 'gray'),
        ...bank('bank_s2', 'gray_s2'),
        halve('gray_s4', 'gray_s2'),
        ...bank('bank_s4', 'gray_s4'),
      ],
    },
  });
  return Uint8Array.from(onnx.ModelProto.encode(model).finish());
}

/** Registration of one version (the family is the name: versions differ by their bytes). */
export function crackRegistration(name: string): RegisterModelInput {
  return {
    name,
    family: name,
    inputWidth: CRACK_INPUT.width,
    inputHeight: CRACK_INPUT.height,
    channelOrder: CRACK_INPUT.channelOrder,
    mean: [...CRACK_INPUT.mean],
    std: [...CRACK_INPUT.std],
    scale: CRACK_INPUT.scale,
    taps: CRACK_TAPS.map((t) => ({ name: t.name, reduction: t.reduction, grid: 'grid' in t ? t.grid : null })),
    predictionOutput: CRACK_PREDICTION,
  };
}

/**
 * Mean over a k x k window (k odd) centred on each pixel, over the pixels inside the image only
 * (AveragePool with same padding and count_include_pad = 0). Row-major size x size; float64
 * summed-area table, so the cost does not depend on k.
 */
export function windowMean(src: ArrayLike<number>, size: number, k: number): Float64Array {
  const r = (k - 1) / 2;
  const s = size + 1;
  const table = new Float64Array(s * s);
  for (let y = 0; y < size; y++) {
    let row = 0;
    for (let x = 0; x < size; x++) {
      row += src[y * size + x]!;
      table[(y + 1) * s + x + 1] = table[y * s + x + 1]! + row;
    }
  }
  const out = new Float64Array(size * size);
  for (let y = 0; y < size; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(size, y + r + 1);
    for (let x = 0; x < size; x++) {
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(size, x + r + 1);
      const sum = table[y1 * s + x1]! - table[y0 * s + x1]! - table[y1 * s + x0]! + table[y0 * s + x0]!;
      out[y * size + x] = sum / ((y1 - y0) * (x1 - x0));
    }
  }
  return out;
}

/** Gray plane of an input tensor [1, 3, size, size] (the `gray` node). */
export function grayPlane(x: Float32Array, size = CRACK_SIZE): Float64Array {
  const plane = size * size;
  if (x.length !== 3 * plane)
    throw new RangeError(`Expected a [1, 3, ${size}, ${size}] tensor (${3 * plane} values), received ${x.length}`);
  const out = new Float64Array(plane);
  for (let i = 0; i < plane; i++)
    out[i] = GRAY_WEIGHTS[0] * x[i]! + GRAY_WEIGHTS[1] * x[plane + i]! + GRAY_WEIGHTS[2] * x[2 * plane + i]!;
  return out;
}

/** The `contrast` node from gray and its two window means. */
export function contrastMap(
  gray: Float64Array,
  smooth: Float64Array,
  background: Float64Array,
  smoothing: number,
): Float64Array {
  const out = new Float64Array(gray.length);
  for (let i = 0; i < gray.length; i++) out[i] = background[i]! - gray[i]! + smoothing * (gray[i]! - smooth[i]!);
  return out;
}

/**
 * The graph's forward pass in JS, for fitting without ONNX Runtime: the `prob` output for an
 * input tensor [1, 3, size, size] (as `toNchw` with {@link CRACK_INPUT} makes it), row-major
 * size x size. Agrees with ONNX Runtime to float32 rounding (the unit test checks 1e-5).
 */
export function crackForward(x: Float32Array, params: CrackParams, size = CRACK_SIZE): Float32Array {
  assertParams(params);
  const gray = grayPlane(x, size);
  const contrast = contrastMap(
    gray,
    windowMean(gray, size, 3),
    windowMean(gray, size, params.window),
    params.smoothing,
  );
  const out = new Float32Array(contrast.length);
  for (let i = 0; i < contrast.length; i++) out[i] = 1 / (1 + Math.exp(-(params.gain * contrast[i]! + params.bias)));
  return out;
}

/** The prediction as the server stores it (`probabilityToUint8`, extraction's rule), row-major size x size. */
export function crackPrediction8(x: Float32Array, params: CrackParams, size = CRACK_SIZE): Uint8Array {
  return probabilityToUint8(crackForward(x, params, size));
}
