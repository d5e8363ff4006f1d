import type { Dataset, Image, Model } from '../generated/prisma/client.js';
import { AppError, ErrorCode } from '../errors.js';
import { type AnalyticsLimits, requireEmbedded } from './analytics-input.js';
import { type FitView, type Reduce, toFitView } from './analytics-views.js';
import type { EmbeddingRepository, EmbeddingSetStatus } from './embedding.repository.js';
import type { FitCacheRepository } from './fit-cache.repository.js';
import type { FitService, FitTarget, FitUse } from './fit.service.js';
import type { DistanceKernels } from './fit-distances.js';
import type { DistanceMemo } from './distance-memo.js';
import type { SimilarityRepository } from './similarity.repository.js';
import type { DistancePool } from '../compute/distance-pool.js';
import type { StoredFit } from './fit-cache.repository.js';

/**
 * What analytics reads of the distance jobs (src/distances/ implements it): IDist sums (reduce
 * SUM) to a fit's primary that a job or an earlier request stored, and the jobs themselves.
 */
export interface DistanceJobs {
  stored(fit: { id: number }, datasetId: number): Promise<Float64Array | null>;
  /** Stores sums a request computed, for later requests and other processes. */
  remember(fit: StoredFit, datasetId: number, sums: Float64Array): Promise<Float64Array>;
  /** The fit's distance job (existing or new, its chunks queued); its id. */
  start(fit: StoredFit): Promise<number>;
  jobOfFit(fitId: number): Promise<{ jobId: number; state: string } | null>;
}

/** A model named as in the GraphQL API: its name and, optionally, a version (default latest). */
export interface ModelRef {
  name: string;
  version?: number | null;
}

/** What the analytics services need; each is given only these. */
export interface AnalyticsDeps {
  embeddings: EmbeddingRepository;
  fits: FitCacheRepository;
  fitService: FitService;
  /** Distance sums on the analytics threads (IDist row sums, ODist(P, P)). */
  compute: DistanceKernels;
  /** The same sums remembered per stored fit (computed once per process). */
  distances: DistanceMemo;
  similarity: SimilarityRepository;
  requireModel: (ref: ModelRef) => Promise<Model>;
  requireDataset: (name: string) => Promise<Dataset>;
  datasetById: (id: number) => Promise<Dataset | null>;
  imageById: (id: number) => Promise<Image | null>;
  imagesByIds: (ids: number[]) => Promise<Image[]>;
  limits: AnalyticsLimits;
  /** Stored and job-computed IDist sums, and the distance jobs (src/distances/). */
  distanceJobs: DistanceJobs;
  /** Threads for per-image distances, off the event loop. */
  distancePool: DistancePool;
  /** Image pairs a request may compute itself (SYNC_MAX_PAIRS). */
  syncMaxPairs: number;
}

/** dist.ts spells reduce in lower case. */
export const reduceOf = (r: Reduce) => (r === 'MEAN' ? 'mean' : 'sum') as 'sum' | 'mean';

/** Lookups and checks shared by the analytics queries, each a step before any computation. */
export function createScope(deps: AnalyticsDeps) {
  return {
    deps,
    limits: deps.limits,

    requireModel: (ref: ModelRef) => deps.requireModel(ref),

    /** Datasets by name, in the order given (NOT_FOUND for the first unknown one). */
    datasets: (names: readonly string[]) => Promise.all(names.map((n) => deps.requireDataset(n))),

    async requireImage(id: number): Promise<Image> {
      const image = await deps.imageById(id);
      if (!image) throw new AppError(ErrorCode.NOT_FOUND, `No image with id ${id}`, { image: id });
      return image;
    },

    async datasetOf(image: Image): Promise<Dataset> {
      return (await deps.datasetById(image.datasetId))!;
    },

    /**
     * Embedding status of each dataset, in the order given; EMBEDDINGS_MISSING when any has none.
     */
    async embedded(model: Model, datasets: readonly Dataset[]): Promise<EmbeddingSetStatus[]> {
      const status = await deps.embeddings.embeddingStatus(
        model.id,
        datasets.map((d) => d.id),
      );
      requireEmbedded(model, datasets, status);
      return status;
    },

    /** The current fit of (primary, secondaries), from cache when its fingerprint still matches. */
    async currentFit(
      model: Model,
      primary: Dataset,
      secondaries: readonly Dataset[],
      z: number,
      status: readonly EmbeddingSetStatus[],
    ): Promise<FitUse> {
      const target: FitTarget = { model, primaryId: primary.id, secondaryIds: secondaries.map((s) => s.id), z };
      const blockIds = [primary.id, ...secondaries.map((s) => s.id).sort((a, b) => a - b)];
      const ordered = blockIds.map((id) => status.find((s) => s.datasetId === id)!);
      return deps.fitService.current(target, ordered);
    },

    /** Whether currentFit would answer from the cache, without fitting. */
    async fitIsCurrent(
      model: Model,
      primary: Dataset,
      secondaries: readonly Dataset[],
      z: number,
      status: readonly EmbeddingSetStatus[],
    ): Promise<boolean> {
      const target: FitTarget = { model, primaryId: primary.id, secondaryIds: secondaries.map((s) => s.id), z };
      const blockIds = [primary.id, ...secondaries.map((s) => s.id).sort((a, b) => a - b)];
      const ordered = blockIds.map((id) => status.find((s) => s.datasetId === id)!);
      return deps.fitService.isCurrent(target, ordered);
    },

    fitView(use: FitUse, model: Model, datasets: readonly Dataset[], status: readonly EmbeddingSetStatus[]): FitView {
      return toFitView(use.fit, use.reused, model, new Map(datasets.map((d) => [d.id, d])), status);
    },

    /** Image rows for ids, in the order of `ids`. */
    async images(ids: readonly number[]): Promise<Image[]> {
      const rows = await deps.imagesByIds([...new Set(ids)]);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id)!);
    },
  };
}

export type AnalyticsScope = ReturnType<typeof createScope>;
