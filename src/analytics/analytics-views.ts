import type { Dataset, Image, Model } from '../generated/prisma/client.js';
import type { EmbeddingSetStatus } from './embedding.repository.js';
import type { StoredFit } from './fit-cache.repository.js';
import type { PcaSolver } from '../math/top-pca.js';

/**
 * What the analytics service answers: plain objects that echo their parameters (method.md
 * "answers explain themselves"). GraphQL maps them through src/graphql/mappers.ts; download URLs
 * are added there because only the request knows the server's address.
 */

export type FitOn = 'PAIR' | 'ALL';
export type Reduce = 'SUM' | 'MEAN';
export type SortOrder = 'ASC' | 'DESC';
export type DistanceEngine = 'SERVER' | 'DATABASE';

/** A confidence interval of an estimate (schema/35-uncertainty.graphql). */
export interface IntervalView {
  low: number;
  high: number;
  level: number;
  method: string;
}

export interface FitView {
  id: number;
  model: Model;
  primary: Dataset;
  fittedOn: { dataset: Dataset; rows: number; imagesWithoutEmbedding: number }[];
  componentsRequested: number;
  componentsUsed: number;
  clampReason: string | null;
  rank: number;
  method: string;
  /** How the components were computed; null for fits stored before it was recorded. */
  solver: PcaSolver | null;
  explainedVariance: number[];
  explainedVarianceRatio: number[];
  fingerprint: string;
  fitMs: number;
  createdAt: Date;
  reused: boolean;
}

export interface OdistEntryView {
  secondary: Dataset;
  odist: number;
  scaled: number;
  baseline: number;
  fit: FitView;
  reduce: Reduce;
  /** True when odist or baseline is estimated from a sample of the primary. */
  estimated: boolean;
  interval: IntervalView | null;
  samples: number | null;
  /** The stored fit behind `fit` (scores included), for the statistics beside the entry. */
  storedFit: StoredFit;
  primaryId: number;
  /** Every entry of the answer (this one included), in order: what `scaled` is scaled over. */
  peers: OdistEntryView[];
}

export interface ImageIdistView {
  image: Image;
  idist: number;
  scaled: number;
  rank: number;
  interval: IntervalView | null;
  /** Conformal p-value of the IDist against the primary's leave-one-out IDists (analytics/conformal-scores.ts). */
  pValue: number;
}

export interface IdistConnectionView {
  edges: { cursor: string; node: ImageIdistView }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
  model: Model;
  primary: Dataset;
  secondary: Dataset;
  reduce: Reduce;
  order: SortOrder;
  engine: DistanceEngine;
  odist: number;
  min: number;
  max: number;
  fit: FitView;
  estimated: boolean;
  odistInterval: IntervalView | null;
  samples: number | null;
}

export interface DistanceMatrixView {
  model: Model;
  primary: Dataset;
  secondary: Dataset;
  fit: FitView;
  offset: number;
  totalRows: number;
  totalColumns: number;
  columns: Image[];
  rows: { image: Image; distances: number[] }[];
}

/** The rows of the fit's blocks and the datasets they belong to, for FitView.fittedOn. */
export function toFitView(
  fit: StoredFit,
  reused: boolean,
  model: Model,
  datasets: ReadonlyMap<number, Dataset>,
  status: readonly EmbeddingSetStatus[],
): FitView {
  const rows = fit.imageIds.length;
  const clamped = fit.zUsed < fit.zRequested;
  return {
    id: fit.id,
    model,
    primary: datasets.get(fit.primaryId)!,
    fittedOn: fit.blockDatasetIds.map((id, b) => {
      const s = status.find((x) => x.datasetId === id);
      return {
        dataset: datasets.get(id)!,
        rows: fit.blockRows[b]!,
        imagesWithoutEmbedding: s ? s.images - s.embedded : 0,
      };
    }),
    componentsRequested: fit.zRequested,
    componentsUsed: fit.zUsed,
    clampReason: clamped
      ? `${fit.zRequested} components were asked for, but the centred embeddings of the ${rows} fitted images have rank ${fit.rank} ` +
        `(at most images - 1 = ${rows - 1}), so ${fit.zUsed} were used`
      : null,
    rank: fit.rank,
    method: fit.method,
    solver: fit.solver,
    explainedVariance: fit.explainedVariance,
    explainedVarianceRatio: fit.explainedVariance.map((v) => (fit.totalVariance > 0 ? v / fit.totalVariance : 0)),
    fingerprint: fit.fingerprint,
    fitMs: fit.fitMs,
    createdAt: fit.createdAt,
    reused,
  };
}
