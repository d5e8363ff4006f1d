import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AppError, ErrorCode } from '../errors.js';
import type { EmbeddingRepository, EmbeddingSetStatus } from './embedding.repository.js';
import type { FitCacheRepository, FitKey, StoredFit } from './fit-cache.repository.js';
import { fitPca } from '../math/pca.js';

/** The model and datasets of a fit, as resolved by the analytics service. */
export interface FitTarget {
  model: { id: number; name: string; version: number; dimension: number | null };
  primaryId: number;
  /** Datasets fitted with the primary, any order; [] = the primary alone. */
  secondaryIds: readonly number[];
  z: number;
}

/** A fit as used by one answer: `reused` = taken from the cache, no linear algebra. */
export interface FitUse {
  fit: StoredFit;
  reused: boolean;
}

/** Block order of a fit: the primary, then the secondaries ascending (the cache key's order). */
export function blockDatasetIds(primaryId: number, secondaryIds: readonly number[]): number[] {
  return [primaryId, ...[...new Set(secondaryIds)].sort((a, b) => a - b)];
}

/** One fingerprint for all blocks: any embedding added, replaced or removed in any of them changes it. */
export function combinedFingerprint(status: readonly EmbeddingSetStatus[]): string {
  const text = status.map((s) => `${s.datasetId}:${s.embedded}:${s.fingerprint}`).join('|');
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** Sum of squared centred entries over rows - 1: the denominator of explained-variance ratios. */
function totalVariance(x: Float32Array, rows: number, cols: number, mean: Float64Array): number {
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const d = x[r * cols + c] - mean[c];
      sum += d * d;
    }
  }
  return sum / (rows - 1);
}

/**
 * Gets PCA fits from the cache or computes and stores them (method.md Distances steps 1-3).
 * Identical concurrent requests in this process share one computation.
 */
export function createFitService(deps: { embeddings: EmbeddingRepository; fits: FitCacheRepository }) {
  let fitsPerformed = 0;
  const inFlight = new Map<string, Promise<StoredFit>>();

  const keyOf = (t: FitTarget): FitKey => ({
    modelId: t.model.id,
    primaryId: t.primaryId,
    secondaryIds: blockDatasetIds(t.primaryId, t.secondaryIds).slice(1),
    zRequested: t.z,
  });

  /** Loads the blocks in one snapshot, fits, and stores the fit with its projections. */
  async function compute(t: FitTarget, key: FitKey): Promise<StoredFit> {
    const blocks = [key.primaryId, ...key.secondaryIds];
    const cols = t.model.dimension ?? (await deps.embeddings.storedDimension(t.model.id));
    const sets = await deps.embeddings.loadSets(t.model.id, blocks, cols ?? 0).catch((e: unknown) => {
      if (!(e instanceof RangeError)) throw e;
      throw new AppError(
        ErrorCode.DIMENSION_MISMATCH,
        `Stored embeddings of model "${t.model.name}" v${t.model.version} do not all have ${cols} dimensions: ${e.message}`,
      );
    });
    const started = performance.now();
    const pca = fitPca(sets.data, sets.rows, sets.cols, key.zRequested);
    const fitMs = performance.now() - started;
    fitsPerformed++;
    if (pca.zUsed === 0) {
      throw new AppError(
        ErrorCode.RANK_DEFICIENT,
        `All ${sets.rows} embeddings of these datasets are identical: every distance is 0 and no component exists`,
        { rows: sets.rows },
      );
    }
    return deps.fits.save({
      ...key,
      zUsed: pca.zUsed,
      rank: pca.rank,
      method: pca.method,
      fingerprint: combinedFingerprint(sets.status),
      blockDatasetIds: blocks,
      blockRows: sets.imageIds.map((ids) => ids.length),
      imageIds: sets.imageIds.flatMap((ids) => Array.from(ids)),
      cols: sets.cols,
      mean: pca.mean,
      components: pca.components,
      scores: pca.scores,
      explainedVariance: Array.from(pca.explainedVariance),
      totalVariance: totalVariance(sets.data, sets.rows, sets.cols, pca.mean),
      fitMs,
    });
  }

  function fitOnce(t: FitTarget, key: FitKey): Promise<StoredFit> {
    const id = JSON.stringify(key);
    let running = inFlight.get(id);
    if (!running) {
      running = compute(t, key).finally(() => inFlight.delete(id));
      inFlight.set(id, running);
    }
    return running;
  }

  return {
    /**
     * The fit of the datasets' current embeddings: the stored one when its fingerprint matches
     * `status` (block order, from embeddingStatus), else a new fit that replaces it.
     */
    async current(t: FitTarget, status: readonly EmbeddingSetStatus[]): Promise<FitUse> {
      const key = keyOf(t);
      const stored = await deps.fits.find(key);
      if (stored && stored.fingerprint === combinedFingerprint(status)) return { fit: stored, reused: true };
      return { fit: await fitOnce(t, key), reused: false };
    },

    /**
     * The stored fit for the key even if its datasets changed since (method.md step 9: new
     * images are projected with it, no refit), or a new fit when none is stored.
     */
    async storedOrNew(t: FitTarget): Promise<FitUse> {
      const key = keyOf(t);
      const stored = await deps.fits.find(key);
      return stored ? { fit: stored, reused: true } : { fit: await fitOnce(t, key), reused: false };
    },

    /** Whether `current` would answer from the cache (reads only the stored fingerprint). */
    async isCurrent(t: FitTarget, status: readonly EmbeddingSetStatus[]): Promise<boolean> {
      return (await deps.fits.fingerprint(keyOf(t))) === combinedFingerprint(status);
    },

    /** Fits computed by this process since it started (tests check that cache hits add none). */
    stats: () => ({ fitsPerformed }),
  };
}

export type FitService = ReturnType<typeof createFitService>;
