import { AppError, ErrorCode } from '../errors.js';
import { reduceOf } from './analytics-scope.js';
import type { Reduce } from './analytics-views.js';
import { blockOf, type Block } from './fit-blocks.js';
import type { FitCacheRepository, StoredFit } from './fit-cache.repository.js';
import { distanceRows } from './fit-distances.js';
import type { DistanceMemo } from './distance-memo.js';
import { bytesOf, npyHeader, type NpyDtype } from './npy-writer.js';
import { conformalOf, idistPValue } from './conformal-scores.js';

/** A .npy file as a header plus data chunks, produced one at a time so nothing large is held. */
export interface NpyDownload {
  fileName: string;
  dtype: NpyDtype;
  shape: number[];
  header: Buffer;
  chunks: Iterable<Buffer>;
}

/** Rows of the distance matrix computed per chunk: 64 x 2000 float64 = 1 MB. */
const MATRIX_ROWS_PER_CHUNK = 64;

function npy(fileName: string, dtype: NpyDtype, shape: number[], chunks: Iterable<Buffer>): NpyDownload {
  return { fileName, dtype, shape, header: npyHeader(dtype, shape), chunks };
}

/** Bulk answers as .npy: distance matrices, IDists, projections and their image ids. */
export function createAnalyticsDownloads(fits: FitCacheRepository, distances: DistanceMemo) {
  async function requireFit(fitId: number): Promise<StoredFit> {
    const fit = Number.isInteger(fitId) && fitId > 0 ? await fits.byId(fitId) : null;
    if (!fit) {
      throw new AppError(
        ErrorCode.NOT_FOUND,
        `No fit ${fitId}: fits are replaced when their datasets' embeddings change; ask the query again for a current URL`,
        { fit: fitId },
      );
    }
    return fit;
  }

  function requireBlock(fit: StoredFit, datasetId: number | null): Block | null {
    if (datasetId === null) return null;
    const block = blockOf(fit, datasetId);
    if (!block)
      throw new AppError(
        ErrorCode.NOT_FOUND,
        `Dataset ${datasetId} is not part of fit ${fit.id} (it has ${fit.blockDatasetIds.join(', ')})`,
        { fit: fit.id, dataset: datasetId },
      );
    return block;
  }

  return {
    /** Projected vectors (float64, rows x componentsUsed) of the whole fit or one dataset's block. */
    async projections(fitId: number, datasetId: number | null): Promise<NpyDownload> {
      const fit = await requireFit(fitId);
      const scores = requireBlock(fit, datasetId)?.scores ?? fit.scores;
      return npy(`fit-${fit.id}-projections.npy`, 'float64', [scores.length / fit.zUsed, fit.zUsed], [bytesOf(scores)]);
    },

    /** Image ids (int32) of the fit's rows, or of one dataset's block: the row labels of the other files. */
    async imageIds(fitId: number, datasetId: number | null): Promise<NpyDownload> {
      const fit = await requireFit(fitId);
      const ids = Int32Array.from(requireBlock(fit, datasetId)?.imageIds ?? fit.imageIds);
      return npy(`fit-${fit.id}-image-ids.npy`, 'int32', [ids.length], [bytesOf(ids)]);
    },

    /** IDist (float64, m) of each image of a secondary block to the primary, by ascending image id. */
    async idist(fitId: number, secondaryId: number, reduce: Reduce): Promise<NpyDownload> {
      const fit = await requireFit(fitId);
      requireBlock(fit, secondaryId);
      const values = (await distances.pair(fit, fit.primaryId, secondaryId, reduceOf(reduce))).idist;
      return npy(`fit-${fit.id}-idist-${secondaryId}.npy`, 'float64', [values.length], [bytesOf(values)]);
    },

    /** Conformal p-value (float64, m) of each secondary image's IDist, by ascending image id (conformal-scores.ts). */
    async pValues(fitId: number, secondaryId: number): Promise<NpyDownload> {
      const fit = await requireFit(fitId);
      requireBlock(fit, secondaryId);
      const ref = await conformalOf(distances, fit, fit.primaryId);
      const values = (await distances.pair(fit, fit.primaryId, secondaryId, 'sum')).idist.map((v) =>
        idistPValue(ref, v, false),
      );
      return npy(`fit-${fit.id}-pvalues-${secondaryId}.npy`, 'float64', [values.length], [bytesOf(values)]);
    },

    /** D(S, P) (float64, m x n, row-major), computed and sent MATRIX_ROWS_PER_CHUNK rows at a time. */
    async distanceMatrix(fitId: number, secondaryId: number): Promise<NpyDownload> {
      const fit = await requireFit(fitId);
      const s = requireBlock(fit, secondaryId)!;
      const n = blockOf(fit, fit.primaryId)!.rows;
      function* rows() {
        for (let from = 0; from < s.rows; from += MATRIX_ROWS_PER_CHUNK) {
          yield bytesOf(
            distanceRows(fit, fit.primaryId, secondaryId, from, Math.min(s.rows, from + MATRIX_ROWS_PER_CHUNK)),
          );
        }
      }
      return npy(`fit-${fit.id}-distances-${secondaryId}.npy`, 'float64', [s.rows, n], rows());
    },
  };
}

export type AnalyticsDownloads = ReturnType<typeof createAnalyticsDownloads>;
