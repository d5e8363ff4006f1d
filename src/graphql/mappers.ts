// What resolvers return for each object type; field resolvers derive the rest from these.
import type { Dataset, Image, Job, Model } from '../generated/prisma/client.js';

export type DatasetMapper = Dataset;
export type ImageMapper = Image;
export type ModelMapper = Model;
export type JobMapper = Job;
export interface EmbeddingMapper {
  modelId: number;
  imageId: number;
  createdAt: Date;
}
// Distances: service results; ids and download URLs are added by field resolvers.
export type {
  FitView as PcaFitMapper,
  OdistEntryView as OdistEntryMapper,
  IdistConnectionView as IdistConnectionMapper,
  DistanceMatrixView as DistanceMatrixMapper,
} from '../analytics/index.js';
// Performance: service results; images are ids, loaded per request by the resolvers.
export type {
  PerformanceView as PerformanceMapper,
  SplitsView as PerformanceSplitsMapper,
  SplitView as PerformanceSplitMapper,
  CurveView as FScoreCurveMapper,
  CurvePointView as CurvePointMapper,
  LabelCandidatesView as LabelCandidatesMapper,
  LabelCandidateView as LabelCandidateMapper,
  VersionComparisonView as VersionComparisonMapper,
  VersionPerformanceView as VersionPerformanceMapper,
  PredictionImportResult as PredictionImportResultMapper,
} from '../performance/index.js';
export type { ApiKeyRow as ApiKeyMapper, AuditRow as AuditEntryMapper } from '../auth/index.js';
// Statistics: service results; images are ids, loaded per request by the resolvers.
export type { BootstrapInterval as BootstrapIntervalMapper } from '../uncertainty/index.js';
export type {
  EnergyTestView as EnergyTestMapper,
  PredictedPerformanceView as PredictedPerformanceMapper,
  PredictedImageView as PredictedImageMapper,
  ValidationRowView as ValidationRowMapper,
  PredictionValidationView as PredictionValidationMapper,
} from '../uncertainty/index.js';
