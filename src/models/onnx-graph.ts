import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { AppError, ErrorCode } from '../errors.js';

// onnx-proto is CommonJS (`module.exports = $root`), so the namespace comes from the default import.
const { onnx } = onnxProto;

/** One dimension: a number when fixed, the symbolic name (or null) when dynamic. */
export type GraphDim = number | string | null;

export interface GraphValue {
  name: string;
  /** null when the graph records no shape for the value. */
  shape: GraphDim[] | null;
}

export interface GraphNode {
  name: string;
  opType: string;
  outputs: string[];
}

export interface GraphTensors {
  inputs: GraphValue[];
  outputs: GraphValue[];
  nodes: GraphNode[];
}

type Int64 = number | { toNumber(): number };

/** int64 fields decode as numbers or as Long objects, depending on whether `long` is installed. */
function toNumber(v: Int64 | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'number' ? v : v.toNumber();
}

function shapeOf(value: OnnxTypes.IValueInfoProto): GraphDim[] | null {
  const dims = value.type?.tensorType?.shape?.dim;
  if (!dims) return null;
  return dims.map((d) => (d.dimParam ? d.dimParam : toNumber(d.dimValue as Int64 | null | undefined)));
}

function decodeGraph(modelBytes: Uint8Array): { model: OnnxTypes.ModelProto; graph: OnnxTypes.IGraphProto } {
  let model: OnnxTypes.ModelProto;
  try {
    model = onnx.ModelProto.decode(modelBytes);
  } catch (e) {
    throw new AppError(ErrorCode.MODEL_INVALID, `The file is not an ONNX model: ${(e as Error).message}`);
  }
  if (!model.graph) throw new AppError(ErrorCode.MODEL_INVALID, 'The ONNX model has no graph');
  return { model, graph: model.graph };
}

const nodeOutputs = (node: OnnxTypes.INodeProto): string[] => (node.output ?? []).filter((o) => o !== '');

/** A few tensor names spread over the graph (Constant outputs are not useful taps). */
function exampleNames(nodes: OnnxTypes.INodeProto[], count = 5): string[] {
  const names = nodes.filter((n) => n.opType !== 'Constant').flatMap(nodeOutputs);
  if (names.length <= count) return names;
  return Array.from({ length: count }, (_, i) => names[Math.round((i * (names.length - 1)) / (count - 1))]!);
}

/**
 * The graph's inputs (without initializers, which older exporters also list as inputs), outputs
 * and nodes, in graph order: what a user picks feature taps from.
 */
export function listTensors(modelBytes: Uint8Array): GraphTensors {
  const { graph } = decodeGraph(modelBytes);
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name));
  const value = (v: OnnxTypes.IValueInfoProto): GraphValue => ({ name: v.name ?? '', shape: shapeOf(v) });
  return {
    inputs: (graph.input ?? []).filter((v) => !initializers.has(v.name)).map(value),
    outputs: (graph.output ?? []).map(value),
    nodes: (graph.node ?? []).map((n) => ({ name: n.name ?? '', opType: n.opType ?? '', outputs: nodeOutputs(n) })),
  };
}

/**
 * Model bytes in which every named tensor is also a graph output, so one `session.run` fetches
 * the feature taps together with the model's own outputs. Names that already are outputs are kept
 * as they are; a tensor without a `value_info` entry is declared float with an unknown shape
 * (ONNX Runtime infers the real one). The input bytes are not modified.
 *
 * Only node outputs can be exposed (not graph inputs or initializers); any other name is refused
 * with MODEL_INVALID. The model is decoded and re-encoded with onnx-proto (ONNX 1.10 schema):
 * fields newer than that schema would be dropped.
 */
export function exposeTensors(modelBytes: Uint8Array, tensorNames: string[]): Uint8Array {
  const { model, graph } = decodeGraph(modelBytes);
  const nodes = graph.node ?? [];
  const produced = new Set(nodes.flatMap(nodeOutputs));
  const unknown = tensorNames.filter((name) => !produced.has(name));
  if (unknown.length) {
    const examples = exampleNames(nodes);
    throw new AppError(
      ErrorCode.MODEL_INVALID,
      `The model has no tensor named ${unknown.map((n) => `"${n}"`).join(', ')}: taps must be node outputs, such as ${examples.join(', ')}`,
      { unknown, examples },
    );
  }
  const outputs = [...(graph.output ?? [])];
  const isOutput = new Set(outputs.map((v) => v.name));
  const valueInfo = new Map((graph.valueInfo ?? []).map((v) => [v.name, v]));
  for (const name of new Set(tensorNames)) {
    if (isOutput.has(name)) continue;
    const known = valueInfo.get(name);
    outputs.push(known ?? { name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } });
  }
  // A fresh array: protobufjs shares one frozen empty array between messages without outputs.
  graph.output = outputs;
  const encoded = onnx.ModelProto.encode(model).finish(); // a Buffer under Node
  return new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength);
}
