import type { AnalyticsService } from '../analytics/index.js';
import type { DistanceService } from '../distances/index.js';
import type { AppConfig } from '../config.js';
import type { DatasetService, IngestService } from '../images/index.js';
import type { EmbeddingImportService, ExtractionService, ModelRegistry } from '../models/index.js';
import type { PerformanceService, PredictionImportService } from '../performance/index.js';
import type { Access, AuthService, UrlSigner } from '../auth/index.js';
import type { StatisticsService } from '../uncertainty/index.js';
import type { Loaders } from './loaders.js';

/**
 * What the resolvers may call: the services of each feature, not the composition root
 * (services.ts), so a resolver cannot reach a repository or the pool.
 */
export interface GraphQLServices {
  config: { limits: AppConfig['limits'] };
  store: { kind: string };
  datasets: DatasetService;
  ingest: IngestService;
  registry: ModelRegistry;
  extraction: ExtractionService;
  embeddingImport: EmbeddingImportService;
  analytics: AnalyticsService;
  /** Distance jobs (what a job says about its fit and datasets). */
  distances: Pick<DistanceService, 'jobDetails'>;
  performance: PerformanceService;
  predictionImport: PredictionImportService;
  auth: Pick<AuthService, 'keys' | 'audit'>;
  statistics: StatisticsService;
  embeddingsOfImages(imageIds: readonly number[]): Promise<{ modelId: number; imageId: number; createdAt: Date }[]>;
  embeddingVector(modelId: number, imageId: number): Promise<Float32Array>;
}

export interface GraphQLContext {
  services: GraphQLServices;
  loaders: Loaders;
  /** Who calls (key or anonymous) and whether keys are checked; the access plugin reads it. */
  access: Access;
  /**
   * Builds the signed image and download URLs of answers, from PUBLIC_URL or relative: never
   * from the request's Host header. Each route module exports the builder for its own URLs.
   */
  links: UrlSigner;
}
