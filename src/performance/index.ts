// The public surface of performance/ for graphql/ and the routes: service types, views and
// the wording the API shows.
export type { PerformanceService } from './performance.service.js';
export type { PredictionImportResult, PredictionImportService } from './prediction-import.service.js';
export {
  type CurvePointView,
  type CurveView,
  type LabelCandidatesView,
  type LabelCandidateView,
  OIS_CONVENTION,
  type PerformanceView,
  type SplitsView,
  type SplitView,
  THRESHOLD_RULE,
  type VersionComparisonView,
  type VersionPerformanceView,
} from './performance-views.js';
export { labelQueryString } from './label-export.js';
export { labelCandidatesUrl } from './performance.routes.js';
// For uncertainty/ (intervals over stored counts).
export type { CountsRepository, StoredCounts } from './counts.repository.js';
export type { CountsService } from './counts.service.js';
export { checkSeed, requireScorable } from './performance-input.js';
