import {
  conformalPValue,
  conformalReference,
  type ConformalReference,
  looMeanDistances,
} from '../statistics/conformal.js';
import { blockOf, type FitLayout } from './fit-blocks.js';

/**
 * Conformal p-values of IDist (src/statistics/conformal.ts): the primary's leave-one-out mean
 * distances in one stored fit, kept per fit (a fit never changes; a refit gets a new id), so a
 * page of p-values costs a binary search each after the first O(n^2 z) pass.
 */
const MEMO_SIZE = 32;
const memo = new Map<string, ConformalScores>();

/** The sorted reference, and each primary image's LOO mean distance in block order (ascending image id). */
export interface ConformalScores extends ConformalReference {
  loo: Float64Array;
}

export function conformalOf(
  fit: FitLayout & { id: number; fingerprint: string; createdAt: Date },
  primaryId: number,
): ConformalScores {
  // Fingerprint and creation time too: fit ids of two stores in one process (tests) can coincide.
  const key = `${fit.id}:${fit.fingerprint}:${fit.createdAt.getTime()}:${primaryId}`;
  let ref = memo.get(key);
  if (ref) memo.delete(key);
  else {
    const p = blockOf(fit, primaryId);
    if (!p) throw new RangeError(`dataset ${primaryId} is not a block of fit ${fit.id}`);
    const loo = looMeanDistances(p.scores, p.rows, fit.zUsed);
    ref = { ...conformalReference(loo), loo };
  }
  memo.set(key, ref);
  if (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value!);
  return ref;
}

/**
 * p-value of an IDist: the image's mean distance to the n primary images against the primary's
 * LOO means. `idist` is a sum over the primary (reduce SUM) unless `mean`.
 */
export function idistPValue(ref: ConformalReference, idist: number, mean: boolean): number {
  const n = ref.sorted.length;
  return conformalPValue(ref, mean ? idist : idist / n);
}
