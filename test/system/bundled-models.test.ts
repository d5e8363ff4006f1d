import fs from 'node:fs';
import path from 'node:path';
import { type InferenceSession, Tensor } from 'onnxruntime-node';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_MODELS, type BundledModel } from '../../src/models/bundled.js';
import { exposeTensors, listTensors } from '../../src/models/onnx-graph.js';
import { createSession, runTaps } from '../../src/models/onnx-session.js';
import { decodeImage } from '../../src/images/decode.js';
import { modelInput } from '../../src/models/preprocess.js';
import { missingDataMessage, sharedDataset } from '../helpers/paths.js';

const IMAGES = sharedDataset('DeepCrack/images');
const imageFiles = IMAGES
  ? fs
      .readdirSync(IMAGES)
      .filter((f) => /\.(jpe?g|png)$/i.test(f))
      .sort()
      .slice(0, 3)
      .map((f) => path.join(IMAGES, f))
  : [];
if (!IMAGES) console.warn(missingDataMessage('DeepCrack/images'));

const model = (name: string): BundledModel => BUNDLED_MODELS.find((m) => m.name === name)!;
const det = model('PP-OCRv4-det');
const cls = model('PP-OCR-mobile-v2.0-cls');

const tapNames = (m: BundledModel) => [
  ...m.taps.map((t) => t.name),
  ...(m.predictionOutput ? [m.predictionOutput] : []),
];

/** Dense resampling weights by the definition: out x reads input i with tent((i + 0.5 - centre) / stretch), normalised. */
function tentWeights(inSize: number, outSize: number): Float64Array[] {
  const scale = inSize / outSize;
  const stretch = Math.max(scale, 1);
  return Array.from({ length: outSize }, (_, o) => {
    const w = Float64Array.from({ length: inSize }, (_, i) =>
      Math.max(0, 1 - Math.abs((i + 0.5 - (o + 0.5) * scale) / stretch)),
    );
    const sum = w.reduce((a, b) => a + b, 0);
    return w.map((v) => v / sum);
  });
}

/**
 * The preprocessing written out again: sharp's decoded RGB, the antialiased bilinear stretch as
 * two dense weight matrices (out = Wy * image * Wx'), then its own loop to BGR planes.
 */
async function referenceInput(file: string, m: BundledModel): Promise<Float32Array> {
  const { width: w, height: h, mean, std } = m.input;
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  expect(info.channels).toBe(3);
  const [wx, wy] = [tentWeights(info.width, w), tentWeights(info.height, h)];
  const rows = new Float64Array(info.height * w * 3); // image * Wx'
  for (let j = 0; j < info.height; j++) {
    for (let x = 0; x < w; x++) {
      for (let i = 0; i < info.width; i++) {
        if (wx[x]![i] === 0) continue;
        for (let c = 0; c < 3; c++) rows[(j * w + x) * 3 + c] += wx[x]![i]! * data[(j * info.width + i) * 3 + c]!;
      }
    }
  }
  const out = new Float32Array(3 * h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const rgb = [0, 0, 0];
      for (let j = 0; j < info.height; j++) {
        if (wy[y]![j] === 0) continue;
        for (let c = 0; c < 3; c++) rgb[c] += wy[y]![j]! * rows[(j * w + x) * 3 + c]!;
      }
      const [r, g, b] = rgb as [number, number, number];
      // BGR planes; mean[0]/std[0] belong to plane 0 (blue), as in PaddleOCR
      out[y * w + x] = (b / 255 - mean[0]) / std[0];
      out[h * w + y * w + x] = (g / 255 - mean[1]) / std[1];
      out[2 * h * w + y * w + x] = (r / 255 - mean[2]) / std[2];
    }
  }
  return out;
}

/** Global average pooling of a [1, C, H, W] tensor, written independently of reduce.ts. */
function meanPerChannel(t: Tensor): number[] {
  const [, c, h, w] = t.dims as number[];
  const data = t.data as Float32Array;
  const means: number[] = [];
  for (let k = 0; k < c!; k++) {
    let sum = 0;
    for (let i = 0; i < h! * w!; i++) sum += data[k * h! * w! + i]!;
    means.push(sum / (h! * w!));
  }
  return means;
}

describe.skipIf(imageFiles.length < 3)('bundled models on DeepCrack images', () => {
  describe('PP-OCRv4-det', () => {
    let session: InferenceSession;
    const dims = [1, 3, det.input.height, det.input.width];
    beforeAll(async () => {
      session = (await createSession(exposeTensors(fs.readFileSync(det.file), tapNames(det)), ['cpu'])).session;
    }, 60_000);

    it('documents an input named x of [N, 3, H, W] and the taps as node outputs', () => {
      const t = listTensors(fs.readFileSync(det.file));
      expect(t.inputs).toEqual([
        { name: 'x', shape: ['p2o.DynamicDimension.0', 3, 'p2o.DynamicDimension.1', 'p2o.DynamicDimension.2'] },
      ]);
      expect(t.outputs.map((o) => o.name)).toEqual([det.predictionOutput]);
      const produced = new Set(t.nodes.flatMap((n) => n.outputs));
      for (const tap of det.taps) expect(produced.has(tap.name)).toBe(true);
    });

    it.each(imageFiles.map((f) => [path.basename(f), f]))(
      'matches an independent preprocessing and pooling on %s',
      async (_name, file) => {
        const input = modelInput(await decodeImage(file, 3), det.input);
        const reference = await referenceInput(file, det);
        expect(input).toHaveLength(reference.length);
        let worst = 0;
        for (let i = 0; i < input.length; i++) worst = Math.max(worst, Math.abs(input[i]! - reference[i]!));
        expect(worst).toBeLessThan(1e-6);

        const result = await runTaps(session, 'x', input, dims, det.taps, det.predictionOutput!);
        expect(result.tapShapes).toEqual([
          { name: 'conv2d_469.tmp_0', dims: [1, 12, 112, 112], length: 12 },
          { name: 'conv2d_470.tmp_0', dims: [1, 18, 56, 56], length: 18 },
          { name: 'conv2d_471.tmp_0', dims: [1, 42, 28, 28], length: 42 },
          { name: 'conv2d_472.tmp_0', dims: [1, 360, 14, 14], length: 360 },
        ]);
        expect(result.embedding).toHaveLength(det.dimension);

        const direct = await session.run({ x: new Tensor('float32', input, dims) }); // the same input tensor
        // stored as float32, so compared with the float32 rounding of the float64 means
        const expected = det.taps.flatMap((t) => meanPerChannel(direct[t.name]!)).map(Math.fround);
        let worstEmbedding = 0;
        for (let i = 0; i < expected.length; i++)
          worstEmbedding = Math.max(worstEmbedding, Math.abs(result.embedding[i]! - expected[i]!));
        expect(worstEmbedding).toBeLessThan(1e-6);

        expect(result.prediction!.dims).toEqual([1, 1, 448, 448]);
        const map = result.prediction!.data;
        expect(map.every((p) => p >= 0 && p <= 1)).toBe(true);
      },
      30_000,
    );

    it('gives the same probability map as the model without exposed taps', async () => {
      const plain = (await createSession(fs.readFileSync(det.file), ['cpu'])).session;
      const input = modelInput(await decodeImage(imageFiles[0]!, 3), det.input);
      const a = (await plain.run({ x: new Tensor('float32', input, dims) }))[det.predictionOutput!]!
        .data as Float32Array;
      const b = (await runTaps(session, 'x', input, dims, det.taps, det.predictionOutput!)).prediction!.data;
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
      expect(worst).toBeLessThan(1e-6);
      await plain.release();
    }, 60_000);
  });

  describe('PP-OCR-mobile-v2.0-cls', () => {
    it('pools the last feature map before the head into 200 values', async () => {
      const { session } = await createSession(exposeTensors(fs.readFileSync(cls.file), tapNames(cls)), ['cpu']);
      const input = modelInput(await decodeImage(imageFiles[0]!, 3), cls.input);
      const dims = [1, 3, cls.input.height, cls.input.width];
      const result = await runTaps(session, 'x', input, dims, cls.taps);
      expect(result.tapShapes).toEqual([{ name: 'p2o.MaxPool.1', dims: [1, 200, 1, 48], length: 200 }]);
      const direct = await session.run({ x: new Tensor('float32', input, dims) });
      const expected = meanPerChannel(direct['p2o.MaxPool.1']!).map(Math.fround);
      result.embedding.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-6));
      // The head's own global pool (GlobalAveragePool before the fc layer) is the same vector.
      expect(
        listTensors(fs.readFileSync(cls.file)).nodes.find(
          (n) => n.opType === 'GlobalAveragePool' && n.outputs[0] === 'p2o.GlobalAveragePool.19',
        ),
      ).toBeDefined();
    }, 30_000);
  });
});
