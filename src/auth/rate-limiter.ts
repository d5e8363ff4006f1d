import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppConfig } from '../config.js';

/** How long points taken far from a limit wait before they are written to the store together. */
const FLUSH_MS = 100;

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
  // What the store answered last, per budget. While a caller is far from its limit, its requests
  // go on at once and their points are written to the store together every FLUSH_MS (one upsert
  // per busy budget, not one per request: on 2 cores an extra query per request cost about as
  // much CPU as the round trip it no longer waited for). Near the limit, or for a budget not seen
  // yet, a request waits for the store's answer. The store stays the budget of record, shared by
  // every process; a process can overshoot by what it lets through above `margin` in one flush.
  const margin = Math.max(1, Math.ceil(security.rateLimitPoints / 20));
  const known = new Map<string, { remaining: number; resetAt: number }>();
  const pending = new Map<string, number>();
  let flushTimer: NodeJS.Timeout | null = null;
  const remember = (key: string, remaining: number, msBeforeNext: number) => {
    if (known.size >= 10_000 && !known.has(key)) known.delete(known.keys().next().value!);
    known.set(key, { remaining, resetAt: Date.now() + msBeforeNext });
  };
  const ask = async (key: string, points = 1): Promise<RateDecision> => {
    try {
      const res = await limiter.consume(key, points);
      remember(key, res.remainingPoints, res.msBeforeNext);
      return { allowed: true };
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      remember(key, 0, e.msBeforeNext);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(e.msBeforeNext / 1000)) };
    }
  };
  const flush = () => {
    flushTimer = null;
    for (const [key, points] of pending) {
      pending.delete(key);
      ask(key, points).catch((e) => console.error('[rate-limit] store update failed:', (e as Error).message));
    }
  };
  return {
    async consume(key) {
      const last = known.get(key);
      if (last && last.resetAt > Date.now() && last.remaining > margin) {
        last.remaining -= 1;
        pending.set(key, (pending.get(key) ?? 0) + 1);
        flushTimer ??= setTimeout(flush, FLUSH_MS).unref();
        return { allowed: true };
      }
      // this request's point, with any of this budget's points still waiting for the flush
      const waiting = pending.get(key) ?? 0;
      pending.delete(key);
      return ask(key, 1 + waiting);
    },
    async forget(key) {
      known.delete(key);
      pending.delete(key);
      await limiter.delete(key);
    },
  };
}
