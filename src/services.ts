import type { AnalyticsDeps } from './analytics/analytics-scope.js';
import { createAnalyticsService } from './analytics/analytics.service.js';
import { createEmbeddingRepository } from './analytics/embedding.repository.js';
import { createFitCacheRepository } from './analytics/fit-cache.repository.js';
import { createFitService } from './analytics/fit.service.js';
import { createPairVectors } from './analytics/pair-vectors.js';
import { createSimilarityRepository } from './analytics/similarity.repository.js';
import { createAuthService } from './auth/auth.service.js';
import type { AppConfig } from './config.js';
import { createAnalyticsPool } from './compute/analytics-pool.js';
import { createDistanceMemo } from './analytics/distance-memo.js';
import type { Store } from './db/store.js';
import { createDatasetService } from './images/dataset.service.js';
import { createImageRepository } from './images/image.repository.js';
import { createIngestService } from './images/ingest.service.js';
import { createJobRunner } from './jobs/job-runner.js';
import { createDistancePool } from './compute/distance-pool.js';
import { createDistanceRepository } from './distances/distance.repository.js';
import { createDistanceService } from './distances/distance.service.js';
import { createEmbeddingImportService } from './models/embedding-import.service.js';
import { createExtractionService } from './models/extraction.service.js';
import { createModelRepository } from './models/model.repository.js';
import { createModelRegistry } from './models/registry.service.js';
import { createRunnerCache } from './models/runner-cache.js';
import { createCountsRepository } from './performance/counts.repository.js';
import { createCountsService } from './performance/counts.service.js';
import { createPerformanceService } from './performance/performance.service.js';
import { createPredictionImportService } from './performance/prediction-import.service.js';
import { createStatisticsPool } from './uncertainty/statistics-pool.js';
import { createStatisticsService } from './uncertainty/statistics.service.js';

/** How long shutdown waits for the extraction chunk in hand before stopping its inference. */
const STOP_GRACE_MS = 10_000;

/** Composition root: builds every service from the store and config, once per process. */
export function createServices(store: Store, config: AppConfig) {
  // The one thread pool (ANALYTICS_THREADS): loads for fits, fits, distance sums, distance-job
  // chunks, estimates, threshold counts and the statistics' loops run here, off the event loop.
  const analyticsPool = createAnalyticsPool({ threads: config.analytics.threads });
  const imageRepository = createImageRepository(store.prisma, store.pool);
  const modelRepository = createModelRepository(store.prisma, store.pool);
  // A PostgreSQL server streams each dataset's vectors in one COPY; the embedded store takes them in chunks.
  const embeddingRepository = createEmbeddingRepository(store.pool, {
    loadChunkBytes: store.kind === 'postgres' ? Infinity : undefined,
    // Fits' loads from a PostgreSQL server are received and decoded on the analytics threads.
    threadedLoad: store.kind === 'postgres' ? { url: store.url, pool: analyticsPool } : undefined,
  });
  const datasets = createDatasetService(imageRepository, config.limits, config.server.importRoot);
  const registry = createModelRegistry(modelRepository, { inferenceTimeoutMs: config.limits.inferenceTimeoutMs });
  const runners = createRunnerCache(modelRepository, config);
  const jobs = createJobRunner(store.pool, config);
  const writeEmbeddings = embeddingRepository.upsertEmbeddings;
  const extraction = createExtractionService({
    repo: modelRepository,
    registry,
    runners,
    writeEmbeddings,
    requireDataset: datasets.requireDataset,
    countImages: datasets.countImages,
    queue: jobs.queue,
    notifyWorkers: jobs.notifyWorkers,
    config,
  });
  const ingest = createIngestService(imageRepository, { embedNew: extraction.embedNow }, config.limits);
  const embeddingImport = createEmbeddingImportService({
    repo: modelRepository,
    writeEmbeddings,
    requireModel: registry.requireModel,
    requireDataset: datasets.requireDataset,
    imagesByFileName: imageRepository.imageIdsByFileName,
  });

  const fitCache = createFitCacheRepository(store.pool, embeddingRepository.vectorOid, {
    maxBytes: config.limits.fitCacheMaxBytes,
  });
  // Distances beyond one request: stored IDist, distance jobs on the queue, their blocks,
  // estimates and new images on the same threads.
  const distancePool = createDistancePool(analyticsPool);
  const distanceJobs = createDistanceService({
    repo: createDistanceRepository(store.pool),
    fits: fitCache,
    pool: distancePool,
    queue: jobs.queue,
    notifyWorkers: jobs.notifyWorkers,
    chunkPairs: config.distances.chunkPairs,
  });
  const analyticsDeps: AnalyticsDeps = {
    embeddings: embeddingRepository,
    fits: fitCache,
    fitService: createFitService({ embeddings: embeddingRepository, fits: fitCache, pool: analyticsPool }),
    compute: analyticsPool,
    // The memo reads a distance job's stored sums before it sums anything itself.
    distances: createDistanceMemo(analyticsPool, distanceJobs.stored),
    similarity: createSimilarityRepository(store.pool, embeddingRepository),
    requireModel: registry.requireModel,
    requireDataset: datasets.requireDataset,
    datasetById: datasets.byId,
    imageById: datasets.image,
    imagesByIds: imageRepository.imagesByIds,
    limits: config.limits,
    distanceJobs,
    distancePool,
    syncMaxPairs: config.distances.syncMaxPairs,
  };
  const analytics = createAnalyticsService(analyticsDeps);

  // Performance: stored counts, prediction imports, and their relation to IDist.
  const countsRepository = createCountsRepository(store.pool);
  const predictionImport = createPredictionImportService({
    repo: countsRepository,
    requireModel: registry.requireModel,
    requireDataset: datasets.requireDataset,
  });
  const countsService = createCountsService(countsRepository, analyticsPool.thresholdCounts);
  const performance = createPerformanceService({
    counts: countsService,
    repo: countsRepository,
    pairs: createPairVectors(analyticsDeps),
    requireModel: registry.requireModel,
    requireDataset: datasets.requireDataset,
    family: registry.family,
    imagesByIds: analyticsDeps.imagesByIds,
    limits: config.limits,
  });

  // Access control: API keys, the audit trail, signed URLs, rate limits.
  const auth = createAuthService(store.pool, config);
  // Statistics: permutation tests, bootstrap intervals, conformal scores, predicted F-scores.
  const statistics = createStatisticsService({
    analytics: analyticsDeps,
    counts: countsService,
    countsRepo: countsRepository,
    pool: createStatisticsPool(analyticsPool),
    limits: { ...config.limits, ...config.statistics },
  });

  return {
    config,
    store,
    auth,
    analytics,
    analyticsPool,
    performance,
    statistics,
    predictionImport,
    imageRepository,
    embeddingRepository,
    fitCache,
    datasets,
    ingest,
    registry,
    extraction,
    distances: distanceJobs,
    embeddingImport,
    embeddingsOfImages: modelRepository.embeddingsOfImages,
    async embeddingVector(modelId: number, imageId: number) {
      return (await embeddingRepository.loadVector(modelId, imageId)) ?? new Float32Array();
    },

    /** Starts pg-boss; with `work`, this process also takes extraction chunks from the queue. */
    startQueue: (options: { work: boolean }) =>
      jobs.start(options.work ? { extract: extraction.processChunk, distance: distanceJobs.processChunk } : null),

    /** Stops taking work (finishing the chunk in hand), closes inference workers. The store stays open. */
    async stop() {
      // A chunk in hand normally finishes; one stuck on a model that does not answer is cut after
      // STOP_GRACE_MS by closing the inference processes (its images fail; pg-boss retries it).
      const grace = setTimeout(() => void runners.closeAll(), STOP_GRACE_MS);
      await jobs.stop();
      clearTimeout(grace);
      await runners.closeAll();
      await analyticsPool.close();
    },
  };
}

export type Services = ReturnType<typeof createServices>;
