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
