import { createHash } from 'node:crypto';
import { AppError, ErrorCode } from '../errors.js';
import type { EmbeddingRepository, EmbeddingSetStatus } from './embedding.repository.js';
import type { FitCacheRepository, FitKey, StoredFit } from './fit-cache.repository.js';
import type { AnalyticsPool } from '../compute/analytics-pool.js';
import { currentSignal } from '../compute/request-signal.js';
import { createSharedWork } from '../compute/shared-work.js';
import { createSharedBufferCache } from '../compute/buffer-cache.js';

/** Loaded-embedding buffers kept for the next fit (see buffer-cache.ts), and for how long. */
const KEPT_INPUT_BYTES = 128 * 1024 * 1024;
const KEPT_INPUT_IDLE_MS = 60_000;

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

/**
 * Gets PCA fits from the cache or computes and stores them (method.md Distances steps 1-3).
 * Embeddings stream from the store straight into shared memory (decoded chunk by chunk as they
 * arrive), and the fit runs on the analytics pool, off the event loop. Identical
 * concurrent requests in this process share one computation, which is cancelled (the request's
 * signal: client gone, ANALYTICS_TIMEOUT_MS) only when no request is left waiting for it.
 */
export function createFitService(deps: {
  embeddings: EmbeddingRepository;
  fits: FitCacheRepository;
  pool: AnalyticsPool;
}) {
  let fitsPerformed = 0;
  let loadsReused = 0;
  const shared = createSharedWork<StoredFit>();
  const inputs = createSharedBufferCache<Int32Array[]>({ maxBytes: KEPT_INPUT_BYTES, idleMs: KEPT_INPUT_IDLE_MS });

  const keyOf = (t: FitTarget): FitKey => ({
    modelId: t.model.id,
    primaryId: t.primaryId,
    secondaryIds: blockDatasetIds(t.primaryId, t.secondaryIds).slice(1),
    zRequested: t.z,
  });

  /** Loads the blocks in one snapshot, fits, and stores the fit with its projections. */
  async function compute(t: FitTarget, key: FitKey, signal: AbortSignal): Promise<StoredFit> {
    const blocks = [key.primaryId, ...key.secondaryIds];
    const cols = t.model.dimension ?? (await deps.embeddings.storedDimension(t.model.id));
    // What a loaded matrix holds: the next fit of the same embeddings (same fingerprints, read in
    // its own snapshot) takes it back from `inputs` instead of loading it again.
    const label = (status: readonly EmbeddingSetStatus[]) => `${t.model.id}|${cols}|${combinedFingerprint(status)}`;
    const sets = await deps.embeddings
      .loadSets(t.model.id, blocks, cols ?? 0, {
        signal,
        buffer: inputs.take,
        reuse: (status) => {
          const kept = inputs.takeLabelled(label(status));
          if (!kept) return null;
          loadsReused++;
          const rows = status.reduce((a, s) => a + s.embedded, 0);
          return { data: new Float32Array(kept.buffer, 0, rows * (cols ?? 0)), imageIds: kept.data };
        },
      })
      .catch((e: unknown) => {
        if (!(e instanceof RangeError)) throw e;
        throw new AppError(
          ErrorCode.DIMENSION_MISMATCH,
          `Stored embeddings of model "${t.model.name}" v${t.model.version} do not all have ${cols} dimensions: ${e.message}`,
        );
      });
    // The thread is done with the embeddings once the task settles, cancelled or not.
    const pca = await deps.pool
      .fit(sets.data, sets.rows, sets.cols, key.zRequested, {}, signal)
      .finally(() =>
        inputs.give(sets.data.buffer as SharedArrayBuffer, { label: label(sets.status), data: sets.imageIds }),
      );
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
      solver: pca.solver,
      fingerprint: combinedFingerprint(sets.status),
      blockDatasetIds: blocks,
      blockRows: sets.imageIds.map((ids) => ids.length),
      imageIds: sets.imageIds.flatMap((ids) => Array.from(ids)),
      cols: sets.cols,
      mean: pca.mean,
      components: pca.components,
      scores: pca.scores,
      explainedVariance: Array.from(pca.explainedVariance),
      totalVariance: pca.totalVariance,
      fitMs: pca.fitMs,
    });
  }

  function fitOnce(t: FitTarget, key: FitKey): Promise<StoredFit> {
    return shared.run(JSON.stringify(key), (signal) => compute(t, key, signal), currentSignal());
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

    /**
     * Fits computed by this process since it started (tests check that cache hits add none), and
     * how many of them took their embeddings from the last fit's memory instead of the store.
     */
    stats: () => ({ fitsPerformed, loadsReused }),

    /** Fits in flight and how many requests wait on each (tests). */
    inFlight: () => shared.waiting(),
  };
}

export type FitService = ReturnType<typeof createFitService>;
