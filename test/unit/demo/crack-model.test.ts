import { Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/math/random.js';
import {
  FIT_GAINS,
  FIT_SMOOTHINGS,
  FIT_WINDOWS,
  fitCrackFamily,
  fitCrackParams,
  type LabelledImage,
} from '../../../src/demo/crack-fit.js';
import {
  BANK_KERNELS,
  buildCrackModel,
  CRACK_DIMENSION,
  CRACK_INPUT,
  CRACK_PREDICTION,
  CRACK_SIZE,
  CRACK_TAPS,
  type CrackParams,
  crackForward,
  crackPrediction8,
  grayPlane,
  windowMean,
} from '../../../src/demo/crack-model.js';
import { demoImage, demoImageParams } from '../../../src/demo/seed.js';
import { DEMO_DATASETS, PRIMARY_PARAMS } from '../../../src/demo/synthetic.js';
import { ods, prfCurve } from '../../../src/metrics/ods-ois.js';
import { countThresholds, sumCounts } from '../../../src/metrics/threshold-counts.js';
import { exposeTensors, listTensors } from '../../../src/models/onnx-graph.js';
import { createSession, runTaps } from '../../../src/models/onnx-session.js';
import { toNchw } from '../../../src/models/preprocess.js';

const N = CRACK_SIZE;
const DIMS = [1, 3, N, N];

function demoTensor(dataset: number, i: number): LabelledImage {
  const { rgb, mask } = demoImage(dataset, i);
  return { x: toNchw(rgb, CRACK_INPUT), mask };
}

function randomTensor(seed: number): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: 3 * N * N }, () => rand());
}

async function ortOutputs(bytes: Uint8Array, x: Float32Array, names: string[]) {
  const { session } = await createSession(exposeTensors(bytes, names), ['cpu'], () => {});
  try {
    return await session.run({ x: new Tensor('float32', x, DIMS) }, names);
  } finally {
    await session.release();
  }
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** The filter bank written out directly: edge-replicated 3x3 correlation, ReLU, mean per channel. */
function bankGap(gray: ArrayLike<number>, size: number): number[] {
  const at = (y: number, x: number) =>
    gray[Math.min(size - 1, Math.max(0, y)) * size + Math.min(size - 1, Math.max(0, x))]!;
  return Array.from({ length: 8 }, (_, c) => {
    let sum = 0;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        let v = 0;
        for (let dy = -1; dy <= 1; dy++)
          for (let dx = -1; dx <= 1; dx++) v += BANK_KERNELS[c * 9 + (dy + 1) * 3 + dx + 1]! * at(y + dy, x + dx);
        sum += Math.max(0, v);
      }
    }
    return sum / (size * size);
  });
}

describe('demo crack model', () => {
  describe('buildCrackModel', () => {
    it('has input x, the probability output and the tapped tensors', () => {
      const t = listTensors(buildCrackModel({ window: 21, smoothing: 0.4, gain: 80, bias: -14 }, 'test'));
      expect(t.inputs).toEqual([{ name: 'x', shape: DIMS }]);
      expect(t.outputs).toEqual([{ name: CRACK_PREDICTION, shape: [1, 1, N, N] }]);
      const produced = t.nodes.flatMap((n) => n.outputs);
      for (const tap of CRACK_TAPS) expect(produced).toContain(tap.name);
    });

    it('refuses an even or too large window and a smoothing outside [0, 1]', () => {
      expect(() => buildCrackModel({ window: 20, smoothing: 0, gain: 1, bias: 0 }, '')).toThrow(RangeError);
      expect(() => buildCrackModel({ window: 401, smoothing: 0, gain: 1, bias: 0 }, '')).toThrow(RangeError);
      expect(() => buildCrackModel({ window: 9, smoothing: 1.5, gain: 1, bias: 0 }, '')).toThrow(RangeError);
    });
  });

  describe('crackForward', () => {
    const cases: [string, CrackParams, () => Float32Array][] = [
      [
        'a demo primary image, steep gain',
        { window: 21, smoothing: 0.4, gain: 80, bias: -14.35 },
        () => demoTensor(0, 3).x,
      ],
      [
        'a noisy demo image, largest window',
        { window: 25, smoothing: 1, gain: 40, bias: -6 },
        () => demoTensor(3, 19).x,
      ],
      ['uniform random pixels, no smoothing', { window: 9, smoothing: 0, gain: 10, bias: 0.5 }, () => randomTensor(11)],
    ];
    it.each(cases)('equals ONNX Runtime on %s to 1e-5', async (_name, params, input) => {
      const x = input();
      const out = await ortOutputs(buildCrackModel(params, ''), x, [CRACK_PREDICTION]);
      expect(out[CRACK_PREDICTION]!.dims).toEqual([1, 1, N, N]);
      expect(maxAbsDiff(crackForward(x, params), out[CRACK_PREDICTION]!.data as Float32Array)).toBeLessThan(1e-5);
    });

    it('averages over the pixels inside the image only (count_include_pad = 0)', () => {
      const ones = new Float64Array(16).fill(1);
      expect([...windowMean(ones, 4, 3)]).toEqual(new Array(16).fill(1));
      const ramp = Float64Array.from({ length: 9 }, (_, i) => i);
      // Corner (0, 0) sees 0, 1, 3, 4; centre sees all nine.
      expect(windowMean(ramp, 3, 3)[0]).toBe(2);
      expect(windowMean(ramp, 3, 3)[4]).toBe(4);
    });
  });

  describe('taps', () => {
    it('give 28 dimensions: the filter bank at three scales and gray on a 2x2 grid, as written out directly', async () => {
      const { session } = await createSession(
        exposeTensors(
          buildCrackModel({ window: 21, smoothing: 0.4, gain: 80, bias: -14 }, ''),
          CRACK_TAPS.map((t) => t.name),
        ),
        ['cpu'],
        () => {},
      );
      try {
        const x = demoTensor(2, 10).x;
        const taps = CRACK_TAPS.map((t) => ({
          name: t.name,
          reduction: t.reduction === 'grid' ? { kind: 'grid' as const, g: t.grid! } : { kind: 'gap' as const },
        }));
        const out = await runTaps(session, 'x', x, DIMS, taps, CRACK_PREDICTION);
        expect(out.embedding.length).toBe(CRACK_DIMENSION);
        expect(out.tapShapes.map((s) => s.dims)).toEqual([
          [1, 8, N, N],
          [1, 8, N / 2, N / 2],
          [1, 8, N / 4, N / 4],
          [1, 1, N, N],
        ]);
        const gray = grayPlane(x);
        const bank = bankGap(gray, N);
        expect(maxAbsDiff(out.embedding.subarray(0, 8), bank)).toBeLessThan(1e-5);
        const h = N / 2;
        const quadrant = (qy: number, qx: number) => {
          let s = 0;
          for (let y = 0; y < h; y++) for (let x2 = 0; x2 < h; x2++) s += gray[(qy * h + y) * N + qx * h + x2]!;
          return s / (h * h);
        };
        expect(
          maxAbsDiff(out.embedding.subarray(24), [quadrant(0, 0), quadrant(0, 1), quadrant(1, 0), quadrant(1, 1)]),
        ).toBeLessThan(1e-5);
      } finally {
        await session.release();
      }
    });
  });

  describe('fitCrackParams', () => {
    const primary = Array.from({ length: 12 }, (_, i) => demoTensor(0, i));

    it('fits parameters from the grids that separate cracks on the primary, deterministically', () => {
      const fit = fitCrackParams(primary);
      expect(FIT_WINDOWS).toContain(fit.params.window);
      expect(FIT_SMOOTHINGS).toContain(fit.params.smoothing);
      expect(FIT_GAINS).toContain(fit.params.gain);
      expect(fit.ods).toBeGreaterThan(0.9);
      expect(fitCrackParams(primary)).toEqual(fit);
      // The reported ODS is the model's own output scored by the metrics code, and the bias puts
      // the cut at probability 0.5: F there is (nearly) the ODS.
      const counts = sumCounts(primary.map((im) => countThresholds(crackPrediction8(im.x, fit.params), im.mask)));
      expect(ods(counts)!.f).toBe(fit.ods);
      expect(prfCurve(counts)[50]!.f).toBeGreaterThan(fit.ods - 0.01);
    });

    it('refuses images without a crack pixel and an empty list', () => {
      expect(() => fitCrackParams([demoTensor(6, 0)])).toThrow(/no foreground/);
      expect(() => fitCrackParams([])).toThrow(RangeError);
    });
  });

  describe('fitCrackFamily', () => {
    it('picks nested random images per secondary and says what each version was fitted on', () => {
      const small = (d: number) => ({
        name: DEMO_DATASETS[d]!.name,
        images: Array.from({ length: 8 }, (_, i) => demoTensor(d, i)),
      });
      const family = fitCrackFamily(small(0), [small(2), small(3)], [0, 1, 3]);
      expect(family.map((v) => v.label)).toEqual(['base', 'base+1', 'base+3']);
      expect(family.map((v) => v.fit.images)).toEqual([8, 10, 14]);
      expect(family[0]!.picks).toEqual({ demo_blur: [], demo_noise: [] });
      expect(family[2]!.picks.demo_noise!.slice(0, 1)).toEqual(family[1]!.picks.demo_noise);
      expect(family[0]!.description).toMatch(
        /^Classical local-contrast crack detector .* fitted .* on 8 labelled demo_primary images only/,
      );
      expect(family[2]!.description).toContain(
        'plus 3 labelled images from each of demo_blur, demo_noise (chosen at random, seed 7)',
      );
    });
  });

  describe('demoImageParams', () => {
    it('ramps each secondary from a quarter of its shift to all of it, keeping crack-free sets crack-free', () => {
      const noise = DEMO_DATASETS.findIndex((d) => d.name === 'demo_noise');
      const blur = DEMO_DATASETS.findIndex((d) => d.name === 'demo_blur');
      const free = DEMO_DATASETS.findIndex((d) => d.params.crackWidth === 0);
      const last = (d: number) => DEMO_DATASETS[d]!.count - 1;
      expect(demoImageParams(0, 5)).toEqual(PRIMARY_PARAMS);
      expect(demoImageParams(noise, 0).noise).toBeCloseTo(
        PRIMARY_PARAMS.noise + 0.25 * (0.15 - PRIMARY_PARAMS.noise),
        12,
      );
      expect(demoImageParams(noise, last(noise)).noise).toBeCloseTo(0.15, 12);
      for (let i = 0; i <= last(blur); i++) expect(Number.isInteger(demoImageParams(blur, i).blurRadius)).toBe(true);
      expect(demoImageParams(blur, last(blur)).blurRadius).toBe(2);
      for (let i = 0; i <= last(free); i++) expect(demoImageParams(free, i).crackWidth).toBe(0);
    });
  });
});
