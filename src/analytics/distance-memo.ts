import { createSharedWork } from '../compute/shared-work.js';
import { currentSignal } from '../compute/request-signal.js';
import { type IdistReduce, odist as meanOf } from '../math/dist.js';
import { blockOf, type FitLayout } from './fit-blocks.js';
import { baselineOdistOn, type DistanceKernels, type PairFromFit, pairFromFitOn } from './fit-distances.js';

/** A stored fit as the memo's callers pass it; its first block is its primary. */
type StoredFitRef = FitLayout & { id: number };

/** IDist (under reduce) and its ODist from stored sums to the primary's n rows. */
function fromSums(sums: Float64Array, n: number, reduce: IdistReduce): { idist: Float64Array; odist: number } {
  const idist = reduce === 'mean' ? sums.map((v) => v / n) : sums.slice();
  return { idist, odist: meanOf(idist) };
}

/** Distance results kept per process: IDist vectors (8 bytes an image) and ODist(P, P) values. */
const MEMO_ENTRIES = 64;

/**
 * IDist / ODist / ODist(P, P) of stored fits, computed once per process: a stored fit never
 * changes (a refit gets a new id), so neither do its distances, and a repeated query (a cached
 * odist, the dashboard's pages) reads them instead of summing m x n distances again, which at
 * n = m = 50,000 takes minutes. Concurrent identical requests share one computation, cancelled
 * only when none of them still waits (createSharedWork).
 *
 * `stored` gives IDist sums (reduce SUM) to the fit's primary that a distance job or an earlier
 * request stored (src/distances/): read instead of summed, at sizes no request sums itself.
 */
export function createDistanceMemo(
  kernels: DistanceKernels,
  stored: (fit: StoredFitRef, datasetId: number) => Promise<Float64Array | null> = async () => null,
) {
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
            const kept = primaryId === fit.blockDatasetIds[0] ? await stored(fit, secondaryId) : null;
            if (kept) return fromSums(kept, blockOf(fit, primaryId)!.rows, reduce);
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
          async (signal) => {
            // ODist(P, P) is the mean of P's own IDist: from its stored sums when a job stored them.
            const kept = primaryId === fit.blockDatasetIds[0] ? await stored(fit, primaryId) : null;
            if (kept) return fromSums(kept, kept.length, reduce).odist;
            return baselineOdistOn(kernels, fit, primaryId, reduce, signal);
          },
          currentSignal(),
        );
        remember(key, value);
      }
      return value;
    },
  };
}

export type DistanceMemo = ReturnType<typeof createDistanceMemo>;
