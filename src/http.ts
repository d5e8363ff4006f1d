import { expressMiddleware } from '@as-integrations/express5';
import type { ApolloServer } from '@apollo/server';
import express from 'express';
import { analyticsRoutes } from './analytics/download.routes.js';
import { accessOf, authenticate, hostGuard, requireCaller, requireReadAccess } from './auth/http-guards.js';
import type { GraphQLContext } from './graphql/context.js';
import { graphqlDocumentLimit } from './graphql/limits.js';
import { errorHandler, notFoundHandler } from './http/errors.js';
import { createLoaders } from './graphql/loaders.js';
import { imageRoutes } from './images/image.routes.js';
import { performanceRoutes } from './performance/performance.routes.js';
import { ErrorCode } from './errors.js';
import type { Services } from './services.js';
import { requestSignal } from './compute/request-signal.js';
import { webRoutes } from './web/web.routes.js';

/** Routes that serve bytes (images, downloads) beside /graphql; registered by each feature. */
export type RouteInstaller = (app: express.Express, services: Services) => void;

export function createHttpApp(
  apollo: ApolloServer<GraphQLContext>,
  services: Services,
  extraRoutes: RouteInstaller[] = [],
) {
  const app = express();
  app.disable('x-powered-by');
  // Access control: the Host check, then who calls and their request budget, then (byte routes)
  // a signature or a reader's key. GraphQL roles per field: src/graphql/access.plugin.ts.
  const auth = services.auth;
  app.use(hostGuard(services.config));
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
  const guarded = ['/graphql', '/images', '/analytics', '/performance'];
  app.use(guarded, authenticate(auth));
  app.use(['/images', '/analytics', '/performance'], requireReadAccess(auth));
  app.use('/graphql', requireCaller());
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
    graphqlDocumentLimit(services.config.limits),
    expressMiddleware(apollo, {
      context: async ({ res }) => ({
        services,
        loaders: createLoaders(services),
        access: accessOf(res),
        links: auth.signer(),
      }),
    }),
  );
  // Last: unmatched routes and errors no route handled (body-parser's among them) answer JSON.
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
