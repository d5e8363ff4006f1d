import { performance } from 'node:perf_hooks';
import { workerData } from 'node:worker_threads';
import { jsGemm, type Gemm } from '../math/gemm.js';
import { pairRowSums, pairRowSumsAgainst } from '../math/pair-sums.js';
import { countThresholds } from '../metrics/threshold-counts.js';
import { fitTopPca } from '../math/top-pca.js';
import { type AnalyticsTask, CANCELLED, type FitTaskResult, type WithCancel } from './analytics-tasks.js';
import { runCopyLoad } from './copy-load.js';
import { runDistanceTask } from './distance-tasks.js';
import { createOrtGemm } from './ort-gemm.js';
import { runTask as runStatisticsTask } from './statistics-tasks.js';

/**
 * One analytics thread (piscina): runs the tasks of analytics-tasks.ts. Every loop over blocks
 * checks the task's shared cancel flag, so a cancelled task returns within one block and the
 * thread takes the next task. (Piscina's own abort terminates the thread, which would cut an
 * ONNX Runtime call mid-flight in native code and throw away the thread's warm sessions.)
 */

/** Rows of secondary coordinates per rowSums block between cancel checks. */
const ROW_SUMS_BLOCK = 256;

/** What the pool passes to every thread (piscina's workerData). */
export interface AnalyticsWorkerData {
  /** ONNX Runtime intra-op threads per analytics thread. */
  gemmThreads: number;
}

let gemm: Promise<{ gemm: Gemm; name: string }> | null = null;
function gemmOnce() {
  const { gemmThreads } = (workerData ?? { gemmThreads: 1 }) as AnalyticsWorkerData;
  return (gemm ??= createOrtGemm(gemmThreads).then((g) =>
    g ? { gemm: g, name: 'onnxruntime-mlas-f64' } : { gemm: jsGemm, name: 'js' },
  ));
}

/**
 * The fits' block buffer, kept for the thread's life (at most top-pca's blockBytes, 32 MB): a new
 * one each fit would be mapped and zeroed page by page again, which costs more than filling it.
 */
let blockBuffer = new Float64Array(0);
function scratch(length: number): Float64Array {
  if (blockBuffer.length < length) blockBuffer = new Float64Array(length);
  return blockBuffer.subarray(0, length);
}

function cancelled(): Error {
  const e = new Error('The computation was cancelled');
  e.name = CANCELLED;
  return e;
}

function sharedFloat64(x: Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(x.byteLength));
  out.set(x);
  return out;
}

export default async function run(task: WithCancel<AnalyticsTask>): Promise<unknown> {
  const check = () => {
    if (Atomics.load(task.cancel, 0) !== 0) throw cancelled();
  };
  check();
  switch (task.op) {
    case 'fit': {
      const { gemm: g, name } = await gemmOnce();
      const started = performance.now();
      const fit = await fitTopPca(task.data, task.rows, task.cols, task.z, {
        ...task.options,
        gemm: g,
        gemmName: name,
        checkpoint: check,
        scratch,
      });
      const fitMs = performance.now() - started;
      const result: FitTaskResult = {
        ...fit,
        mean: sharedFloat64(fit.mean),
        components: sharedFloat64(fit.components),
        scores: sharedFloat64(fit.scores),
        totalVariance: fit.totalVariance,
        fitMs,
      };
      return result;
    }
    case 'rowSums': {
      const { s, p, n, dim } = task;
      const out = new Float64Array(task.to - task.from);
      const against = pairRowSumsAgainst(p, n, dim);
      for (let j0 = task.from; j0 < task.to; j0 += ROW_SUMS_BLOCK) {
        check();
        const j1 = Math.min(task.to, j0 + ROW_SUMS_BLOCK);
        out.set(against(s.subarray(j0 * dim, j1 * dim), j1 - j0), j0 - task.from);
      }
      return out;
    }
    case 'selfTotal': {
      const { p, n, dim } = task;
      let total = 0;
      for (let i0 = task.from; i0 < task.to; i0 += ROW_SUMS_BLOCK) {
        check();
        const i1 = Math.min(task.to, i0 + ROW_SUMS_BLOCK);
        const block = p.subarray(i0 * dim, i1 * dim);
        const diagonal = pairRowSums(block, i1 - i0, block, i1 - i0, dim);
        for (const v of diagonal) total += v;
        if (i1 < n) {
          const rest = pairRowSums(block, i1 - i0, p.subarray(i1 * dim), n - i1, dim);
          for (const v of rest) total += 2 * v;
        }
      }
      return total;
    }
    case 'thresholdCounts':
      return countThresholds(task.prediction, task.mask, task.maskThreshold);
    case 'copyLoad':
      return runCopyLoad(task.task, check);
    case 'distance':
      return runDistanceTask(task.task);
    case 'statistics':
      return runStatisticsTask(task.task);
  }
}
