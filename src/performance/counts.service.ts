import { invariant } from '../errors.js';
import { countThresholds, MASK_THRESHOLD, type ThresholdCounts } from '../metrics/threshold-counts.js';
import type { CountsRepository, CountTarget, NewCounts, StoredCounts } from './counts.repository.js';
import { decodeGray8, type Gray8 } from './gray8.js';

/** Images counted per read-compute-write round: bounds memory (two decoded maps each). */
export const COUNT_CHUNK_SIZE = 32;

/**
 * TP/FP/FN of one prediction against one mask at the 100 thresholds (ods-metric.md section 2):
 * one pass per image (a 256-bin histogram per class, then cumulative sums: countThresholds),
 * masks binarised at > 127 as DeepSegmentor reads them.
 */
export function countMaps(target: CountTarget, prediction: Gray8, mask: Gray8): NewCounts {
  checkSizes(target, prediction, mask);
  return countsRow(target, prediction, countThresholds(prediction.pixels, mask.pixels, MASK_THRESHOLD));
}

function checkSizes(target: CountTarget, prediction: Gray8, mask: Gray8): void {
  invariant(
    prediction.width === mask.width && prediction.height === mask.height,
    `prediction ${prediction.width}x${prediction.height} and mask ${mask.width}x${mask.height} of image ${target.imageId} differ in size (imports and extraction store predictions at the image's size)`,
  );
}

function countsRow(target: CountTarget, prediction: Gray8, counts: ThresholdCounts): NewCounts {
  // At k = 0 every foreground pixel is either a TP or an FN.
  const foreground = counts.tp[0]! + counts.fn[0]!;
  return { ...target, pixels: prediction.pixels.length, foreground, counts };
}

/**
 * Stored per-image counts, computed lazily: a query first counts the (model, dataset) images
 * whose counts are missing or stale (a prediction written by extraction, or replaced since),
 * then reads them all. Imports write counts with the predictions, so after an import nothing is
 * left to count; predictions written by extraction are counted by the first query that needs them.
 */
export function createCountsService(
  repo: CountsRepository,
  /** Where the per-pixel pass runs: the analytics pool's thresholdCounts (off the event loop), or inline. */
  count: (prediction: Uint8Array, mask: Uint8Array, maskThreshold: number) => Promise<ThresholdCounts> = async (
    p,
    m,
    t,
  ) => countThresholds(p, m, t),
) {
  // Concurrent queries on one pair share one counting pass in this process.
  const inFlight = new Map<string, Promise<number>>();

  async function countChunk(modelId: number, targets: CountTarget[]): Promise<void> {
    const bytes = await repo.blobs(targets.flatMap((t) => [t.predictionSha256, t.maskSha256]));
    const rows = await Promise.all(
      targets.map(async (t) => {
        const [prediction, mask] = await Promise.all([
          decodeGray8(bytes.get(t.predictionSha256)!),
          decodeGray8(bytes.get(t.maskSha256)!),
        ]);
        checkSizes(t, prediction, mask);
        return countsRow(t, prediction, await count(prediction.pixels, mask.pixels, MASK_THRESHOLD));
      }),
    );
    await repo.saveCounts(modelId, rows);
  }

  async function countStale(modelId: number, datasetId: number): Promise<number> {
    const stale = await repo.staleCounts(modelId, datasetId);
    for (let i = 0; i < stale.length; i += COUNT_CHUNK_SIZE)
      await countChunk(modelId, stale.slice(i, i + COUNT_CHUNK_SIZE));
    return stale.length;
  }

  return {
    /** Counts every scorable image whose counts are missing or stale; returns how many it counted. */
    refresh(modelId: number, datasetId: number): Promise<number> {
      const key = `${modelId}:${datasetId}`;
      let running = inFlight.get(key);
      if (!running) {
        running = countStale(modelId, datasetId).finally(() => inFlight.delete(key));
        inFlight.set(key, running);
      }
      return running;
    },

    /** The counts of every scorable image of the dataset (after refresh), ascending image id. */
    load: (modelId: number, datasetId: number): Promise<StoredCounts[]> => repo.loadCounts(modelId, datasetId),
  };
}

export type CountsService = ReturnType<typeof createCountsService>;
