import { checkSize } from '../analytics/index.js';
import { AppError, ErrorCode } from '../errors.js';
import { checkSeed } from '../performance/index.js';

/** The request limits the statistics enforce (AppConfig.limits). */
export interface StatisticsLimits {
  /** n + m above which the permutation test's (n + m)^2 distance matrix is refused. */
  readonly maxPermutationImages: number;
  readonly maxPermutations: number;
  readonly maxResamples: number;
}

export const MAX_FOLDS = 50;

/** A nominal coverage strictly inside (0, 1). */
export function checkLevel(level: number, name = 'level'): void {
  if (!Number.isFinite(level) || level <= 0 || level >= 1) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `${name} must lie strictly between 0 and 1, got ${level}`, {
      argument: name,
      value: level,
    });
  }
}

/** Bootstrap arguments: level in (0, 1), resamples in 1..MAX_RESAMPLES, a 32-bit seed. */
export function checkBootstrap(a: { level: number; resamples: number; seed: number }, limits: StatisticsLimits): void {
  checkLevel(a.level);
  checkSize('resamples', a.resamples, 1, limits.maxResamples, 'MAX_RESAMPLES');
  checkSeed(a.seed);
}

/** Permutation-test arguments: R in 1..MAX_PERMUTATIONS and a 32-bit seed. */
export function checkPermutations(a: { permutations: number; seed: number }, limits: StatisticsLimits): void {
  checkSize('permutations', a.permutations, 1, limits.maxPermutations, 'MAX_PERMUTATIONS');
  checkSeed(a.seed);
}

/** Refuses a test whose (n + m)^2 float64 distance matrix is above PERMUTATION_MAX_IMAGES. */
export function checkPermutationSize(size: number, limits: StatisticsLimits): void {
  if (size > limits.maxPermutationImages) {
    const mib = Math.round((size * size * 8) / 2 ** 20);
    throw new AppError(
      ErrorCode.LIMIT_EXCEEDED,
      `The permutation test needs the ${size} x ${size} distance matrix of the primary and secondary images (${mib} MiB), ` +
        `above the limit of ${limits.maxPermutationImages} images (PERMUTATION_MAX_IMAGES)`,
      { images: size, limit: limits.maxPermutationImages },
    );
  }
}

export function checkFolds(folds: number): void {
  checkSize('folds', folds, 2, MAX_FOLDS, `at most ${MAX_FOLDS}`);
}
