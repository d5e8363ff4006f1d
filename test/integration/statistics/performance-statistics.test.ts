import { afterAll, beforeAll, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/images/image.repository.js';
import { mulberry32 } from '../../../src/math/random.js';
import { THRESHOLD_COUNT, type ThresholdCounts } from '../../../src/metrics/threshold-counts.js';
import { createModelRepository } from '../../../src/models/model.repository.js';
import { type RunningServer, startServer } from '../../../src/server.js';
import { errorCode, gql } from '../../helpers/graphql.js';
import { forEachStore } from '../../helpers/stores.js';
import { gaussian } from '../analytics/analytics-fixtures.js';
import { bruteForceOds, grayPng, registerExternal, rgbPng, storedCounts } from '../performance/performance-fixtures.js';

const SIZE = 8;
const Q = 4;
/** Images per dataset; `unl` has neither masks nor predictions. */
const SETS = { prim: 24, sec_a: 20, sec_b: 20, unl: 15 } as const;
/** How far each set drifts: embeddings move away from the primary and predictions get worse with it. */
const DRIFT = { prim: 0, sec_a: 0.6, sec_b: 1, unl: 0.8 } as const;

const SPLITS = `query($seed: Int) {
  performanceSplits(scope: { model: { name: "seg" }, primary: "prim", components: 3 }, secondary: "sec_b", k: 2) {
    parts { ods images { id } odsInterval(level: 0.9, resamples: 400, seed: $seed) { low high level method resamples seed undefinedResamples } }
  }
}`;
const CURVE = `query($seed: Int) {
  fScoreCurve(scope: { model: { name: "seg" }, primary: "prim", components: 3 }, secondary: "sec_b") {
    spearman spearmanInterval(level: 0.9, resamples: 400, seed: $seed) { low high level resamples seed }
  }
}`;
const PREDICTED = `query($dataset: String!, $trainOn: [String!], $level: Float, $primary: String = "prim") {
  predictedPerformance(scope: { model: { name: "seg" }, primary: $primary, components: 3 }, dataset: $dataset, trainOn: $trainOn, level: $level, first: 100) {
    dataset { name } trainedOn { name } trainingImages threshold method level folds seed halfWidth imageCount
    predictedOds odsInterval { low high level method } measuredOds measuredMeanF
    fitted { relativeIdist f }
    images { image { id } relativeIdist pValue predictedF interval { low high level method } measuredF }
  }
}`;
const VALIDATION = `query {
  predictionValidation(scope: { model: { name: "seg" }, primary: "prim", components: 3 }, secondaries: ["sec_a", "sec_b"], level: 0.8) {
    level setCoverage imageCoverage meanAbsoluteError
    rows { dataset { name } imageCount predictedOds interval { low high } measuredOds measuredMeanF covered imageCoverage }
  }
}`;

forEachStore('statistics beside the scores', (store) => {
  let server: RunningServer;
  let modelId: number;
  const q = <T = any>(query: string, variables: Record<string, unknown> = {}) => gql<T>(server.url, query, variables);

  beforeAll(async () => {
    server = await startServer(store().config({}), () => {});
    modelId = Number((await registerExternal(server.url, 'seg', 'seg', Q)).id);
    const repo = createModelRepository(server.services.store.prisma, server.services.store.pool);
    const random = mulberry32(11);
    let pngSeed = 1;
    for (const [name, count] of Object.entries(SETS) as [keyof typeof SETS, number][]) {
      const labelled = name !== 'unl';
      const files = [];
      const preds: Buffer[] = [];
      const difficulty: number[] = [];
      for (let j = 0; j < count; j++) {
        const d = Math.min(1, DRIFT[name] * random() + 0.15 * random());
        difficulty.push(d);
        const mask = Array.from({ length: SIZE * SIZE }, (_, i) => (i % SIZE === 3 || i % SIZE === 4 ? 255 : 0));
        // Worse predictions for harder images: crack pixels fade, background brightens.
        const pred = mask.map((v) =>
          Math.round(Math.min(255, Math.max(0, v ? 220 - 180 * d + 30 * random() : 40 + 150 * d * random()))),
        );
        files.push({
          fileName: `${name}${j}.png`,
          bytes: await rgbPng(SIZE, SIZE, pngSeed++),
          mask: labelled ? { fileName: `${name}${j}.png`, bytes: await grayPng(SIZE, SIZE, mask) } : null,
        });
        preds.push(await grayPng(SIZE, SIZE, pred));
      }
      await server.services.ingest.importImages(name, files);
      const ids = (
        await server.services.store.prisma.image.findMany({ where: { dataset: { name } }, orderBy: { id: 'asc' } })
      ).map((i) => i.id);
      const g = gaussian(100 + pngSeed);
      const vectors = difficulty.map((d) =>
        Float32Array.from({ length: Q }, (_, c) => (c === 0 ? 4 * d : 0) + 0.5 * g()),
      );
      await server.services.embeddingRepository.upsertEmbeddings(modelId, ids, vectors);
      if (labelled) {
        await repo.putPredictions(
          modelId,
          ids.map((imageId, j) => ({
            imageId,
            sha256: sha256Hex(preds[j]!),
            png: preds[j]!,
            width: SIZE,
            height: SIZE,
          })),
          'model',
        );
      }
    }
  });
  afterAll(() => server?.close());

  it('bootstraps a split part ODS from its stored counts (a resampling written out here agrees)', async () => {
    const body = await q(SPLITS, { seed: 5 });
    expect(body.errors).toBeUndefined();
    const counts = await storedCounts(server.services, modelId);
    for (const part of body.data.performanceSplits.parts) {
      const list: ThresholdCounts[] = part.images.map((i: any) => counts.get(Number(i.id))!);
      // The same seeded draws (mulberry32, floor(u * size)), summed and scored independently.
      const random = mulberry32(5);
      const reps: number[] = [];
      for (let r = 0; r < 400; r++) {
        const draw = Array.from({ length: list.length }, () => list[Math.floor(random() * list.length)]!);
        reps.push(bruteForceOds(draw)?.f ?? NaN);
      }
      const sorted = reps.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
      const at = (q: number) => {
        const pos = q * (sorted.length - 1);
        const lo = Math.floor(pos);
        return sorted[lo]! + (pos - lo) * (sorted[Math.min(sorted.length - 1, lo + 1)]! - sorted[lo]!);
      };
      expect(part.odsInterval).toMatchObject({ level: 0.9, method: 'percentile-bootstrap', resamples: 400, seed: 5 });
      expect(part.odsInterval.low).toBeCloseTo(at(0.05), 12);
      expect(part.odsInterval.high).toBeCloseTo(at(0.95), 12);
      expect(part.odsInterval.low).toBeLessThanOrEqual(part.ods);
      expect(part.odsInterval.high).toBeGreaterThanOrEqual(part.ods);
      expect(THRESHOLD_COUNT).toBe(100);
    }
  });

  it("bootstraps Spearman's rho of the curve, reproducibly by seed", async () => {
    const a = await q(CURVE, { seed: 2 });
    const b = await q(CURVE, { seed: 2 });
    expect(a.errors).toBeUndefined();
    const c = a.data.fScoreCurve;
    expect(c.spearman).toBeLessThan(0); // F falls with distance here
    expect(c.spearmanInterval.low).toBeLessThanOrEqual(c.spearman);
    expect(c.spearmanInterval.high).toBeGreaterThanOrEqual(c.spearman);
    expect(c.spearmanInterval.low).toBeGreaterThanOrEqual(-1);
    expect(b.data.fScoreCurve.spearmanInterval).toEqual(c.spearmanInterval);
  });

  it('predicts per-image F and the ODS of an unlabelled set, with conformal intervals', async () => {
    const body = await q(PREDICTED, { dataset: 'unl' });
    expect(body.errors).toBeUndefined();
    const p = body.data.predictedPerformance;
    expect(p.dataset.name).toBe('unl');
    expect(p.trainedOn.map((d: any) => d.name)).toEqual(['prim']);
    expect(p.trainingImages).toBe(SETS.prim);
    expect(p.imageCount).toBe(SETS.unl);
    expect(p.measuredOds).toBeNull();
    expect(p.images.every((i: any) => i.measuredF === null)).toBe(true);
    expect(p).toMatchObject({ level: 0.9, folds: 5, seed: 0 });
    // Predictions follow the fitted non-increasing curve (linear between knots, clipped at its ends).
    const knots = p.fitted;
    for (let i = 1; i < knots.length; i++) expect(knots[i].f).toBeLessThanOrEqual(knots[i - 1].f + 1e-12);
    const curve = (x: number) => {
      if (x <= knots[0].relativeIdist) return knots[0].f;
      if (x >= knots.at(-1).relativeIdist) return knots.at(-1).f;
      const k = knots.findIndex((p: any) => p.relativeIdist > x);
      const [a, b] = [knots[k - 1], knots[k]];
      return a.f + ((x - a.relativeIdist) / (b.relativeIdist - a.relativeIdist)) * (b.f - a.f);
    };
    for (const i of p.images) {
      expect(i.predictedF).toBeCloseTo(Math.min(1, Math.max(0, curve(i.relativeIdist))), 12);
      if (p.halfWidth !== null) {
        expect(i.interval.low).toBeCloseTo(Math.max(0, i.predictedF - p.halfWidth), 12);
        expect(i.interval.high).toBeCloseTo(Math.min(1, i.predictedF + p.halfWidth), 12);
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(p.predictedOds).toBeCloseTo(mean(p.images.map((i: any) => i.predictedF)), 12);
    expect(p.odsInterval.low).toBeCloseTo(mean(p.images.map((i: any) => i.interval.low)), 12);
    // The p-values are the idist query's.
    const idist = await q(
      `query { idist(scope: { model: { name: "seg" }, primary: "prim", components: 3 }, secondary: "unl", first: 100) { edges { node { image { id } pValue } } } }`,
    );
    const pv = new Map(idist.data.idist.edges.map((e: any) => [e.node.image.id, e.node.pValue]));
    for (const i of p.images) expect(i.pValue).toBe(pv.get(i.image.id));
  });

  it('puts the measured ODS beside the prediction on a labelled set, trained on another', async () => {
    const body = await q(PREDICTED, { dataset: 'sec_a', trainOn: ['sec_b'], level: 0.8 });
    expect(body.errors).toBeUndefined();
    const p = body.data.predictedPerformance;
    const perf = await q(`query { performance(model: { name: "seg" }, dataset: "sec_a") { ods { f } } }`);
    expect(p.measuredOds).toBeCloseTo(perf.data.performance.ods.f, 14);
    expect(p.trainedOn.map((d: any) => d.name)).toEqual(['prim', 'sec_b']);
    expect(p.trainingImages).toBe(SETS.prim + SETS.sec_b);
    expect(p.images.every((i: any) => i.measuredF !== null)).toBe(true);
  });

  it('validates by holding out each labelled secondary in turn', async () => {
    const body = await q(VALIDATION);
    expect(body.errors).toBeUndefined();
    const v = body.data.predictionValidation;
    expect(v.rows.map((r: any) => r.dataset.name)).toEqual(['sec_a', 'sec_b']);
    for (const r of v.rows) {
      expect(r.covered).toBe(r.interval.low <= r.measuredOds && r.measuredOds <= r.interval.high);
      expect(r.imageCoverage).toBeGreaterThanOrEqual(0);
    }
    expect(v.setCoverage).toBe(v.rows.filter((r: any) => r.covered).length / 2);
    const mae = v.rows.reduce((a: number, r: any) => a + Math.abs(r.predictedOds - r.measuredOds), 0) / 2;
    expect(v.meanAbsoluteError).toBeCloseTo(mae, 12);
    // The held-out row equals predictedPerformance trained on the other secondary.
    const direct = await q(PREDICTED, { dataset: 'sec_b', trainOn: ['sec_a'], level: 0.8 });
    expect(v.rows[1].predictedOds).toBeCloseTo(direct.data.predictedPerformance.predictedOds, 12);
  });

  it('refuses bad input: a level outside (0, 1), the primary as dataset, an unlabelled primary or training set', async () => {
    expect(errorCode(await q(PREDICTED, { dataset: 'unl', level: 1 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await q(PREDICTED, { dataset: 'prim' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await q(PREDICTED, { dataset: 'sec_a', primary: 'unl' }))).toBe('PREDICTIONS_MISSING');
    expect(errorCode(await q(PREDICTED, { dataset: 'sec_a', trainOn: ['unl'] }))).toBe('PREDICTIONS_MISSING');
    expect(errorCode(await q(PREDICTED, { dataset: 'nope' }))).toBe('NOT_FOUND');
  });
});
