import { blockRowSums } from '../math/idist-blocks.js';
import { estimateIdist, type IdistEstimate } from '../math/idist-estimate.js';
import { projectCentred } from '../math/pca-products.js';

/**
 * The distance tasks (distance-pool.ts) that the analytics threads run (analytics-worker.ts).
 * Pure math only: typed arrays in (shared memory where the caller has it, so nothing n-sized is
 * copied per task), numbers out.
 */

export interface RowSumsTask {
  kind: 'rowSums';
  /** The chunk's secondary rows only, rows x dim. */
  s: Float64Array;
  rows: number;
  /** Every primary row, n x dim. */
  p: Float64Array;
  n: number;
  dim: number;
  colStart: number;
  colEnd: number;
}

export interface PointIdistTask {
  kind: 'pointIdist';
  /** The embedding (length cols) to project with mean and components, or null when `point` is given. */
  vector: Float32Array | null;
  mean: Float64Array | null;
  /** dim x cols, row-major. */
  components: Float64Array | null;
  cols: number;
  /** Coordinates already in the fit (length dim), or null to project `vector`. */
  point: Float64Array | null;
  p: Float64Array;
  n: number;
  dim: number;
}

export interface EstimateTask {
  kind: 'estimate';
  s: Float64Array;
  m: number;
  p: Float64Array;
  n: number;
  dim: number;
  sample: Int32Array;
  level: number;
}

export type DistanceTask = RowSumsTask | PointIdistTask | EstimateTask;

export function runDistanceTask(
  task: DistanceTask,
): Float64Array | IdistEstimate | { point: Float64Array; sum: number } {
  if (task.kind === 'estimate') return estimateIdist(task.s, task.m, task.p, task.n, task.dim, task.sample, task.level);
  if (task.kind === 'rowSums')
    return blockRowSums(task.s, task.rows, task.p, task.n, task.dim, task.colStart, task.colEnd);
  const point = task.point ?? projectCentred(task.vector!, 1, task.cols, task.mean!, task.components!, task.dim);
  return { point, sum: blockRowSums(point, 1, task.p, task.n, task.dim)[0]! };
}
