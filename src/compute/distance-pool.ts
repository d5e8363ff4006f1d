import type { IdistEstimate } from '../math/idist-estimate.js';
import type { AnalyticsPool } from './analytics-pool.js';
import type { EstimateTask, PointIdistTask, RowSumsTask } from './distance-tasks.js';

/**
 * Distance blocks off the event loop, on the analytics pool's threads (distance-tasks.ts): what
 * the distance jobs, the new-image path and the estimates need of it.
 */
export interface DistancePool {
  /** Partial IDist row sums of a chunk (see blockRowSums). */
  rowSums(task: Omit<RowSumsTask, 'kind'>): Promise<Float64Array>;
  /** A new image's coordinates (projected when `point` is null) and its IDist sum to the n primary rows. */
  pointIdist(task: Omit<PointIdistTask, 'kind'>): Promise<{ point: Float64Array; sum: number }>;
  /** IDist estimated from a sample of the primary (see estimateIdist). */
  estimate(task: Omit<EstimateTask, 'kind'>): Promise<IdistEstimate>;
}

export function createDistancePool(pool: Pick<AnalyticsPool, 'distance'>): DistancePool {
  return {
    rowSums: (t) => pool.distance({ kind: 'rowSums', ...t }),
    pointIdist: (t) => pool.distance({ kind: 'pointIdist', ...t }),
    estimate: (t) => pool.distance({ kind: 'estimate', ...t }),
  };
}
