import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/**
 * The AbortSignal of the HTTP request being served, carried by async context so the analytics
 * computations started on its behalf can be cancelled without threading a signal through every
 * resolver and service: it aborts when the client disconnects before the answer is sent, or when
 * the request has run longer than ANALYTICS_TIMEOUT_MS (reason: a TimeoutError).
 */
const storage = new AsyncLocalStorage<AbortSignal>();

/** The current request's signal, or null outside a request (CLI, jobs, tests calling services). */
export function currentSignal(): AbortSignal | null {
  return storage.getStore() ?? null;
}

/** Runs fn with `signal` as the current request's signal. */
export function withSignal<T>(signal: AbortSignal, fn: () => T): T {
  return storage.run(signal, fn);
}

/** Express middleware: gives the rest of the request its signal (timeoutMs 0 = no timeout). */
export function requestSignal(timeoutMs: number) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const disconnect = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) disconnect.abort(new Error('client disconnected'));
    });
    const signal =
      timeoutMs > 0 ? AbortSignal.any([disconnect.signal, AbortSignal.timeout(timeoutMs)]) : disconnect.signal;
    storage.run(signal, next);
  };
}
