import { InferenceSession, Tensor } from 'onnxruntime-node';
import { AppError, ErrorCode } from '../errors.js';
import { concatTaps, type Reduction, reduceTensor } from './reduce.js';

export type ExecutionProvider = 'cuda' | 'cpu';

const PROVIDERS: ReadonlySet<string> = new Set<ExecutionProvider>(['cuda', 'cpu']);

export interface CreatedSession {
  session: InferenceSession;
  /** The provider the session was created with. */
  provider: ExecutionProvider;
}

export interface Tap {
  /** A graph output name (exposed with `exposeTensors` when it is an intermediate tensor). */
  name: string;
  reduction: Reduction;
}

export interface TapShape {
  name: string;
  /** The tensor's dims as produced by the model. */
  dims: number[];
  /** Length of this tap's part of the embedding, after reduction. */
  length: number;
}

export interface TapsResult {
  /** The reduced taps concatenated in the order given. */
  embedding: Float32Array;
  tapShapes: TapShape[];
  prediction?: { data: Float32Array; dims: number[] };
}

function openSession(model: Uint8Array | string, provider: ExecutionProvider): Promise<InferenceSession> {
  const options: InferenceSession.SessionOptions = {
    executionProviders: [provider],
    // ONNX Runtime's idle intra-op threads spin by default: on a small machine they burn the
    // cores that decoding, resizing and PNG encoding of the next images need (extraction bench).
    extra: { 'session.intra_op.allow_spinning': '0' },
  };
  return typeof model === 'string' ? InferenceSession.create(model, options) : InferenceSession.create(model, options);
}

/**
 * Creates a session on the first provider of `providers` that works, in order, with CPU as the
 * last resort even when it is not listed. When a provider fails (CUDA without its libraries, as
 * on a CPU-only install), `log` receives one warning naming every provider that failed and the
 * one in use. Throws MODEL_INVALID when no provider can load the model.
 *
 * ONNX Runtime itself also prints the native loader error for a provider that fails to load;
 * callers pass `installedProviders(...)` so that a provider whose library is absent is not tried.
 */
export async function createSession(
  model: Uint8Array | string,
  providers: readonly string[],
  log: (message: string) => void = console.warn,
): Promise<CreatedSession> {
  const unknown = providers.filter((p) => !PROVIDERS.has(p));
  if (unknown.length) throw new RangeError(`Unknown execution provider ${unknown.join(', ')}: use cuda or cpu`);
  const order = [...new Set([...providers, 'cpu'])] as ExecutionProvider[];
  const failures: string[] = [];
  for (const provider of order) {
    try {
      const session = await openSession(model, provider);
      if (failures.length) log(`ONNX Runtime: ${failures.join('; ')}. Running on ${provider} instead.`);
      return { session, provider };
    } catch (e) {
      failures.push(`execution provider ${provider} is unavailable (${(e as Error).message})`);
    }
  }
  throw new AppError(ErrorCode.MODEL_INVALID, `The ONNX model cannot be loaded: ${failures.join('; ')}`, { failures });
}

function toFloat32(name: string, tensor: Tensor): Float32Array {
  if (tensor.data instanceof Float32Array) return tensor.data;
  if (tensor.type === 'string' || tensor.type === 'int64' || tensor.type === 'uint64' || tensor.type === 'bool') {
    throw new AppError(
      ErrorCode.MODEL_INVALID,
      `Tensor ${name} is ${tensor.type}; feature taps must be numeric floating point or small integers`,
    );
  }
  return Float32Array.from(tensor.data as ArrayLike<number>);
}

/**
 * Runs the model once on an input tensor and fetches only the taps (and the prediction output):
 * each tap is reduced (see `reduceTensor`) and the parts concatenated in tap order.
 * `tensor` is row-major with `dims` (e.g. [1, 3, H, W]); it is not modified.
 */
export async function runTaps(
  session: InferenceSession,
  inputName: string,
  tensor: Float32Array,
  dims: readonly number[],
  taps: readonly Tap[],
  predictionOutput?: string,
): Promise<TapsResult> {
  const expected = dims.reduce((a, b) => a * b, 1);
  if (tensor.length !== expected)
    throw new RangeError(`Input of dims [${dims.join(', ')}] needs ${expected} values, received ${tensor.length}`);
  if (taps.length === 0) throw new RangeError('At least one tap is needed');
  const fetches = [...new Set([...taps.map((t) => t.name), ...(predictionOutput ? [predictionOutput] : [])])];
  const missing = fetches.filter((name) => !session.outputNames.includes(name));
  if (missing.length) {
    throw new AppError(
      ErrorCode.MODEL_INVALID,
      `${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not an output of the session (outputs: ${session.outputNames.join(', ')})`,
      {
        missing,
      },
    );
  }
  const results = await session.run({ [inputName]: new Tensor('float32', tensor, dims) }, fetches);
  const parts: Float32Array[] = [];
  const tapShapes: TapShape[] = [];
  for (const tap of taps) {
    const out = results[tap.name]!;
    const outDims = [...out.dims];
    const reduced = reduceTensor(toFloat32(tap.name, out), outDims, tap.reduction);
    parts.push(reduced);
    tapShapes.push({ name: tap.name, dims: outDims, length: reduced.length });
  }
  const result: TapsResult = { embedding: concatTaps(parts), tapShapes };
  if (predictionOutput) {
    const out = results[predictionOutput]!;
    result.prediction = { data: toFloat32(predictionOutput, out), dims: [...out.dims] };
  }
  return result;
}
