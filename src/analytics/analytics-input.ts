import { AppError, ErrorCode } from '../errors.js';
import type { EmbeddingSetStatus } from './embedding.repository.js';

/** The request limits the analytics enforce (AppConfig.limits). */
export interface AnalyticsLimits {
  readonly maxPairs: number;
  readonly maxComponents: number;
  readonly maxK: number;
  readonly maxPage: number;
}

/** The most z values one pcStability request may ask for. */
export const MAX_STABILITY_COMPONENTS = 32;

/**
 * Checks an integer request size: below `min` is malformed (BAD_USER_INPUT), above the configured
 * `max` is refused as LIMIT_EXCEEDED. Runs before any database work.
 */
export function checkSize(name: string, value: number, min: number, max: number, limitName: string): void {
  if (!Number.isInteger(value) || value < min) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `${name} must be an integer >= ${min}, got ${value}`, {
      argument: name,
      value,
    });
  }
  if (value > max) {
    throw new AppError(ErrorCode.LIMIT_EXCEEDED, `${name} = ${value} exceeds the limit of ${max} (${limitName})`, {
      argument: name,
      value,
      limit: max,
    });
  }
}

export const checkComponents = (z: number, limits: AnalyticsLimits) =>
  checkSize('components', z, 1, limits.maxComponents, 'MAX_COMPONENTS');
export const checkK = (k: number, limits: AnalyticsLimits) => checkSize('k', k, 1, limits.maxK, 'MAX_K');
export const checkPage = (first: number, limits: AnalyticsLimits) =>
  checkSize('first', first, 0, limits.maxPage, 'MAX_PAGE');

/** Dataset names of one request: no duplicates, and the primary is not among the secondaries. */
export function checkSecondaries(primary: string, secondaries: readonly string[]): void {
  if (secondaries.length === 0) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Name at least one secondary dataset');
  const seen = new Set<string>();
  for (const s of secondaries) {
    if (s === primary) {
      throw new AppError(
        ErrorCode.BAD_USER_INPUT,
        `"${s}" is the primary; ODist(P, P) is reported in every answer as the baseline`,
        { dataset: s },
      );
    }
    if (seen.has(s)) throw new AppError(ErrorCode.BAD_USER_INPUT, `Secondary "${s}" is listed twice`, { dataset: s });
    seen.add(s);
  }
}

/** pcStability's z list: 1..MAX_STABILITY_COMPONENTS distinct values, each within maxComponents. */
export function checkComponentList(zs: readonly number[], limits: AnalyticsLimits): void {
  checkSize('number of components values', zs.length, 1, MAX_STABILITY_COMPONENTS, 'at most 32 values');
  zs.forEach((z) => checkComponents(z, limits));
  if (new Set(zs).size !== zs.length)
    throw new AppError(ErrorCode.BAD_USER_INPUT, `components lists a value twice: [${zs.join(', ')}]`);
}

/** A model and a dataset as named in answers and errors. */
export interface Named {
  id: number;
  name: string;
}

/**
 * Refuses when a dataset has no embedding for the model, naming the extraction that is missing.
 * @param status in the order of `datasets`.
 */
export function requireEmbedded(
  model: Named & { version: number },
  datasets: readonly Named[],
  status: readonly EmbeddingSetStatus[],
): void {
  datasets.forEach((d, i) => {
    const s = status[i]!;
    if (s.embedded > 0) return;
    const why =
      s.images === 0
        ? `dataset "${d.name}" has no images`
        : `none of its ${s.images} images has an embedding for the model`;
    throw new AppError(
      ErrorCode.EMBEDDINGS_MISSING,
      `Model "${model.name}" v${model.version} has no embeddings for dataset "${d.name}" (${why}): run ` +
        `extractEmbeddings(model: { name: "${model.name}", version: ${model.version} }, dataset: "${d.name}") or importEmbeddings first`,
      { model: model.name, modelVersion: model.version, dataset: d.name, images: s.images, embedded: s.embedded },
    );
  });
}

/** Refuses a request whose image pairs (n times the secondary images, times repeats) exceed maxPairs. */
export function checkPairs(pairs: number, limits: AnalyticsLimits, what: string): void {
  if (pairs > limits.maxPairs) {
    throw new AppError(
      ErrorCode.LIMIT_EXCEEDED,
      `${what} needs ${pairs} image pairs, above the limit of ${limits.maxPairs} (MAX_PAIRS)`,
      {
        pairs,
        limit: limits.maxPairs,
      },
    );
  }
}

/** A p-value filter: a number in (0, 1], or none. */
export function checkMaxPValue(maxPValue: number | null | undefined): void {
  if (maxPValue === null || maxPValue === undefined) return;
  if (!Number.isFinite(maxPValue) || maxPValue <= 0 || maxPValue > 1) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `maxPValue must lie in (0, 1], got ${maxPValue}`, {
      argument: 'maxPValue',
      value: maxPValue,
    });
  }
}
