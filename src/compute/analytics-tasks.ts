/**
 * The messages between the analytics pool (main thread) and its worker threads. Large arrays
 * travel on SharedArrayBuffers, so neither side copies them.
 */
import type { PcaFit } from '../math/pca.js';
import type { PcaSolver } from '../math/top-pca.js';
import type { CopyLoadTask } from './copy-load.js';
import type { DistanceTask } from './distance-tasks.js';
import type { StatisticsTask } from './statistics-tasks.js';

/** Options of a top-z PCA task (see src/math/top-pca.ts); numbers only, so they clone cheaply. */
export interface FitTaskOptions {
  force?: 'auto' | 'exact' | 'randomized';
  formLimit?: number;
  smallOrder?: number;
  tolerance?: number;
  oversampling?: number;
  blockBytes?: number;
  maxIterationsRandomized?: number;
}

export type AnalyticsTask =
  | {
      op: 'fit';
      /** rows x cols float32, row-major (shared). */
      data: Float32Array;
      rows: number;
      cols: number;
      z: number;
      options: FitTaskOptions;
    }
  | {
      op: 'rowSums';
      /** Secondary rows [from, to) of s (shared, m x dim) against all n rows of p (shared). */
      s: Float64Array;
      from: number;
      to: number;
      p: Float64Array;
      n: number;
      dim: number;
    }
  | {
      op: 'selfTotal';
      /** Sum over i in [from, to), k >= i of the distances of p's rows, off-diagonal pairs twice. */
      p: Float64Array;
      n: number;
      dim: number;
      from: number;
      to: number;
    }
  | {
      /** Embeddings by binary COPY into a shared matrix, in the caller's snapshot (copy-load.ts). */
      op: 'copyLoad';
      task: CopyLoadTask;
    }
  | {
      /** A distance-job chunk, a new image's IDist, an estimate (distance-tasks.ts). */
      op: 'distance';
      task: DistanceTask;
    }
  | {
      /** A permutation test's or a bootstrap's step (statistics-tasks.ts). */
      op: 'statistics';
      task: StatisticsTask;
    }
  | {
      op: 'thresholdCounts';
      /** One prediction map and its mask, same pixel order and length (shared). */
      prediction: Uint8Array;
      mask: Uint8Array;
      maskThreshold: number;
    };

/** What the worker adds to every task: a shared flag that the pool sets to cancel it. */
export type WithCancel<T> = T & { cancel: Int32Array };

/** A PCA fit (math/pca.ts) with the solver that made it and what it cost. */
export interface FitTaskResult extends PcaFit {
  solver: PcaSolver;
  /** Sum of squared centred entries over rows - 1. */
  totalVariance: number;
  /** Milliseconds of linear algebra in the worker. */
  fitMs: number;
}

/** The error name a cancelled task rejects with. */
export const CANCELLED = 'AbortError';
