import path from 'node:path';
import type express from 'express';
import type { Request, Response } from 'express';
import type { AppConfig } from '../config.js';
import { sendError } from '../http/errors.js';
import { ensureWebBuild, type WebBuild } from './web-build.js';

/**
 * The web UI: the dashboard at `/` and the offline GraphQL explorer at `/explorer`, static files
 * built from web/ by esbuild. They read everything through POST /graphql like any client.
 *
 * `npm install` builds them (postinstall); when the build is missing or older than web/, the
 * first request builds it (a few seconds), and in development (NODE_ENV=development) every page
 * load checks, so an edit in web/ shows on reload.
 */
export function webRoutes(
  app: express.Express,
  services: { config: { server: Pick<AppConfig['server'], 'development'> } },
): void {
  const development = services.config.server.development;
  let current: Promise<WebBuild> | null = null;
  const build = (): Promise<WebBuild> => {
    if (!current || development) {
      const next = ensureWebBuild((msg) => console.log(msg));
      // A failed build is retried on the next request instead of being remembered.
      next.catch(() => {
        if (current === next) current = null;
      });
      current = next;
    }
    return current;
  };

  // The build's own message names files on the server: it goes to the log, not to the caller.
  const buildFailed = (res: Response, e: unknown) => {
    console.error('The web UI could not be built:', e);
    sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'The web UI could not be built (npm run build:web shows why)');
  };
  const page = (file: 'index.html' | 'explorer.html') => async (_req: Request, res: Response) => {
    try {
      const { dir } = await build();
      res.set('Cache-Control', 'no-cache').sendFile(path.join(dir, file));
    } catch (e) {
      buildFailed(res, e);
    }
  };
  app.get('/', page('index.html'));
  app.get(['/explorer', '/explorer/'], page('explorer.html'));

  // Asset URLs carry the build key, so their content never changes under a URL.
  app.get('/assets/:key/:file', async (req: Request, res: Response) => {
    try {
      const { key, dir } = await build();
      if (req.params.key !== key) return sendError(res, 404, 'NOT_FOUND', 'Stale asset: reload the page');
      const file = String(req.params.file);
      if (!/^[\w.-]+$/.test(file)) return sendError(res, 404, 'NOT_FOUND', 'No such asset');
      res.sendFile(path.join(dir, 'assets', file), { maxAge: '1y', immutable: true }, (err) => {
        if (err && !res.headersSent) sendError(res, 404, 'NOT_FOUND', 'No such asset');
      });
    } catch (e) {
      buildFailed(res, e);
    }
  });
}
