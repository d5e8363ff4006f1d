import { describe, expect, it } from 'vitest';
import { pairwiseL2 } from '../../../src/math/distances.js';
import { mulberry32 } from '../../../src/math/random.js';
import { ods } from '../../../src/metrics/ods-ois.js';
import { spearman } from '../../../src/metrics/relate.js';
import { sumCounts, THRESHOLD_COUNT, type ThresholdCounts } from '../../../src/metrics/threshold-counts.js';
import {
  bootstrapOdistReplicates,
  bootstrapOdsReplicates,
  bootstrapSpearmanReplicates,
  odsOfPacked,
  packCounts,
  percentileInterval,
  quantileSorted,
} from '../../../src/statistics/bootstrap.js';
import { normalCdf } from '../../helpers/statistics-reference.js';

function normals(seed: number) {
  const u = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
}

/** Counts of one image whose prediction is good with probability `quality`. */
function randomCounts(random: () => number, foreground: number): ThresholdCounts {
  const tp = new Float64Array(THRESHOLD_COUNT);
  const fp = new Float64Array(THRESHOLD_COUNT);
  const fn = new Float64Array(THRESHOLD_COUNT);
  const quality = random();
  const noise = 200 * random();
  for (let k = 0; k < THRESHOLD_COUNT; k++) {
    const kept = Math.round(foreground * Math.min(1, quality * 1.6 * (1 - k / 120)));
    tp[k] = kept;
    fn[k] = foreground - kept;
    fp[k] = Math.round(noise * (1 - k / 100) ** 2);
  }
  return { tp, fp, fn };
}

describe('percentile intervals', { timeout: 60_000 }, () => {
  it('interpolates quantiles as numpy.quantile does by default', () => {
    // numpy.quantile([1, 2, 3, 4], [0.25, 0.9]) = [1.75, 3.7]
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 14);
    expect(quantileSorted([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 14);
    const i = percentileInterval(Float64Array.from([5, NaN, 1, 3, 2, 4]), 0.5, 6, 7);
    expect(i).toMatchObject({ low: 2, high: 4, level: 0.5, resamples: 6, seed: 7, undefinedResamples: 1 });
  });
});

describe('bootstrap of ODist', { timeout: 60_000 }, () => {
  it('with every weight 1 reproduces ODist, and rows of scaled replicates sum to 1', () => {
    const g = normals(1);
    const p = Float64Array.from({ length: 20 * 2 }, g);
    const s1 = Float64Array.from({ length: 15 * 2 }, () => g() + 1);
    const s2 = Float64Array.from({ length: 12 * 2 }, () => g() + 3);
    const pairs = [
      { d: pairwiseL2(s1, 15, p, 20, 2), m: 15 },
      { d: pairwiseL2(s2, 12, p, 20, 2), m: 12 },
    ];
    const r = bootstrapOdistReplicates(pairs, 20, { resamples: 50, seed: 4, mean: false });
    for (let b = 0; b < 50; b++) expect(r.scaled[0]![b]! + r.scaled[1]![b]!).toBeCloseTo(1, 12);
    // the ODist estimate lies inside its interval
    const odist1 = pairs[0]!.d.reduce((a, v) => a + v, 0) / 15;
    const i = percentileInterval(r.odist[0]!, 0.95, 50, 4);
    expect(i.low).toBeLessThan(odist1);
    expect(i.high).toBeGreaterThan(odist1);
  });

  it('covers the population mean distance at about the nominal level (1-D normals, closed form)', () => {
    // X ~ N(0, 1), Y ~ N(mu, 1): X - Y ~ N(-mu, 2), E|X - Y| = s sqrt(2/pi) exp(-mu^2 / 2s^2) + mu (1 - 2 Phi(-mu/s)).
    const mu = 1;
    const sd = Math.SQRT2;
    const truth =
      sd * Math.sqrt(2 / Math.PI) * Math.exp(-(mu * mu) / (2 * sd * sd)) + mu * (1 - 2 * normalCdf(-mu / sd));
    let covered = 0;
    const seeds = 150;
    for (let seed = 0; seed < seeds; seed++) {
      const g = normals(100 + seed);
      const p = Float64Array.from({ length: 40 }, g);
      const s = Float64Array.from({ length: 30 }, () => mu + g());
      const r = bootstrapOdistReplicates([{ d: pairwiseL2(s, 30, p, 40, 1), m: 30 }], 40, {
        resamples: 400,
        seed,
        mean: true,
      });
      const i = percentileInterval(r.odist[0]!, 0.9, 400, seed);
      if (i.low <= truth && truth <= i.high) covered++;
    }
    expect(covered / seeds).toBeGreaterThanOrEqual(0.8);
    expect(covered / seeds).toBeLessThanOrEqual(0.97);
  });
});

describe('bootstrap of a split ODS from stored counts', { timeout: 60_000 }, () => {
  it('packs counts without changing the ODS', () => {
    const random = mulberry32(3);
    const list = Array.from({ length: 9 }, () => randomCounts(random, 300));
    const sum = sumCounts(list);
    const packed = packCounts([sum]);
    expect(odsOfPacked(packed)).toBeCloseTo(ods(sum)!.f, 14);
  });

  it('covers the population ODS at about the nominal level', () => {
    const random = mulberry32(77);
    const population = Array.from({ length: 4000 }, () => randomCounts(random, 100 + Math.floor(400 * random())));
    const truth = ods(sumCounts(population))!.f;
    let covered = 0;
    const seeds = 120;
    for (let seed = 0; seed < seeds; seed++) {
      const draw = mulberry32(1000 + seed);
      const sample = Array.from({ length: 80 }, () => population[Math.floor(draw() * population.length)]!);
      const reps = bootstrapOdsReplicates(packCounts(sample), sample.length, { resamples: 400, seed });
      const i = percentileInterval(reps, 0.9, 400, seed);
      if (i.low <= truth && truth <= i.high) covered++;
    }
    expect(covered / seeds).toBeGreaterThanOrEqual(0.78);
    expect(covered / seeds).toBeLessThanOrEqual(0.98);
  });
});

describe("bootstrap of Spearman's rho", { timeout: 60_000 }, () => {
  it('covers the population rho at about the nominal level', () => {
    const g = normals(5);
    const size = 4000;
    const px = Float64Array.from({ length: size }, g);
    const py = px.map((x) => -0.5 * x + g());
    const truth = spearman(px, py)!;
    let covered = 0;
    const seeds = 120;
    for (let seed = 0; seed < seeds; seed++) {
      const draw = mulberry32(500 + seed);
      const idx = Array.from({ length: 60 }, () => Math.floor(draw() * size));
      const reps = bootstrapSpearmanReplicates(
        Float64Array.from(idx, (i) => px[i]!),
        Float64Array.from(idx, (i) => py[i]!),
        { resamples: 400, seed },
      );
      const i = percentileInterval(reps, 0.9, 400, seed);
      if (i.low <= truth && truth <= i.high) covered++;
    }
    expect(covered / seeds).toBeGreaterThanOrEqual(0.78);
    expect(covered / seeds).toBeLessThanOrEqual(0.98);
  });
});
