import { conformalPValue, conformalReference, type ConformalReference } from '../statistics/conformal.js';
import type { DistanceMemo } from './distance-memo.js';
import type { FitLayout } from './fit-blocks.js';

/**
 * Conformal p-values of IDist (src/statistics/conformal.ts): the primary's leave-one-out mean
 * distances in one stored fit, kept per fit (a fit never changes; a refit gets a new id), so a
 * page of p-values costs a binary search each after the first O(n^2 z) pass. That pass is the
 * primary's IDist to itself (its self-distances are 0), summed on the analytics threads through
 * the distance memo, so it never blocks the event loop at large n.
 */
const MEMO_SIZE = 32;
const memo = new Map<string, ConformalScores>();

/** The sorted reference, and each primary image's LOO mean distance in block order (ascending image id). */
export interface ConformalScores extends ConformalReference {
  loo: Float64Array;
}

export async function conformalOf(
  distances: Pick<DistanceMemo, 'pair'>,
  fit: FitLayout & { id: number; fingerprint: string; createdAt: Date },
  primaryId: number,
): Promise<ConformalScores> {
  // Fingerprint and creation time too: fit ids of two stores in one process (tests) can coincide.
  const key = `${fit.id}:${fit.fingerprint}:${fit.createdAt.getTime()}:${primaryId}`;
  let ref = memo.get(key);
  if (ref) memo.delete(key);
  else {
    const sums = (await distances.pair(fit, primaryId, primaryId, 'sum')).idist;
    const n = sums.length;
    const loo = n > 1 ? sums.map((v) => v / (n - 1)) : sums;
    ref = { ...conformalReference(loo), loo };
  }
  memo.set(key, ref);
  if (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value!);
  return ref;
}

/**
 * The reference from IDist sums of primary images to the n primary rows: all n rows (stored by a
 * distance job), or a sample of them when estimated, each row's LOO mean being its sum / (n - 1).
 */
export function conformalOfSums(sums: Float64Array, n: number): ConformalScores {
  const loo = n > 1 ? sums.map((v) => v / (n - 1)) : sums.slice();
  return { ...conformalReference(loo), loo };
}

/**
 * p-value of an IDist: the image's mean distance to the n primary images against the primary's
 * LOO means. `idist` is a sum over the primary (reduce SUM) unless `mean`.
 */
export function idistPValue(ref: ConformalReference, idist: number, mean: boolean): number {
  const n = ref.sorted.length;
  return conformalPValue(ref, mean ? idist : idist / n);
}
