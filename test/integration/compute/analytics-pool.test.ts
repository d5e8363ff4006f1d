import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsPool, createAnalyticsPool } from '../../../src/compute/analytics-pool.js';
import { createSharedWork } from '../../../src/compute/shared-work.js';
import { AppError } from '../../../src/errors.js';
import { pairRowSumsJs } from '../../../src/math/pair-sums.js';
import { decayingSpectrum } from '../../helpers/numpy-reference.js';

/** CPU seconds this process (every thread) uses over `ms` of wall time, per second. */
async function cpuLoad(ms: number): Promise<number> {
  const before = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / (performance.now() - t0);
}

/**
 * A fit that runs until cancelled on any machine: the randomized path with a bound it can never
 * meet and no practical cap on its passes over the data.
 */
const LONG_FIT = { force: 'randomized', tolerance: 0, maxIterationsRandomized: 1_000_000 } as const;

describe('the analytics pool', () => {
  let pool: AnalyticsPool;
  const rows = 1500,
    cols = 1200;
  let data: Float32Array;
  beforeAll(() => {
    pool = createAnalyticsPool({ threads: 1 });
    data = decayingSpectrum(rows, cols, { alpha: 0.5, rank: 300, seed: 21 });
  });
  afterAll(() => pool.close());

  it('computes on the threads what the pure functions compute inline', async () => {
    const fit = await pool.fit(data, rows, cols, 10);
    expect(fit.solver.gemm).toBe('onnxruntime-mlas-f64');
    const z = fit.zUsed;
    const p = fit.scores.subarray(0, 700 * z);
    const s = fit.scores.subarray(700 * z);
    const sums = await pool.rowSums(s, rows - 700, p, 700, z);
    const inline = pairRowSumsJs(s, rows - 700, p, 700, z);
    expect(Math.max(...sums.map((v, j) => Math.abs(v - inline[j]!) / inline[j]!))).toBeLessThan(1e-13);
    const self = await pool.selfDistanceTotal(p, 700, z);
    const all = pairRowSumsJs(p, 700, p, 700, z).reduce((a, b) => a + b, 0);
    expect(Math.abs(self - all) / all).toBeLessThan(1e-12);
  }, 120_000);

  it('cancelling a running fit stops its CPU use and frees the thread for the next task', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const running = pool.fit(data, rows, cols, 25, LONG_FIT, controller.signal);
    await new Promise((r) => setTimeout(r, 500));
    const busy = await cpuLoad(400); // the thread is computing (a share of a loaded machine)
    controller.abort(new Error('client went away'));
    const aborted = performance.now();
    const error = await running.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CANCELLED');
    expect(performance.now() - aborted).toBeLessThan(3000); // within one block, generously
    expect(performance.now() - started).toBeLessThan(20_000);
    const idle = await cpuLoad(500); // nothing keeps computing
    expect(idle).toBeLessThan(0.1);
    expect(busy).toBeGreaterThan(3 * idle);
    // One thread only: the next task runs at once, on the thread the cancelled fit held.
    const next = performance.now();
    const small = await pool.fit(data.subarray(0, 200 * cols), 200, cols, 5);
    expect(small.zUsed).toBe(5);
    expect(performance.now() - next).toBeLessThan(5000);
    expect(pool.stats().queued).toBe(0);
  }, 120_000);

  it('a timed-out signal answers ANALYTICS_TIMEOUT', async () => {
    const error = await pool.fit(data, rows, cols, 25, LONG_FIT, AbortSignal.timeout(300)).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('ANALYTICS_TIMEOUT');
  }, 120_000);
});

describe('shared in-flight work', () => {
  it('keeps computing while one waiter remains, and cancels when the last one leaves', async () => {
    const work = createSharedWork<number>();
    let runs = 0;
    let cancelledWith: unknown = null;
    const start = (signal: AbortSignal) => {
      runs++;
      return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => resolve(42), 400);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          cancelledWith = signal.reason;
          reject(new Error('stopped'));
        });
      });
    };
    const a = new AbortController();
    const b = new AbortController();
    const first = work.run('k', start, a.signal);
    const second = work.run('k', start, b.signal);
    expect(runs).toBe(1);
    expect(work.waiting().get('k')).toBe(2);
    a.abort(new Error('a left'));
    await expect(first).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(second).resolves.toBe(42); // b still waited: the computation went on
    expect(cancelledWith).toBeNull();

    const c = new AbortController();
    const d = new AbortController();
    const third = work.run('k', start, c.signal);
    const fourth = work.run('k', start, d.signal);
    c.abort(new Error('c left'));
    d.abort(new Error('d left'));
    await expect(third).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(fourth).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((cancelledWith as Error).message).toBe('d left');
    expect(work.waiting().size).toBe(0);
    // A new caller starts afresh rather than joining the cancelled run.
    await expect(work.run('k', start, null)).resolves.toBe(42);
    expect(runs).toBe(3);
  });
});
