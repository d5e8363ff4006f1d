import {
  type AnalyticsLimits,
  type CheckedPair,
  checkComponents,
  checkSecondaries,
  type PairVectorsService,
  type Reduce,
} from '../analytics/index.js';
import { AppError, ErrorCode } from '../errors.js';
import type { Dataset, Image, Model } from '../generated/prisma/client.js';
import { scoreSet } from '../metrics/ods-ois.js';
import type { CountsRepository } from './counts.repository.js';
import type { CountsService } from './counts.service.js';
import {
  checkBounds,
  checkCount,
  checkParts,
  checkSeed,
  type PerformanceLimits,
  requireRelatable,
  requireScorable,
} from './performance-input.js';
import type {
  Coverage,
  CurveView,
  LabelCandidatesView,
  LabelStrategy,
  PairEcho,
  PerformanceView,
  SplitsView,
  VersionComparisonView,
  VersionPerformanceView,
} from './performance-views.js';
import { curveOf, type Joined, joinByImage, pickLabels, setOds, splitParts } from './relate-views.js';

type ModelRef = { name: string; version?: number | null };

export interface PerformanceDeps {
  counts: CountsService;
  repo: CountsRepository;
  pairs: PairVectorsService;
  requireModel: (ref: ModelRef) => Promise<Model>;
  requireDataset: (name: string) => Promise<Dataset>;
  /** Every model of a family (models.family), any order. */
  family: (family: string) => Promise<Model[]>;
  imagesByIds: (ids: number[]) => Promise<Image[]>;
  limits: PerformanceLimits & AnalyticsLimits;
}

interface PairArgs {
  model: ModelRef | Model;
  primary: string;
  secondary: string;
  components: number;
  reduce: Reduce;
}

/** Codes that make one version of a family unavailable in compareVersions instead of failing it. */
const VERSION_GAPS = new Set<string>([
  ErrorCode.PREDICTIONS_MISSING,
  ErrorCode.MASKS_MISSING,
  ErrorCode.EMBEDDINGS_MISSING,
  ErrorCode.RANK_DEFICIENT,
  ErrorCode.BAD_USER_INPUT,
]);

/**
 * Performance of segmentation models and its relation to distance (method.md
 * "Performance" and "Relating distance to performance"). Scores come from stored per-image
 * counts (counts.service.ts); IDist and PCA scores from the analytics' cached fits
 * (analytics/pair-vectors.ts). Every method checks its arguments and the data it needs before
 * the first write (counting, fitting), so bad input changes nothing.
 */
export function createPerformanceService(deps: PerformanceDeps) {
  const { limits } = deps;
  const modelOf = (ref: ModelRef | Model) => ('id' in ref ? Promise.resolve(ref) : deps.requireModel(ref));

  /** Counts every scorable image (computing missing or stale counts) and loads them. */
  async function scored(model: Model, dataset: Dataset) {
    const countsComputed = await deps.counts.refresh(model.id, dataset.id);
    return { countsComputed, rows: await deps.counts.load(model.id, dataset.id) };
  }

  async function performanceOf(
    model: Model,
    dataset: Dataset,
    exceptImages: ReadonlySet<number> | null = null,
  ): Promise<PerformanceView> {
    const status = await deps.repo.status(model.id, dataset.id);
    requireScorable(model, dataset, status);
    const { countsComputed, rows: all } = await scored(model, dataset);
    const rows = exceptImages ? all.filter((r) => !exceptImages.has(r.imageId)) : all;
    const s = scoreSet(
      rows.map((r) => r.counts),
      rows.map((r) => r.pixels),
    );
    return {
      model,
      dataset,
      ods: s.ods,
      odsNullReason: s.odsNullReason,
      ois: s.ois,
      oisLeftOut: s.oisLeftOut,
      curve: s.curve,
      fpRate: s.fpRate ? Array.from(s.fpRate) : null,
      fpRateAt05: s.fpRateAt05,
      imageCount: rows.length,
      pixels: rows.reduce((a, r) => a + r.pixels, 0),
      foregroundPixels: rows.reduce((a, r) => a + r.foreground, 0),
      imagesWithoutPrediction: status.images - status.withPrediction,
      imagesWithoutMask: status.withPrediction - status.scorable,
      countsComputed,
    };
  }

  /** A checked pair's IDist joined with S's counts; k (when given) is checked before any write. */
  async function relate(
    checked: CheckedPair,
    k: number | null,
  ): Promise<{ echo: PairEcho; coverage: Coverage; joined: Joined }> {
    const { model, secondary } = checked;
    const status = await deps.repo.status(model.id, secondary.id);
    requireScorable(model, secondary, status);
    requireRelatable(model, secondary, status, k);
    const countsComputed = await deps.counts.refresh(model.id, secondary.id);
    // Two independent reads (counts, the pair's fit) on two connections at once.
    const [rows, v] = await Promise.all([deps.counts.load(model.id, secondary.id), deps.pairs.vectors(checked)]);
    const joined = joinByImage(v, rows);
    return {
      echo: {
        model,
        primary: checked.primary,
        secondary,
        componentsRequested: checked.components,
        reduce: checked.reduce,
        fit: v.fit,
      },
      coverage: {
        imageCount: joined.imageIds.length,
        imagesNotScored: status.images - status.scorable,
        imagesWithoutEmbedding: joined.withoutEmbedding,
        countsComputed,
      },
      joined,
    };
  }

  const splitsView = (r: Awaited<ReturnType<typeof relate>>, k: number): SplitsView => ({
    ...r.echo,
    ...r.coverage,
    k,
    ods: setOds(r.joined),
    parts: splitParts(r.joined, k),
  });

  function curveView(r: Awaited<ReturnType<typeof relate>>): CurveView {
    const best = setOds(r.joined);
    return { ...r.echo, ...r.coverage, ods: best, ...curveOf(r.joined, best) };
  }

  const checkPair = (a: PairArgs) => deps.pairs.check(a);

  async function versionOf(model: Model, a: Omit<PairArgs, 'model'> & { k: number }): Promise<VersionPerformanceView> {
    try {
      const performance = await performanceOf(model, await deps.requireDataset(a.secondary));
      const r = await relate(await checkPair({ ...a, model }), a.k);
      return { model, unavailableReason: null, performance, splits: splitsView(r, a.k), curve: curveView(r) };
    } catch (e) {
      // A version without predictions or embeddings is a gap in the comparison, not a failure of it.
      if (!(e instanceof AppError) || !VERSION_GAPS.has(e.code)) throw e;
      return { model, unavailableReason: e.message, performance: null, splits: null, curve: null };
    }
  }

  return {
    /** Image rows by id (any order): what answers refer to by id. */
    images: (ids: readonly number[]) => deps.imagesByIds([...new Set(ids)]),

    /** ODS, OIS, P/R curve and false-positive pixel rate of a model on a dataset. */
    async performance(a: {
      model: ModelRef;
      dataset: string;
      /** Images left out of the score (those a fine-tune trained on, say); none when absent. */
      exceptImages?: readonly number[];
    }): Promise<PerformanceView> {
      const model = await modelOf(a.model);
      const except = a.exceptImages?.length ? new Set(a.exceptImages) : null;
      return performanceOf(model, await deps.requireDataset(a.dataset), except);
    },

    /** S cut into k parts by IDist, with ODS and IDist statistics per part. */
    async splits(a: PairArgs & { k: number }): Promise<SplitsView> {
      checkParts(a.k, limits);
      return splitsView(await relate(await checkPair(a), a.k), a.k);
    },

    /** Per-image F at the ODS threshold against scaled IDist, smoothed, with Spearman. */
    async curve(a: PairArgs): Promise<CurveView> {
      return curveView(await relate(await checkPair(a), null));
    },

    /** Which images of S to label next. Needs embeddings only, not predictions. */
    async labelCandidates(
      a: PairArgs & { strategy: LabelStrategy; count: number; seed: number; lower: number; upper: number },
    ): Promise<LabelCandidatesView> {
      checkCount(a.count, limits);
      checkBounds(a.lower, a.upper);
      checkSeed(a.seed);
      const v = await deps.pairs.vectors(await checkPair(a));
      const { candidateCount, picks } = pickLabels(v, a);
      return {
        model: v.model,
        primary: v.primary,
        secondary: v.secondary,
        componentsRequested: a.components,
        reduce: a.reduce,
        fit: v.fit,
        strategy: a.strategy,
        count: a.count,
        seed: a.seed,
        lower: a.lower,
        upper: a.upper,
        candidateCount,
        picks,
      };
    },

    /** Each version of a family on its own IDist: ODS, splits and curve. */
    async compareVersions(a: {
      family: string;
      primary: string;
      secondary: string;
      k: number;
      components: number;
      reduce: Reduce;
    }): Promise<VersionComparisonView> {
      checkParts(a.k, limits);
      checkComponents(a.components, limits);
      checkSecondaries(a.primary, [a.secondary]);
      const [primary, secondary] = [await deps.requireDataset(a.primary), await deps.requireDataset(a.secondary)];
      const models = (await deps.family(a.family)).sort((x, y) => x.id - y.id);
      if (models.length === 0)
        throw new AppError(ErrorCode.NOT_FOUND, `No model of family "${a.family}"`, { family: a.family });
      const versions: VersionPerformanceView[] = [];
      for (const model of models) versions.push(await versionOf(model, a));
      return {
        family: a.family,
        primary,
        secondary,
        k: a.k,
        componentsRequested: a.components,
        reduce: a.reduce,
        versions,
      };
    },
  };
}

export type PerformanceService = ReturnType<typeof createPerformanceService>;
