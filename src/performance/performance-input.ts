import { checkSize } from '../analytics/index.js';
import { AppError, ErrorCode } from '../errors.js';
import type { ScoringStatus } from './counts.repository.js';

/**
 * Argument checks and refusals of the performance queries; each runs before any write
 * (counting, fitting), so bad input changes nothing.
 */

export interface PerformanceLimits {
  readonly maxK: number;
  readonly maxPage: number;
}

/** Default bounds of the label candidates (method.md "Which images to label"). */
export const DEFAULT_LABEL_BOUNDS = { lower: 0.6, upper: 1 } as const;

export const checkParts = (k: number, limits: PerformanceLimits) => checkSize('k', k, 1, limits.maxK, 'MAX_K');
export const checkCount = (count: number, limits: PerformanceLimits) =>
  checkSize('count', count, 1, limits.maxPage, 'MAX_PAGE');

/** Candidate bounds on scaled IDist: finite and lower <= upper. */
export function checkBounds(lower: number, upper: number): void {
  if (!Number.isFinite(lower) || !Number.isFinite(upper) || lower > upper) {
    throw new AppError(
      ErrorCode.BAD_USER_INPUT,
      `lower and upper must be finite with lower <= upper, got [${lower}, ${upper}]`,
      { lower, upper },
    );
  }
}

export function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < -(2 ** 31) || seed >= 2 ** 31) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `seed must be a 32-bit integer, got ${seed}`, { seed });
  }
}

interface Named {
  name: string;
}

/** How to get predictions for a model, for PREDICTIONS_MISSING messages. */
function howToPredict(
  model: Named & { version: number; onnxSha256: string | null; config: unknown },
  dataset: Named,
): string {
  const importHint =
    `importPredictions(input: { model: { name: "${model.name}", version: ${model.version} }, dataset: "${dataset.name}", folder: "<folder of PNGs>" }) ` +
    `or \`npx distmetrics import-predictions <folder> --model ${model.name} --version ${model.version} --dataset ${dataset.name}\``;
  const predicts =
    model.onnxSha256 !== null && Boolean((model.config as { predictionOutput?: string | null }).predictionOutput);
  return predicts
    ? `run extractEmbeddings(model: { name: "${model.name}", version: ${model.version} }, dataset: "${dataset.name}") (its prediction output is stored with the embeddings), or ${importHint}`
    : `${model.onnxSha256 === null ? 'it is an external model' : 'it has no prediction output'}: ${importHint}`;
}

/**
 * Refuses a (model, dataset) that cannot be scored: no prediction for any of its images
 * (PREDICTIONS_MISSING, naming the import or extraction to run), or no image with both a
 * prediction and a mask (MASKS_MISSING).
 */
export function requireScorable(
  model: Named & { version: number; onnxSha256: string | null; config: unknown },
  dataset: Named,
  status: ScoringStatus,
): void {
  const details = {
    model: model.name,
    modelVersion: model.version,
    dataset: dataset.name,
    images: status.images,
    withPrediction: status.withPrediction,
    withMask: status.withMask,
  };
  if (status.withPrediction === 0) {
    const why =
      status.images === 0
        ? `dataset "${dataset.name}" has no images`
        : `none of its ${status.images} images has a prediction`;
    throw new AppError(
      ErrorCode.PREDICTIONS_MISSING,
      `Model "${model.name}" v${model.version} has no predictions for dataset "${dataset.name}" (${why}): ${howToPredict(model, dataset)}`,
      details,
    );
  }
  if (status.scorable === 0) {
    throw new AppError(
      ErrorCode.MASKS_MISSING,
      `None of the ${status.withPrediction} images of dataset "${dataset.name}" with a prediction of "${model.name}" v${model.version} has a mask: import the masks (import --masks) to score them`,
      details,
    );
  }
}

/** Refuses splits and curves when no scored image of S has an embedding, or k exceeds them. */
export function requireRelatable(
  model: Named & { version: number },
  secondary: Named,
  status: ScoringStatus,
  k: number | null,
): void {
  if (status.scorableEmbedded === 0) {
    throw new AppError(
      ErrorCode.PREDICTIONS_MISSING,
      `No image of dataset "${secondary.name}" has an embedding, a prediction and a mask for model "${model.name}" v${model.version} ` +
        `(${status.scorable} scored images, none embedded): extract or import embeddings and predictions for the same images`,
      { model: model.name, modelVersion: model.version, dataset: secondary.name },
    );
  }
  if (k !== null && k > status.scorableEmbedded) {
    throw new AppError(
      ErrorCode.BAD_USER_INPUT,
      `k = ${k} parts, but only ${status.scorableEmbedded} images of "${secondary.name}" have an IDist and counts`,
      {
        argument: 'k',
        value: k,
        images: status.scorableEmbedded,
      },
    );
  }
}
