import type express from 'express';
import type { Request, Response } from 'express';
import type { UrlSigner } from '../auth/index.js';
import { AppError, ErrorCode } from '../errors.js';
import { route } from '../http/errors.js';
import { parseId } from '../ids.js';
import type { DatasetService } from './dataset.service.js';

export type ImageVariant = 'original' | 'thumbnail' | 'mask';

const SUFFIX: Record<ImageVariant, string> = { original: '', thumbnail: '/thumbnail', mask: '/mask' };

/** The signed URL of an image's bytes, as GraphQL answers carry it. */
export function imageUrl(links: UrlSigner, imageId: number, variant: ImageVariant): string {
  return links.url(`/images/${imageId}${SUFFIX[variant]}`);
}

/** What the image routes call. */
export interface ImageRouteServices {
  datasets: Pick<DatasetService, 'imageFile'>;
}

/** `GET /images/:id`, `/images/:id/thumbnail`, `/images/:id/mask` (access: requireReadAccess in http.ts). */
export function imageRoutes(app: express.Express, services: ImageRouteServices): void {
  const send = (variant: ImageVariant) =>
    route(async (req: Request, res: Response) => {
      const file = await services.datasets.imageFile(parseId(req.params.id, 'Image'), variant);
      if (!file) throw new AppError(ErrorCode.NOT_FOUND, `No ${variant} for image ${req.params.id}`);
      res
        .set('Content-Type', file.contentType)
        .set('Cache-Control', 'private, max-age=86400, immutable')
        .send(file.bytes);
    });
  app.get('/images/:id', send('original'));
  app.get('/images/:id/thumbnail', send('thumbnail'));
  app.get('/images/:id/mask', send('mask'));
}
