import { Worker } from 'node:worker_threads';
import { AppError, ErrorCode } from '../errors.js';
import { type DecodedImage, decodeImage } from '../images/decode.js';
import type {
  InferenceInit,
  InferenceItem,
  InferenceResult,
  WorkerRequest,
  WorkerResponse,
} from './inference-protocol.js';
import { predictionPng } from './prediction-map.js';
import { modelInput } from './preprocess.js';
import type { TapShape } from './model-config.js';

export interface ProbeResult {
  tapShapes: TapShape[];
  dimension: number;
  predictionDims: number[] | null;
}

export interface InferenceRunner {
  /** The execution provider the session actually runs on (cuda or cpu). */
  provider: string;
  run(items: InferenceItem[]): Promise<InferenceResult[]>;
  /** Runs one blank input through the model: tap shapes and the embedding dimension. */
  probe(): Promise<ProbeResult>;
  close(): Promise<void>;
}

/** Images decoded ahead of the one being prepared (bounds memory on big images). */
const DECODE_AHEAD = 4;
/** Tensors handed to the worker before the oldest comes back: one running, one waiting. */
const INFER_AHEAD = 2;
/** Input tensors and map arrays back from the worker, kept for reuse (more than the pipelines in flight need). */
const SPARES = 8;

const WORKER_URL = new URL('./inference-worker-entry.mjs', import.meta.url);

/** Starts a worker thread holding one ONNX session for the model. */
export function startInferenceRunner(
  init: InferenceInit,
  log: (message: string) => void = console.warn,
): Promise<InferenceRunner> {
  const worker = new Worker(WORKER_URL, { workerData: init });
  const pending = new Map<number, { resolve: (r: WorkerResponse) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let failure: Error | null = null;

  const request = (req: WorkerRequest, transfer: ArrayBuffer[] = []) =>
    new Promise<WorkerResponse>((resolve, reject) => {
      if (failure) return reject(failure);
      pending.set(req.id, { resolve, reject });
      worker.postMessage(req, transfer);
    });
  const spec = init.config.input;
  // Arrays that went to the worker and came back, reused so that no image allocates (and the
  // garbage collector frees) a 2.4 MB input and a 0.8 MB map: that was a collection every few images.
  const spareInputs: Float32Array[] = [];
  const spareMaps: Float32Array[] = [];
  const keep = (spares: Float32Array[], a: Float32Array) => spares.length < SPARES && spares.push(a);

  /**
   * One image: decoded (started earlier), resized and normalised here, inferred by the worker,
   * its map encoded here. Bad images and failed inferences become the item's error; a dead
   * worker rejects (the chunk is retried).
   */
  async function inferOne(item: InferenceItem, decoded: Promise<DecodedImage>): Promise<InferenceResult> {
    let tensor: Float32Array;
    try {
      tensor = modelInput(await decoded, spec, spareInputs.pop());
    } catch (e) {
      return { imageId: item.imageId, error: (e as Error).message };
    }
    const mapInto = spareMaps.pop();
    const res = await request({ type: 'infer', id: nextId++, tensor, mapInto }, [
      tensor.buffer as ArrayBuffer,
      ...(mapInto ? [mapInto.buffer as ArrayBuffer] : []),
    ]);
    if (res.type === 'error') return { imageId: item.imageId, error: res.message };
    const out = res as Extract<WorkerResponse, { type: 'inferred' }>;
    keep(spareInputs, out.input);
    const result: InferenceResult = { imageId: item.imageId, embedding: out.embedding };
    if (out.prediction) {
      result.predictionPng = await predictionPng(out.prediction.data, out.prediction.dims, item.width, item.height);
      keep(spareMaps, out.prediction.data);
    }
    return result;
  }

  /** A pipeline: decoding runs ahead on sharp's threads, and this thread prepares image i + 1 while the worker infers image i. */
  async function runPipelined(items: InferenceItem[]): Promise<InferenceResult[]> {
    // Decodes in flight or waiting, by item index; taken out when used, so at most DECODE_AHEAD
    // decoded images are held however long the chunk.
    const decodes = new Map<number, Promise<DecodedImage>>();
    let nextDecode = 0;
    const results: Promise<InferenceResult>[] = [];
    for (let i = 0; i < items.length; i++) {
      for (; nextDecode < Math.min(i + 1 + DECODE_AHEAD, items.length); nextDecode++) {
        const item = items[nextDecode]!;
        const decoding = item.decoded ? Promise.resolve(item.decoded) : decodeImage(item.bytes, 3);
        decoding.catch(() => undefined); // handled in inferOne
        decodes.set(nextDecode, decoding);
      }
      if (i >= INFER_AHEAD) await results[i - INFER_AHEAD]!.catch(() => undefined);
      const decoded = decodes.get(i)!;
      decodes.delete(i);
      results.push(inferOne(items[i]!, decoded));
    }
    return Promise.all(results);
  }
  const failAll = (e: Error) => {
    failure = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };

  return new Promise((resolveReady, rejectReady) => {
    worker.on('error', (e) => {
      failAll(e);
      rejectReady(e);
    });
    worker.on('exit', (code) => failAll(new Error(`inference worker exited (code ${code})`)));
    worker.on('message', (msg: WorkerResponse) => {
      if (msg.type === 'log') return log(msg.message);
      if (msg.type === 'init-failed') {
        void worker.terminate();
        return rejectReady(new AppError(ErrorCode.MODEL_INVALID, `The ONNX model cannot be loaded: ${msg.message}`));
      }
      if (msg.type === 'ready') {
        return resolveReady({
          provider: msg.provider,
          run: runPipelined,
          async probe() {
            const res = await request({ type: 'probe', id: nextId++ });
            if (res.type === 'error')
              throw new AppError(ErrorCode.MODEL_INVALID, `The model failed on a test input: ${res.message}`);
            const p = res as Extract<WorkerResponse, { type: 'probe' }>;
            return { tapShapes: p.tapShapes, dimension: p.dimension, predictionDims: p.predictionDims };
          },
          async close() {
            await worker.terminate();
          },
        });
      }
      const waiter = pending.get(msg.id);
      pending.delete(msg.id);
      waiter?.resolve(msg);
    });
  });
}
