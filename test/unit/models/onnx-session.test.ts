import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Tensor } from 'onnxruntime-node';
import { describe, expect, it, vi } from 'vitest';
import { AppError, ErrorCode } from '../../../src/errors.js';
import { exposeTensors } from '../../../src/models/onnx-graph.js';
import { createSession, runTaps } from '../../../src/models/onnx-session.js';
import { probabilityToUint8 } from '../../../src/models/prediction-map.js';
import { installedProviders } from '../../../src/models/providers.js';
import { tinyInput, tinyModel } from './tiny-graph.js';

// Worked out by hand from tinyInput (channel 0: i - 5, channel 1: 7 - i, i = y*4 + x) and k = [2, 0.5].
// scaled, channel 0 = 2(i - 5): -10 -8 -6 -4 / -2 0 2 4 / 6 8 10 12 / 14 16 18 20, mean 5
// scaled, channel 1 = 0.5(7 - i): 3.5 3 2.5 2 / 1.5 1 0.5 0 / -0.5 -1 -1.5 -2 / -2.5 -3 -3.5 -4, mean -0.25
const ACTIVATED = [
  [0, 0, 0, 0, 0, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20],
  [3.5, 3, 2.5, 2, 1.5, 1, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0],
].flat();
const SCALED_GAP = [5, -0.25];
// 2 x 2 bins of activated, channel 0: {0,0,0,0}=0, {0,0,2,4}=1.5, {6,8,14,16}=11, {10,12,18,20}=15
// channel 1: {3.5,3,1.5,1}=2.25, {2.5,2,0.5,0}=1.25, 0, 0
const ACTIVATED_GRID2 = [0, 1.5, 11, 15, 2.25, 1.25, 0, 0];
// sums 110 and 14 over 16 cells
const ACTIVATED_GAP = [6.875, 0.875];

const DIMS = [1, 2, 4, 4];

async function tinySession() {
  const { session } = await createSession(exposeTensors(tinyModel(), ['scaled', 'activated']), ['cpu'], () => {});
  return session;
}

const ortDir = path.dirname(createRequire(import.meta.url).resolve('onnxruntime-node'));
const cudaInstalled = fs.existsSync(
  path.join(ortDir, '..', 'bin', 'napi-v6', process.platform, process.arch, 'libonnxruntime_providers_cuda.so'),
);

describe('onnx session', () => {
  describe('createSession', () => {
    it.skipIf(cudaInstalled)(
      'falls back to cpu with one warning when cuda is requested without its libraries',
      async () => {
        const log = vi.fn();
        const { session, provider } = await createSession(tinyModel(), ['cuda', 'cpu'], log);
        expect(provider).toBe('cpu');
        expect(log).toHaveBeenCalledTimes(1);
        expect(log.mock.calls[0]![0]).toMatch(/execution provider cuda is unavailable.*Running on cpu instead/);
        expect(session.outputNames).toEqual(['pooled']);
      },
    );

    it.skipIf(cudaInstalled)('falls back to cpu even when only cuda is listed', async () => {
      const log = vi.fn();
      expect((await createSession(tinyModel(), ['cuda'], log)).provider).toBe('cpu');
      expect(log).toHaveBeenCalledTimes(1);
    });

    it('uses cpu without a warning when cpu is asked for', async () => {
      const log = vi.fn();
      expect((await createSession(tinyModel(), ['cpu'], log)).provider).toBe('cpu');
      expect(log).not.toHaveBeenCalled();
    });

    it('refuses unknown providers and models no provider can load', async () => {
      await expect(createSession(tinyModel(), ['tpu'])).rejects.toThrow(RangeError);
      const log = vi.fn();
      const failure = createSession(Uint8Array.of(1, 2, 3), ['cpu'], log);
      await expect(failure).rejects.toBeInstanceOf(AppError);
      await expect(failure).rejects.toMatchObject({ code: ErrorCode.MODEL_INVALID });
      expect(log).not.toHaveBeenCalled();
    });
  });

  describe('runTaps', () => {
    it('exposes intermediate tensors with their shapes and values', async () => {
      const session = await tinySession();
      const out = await session.run({ x: new Tensor('float32', tinyInput(), DIMS) });
      expect(out.activated!.dims).toEqual(DIMS);
      expect([...(out.activated!.data as Float32Array)]).toEqual(ACTIVATED);
      expect([...(out.pooled!.data as Float32Array)]).toEqual(ACTIVATED_GAP);
    });

    it('reduces each tap (gap, grid 2, flatten) and concatenates them in tap order', async () => {
      const session = await tinySession();
      const taps = [
        { name: 'scaled', reduction: { kind: 'gap' } },
        { name: 'activated', reduction: { kind: 'grid', g: 2 } },
        { name: 'activated', reduction: { kind: 'flatten' } },
        { name: 'pooled', reduction: { kind: 'gap' } },
      ] as const;
      const input = tinyInput();
      const result = await runTaps(session, 'x', input, DIMS, taps);
      expect(result.tapShapes).toEqual([
        { name: 'scaled', dims: DIMS, length: 2 },
        { name: 'activated', dims: DIMS, length: 8 },
        { name: 'activated', dims: DIMS, length: 32 },
        { name: 'pooled', dims: [1, 2, 1, 1], length: 2 },
      ]);
      const expected = [...SCALED_GAP, ...ACTIVATED_GRID2, ...ACTIVATED, ...ACTIVATED_GAP];
      expect(result.embedding).toHaveLength(44);
      result.embedding.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
      expect(result.prediction).toBeUndefined();
      expect(input).toEqual(tinyInput());
    });

    it('returns the prediction output with its dims', async () => {
      const session = await tinySession();
      const result = await runTaps(
        session,
        'x',
        tinyInput(),
        DIMS,
        [{ name: 'scaled', reduction: { kind: 'gap' } }],
        'activated',
      );
      expect(result.prediction!.dims).toEqual(DIMS);
      expect([...result.prediction!.data]).toEqual(ACTIVATED);
    });

    it('refuses taps that are not outputs, and inputs of the wrong size', async () => {
      const { session } = await createSession(tinyModel(), ['cpu']);
      await expect(
        runTaps(session, 'x', tinyInput(), DIMS, [{ name: 'scaled', reduction: { kind: 'gap' } }]),
      ).rejects.toMatchObject({
        code: ErrorCode.MODEL_INVALID,
        message: expect.stringMatching(/scaled is not an output of the session \(outputs: pooled\)/),
      });
      await expect(
        runTaps(session, 'x', new Float32Array(31), DIMS, [{ name: 'pooled', reduction: { kind: 'gap' } }]),
      ).rejects.toThrow(RangeError);
    });
  });

  describe('probabilityToUint8', () => {
    it('clamps to [0, 1], scales by 255 and rounds; NaN becomes 0', () => {
      const map = Float32Array.of(-0.5, 0, 0.5, 0.999, 1, 1.5, Number.NaN, 1 / 255, 0.3);
      expect([...probabilityToUint8(map)]).toEqual([0, 0, 128, 255, 255, 255, 0, 1, 77]);
    });
  });
});

describe('installedProviders', () => {
  it.skipIf(cudaInstalled)('drops a CUDA provider that is not installed, saying so once per process', () => {
    const first = vi.fn();
    const second = vi.fn();
    expect(installedProviders(['cuda', 'cpu'], first)).toEqual(['cpu']);
    expect(installedProviders(['cuda', 'cpu'], second)).toEqual(['cpu']);
    expect(first).toHaveBeenCalledTimes(1);
    expect(first.mock.calls[0]![0]).toMatch(/no CUDA provider in this installation.*runs on the CPU/);
    expect(second).not.toHaveBeenCalled();
  });
});
