import onnxProto from 'onnx-proto';
import type { Gemm } from '../math/gemm.js';

/**
 * Float64 GEMM through ONNX Runtime's Gemm operator (MLAS on CPU), for the top-z PCA.
 *
 * Why float64: measured on this machine's CPU (one thread), MLAS runs float32 GEMM at
 * 150-200 GFLOP/s and float64 at 55-85 GFLOP/s on the PCA's shapes (575 x 16000 x 575,
 * 4096 x 1024 x 1024). Float32 is 2.5x faster, but it rounds every Gram or covariance entry to
 * about 6e-8 relative, and the top-z subspace moves by that error over the eigenvalue gap at z,
 * which for real embeddings (gaps of 1e-3 of the largest eigenvalue and less) exceeds the 1e-6
 * the distances promise. Float64 holds 1e-6 at every gap the solver accepts (top-pca.ts), and is
 * still an order of magnitude ahead of the scalar loops it replaces.
 *
 * One InferenceSession per transpose combination, with symbolic shapes, created on first use.
 */
const { onnx } = onnxProto;
const DOUBLE = onnx.TensorProto.DataType.DOUBLE;

function gemmModel(transA: boolean, transB: boolean): Uint8Array {
  const dims = (names: string[]) =>
    onnx.TensorShapeProto.create({ dim: names.map((d) => onnx.TensorShapeProto.Dimension.create({ dimParam: d })) });
  const value = (name: string, names: string[]) =>
    onnx.ValueInfoProto.create({
      name,
      type: onnx.TypeProto.create({
        tensorType: onnx.TypeProto.Tensor.create({ elemType: DOUBLE, shape: dims(names) }),
      }),
    });
  const int = (name: string, i: number) =>
    onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i });
  const node = onnx.NodeProto.create({
    opType: 'Gemm',
    input: ['A', 'B'],
    output: ['C'],
    attribute: [int('transA', transA ? 1 : 0), int('transB', transB ? 1 : 0)],
  });
  const graph = onnx.GraphProto.create({
    name: 'gemm',
    node: [node],
    input: [value('A', transA ? ['K', 'M'] : ['M', 'K']), value('B', transB ? ['N', 'K'] : ['K', 'N'])],
    output: [value('C', ['M', 'N'])],
  });
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph }),
  ).finish();
}

/**
 * A float64 Gemm on ONNX Runtime's CPU provider with `threads` intra-op threads, or null when
 * onnxruntime-node cannot be loaded (the caller then uses `jsGemm`).
 */
export async function createOrtGemm(threads: number): Promise<Gemm | null> {
  let ort: typeof import('onnxruntime-node');
  try {
    ort = await import('onnxruntime-node');
  } catch {
    return null;
  }
  const sessions = new Map<string, Promise<import('onnxruntime-node').InferenceSession>>();
  const session = (transA: boolean, transB: boolean) => {
    const key = `${transA}${transB}`;
    let s = sessions.get(key);
    if (!s) {
      s = ort.InferenceSession.create(gemmModel(transA, transB), {
        executionProviders: ['cpu'],
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'disabled',
      });
      sessions.set(key, s);
    }
    return s;
  };
  return async (a, b, m, k, n, transA = false, transB = false) => {
    const s = await session(transA, transB);
    const out = await s.run({
      A: new ort.Tensor('float64', a, transA ? [k, m] : [m, k]),
      B: new ort.Tensor('float64', b, transB ? [n, k] : [k, n]),
    });
    return out.C!.data as Float64Array;
  };
}
