// The public surface of uncertainty/ for graphql/: the statistics service and the views it answers.
export type { StatisticsService } from './statistics.service.js';
export type {
  EnergyTestView,
  PredictedPerformanceView,
  PredictedImageView,
  ValidationRowView,
  PredictionValidationView,
} from './statistics-views.js';
export type { BootstrapInterval } from '../statistics/bootstrap.js';
