import type express from 'express';
import type { Request, Response } from 'express';
import type { UrlSigner } from '../auth/index.js';
import { AppError, ErrorCode } from '../errors.js';
import type { AnalyticsService } from './analytics.service.js';
import { route } from '../http/errors.js';
import { parseId } from '../ids.js';
import type { NpyDownload } from './analytics-downloads.js';

export type FitFile = 'distances' | 'idist' | 'projections' | 'image-ids' | 'pvalues';

/** The signed URL of one of a fit's .npy files, as GraphQL answers carry it. */
export function fitDownloadUrl(
  links: UrlSigner,
  fitId: number,
  file: FitFile,
  params: Record<string, string | number> = {},
): string {
  return links.url(`/analytics/fits/${fitId}/${file}.npy`, params);
}

/**
 * `GET /analytics/fits/:id/{distances,idist,projections,image-ids}.npy`: the bulk answers of a
 * fit as NumPy files, streamed chunk by chunk (never one JSON document); GraphQL answers carry
 * these URLs. A fit's content never changes (a changed dataset makes a new fit with a new id),
 * so responses are immutable; a replaced fit's URLs answer 404.
 */
export function analyticsRoutes(
  app: express.Express,
  services: { analytics: Pick<AnalyticsService, 'downloads'> },
): void {
  const downloads = services.analytics.downloads;
  app.get(
    '/analytics/fits/:id/projections.npy',
    npyRoute((id, q) => downloads.projections(id, intParam(q, 'dataset', false))),
  );
  app.get(
    '/analytics/fits/:id/image-ids.npy',
    npyRoute((id, q) => downloads.imageIds(id, intParam(q, 'dataset', false))),
  );
  app.get(
    '/analytics/fits/:id/idist.npy',
    npyRoute((id, q) => downloads.idist(id, intParam(q, 'secondary', true)!, reduceParam(q))),
  );
  app.get(
    '/analytics/fits/:id/pvalues.npy',
    npyRoute((id, q) => downloads.pValues(id, intParam(q, 'secondary', true)!)),
  );
  app.get(
    '/analytics/fits/:id/distances.npy',
    npyRoute((id, q) => downloads.distanceMatrix(id, intParam(q, 'secondary', true)!)),
  );
}

type Query = Request['query'];

function intParam(q: Query, name: string, required: boolean): number | null {
  const raw = q[name];
  if (raw === undefined && !required) return null;
  if (raw === undefined)
    throw new AppError(ErrorCode.BAD_USER_INPUT, `Query parameter ${name} must be a dataset id`, { [name]: null });
  return parseId(raw, 'Dataset');
}

function reduceParam(q: Query): 'SUM' | 'MEAN' {
  const raw = q.reduce ?? 'sum';
  if (raw !== 'sum' && raw !== 'mean')
    throw new AppError(ErrorCode.BAD_USER_INPUT, `reduce must be sum or mean, got ${String(raw)}`);
  return raw === 'mean' ? 'MEAN' : 'SUM';
}

const ITEM_SIZE = { float64: 8, float32: 4, int32: 4 } as const;

/** Writes one chunk, waiting for the socket to drain (or close) so memory stays at one chunk. */
async function write(res: Response, chunk: Buffer): Promise<void> {
  if (res.write(chunk)) return;
  await new Promise<void>((resolve) => {
    res.once('drain', resolve);
    res.once('close', resolve);
  });
}

function npyRoute(make: (fitId: number, q: Query) => Promise<NpyDownload>) {
  return route(async (req: Request, res: Response) => {
    const download: NpyDownload = await make(parseId(req.params.id, 'Fit'), req.query);
    const bytes = download.header.length + download.shape.reduce((a, d) => a * d, 1) * ITEM_SIZE[download.dtype];
    res
      .set('Content-Type', 'application/octet-stream')
      .set('Content-Length', String(bytes))
      .set('Content-Disposition', `attachment; filename="${download.fileName}"`)
      .set('Cache-Control', 'private, max-age=86400, immutable');
    await write(res, download.header);
    for (const chunk of download.chunks) {
      if (res.destroyed) return; // the client went away: stop computing rows
      await write(res, chunk);
    }
    res.end();
  });
}
