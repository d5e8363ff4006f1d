import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppConfig } from '../config.js';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Takes one point from `key`'s budget (a key name, or an address for anonymous callers). */
  consume(key: string): Promise<RateDecision>;
  /** Drops a budget (one taken for a token that turned out to be unknown). */
  forget(key: string): Promise<void>;
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
  // What the store answered last, per budget: while a caller is far from its limit, the request
  // goes on at once and the store's count is updated beside it (off the request's path); near
  // the limit, or for a budget not seen yet, the request waits for the store's answer. The store
  // stays the budget of record, shared by every process; a process can overshoot only by what it
  // lets through above `margin` between two answers.
  const margin = Math.max(1, Math.ceil(security.rateLimitPoints / 20));
  const known = new Map<string, { remaining: number; resetAt: number }>();
  const remember = (key: string, remaining: number, msBeforeNext: number) => {
    if (known.size >= 10_000 && !known.has(key)) known.delete(known.keys().next().value!);
    known.set(key, { remaining, resetAt: Date.now() + msBeforeNext });
  };
  const ask = async (key: string): Promise<RateDecision> => {
    try {
      const res = await limiter.consume(key, 1);
      remember(key, res.remainingPoints, res.msBeforeNext);
      return { allowed: true };
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      remember(key, 0, e.msBeforeNext);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(e.msBeforeNext / 1000)) };
    }
  };
  return {
    async consume(key) {
      const last = known.get(key);
      if (last && last.resetAt > Date.now() && last.remaining > margin) {
        last.remaining -= 1;
        ask(key).catch((e) => console.error('[rate-limit] store update failed:', (e as Error).message));
        return { allowed: true };
      }
      return ask(key);
    },
    async forget(key) {
      known.delete(key);
      await limiter.delete(key);
    },
  };
}
