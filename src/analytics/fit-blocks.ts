/**
 * Reading a stored fit's row blocks. A fit stacks its datasets in blocks (the primary, then the
 * secondaries in ascending id), each in ascending image id; see migrations/0003_analytics.sql.
 * Pure: typed arrays in, views out.
 */

/** The parts of a fit that locate rows. */
export interface FitLayout {
  blockDatasetIds: readonly number[];
  blockRows: readonly number[];
  imageIds: readonly number[];
  /** rows x zUsed, row-major. */
  scores: Float64Array;
  zUsed: number;
}

export interface Block {
  datasetId: number;
  /** First row of the block in the fit, and its row count. */
  start: number;
  rows: number;
  imageIds: readonly number[];
  /** rows x zUsed view into the fit's scores (not a copy). */
  scores: Float64Array;
}

/** The block of `datasetId`, or null when the fit has no such block. */
export function blockOf(fit: FitLayout, datasetId: number): Block | null {
  let start = 0;
  for (let b = 0; b < fit.blockDatasetIds.length; b++) {
    const rows = fit.blockRows[b];
    if (fit.blockDatasetIds[b] === datasetId) {
      return {
        datasetId,
        start,
        rows,
        imageIds: fit.imageIds.slice(start, start + rows),
        scores: fit.scores.subarray(start * fit.zUsed, (start + rows) * fit.zUsed),
      };
    }
    start += rows;
  }
  return null;
}

/** The fit's coordinates of one image (a view), or null when the image is not one of its rows. */
export function scoresOfImage(fit: FitLayout, imageId: number): Float64Array | null {
  const r = fit.imageIds.indexOf(imageId);
  return r < 0 ? null : fit.scores.subarray(r * fit.zUsed, (r + 1) * fit.zUsed);
}
