import type { InferenceInit, WorkerRequest, WorkerResponse } from './inference-protocol.js';
import { createSession, runTaps } from './onnx-session.js';

// Runs ONNX inference in a child process: session.run blocks the thread it runs on, and a model
// stuck in native code (a Loop of 10^12 steps) ignores a worker thread's terminate(); only a
// process can be killed. Decoding, resizing and prediction PNGs happen in the parent
// (inference-runner.ts), overlapped with this process's inference of the image before.
const post = (msg: WorkerResponse) => process.send!(msg);
// The parent gone (killed, crashed): nothing is left to answer.
process.on('disconnect', () => process.exit(0));

const init = await new Promise<InferenceInit>((resolve) => {
  process.once('message', (msg: { type: 'init'; init: InferenceInit }) => resolve(msg.init));
});
const { input, taps, predictionOutput } = init.config;
const port = { on: (event: 'message', fn: (req: WorkerRequest) => void) => process.on(event, fn) };

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
      // The map may live in ONNX Runtime's memory, so it is copied, into the array the request
      // brought when it fits (the parent reuses the arrays that come back).
      let prediction = null;
      if (out.prediction) {
        const map =
          req.mapInto?.length === out.prediction.data.length
            ? req.mapInto
            : new Float32Array(out.prediction.data.length);
        map.set(out.prediction.data);
        prediction = { data: map, dims: out.prediction.dims };
      }
      post({ type: 'inferred', id: req.id, embedding: out.embedding, prediction });
    } catch (e) {
      post({ type: 'error', id: req.id, message: (e as Error).message });
    }
  });
  post({ type: 'ready', provider });
}

void main();
