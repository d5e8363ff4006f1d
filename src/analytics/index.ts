// The public surface of analytics/: what performance/, graphql/ and the routes may use. The
// fits, repositories and kernels behind it stay private to the folder.
export type { AnalyticsService } from './analytics.service.js';
export type {
  DistanceEngine,
  DistanceMatrixView,
  FitOn,
  FitView,
  IdistConnectionView,
  OdistEntryView,
  Reduce,
  SortOrder,
} from './analytics-views.js';
export { type AnalyticsLimits, checkComponents, checkSecondaries, checkSize } from './analytics-input.js';
export type { CheckedPair, PairVectorsService } from './pair-vectors.js';
export { fitDownloadUrl } from './download.routes.js';
// For uncertainty/ (statistics over fits): the scope, fits and conformal scores it composes.
export { checkPage } from './analytics-input.js';
export { type AnalyticsDeps, createScope, type ModelRef } from './analytics-scope.js';
export type { StoredFit } from './fit-cache.repository.js';
export { blockOf } from './fit-blocks.js';
// For distances/ (distance jobs): fits by id, their blocks, and float64 columns as stored.
export { type FitCacheRepository, fromBytes, toBytes } from './fit-cache.repository.js';
export type { Block } from './fit-blocks.js';
export type { DistanceJobs } from './analytics-scope.js';
export { conformalOf, idistPValue } from './conformal-scores.js';
export { createPairVectors } from './pair-vectors.js';
