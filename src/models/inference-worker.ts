import { parentPort, workerData } from 'node:worker_threads';
import type { InferenceInit, WorkerRequest, WorkerResponse } from './inference-protocol.js';
import { createSession, runTaps } from './onnx-session.js';

// Runs ONNX inference off the main thread: session.run blocks the thread it runs on. Decoding,
// resizing and prediction PNGs happen in the calling thread (inference-runner.ts), overlapped
// with this thread's inference of the image before.
const port = parentPort!;
const post = (msg: WorkerResponse, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);
const init = workerData as InferenceInit;
const { input, taps, predictionOutput } = init.config;

async function main(): Promise<void> {
  let created;
  try {
    created = await createSession(init.modelBytes, init.providers, (message: string) => post({ type: 'log', message }));
  } catch (e) {
    post({ type: 'init-failed', message: (e as Error).message });
    return;
  }
  const { session, provider } = created;
  const inputName = session.inputNames[0]!;
  const dims = [1, 3, input.height, input.width];
  const infer = (tensor: Float32Array) =>
    runTaps(session, inputName, tensor, dims, taps, predictionOutput ?? undefined);

  port.on('message', async (req: WorkerRequest) => {
    try {
      if (req.type === 'probe') {
        const out = await infer(new Float32Array(3 * input.width * input.height));
        post({
          type: 'probe',
          id: req.id,
          tapShapes: out.tapShapes,
          dimension: out.embedding.length,
          predictionDims: out.prediction ? [...out.prediction.dims] : null,
        });
        return;
      }
      const out = await infer(req.tensor);
      // The embedding is ours to transfer; the map may live in ONNX Runtime's memory, so it is
      // copied, into the array the request brought when it fits.
      const transfer = [out.embedding.buffer as ArrayBuffer, req.tensor.buffer as ArrayBuffer];
      let prediction = null;
      if (out.prediction) {
        const map =
          req.mapInto?.length === out.prediction.data.length
            ? req.mapInto
            : new Float32Array(out.prediction.data.length);
        map.set(out.prediction.data);
        prediction = { data: map, dims: out.prediction.dims };
        transfer.push(map.buffer as ArrayBuffer);
      }
      post({ type: 'inferred', id: req.id, embedding: out.embedding, prediction, input: req.tensor }, transfer);
    } catch (e) {
      post({ type: 'error', id: req.id, message: (e as Error).message });
    }
  });
  post({ type: 'ready', provider });
}

void main();
