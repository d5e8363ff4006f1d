import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

const tensorValue = (name: string, dims: number[]) => ({
  name,
  type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
});

/** Per-channel multiplier of the tiny graph. */
export const TINY_K = [2, 0.5] as const;

/**
 * A tiny ONNX graph (opset 13) with known intermediate values:
 *   x [1,2,4,4] -> Mul(k = TINY_K per channel) -> "scaled" -> Relu -> "activated"
 *   -> ReduceMean(axes 2,3, keepdims) -> "pooled" [1,2,1,1] (the only graph output).
 */
export function tinyModel(): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'distmetrics-test',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'tiny',
      input: [tensorValue('x', [1, 2, 4, 4])],
      output: [tensorValue('pooled', [1, 2, 1, 1])],
      initializer: [{ name: 'k', dataType: FLOAT, dims: [1, 2, 1, 1], floatData: [...TINY_K] }],
      node: [
        { name: 'mul', opType: 'Mul', input: ['x', 'k'], output: ['scaled'] },
        { name: 'relu', opType: 'Relu', input: ['scaled'], output: ['activated'] },
        {
          name: 'mean',
          opType: 'ReduceMean',
          input: ['activated'],
          output: ['pooled'],
          attribute: [
            { name: 'axes', type: onnx.AttributeProto.AttributeType.INTS, ints: [2, 3] },
            { name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 1 },
          ],
        },
      ],
    },
  });
  return Uint8Array.from(onnx.ModelProto.encode(model).finish());
}

/**
 * The tiny graph's input: channel 0 holds (y*4 + x) - 5, channel 1 holds 7 - (y*4 + x), so after
 * Mul and Relu each channel has a block of zeros (the values worked out in the tests by hand).
 */
export function tinyInput(): Float32Array {
  const x = new Float32Array(32);
  for (let i = 0; i < 16; i++) {
    x[i] = i - 5;
    x[16 + i] = 7 - i;
  }
  return x;
}
