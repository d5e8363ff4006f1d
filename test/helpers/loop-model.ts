import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const { FLOAT, INT64, BOOL } = onnx.TensorProto.DataType;

const keepdims0 = { name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 };

const value = (name: string, elemType: number, dims: number[] | null) => ({
  name,
  type: { tensorType: { elemType, ...(dims ? { shape: { dim: dims.map((d) => ({ dimValue: d })) } } : {}) } },
});

/**
 * A few hundred bytes of ONNX that never finish: x [1,3,size,size] -> ReduceMean -> "pooled"
 * [1,3,1,1] -> Loop of `iterations` (default 10^12) steps adding 1 -> "looped" (the output and
 * the tap). A model that hangs whoever runs it, for the inference time limit.
 *
 * `onBrightInputs`: the trip count is instead iterations x max(0, max(x)), so an all-zero input
 * (the registration probe, a black image with mean 0) finishes at once and any brighter one hangs.
 */
export function loopModel(size = 8, iterations = 1e12, onBrightInputs = false): Uint8Array {
  const tripCount = onBrightInputs
    ? [
        { name: 'peak', opType: 'ReduceMax', input: ['x'], output: ['peak'], attribute: [keepdims0] },
        { name: 'relu', opType: 'Relu', input: ['peak'], output: ['bright'] },
        { name: 'scale', opType: 'Mul', input: ['bright', 'iterations'], output: ['steps'] },
        {
          name: 'cast',
          opType: 'Cast',
          input: ['steps'],
          output: ['trip_count'],
          attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: INT64 }],
        },
      ]
    : [];
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'distmetrics-test',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'loop',
      input: [value('x', FLOAT, [1, 3, size, size])],
      output: [value('looped', FLOAT, [1, 3, 1, 1])],
      initializer: [
        onBrightInputs
          ? { name: 'iterations', dataType: FLOAT, dims: [], floatData: [iterations] }
          : { name: 'trip_count', dataType: INT64, dims: [], int64Data: [iterations] },
        { name: 'keep_going', dataType: BOOL, dims: [], int32Data: [1] },
      ],
      node: [
        ...tripCount,
        {
          name: 'mean',
          opType: 'ReduceMean',
          input: ['x'],
          output: ['pooled'],
          attribute: [
            { name: 'axes', type: onnx.AttributeProto.AttributeType.INTS, ints: [2, 3] },
            { name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 1 },
          ],
        },
        {
          name: 'loop',
          opType: 'Loop',
          input: ['trip_count', 'keep_going', 'pooled'],
          output: ['looped'],
          attribute: [
            {
              name: 'body',
              type: onnx.AttributeProto.AttributeType.GRAPH,
              g: {
                name: 'body',
                input: [value('i', INT64, []), value('cond_in', BOOL, []), value('v_in', FLOAT, [1, 3, 1, 1])],
                output: [value('cond_out', BOOL, []), value('v_out', FLOAT, [1, 3, 1, 1])],
                node: [
                  { name: 'keep', opType: 'Identity', input: ['cond_in'], output: ['cond_out'] },
                  {
                    name: 'one',
                    opType: 'Constant',
                    output: ['one'],
                    attribute: [
                      {
                        name: 'value',
                        type: onnx.AttributeProto.AttributeType.TENSOR,
                        t: { dataType: FLOAT, dims: [], floatData: [1] },
                      },
                    ],
                  },
                  { name: 'add', opType: 'Add', input: ['v_in', 'one'], output: ['v_out'] },
                ],
              },
            },
          ],
        },
      ],
    },
  });
  return Uint8Array.from(onnx.ModelProto.encode(model).finish());
}
