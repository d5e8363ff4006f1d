import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import type { InferenceInit, InferenceItem, InferenceResult, WorkerRequest, WorkerResponse } from './inference-protocol.js';
import { createSession, probabilityToUint8, runTaps } from './onnx-session.js';
import { resizeForModel, toNchw } from './preprocess.js';

// Runs ONNX inference off the main thread: session.run blocks the thread it runs on.
const port = parentPort!;
const post = (msg: WorkerResponse, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);
const init = workerData as InferenceInit;
const { input, taps, predictionOutput } = init.config;
const spec = { width: input.width, height: input.height, channelOrder: input.channelOrder, mean: input.mean, std: input.std, scale: input.scale };

async function predictionPng(map: Float32Array, dims: readonly number[], item: InferenceItem): Promise<Uint8Array> {
  const h = dims[dims.length - 2]!;
  const w = dims[dims.length - 1]!;
  const gray = probabilityToUint8(map.subarray(0, h * w));
  const png = await sharp(gray, { raw: { width: w, height: h, channels: 1 } })
    .resize(item.width, item.height, { fit: 'fill', kernel: 'linear' })
    .png({ compressionLevel: 1, adaptiveFiltering: false })
    .toBuffer();
  return new Uint8Array(png);
}

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
  const infer = (tensor: Float32Array) => runTaps(session, inputName, tensor, dims, taps, predictionOutput ?? undefined);

  /**
   * Inference for one item. The prediction PNG is encoded on sharp's threads and not awaited
   * here, so the next image's inference starts at once.
   */
  async function runOne(item: InferenceItem, pixels: Promise<Uint8Array>): Promise<() => Promise<InferenceResult>> {
    try {
      const out = await infer(toNchw(await pixels, spec));
      const png = out.prediction ? predictionPng(out.prediction.data, out.prediction.dims, item) : null;
      png?.catch(() => undefined);
      return async () => {
        const result: InferenceResult = { imageId: item.imageId, embedding: out.embedding };
        if (png) result.predictionPng = await png;
        return result;
      };
    } catch (e) {
      return async () => ({ imageId: item.imageId, error: (e as Error).message });
    }
  }

  port.on('message', async (req: WorkerRequest) => {
    try {
      if (req.type === 'probe') {
        const out = await infer(new Float32Array(3 * input.width * input.height));
        post({ type: 'probe', id: req.id, tapShapes: out.tapShapes, dimension: out.embedding.length, predictionDims: out.prediction ? [...out.prediction.dims] : null });
        return;
      }
      // Decoding and resizing (sharp, on libuv's threads) of every item starts now, so it overlaps
      // with inference of the items before it.
      const decoded = req.items.map((item) => resizeForModel(Buffer.from(item.bytes), spec));
      decoded.forEach((p) => p.catch(() => undefined)); // rejections are handled in runOne
      const finishers: (() => Promise<InferenceResult>)[] = [];
      for (let i = 0; i < req.items.length; i++) finishers.push(await runOne(req.items[i]!, decoded[i]!));
      const results = await Promise.all(finishers.map((finish) => finish()));
      const transfer = results.flatMap((r) => [r.embedding?.buffer, r.predictionPng?.buffer].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer));
      post({ type: 'result', id: req.id, results }, transfer);
    } catch (e) {
      post({ type: 'error', id: req.id, message: (e as Error).message });
    }
  });
  post({ type: 'ready', provider });
}

void main();
