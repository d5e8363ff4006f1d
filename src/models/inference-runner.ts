import { Worker } from 'node:worker_threads';
import { AppError, ErrorCode } from '../errors.js';
import type { InferenceInit, InferenceItem, InferenceResult, WorkerRequest, WorkerResponse } from './inference-protocol.js';
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

const WORKER_URL = new URL('./inference-worker-entry.mjs', import.meta.url);

/** Starts a worker thread holding one ONNX session for the model. */
export function startInferenceRunner(init: InferenceInit, log: (message: string) => void = console.warn): Promise<InferenceRunner> {
  const worker = new Worker(WORKER_URL, { workerData: init });
  const pending = new Map<number, { resolve: (r: WorkerResponse) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let failure: Error | null = null;

  const request = (req: WorkerRequest) =>
    new Promise<WorkerResponse>((resolve, reject) => {
      if (failure) return reject(failure);
      pending.set(req.id, { resolve, reject });
      worker.postMessage(req);
    });
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
          async run(items) {
            const res = await request({ type: 'run', id: nextId++, items });
            if (res.type === 'error') throw new Error(res.message);
            return (res as Extract<WorkerResponse, { type: 'result' }>).results;
          },
          async probe() {
            const res = await request({ type: 'probe', id: nextId++ });
            if (res.type === 'error') throw new AppError(ErrorCode.MODEL_INVALID, `The model failed on a test input: ${res.message}`);
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
