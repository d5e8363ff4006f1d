import { Piscina } from 'piscina';
import type { IdistEstimate } from '../math/idist-estimate.js';
import type { DistanceTask, EstimateTask, PointIdistTask, RowSumsTask } from './distance-worker.js';

/**
 * Distance blocks off the event loop: a piscina pool of worker threads running distance-worker.ts.
 * A small interface, so the analytics' general thread pool can take over these tasks unchanged.
 */
export interface DistancePool {
  /** Partial IDist row sums of a chunk (see blockRowSums). */
  rowSums(task: Omit<RowSumsTask, 'kind'>): Promise<Float64Array>;
  /** A new image's coordinates (projected when `point` is null) and its IDist sum to the n primary rows. */
  pointIdist(task: Omit<PointIdistTask, 'kind'>): Promise<{ point: Float64Array; sum: number }>;
  /** IDist estimated from a sample of the primary (see estimateIdist). */
  estimate(task: Omit<EstimateTask, 'kind'>): Promise<IdistEstimate>;
  close(): Promise<void>;
}

const ENTRY = new URL('./distance-worker-entry.mjs', import.meta.url).href;

export function createDistancePool(threads: number): DistancePool {
  let pool: Piscina | null = null;
  // Started on first use: most processes (CLI commands) never compute a distance block.
  const get = () =>
    (pool ??= new Piscina({ filename: ENTRY, minThreads: 1, maxThreads: threads, idleTimeout: 60_000 }));
  const run = <T>(task: DistanceTask) => get().run(task) as Promise<T>;
  return {
    rowSums: (t) => run<Float64Array>({ kind: 'rowSums', ...t }),
    pointIdist: (t) => run<{ point: Float64Array; sum: number }>({ kind: 'pointIdist', ...t }),
    estimate: (t) => run<IdistEstimate>({ kind: 'estimate', ...t }),
    async close() {
      const p = pool;
      pool = null;
      await p?.destroy();
    },
  };
}

/** A Float64Array on shared memory: posted to the pool's threads without a copy. */
export function sharedCopy(x: Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(x.byteLength));
  out.set(x);
  return out;
}
