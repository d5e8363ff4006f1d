import { AppError, ErrorCode } from '../errors.js';
import type { Dataset, Model } from '../generated/prisma/client.js';
import { type Interval, sampleWithoutReplacement } from '../math/idist-estimate.js';
import { checkSize } from './analytics-input.js';
import { type ConformalScores, conformalOf, conformalOfSums } from './conformal-scores.js';
import type { AnalyticsScope } from './analytics-scope.js';
import type { EmbeddingSetStatus } from './embedding.repository.js';
import { blockOf, type Block } from './fit-blocks.js';
import type { StoredFit } from './fit-cache.repository.js';
import { blockDatasetIds, combinedFingerprint, type FitUse } from './fit.service.js';

/**
 * IDist of a fit's blocks as the dataset-level answers read it: stored (by a distance job or an
 * earlier request), computed in the request within SYNC_MAX_PAIRS, or estimated from a sample of
 * the primary when the caller asks for an estimate. Above SYNC_MAX_PAIRS without stored sums or an
 * estimate, the answer is a DISTANCE_JOB_REQUIRED error that names the mutation to run.
 */

/** What the API's `estimate` argument asks for. */
export interface EstimateArgs {
  samples: number;
  confidence: number;
  seed: number;
}

/** Sums (IDist with reduce SUM) of one block's rows to the fit's primary, exact or estimated. */
export interface BlockIdist {
  sums: Float64Array;
  /** The estimate's per-row interval bounds (sum scale); null when exact. */
  low: Float64Array | null;
  high: Float64Array | null;
  /** ODist (sum scale) and, when estimated, its interval. */
  odist: number;
  odistInterval: Interval | null;
  /** Primary images sampled; null when exact. */
  samples: number | null;
}

/** Smallest sample an estimate takes: below, the t quantile and the CLT are not to be trusted. */
export const MIN_ESTIMATE_SAMPLES = 10;

/**
 * An estimate may use this many times SYNC_MAX_PAIRS: it runs on the analytics pool's threads and
 * reads no m x n anything, so 2,000 samples x 10,000 secondary images (about 0.2 s) stays in reach.
 */
export const ESTIMATE_PAIRS_FACTOR = 10;

/** Checks the estimate argument before any work. */
export function checkEstimate(e: EstimateArgs | null | undefined): EstimateArgs | null {
  if (!e) return null;
  checkSize('estimate.samples', e.samples, MIN_ESTIMATE_SAMPLES, Number.MAX_SAFE_INTEGER, 'none');
  if (!(e.confidence >= 0.5 && e.confidence <= 0.999))
    throw new AppError(ErrorCode.BAD_USER_INPUT, `estimate.confidence must be in [0.5, 0.999], got ${e.confidence}`, {
      argument: 'estimate.confidence',
      value: e.confidence,
    });
  checkSize('estimate.seed', e.seed, 0, 2 ** 31 - 1, 'none');
  return e;
}

const exactOf = (sums: Float64Array): BlockIdist => {
  let total = 0;
  for (const v of sums) total += v;
  return { sums, low: null, high: null, odist: total / sums.length, odistInterval: null, samples: null };
};

/** A fit's block, or a bug. */
function requireBlock(fit: StoredFit, datasetId: number): Block {
  const b = blockOf(fit, datasetId);
  if (!b) throw new Error(`Invariant violation: dataset ${datasetId} is not a block of fit ${fit.id}`);
  return b;
}

/** The rows of `ids` of a block gathered contiguously. */
function gatherRows(block: Block, rows: Int32Array, z: number): Float64Array {
  const out = new Float64Array(rows.length * z);
  rows.forEach((r, i) => out.set(block.scores.subarray(r * z, (r + 1) * z), i * z));
  return out;
}

export function createFitIdist(scope: AnalyticsScope) {
  const { deps } = scope;

  /** The stored fit of the datasets' current embeddings, or null; never fits. */
  async function storedCurrentFit(
    model: Model,
    primary: Dataset,
    secondaries: readonly Dataset[],
    z: number,
    status: readonly EmbeddingSetStatus[],
  ): Promise<FitUse | null> {
    const ids = blockDatasetIds(
      primary.id,
      secondaries.map((s) => s.id),
    );
    const fit = await deps.fits.find({
      modelId: model.id,
      primaryId: primary.id,
      secondaryIds: ids.slice(1),
      zRequested: z,
    });
    const ordered = ids.map((id) => status.find((s) => s.datasetId === id)!);
    return fit && fit.fingerprint === combinedFingerprint(ordered) ? { fit, reused: true } : null;
  }

  /**
   * Exact sums of one block computed in this request (the caller has checked SYNC_MAX_PAIRS): on
   * the analytics threads through the distance memo, then stored for later requests and processes.
   */
  async function computeNow(fit: StoredFit, datasetId: number): Promise<Float64Array> {
    const sums = (await deps.distances.pair(fit, fit.primaryId, datasetId, 'sum')).idist;
    return deps.distanceJobs.remember(fit, datasetId, sums);
  }

  /** Estimated sums of one block; the primary's own block (the baseline) from two independent samples. */
  async function estimateBlock(fit: StoredFit, datasetId: number, e: EstimateArgs): Promise<BlockIdist> {
    const z = fit.zUsed;
    const p = requireBlock(fit, fit.primaryId);
    const k = Math.min(e.samples, p.rows);
    const sample = sampleWithoutReplacement(p.rows, k, e.seed);
    let rows: Float64Array;
    let m: number;
    if (datasetId === fit.primaryId && k < p.rows) {
      // ODist(P, P) = mean over P of IDist: the mean over a second, independent sample of P's rows.
      const own = sampleWithoutReplacement(p.rows, k, e.seed + 1);
      rows = gatherRows(p, own, z);
      m = k;
    } else {
      const s = requireBlock(fit, datasetId);
      rows = s.scores;
      m = s.rows;
    }
    // On the analytics pool's threads: an estimate at a large primary is tens of ms of arithmetic.
    const est = await deps.distancePool.estimate({
      s: rows,
      m,
      p: p.scores,
      n: p.rows,
      dim: z,
      sample,
      level: e.confidence,
    });
    if (est.exact) return exactOf(est.idist);
    return {
      sums: est.idist,
      low: est.low,
      high: est.high,
      odist: est.odist,
      odistInterval: est.odistInterval,
      samples: est.samples,
    };
  }

  function jobRequired(
    what: string,
    pairs: number,
    model: Model,
    primary: Dataset,
    secondaries: readonly Dataset[],
    z: number,
    fitOn: 'PAIR' | 'ALL',
    job: { jobId: number; state: string } | null,
  ): AppError {
    const names = secondaries.map((s) => JSON.stringify(s.name)).join(', ');
    const mutation =
      `computeDistances(scope: { model: { name: ${JSON.stringify(model.name)}, version: ${model.version} }, primary: ` +
      `${JSON.stringify(primary.name)}, components: ${z} }, secondaries: [${names}], fitOn: ${fitOn})`;
    const running =
      job && job.state !== 'failed' ? ` Distance job ${job.jobId} is ${job.state}: read again when it completes.` : '';
    return new AppError(
      ErrorCode.DISTANCE_JOB_REQUIRED,
      `${what} needs ${pairs} image pairs, above the ${deps.syncMaxPairs} a request computes itself (SYNC_MAX_PAIRS), ` +
        `and no distance job has stored them.${running} Run ${mutation} to compute them exactly, or pass ` +
        `estimate: { samples: 2000 } for an estimate with confidence intervals.`,
      { pairs, limit: deps.syncMaxPairs, mutation, job: job ? String(job.jobId) : null },
    );
  }

  return {
    storedCurrentFit,
    computeNow,
    estimateBlock,

    /**
     * Sums of one block of a given (possibly stale, stored) fit: stored, computed now within
     * SYNC_MAX_PAIRS, or estimated; `refuse` builds the error when none applies.
     */
    async ofFit(fit: StoredFit, datasetId: number, estimate: EstimateArgs | null, refuse: () => AppError) {
      const stored = await deps.distanceJobs.stored(fit, datasetId);
      if (stored) return exactOf(stored);
      if (estimate) return estimateBlock(fit, datasetId, estimate);
      const pairs = requireBlock(fit, datasetId).rows * requireBlock(fit, fit.primaryId).rows;
      if (pairs <= deps.syncMaxPairs) return exactOf(await computeNow(fit, datasetId));
      throw refuse();
    },

    jobRequired,

    /**
     * The conformal reference of a fit's primary (p-values of IDist): from its exact LOO sums when
     * stored or within SYNC_MAX_PAIRS (conformalOf, through the distance memo), else from an
     * estimate of a sample of its rows when the caller asks for one; `refuse` otherwise.
     */
    async conformal(fit: StoredFit, estimate: EstimateArgs | null, refuse: () => AppError): Promise<ConformalScores> {
      const n = requireBlock(fit, fit.primaryId).rows;
      if (n * n <= deps.syncMaxPairs || (await deps.distanceJobs.stored(fit, fit.primaryId)))
        return conformalOf(deps.distances, fit, fit.primaryId);
      if (!estimate) throw refuse();
      return conformalOfSums((await estimateBlock(fit, fit.primaryId, estimate)).sums, n);
    },

    /**
     * The fit of (primary, fitSecondaries) and the IDist of each block in `needed` (dataset ids of
     * the fit; the primary's own for the baseline). Refuses, before fitting, what this request may
     * not compute: exact sums above SYNC_MAX_PAIRS that are not stored.
     */
    async blocks(a: {
      what: string;
      model: Model;
      primary: Dataset;
      fitSecondaries: readonly Dataset[];
      /** The secondaries as the caller named them, for the error's mutation. */
      asked: readonly Dataset[];
      fitOn: 'PAIR' | 'ALL';
      z: number;
      status: readonly EmbeddingSetStatus[];
      needed: readonly number[];
      estimate: EstimateArgs | null;
    }): Promise<{ use: FitUse; blocks: Map<number, BlockIdist> }> {
      const rowsOf = (id: number) => a.status.find((s) => s.datasetId === id)!.embedded;
      const n = rowsOf(a.primary.id);
      const pairs = a.needed.reduce((x, id) => x + rowsOf(id) * n, 0);
      if (a.estimate) {
        const k = Math.min(a.estimate.samples, n);
        // The baseline's estimate pairs a sample of the primary's rows with the sample: k x k.
        const cost = a.needed.reduce((x, id) => x + (id === a.primary.id ? k : rowsOf(id)) * k, 0);
        if (cost > ESTIMATE_PAIRS_FACTOR * deps.syncMaxPairs)
          throw new AppError(
            ErrorCode.LIMIT_EXCEEDED,
            `This estimate needs ${cost} image pairs, above ${ESTIMATE_PAIRS_FACTOR} x SYNC_MAX_PAIRS ` +
              `(${ESTIMATE_PAIRS_FACTOR * deps.syncMaxPairs}): sample fewer primary images`,
            { pairs: cost, limit: ESTIMATE_PAIRS_FACTOR * deps.syncMaxPairs },
          );
      }
      const exactAllowed = a.needed.every((id) => rowsOf(id) * n <= deps.syncMaxPairs);
      let use =
        exactAllowed && !a.estimate
          ? await scope.currentFit(a.model, a.primary, a.fitSecondaries, a.z, a.status)
          : await storedCurrentFit(a.model, a.primary, a.fitSecondaries, a.z, a.status);
      const blocks = new Map<number, BlockIdist>();
      if (use) {
        for (const id of a.needed) {
          const stored = await deps.distanceJobs.stored(use.fit, id);
          if (stored) blocks.set(id, exactOf(stored));
          else if (!a.estimate && rowsOf(id) * n <= deps.syncMaxPairs)
            blocks.set(id, exactOf(await computeNow(use.fit, id)));
        }
      }
      if (blocks.size === a.needed.length) return { use: use!, blocks };
      if (!a.estimate) {
        const job = use ? await deps.distanceJobs.jobOfFit(use.fit.id) : null;
        throw jobRequired(a.what, pairs, a.model, a.primary, a.asked, a.z, a.fitOn, job);
      }
      use ??= await scope.currentFit(a.model, a.primary, a.fitSecondaries, a.z, a.status);
      for (const id of a.needed) if (!blocks.has(id)) blocks.set(id, await estimateBlock(use.fit, id, a.estimate));
      return { use, blocks };
    },
  };
}

export type FitIdist = ReturnType<typeof createFitIdist>;
