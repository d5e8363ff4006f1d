import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { scoreSet } from '../../../src/metrics/ods-ois.js';
import { countThresholds, type ThresholdCounts } from '../../../src/metrics/threshold-counts.js';
import { countThresholdsNaive } from '../../helpers/threshold-counts-naive.js';
import { missingDataMessage, sharedDataset } from '../../helpers/paths.js';

/** One channel of a PNG (the fixtures are RGB with R = G = B, or 8-bit grey). */
async function channel0(file: string): Promise<{ pixels: Uint8Array; width: number; height: number }> {
  const { data, info } = await sharp(file).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { pixels: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

const DEMO = 'DeepSegmentor-demo-predictions';
const demoDir = sharedDataset(DEMO);

/** Expected values from that folder's SOURCE.md (checked there against the original cal_prf_metrics). */
const EXPECTED = {
  predictions_fused: {
    ods: 0.837052,
    t: 0.31,
    p: 0.847777,
    r: 0.826595,
    ois: 0.811734,
    rows: { 0: [0.055599, 0.987768, 0.105273], 50: [0.930164, 0.716187, 0.80927], 99: [1, 0.000009, 0.000018] },
  },
  predictions_gf: {
    ods: 0.858823,
    t: 0.45,
    p: 0.870893,
    r: 0.847083,
    ois: 0.831895,
    rows: { 0: [0.547546, 0.936933, 0.69117], 50: [0.88427, 0.833977, 0.858388], 99: [0.973985, 0.613495, 0.75281] },
  },
} as const;

describe.skipIf(!demoDir)(`DeepSegmentor demo predictions (${demoDir ? 'present' : missingDataMessage(DEMO)})`, () => {
  const counts: Record<string, { perImage: ThresholdCounts[]; pixels: number[] }> = {};
  let firstPair: { pred: Uint8Array; mask: Uint8Array } | null = null;

  beforeAll(async () => {
    const ids = fs
      .readdirSync(path.join(demoDir!, 'masks'))
      .filter((f) => f.endsWith('.png'))
      .sort();
    expect(ids).toHaveLength(12);
    for (const folder of Object.keys(EXPECTED)) {
      counts[folder] = { perImage: [], pixels: [] };
      for (const id of ids) {
        const mask = await channel0(path.join(demoDir!, 'masks', id));
        const pred = await channel0(path.join(demoDir!, folder, id));
        expect([pred.width, pred.height]).toEqual([mask.width, mask.height]);
        counts[folder].perImage.push(countThresholds(pred.pixels, mask.pixels));
        counts[folder].pixels.push(mask.pixels.length);
        firstPair ??= { pred: pred.pixels, mask: mask.pixels };
      }
    }
  });

  for (const [folder, e] of Object.entries(EXPECTED)) {
    it(`scores ${folder}: ODS ${e.ods} at t = ${e.t}, OIS-mean ${e.ois}`, () => {
      const s = scoreSet(counts[folder].perImage, counts[folder].pixels);
      expect(s.ods!.f).toBeCloseTo(e.ods, 6);
      expect(s.ods!.threshold).toBe(e.t);
      expect(s.ods!.precision).toBeCloseTo(e.p, 6);
      expect(s.ods!.recall).toBeCloseTo(e.r, 6);
      expect(s.ois).toBeCloseTo(e.ois, 6);
      expect(s.oisLeftOut).toBe(0);
      expect(s.curve.every((row) => row.f !== null)).toBe(true);
    });
    it(`reproduces the other rows of SOURCE.md for ${folder}`, () => {
      const rows = scoreSet(counts[folder].perImage, counts[folder].pixels).curve;
      for (const [k, [p, r, f]] of Object.entries(e.rows)) {
        const row = rows[Number(k)];
        expect(row.precision).toBeCloseTo(p, 6);
        expect(row.recall!).toBeCloseTo(r, 6);
        expect(row.f!).toBeCloseTo(f, 6);
      }
    });
  }

  it('counts a real image the same as the naive loop', () => {
    const { pred, mask } = firstPair!;
    const fast = countThresholds(pred, mask);
    const naive = countThresholdsNaive(pred, mask);
    expect(Array.from(fast.tp)).toEqual(Array.from(naive.tp));
    expect(Array.from(fast.fp)).toEqual(Array.from(naive.fp));
    expect(Array.from(fast.fn)).toEqual(Array.from(naive.fn));
  });
});

const BSDS = 'BSDS500-test';
const bsdsDir = sharedDataset(BSDS);

describe.skipIf(!bsdsDir)(
  `no-foreground policy on BSDS500 masks (${bsdsDir ? 'present' : missingDataMessage(BSDS)})`,
  () => {
    it('answers ODS null with the reason and the false-positive pixel rate', async () => {
      const files = fs
        .readdirSync(path.join(bsdsDir!, 'masks'))
        .filter((f) => f.endsWith('.png'))
        .sort()
        .slice(0, 4);
      const perImage: ThresholdCounts[] = [];
      const pixels: number[] = [];
      // Expected predicted-foreground pixels per threshold, counted directly from the synthetic maps.
      const predicted = new Float64Array(100);
      for (const [n, file] of files.entries()) {
        const mask = await channel0(path.join(bsdsDir!, 'masks', file));
        expect(mask.pixels.every((v) => v === 0)).toBe(true);
        // A synthetic prediction: a diagonal ramp, different per image.
        const pred = new Uint8Array(mask.pixels.length);
        for (let i = 0; i < pred.length; i++) pred[i] = ((i % mask.width) + Math.floor(i / mask.width) + 37 * n) % 256;
        for (let k = 0; k < 100; k++) for (const v of pred) if (v / 255 > k / 100) predicted[k]++;
        perImage.push(countThresholds(pred, mask.pixels));
        pixels.push(pred.length);
      }
      const total = pixels.reduce((x, y) => x + y, 0);
      const s = scoreSet(perImage, pixels);
      expect(s.ods).toBeNull();
      expect(s.odsNullReason).toMatch(/foreground/);
      expect(s.ois).toBeNull();
      expect(s.oisLeftOut).toBe(files.length);
      for (let k = 0; k < 100; k++) expect(s.fpRate![k]).toBeCloseTo(predicted[k] / total, 15);
      expect(s.fpRateAt05).toBe(s.fpRate![50]);
      expect(s.fpRateAt05).toBeCloseTo(predicted[50] / total, 15);
    });
  },
);
