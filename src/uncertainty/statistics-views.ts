import type { Dataset, Model } from '../generated/prisma/client.js';
import type { PermutationResult } from '../statistics/energy.js';

/** What the statistics service answers; images by id (loaded per request by the resolvers). */

export interface IntervalView {
  low: number;
  high: number;
  level: number;
  method: string;
}

export interface EnergyTestView extends PermutationResult {
  primaryImages: number;
  secondaryImages: number;
  method: string;
  ms: number;
}

export interface PredictedImageView {
  imageId: number;
  relativeIdist: number;
  pValue: number;
  predictedF: number;
  interval: IntervalView;
  measuredF: number | null;
}

export interface PredictedPerformanceView {
  model: Model;
  primary: Dataset;
  dataset: Dataset;
  trainedOn: Dataset[];
  trainingImages: number;
  threshold: number;
  method: string;
  level: number;
  folds: number;
  seed: number;
  halfWidth: number | null;
  imageCount: number;
  predictedOds: number;
  odsInterval: IntervalView;
  measuredOds: number | null;
  measuredMeanF: number | null;
  fitted: { relativeIdist: number; f: number }[];
  images: PredictedImageView[];
}

export interface ValidationRowView {
  dataset: Dataset;
  imageCount: number;
  predictedOds: number;
  interval: IntervalView;
  measuredOds: number | null;
  measuredMeanF: number | null;
  covered: boolean | null;
  imageCoverage: number | null;
}

export interface PredictionValidationView {
  model: Model;
  primary: Dataset;
  level: number;
  rows: ValidationRowView[];
  setCoverage: number | null;
  imageCoverage: number | null;
  meanAbsoluteError: number | null;
}
