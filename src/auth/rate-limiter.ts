import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppConfig } from '../config.js';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Takes one point from `key`'s budget (a key name, or an address for anonymous callers). */
  consume(key: string): Promise<RateDecision>;
}

/**
 * Per-caller request budgets in the store (rate-limiter-flexible's RateLimiterPostgres on the
 * process's pool, table `rate_limits` from the migrations), so every server process in front of
 * one database shares one budget per caller. Null when RATE_LIMIT_POINTS is 0.
 *
 * Queries go out unnamed: the library names its prepared statements, and on the embedded store
 * every pooled connection shares PGlite's one session, where a second connection preparing the
 * same name would fail. If the store does not answer, an in-memory limiter with the same budget
 * takes over for that process (the library's insurance), so the API stays up.
 */
export function createRateLimiter(pool: pg.Pool, security: AppConfig['security']): RateLimiter | null {
  if (security.rateLimitPoints === 0) return null;
  const options = { points: security.rateLimitPoints, duration: security.rateLimitDurationSeconds };
  const unnamed = { query: (q: { text: string; values?: unknown[] }) => pool.query(q.text, q.values) };
  const limiter = new RateLimiterPostgres({
    ...options,
    storeClient: unnamed,
    storeType: 'pool',
    tableName: 'rate_limits',
    tableCreated: true,
    keyPrefix: 'api',
    insuranceLimiter: new RateLimiterMemory(options),
  });
  return {
    async consume(key) {
      try {
        await limiter.consume(key, 1);
        return { allowed: true };
      } catch (e) {
        if (e instanceof RateLimiterRes)
          return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(e.msBeforeNext / 1000)) };
        throw e;
      }
    },
  };
}
