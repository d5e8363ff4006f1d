import { checkComponents, checkPage, checkSecondaries } from '../analytics/index.js';
import { type AnalyticsDeps, createScope, type ModelRef } from '../analytics/index.js';
import type { OdistEntryView } from '../analytics/index.js';
import { conformalOf, idistPValue } from '../analytics/index.js';
import { blockOf } from '../analytics/index.js';
import type { StoredFit } from '../analytics/index.js';
import { createPairVectors } from '../analytics/index.js';
import { AppError, ErrorCode, invariant } from '../errors.js';
import type { Dataset, Model } from '../generated/prisma/client.js';
import { pairwiseL2 } from '../math/distances.js';
import { imageF, ods } from '../metrics/ods-ois.js';
import { sumCounts, type ThresholdCounts } from '../metrics/threshold-counts.js';
import type { CountsRepository, StoredCounts } from '../performance/index.js';
import type { CountsService } from '../performance/index.js';
import { checkSeed, requireScorable } from '../performance/index.js';
import { type BootstrapInterval, packCounts, percentileInterval } from '../statistics/bootstrap.js';
import { conformalPredictor, predictWithInterval } from '../statistics/isotonic.js';
import {
  checkBootstrap,
  checkFolds,
  checkLevel,
  checkPermutations,
  checkPermutationSize,
  type StatisticsLimits,
} from './statistics-input.js';
import { energyTestOnPool, shared } from './energy-runner.js';
import type { StatisticsPool } from './statistics-pool.js';
import type {
  EnergyTestView,
  PredictedImageView,
  PredictedPerformanceView,
  PredictionValidationView,
  ValidationRowView,
} from './statistics-views.js';

export interface StatisticsDeps {
  analytics: AnalyticsDeps;
  counts: CountsService;
  countsRepo: CountsRepository;
  pool: StatisticsPool;
  limits: StatisticsLimits & AnalyticsLimitsLike;
}

type AnalyticsLimitsLike = AnalyticsDeps['limits'];

export const PREDICTION_METHOD =
  'isotonic (non-increasing, pool-adjacent-violators) fit of per-image F at the primary ODS threshold against relative IDist; ' +
  'per-image interval = prediction +/- the conformal quantile of K-fold cross-validated absolute residuals, clipped to [0, 1]; ' +
  'set ODS predicted as the mean per-image prediction, its interval the means of the per-image bounds';

const MEMO_SIZE = 64;

/** A small LRU of computed answers: a stored fit never changes, so neither do its statistics. */
function lru<V>() {
  const map = new Map<string, Promise<V>>();
  return (key: string, compute: () => Promise<V>): Promise<V> => {
    let v = map.get(key);
    if (v) map.delete(key);
    else {
      v = compute();
      v.catch(() => map.delete(key));
    }
    map.set(key, v);
    if (map.size > MEMO_SIZE) map.delete(map.keys().next().value!);
    return v;
  };
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

/**
 * Statistics beside the distances and scores: a permutation test beside every ODist, bootstrap intervals
 * of ODist, scaled ODist, split ODS and Spearman's rho, and predicted F-scores with conformal
 * intervals. Heavy loops run on the analytics pool's worker threads; answers are cached per fit.
 */
export function createStatisticsService(deps: StatisticsDeps) {
  const { limits, pool } = deps;
  const scope = createScope(deps.analytics);
  const pairs = createPairVectors(deps.analytics);
  const energyMemo = lru<EnergyTestView>();
  const odistMemo = lru<{ odist: BootstrapInterval[]; scaled: BootstrapInterval[] }>();

  /** Energy test of one (primary block, secondary block) of a fit, on the pool. */
  function runEnergyTest(
    fit: StoredFit,
    primaryId: number,
    secondaryId: number,
    a: { permutations: number; seed: number },
  ) {
    const p = blockOf(fit, primaryId)!;
    const s = blockOf(fit, secondaryId)!;
    return energyTestOnPool(pool, p.scores, p.rows, s.scores, s.rows, fit.zUsed, a);
  }

  /** Bootstrap intervals of ODist and scaled ODist for every entry of one odist answer at once. */
  function odistIntervals(entry: OdistEntryView, a: { level: number; resamples: number; seed: number }) {
    const peers = entry.peers;
    const key = [
      ...peers.map((e) => `${e.storedFit.id}:${e.secondary.id}`),
      entry.reduce,
      a.level,
      a.resamples,
      a.seed,
    ].join('|');
    return odistMemo(key, async () => {
      const primaries = peers.map((e) => blockOf(e.storedFit, e.primaryId)!);
      const n = primaries[0]!.rows;
      // One primary draw is shared by every secondary: with fitOn PAIR each fit holds the same primary images.
      invariant(
        primaries.every((p) => p.imageIds.join() === primaries[0]!.imageIds.join()),
        'every fit of one odist answer holds the same primary images',
      );
      const matrices = peers.map((e, i) => {
        const s = blockOf(e.storedFit, e.secondary.id)!;
        return { d: shared(pairwiseL2(s.scores, s.rows, primaries[i]!.scores, n, e.storedFit.zUsed)), m: s.rows };
      });
      const r = await pool.run({
        kind: 'odist-bootstrap',
        pairs: matrices,
        n,
        resamples: a.resamples,
        seed: a.seed,
        mean: entry.reduce === 'MEAN',
      });
      return {
        odist: r.odist.map((x) => percentileInterval(x, a.level, a.resamples, a.seed)),
        scaled: r.scaled.map((x) => percentileInterval(x, a.level, a.resamples, a.seed)),
      };
    });
  }

  /** Per-image F at threshold index k, null without foreground. */
  const fAt = (c: ThresholdCounts, k: number) => imageF(c, k);

  /** Counts of a (model, dataset) when it can be scored, else null (an unlabelled set). */
  async function countsIfLabelled(model: Model, dataset: Dataset): Promise<StoredCounts[] | null> {
    const status = await deps.countsRepo.status(model.id, dataset.id);
    if (status.scorable === 0) return null;
    await deps.counts.refresh(model.id, dataset.id);
    return deps.counts.load(model.id, dataset.id);
  }

  /** One pair's per-image relative IDist (and p-values) in its current fit, with the primary's LOO ones. */
  async function relativeIdists(model: Model, primary: Dataset, secondary: Dataset, components: number) {
    const checked = await pairs.check({
      model,
      primary: primary.name,
      secondary: secondary.name,
      components,
      reduce: 'SUM',
    });
    const use = await scope.currentFit(model, primary, [secondary], components, checked.status);
    const pair = await deps.analytics.distances.pair(use.fit, primary.id, secondary.id, 'sum');
    const conformal = await conformalOf(deps.analytics.distances, use.fit, primary.id);
    const n = pair.primary.rows;
    const scale = mean(conformal.loo);
    return {
      primaryIds: pair.primary.imageIds,
      primaryX: conformal.loo.map((v) => v / scale),
      secondaryIds: pair.secondary.imageIds,
      secondaryX: pair.idist.map((v) => v / n / scale),
      pValues: pair.idist.map((v) => idistPValue(conformal, v, false)),
    };
  }

  /** (x, F) of the images that have both; F at threshold index k. */
  function labelledPoints(ids: readonly number[], x: Float64Array, counts: StoredCounts[], k: number) {
    const byId = new Map(counts.map((c) => [c.imageId, c.counts]));
    const xs: number[] = [];
    const ys: number[] = [];
    ids.forEach((id, j) => {
      const c = byId.get(id);
      const f = c ? fAt(c, k) : null;
      if (f !== null) {
        xs.push(x[j]!);
        ys.push(f);
      }
    });
    return { xs, ys };
  }

  interface PredictArgs {
    model: Model;
    primary: Dataset;
    dataset: Dataset;
    trainOn: Dataset[];
    level: number;
    folds: number;
    seed: number;
    components: number;
  }

  /** The primary's ODS threshold index: the model's operating point, where per-image F is taken. */
  async function operatingPoint(model: Model, primary: Dataset) {
    const status = await deps.countsRepo.status(model.id, primary.id);
    requireScorable(model, primary, status);
    const counts = (await countsIfLabelled(model, primary))!;
    const best = ods(sumCounts(counts.map((c) => c.counts)));
    if (!best) {
      throw new AppError(
        ErrorCode.MASKS_MISSING,
        `The primary "${primary.name}" has no foreground pixel in its masks, so model "${model.name}" has no ODS threshold to predict F at`,
        { dataset: primary.name },
      );
    }
    return { counts, k: Math.round(best.threshold * 100) };
  }

  async function predict(a: PredictArgs) {
    const { counts: primaryCounts, k } = await operatingPoint(a.model, a.primary);
    const target = await relativeIdists(a.model, a.primary, a.dataset, a.components);
    const train = labelledPoints(target.primaryIds, target.primaryX, primaryCounts, k);
    for (const s of a.trainOn) {
      const counts = await countsIfLabelled(a.model, s);
      if (!counts) {
        const status = await deps.countsRepo.status(a.model.id, s.id);
        requireScorable(a.model, s, status);
      }
      const r = await relativeIdists(a.model, a.primary, s, a.components);
      const pts = labelledPoints(r.secondaryIds, r.secondaryX, counts!, k);
      train.xs.push(...pts.xs);
      train.ys.push(...pts.ys);
    }
    if (train.xs.length < 2) {
      throw new AppError(
        ErrorCode.MASKS_MISSING,
        `Only ${train.xs.length} labelled image(s) with foreground, a prediction and an embedding to fit on: label more of the primary`,
        { images: train.xs.length },
      );
    }
    const predictor = conformalPredictor(train.xs, train.ys, a);
    const datasetCounts = await countsIfLabelled(a.model, a.dataset);
    const measuredById = new Map((datasetCounts ?? []).map((c) => [c.imageId, fAt(c.counts, k)]));
    const images: PredictedImageView[] = target.secondaryIds.map((imageId, j) => {
      const p = predictWithInterval(predictor, target.secondaryX[j]!);
      return {
        imageId,
        relativeIdist: target.secondaryX[j]!,
        pValue: target.pValues[j]!,
        predictedF: p.value,
        interval: { low: p.low, high: p.high, level: a.level, method: 'conformal (K-fold cross-validation residuals)' },
        measuredF: measuredById.get(imageId) ?? null,
      };
    });
    const measured = images.map((i) => i.measuredF).filter((f): f is number => f !== null);
    const measuredOds = datasetCounts ? (ods(sumCounts(datasetCounts.map((c) => c.counts)))?.f ?? null) : null;
    return {
      predictor,
      k,
      trainingImages: train.xs.length,
      images,
      predictedOds: mean(images.map((i) => i.predictedF)),
      odsInterval: {
        low: mean(images.map((i) => i.interval.low)),
        high: mean(images.map((i) => i.interval.high)),
        level: a.level,
        method: 'conformal (mean of per-image bounds)',
      },
      measuredOds,
      measuredMeanF: measured.length ? mean(measured) : null,
    };
  }

  function checkPrediction(a: { level: number; folds: number; seed: number; components: number }) {
    checkLevel(a.level);
    checkFolds(a.folds);
    checkSeed(a.seed);
    checkComponents(a.components, limits);
  }

  return {
    /** Energy distance and its permutation p-value beside one ODist entry (cached per fit and arguments). */
    energyTest(entry: OdistEntryView, a: { permutations: number; seed: number }): Promise<EnergyTestView> {
      checkPermutations(a, limits);
      const p = blockOf(entry.storedFit, entry.primaryId)!;
      const s = blockOf(entry.storedFit, entry.secondary.id)!;
      checkPermutationSize(p.rows + s.rows, limits);
      const key = `${entry.storedFit.id}:${entry.primaryId}:${entry.secondary.id}:${a.permutations}:${a.seed}`;
      let cached = true;
      return energyMemo(key, () => {
        cached = false;
        return runEnergyTest(entry.storedFit, entry.primaryId, entry.secondary.id, a);
      }).then((r) => (cached ? { ...r, ms: 0 } : r));
    },

    /** Percentile bootstrap interval of the entry's ODist. */
    async odistInterval(entry: OdistEntryView, a: { level: number; resamples: number; seed: number }) {
      checkBootstrap(a, limits);
      return (await odistIntervals(entry, a)).odist[entry.peers.indexOf(entry)]!;
    },

    /** Percentile bootstrap interval of the entry's scaled ODist (all entries resampled together). */
    async scaledInterval(entry: OdistEntryView, a: { level: number; resamples: number; seed: number }) {
      checkBootstrap(a, limits);
      return (await odistIntervals(entry, a)).scaled[entry.peers.indexOf(entry)]!;
    },

    /** Percentile bootstrap interval of one part's ODS from its images' stored counts. */
    async splitOdsInterval(
      counts: readonly ThresholdCounts[],
      a: { level: number; resamples: number; seed: number },
    ): Promise<BootstrapInterval> {
      checkBootstrap(a, limits);
      const packed = packCounts(counts);
      const reps = await pool.run({
        kind: 'ods-bootstrap',
        packed: shared(packed),
        images: counts.length,
        resamples: a.resamples,
        seed: a.seed,
      });
      return percentileInterval(reps, a.level, a.resamples, a.seed);
    },

    /** Percentile bootstrap interval of Spearman's rho over a curve's (IDist, F) points. */
    async spearmanInterval(
      x: Float64Array,
      y: Float64Array,
      a: { level: number; resamples: number; seed: number },
    ): Promise<BootstrapInterval> {
      checkBootstrap(a, limits);
      const reps = await pool.run({ kind: 'spearman-bootstrap', x, y, resamples: a.resamples, seed: a.seed });
      return percentileInterval(reps, a.level, a.resamples, a.seed);
    },

    /** F-scores of a dataset predicted from IDist, with conformal intervals, beside the measured ODS. */
    async predictedPerformance(a: {
      model: ModelRef;
      primary: string;
      dataset: string;
      trainOn: string[];
      level: number;
      folds: number;
      seed: number;
      components: number;
      first: number;
    }): Promise<PredictedPerformanceView> {
      checkPrediction(a);
      checkPage(a.first, limits);
      checkSecondaries(a.primary, [a.dataset, ...a.trainOn]);
      const model = await scope.requireModel(a.model);
      const [primary, dataset, ...trainOn] = await scope.datasets([a.primary, a.dataset, ...a.trainOn]);
      const r = await predict({ ...a, model, primary: primary!, dataset: dataset!, trainOn });
      const farthestFirst = [...r.images].sort((x, y) => y.relativeIdist - x.relativeIdist || x.imageId - y.imageId);
      return {
        model,
        primary: primary!,
        dataset: dataset!,
        trainedOn: [primary!, ...trainOn],
        trainingImages: r.trainingImages,
        threshold: r.k / 100,
        method: PREDICTION_METHOD,
        level: a.level,
        folds: r.predictor.folds,
        seed: a.seed,
        halfWidth: Number.isFinite(r.predictor.halfWidth) ? r.predictor.halfWidth : null,
        imageCount: r.images.length,
        predictedOds: r.predictedOds,
        odsInterval: r.odsInterval,
        measuredOds: r.measuredOds,
        measuredMeanF: r.measuredMeanF,
        fitted: Array.from(r.predictor.fit.x, (x, i) => ({ relativeIdist: x, f: r.predictor.fit.y[i]! })),
        images: farthestFirst.slice(0, a.first),
      };
    },

    /** Each labelled secondary held out in turn and predicted from the primary and the others. */
    async predictionValidation(a: {
      model: ModelRef;
      primary: string;
      secondaries: string[];
      level: number;
      folds: number;
      seed: number;
      components: number;
    }): Promise<PredictionValidationView> {
      checkPrediction(a);
      checkSecondaries(a.primary, a.secondaries);
      const model = await scope.requireModel(a.model);
      const [primary, ...secondaries] = await scope.datasets([a.primary, ...a.secondaries]);
      for (const s of secondaries) requireScorable(model, s, await deps.countsRepo.status(model.id, s.id));
      const rows: ValidationRowView[] = [];
      let imagesCovered = 0;
      let imagesMeasured = 0;
      for (const held of secondaries) {
        const r = await predict({
          ...a,
          model,
          primary: primary!,
          dataset: held,
          trainOn: secondaries.filter((s) => s !== held),
        });
        const measured = r.images.filter((i) => i.measuredF !== null);
        const inside = measured.filter((i) => i.interval.low <= i.measuredF! && i.measuredF! <= i.interval.high).length;
        imagesCovered += inside;
        imagesMeasured += measured.length;
        rows.push({
          dataset: held,
          imageCount: r.images.length,
          predictedOds: r.predictedOds,
          interval: r.odsInterval,
          measuredOds: r.measuredOds,
          measuredMeanF: r.measuredMeanF,
          covered:
            r.measuredOds === null ? null : r.odsInterval.low <= r.measuredOds && r.measuredOds <= r.odsInterval.high,
          imageCoverage: measured.length ? inside / measured.length : null,
        });
      }
      const withOds = rows.filter((r) => r.measuredOds !== null);
      return {
        model,
        primary: primary!,
        level: a.level,
        rows,
        setCoverage: withOds.length ? withOds.filter((r) => r.covered).length / withOds.length : null,
        imageCoverage: imagesMeasured ? imagesCovered / imagesMeasured : null,
        meanAbsoluteError: withOds.length ? mean(withOds.map((r) => Math.abs(r.predictedOds - r.measuredOds!))) : null,
      };
    },
  };
}

export type StatisticsService = ReturnType<typeof createStatisticsService>;
