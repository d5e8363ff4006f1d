import type { Request, RequestHandler, Response } from 'express';
import { type AppConfig, isLoopbackHost } from '../config.js';
import { ErrorCode } from '../errors.js';
import { sendError } from '../http/errors.js';
import type { Access, AuthService } from './auth.service.js';
import { roleAllows } from './roles.js';
import { bearerToken, hashToken } from './tokens.js';

/** The caller of this request, set by `authenticate`. */
export function accessOf(res: Response): Access {
  const access = res.locals.access as Access | undefined;
  if (!access) throw new Error('authenticate() must run before this route');
  return access;
}

/** A JSON refusal: GraphQL's shape on /graphql (clients read `errors`), `{ error }` elsewhere. */
/** Host names (no port) that this server answers to. */
export function allowedHostNames(config: AppConfig): { any: boolean; names: Set<string> } {
  const { security, server } = config;
  const names = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
  if (security.publicUrl) names.add(new URL(security.publicUrl).hostname.toLowerCase());
  const bound = server.host.toLowerCase();
  if (bound !== '0.0.0.0' && bound !== '::' && bound !== '') names.add(bound.includes(':') ? `[${bound}]` : bound);
  for (const h of security.allowedHosts) names.add(h);
  return { any: names.has('*'), names };
}

/**
 * Refuses requests whose Host header names another site (DNS rebinding: a page on evil.example
 * whose name resolves to 127.0.0.1 would otherwise read a loopback server as same-origin).
 * /health stays reachable by address for load balancers and probes; it reveals nothing.
 */
export function hostGuard(config: AppConfig): RequestHandler {
  const { any, names } = allowedHostNames(config);
  return (req, res, next) => {
    if (any || req.path === '/health') return next();
    const raw = req.headers.host ?? '';
    let host: string;
    try {
      host = raw ? new URL(`http://${raw}`).hostname.toLowerCase() : '';
    } catch {
      host = '';
    }
    if (host && (names.has(host) || isLoopbackHost(host))) return next();
    sendError(
      res,
      421,
      ErrorCode.HOST_NOT_ALLOWED,
      `This server does not answer to host "${raw}"; set PUBLIC_URL or ALLOWED_HOSTS to the names clients use`,
    );
  };
}

/**
 * Identifies the caller from `Authorization: Bearer` (res.locals.access) and takes one point from
 * its request budget: per key, or per address for anonymous callers. Past the budget: 429 with
 * Retry-After.
 *
 * The key's budget is named by its token's hash, so the point is taken in the same round trip
 * time as the key lookup (in parallel) instead of after it: the limiter then adds almost nothing
 * to a request's latency (bench/security.bench.ts). A token that turns out unknown has its budget
 * dropped and is counted against the address instead, so made-up tokens neither get budgets of
 * their own nor leave rows behind.
 */
export function authenticate(auth: AuthService): RequestHandler {
  const limiter = auth.rateLimiter;
  return async (req, res, next) => {
    try {
      const token = bearerToken(req.headers.authorization);
      const address = req.ip ?? null;
      const byAddress = `ip:${address}`;
      const byToken = token === null ? byAddress : `token:${hashToken(token).slice(0, 32)}`;
      const [access, first] = await Promise.all([
        auth.identify(token, address),
        limiter ? limiter.consume(byToken) : null,
      ]);
      res.locals.access = access;
      let decision = first;
      if (limiter && byToken !== byAddress && (!access.principal || access.principal.anonymous)) {
        limiter.forget(byToken).catch(() => undefined);
        decision = await limiter.consume(byAddress);
      }
      if (decision && !decision.allowed) {
        res.set('Retry-After', String(decision.retryAfterSeconds));
        return sendError(
          res,
          429,
          ErrorCode.RATE_LIMITED,
          `Too many requests; retry in ${decision.retryAfterSeconds} s`,
        );
      }
      next();
    } catch (e) {
      next(e);
    }
  };
}

/** /graphql: a caller without a valid key is refused before parsing (roles per field: the Apollo plugin). */
export function requireCaller(): RequestHandler {
  return (req, res, next) => {
    const access = accessOf(res);
    if (access.enforced && !access.principal) return unauthenticated(req, res);
    next();
  };
}

function unauthenticated(req: Request, res: Response): void {
  res.set('WWW-Authenticate', 'Bearer realm="distmetrics"');
  sendError(
    res,
    401,
    ErrorCode.UNAUTHENTICATED,
    req.headers.authorization
      ? 'Unknown or revoked API key'
      : 'An API key is required: send Authorization: Bearer <token>',
  );
}

/**
 * Byte downloads (images, masks, .npy, CSV): a valid signature (the URLs in GraphQL answers
 * carry one) or a reader's key. A signature that is present but tampered with or expired is
 * refused even when the server is open, so a leaked URL stops working when it expires.
 */
export function requireReadAccess(auth: AuthService): RequestHandler {
  return (req, res, next) => {
    const check = auth.signer().check(req.originalUrl);
    if (check === 'valid') return next();
    if (check === 'invalid' || check === 'expired')
      return sendError(
        res,
        403,
        ErrorCode.FORBIDDEN,
        check === 'expired' ? 'This signed URL has expired: ask the API for a fresh one' : 'Invalid URL signature',
      );
    const access = accessOf(res);
    if (!access.enforced) return next();
    if (!access.principal) return unauthenticated(req, res);
    if (!roleAllows(access.principal.role, 'reader'))
      return sendError(res, 403, ErrorCode.FORBIDDEN, 'This key may not read downloads');
    next();
  };
}
