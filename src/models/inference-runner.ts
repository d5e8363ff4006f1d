import { type ChildProcess, fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { DEFAULT_INFERENCE_TIMEOUT_MS } from '../config.js';
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

/** How much lower than the server the inference processes run (nice levels). */
const INFERENCE_NICENESS = 5;

const WORKER_ENTRY = fileURLToPath(new URL('./inference-worker-entry.mjs', import.meta.url));

/** A request the model did not finish within the time limit; its process was killed. */
export class InferenceTimeout extends Error {}
/** A request queued behind a timed-out one: not started, so it is sent again to the new process. */
class Requeued extends Error {}

export interface RunnerOptions {
  /** Wall-clock limit of one inference (or probe); past it the process is killed and replaced. */
  timeoutMs?: number;
}

interface Pending {
  resolve: (r: WorkerResponse) => void;
  reject: (e: Error) => void;
}

/**
 * Starts a child process holding one ONNX session for the model. Requests run one at a time in
 * the order sent; the one running is under `timeoutMs`: past it the process is killed (SIGKILL:
 * native code does not stop otherwise), that request fails with InferenceTimeout, and a fresh
 * process takes the requests queued behind it.
 */
export function startInferenceRunner(
  init: InferenceInit,
  log: (message: string) => void = console.warn,
  options: RunnerOptions = {},
): Promise<InferenceRunner> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_INFERENCE_TIMEOUT_MS;
  // In the order sent, which is the order the child answers in: the first is the one running.
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let failure: Error | null = null;
  let child: ChildProcess;
  let provider = 'cpu';
  let restarting: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const failAll = (e: Error) => {
    failure = e;
    if (timer) clearTimeout(timer);
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };

  /** Starts a child and resolves once its session is ready; its events are ignored once it is replaced. */
  function spawn(): Promise<void> {
    const proc = fork(WORKER_ENTRY, [], {
      serialization: 'advanced', // typed arrays cross as typed arrays
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child = proc;
    lowerPriority(proc);
    const current = () => child === proc;
    return new Promise<void>((resolveReady, rejectReady) => {
      proc.on('error', (e) => {
        if (!current()) return;
        failAll(e);
        rejectReady(e);
      });
      proc.on('exit', (code, signal) => {
        if (!current()) return;
        const e = new Error(`inference process exited (${signal ?? `code ${code}`})`);
        failAll(e);
        rejectReady(e);
      });
      proc.on('message', (msg: WorkerResponse) => {
        if (!current()) return;
        if (msg.type === 'log') return log(msg.message);
        if (msg.type === 'init-failed') {
          proc.kill('SIGKILL');
          return rejectReady(new AppError(ErrorCode.MODEL_INVALID, `The ONNX model cannot be loaded: ${msg.message}`));
        }
        if (msg.type === 'ready') {
          provider = msg.provider;
          return resolveReady();
        }
        const waiter = pending.get(msg.id);
        pending.delete(msg.id);
        armTimer();
        waiter?.resolve(msg);
      });
      proc.send({ type: 'init', init });
    });
  }

  /** The limit applies to the request running now: the oldest one pending. */
  function armTimer() {
    if (timer) clearTimeout(timer);
    timer = pending.size ? setTimeout(onTimeout, timeoutMs) : null;
    timer?.unref();
  }

  function onTimeout() {
    timer = null;
    const entries = [...pending.values()];
    pending.clear();
    const stuck = child;
    restarting = spawn().then(
      () => {
        restarting = null;
      },
      (e: Error) => {
        restarting = null;
        failAll(e);
      },
    );
    stuck.kill('SIGKILL');
    entries[0]?.reject(
      new InferenceTimeout(`The model did not finish within ${timeoutMs} ms (INFERENCE_TIMEOUT_MS); it was stopped`),
    );
    for (const p of entries.slice(1)) p.reject(new Requeued());
  }

  const request = async (req: WorkerRequest): Promise<WorkerResponse> => {
    if (restarting && !closed) await restarting;
    return new Promise<WorkerResponse>((resolve, reject) => {
      if (failure) return reject(failure);
      if (closed) return reject(new Error('the inference runner is closed'));
      pending.set(req.id, { resolve, reject });
      if (pending.size === 1) armTimer();
      child.send(req);
    });
  };

  /** Sends a request again when it was queued behind one that timed out (it never ran). */
  async function requestOnce(make: () => WorkerRequest): Promise<WorkerResponse> {
    for (;;) {
      try {
        return await request(make());
      } catch (e) {
        if (!(e instanceof Requeued)) throw e;
      }
    }
  }
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
    let res: WorkerResponse;
    try {
      res = await requestOnce(() => ({ type: 'infer', id: nextId++, tensor, mapInto }));
    } catch (e) {
      if (e instanceof InferenceTimeout) return { imageId: item.imageId, error: e.message };
      throw e;
    }
    if (res.type === 'error') return { imageId: item.imageId, error: res.message };
    const out = res as Extract<WorkerResponse, { type: 'inferred' }>;
    keep(spareInputs, out.input ?? tensor); // a copy went to the process: this one is free again
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
  return spawn().then(
    (): InferenceRunner => ({
      get provider() {
        return provider;
      },
      run: runPipelined,
      async probe() {
        let res: WorkerResponse;
        try {
          res = await requestOnce(() => ({ type: 'probe', id: nextId++ }));
        } catch (e) {
          if (e instanceof InferenceTimeout)
            throw new AppError(ErrorCode.LIMIT_EXCEEDED, `The model failed on a test input: ${e.message}`, {
              timeoutMs,
            });
          throw e;
        }
        if (res.type === 'error')
          throw new AppError(ErrorCode.MODEL_INVALID, `The model failed on a test input: ${res.message}`);
        const p = res as Extract<WorkerResponse, { type: 'probe' }>;
        return { tapShapes: p.tapShapes, dimension: p.dimension, predictionDims: p.predictionDims };
      },
      async close() {
        if (closed) return;
        closed = true;
        failAll(new Error('the inference runner is closed'));
        await stopProcess(child); // the current one: a replacement still starting included
      },
    }),
    (e: unknown) => {
      closed = true;
      child.kill('SIGKILL');
      throw e;
    },
  );
}

/**
 * Inference is batch work: its process yields the CPU to the server's (HTTP answers, decoding),
 * so a model that computes for a long time, or never stops, cannot slow every other request.
 */
function lowerPriority(proc: ChildProcess): void {
  if (proc.pid === undefined) return;
  try {
    os.setPriority(proc.pid, Math.min(19, os.getPriority() + INFERENCE_NICENESS));
  } catch {
    // not permitted here (or the process already gone): it runs at the server's priority
  }
}

/** Asks the process to end, and kills it when it does not within a second (a stuck model). */
async function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const killer = setTimeout(() => proc.kill('SIGKILL'), 1000);
  await exited;
  clearTimeout(killer);
}
