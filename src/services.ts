import type PgBoss from 'pg-boss';
import type { AnalyticsDeps } from './analytics/analytics-scope.js';
import { createAnalyticsService } from './analytics/analytics.service.js';
import { createEmbeddingRepository } from './analytics/embedding.repository.js';
import { createFitCacheRepository } from './analytics/fit-cache.repository.js';
import { createFitService } from './analytics/fit.service.js';
import { createPairVectors } from './analytics/pair-vectors.js';
import { createSimilarityRepository } from './analytics/similarity.repository.js';
import type { AppConfig } from './config.js';
import type { Store } from './db/store.js';
import { AppError, ErrorCode } from './errors.js';
import { createDatasetService } from './images/dataset.service.js';
import { createImageRepository } from './images/image.repository.js';
import { createIngestService } from './images/ingest.service.js';
import { createQueue, EXTRACT_QUEUE, type ExtractChunk } from './jobs/queue.js';
import { createEmbeddingImportService } from './models/embedding-import.service.js';
import { createExtractionService } from './models/extraction.service.js';
import { createModelRepository } from './models/model.repository.js';
import { createModelRegistry } from './models/registry.service.js';
import { createRunnerCache } from './models/runner-cache.js';
import { createCountsRepository } from './performance/counts.repository.js';
import { createCountsService } from './performance/counts.service.js';
import { createPerformanceService } from './performance/performance.service.js';
import { createPredictionImportService } from './performance/prediction-import.service.js';

/** How long shutdown waits for the extraction chunk in hand before stopping its inference. */
const STOP_GRACE_MS = 10_000;

/** Composition root: builds every service from the store and config, once per process. */
export function createServices(store: Store, config: AppConfig) {
  const imageRepository = createImageRepository(store.prisma, store.pool);
  const modelRepository = createModelRepository(store.prisma, store.pool);
  const embeddingRepository = createEmbeddingRepository(store.pool);
  const datasets = createDatasetService(imageRepository, config.limits, config.server.importRoot);
  const registry = createModelRegistry(modelRepository, { inferenceTimeoutMs: config.limits.inferenceTimeoutMs });
  const runners = createRunnerCache(modelRepository, config);
  let queue: PgBoss | null = null;
  const localWorkers: string[] = [];
  const writeEmbeddings = embeddingRepository.upsertEmbeddings;
  const extraction = createExtractionService({
    repo: modelRepository,
    registry,
    runners,
    writeEmbeddings,
    requireDataset: datasets.requireDataset,
    countImages: datasets.countImages,
    queue: () => {
      if (!queue) throw new AppError(ErrorCode.STORE_UNAVAILABLE, 'The job queue is not started in this process');
      return queue;
    },
    // New chunks wake this process's own workers now instead of at their next poll.
    notifyWorkers: () => {
      for (const id of localWorkers) queue?.notifyWorker(id);
    },
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
  const analyticsDeps: AnalyticsDeps = {
    embeddings: embeddingRepository,
    fits: fitCache,
    fitService: createFitService({ embeddings: embeddingRepository, fits: fitCache }),
    similarity: createSimilarityRepository(store.pool, embeddingRepository),
    requireModel: registry.requireModel,
    requireDataset: datasets.requireDataset,
    datasetById: datasets.byId,
    imageById: datasets.image,
    imagesByIds: (ids) => store.prisma.image.findMany({ where: { id: { in: ids } } }),
    limits: config.limits,
  };
  const analytics = createAnalyticsService(analyticsDeps);

  // Performance (issue 5): stored counts, prediction imports, and their relation to IDist.
  const countsRepository = createCountsRepository(store.pool);
  const predictionImport = createPredictionImportService({
    repo: countsRepository,
    requireModel: registry.requireModel,
    requireDataset: datasets.requireDataset,
  });
  const performance = createPerformanceService({
    counts: createCountsService(countsRepository),
    repo: countsRepository,
    pairs: createPairVectors(analyticsDeps),
    requireModel: registry.requireModel,
    requireDataset: datasets.requireDataset,
    family: registry.family,
    imagesByIds: analyticsDeps.imagesByIds,
    limits: config.limits,
  });

  return {
    config,
    store,
    analytics,
    performance,
    predictionImport,
    imageRepository,
    embeddingRepository,
    fitCache,
    datasets,
    ingest,
    registry,
    extraction,
    embeddingImport,
    embeddingsOfImage: modelRepository.embeddingsOfImage,
    async embeddingVector(modelId: number, imageId: number) {
      return (await embeddingRepository.loadVector(modelId, imageId)) ?? new Float32Array();
    },

    /** Starts pg-boss; with `work`, this process also takes extraction chunks from the queue. */
    async startQueue(options: { work: boolean }) {
      queue = await createQueue(store.pool, config);
      if (options.work) {
        // Two chunk handlers: one's database reads and writes overlap the other's inference.
        for (let i = 0; i < 2; i++) {
          localWorkers.push(
            await queue.work<ExtractChunk>(
              EXTRACT_QUEUE,
              { batchSize: 1, pollingIntervalSeconds: config.jobs.pollSeconds },
              async ([job]) => {
                await extraction.processChunk(job!.data);
              },
            ),
          );
        }
      }
    },

    /** Stops taking work (finishing the chunk in hand), closes inference workers. The store stays open. */
    async stop() {
      // A chunk in hand normally finishes; one stuck on a model that does not answer is cut after
      // STOP_GRACE_MS by closing the inference processes (its images fail; pg-boss retries it).
      const grace = setTimeout(() => void runners.closeAll(), STOP_GRACE_MS);
      await queue?.stop({ graceful: true, wait: true, close: false });
      clearTimeout(grace);
      queue = null;
      localWorkers.length = 0;
      await runners.closeAll();
    },
  };
}

export type Services = ReturnType<typeof createServices>;
