import os from 'node:os';
import { Piscina } from 'piscina';
import { AppError, ErrorCode } from '../errors.js';
import type { NumericArray } from '../math/validate.js';
import type { ThresholdCounts } from '../metrics/threshold-counts.js';
import {
  type AnalyticsTask,
  CANCELLED,
  type FitTaskOptions,
  type FitTaskResult,
  type WithCancel,
} from './analytics-tasks.js';
import type { AnalyticsWorkerData } from './analytics-worker.js';
import type { CopyLoadResult, CopyLoadTask } from './copy-load.js';
import type { DistanceTask } from './distance-tasks.js';
import type { StatisticsTask, TaskResults } from './statistics-tasks.js';

/**
 * The server's one thread pool (ANALYTICS_THREADS): every computation larger than O(n + m) runs
 * here, off the event loop (PCA fits, distance sums, threshold counts, distance-job chunks and
 * estimates through distance-pool.ts, the statistics' permutation tests and bootstraps through
 * src/uncertainty/statistics-pool.ts), so /health and cached answers
 * stay fast while a cold fit runs. Piscina threads; large arrays go on SharedArrayBuffers
 * (`shared`), so a task reads the caller's data without a copy.
 *
 * Cancellation: each task carries a shared flag that the caller's AbortSignal sets; the thread
 * checks it between blocks (tens of ms apart) and gives up, so the thread is free for the next
 * task. A cancelled call rejects with an AppError: CANCELLED, or ANALYTICS_TIMEOUT when the
 * signal's reason is a timeout.
 *
 * For other modules (distance jobs, estimates): `rowSums` is the IDist kernel
 * (src/math/pair-sums.ts) split over the threads; `selfDistanceTotal` is ODist(P, P)'s numerator.
 */
export interface AnalyticsPool {
  readonly threads: number;
  /** Top-z PCA (src/math/top-pca.ts) of rows x cols float32 data, with its total variance. */
  fit(
    data: Float32Array,
    rows: number,
    cols: number,
    z: number,
    options?: FitTaskOptions,
    signal?: AbortSignal | null,
  ): Promise<FitTaskResult>;
  /** out[j] = sum_k ||s_j - p_k|| for s (m x dim) and p (n x dim): IDist's row sums, split over the threads. */
  rowSums(
    s: Float64Array,
    m: number,
    p: Float64Array,
    n: number,
    dim: number,
    signal?: AbortSignal | null,
  ): Promise<Float64Array>;
  /** Sum over all ordered pairs (j, k) of ||p_j - p_k||: n times ODist(P, P). */
  selfDistanceTotal(p: Float64Array, n: number, dim: number, signal?: AbortSignal | null): Promise<number>;
  /** TP/FP/FN of one prediction map against its mask at the 100 thresholds (src/metrics/threshold-counts.ts). */
  thresholdCounts(
    prediction: Uint8Array,
    mask: Uint8Array,
    maskThreshold: number,
    signal?: AbortSignal | null,
  ): Promise<ThresholdCounts>;
  /** Embeddings by binary COPY, received and decoded on a thread (copy-load.ts): each segment's ids. */
  copyLoad(task: CopyLoadTask, signal?: AbortSignal | null): Promise<CopyLoadResult>;
  /** A distance task (distance-tasks.ts): distance-job chunks, new images' IDist, estimates. */
  distance<R>(task: DistanceTask): Promise<R>;
  /** A statistics task (statistics-tasks.ts): a permutation test's or a bootstrap's step. */
  statistics<T extends StatisticsTask>(task: T): Promise<TaskResults[T['kind']]>;
  /** Tasks queued and running (tests, metrics). */
  stats(): { queued: number; completed: number; utilization: number };
  close(): Promise<void>;
}

/**
 * Below this many pairs the row sums run inline: about a millisecond of the WebAssembly kernel
 * at z = 25, less than a task's round trip (the paper's 315 x 260 pairs are one such call).
 */
export const INLINE_PAIRS = 262_144;
/** Pieces per thread that a rowSums call is split into, so threads that finish early take more. */
const PIECES_PER_THREAD = 4;
/** Fewest pairs a piece holds: each piece is a round trip to a thread. */
const PAIRS_PER_PIECE = 262_144;
const piecesFor = (pairs: number, rows: number, threads: number) =>
  Math.max(1, Math.min(rows, threads * PIECES_PER_THREAD, Math.ceil(pairs / PAIRS_PER_PIECE)));

const WORKER_URL = new URL('./analytics-worker-entry.cjs', import.meta.url);

/** A copy of x on a SharedArrayBuffer (returned as is when it already is one). */
export function shared<T extends NumericArray | Uint8Array>(x: T): T {
  if (x.buffer instanceof SharedArrayBuffer) return x;
  const Ctor = x.constructor as new (b: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(x.byteLength));
  out.set(x as never);
  return out;
}

/** The AppError for an aborted signal: a timeout, or a cancelled request. */
export function abortError(signal: AbortSignal): AppError {
  const reason = signal.reason as { name?: string } | undefined;
  if (reason instanceof AppError) return reason;
  if (reason?.name === 'TimeoutError') {
    return new AppError(
      ErrorCode.ANALYTICS_TIMEOUT,
      'The computation took longer than ANALYTICS_TIMEOUT_MS and was stopped; a smaller request (fewer images or components) answers sooner',
    );
  }
  return new AppError(ErrorCode.CANCELLED, 'The request was cancelled (the client went away)');
}

export function createAnalyticsPool(options: { threads?: number } = {}): AnalyticsPool {
  const threads = Math.max(1, options.threads ?? os.availableParallelism());
  const piscina = new Piscina<WithCancel<AnalyticsTask>, unknown>({
    filename: WORKER_URL.href,
    minThreads: 1,
    maxThreads: threads,
    idleTimeout: 60_000,
    // One ONNX Runtime thread inside each analytics thread: the pool is the parallelism.
    workerData: { gemmThreads: 1 } satisfies AnalyticsWorkerData,
  });

  async function run<R>(task: AnalyticsTask, signal?: AbortSignal | null): Promise<R> {
    if (signal?.aborted) throw abortError(signal);
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const onAbort = () => Atomics.store(cancel, 0, 1);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return (await piscina.run({ ...task, cancel } as WithCancel<AnalyticsTask>)) as R;
    } catch (e) {
      if (signal?.aborted || (e as Error)?.name === CANCELLED) throw signal ? abortError(signal) : e;
      throw e;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** [from, to) ranges of rows whose weights (work per row) are about equal. */
  function ranges(n: number, pieces: number, weight: (row: number) => number): [number, number][] {
    let total = 0;
    for (let i = 0; i < n; i++) total += weight(i);
    const out: [number, number][] = [];
    let from = 0;
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += weight(i);
      if (acc >= (total * (out.length + 1)) / pieces && i + 1 < n) {
        out.push([from, i + 1]);
        from = i + 1;
      }
    }
    if (from < n) out.push([from, n]);
    return out;
  }

  return {
    threads,

    fit: (data, rows, cols, z, fitOptions = {}, signal = null) =>
      run<FitTaskResult>({ op: 'fit', data: shared(data), rows, cols, z, options: fitOptions }, signal),

    async rowSums(s, m, p, n, dim, signal = null) {
      if (m * n <= INLINE_PAIRS) {
        const { pairRowSums } = await import('../math/pair-sums.js');
        return pairRowSums(s, m, p, n, dim);
      }
      const ss = shared(s);
      const ps = shared(p);
      const parts = ranges(m, piecesFor(m * n, m, threads), () => 1);
      const sums = await Promise.all(
        parts.map(([from, to]) => run<Float64Array>({ op: 'rowSums', s: ss, from, to, p: ps, n, dim }, signal)),
      );
      const out = new Float64Array(m);
      parts.forEach(([from], i) => out.set(sums[i]!, from));
      return out;
    },

    async selfDistanceTotal(p, n, dim, signal = null) {
      if (n * n <= INLINE_PAIRS) {
        const { selfDistanceTotal } = await import('../math/pair-sums.js');
        return selfDistanceTotal(p, n, dim);
      }
      const ps = shared(p);
      // Row i pairs with rows i..n-1: later rows carry less work.
      const parts = ranges(n, piecesFor((n * n) / 2, n, threads), (i) => n - i);
      const totals = await Promise.all(
        parts.map(([from, to]) => run<number>({ op: 'selfTotal', p: ps, n, dim, from, to }, signal)),
      );
      return totals.reduce((a, b) => a + b, 0);
    },

    thresholdCounts: (prediction, mask, maskThreshold, signal = null) =>
      run({ op: 'thresholdCounts', prediction: shared(prediction), mask: shared(mask), maskThreshold }, signal),

    copyLoad: (task, signal = null) =>
      run<CopyLoadResult>({ op: 'copyLoad', task: { ...task, data: shared(task.data) } }, signal),

    distance: (task) => run({ op: 'distance', task }),

    statistics: <T extends StatisticsTask>(task: T) => run<TaskResults[T['kind']]>({ op: 'statistics', task }),

    stats: () => ({ queued: piscina.queueSize, completed: piscina.completed, utilization: piscina.utilization }),

    close: () => piscina.destroy(),
  };
}
