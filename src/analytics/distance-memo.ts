import { createSharedWork } from '../compute/shared-work.js';
import { currentSignal } from '../compute/request-signal.js';
import type { IdistReduce } from '../math/dist.js';
import { blockOf, type FitLayout } from './fit-blocks.js';
import { baselineOdistOn, type DistanceKernels, type PairFromFit, pairFromFitOn } from './fit-distances.js';

/** Distance results kept per process: IDist vectors (8 bytes an image) and ODist(P, P) values. */
const MEMO_ENTRIES = 64;

/**
 * IDist / ODist / ODist(P, P) of stored fits, computed once per process: a stored fit never
 * changes (a refit gets a new id), so neither do its distances, and a repeated query (a cached
 * odist, the dashboard's pages) reads them instead of summing m x n distances again, which at
 * n = m = 50,000 takes minutes. Concurrent identical requests share one computation, cancelled
 * only when none of them still waits (createSharedWork).
 */
export function createDistanceMemo(kernels: DistanceKernels) {
  const done = new Map<string, { idist: Float64Array; odist: number } | number>();
  const pairs = createSharedWork<{ idist: Float64Array; odist: number }>();
  const baselines = createSharedWork<number>();

  function recall<T>(key: string): T | undefined {
    const hit = done.get(key);
    if (hit === undefined) return undefined;
    done.delete(key); // most recently used last
    done.set(key, hit);
    return hit as T;
  }
  function remember(key: string, value: { idist: Float64Array; odist: number } | number): void {
    done.set(key, value);
    if (done.size > MEMO_ENTRIES) done.delete(done.keys().next().value!);
  }

  return {
    /** IDist of the secondary block to the primary block of the fit, and ODist (method.md 5-6). */
    async pair(
      fit: FitLayout & { id: number },
      primaryId: number,
      secondaryId: number,
      reduce: IdistReduce,
    ): Promise<PairFromFit> {
      const key = `pair:${fit.id}:${primaryId}:${secondaryId}:${reduce}`;
      let value = recall<{ idist: Float64Array; odist: number }>(key);
      if (!value) {
        value = await pairs.run(
          key,
          async (signal) => {
            const p = await pairFromFitOn(kernels, fit, primaryId, secondaryId, reduce, signal);
            return { idist: p.idist, odist: p.odist };
          },
          currentSignal(),
        );
        remember(key, value);
      }
      return {
        primary: blockOf(fit, primaryId)!,
        secondary: blockOf(fit, secondaryId)!,
        idist: value.idist.slice(), // callers may reorder or scale it
        odist: value.odist,
      };
    },

    /** ODist(P, P) under the fit. */
    async baseline(fit: FitLayout & { id: number }, primaryId: number, reduce: IdistReduce): Promise<number> {
      const key = `base:${fit.id}:${primaryId}:${reduce}`;
      let value = recall<number>(key);
      if (value === undefined) {
        value = await baselines.run(
          key,
          (signal) => baselineOdistOn(kernels, fit, primaryId, reduce, signal),
          currentSignal(),
        );
        remember(key, value);
      }
      return value;
    },
  };
}

export type DistanceMemo = ReturnType<typeof createDistanceMemo>;
