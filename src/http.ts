import { expressMiddleware } from '@as-integrations/express5';
import type { ApolloServer } from '@apollo/server';
import express, { type Request, type Response } from 'express';
import { analyticsRoutes } from './analytics/download.routes.js';
import type { GraphQLContext } from './graphql/context.js';
import { createLoaders } from './graphql/loaders.js';
import { performanceRoutes } from './performance/performance.routes.js';
import type { Services } from './services.js';
import { requestSignal } from './compute/request-signal.js';
import { webRoutes } from './web/web.routes.js';

export const baseUrlOf = (req: Request) => `${req.protocol}://${req.get('host')}`;

/** Routes that serve bytes (images, downloads) beside /graphql; registered by each feature. */
export type RouteInstaller = (app: express.Express, services: Services) => void;

function imageRoutes(app: express.Express, services: Services): void {
  const send = (variant: 'original' | 'thumbnail' | 'mask') => async (req: Request, res: Response) => {
    const id = Number(req.params.id);
    const file = Number.isInteger(id) && id > 0 ? await services.datasets.imageFile(id, variant) : null;
    if (!file) {
      res.status(404).json({ error: { code: 'NOT_FOUND', message: `No ${variant} for image ${req.params.id}` } });
      return;
    }
    res.set('Content-Type', file.contentType).set('Cache-Control', 'public, max-age=86400, immutable').send(file.bytes);
  };
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
      res.status(503).json({ ok: false, error: (e as Error).message });
    }
  });
  imageRoutes(app, services);
  analyticsRoutes(app, services);
  performanceRoutes(app, services);
  webRoutes(app, services);
  for (const install of extraRoutes) install(app, services);
  app.use(
    '/graphql',
    // Analytics work started by this request is cancelled when its client leaves or it times out.
    requestSignal(services.config.analytics.timeoutMs),
    express.json({ limit: Math.ceil(services.config.limits.maxUploadBytes * 1.4) + 1024 * 1024 }),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({ services, loaders: createLoaders(services), baseUrl: baseUrlOf(req) }),
    }),
  );
  return app;
}
