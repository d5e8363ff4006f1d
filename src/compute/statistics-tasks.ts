/**
 * The heavy steps of the statistics (src/uncertainty/) as self-contained tasks over
 * SharedArrayBuffers, so one distance matrix is built once, in row blocks, and read by every
 * permutation chunk on any thread. runTask is what an analytics thread runs for them
 * (analytics-worker.ts).
 */
import {
  bootstrapOdistReplicates,
  bootstrapOdsReplicates,
  bootstrapSpearmanReplicates,
} from '../statistics/bootstrap.js';
import { countAllSplits, countRandomSplits, distanceRowsInto } from '../statistics/energy.js';

/** Rows [from, to) of the (size x size) distance matrix of `points` (size x dim); answers their row sums. */
export interface DistanceBlockTask {
  kind: 'distance-block';
  points: SharedArrayBuffer;
  matrix: SharedArrayBuffer;
  size: number;
  dim: number;
  from: number;
  to: number;
}

interface SplitTask {
  matrix: SharedArrayBuffer;
  sums: SharedArrayBuffer;
  total: number;
  size: number;
  /** Size of the drawn group. */
  a: number;
  observed: number;
}

/** `count` random splits of chunk `chunk`: answers how many have E >= observed. */
export interface RandomSplitsTask extends SplitTask {
  kind: 'random-splits';
  seed: number;
  chunk: number;
  count: number;
}

/** Every split, enumerated. */
export interface AllSplitsTask extends SplitTask {
  kind: 'all-splits';
}

/** Bootstrap replicates of ODist and scaled ODist (see bootstrapOdistReplicates). */
export interface OdistBootstrapTask {
  kind: 'odist-bootstrap';
  pairs: { d: SharedArrayBuffer; m: number }[];
  n: number;
  resamples: number;
  seed: number;
  mean: boolean;
}

/** Bootstrap replicates of one part's ODS from packed counts. */
export interface OdsBootstrapTask {
  kind: 'ods-bootstrap';
  packed: SharedArrayBuffer;
  images: number;
  resamples: number;
  seed: number;
}

/** Bootstrap replicates of Spearman's rho. */
export interface SpearmanBootstrapTask {
  kind: 'spearman-bootstrap';
  x: Float64Array;
  y: Float64Array;
  resamples: number;
  seed: number;
}

export type StatisticsTask =
  DistanceBlockTask | RandomSplitsTask | AllSplitsTask | OdistBootstrapTask | OdsBootstrapTask | SpearmanBootstrapTask;

export interface TaskResults {
  'distance-block': Float64Array;
  'random-splits': number;
  'all-splits': { hits: number; splits: number };
  'odist-bootstrap': { odist: Float64Array[]; scaled: Float64Array[] };
  'ods-bootstrap': Float64Array;
  'spearman-bootstrap': Float64Array;
}

const f64 = (b: SharedArrayBuffer) => new Float64Array(b);

export function runTask(task: StatisticsTask): TaskResults[StatisticsTask['kind']] {
  switch (task.kind) {
    case 'distance-block': {
      const matrix = f64(task.matrix);
      distanceRowsInto(f64(task.points), task.size, task.dim, matrix, task.from, task.to);
      const sums = new Float64Array(task.to - task.from);
      for (let i = task.from; i < task.to; i++) {
        let s = 0;
        for (let j = 0, row = i * task.size; j < task.size; j++) s += matrix[row + j];
        sums[i - task.from] = s;
      }
      return sums;
    }
    case 'random-splits':
      return countRandomSplits(
        f64(task.matrix),
        task.size,
        task.a,
        task.observed,
        task.seed,
        task.chunk,
        task.count,
        f64(task.sums),
        task.total,
      );
    case 'all-splits':
      return countAllSplits(f64(task.matrix), task.size, task.a, task.observed, f64(task.sums), task.total);
    case 'odist-bootstrap':
      return bootstrapOdistReplicates(
        task.pairs.map((p) => ({ d: f64(p.d), m: p.m })),
        task.n,
        task,
      );
    case 'ods-bootstrap':
      return bootstrapOdsReplicates(f64(task.packed), task.images, task);
    case 'spearman-bootstrap':
      return bootstrapSpearmanReplicates(task.x, task.y, task);
  }
}
