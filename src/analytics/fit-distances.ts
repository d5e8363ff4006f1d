import { idist, type IdistReduce, odist } from '../math/dist.js';
import { pairwiseL2 } from '../math/distances.js';
import { blockOf, type Block, type FitLayout } from './fit-blocks.js';
import type { FitBasis } from './fit-cache.repository.js';
import { type PcaFit, projectRows } from '../math/pca.js';
import type { AnalyticsPool } from '../compute/analytics-pool.js';
import { currentSignal } from '../compute/request-signal.js';

/**
 * Distances from a stored fit's scores (method.md Distances 4-6, 9): no linear algebra beyond
 * the m x n distance loop, so a cached fit answers in milliseconds. Pure.
 */

export interface PairFromFit {
  primary: Block;
  secondary: Block;
  /** Length m (secondary rows), by ascending image id. */
  idist: Float64Array;
  odist: number;
}

function requireBlock(fit: FitLayout, datasetId: number): Block {
  const block = blockOf(fit, datasetId);
  if (!block) throw new RangeError(`dataset ${datasetId} is not a block of this fit`);
  return block;
}

/**
 * D(S, P) for rows [from, to) of the secondary block: (to - from) x n, row-major
 * (row j = secondary image from + j, column k = primary image k).
 */
export function distanceRows(
  fit: FitLayout,
  primaryId: number,
  secondaryId: number,
  from: number,
  to: number,
): Float64Array {
  const p = requireBlock(fit, primaryId);
  const s = requireBlock(fit, secondaryId);
  const z = fit.zUsed;
  return pairwiseL2(s.scores.subarray(from * z, to * z), to - from, p.scores, p.rows, z);
}

/** IDist and ODist of one secondary block to the primary block of the same fit. */
export function pairFromFit(fit: FitLayout, primaryId: number, secondaryId: number, reduce: IdistReduce): PairFromFit {
  const primary = requireBlock(fit, primaryId);
  const secondary = requireBlock(fit, secondaryId);
  const d = pairwiseL2(secondary.scores, secondary.rows, primary.scores, primary.rows, fit.zUsed);
  const values = idist(d, secondary.rows, primary.rows, { reduce });
  return { primary, secondary, idist: values, odist: odist(values) };
}

/** The distance kernels of the analytics pool that answers use (src/compute/analytics-pool.ts). */
export type DistanceKernels = Pick<AnalyticsPool, 'rowSums' | 'selfDistanceTotal'>;

/**
 * `pairFromFit` with the m x n distance sums on the analytics threads (the request's signal
 * cancels them): the same numbers, without blocking the event loop at large m x n.
 */
export async function pairFromFitOn(
  kernels: DistanceKernels,
  fit: FitLayout,
  primaryId: number,
  secondaryId: number,
  reduce: IdistReduce,
  signal: AbortSignal | null = currentSignal(),
): Promise<PairFromFit> {
  const primary = requireBlock(fit, primaryId);
  const secondary = requireBlock(fit, secondaryId);
  const sums = await kernels.rowSums(secondary.scores, secondary.rows, primary.scores, primary.rows, fit.zUsed, signal);
  const values = reduce === 'mean' ? sums.map((v) => v / primary.rows) : sums;
  return { primary, secondary, idist: values, odist: odist(values) };
}

/** `baselineOdist` on the analytics threads, visiting each unordered primary pair once. */
export async function baselineOdistOn(
  kernels: DistanceKernels,
  fit: FitLayout,
  primaryId: number,
  reduce: IdistReduce,
  signal: AbortSignal | null = currentSignal(),
): Promise<number> {
  const p = requireBlock(fit, primaryId);
  const total = await kernels.selfDistanceTotal(p.scores, p.rows, fit.zUsed, signal);
  return reduce === 'mean' ? total / p.rows / p.rows : total / p.rows;
}

/** ODist(P, P) under the fit: the primary's own spread, the baseline for reading ODist(S, P). */
export function baselineOdist(fit: FitLayout, primaryId: number, reduce: IdistReduce): number {
  return pairFromFit(fit, primaryId, primaryId, reduce).odist;
}

/** Coordinates of one new embedding in a stored fit (its mean and components; no refit). */
export function projectWithStoredFit(
  fit: FitLayout & { cols: number; rank: number; zRequested: number },
  basis: FitBasis,
  vector: Float32Array,
): Float64Array {
  const asFit: PcaFit = {
    rows: fit.imageIds.length,
    cols: fit.cols,
    mean: basis.mean,
    components: basis.components,
    explainedVariance: new Float64Array(fit.zUsed),
    scores: fit.scores,
    rank: fit.rank,
    zRequested: fit.zRequested,
    zUsed: fit.zUsed,
    clamped: fit.zUsed < fit.zRequested,
    method: 'dual',
  };
  return projectRows(asFit, vector, 1);
}

/** Distances from one point (length zUsed) to every row of a block, in the block's row order. */
export function distancesToBlock(point: Float64Array, block: Block, zUsed: number): Float64Array {
  return pairwiseL2(point, 1, block.scores, block.rows, zUsed);
}
