import type express from 'express';
import type { Request, Response } from 'express';
import type { UrlSigner } from '../auth/index.js';
import { DEFAULT_PCA_COMPONENTS } from '../config.js';
import { AppError, ErrorCode } from '../errors.js';
import { route } from '../http/errors.js';
import type { PerformanceService } from './performance.service.js';
import { labelCsv, labelJson, labelQueryString } from './label-export.js';
import { DEFAULT_LABEL_BOUNDS } from './performance-input.js';
import type { LabelCandidatesView, LabelStrategy } from './performance-views.js';

/** The signed URL of a label-candidates answer as a file, every parameter filled in. */
export function labelCandidatesUrl(links: UrlSigner, format: 'csv' | 'json', view: LabelCandidatesView): string {
  return links.url(`/performance/label-candidates.${format}`, new URLSearchParams(labelQueryString(view)));
}

/**
 * `GET /performance/label-candidates.{csv,json}`: the label picks (method.md "Which images to
 * label") as files, with the same parameters and defaults as the GraphQL `labelCandidates` query (whose answer carries
 * these URLs with every parameter filled in).
 */
/** What the performance routes call. */
export interface PerformanceRouteServices {
  performance: Pick<PerformanceService, 'labelCandidates' | 'images'>;
}

export function performanceRoutes(app: express.Express, services: PerformanceRouteServices): void {
  app.get('/performance/label-candidates.csv', labelRoute(services, 'csv'));
  app.get('/performance/label-candidates.json', labelRoute(services, 'json'));
}

type Query = Request['query'];

function str(q: Query, name: string, fallback?: string): string {
  const raw = q[name];
  if (raw === undefined && fallback !== undefined) return fallback;
  if (typeof raw !== 'string' || raw === '')
    throw new AppError(ErrorCode.BAD_USER_INPUT, `Query parameter ${name} is required`, { argument: name });
  return raw;
}

function num(q: Query, name: string, fallback: number | null, integer: boolean): number | null {
  const raw = q[name];
  if (raw === undefined) return fallback;
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new AppError(
      ErrorCode.BAD_USER_INPUT,
      `Query parameter ${name} must be ${integer ? 'an integer' : 'a number'}, got ${String(raw)}`,
      { argument: name },
    );
  }
  return value;
}

function oneOf<T extends string>(q: Query, name: string, allowed: readonly T[], fallback: T): T {
  const raw = str(q, name, fallback).toUpperCase();
  if (!(allowed as readonly string[]).includes(raw))
    throw new AppError(ErrorCode.BAD_USER_INPUT, `${name} must be one of ${allowed.join(', ')}`, { argument: name });
  return raw as T;
}

function labelRoute(services: PerformanceRouteServices, format: 'csv' | 'json') {
  return route(async (req: Request, res: Response) => {
    const q = req.query;
    const view: LabelCandidatesView = await services.performance.labelCandidates({
      model: { name: str(q, 'model'), version: num(q, 'modelVersion', null, true) },
      primary: str(q, 'primary'),
      secondary: str(q, 'secondary'),
      strategy: oneOf<LabelStrategy>(q, 'strategy', ['RANDOM', 'FARTHEST', 'DIVERSE'], 'RANDOM'),
      count: num(q, 'count', 3, true)!,
      seed: num(q, 'seed', 0, true)!,
      lower: num(q, 'lower', DEFAULT_LABEL_BOUNDS.lower, false)!,
      upper: num(q, 'upper', DEFAULT_LABEL_BOUNDS.upper, false)!,
      components: num(q, 'components', DEFAULT_PCA_COMPONENTS, true)!,
      reduce: oneOf(q, 'reduce', ['SUM', 'MEAN'] as const, 'SUM'),
    });
    const images = new Map((await services.performance.images(view.picks.map((p) => p.imageId))).map((i) => [i.id, i]));
    const name = `label-candidates-${view.model.name}-v${view.model.version}-${view.secondary.name}-${view.strategy.toLowerCase()}`;
    res.set('Content-Disposition', `attachment; filename="${name}.${format}"`).set('Cache-Control', 'no-store');
    if (format === 'csv') res.type('text/csv').send(labelCsv(view, images));
    else res.json(labelJson(view, images));
  });
}
