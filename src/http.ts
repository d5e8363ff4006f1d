import { expressMiddleware } from '@as-integrations/express5';
import type { ApolloServer } from '@apollo/server';
import express, { type Request, type Response } from 'express';
import { analyticsRoutes } from './analytics/download.routes.js';
import type { GraphQLContext } from './graphql/context.js';
import { graphqlDocumentLimit } from './graphql/limits.js';
import { errorHandler, notFoundHandler, route } from './http/errors.js';
import { parseId } from './ids.js';
import { createLoaders } from './graphql/loaders.js';
import { performanceRoutes } from './performance/performance.routes.js';
import { AppError, ErrorCode } from './errors.js';
import type { Services } from './services.js';
import { webRoutes } from './web/web.routes.js';

export const baseUrlOf = (req: Request) => `${req.protocol}://${req.get('host')}`;

/** Routes that serve bytes (images, downloads) beside /graphql; registered by each feature. */
export type RouteInstaller = (app: express.Express, services: Services) => void;

function imageRoutes(app: express.Express, services: Services): void {
  const send = (variant: 'original' | 'thumbnail' | 'mask') =>
    route(async (req: Request, res: Response) => {
      const file = await services.datasets.imageFile(parseId(req.params.id, 'Image'), variant);
      if (!file) throw new AppError(ErrorCode.NOT_FOUND, `No ${variant} for image ${req.params.id}`);
      res
        .set('Content-Type', file.contentType)
        .set('Cache-Control', 'public, max-age=86400, immutable')
        .send(file.bytes);
    });
  app.get('/images/:id', send('original'));
  app.get('/images/:id/thumbnail', send('thumbnail'));
  app.get('/images/:id/mask', send('mask'));
}

export function createHttpApp(
  apollo: ApolloServer<GraphQLContext>,
  services: Services,
  extraRoutes: RouteInstaller[] = [],
) {
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', async (_req, res) => {
    try {
      await services.store.pool.query('SELECT 1');
      res.json({ ok: true, store: services.store.kind });
    } catch (e) {
      console.error('[health] the store does not answer:', e);
      res
        .status(503)
        .json({ ok: false, error: { code: ErrorCode.STORE_UNAVAILABLE, message: 'The store does not answer' } });
    }
  });
  imageRoutes(app, services);
  analyticsRoutes(app, services);
  performanceRoutes(app, services);
  webRoutes(app, services);
  for (const install of extraRoutes) install(app, services);
  app.use(
    '/graphql',
    express.json({ limit: Math.ceil(services.config.limits.maxUploadBytes * 1.4) + 1024 * 1024 }),
    graphqlDocumentLimit(services.config.limits),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({ services, loaders: createLoaders(services), baseUrl: baseUrlOf(req) }),
    }),
  );
  // Last: unmatched routes and errors no route handled (body-parser's among them) answer JSON.
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
