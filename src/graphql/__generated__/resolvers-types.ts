import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { DatasetMapper as DatasetMapperMapper, ImageMapper as ImageMapperMapper, ModelMapper as ModelMapperMapper, JobMapper as JobMapperMapper, EmbeddingMapper as EmbeddingMapperMapper, PcaFitMapper as PcaFitMapperMapper, OdistEntryMapper as OdistEntryMapperMapper, IdistConnectionMapper as IdistConnectionMapperMapper, DistanceMatrixMapper as DistanceMatrixMapperMapper, PerformanceMapper as PerformanceMapperMapper, PerformanceSplitsMapper as PerformanceSplitsMapperMapper, PerformanceSplitMapper as PerformanceSplitMapperMapper, FScoreCurveMapper as FScoreCurveMapperMapper, CurvePointMapper as CurvePointMapperMapper, LabelCandidatesMapper as LabelCandidatesMapperMapper, LabelCandidateMapper as LabelCandidateMapperMapper, VersionComparisonMapper as VersionComparisonMapperMapper, VersionPerformanceMapper as VersionPerformanceMapperMapper, PredictionImportResultMapper as PredictionImportResultMapperMapper, ApiKeyMapper as ApiKeyMapperMapper, AuditEntryMapper as AuditEntryMapperMapper, EnergyTestMapper as EnergyTestMapperMapper, BootstrapIntervalMapper as BootstrapIntervalMapperMapper, PredictedPerformanceMapper as PredictedPerformanceMapperMapper, PredictedImageMapper as PredictedImageMapperMapper, ValidationRowMapper as ValidationRowMapperMapper, PredictionValidationMapper as PredictionValidationMapperMapper } from '../mappers.js';
import type { GraphQLContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 timestamp. */
  DateTime: { input: Date; output: Date; }
};

/** One uploaded image (and optional mask) to add to a dataset. */
export type AddImageInput = {
  /** Dataset to add to; created if new. */
  dataset: Scalars['String']['input'];
  /** File name to store the image under (its extension gives the format). */
  fileName: Scalars['String']['input'];
  /** The image file's bytes, base64-encoded. */
  imageBase64: Scalars['String']['input'];
  /** Optional mask file's bytes (same size as the image), base64-encoded. */
  maskBase64?: InputMaybe<Scalars['String']['input']>;
  /** File name of the mask, when one is given. */
  maskFileName?: InputMaybe<Scalars['String']['input']>;
  /** Models to embed the image with before answering (default: every ONNX model). */
  models?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** The stored image. */
export type AddImageResult = {
  __typename?: 'AddImageResult';
  /** False when the dataset already had this exact image. */
  created: Scalars['Boolean']['output'];
  /** The image (the existing one when the dataset already had these bytes). */
  image: Image;
};

/** An API key. Only a hash of its token is stored: the token is shown once, at creation. */
export type ApiKey = {
  __typename?: 'ApiKey';
  /** When it was created. */
  createdAt: Scalars['DateTime']['output'];
  /** The key's id. */
  id: Scalars['ID']['output'];
  /** The key's name: it identifies the caller in the audit trail. */
  name: Scalars['String']['output'];
  /** When it was revoked; null while it is active. */
  revokedAt: Maybe<Scalars['DateTime']['output']>;
  /** What the key may do. */
  role: ApiKeyRole;
};

/** What an API key may do; each role includes the ones before it. */
export type ApiKeyRole =
  /** A writer that may also register models and manage keys. */
  | 'ADMIN'
  /** Every query, and the image, mask, .npy and CSV downloads. */
  | 'READER'
  /** A reader that may also import images, embeddings and predictions, add images and start extractions. */
  | 'WRITER';

/** One write: who made it, what, with which arguments (secrets and inline payloads omitted), when. */
export type AuditEntry = {
  __typename?: 'AuditEntry';
  /** The key's name, 'anonymous' when the server ran without keys, or 'cli' for the command line. */
  actor: Scalars['String']['output'];
  /** The client's address; null for the command line. */
  address: Maybe<Scalars['String']['output']>;
  /** Its arguments as JSON, with base64 payloads, tokens and secrets replaced by their length. */
  arguments: Scalars['String']['output'];
  /** When the write completed. */
  at: Scalars['DateTime']['output'];
  /** The entry's id (increasing). */
  id: Scalars['ID']['output'];
  /** The mutation (or key operation) that wrote. */
  operation: Scalars['String']['output'];
  /** The key's role; null for anonymous callers and the command line. */
  role: Maybe<ApiKeyRole>;
};

/** A page of the audit trail, newest first. */
export type AuditEntryConnection = {
  __typename?: 'AuditEntryConnection';
  /** The entries of this page. */
  edges: Array<AuditEntryEdge>;
  /** Where the page sits. */
  pageInfo: PageInfo;
  /** Entries in the whole trail. */
  totalCount: Scalars['Int']['output'];
};

/** An edge of the audit trail. */
export type AuditEntryEdge = {
  __typename?: 'AuditEntryEdge';
  /** Pass as `after` to read on from this entry. */
  cursor: Scalars['String']['output'];
  /** The entry. */
  node: AuditEntry;
};

/** A percentile bootstrap interval: the fields of Interval plus what reproduces it. */
export type BootstrapInterval = {
  __typename?: 'BootstrapInterval';
  /** Upper bound: the (1 + level) / 2 quantile of the replicates. */
  high: Scalars['Float']['output'];
  /** The same bounds as the shared Interval shape. */
  interval: Interval;
  /** Nominal coverage, e.g. 0.95. */
  level: Scalars['Float']['output'];
  /** Lower bound: the (1 - level) / 2 quantile of the replicates (numpy's linear interpolation). */
  low: Scalars['Float']['output'];
  /** percentile-bootstrap. */
  method: Scalars['String']['output'];
  /** Bootstrap resamples drawn. */
  resamples: Scalars['Int']['output'];
  /** Seed of the resampling (mulberry32): the same seed gives the same interval. */
  seed: Scalars['Int']['output'];
  /** Resamples whose statistic was undefined (e.g. no foreground pixel drawn) and were left out. */
  undefinedResamples: Scalars['Int']['output'];
};

/** Order of the colour channels the model expects. */
export type ChannelOrder =
  /** Blue, green, red (OpenCV and PaddlePaddle models). */
  | 'BGR'
  /** Red, green, blue. */
  | 'RGB';

/** A new API key and its token. */
export type CreatedApiKey = {
  __typename?: 'CreatedApiKey';
  /** The key. */
  key: ApiKey;
  /** The bearer token (Authorization: Bearer <token>). Shown only in this answer: keep it now. */
  token: Scalars['String']['output'];
};

/** One image on the F-score curve. */
export type CurvePoint = {
  __typename?: 'CurvePoint';
  /** Per-image F at the set's ODS threshold. */
  f: Scalars['Float']['output'];
  /** IDist(s, P) of the image. */
  idist: Scalars['Float']['output'];
  /** The image of this point. */
  image: Image;
  /** 1 = nearest to the primary among the curve's images. */
  rank: Scalars['Int']['output'];
  /** Min-max scaled IDist within the secondary. */
  scaled: Scalars['Float']['output'];
  /** F after the moving average. */
  smoothed: Scalars['Float']['output'];
};

/** A named set of images, optionally with a ground-truth mask per image. */
export type Dataset = {
  __typename?: 'Dataset';
  /** When the dataset was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Stable identifier. */
  id: Scalars['ID']['output'];
  /** Images in the dataset (a count in the store: it has a query cost). */
  imageCount: Scalars['Int']['output'];
  /** Shortcut for images(dataset: name). */
  images: ImageConnection;
  /** Images with a ground-truth mask (a count in the store: it has a query cost). */
  maskCount: Scalars['Int']['output'];
  /** The dataset's name (what queries take as `primary`, `secondary` or `dataset`). */
  name: Scalars['String']['output'];
};


/** A named set of images, optionally with a ground-truth mask per image. */
export type DatasetImagesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first: Scalars['Int']['input'];
};

/** Where distances are computed. */
export type DistanceEngine =
  /** In the database, by pgvector <-> over the stored vector(z) projections (float32): for sets too large to pull. */
  | 'DATABASE'
  /** In the server, in float64, from the stored fit. */
  | 'SERVER';

/** What a distance job computes. */
export type DistanceJobInfo = {
  __typename?: 'DistanceJobInfo';
  /** Components z asked for. */
  components: Scalars['Int']['output'];
  /** The fit whose blocks are computed; null once it was replaced (its datasets changed). */
  fitId: Maybe<Scalars['ID']['output']>;
  /** Image pairs computed: every fitted image (the primary's own included, for the baseline) x the primary. */
  pairs: Scalars['Float']['output'];
  /** Image pairs per chunk (DISTANCE_CHUNK_PAIRS when queued). */
  pairsPerChunk: Scalars['Int']['output'];
  /** The primary dataset P; null when it was deleted. */
  primary: Maybe<Dataset>;
  /** The secondaries of the fit (existing ones). */
  secondaries: Array<Dataset>;
};

/** A window of rows of the image-image distance matrix D(S, P) (method.md 4). */
export type DistanceMatrix = {
  __typename?: 'DistanceMatrix';
  /** Column image ids (int32) as .npy. */
  columnImageIdsUrl: Scalars['String']['output'];
  /** Primary images, ascending id: the columns. */
  columns: Array<Image>;
  /** The cached PCA fit the distances come from. */
  fit: PcaFit;
  /** The model version the numbers are for. */
  model: Model;
  /** The whole matrix (float64, m x n) as .npy, streamed. */
  npyUrl: Scalars['String']['output'];
  /** Index of the first row of the window. */
  offset: Scalars['Int']['output'];
  /** The primary dataset P. */
  primary: Dataset;
  /** Row and column image ids (int32) as .npy. */
  rowImageIdsUrl: Scalars['String']['output'];
  /** The rows of the window, in ascending image id. */
  rows: Array<DistanceRow>;
  /** The secondary dataset S. */
  secondary: Dataset;
  /** n: primary images (columns) of the whole matrix. */
  totalColumns: Scalars['Int']['output'];
  /** m: secondary images (rows) and n: primary images (columns) of the whole matrix. */
  totalRows: Scalars['Int']['output'];
};

/** One row of D(S, P): a secondary image's distance to every primary image. */
export type DistanceRow = {
  __typename?: 'DistanceRow';
  /** Distance to each primary image, in the order of DistanceMatrix.columns. */
  distances: Array<Scalars['Float']['output']>;
  /** The secondary image of this row. */
  image: Image;
};

/**
 * Where distances are measured: the model's feature space, the primary dataset P they are measured
 * against, and the PCA components kept. The fit also holds the secondary (or secondaries) the field
 * names.
 */
export type DistanceScope = {
  /** PCA components z kept (at most MAX_COMPONENTS); clamped to the rank of the centred embeddings. */
  components: Scalars['Int']['input'];
  /** The model whose embeddings are compared (see `models`). */
  model: ModelRef;
  /** Name of the primary dataset P: the model's training data. */
  primary: Scalars['String']['input'];
};

/** One stored embedding of an image. */
export type Embedding = {
  __typename?: 'Embedding';
  /** When it was stored (extracted or imported). */
  createdAt: Scalars['DateTime']['output'];
  /** Length of the vector. */
  dimension: Scalars['Int']['output'];
  /** The model version that computed it. */
  model: Model;
  /** The raw vector: large, so only sent when asked for. */
  vector: Array<Scalars['Float']['output']>;
};

/** What an importEmbeddings wrote. */
export type EmbeddingImportResult = {
  __typename?: 'EmbeddingImportResult';
  /** The dataset. */
  dataset: Dataset;
  /** Length of every imported vector. */
  dimension: Scalars['Int']['output'];
  /** Rows written (new or replaced). */
  imported: Scalars['Int']['output'];
  /** The model version the numbers are for. */
  model: Model;
};

/**
 * Permutation test of "the secondary and the primary come from one distribution", by energy
 * distance in the pair's PCA space.
 */
export type EnergyTest = {
  __typename?: 'EnergyTest';
  /** True when C(n + m, n) <= the requested R, so every split was enumerated. */
  exact: Scalars['Boolean']['output'];
  /** b: splits whose E is at least the observed one. */
  exceedances: Scalars['Int']['output'];
  /** How the test was computed. */
  method: Scalars['String']['output'];
  /** Wall time of the test in ms (the (n + m)^2 distance matrix and the splits), 0 when answered from the cache. */
  ms: Scalars['Float']['output'];
  /** (b + 1) / (R + 1) over R random splits (Phipson & Smyth); b / splits when every split was enumerated (exact). */
  pValue: Scalars['Float']['output'];
  /** R: random splits drawn, or the number of distinct splits when exact. */
  permutations: Scalars['Int']['output'];
  /** Primary images n. */
  primaryImages: Scalars['Int']['output'];
  /** Secondary images m. */
  secondaryImages: Scalars['Int']['output'];
  /** Seed of the random splits (mulberry32). */
  seed: Scalars['Int']['output'];
  /** Whether pValue <= alpha. */
  significant: Scalars['Boolean']['output'];
  /** E = 2 mean d(S, P) - mean d(S, S) - mean d(P, P), means over all ordered pairs (V-statistics); mean d(S, P) = ODist / n. */
  statistic: Scalars['Float']['output'];
};


/**
 * Permutation test of "the secondary and the primary come from one distribution", by energy
 * distance in the pair's PCA space.
 */
export type EnergyTestSignificantArgs = {
  alpha: Scalars['Float']['input'];
};

/** Estimate IDist and ODist from a uniform sample of the primary instead of every primary image. */
export type EstimateInput = {
  /** Confidence level of the intervals, in [0.5, 0.999]. */
  confidence: Scalars['Float']['input'];
  /** Primary images sampled (without replacement; at least 10). The whole primary when larger: then the answer is exact. */
  samples: Scalars['Int']['input'];
  /** Seed of the sample: the same seed gives the same sample and the same answer. */
  seed: Scalars['Int']['input'];
};

/** Per-image F-score against min-max scaled IDist, smoothed (paper Figures 4-6). */
export type FScoreCurve = {
  __typename?: 'FScoreCurve';
  /** Components z asked for (see fit.componentsUsed for those kept). */
  componentsRequested: Scalars['Int']['output'];
  /** Images whose counts this answer computed. */
  countsComputed: Scalars['Int']['output'];
  /** The cached PCA fit the distances come from. */
  fit: PcaFit;
  /** Images of the secondary with an IDist, a prediction and a mask. */
  imageCount: Scalars['Int']['output'];
  /** Images of the secondary without a prediction or a mask. */
  imagesNotScored: Scalars['Int']['output'];
  /** Scored images without an embedding (no IDist). */
  imagesWithoutEmbedding: Scalars['Int']['output'];
  /** Images without foreground, which have no per-image F. */
  leftOut: Scalars['Int']['output'];
  /** The model version the numbers are for. */
  model: Model;
  /** ODS over the curve's images; its threshold is where per-image F is taken. */
  ods: Maybe<OdsScore>;
  /** One point per image with a defined F, nearest to the primary first. */
  points: Array<CurvePoint>;
  /** The primary dataset P. */
  primary: Dataset;
  /** Why there are no points; null when there are. */
  reason: Maybe<Scalars['String']['output']>;
  /** How IDist reduces an image's distances to the primary images: SUM or MEAN. */
  reduce: IdistReduce;
  /** The secondary dataset S. */
  secondary: Dataset;
  /** Spearman correlation between IDist and per-image F; null when undefined (fewer than 2 points, or a constant). */
  spearman: Maybe<Scalars['Float']['output']>;
  /** Percentile bootstrap interval of spearman: the curve's (IDist, F) pairs resampled; null when spearman is. */
  spearmanInterval: Maybe<BootstrapInterval>;
  /** Moving-average window: max(1, round(points / 10)). */
  window: Scalars['Int']['output'];
};


/** Per-image F-score against min-max scaled IDist, smoothed (paper Figures 4-6). */
export type FScoreCurveSpearmanIntervalArgs = {
  level: Scalars['Float']['input'];
  resamples: Scalars['Int']['input'];
  seed: Scalars['Int']['input'];
};

/** Which PCA space a secondary's distances live in. */
export type FitOn =
  /** One fit on the primary and all chosen secondaries: one shared space, comparable ODists. */
  | 'ALL'
  /** One fit per (primary, secondary), as in the paper: each secondary has its own space. */
  | 'PAIR';

/** One dataset's part in a fit. */
export type FitSet = {
  __typename?: 'FitSet';
  /** The dataset. */
  dataset: Dataset;
  /** Images of the dataset without an embedding for the model now (left out of any fit). */
  imagesWithoutEmbedding: Scalars['Int']['output'];
  /** Images of the dataset in the fit (those with an embedding when it was fitted). */
  rows: Scalars['Int']['output'];
};

/** A knot of the fitted monotone curve. */
export type FittedPoint = {
  __typename?: 'FittedPoint';
  /** Fitted per-image F. */
  f: Scalars['Float']['output'];
  /** Relative IDist. */
  relativeIdist: Scalars['Float']['output'];
};

/** Whether the server can reach its store. */
export type Health = {
  __typename?: 'Health';
  /** True when the database answers. */
  ok: Scalars['Boolean']['output'];
  /** postgres, embedded, or embedded-shared (a CLI attached to a running server's embedded store). */
  store: Scalars['String']['output'];
};

/** IDist of every image of a secondary, sorted, in pages (Relay), with the dataset-level numbers. */
export type IdistConnection = {
  __typename?: 'IdistConnection';
  /** The items of this page. */
  edges: Array<IdistEdge>;
  /** Where the distances were computed. */
  engine: DistanceEngine;
  /** True when every IDist (and odist, min, max, ranks) is estimated from a sample of the primary. */
  estimated: Scalars['Boolean']['output'];
  /** The cached PCA fit the distances come from. */
  fit: PcaFit;
  /** The largest IDist of the secondary (min is the smallest). */
  max: Scalars['Float']['output'];
  /** The range that scaled is min-max scaled over. */
  min: Scalars['Float']['output'];
  /** The model version the numbers are for. */
  model: Model;
  /** Every image's IDist as .npy (float64, ascending image id). */
  npyUrl: Scalars['String']['output'];
  /** ODist(S, P): the mean IDist over the whole secondary. */
  odist: Scalars['Float']['output'];
  /** Confidence interval of odist when estimated; null when exact. */
  odistInterval: Maybe<Interval>;
  /** The order of the pages. */
  order: SortOrder;
  /** Every image's conformal p-value as .npy (float64, ascending image id, as npyUrl). */
  pValuesUrl: Scalars['String']['output'];
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** The primary dataset P. */
  primary: Dataset;
  /** How IDist reduces an image's distances to the primary images: SUM or MEAN. */
  reduce: IdistReduce;
  /** Primary images sampled when estimated; null when exact. */
  samples: Maybe<Scalars['Int']['output']>;
  /** The secondary dataset S. */
  secondary: Dataset;
  /** Items in the whole list, not only this page. */
  totalCount: Scalars['Int']['output'];
};

/** One image of a page, with its cursor. */
export type IdistEdge = {
  __typename?: 'IdistEdge';
  /** Opaque position of this item: pass it as `after` to read what follows. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: ImageIdist;
};

/** How IDist reduces an image's row of distances. */
export type IdistReduce =
  /** Mean over the primary images, to compare primaries of different sizes. */
  | 'MEAN'
  /** Sum over the primary images (the paper). */
  | 'SUM';

/** One image of a dataset, stored by content (SHA-256), with its optional mask. */
export type Image = {
  __typename?: 'Image';
  /** When the image was imported. */
  createdAt: Scalars['DateTime']['output'];
  /** The dataset the image belongs to. */
  dataset: Dataset;
  /** Embeddings stored for this image, one per model. */
  embeddings: Array<Embedding>;
  /** The file name it was imported under (unique within the dataset). */
  fileName: Scalars['String']['output'];
  /** True when the image has a ground-truth mask. */
  hasMask: Scalars['Boolean']['output'];
  /** Height in pixels. */
  height: Scalars['Int']['output'];
  /** Stable identifier. */
  id: Scalars['ID']['output'];
  /** The ground-truth mask file; null when the image has none. */
  maskUrl: Maybe<Scalars['String']['output']>;
  /** SHA-256 of the file's bytes; re-imports are matched on it. */
  sha256: Scalars['String']['output'];
  /** A small JPEG preview. */
  thumbnailUrl: Scalars['String']['output'];
  /** The original file. */
  url: Scalars['String']['output'];
  /** Width in pixels. */
  width: Scalars['Int']['output'];
};

/** A page of images (Relay connection with keyset cursors). */
export type ImageConnection = {
  __typename?: 'ImageConnection';
  /** The items of this page. */
  edges: Array<ImageEdge>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
  /** Items in the whole list, not only this page. */
  totalCount: Scalars['Int']['output'];
};

/** An image and its distance to the image asked about. */
export type ImageDistance = {
  __typename?: 'ImageDistance';
  /** L2 distance between the two images (in the pair's PCA space, or the raw embedding space for similarImages). */
  distance: Scalars['Float']['output'];
  /** The neighbour. */
  image: Image;
  /** 1 = nearest. */
  rank: Scalars['Int']['output'];
};

/** One image of a page, with its cursor. */
export type ImageEdge = {
  __typename?: 'ImageEdge';
  /** Opaque position of this item: pass it as `after` to read what follows. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Image;
};

/** One image of a secondary with its distance to the primary. */
export type ImageIdist = {
  __typename?: 'ImageIdist';
  /** IDist(s, P): the sum (or mean, with reduce: MEAN) of the image's distances to the primary images. */
  idist: Scalars['Float']['output'];
  /** The image. */
  image: Image;
  /** Confidence interval of idist when estimated; null when exact. */
  interval: Maybe<Interval>;
  /**
   * Conformal p-value: (1 + #{p in P : LOO(p) >= IDist(s)/n}) / (n + 1), LOO(p) = primary image p's
   * mean distance to the other primary images in the same fit. p = 0.008: farther from the primary
   * than 99.2 % of the primary's images are from the rest. Non-increasing in IDist, so order: DESC
   * lists images by ascending p-value.
   */
  pValue: Scalars['Float']['output'];
  /** Position by ascending IDist (1 = nearest to the primary); ties by image id. */
  rank: Scalars['Int']['output'];
  /** Min-max scaled IDist within the secondary (method.md 8). */
  scaled: Scalars['Float']['output'];
};

/** The images of a secondary farthest from the primary. */
export type ImageIdistList = {
  __typename?: 'ImageIdistList';
  /** The cached PCA fit the distances come from. */
  fit: PcaFit;
  /** Farthest first. */
  items: Array<ImageIdist>;
  /** The model version the numbers are for. */
  model: Model;
  /** The primary dataset P. */
  primary: Dataset;
  /** How IDist reduces an image's distances to the primary images: SUM or MEAN. */
  reduce: IdistReduce;
  /** The secondary dataset S. */
  secondary: Dataset;
};

/** IDist of one image to the primary (method.md 9). */
export type ImageIdistResult = {
  __typename?: 'ImageIdistResult';
  /** True when idist (and scaled) is estimated from a sample of the primary. */
  estimated: Scalars['Boolean']['output'];
  /** The cached PCA fit the distances come from. */
  fit: PcaFit;
  /** IDist(s, P) of the image. */
  idist: Scalars['Float']['output'];
  /** The image asked about. */
  image: Image;
  /** Confidence interval of idist when estimated; null when exact. */
  interval: Maybe<Interval>;
  /** Conformal p-value of this IDist against the primary's leave-one-out IDists in the same fit (see ImageIdist.pValue). */
  pValue: Scalars['Float']['output'];
  /** The primary dataset P. */
  primary: Dataset;
  /** True when the image is not one of the fit's rows and was projected with the stored fit (no refit). */
  projected: Scalars['Boolean']['output'];
  /** How IDist reduces an image's distances to the primary images: SUM or MEAN. */
  reduce: IdistReduce;
  /** Min-max scaled against the IDists of the fit's images of the same dataset; outside [0, 1] when beyond them. */
  scaled: Scalars['Float']['output'];
};

/** Precomputed embeddings to import for one (model, dataset) pair. */
export type ImportEmbeddingsInput = {
  /** The dataset the rows belong to. */
  dataset: Scalars['String']['input'];
  /** The model (an external model, or any model to replace its embeddings). */
  model: ModelRef;
  /** Path of the names file under IMPORT_ROOT: one image file name per line, in row order. */
  namesPath: Scalars['String']['input'];
  /** Path of the .npy file under IMPORT_ROOT. */
  npyPath: Scalars['String']['input'];
};

/** A folder of images (and masks) on the server to import into a dataset. */
export type ImportFolderInput = {
  /** Dataset to add to; created if new. A letter, then letters, digits, _ or -. */
  dataset: Scalars['String']['input'];
  /**
   * Models (by name, latest version) that embed each batch as soon as it is stored, while the next
   * batch is imported: the answer comes when every new image is embedded. An unknown name is refused
   * before anything is imported. Images left without an embedding (the server stopped) are completed
   * by extractEmbeddings.
   */
  embedWith?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Folder of images on the server, under IMPORT_ROOT (absolute, or relative to it). */
  folder: Scalars['String']['input'];
  /** Optional folder of masks, matched by file stem; also under IMPORT_ROOT. */
  masks?: InputMaybe<Scalars['String']['input']>;
};

/** A folder of prediction maps to import for one (model, dataset) pair. */
export type ImportPredictionsInput = {
  /** The dataset the predictions belong to. */
  dataset: Scalars['String']['input'];
  /** Folder of PNG files under IMPORT_ROOT, one per image, named by the image's file stem. */
  folder: Scalars['String']['input'];
  /** The model the predictions are of. */
  model: ModelRef;
};

/** What an importFolder did. */
export type ImportResult = {
  __typename?: 'ImportResult';
  /** New images stored by this import. */
  added: Scalars['Int']['output'];
  /** Images whose content the dataset already had. */
  alreadyPresent: Scalars['Int']['output'];
  /** The dataset imported into; null when nothing could be imported. */
  dataset: Maybe<Dataset>;
  /** Files that were not used, each with the reason. */
  skipped: Array<SkippedFile>;
  /** Image files seen. */
  total: Scalars['Int']['output'];
  /** Imported images that came with a mask. */
  withMask: Scalars['Int']['output'];
};

/** A confidence or prediction interval, with how it was computed. */
export type Interval = {
  __typename?: 'Interval';
  /** Upper bound. */
  high: Scalars['Float']['output'];
  /** Nominal coverage, e.g. 0.95. */
  level: Scalars['Float']['output'];
  /** Lower bound. */
  low: Scalars['Float']['output'];
  /** How the interval was computed (e.g. percentile-bootstrap, t, conformal). */
  method: Scalars['String']['output'];
};

/** A queued job: an extraction of one (model, dataset) pair, or the distances of one fit. */
export type Job = {
  __typename?: 'Job';
  /** When the job was queued. */
  createdAt: Scalars['DateTime']['output'];
  /** The dataset embedded; null when it was deleted. */
  dataset: Maybe<Dataset>;
  /** For a distance job: what it computes; null for extraction. */
  distances: Maybe<DistanceJobInfo>;
  /** Units done: images of the dataset that have an embedding for the model (extraction), or chunks computed (distances). */
  done: Scalars['Int']['output'];
  /** Images that could not be embedded, with the reason. */
  errors: Array<JobError>;
  /** When it completed or failed; null before. */
  finishedAt: Maybe<Scalars['DateTime']['output']>;
  /** Stable identifier. */
  id: Scalars['ID']['output'];
  /** What the job does: EXTRACTION or DISTANCES. */
  kind: JobKind;
  /** The model that embeds; null when it was deleted. */
  model: Maybe<Model>;
  /** Execution provider the workers ran on. */
  provider: Maybe<Scalars['String']['output']>;
  /** When a worker started it; null while queued. */
  startedAt: Maybe<Scalars['DateTime']['output']>;
  /** queued, running, completed or failed. */
  state: JobState;
  /** Units in all: images of the dataset (extraction), or chunks (distances). */
  total: Scalars['Int']['output'];
};

/** An image a job could not embed. */
export type JobError = {
  __typename?: 'JobError';
  /** The image that failed. */
  imageId: Scalars['ID']['output'];
  /** Why it failed. */
  message: Scalars['String']['output'];
};

/** What a job does. */
export type JobKind =
  /** Exact IDist and ODist of one fit (computeDistances). */
  | 'DISTANCES'
  /** Embedding extraction of a (model, dataset) pair. */
  | 'EXTRACTION';

/** Where an extraction job is. */
export type JobState =
  /** Every image of the dataset has an embedding (or an error). */
  | 'completed'
  /** Stopped on an error; see Job.errors. */
  | 'failed'
  /** Waiting for a worker. */
  | 'queued'
  /** A worker is embedding its images. */
  | 'running';

/** An image picked for labelling. */
export type LabelCandidate = {
  __typename?: 'LabelCandidate';
  /** IDist(s, P): the sum (or mean, with reduce: MEAN) of the image's distances to the primary images. */
  idist: Scalars['Float']['output'];
  /** The image to label. */
  image: Image;
  /** Conformal p-value of the image's IDist (see ImageIdist.pValue); also a column of the CSV and JSON downloads. */
  pValue: Scalars['Float']['output'];
  /** Order of the pick, 1 = first. */
  pick: Scalars['Int']['output'];
  /** 1 = nearest to the primary, by ascending IDist over the secondary. */
  rank: Scalars['Int']['output'];
  /** Min-max scaled IDist within the secondary (method.md 8). */
  scaled: Scalars['Float']['output'];
};

/** Images of a secondary to label next (paper 4.3), and the same as downloads. */
export type LabelCandidates = {
  __typename?: 'LabelCandidates';
  /** Images of the secondary whose scaled IDist lies in [lower, upper]. */
  candidateCount: Scalars['Int']['output'];
  /** Components z asked for (see fit.componentsUsed for those kept). */
  componentsRequested: Scalars['Int']['output'];
  /** Picks asked for. */
  count: Scalars['Int']['output'];
  /** The same picks as CSV and as JSON. */
  csvUrl: Scalars['String']['output'];
  /** The cached PCA fit the distances come from. */
  fit: PcaFit;
  /** The picks as JSON. */
  jsonUrl: Scalars['String']['output'];
  /** Lowest scaled IDist of a candidate. */
  lower: Scalars['Float']['output'];
  /** The model version the numbers are for. */
  model: Model;
  /** min(count, candidateCount) picks, in pick order. */
  picks: Array<LabelCandidate>;
  /** The primary dataset P. */
  primary: Dataset;
  /** How IDist reduces an image's distances to the primary images: SUM or MEAN. */
  reduce: IdistReduce;
  /** The secondary dataset S. */
  secondary: Dataset;
  /** The seed RANDOM used (echoed for every strategy). */
  seed: Scalars['Int']['output'];
  /** The strategy used. */
  strategy: LabelStrategy;
  /** Highest scaled IDist of a candidate. */
  upper: Scalars['Float']['output'];
};

/** How labelCandidates picks among the candidates. */
export type LabelStrategy =
  /** Greedy k-center in the pair's PCA space, starting at the farthest: picks that are not near-duplicates. */
  | 'DIVERSE'
  /** The largest IDist first. */
  | 'FARTHEST'
  /** Uniformly at random among the candidates, reproducible by seed (the paper). */
  | 'RANDOM';

/** A registered feature extractor: an ONNX graph with feature taps, or an external model. */
export type Model = {
  __typename?: 'Model';
  /** When it was stored. */
  createdAt: Scalars['DateTime']['output'];
  /** Embedding length (null for an external model before its first import). */
  dimension: Maybe<Scalars['Int']['output']>;
  /** True for models without an ONNX file, whose embeddings are imported. */
  external: Scalars['Boolean']['output'];
  /** Models of one family are versions of each other (base, base+1, ...): compareVersions compares them. */
  family: Scalars['String']['output'];
  /** Stable identifier. */
  id: Scalars['ID']['output'];
  /** How images are prepared for the model; null for an external model. */
  input: Maybe<ModelInput>;
  /** The model's name (what queries take as `model`). */
  name: Scalars['String']['output'];
  /** SHA-256 of the ONNX file; null for an external model. */
  onnxSha256: Maybe<Scalars['String']['output']>;
  /** Name of the per-pixel probability output whose predictions are stored; null for a feature extractor only. */
  predictionOutput: Maybe<Scalars['String']['output']>;
  /** Execution provider the model last ran on in this deployment (cuda or cpu); null before first use. */
  provider: Maybe<Scalars['String']['output']>;
  /** The feature taps, in concatenation order, with their shapes. */
  taps: Array<TapShape>;
  /** Version number within the name: 1, 2, ... in registration order. */
  version: Scalars['Int']['output'];
};

/** How images are prepared for the model: resized, scaled, normalised. */
export type ModelInput = {
  __typename?: 'ModelInput';
  /** Order of the colour channels fed to the model. */
  channelOrder: ChannelOrder;
  /** Height images are resized to. */
  height: Scalars['Int']['output'];
  /** Per-channel mean subtracted after scaling. */
  mean: Array<Scalars['Float']['output']>;
  /** Pixel multiplier applied before mean and std (1/255 maps bytes to [0, 1]). */
  scale: Scalars['Float']['output'];
  /** Per-channel standard deviation divided by. */
  std: Array<Scalars['Float']['output']>;
  /** Width images are resized to. */
  width: Scalars['Int']['output'];
};

/** A registered model named by the arguments that take one: a name and, optionally, a version. */
export type ModelRef = {
  /** The model's name (see `models`). */
  name: Scalars['String']['input'];
  /** A version number; the latest version when omitted. */
  version?: InputMaybe<Scalars['Int']['input']>;
};

/** Imports, model registration and extraction: everything that writes. */
export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Adds one uploaded image (base64 bytes), with an optional mask, to a dataset (created if new).
   * Registered models embed it before the answer, so its distances can be asked for at once.
   */
  addImage: AddImageResult;
  /**
   * Queues exact IDist and ODist of the secondaries (and the baseline ODist(P, P)) as a distance job
   * per fit: blocks of rows that every worker takes from the queue. The results are stored with the
   * fit, and odist, idist, farthestImages and the performance splits read them. A fit whose
   * distances are stored or in progress answers its existing job.
   */
  computeDistances: Array<Job>;
  /** Creates an API key (admin). The answer holds its token, which cannot be shown again. */
  createApiKey: CreatedApiKey;
  /**
   * Queues extraction of every image of the dataset that has no embedding for the model yet.
   * A job already in flight for the same pair is returned instead of a second one.
   */
  extractEmbeddings: Job;
  /**
   * Imports precomputed embeddings: a .npy file (float32 or float64, one row per image) and a text
   * file of image file names (one per line, same order), both under IMPORT_ROOT. All rows are
   * checked before anything is written; a refused import writes nothing.
   */
  importEmbeddings: EmbeddingImportResult;
  /**
   * Imports a folder on the server's disk into a dataset. The folder (and masks folder) must lie
   * under the configured import root (IMPORT_ROOT). Masks are matched to images by file stem.
   * Re-importing the same files adds nothing; bad files are listed in `skipped`.
   */
  importFolder: ImportResult;
  /**
   * Imports 8-bit PNG probability maps (0..255; colour files are read as their luminance) for a
   * (model, dataset) pair from a folder under IMPORT_ROOT, matched to images by file stem. Files
   * that cannot be used are listed in `skipped`; the rest is written in one transaction with its
   * counts. A file replaces the model's stored prediction of that image.
   */
  importPredictions: PredictionImportResult;
  /** Registers a model whose embeddings (and predictions) are computed elsewhere and imported. */
  registerExternalModel: Model;
  /**
   * Registers an ONNX model from a file under IMPORT_ROOT (onnxPath) or uploaded (onnxBase64).
   * Runs one image through it and answers each tap's shape and the embedding dimension. New bytes
   * or settings under an existing name make a new version; the same ones return the existing model.
   */
  registerModel: Model;
  /** Revokes the active key of that name at once (admin). */
  revokeApiKey: ApiKey;
};


/** Imports, model registration and extraction: everything that writes. */
export type MutationAddImageArgs = {
  input: AddImageInput;
};


/** Imports, model registration and extraction: everything that writes. */
export type MutationComputeDistancesArgs = {
  fitOn: FitOn;
  scope: DistanceScope;
  secondaries: Array<Scalars['String']['input']>;
};


/** Imports, model registration and extraction: everything that writes. */
export type MutationCreateApiKeyArgs = {
  name: Scalars['String']['input'];
  role: ApiKeyRole;
};


/** Imports, model registration and extraction: everything that writes. */
export type MutationExtractEmbeddingsArgs = {
  dataset: Scalars['String']['input'];
  model: ModelRef;
};


/** Imports, model registration and extraction: everything that writes. */
export type MutationImportEmbeddingsArgs = {
  input: ImportEmbeddingsInput;
};


/** Imports, model registration and extraction: everything that writes. */
export type MutationImportFolderArgs = {
  input: ImportFolderInput;
};


/** Imports, model registration and extraction: everything that writes. */
export type MutationImportPredictionsArgs = {
  input: ImportPredictionsInput;
};


/** Imports, model registration and extraction: everything that writes. */
export type MutationRegisterExternalModelArgs = {
  input: RegisterExternalModelInput;
};


/** Imports, model registration and extraction: everything that writes. */
export type MutationRegisterModelArgs = {
  input: RegisterModelInput;
};


/** Imports, model registration and extraction: everything that writes. */
export type MutationRevokeApiKeyArgs = {
  name: Scalars['String']['input'];
};

/** The primary images nearest to one image in the PCA space of (primary, the image's dataset). */
export type NearestPrimaryImages = {
  __typename?: 'NearestPrimaryImages';
  /** The cached PCA fit the distances come from. */
  fit: PcaFit;
  /** The image asked about. */
  image: Image;
  /** The k nearest primary images, nearest first. */
  neighbors: Array<ImageDistance>;
  /** The primary dataset P. */
  primary: Dataset;
  /** True when the image is not one of the fit's rows and was projected with the stored fit (no refit). */
  projected: Scalars['Boolean']['output'];
};

/** ODist of one secondary from the primary (a cell of the paper's Table 2). */
export type OdistEntry = {
  __typename?: 'OdistEntry';
  /** ODist(P, P) under this entry's fit: the primary's own spread. */
  baseline: Scalars['Float']['output'];
  /** D(S, P) (float64, m x n, rows and columns by ascending image id) as .npy. */
  distanceMatrixUrl: Scalars['String']['output'];
  /** Energy distance and its permutation p-value beside this ODist, in the same fit (LIMIT_EXCEEDED above PERMUTATION_MAX_IMAGES images). */
  energyTest: EnergyTest;
  /** True when odist, scaled and baseline are estimated from a sample of the primary (see interval). */
  estimated: Scalars['Boolean']['output'];
  /** The PCA fit this entry's distances come from (its own for fitOn: PAIR). */
  fit: PcaFit;
  /** IDist of each secondary image (float64, ascending image id) as .npy. */
  idistUrl: Scalars['String']['output'];
  /** Confidence interval of odist when estimated; null when exact. */
  interval: Maybe<Interval>;
  /** ODist(S, P): the mean IDist of the secondary's images. */
  odist: Scalars['Float']['output'];
  /** Percentile bootstrap interval of odist: images resampled within the primary and within the secondary; the fit held fixed. */
  odistInterval: BootstrapInterval;
  /** Conformal p-value of each secondary image's IDist (float64, ascending image id) as .npy. */
  pValuesUrl: Scalars['String']['output'];
  /** Primary images sampled when estimated; null when exact. */
  samples: Maybe<Scalars['Int']['output']>;
  /** odist over the sum of odist across the answer's scaledOver secondaries (a row sums to 1). */
  scaled: Scalars['Float']['output'];
  /** Percentile bootstrap interval of scaled: every secondary of the answer resampled at once (one primary draw shared). */
  scaledInterval: BootstrapInterval;
  /** The secondary dataset S. */
  secondary: Dataset;
};


/** ODist of one secondary from the primary (a cell of the paper's Table 2). */
export type OdistEntryEnergyTestArgs = {
  permutations: Scalars['Int']['input'];
  seed: Scalars['Int']['input'];
};


/** ODist of one secondary from the primary (a cell of the paper's Table 2). */
export type OdistEntryOdistIntervalArgs = {
  level: Scalars['Float']['input'];
  resamples: Scalars['Int']['input'];
  seed: Scalars['Int']['input'];
};


/** ODist of one secondary from the primary (a cell of the paper's Table 2). */
export type OdistEntryScaledIntervalArgs = {
  level: Scalars['Float']['input'];
  resamples: Scalars['Int']['input'];
  seed: Scalars['Int']['input'];
};

/** ODist of each secondary from the primary, and the same scaled over the secondaries (a row of the paper's Table 2). */
export type OdistResult = {
  __typename?: 'OdistResult';
  /** ODist(P, P) under the one shared fit when fitOn = ALL; null for PAIR (see each entry's baseline). */
  baseline: Maybe<Scalars['Float']['output']>;
  /** Components z asked for (see fit.componentsUsed for those kept). */
  componentsRequested: Scalars['Int']['output'];
  /** Whether each secondary had its own fit (PAIR) or one fit was shared (ALL). */
  fitOn: FitOn;
  /** The model version the numbers are for. */
  model: Model;
  /** The primary dataset P. */
  primary: Dataset;
  /** How IDist reduces an image's distances to the primary images: SUM or MEAN. */
  reduce: IdistReduce;
  /** The secondaries that scaled values are scaled over. */
  scaledOver: Array<Dataset>;
  /** One entry per secondary, in the order asked. */
  secondaries: Array<OdistEntry>;
};

/** ODS: the best dataset-level F over the thresholds, at the lowest threshold reaching it. */
export type OdsScore = {
  __typename?: 'OdsScore';
  /** The F-score: 2PR / (P + R). */
  f: Scalars['Float']['output'];
  /** P = TP / (TP + FP) at that threshold. */
  precision: Scalars['Float']['output'];
  /** R = TP / (TP + FN) at that threshold. */
  recall: Scalars['Float']['output'];
  /** The threshold t reaching it (the lowest on ties). */
  threshold: Scalars['Float']['output'];
};

/** Where a page sits in its list (Relay). */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the last item: pass it as `after` for the next page. */
  endCursor: Maybe<Scalars['String']['output']>;
  /** True when more items follow this page. */
  hasNextPage: Scalars['Boolean']['output'];
  /** Always false: pages are read forwards with `after`. */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** Cursor of the first item of the page; null when it is empty. */
  startCursor: Maybe<Scalars['String']['output']>;
};

/** Scaled ODist for several numbers of components (the paper's Table 6). */
export type PcStability = {
  __typename?: 'PcStability';
  /** Whether each secondary had its own fit (PAIR) or one fit was shared (ALL). */
  fitOn: FitOn;
  /** The model version the numbers are for. */
  model: Model;
  /** The primary dataset P. */
  primary: Dataset;
  /** How IDist reduces an image's distances to the primary images: SUM or MEAN. */
  reduce: IdistReduce;
  /** One row per components value, as asked. */
  rows: Array<PcStabilityRow>;
  /** The secondaries that scaled values are scaled over. */
  scaledOver: Array<Dataset>;
};

/** Scaled ODist of every secondary for one number of components (a row of the paper's Table 6). */
export type PcStabilityRow = {
  __typename?: 'PcStabilityRow';
  /** The number of components z of this row. */
  componentsRequested: Scalars['Int']['output'];
  /** One entry per secondary, in the order asked. */
  entries: Array<OdistEntry>;
};

/** A stored PCA fit of one model on a primary and some secondaries (method.md Distances 1-3). */
export type PcaFit = {
  __typename?: 'PcaFit';
  /** Why fewer components were used than requested (the rank of the centred embeddings); null when not clamped. */
  clampReason: Maybe<Scalars['String']['output']>;
  /** Components z asked for. */
  componentsRequested: Scalars['Int']['output'];
  /** Components z kept: the requested number, or the rank when that is smaller. */
  componentsUsed: Scalars['Int']['output'];
  /** When the fit was computed. */
  createdAt: Scalars['DateTime']['output'];
  /** Variance along each used component (sigma^2 / (rows - 1)). */
  explainedVariance: Array<Scalars['Float']['output']>;
  /** explainedVariance over the total variance of the centred embeddings. */
  explainedVarianceRatio: Array<Scalars['Float']['output']>;
  /** Hash of every fitted embedding's (image, created_at): a change in either dataset makes the next query refit. */
  fingerprint: Scalars['String']['output'];
  /** Time spent on the linear algebra of this fit, in ms. */
  fitMs: Scalars['Float']['output'];
  /** The datasets fitted: the primary, then the secondaries. */
  fittedOn: Array<FitSet>;
  /** Stable identifier. */
  id: Scalars['ID']['output'];
  /** The fitted images' ids (int32) in row order, as .npy. */
  imageIdsUrl: Scalars['String']['output'];
  /** dual (eigenvectors of the images' Gram matrix, when features outnumber images) or primal. */
  method: Scalars['String']['output'];
  /** The model version the numbers are for. */
  model: Model;
  /** The primary dataset P of the fit. */
  primary: Dataset;
  /** Every fitted image's projected vector, float64 (rows x componentsUsed), as .npy; rows as in imageIdsUrl. */
  projectionsUrl: Scalars['String']['output'];
  /** Rank of the centred embeddings (at most rows - 1). */
  rank: Scalars['Int']['output'];
  /** True when this answer reused the stored fit (no linear algebra); false when it fitted now. */
  reused: Scalars['Boolean']['output'];
  /** How the top components were computed (the solver chosen by shape); null for fits stored before it was recorded. */
  solver: Maybe<PcaSolver>;
};

/**
 * How a fit's top components were computed. The solver is chosen by the shape of the stacked
 * embeddings (README, Distances): the exact paths form the images' Gram matrix or the features'
 * covariance and take its top eigenvectors; the randomized path never forms either and iterates on
 * the embeddings in row blocks. Every iterative path stops when its bound on the subspace error is
 * below 1e-9, so distances agree with a full SVD to about that relative error.
 */
export type PcaSolver = {
  __typename?: 'PcaSolver';
  /** Vectors per block: components plus oversampling (0 for tridiagonal). */
  blockSize: Scalars['Int']['output'];
  /** False when the iteration stopped at its cap above the bound (reported, not hidden). */
  converged: Scalars['Boolean']['output'];
  /** tridiagonal (full eigen-decomposition of the formed matrix) or subspace (block subspace iteration with Rayleigh-Ritz). */
  eigensolver: Scalars['String']['output'];
  /** Why the exact eigen-decomposition replaced the iteration (eigenvalues at the cut nearly equal), or null. */
  fallback: Maybe<Scalars['String']['output']>;
  /** The matrix product used: onnxruntime-mlas-f64 (ONNX Runtime's float64 GEMM) or js (scalar loops). */
  gemm: Scalars['String']['output'];
  /** Subspace (power) iterations performed. */
  iterations: Scalars['Int']['output'];
  /** exact-dual (Gram matrix formed), exact-primal (covariance formed) or randomized (neither formed). */
  kind: Scalars['String']['output'];
  /** Extra vectors beyond the components kept, which speed convergence. */
  oversampling: Scalars['Int']['output'];
  /** Bound on the sine of the angle between the computed and the exact top-components subspace (0 for tridiagonal). */
  subspaceError: Scalars['Float']['output'];
};

/** A model's segmentation performance on a dataset (method.md Performance). */
export type Performance = {
  __typename?: 'Performance';
  /** Images whose counts this answer computed (model-written or replaced predictions are counted on first use). */
  countsComputed: Scalars['Int']['output'];
  /** The 100 rows of the sweep. */
  curve: Array<PrRow>;
  /** The dataset. */
  dataset: Dataset;
  /** Foreground (crack) pixels of their masks. */
  foregroundPixels: Scalars['Float']['output'];
  /** Predicted-foreground pixels / all pixels at each threshold (length 100); the false-positive rate on a set without foreground. */
  fpRate: Maybe<Array<Scalars['Float']['output']>>;
  /** fpRate at t = 0.5; null when fpRate is. */
  fpRateAt05: Maybe<Scalars['Float']['output']>;
  /** Images scored: with a prediction and a mask. */
  imageCount: Scalars['Int']['output'];
  /** Images with a prediction but no mask (not scored). */
  imagesWithoutMask: Scalars['Int']['output'];
  /** Images of the dataset without a prediction for the model (not scored). */
  imagesWithoutPrediction: Scalars['Int']['output'];
  /** The model version the numbers are for. */
  model: Model;
  /** ODS (optimal dataset scale) F-score: the paper's performance metric; null when no F is defined (see odsNullReason). */
  ods: Maybe<OdsScore>;
  /** Why ods is null (e.g. no mask has a foreground pixel); null when ods is set. */
  odsNullReason: Maybe<Scalars['String']['output']>;
  /** OIS-mean: an extension (see oisConvention); null when no image has foreground. */
  ois: Maybe<Scalars['Float']['output']>;
  /** How OIS is computed here. */
  oisConvention: Scalars['String']['output'];
  /** Images left out of OIS because their mask has no foreground. */
  oisLeftOut: Scalars['Int']['output'];
  /** Pixels of the scored images. */
  pixels: Scalars['Float']['output'];
  /** How predictions are binarised and compared: the rule of ods-metric.md. */
  thresholdRule: Scalars['String']['output'];
};

/** One part of a split: images at sorted IDist positions [from, to). */
export type PerformanceSplit = {
  __typename?: 'PerformanceSplit';
  /** Images in the part. */
  count: Scalars['Int']['output'];
  /** First sorted position of the part (inclusive). */
  from: Scalars['Int']['output'];
  /** Mean IDist of the part (not scaled). */
  idistMean: Scalars['Float']['output'];
  /** Population standard deviation of the part's IDist (not scaled). */
  idistStd: Scalars['Float']['output'];
  /** The part's images, ascending IDist. */
  images: Array<Image>;
  /** The paper's notation: F(mu, sigma), 4 decimals (F = n/a when undefined). */
  label: Scalars['String']['output'];
  /** ODS F over the part's images; null when no F is defined there (no foreground). */
  ods: Maybe<Scalars['Float']['output']>;
  /** Percentile bootstrap interval of this part's ODS: its images resampled, from their stored counts; null when ods is. */
  odsInterval: Maybe<BootstrapInterval>;
  /** The threshold of the part's ODS; null when ods is. */
  odsThreshold: Maybe<Scalars['Float']['output']>;
  /** 0 = nearest to the primary. */
  part: Scalars['Int']['output'];
  /** Mean and population standard deviation of min-max scaled IDist (the paper's F(mu, sigma)). */
  scaledMean: Scalars['Float']['output'];
  /** Population standard deviation (ddof = 0) of the part's min-max scaled IDist. */
  scaledStd: Scalars['Float']['output'];
  /** Last sorted position of the part (exclusive). */
  to: Scalars['Int']['output'];
};


/** One part of a split: images at sorted IDist positions [from, to). */
export type PerformanceSplitOdsIntervalArgs = {
  level: Scalars['Float']['input'];
  resamples: Scalars['Int']['input'];
  seed: Scalars['Int']['input'];
};

/** A secondary cut into k parts by IDist, with the ODS and IDist statistics of each (paper Tables 3-5). */
export type PerformanceSplits = {
  __typename?: 'PerformanceSplits';
  /** Components z asked for (see fit.componentsUsed for those kept). */
  componentsRequested: Scalars['Int']['output'];
  /** Images whose counts this answer computed. */
  countsComputed: Scalars['Int']['output'];
  /** The last part: the images farthest from the primary. */
  farthest: PerformanceSplit;
  /** The fit the IDist comes from. */
  fit: PcaFit;
  /** Images of the secondary with both an IDist and counts: the m that is split. */
  imageCount: Scalars['Int']['output'];
  /** Images of the secondary without a prediction or a mask. */
  imagesNotScored: Scalars['Int']['output'];
  /** Scored images of the secondary without an embedding (no IDist). */
  imagesWithoutEmbedding: Scalars['Int']['output'];
  /** Number of parts. */
  k: Scalars['Int']['output'];
  /** The model version the numbers are for. */
  model: Model;
  /** The first and last parts (the paper's Tables 3-5 report these for k = 2 and k = 3). */
  nearest: PerformanceSplit;
  /** ODS over all m images. */
  ods: Maybe<OdsScore>;
  /** All k parts, nearest first. */
  parts: Array<PerformanceSplit>;
  /** The primary dataset P. */
  primary: Dataset;
  /** How IDist reduces an image's distances to the primary images: SUM or MEAN. */
  reduce: IdistReduce;
  /** The secondary dataset S. */
  secondary: Dataset;
};

/** One row of the threshold sweep: counts summed over the set, and P/R/F from them. */
export type PrRow = {
  __typename?: 'PrRow';
  /** Null where the reference gives NaN. */
  f: Maybe<Scalars['Float']['output']>;
  /** False-negative pixels, summed over the set. */
  fn: Scalars['Float']['output'];
  /** False-positive pixels, summed over the set. */
  fp: Scalars['Float']['output'];
  /** 1 when TP = FP = 0 (DeepSegmentor's rule). */
  precision: Scalars['Float']['output'];
  /** Null when the set has no foreground pixel (the reference gives NaN). */
  recall: Maybe<Scalars['Float']['output']>;
  /** t = k / 100, k = 0..99. */
  threshold: Scalars['Float']['output'];
  /** True-positive pixels, summed over the set. */
  tp: Scalars['Float']['output'];
};

/** One image's predicted F-score. */
export type PredictedImage = {
  __typename?: 'PredictedImage';
  /** The image. */
  image: Image;
  /** Conformal interval of the per-image F, clipped to [0, 1]. */
  interval: Interval;
  /** The measured per-image F when the image has a mask with foreground and a prediction; else null. */
  measuredF: Maybe<Scalars['Float']['output']>;
  /** Conformal p-value of the image's IDist (see ImageIdist.pValue). */
  pValue: Scalars['Float']['output'];
  /** Predicted per-image F at the primary's ODS threshold. */
  predictedF: Scalars['Float']['output'];
  /** IDist(s, P) / n over the mean leave-one-out IDist / (n - 1) of the primary, in the pair's fit: 1 = as far as a typical primary image. */
  relativeIdist: Scalars['Float']['output'];
};

/** F-scores predicted from IDist without labels, with conformal intervals. */
export type PredictedPerformance = {
  __typename?: 'PredictedPerformance';
  /** The dataset predicted. */
  dataset: Dataset;
  /** The fitted monotone curve. */
  fitted: Array<FittedPoint>;
  /** Folds of the cross-validation. */
  folds: Scalars['Int']['output'];
  /** Half-width of every per-image interval (the conformal quantile of the cross-validated residuals); null when too few images for the level. */
  halfWidth: Maybe<Scalars['Float']['output']>;
  /** Images of the dataset predicted (those with an embedding). */
  imageCount: Scalars['Int']['output'];
  /** Per-image predictions, farthest (largest IDist) first, at most `first`. */
  images: Array<PredictedImage>;
  /** Nominal coverage of the intervals. */
  level: Scalars['Float']['output'];
  /** The mean measured per-image F at threshold, over the images that have one; null when none has. */
  measuredMeanF: Maybe<Scalars['Float']['output']>;
  /** The set's measured ODS when it has masks and predictions; null otherwise (or when no F is defined). */
  measuredOds: Maybe<Scalars['Float']['output']>;
  /** How the fit and the intervals are made. */
  method: Scalars['String']['output'];
  /** The model version the numbers are for. */
  model: Model;
  /** Interval of the set's ODS: the means of the per-image bounds. */
  odsInterval: Interval;
  /** Predicted ODS of the set: the mean predicted per-image F. */
  predictedOds: Scalars['Float']['output'];
  /** The primary dataset P. */
  primary: Dataset;
  /** Seed of the fold assignment. */
  seed: Scalars['Int']['output'];
  /** The threshold per-image F is taken at: the primary's ODS threshold (the model's operating point). */
  threshold: Scalars['Float']['output'];
  /** Datasets whose labelled images the fit used: the primary, then trainOn. */
  trainedOn: Array<Dataset>;
  /** Labelled images the fit used (with foreground, a prediction and an embedding). */
  trainingImages: Scalars['Int']['output'];
};

/** What an importPredictions wrote. */
export type PredictionImportResult = {
  __typename?: 'PredictionImportResult';
  /** Predictions for images that had none. */
  added: Scalars['Int']['output'];
  /** Written predictions whose image has a mask: counted in the same transaction. */
  counted: Scalars['Int']['output'];
  /** The dataset. */
  dataset: Dataset;
  /** Files seen in the folder. */
  files: Scalars['Int']['output'];
  /** Images of the dataset that have no prediction for the model after this import. */
  imagesWithoutPrediction: Scalars['Int']['output'];
  /** Predictions written (added + replaced). */
  imported: Scalars['Int']['output'];
  /** Their file names (the first 100). */
  missing: Array<Scalars['String']['output']>;
  /** The model version the numbers are for. */
  model: Model;
  /** Predictions that replaced different bytes; their old counts no longer apply. */
  replaced: Scalars['Int']['output'];
  /** Files that were not used, each with the reason. */
  skipped: Array<SkippedFile>;
  /** Files identical to the stored prediction: nothing written. */
  unchanged: Scalars['Int']['output'];
};

/** predictedPerformance validated by holding out each labelled secondary in turn. */
export type PredictionValidation = {
  __typename?: 'PredictionValidation';
  /** Share of held-out images whose interval covers their measured F, over all rows; null when none has an F. */
  imageCoverage: Maybe<Scalars['Float']['output']>;
  /** Nominal coverage of the intervals. */
  level: Scalars['Float']['output'];
  /** Mean |predicted - measured| ODS over rows with a measured ODS; null when none has. */
  meanAbsoluteError: Maybe<Scalars['Float']['output']>;
  /** The model version the numbers are for. */
  model: Model;
  /** The primary dataset P. */
  primary: Dataset;
  /** One row per secondary, as asked. */
  rows: Array<ValidationRow>;
  /** Share of rows whose interval covers the measured ODS (over rows with a measured ODS); null when none has. */
  setCoverage: Maybe<Scalars['Float']['output']>;
};

/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type Query = {
  __typename?: 'Query';
  /** Every API key, active and revoked (admin). */
  apiKeys: Array<ApiKey>;
  /** The audit trail of writes, newest first (admin). */
  auditLog: AuditEntryConnection;
  /**
   * Every model of a family (base, base+1, ... in registration order), each scored on the secondary
   * with its own IDist: ODS, splits and curve, so the flattening of the curve can be seen.
   */
  compareVersions: VersionComparison;
  /** One dataset by name; null when there is none. */
  dataset: Maybe<Dataset>;
  /** Every dataset, in creation order. */
  datasets: Array<Dataset>;
  /** A window of rows of the image-image distance matrix D(S, P) (method.md 4); the whole matrix is at npyUrl. */
  distanceMatrix: DistanceMatrix;
  /**
   * Per-image F at the set's ODS threshold against min-max scaled IDist, sorted by IDist, with the
   * moving average of window max(1, round(m/10)) and the Spearman correlation (paper Figures 4-6).
   */
  fScoreCurve: FScoreCurve;
  /** The k images of the secondary farthest from the primary, by IDist. */
  farthestImages: ImageIdistList;
  /** Liveness plus which store this server runs on. */
  health: Health;
  /** IDist of each image of the secondary to the primary (method.md 5), sorted, as a Relay connection. */
  idist: IdistConnection;
  /** One image by id; null when there is none. */
  image: Maybe<Image>;
  /**
   * IDist of one image to the primary in the stored fit of (primary, the image's dataset). An image
   * added after that fit is projected with its stored mean and components, without a refit (method.md 9).
   */
  imageIdist: ImageIdistResult;
  /** A page of a dataset's images in import order (Relay connection with keyset cursors). */
  images: ImageConnection;
  /** An extraction job's progress. */
  job: Maybe<Job>;
  /** Recent jobs, newest first. */
  jobs: Array<Job>;
  /**
   * Which images of the secondary to label: candidates with scaled IDist in [lower, upper], then
   * `count` of them by the strategy (paper 4.3). Also as CSV and JSON at csvUrl and jsonUrl.
   */
  labelCandidates: LabelCandidates;
  /** One model: the given version, or the latest. */
  model: Maybe<Model>;
  /** Every registered model version, by name then version. */
  models: Array<Model>;
  /** The k primary images nearest to one image in the PCA space of (primary, the image's dataset): why an image is far. */
  nearestPrimaryImages: NearestPrimaryImages;
  /**
   * ODist of each secondary from the primary (method.md Distances 1-7), scaled over the
   * secondaries asked for, with ODist(P, P) under the same fit as the baseline to read it against.
   */
  odist: OdistResult;
  /** Scaled ODist for several numbers of components (method.md 10, the paper's Table 6). */
  pcStability: PcStability;
  /**
   * ODS (with its threshold), OIS-mean, the P/R/F curve and the predicted-foreground pixel rate of
   * a model's predictions on a dataset's images that have a mask. A set without foreground answers
   * ods: null with odsNullReason; read fpRate then.
   */
  performance: Performance;
  /**
   * The secondary sorted by IDist to the primary and cut into k parts, part i holding sorted
   * positions [floor(i*m/k), floor((i+1)*m/k)); per part ODS and IDist statistics (paper Tables 3-5).
   */
  performanceSplits: PerformanceSplits;
  /**
   * Per-image F-score (at the primary's ODS threshold) and the set's ODS predicted without labels
   * from IDist, each with a conformal interval: a non-increasing (isotonic) fit of per-image F
   * against relative IDist on the primary's labelled images (cross-validated) and, where asked,
   * labelled secondaries. Beside it the measured ODS when the dataset has masks and predictions.
   */
  predictedPerformance: PredictedPerformance;
  /**
   * Honest validation of predictedPerformance: each labelled secondary is held out in turn, its ODS
   * predicted from the primary and the other secondaries, and compared with its measured ODS, with
   * the share of intervals that cover the measured values.
   */
  predictionValidation: PredictionValidation;
  /**
   * The k images nearest to one image in the model's raw embedding space (any dataset, or one), by
   * a pgvector HNSW index: approximate neighbours, exact distances.
   */
  similarImages: SimilarImages;
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryAuditLogArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first: Scalars['Int']['input'];
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryCompareVersionsArgs = {
  components: Scalars['Int']['input'];
  family: Scalars['String']['input'];
  k: Scalars['Int']['input'];
  primary: Scalars['String']['input'];
  reduce: IdistReduce;
  secondary: Scalars['String']['input'];
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryDatasetArgs = {
  name: Scalars['String']['input'];
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryDistanceMatrixArgs = {
  rows: RowWindow;
  scope: DistanceScope;
  secondary: Scalars['String']['input'];
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryFScoreCurveArgs = {
  reduce: IdistReduce;
  scope: DistanceScope;
  secondary: Scalars['String']['input'];
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryFarthestImagesArgs = {
  k: Scalars['Int']['input'];
  maxPValue?: InputMaybe<Scalars['Float']['input']>;
  reduce: IdistReduce;
  scope: DistanceScope;
  secondary: Scalars['String']['input'];
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryIdistArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  engine: DistanceEngine;
  estimate?: InputMaybe<EstimateInput>;
  first: Scalars['Int']['input'];
  maxPValue?: InputMaybe<Scalars['Float']['input']>;
  order: SortOrder;
  reduce: IdistReduce;
  scope: DistanceScope;
  secondary: Scalars['String']['input'];
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryImageArgs = {
  id: Scalars['ID']['input'];
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryImageIdistArgs = {
  estimate?: InputMaybe<EstimateInput>;
  image: Scalars['ID']['input'];
  reduce: IdistReduce;
  scope: DistanceScope;
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryImagesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  dataset: Scalars['String']['input'];
  first: Scalars['Int']['input'];
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryJobArgs = {
  id: Scalars['ID']['input'];
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryJobsArgs = {
  first: Scalars['Int']['input'];
  state?: InputMaybe<JobState>;
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryLabelCandidatesArgs = {
  count: Scalars['Int']['input'];
  lower: Scalars['Float']['input'];
  reduce: IdistReduce;
  scope: DistanceScope;
  secondary: Scalars['String']['input'];
  seed: Scalars['Int']['input'];
  strategy: LabelStrategy;
  upper: Scalars['Float']['input'];
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryModelArgs = {
  name: Scalars['String']['input'];
  version?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryNearestPrimaryImagesArgs = {
  image: Scalars['ID']['input'];
  k: Scalars['Int']['input'];
  scope: DistanceScope;
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryOdistArgs = {
  estimate?: InputMaybe<EstimateInput>;
  fitOn: FitOn;
  reduce: IdistReduce;
  scope: DistanceScope;
  secondaries: Array<Scalars['String']['input']>;
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryPcStabilityArgs = {
  components: Array<Scalars['Int']['input']>;
  fitOn: FitOn;
  model: ModelRef;
  primary: Scalars['String']['input'];
  reduce: IdistReduce;
  secondaries: Array<Scalars['String']['input']>;
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryPerformanceArgs = {
  dataset: Scalars['String']['input'];
  model: ModelRef;
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryPerformanceSplitsArgs = {
  k: Scalars['Int']['input'];
  reduce: IdistReduce;
  scope: DistanceScope;
  secondary: Scalars['String']['input'];
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryPredictedPerformanceArgs = {
  dataset: Scalars['String']['input'];
  first: Scalars['Int']['input'];
  folds: Scalars['Int']['input'];
  level: Scalars['Float']['input'];
  scope: DistanceScope;
  seed: Scalars['Int']['input'];
  trainOn?: InputMaybe<Array<Scalars['String']['input']>>;
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QueryPredictionValidationArgs = {
  folds: Scalars['Int']['input'];
  level: Scalars['Float']['input'];
  scope: DistanceScope;
  secondaries: Array<Scalars['String']['input']>;
  seed: Scalars['Int']['input'];
};


/**
 * distmetrics: how far images and datasets are from a model's training data, in that model's
 * feature space, and how that distance predicts the model's performance.
 */
export type QuerySimilarImagesArgs = {
  dataset?: InputMaybe<Scalars['String']['input']>;
  image: Scalars['ID']['input'];
  k: Scalars['Int']['input'];
  model: ModelRef;
};

/** How a tap's tensor is reduced to a vector before concatenation. */
export type Reduction =
  /** Every value of the tensor. */
  | 'FLATTEN'
  /** Global average pool over the spatial axes: one value per channel. */
  | 'GAP'
  /** Adaptive average pool to a grid x grid map: channels x grid x grid values. */
  | 'GRID';

/** A model whose embeddings (and predictions) are computed elsewhere and imported. */
export type RegisterExternalModelInput = {
  /** Embedding length; set by the first import when omitted. */
  dimension?: InputMaybe<Scalars['Int']['input']>;
  /** Models of one family are versions of each other; defaults to the name. */
  family?: InputMaybe<Scalars['String']['input']>;
  /** The model's name. */
  name: Scalars['String']['input'];
};

/** An ONNX model to register, with its input settings and feature taps. */
export type RegisterModelInput = {
  /** Order of the colour channels the model expects. */
  channelOrder: ChannelOrder;
  /** Models of one family are versions of each other (base, base+1, ...); defaults to the name. */
  family?: InputMaybe<Scalars['String']['input']>;
  /** Height images are resized to before inference (the paper: 448). */
  inputHeight: Scalars['Int']['input'];
  /** Width images are resized to before inference (the paper: 448). */
  inputWidth: Scalars['Int']['input'];
  /** Per-channel mean subtracted after scaling (default ImageNet's). */
  mean?: InputMaybe<Array<Scalars['Float']['input']>>;
  /** The model's name; registering new bytes or settings under it makes a new version. */
  name: Scalars['String']['input'];
  /** Or the file's bytes, base64-encoded. */
  onnxBase64?: InputMaybe<Scalars['String']['input']>;
  /** Path of the .onnx file under IMPORT_ROOT. */
  onnxPath?: InputMaybe<Scalars['String']['input']>;
  /** Name of a per-pixel probability output: makes this a segmentation model whose predictions are stored. */
  predictionOutput?: InputMaybe<Scalars['String']['input']>;
  /** Pixel multiplier applied before mean/std (default 1/255). */
  scale?: InputMaybe<Scalars['Float']['input']>;
  /** Per-channel standard deviation divided by (default ImageNet's). */
  std?: InputMaybe<Array<Scalars['Float']['input']>>;
  /** Tensors concatenated, in order, into the embedding. */
  taps: Array<TapInput>;
};

/** A window of rows of a matrix. */
export type RowWindow = {
  /** Number of rows (at most MAX_PAGE). */
  limit: Scalars['Int']['input'];
  /** First row, 0-based. */
  offset: Scalars['Int']['input'];
};

/** Nearest neighbours of an image in a model's raw embedding space. */
export type SimilarImages = {
  __typename?: 'SimilarImages';
  /** The dataset searched; null = every dataset. */
  dataset: Maybe<Dataset>;
  /** The image asked about. */
  image: Image;
  /** Name of the pgvector HNSW index searched. */
  index: Scalars['String']['output'];
  /** The model version the numbers are for. */
  model: Model;
  /** Nearest first; distances are exact L2 in the raw embedding space. */
  neighbors: Array<ImageDistance>;
  /** True when the search went through the reduced (sketch) vectors. */
  reduced: Scalars['Boolean']['output'];
  /**
   * What the HNSW index is on: embedding::vector(D) for D <= 2000, else a 1024-dimension sketch of
   * the embedding (pgvector's HNSW indexes at most 2000 dimensions), re-ranked by exact distance.
   */
  searchedOn: Scalars['String']['output'];
};

/** A file an import did not use, and why. */
export type SkippedFile = {
  __typename?: 'SkippedFile';
  /** The file name. */
  file: Scalars['String']['output'];
  /** Why it was skipped (corrupt, unsupported, mask of another size, name taken, ...). */
  reason: Scalars['String']['output'];
};

/** Sort direction. */
export type SortOrder =
  /** Smallest first. */
  | 'ASC'
  /** Largest first. */
  | 'DESC';

/** One feature tap: a tensor inside the ONNX graph and how it is reduced to a vector. */
export type TapInput = {
  /** Grid size for GRID. */
  grid?: InputMaybe<Scalars['Int']['input']>;
  /** A tensor name inside the ONNX graph (see `npx distmetrics inspect-model`). */
  name: Scalars['String']['input'];
  /** GAP, GRID (with grid) or FLATTEN. */
  reduction: Reduction;
};

/** A registered feature tap and what it contributes to the embedding. */
export type TapShape = {
  __typename?: 'TapShape';
  /** Grid size for GRID; null otherwise. */
  grid: Maybe<Scalars['Int']['output']>;
  /** Values this tap contributes to the embedding. */
  length: Scalars['Int']['output'];
  /** The tensor's name inside the ONNX graph. */
  name: Scalars['String']['output'];
  /** How the tensor is reduced to a vector. */
  reduction: Reduction;
  /** The tensor's shape for one image. */
  shape: Array<Scalars['Int']['output']>;
};

/** One held-out secondary of predictionValidation. */
export type ValidationRow = {
  __typename?: 'ValidationRow';
  /** Whether the interval covers measuredOds; null when measuredOds is. */
  covered: Maybe<Scalars['Boolean']['output']>;
  /** The held-out secondary. */
  dataset: Dataset;
  /** Its images predicted. */
  imageCount: Scalars['Int']['output'];
  /** Share of the held-out images whose measured F lies in its per-image interval; null when none has an F. */
  imageCoverage: Maybe<Scalars['Float']['output']>;
  /** Interval of the predicted ODS. */
  interval: Interval;
  /** Mean measured per-image F at the primary's ODS threshold; null when no image has one. */
  measuredMeanF: Maybe<Scalars['Float']['output']>;
  /** Measured ODS; null when no F is defined (no foreground). */
  measuredOds: Maybe<Scalars['Float']['output']>;
  /** Predicted ODS from the primary and the other secondaries. */
  predictedOds: Scalars['Float']['output'];
};

/** Every version of a model family scored on one secondary, to see the curve flatten as labels are added. */
export type VersionComparison = {
  __typename?: 'VersionComparison';
  /** Components z asked for (see fit.componentsUsed for those kept). */
  componentsRequested: Scalars['Int']['output'];
  /** The model family. */
  family: Scalars['String']['output'];
  /** Number of parts of each version's splits. */
  k: Scalars['Int']['output'];
  /** The primary dataset P. */
  primary: Dataset;
  /** How IDist reduces an image's distances to the primary images: SUM or MEAN. */
  reduce: IdistReduce;
  /** The secondary dataset S. */
  secondary: Dataset;
  /** Registration order. */
  versions: Array<VersionPerformance>;
};

/** One version of a family in compareVersions. */
export type VersionPerformance = {
  __typename?: 'VersionPerformance';
  /** Its F-score curve on the secondary; null when unavailable. */
  curve: Maybe<FScoreCurve>;
  /** The model version. */
  model: Model;
  /** On the secondary (all its scored images). */
  performance: Maybe<Performance>;
  /** Its splits on the secondary; null when unavailable. */
  splits: Maybe<PerformanceSplits>;
  /** Why this version has no numbers (predictions, masks or embeddings missing); null when it has. */
  unavailableReason: Maybe<Scalars['String']['output']>;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AddImageInput: AddImageInput;
  AddImageResult: ResolverTypeWrapper<Omit<AddImageResult, 'image'> & { image: ResolversTypes['Image'] }>;
  ApiKey: ResolverTypeWrapper<ApiKeyMapperMapper>;
  ApiKeyRole: ApiKeyRole;
  AuditEntry: ResolverTypeWrapper<AuditEntryMapperMapper>;
  AuditEntryConnection: ResolverTypeWrapper<Omit<AuditEntryConnection, 'edges'> & { edges: Array<ResolversTypes['AuditEntryEdge']> }>;
  AuditEntryEdge: ResolverTypeWrapper<Omit<AuditEntryEdge, 'node'> & { node: ResolversTypes['AuditEntry'] }>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  BootstrapInterval: ResolverTypeWrapper<BootstrapIntervalMapperMapper>;
  ChannelOrder: ChannelOrder;
  CreatedApiKey: ResolverTypeWrapper<Omit<CreatedApiKey, 'key'> & { key: ResolversTypes['ApiKey'] }>;
  CurvePoint: ResolverTypeWrapper<CurvePointMapperMapper>;
  Dataset: ResolverTypeWrapper<DatasetMapperMapper>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DistanceEngine: DistanceEngine;
  DistanceJobInfo: ResolverTypeWrapper<Omit<DistanceJobInfo, 'primary' | 'secondaries'> & { primary?: Maybe<ResolversTypes['Dataset']>, secondaries: Array<ResolversTypes['Dataset']> }>;
  DistanceMatrix: ResolverTypeWrapper<DistanceMatrixMapperMapper>;
  DistanceRow: ResolverTypeWrapper<Omit<DistanceRow, 'image'> & { image: ResolversTypes['Image'] }>;
  DistanceScope: DistanceScope;
  Embedding: ResolverTypeWrapper<EmbeddingMapperMapper>;
  EmbeddingImportResult: ResolverTypeWrapper<Omit<EmbeddingImportResult, 'dataset' | 'model'> & { dataset: ResolversTypes['Dataset'], model: ResolversTypes['Model'] }>;
  EnergyTest: ResolverTypeWrapper<EnergyTestMapperMapper>;
  EstimateInput: EstimateInput;
  FScoreCurve: ResolverTypeWrapper<FScoreCurveMapperMapper>;
  FitOn: FitOn;
  FitSet: ResolverTypeWrapper<Omit<FitSet, 'dataset'> & { dataset: ResolversTypes['Dataset'] }>;
  FittedPoint: ResolverTypeWrapper<FittedPoint>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Health: ResolverTypeWrapper<Health>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  IdistConnection: ResolverTypeWrapper<IdistConnectionMapperMapper>;
  IdistEdge: ResolverTypeWrapper<Omit<IdistEdge, 'node'> & { node: ResolversTypes['ImageIdist'] }>;
  IdistReduce: IdistReduce;
  Image: ResolverTypeWrapper<ImageMapperMapper>;
  ImageConnection: ResolverTypeWrapper<Omit<ImageConnection, 'edges'> & { edges: Array<ResolversTypes['ImageEdge']> }>;
  ImageDistance: ResolverTypeWrapper<Omit<ImageDistance, 'image'> & { image: ResolversTypes['Image'] }>;
  ImageEdge: ResolverTypeWrapper<Omit<ImageEdge, 'node'> & { node: ResolversTypes['Image'] }>;
  ImageIdist: ResolverTypeWrapper<Omit<ImageIdist, 'image'> & { image: ResolversTypes['Image'] }>;
  ImageIdistList: ResolverTypeWrapper<Omit<ImageIdistList, 'fit' | 'items' | 'model' | 'primary' | 'secondary'> & { fit: ResolversTypes['PcaFit'], items: Array<ResolversTypes['ImageIdist']>, model: ResolversTypes['Model'], primary: ResolversTypes['Dataset'], secondary: ResolversTypes['Dataset'] }>;
  ImageIdistResult: ResolverTypeWrapper<Omit<ImageIdistResult, 'fit' | 'image' | 'primary'> & { fit: ResolversTypes['PcaFit'], image: ResolversTypes['Image'], primary: ResolversTypes['Dataset'] }>;
  ImportEmbeddingsInput: ImportEmbeddingsInput;
  ImportFolderInput: ImportFolderInput;
  ImportPredictionsInput: ImportPredictionsInput;
  ImportResult: ResolverTypeWrapper<Omit<ImportResult, 'dataset'> & { dataset?: Maybe<ResolversTypes['Dataset']> }>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Interval: ResolverTypeWrapper<Interval>;
  Job: ResolverTypeWrapper<JobMapperMapper>;
  JobError: ResolverTypeWrapper<JobError>;
  JobKind: JobKind;
  JobState: JobState;
  LabelCandidate: ResolverTypeWrapper<LabelCandidateMapperMapper>;
  LabelCandidates: ResolverTypeWrapper<LabelCandidatesMapperMapper>;
  LabelStrategy: LabelStrategy;
  Model: ResolverTypeWrapper<ModelMapperMapper>;
  ModelInput: ResolverTypeWrapper<ModelInput>;
  ModelRef: ModelRef;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  NearestPrimaryImages: ResolverTypeWrapper<Omit<NearestPrimaryImages, 'fit' | 'image' | 'neighbors' | 'primary'> & { fit: ResolversTypes['PcaFit'], image: ResolversTypes['Image'], neighbors: Array<ResolversTypes['ImageDistance']>, primary: ResolversTypes['Dataset'] }>;
  OdistEntry: ResolverTypeWrapper<OdistEntryMapperMapper>;
  OdistResult: ResolverTypeWrapper<Omit<OdistResult, 'model' | 'primary' | 'scaledOver' | 'secondaries'> & { model: ResolversTypes['Model'], primary: ResolversTypes['Dataset'], scaledOver: Array<ResolversTypes['Dataset']>, secondaries: Array<ResolversTypes['OdistEntry']> }>;
  OdsScore: ResolverTypeWrapper<OdsScore>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PcStability: ResolverTypeWrapper<Omit<PcStability, 'model' | 'primary' | 'rows' | 'scaledOver'> & { model: ResolversTypes['Model'], primary: ResolversTypes['Dataset'], rows: Array<ResolversTypes['PcStabilityRow']>, scaledOver: Array<ResolversTypes['Dataset']> }>;
  PcStabilityRow: ResolverTypeWrapper<Omit<PcStabilityRow, 'entries'> & { entries: Array<ResolversTypes['OdistEntry']> }>;
  PcaFit: ResolverTypeWrapper<PcaFitMapperMapper>;
  PcaSolver: ResolverTypeWrapper<PcaSolver>;
  Performance: ResolverTypeWrapper<PerformanceMapperMapper>;
  PerformanceSplit: ResolverTypeWrapper<PerformanceSplitMapperMapper>;
  PerformanceSplits: ResolverTypeWrapper<PerformanceSplitsMapperMapper>;
  PrRow: ResolverTypeWrapper<PrRow>;
  PredictedImage: ResolverTypeWrapper<PredictedImageMapperMapper>;
  PredictedPerformance: ResolverTypeWrapper<PredictedPerformanceMapperMapper>;
  PredictionImportResult: ResolverTypeWrapper<PredictionImportResultMapperMapper>;
  PredictionValidation: ResolverTypeWrapper<PredictionValidationMapperMapper>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Reduction: Reduction;
  RegisterExternalModelInput: RegisterExternalModelInput;
  RegisterModelInput: RegisterModelInput;
  RowWindow: RowWindow;
  SimilarImages: ResolverTypeWrapper<Omit<SimilarImages, 'dataset' | 'image' | 'model' | 'neighbors'> & { dataset?: Maybe<ResolversTypes['Dataset']>, image: ResolversTypes['Image'], model: ResolversTypes['Model'], neighbors: Array<ResolversTypes['ImageDistance']> }>;
  SkippedFile: ResolverTypeWrapper<SkippedFile>;
  SortOrder: SortOrder;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  TapInput: TapInput;
  TapShape: ResolverTypeWrapper<TapShape>;
  ValidationRow: ResolverTypeWrapper<ValidationRowMapperMapper>;
  VersionComparison: ResolverTypeWrapper<VersionComparisonMapperMapper>;
  VersionPerformance: ResolverTypeWrapper<VersionPerformanceMapperMapper>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AddImageInput: AddImageInput;
  AddImageResult: Omit<AddImageResult, 'image'> & { image: ResolversParentTypes['Image'] };
  ApiKey: ApiKeyMapperMapper;
  AuditEntry: AuditEntryMapperMapper;
  AuditEntryConnection: Omit<AuditEntryConnection, 'edges'> & { edges: Array<ResolversParentTypes['AuditEntryEdge']> };
  AuditEntryEdge: Omit<AuditEntryEdge, 'node'> & { node: ResolversParentTypes['AuditEntry'] };
  Boolean: Scalars['Boolean']['output'];
  BootstrapInterval: BootstrapIntervalMapperMapper;
  CreatedApiKey: Omit<CreatedApiKey, 'key'> & { key: ResolversParentTypes['ApiKey'] };
  CurvePoint: CurvePointMapperMapper;
  Dataset: DatasetMapperMapper;
  DateTime: Scalars['DateTime']['output'];
  DistanceJobInfo: Omit<DistanceJobInfo, 'primary' | 'secondaries'> & { primary?: Maybe<ResolversParentTypes['Dataset']>, secondaries: Array<ResolversParentTypes['Dataset']> };
  DistanceMatrix: DistanceMatrixMapperMapper;
  DistanceRow: Omit<DistanceRow, 'image'> & { image: ResolversParentTypes['Image'] };
  DistanceScope: DistanceScope;
  Embedding: EmbeddingMapperMapper;
  EmbeddingImportResult: Omit<EmbeddingImportResult, 'dataset' | 'model'> & { dataset: ResolversParentTypes['Dataset'], model: ResolversParentTypes['Model'] };
  EnergyTest: EnergyTestMapperMapper;
  EstimateInput: EstimateInput;
  FScoreCurve: FScoreCurveMapperMapper;
  FitSet: Omit<FitSet, 'dataset'> & { dataset: ResolversParentTypes['Dataset'] };
  FittedPoint: FittedPoint;
  Float: Scalars['Float']['output'];
  Health: Health;
  ID: Scalars['ID']['output'];
  IdistConnection: IdistConnectionMapperMapper;
  IdistEdge: Omit<IdistEdge, 'node'> & { node: ResolversParentTypes['ImageIdist'] };
  Image: ImageMapperMapper;
  ImageConnection: Omit<ImageConnection, 'edges'> & { edges: Array<ResolversParentTypes['ImageEdge']> };
  ImageDistance: Omit<ImageDistance, 'image'> & { image: ResolversParentTypes['Image'] };
  ImageEdge: Omit<ImageEdge, 'node'> & { node: ResolversParentTypes['Image'] };
  ImageIdist: Omit<ImageIdist, 'image'> & { image: ResolversParentTypes['Image'] };
  ImageIdistList: Omit<ImageIdistList, 'fit' | 'items' | 'model' | 'primary' | 'secondary'> & { fit: ResolversParentTypes['PcaFit'], items: Array<ResolversParentTypes['ImageIdist']>, model: ResolversParentTypes['Model'], primary: ResolversParentTypes['Dataset'], secondary: ResolversParentTypes['Dataset'] };
  ImageIdistResult: Omit<ImageIdistResult, 'fit' | 'image' | 'primary'> & { fit: ResolversParentTypes['PcaFit'], image: ResolversParentTypes['Image'], primary: ResolversParentTypes['Dataset'] };
  ImportEmbeddingsInput: ImportEmbeddingsInput;
  ImportFolderInput: ImportFolderInput;
  ImportPredictionsInput: ImportPredictionsInput;
  ImportResult: Omit<ImportResult, 'dataset'> & { dataset?: Maybe<ResolversParentTypes['Dataset']> };
  Int: Scalars['Int']['output'];
  Interval: Interval;
  Job: JobMapperMapper;
  JobError: JobError;
  LabelCandidate: LabelCandidateMapperMapper;
  LabelCandidates: LabelCandidatesMapperMapper;
  Model: ModelMapperMapper;
  ModelInput: ModelInput;
  ModelRef: ModelRef;
  Mutation: Record<PropertyKey, never>;
  NearestPrimaryImages: Omit<NearestPrimaryImages, 'fit' | 'image' | 'neighbors' | 'primary'> & { fit: ResolversParentTypes['PcaFit'], image: ResolversParentTypes['Image'], neighbors: Array<ResolversParentTypes['ImageDistance']>, primary: ResolversParentTypes['Dataset'] };
  OdistEntry: OdistEntryMapperMapper;
  OdistResult: Omit<OdistResult, 'model' | 'primary' | 'scaledOver' | 'secondaries'> & { model: ResolversParentTypes['Model'], primary: ResolversParentTypes['Dataset'], scaledOver: Array<ResolversParentTypes['Dataset']>, secondaries: Array<ResolversParentTypes['OdistEntry']> };
  OdsScore: OdsScore;
  PageInfo: PageInfo;
  PcStability: Omit<PcStability, 'model' | 'primary' | 'rows' | 'scaledOver'> & { model: ResolversParentTypes['Model'], primary: ResolversParentTypes['Dataset'], rows: Array<ResolversParentTypes['PcStabilityRow']>, scaledOver: Array<ResolversParentTypes['Dataset']> };
  PcStabilityRow: Omit<PcStabilityRow, 'entries'> & { entries: Array<ResolversParentTypes['OdistEntry']> };
  PcaFit: PcaFitMapperMapper;
  PcaSolver: PcaSolver;
  Performance: PerformanceMapperMapper;
  PerformanceSplit: PerformanceSplitMapperMapper;
  PerformanceSplits: PerformanceSplitsMapperMapper;
  PrRow: PrRow;
  PredictedImage: PredictedImageMapperMapper;
  PredictedPerformance: PredictedPerformanceMapperMapper;
  PredictionImportResult: PredictionImportResultMapperMapper;
  PredictionValidation: PredictionValidationMapperMapper;
  Query: Record<PropertyKey, never>;
  RegisterExternalModelInput: RegisterExternalModelInput;
  RegisterModelInput: RegisterModelInput;
  RowWindow: RowWindow;
  SimilarImages: Omit<SimilarImages, 'dataset' | 'image' | 'model' | 'neighbors'> & { dataset?: Maybe<ResolversParentTypes['Dataset']>, image: ResolversParentTypes['Image'], model: ResolversParentTypes['Model'], neighbors: Array<ResolversParentTypes['ImageDistance']> };
  SkippedFile: SkippedFile;
  String: Scalars['String']['output'];
  TapInput: TapInput;
  TapShape: TapShape;
  ValidationRow: ValidationRowMapperMapper;
  VersionComparison: VersionComparisonMapperMapper;
  VersionPerformance: VersionPerformanceMapperMapper;
};

export type ComplexityDirectiveArgs = {
  multipliers?: Maybe<Array<Scalars['String']['input']>>;
  value: Scalars['Int']['input'];
};

export type ComplexityDirectiveResolver<Result, Parent, ContextType = GraphQLContext, Args = ComplexityDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type AddImageResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AddImageResult'] = ResolversParentTypes['AddImageResult']> = {
  created?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  image?: Resolver<ResolversTypes['Image'], ParentType, ContextType>;
};

export type ApiKeyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ApiKey'] = ResolversParentTypes['ApiKey']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  role?: Resolver<ResolversTypes['ApiKeyRole'], ParentType, ContextType>;
};

export type AuditEntryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuditEntry'] = ResolversParentTypes['AuditEntry']> = {
  actor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  address?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  arguments?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  operation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  role?: Resolver<Maybe<ResolversTypes['ApiKeyRole']>, ParentType, ContextType>;
};

export type AuditEntryConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuditEntryConnection'] = ResolversParentTypes['AuditEntryConnection']> = {
  edges?: Resolver<Array<ResolversTypes['AuditEntryEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type AuditEntryEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuditEntryEdge'] = ResolversParentTypes['AuditEntryEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['AuditEntry'], ParentType, ContextType>;
};

export type BootstrapIntervalResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['BootstrapInterval'] = ResolversParentTypes['BootstrapInterval']> = {
  high?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  interval?: Resolver<ResolversTypes['Interval'], ParentType, ContextType>;
  level?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  low?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  method?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  resamples?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  seed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  undefinedResamples?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CreatedApiKeyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CreatedApiKey'] = ResolversParentTypes['CreatedApiKey']> = {
  key?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType>;
  token?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CurvePointResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CurvePoint'] = ResolversParentTypes['CurvePoint']> = {
  f?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  idist?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  image?: Resolver<ResolversTypes['Image'], ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  scaled?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  smoothed?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type DatasetResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Dataset'] = ResolversParentTypes['Dataset']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  imageCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  images?: Resolver<ResolversTypes['ImageConnection'], ParentType, ContextType, RequireFields<DatasetImagesArgs, 'first'>>;
  maskCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DistanceJobInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DistanceJobInfo'] = ResolversParentTypes['DistanceJobInfo']> = {
  components?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  fitId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  pairs?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  pairsPerChunk?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  primary?: Resolver<Maybe<ResolversTypes['Dataset']>, ParentType, ContextType>;
  secondaries?: Resolver<Array<ResolversTypes['Dataset']>, ParentType, ContextType>;
};

export type DistanceMatrixResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DistanceMatrix'] = ResolversParentTypes['DistanceMatrix']> = {
  columnImageIdsUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  columns?: Resolver<Array<ResolversTypes['Image']>, ParentType, ContextType>;
  fit?: Resolver<ResolversTypes['PcaFit'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  npyUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  offset?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  primary?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  rowImageIdsUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rows?: Resolver<Array<ResolversTypes['DistanceRow']>, ParentType, ContextType>;
  secondary?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  totalColumns?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  totalRows?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type DistanceRowResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DistanceRow'] = ResolversParentTypes['DistanceRow']> = {
  distances?: Resolver<Array<ResolversTypes['Float']>, ParentType, ContextType>;
  image?: Resolver<ResolversTypes['Image'], ParentType, ContextType>;
};

export type EmbeddingResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Embedding'] = ResolversParentTypes['Embedding']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  dimension?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  vector?: Resolver<Array<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type EmbeddingImportResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['EmbeddingImportResult'] = ResolversParentTypes['EmbeddingImportResult']> = {
  dataset?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  dimension?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  imported?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
};

export type EnergyTestResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['EnergyTest'] = ResolversParentTypes['EnergyTest']> = {
  exact?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  exceedances?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  method?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ms?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  pValue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  permutations?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  primaryImages?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  secondaryImages?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  seed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  significant?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<EnergyTestSignificantArgs, 'alpha'>>;
  statistic?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type FScoreCurveResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FScoreCurve'] = ResolversParentTypes['FScoreCurve']> = {
  componentsRequested?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  countsComputed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  fit?: Resolver<ResolversTypes['PcaFit'], ParentType, ContextType>;
  imageCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  imagesNotScored?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  imagesWithoutEmbedding?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  leftOut?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  ods?: Resolver<Maybe<ResolversTypes['OdsScore']>, ParentType, ContextType>;
  points?: Resolver<Array<ResolversTypes['CurvePoint']>, ParentType, ContextType>;
  primary?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reduce?: Resolver<ResolversTypes['IdistReduce'], ParentType, ContextType>;
  secondary?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  spearman?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  spearmanInterval?: Resolver<Maybe<ResolversTypes['BootstrapInterval']>, ParentType, ContextType, RequireFields<FScoreCurveSpearmanIntervalArgs, 'level' | 'resamples' | 'seed'>>;
  window?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type FitSetResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FitSet'] = ResolversParentTypes['FitSet']> = {
  dataset?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  imagesWithoutEmbedding?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rows?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type FittedPointResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FittedPoint'] = ResolversParentTypes['FittedPoint']> = {
  f?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  relativeIdist?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type HealthResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Health'] = ResolversParentTypes['Health']> = {
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  store?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type IdistConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['IdistConnection'] = ResolversParentTypes['IdistConnection']> = {
  edges?: Resolver<Array<ResolversTypes['IdistEdge']>, ParentType, ContextType>;
  engine?: Resolver<ResolversTypes['DistanceEngine'], ParentType, ContextType>;
  estimated?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  fit?: Resolver<ResolversTypes['PcaFit'], ParentType, ContextType>;
  max?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  min?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  npyUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  odist?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  odistInterval?: Resolver<Maybe<ResolversTypes['Interval']>, ParentType, ContextType>;
  order?: Resolver<ResolversTypes['SortOrder'], ParentType, ContextType>;
  pValuesUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  primary?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  reduce?: Resolver<ResolversTypes['IdistReduce'], ParentType, ContextType>;
  samples?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  secondary?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type IdistEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['IdistEdge'] = ResolversParentTypes['IdistEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['ImageIdist'], ParentType, ContextType>;
};

export type ImageResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Image'] = ResolversParentTypes['Image']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  dataset?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  embeddings?: Resolver<Array<ResolversTypes['Embedding']>, ParentType, ContextType>;
  fileName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  hasMask?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  height?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  maskUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sha256?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  thumbnailUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  width?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ImageConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImageConnection'] = ResolversParentTypes['ImageConnection']> = {
  edges?: Resolver<Array<ResolversTypes['ImageEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ImageDistanceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImageDistance'] = ResolversParentTypes['ImageDistance']> = {
  distance?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  image?: Resolver<ResolversTypes['Image'], ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ImageEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImageEdge'] = ResolversParentTypes['ImageEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Image'], ParentType, ContextType>;
};

export type ImageIdistResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImageIdist'] = ResolversParentTypes['ImageIdist']> = {
  idist?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  image?: Resolver<ResolversTypes['Image'], ParentType, ContextType>;
  interval?: Resolver<Maybe<ResolversTypes['Interval']>, ParentType, ContextType>;
  pValue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  scaled?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type ImageIdistListResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImageIdistList'] = ResolversParentTypes['ImageIdistList']> = {
  fit?: Resolver<ResolversTypes['PcaFit'], ParentType, ContextType>;
  items?: Resolver<Array<ResolversTypes['ImageIdist']>, ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  primary?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  reduce?: Resolver<ResolversTypes['IdistReduce'], ParentType, ContextType>;
  secondary?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
};

export type ImageIdistResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImageIdistResult'] = ResolversParentTypes['ImageIdistResult']> = {
  estimated?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  fit?: Resolver<ResolversTypes['PcaFit'], ParentType, ContextType>;
  idist?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  image?: Resolver<ResolversTypes['Image'], ParentType, ContextType>;
  interval?: Resolver<Maybe<ResolversTypes['Interval']>, ParentType, ContextType>;
  pValue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  primary?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  projected?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  reduce?: Resolver<ResolversTypes['IdistReduce'], ParentType, ContextType>;
  scaled?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type ImportResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImportResult'] = ResolversParentTypes['ImportResult']> = {
  added?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  alreadyPresent?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  dataset?: Resolver<Maybe<ResolversTypes['Dataset']>, ParentType, ContextType>;
  skipped?: Resolver<Array<ResolversTypes['SkippedFile']>, ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  withMask?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type IntervalResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Interval'] = ResolversParentTypes['Interval']> = {
  high?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  level?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  low?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  method?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type JobResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Job'] = ResolversParentTypes['Job']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  dataset?: Resolver<Maybe<ResolversTypes['Dataset']>, ParentType, ContextType>;
  distances?: Resolver<Maybe<ResolversTypes['DistanceJobInfo']>, ParentType, ContextType>;
  done?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  errors?: Resolver<Array<ResolversTypes['JobError']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['JobKind'], ParentType, ContextType>;
  model?: Resolver<Maybe<ResolversTypes['Model']>, ParentType, ContextType>;
  provider?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['JobState'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type JobErrorResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['JobError'] = ResolversParentTypes['JobError']> = {
  imageId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type LabelCandidateResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LabelCandidate'] = ResolversParentTypes['LabelCandidate']> = {
  idist?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  image?: Resolver<ResolversTypes['Image'], ParentType, ContextType>;
  pValue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  pick?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  scaled?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type LabelCandidatesResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LabelCandidates'] = ResolversParentTypes['LabelCandidates']> = {
  candidateCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  componentsRequested?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  csvUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fit?: Resolver<ResolversTypes['PcaFit'], ParentType, ContextType>;
  jsonUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lower?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  picks?: Resolver<Array<ResolversTypes['LabelCandidate']>, ParentType, ContextType>;
  primary?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  reduce?: Resolver<ResolversTypes['IdistReduce'], ParentType, ContextType>;
  secondary?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  seed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  strategy?: Resolver<ResolversTypes['LabelStrategy'], ParentType, ContextType>;
  upper?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type ModelResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Model'] = ResolversParentTypes['Model']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  dimension?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  external?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  family?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  input?: Resolver<Maybe<ResolversTypes['ModelInput']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  onnxSha256?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  predictionOutput?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  provider?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  taps?: Resolver<Array<ResolversTypes['TapShape']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ModelInputResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ModelInput'] = ResolversParentTypes['ModelInput']> = {
  channelOrder?: Resolver<ResolversTypes['ChannelOrder'], ParentType, ContextType>;
  height?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  mean?: Resolver<Array<ResolversTypes['Float']>, ParentType, ContextType>;
  scale?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  std?: Resolver<Array<ResolversTypes['Float']>, ParentType, ContextType>;
  width?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  addImage?: Resolver<ResolversTypes['AddImageResult'], ParentType, ContextType, RequireFields<MutationAddImageArgs, 'input'>>;
  computeDistances?: Resolver<Array<ResolversTypes['Job']>, ParentType, ContextType, RequireFields<MutationComputeDistancesArgs, 'fitOn' | 'scope' | 'secondaries'>>;
  createApiKey?: Resolver<ResolversTypes['CreatedApiKey'], ParentType, ContextType, RequireFields<MutationCreateApiKeyArgs, 'name' | 'role'>>;
  extractEmbeddings?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<MutationExtractEmbeddingsArgs, 'dataset' | 'model'>>;
  importEmbeddings?: Resolver<ResolversTypes['EmbeddingImportResult'], ParentType, ContextType, RequireFields<MutationImportEmbeddingsArgs, 'input'>>;
  importFolder?: Resolver<ResolversTypes['ImportResult'], ParentType, ContextType, RequireFields<MutationImportFolderArgs, 'input'>>;
  importPredictions?: Resolver<ResolversTypes['PredictionImportResult'], ParentType, ContextType, RequireFields<MutationImportPredictionsArgs, 'input'>>;
  registerExternalModel?: Resolver<ResolversTypes['Model'], ParentType, ContextType, RequireFields<MutationRegisterExternalModelArgs, 'input'>>;
  registerModel?: Resolver<ResolversTypes['Model'], ParentType, ContextType, RequireFields<MutationRegisterModelArgs, 'input'>>;
  revokeApiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType, RequireFields<MutationRevokeApiKeyArgs, 'name'>>;
};

export type NearestPrimaryImagesResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['NearestPrimaryImages'] = ResolversParentTypes['NearestPrimaryImages']> = {
  fit?: Resolver<ResolversTypes['PcaFit'], ParentType, ContextType>;
  image?: Resolver<ResolversTypes['Image'], ParentType, ContextType>;
  neighbors?: Resolver<Array<ResolversTypes['ImageDistance']>, ParentType, ContextType>;
  primary?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  projected?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type OdistEntryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['OdistEntry'] = ResolversParentTypes['OdistEntry']> = {
  baseline?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  distanceMatrixUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  energyTest?: Resolver<ResolversTypes['EnergyTest'], ParentType, ContextType, RequireFields<OdistEntryEnergyTestArgs, 'permutations' | 'seed'>>;
  estimated?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  fit?: Resolver<ResolversTypes['PcaFit'], ParentType, ContextType>;
  idistUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  interval?: Resolver<Maybe<ResolversTypes['Interval']>, ParentType, ContextType>;
  odist?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  odistInterval?: Resolver<ResolversTypes['BootstrapInterval'], ParentType, ContextType, RequireFields<OdistEntryOdistIntervalArgs, 'level' | 'resamples' | 'seed'>>;
  pValuesUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  samples?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  scaled?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  scaledInterval?: Resolver<ResolversTypes['BootstrapInterval'], ParentType, ContextType, RequireFields<OdistEntryScaledIntervalArgs, 'level' | 'resamples' | 'seed'>>;
  secondary?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
};

export type OdistResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['OdistResult'] = ResolversParentTypes['OdistResult']> = {
  baseline?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  componentsRequested?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  fitOn?: Resolver<ResolversTypes['FitOn'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  primary?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  reduce?: Resolver<ResolversTypes['IdistReduce'], ParentType, ContextType>;
  scaledOver?: Resolver<Array<ResolversTypes['Dataset']>, ParentType, ContextType>;
  secondaries?: Resolver<Array<ResolversTypes['OdistEntry']>, ParentType, ContextType>;
};

export type OdsScoreResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['OdsScore'] = ResolversParentTypes['OdsScore']> = {
  f?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  precision?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  recall?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  threshold?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type PcStabilityResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PcStability'] = ResolversParentTypes['PcStability']> = {
  fitOn?: Resolver<ResolversTypes['FitOn'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  primary?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  reduce?: Resolver<ResolversTypes['IdistReduce'], ParentType, ContextType>;
  rows?: Resolver<Array<ResolversTypes['PcStabilityRow']>, ParentType, ContextType>;
  scaledOver?: Resolver<Array<ResolversTypes['Dataset']>, ParentType, ContextType>;
};

export type PcStabilityRowResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PcStabilityRow'] = ResolversParentTypes['PcStabilityRow']> = {
  componentsRequested?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  entries?: Resolver<Array<ResolversTypes['OdistEntry']>, ParentType, ContextType>;
};

export type PcaFitResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PcaFit'] = ResolversParentTypes['PcaFit']> = {
  clampReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  componentsRequested?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  componentsUsed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  explainedVariance?: Resolver<Array<ResolversTypes['Float']>, ParentType, ContextType>;
  explainedVarianceRatio?: Resolver<Array<ResolversTypes['Float']>, ParentType, ContextType>;
  fingerprint?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fitMs?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  fittedOn?: Resolver<Array<ResolversTypes['FitSet']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  imageIdsUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  method?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  primary?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  projectionsUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reused?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  solver?: Resolver<Maybe<ResolversTypes['PcaSolver']>, ParentType, ContextType>;
};

export type PcaSolverResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PcaSolver'] = ResolversParentTypes['PcaSolver']> = {
  blockSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  converged?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  eigensolver?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fallback?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  gemm?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  iterations?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  oversampling?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  subspaceError?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type PerformanceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Performance'] = ResolversParentTypes['Performance']> = {
  countsComputed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  curve?: Resolver<Array<ResolversTypes['PrRow']>, ParentType, ContextType>;
  dataset?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  foregroundPixels?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  fpRate?: Resolver<Maybe<Array<ResolversTypes['Float']>>, ParentType, ContextType>;
  fpRateAt05?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  imageCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  imagesWithoutMask?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  imagesWithoutPrediction?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  ods?: Resolver<Maybe<ResolversTypes['OdsScore']>, ParentType, ContextType>;
  odsNullReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  ois?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  oisConvention?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  oisLeftOut?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pixels?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  thresholdRule?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PerformanceSplitResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PerformanceSplit'] = ResolversParentTypes['PerformanceSplit']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  from?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  idistMean?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  idistStd?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  images?: Resolver<Array<ResolversTypes['Image']>, ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ods?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  odsInterval?: Resolver<Maybe<ResolversTypes['BootstrapInterval']>, ParentType, ContextType, RequireFields<PerformanceSplitOdsIntervalArgs, 'level' | 'resamples' | 'seed'>>;
  odsThreshold?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  part?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  scaledMean?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  scaledStd?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PerformanceSplitsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PerformanceSplits'] = ResolversParentTypes['PerformanceSplits']> = {
  componentsRequested?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  countsComputed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  farthest?: Resolver<ResolversTypes['PerformanceSplit'], ParentType, ContextType>;
  fit?: Resolver<ResolversTypes['PcaFit'], ParentType, ContextType>;
  imageCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  imagesNotScored?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  imagesWithoutEmbedding?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  k?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  nearest?: Resolver<ResolversTypes['PerformanceSplit'], ParentType, ContextType>;
  ods?: Resolver<Maybe<ResolversTypes['OdsScore']>, ParentType, ContextType>;
  parts?: Resolver<Array<ResolversTypes['PerformanceSplit']>, ParentType, ContextType>;
  primary?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  reduce?: Resolver<ResolversTypes['IdistReduce'], ParentType, ContextType>;
  secondary?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
};

export type PrRowResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PrRow'] = ResolversParentTypes['PrRow']> = {
  f?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  fn?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  fp?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  precision?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  recall?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  threshold?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  tp?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type PredictedImageResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PredictedImage'] = ResolversParentTypes['PredictedImage']> = {
  image?: Resolver<ResolversTypes['Image'], ParentType, ContextType>;
  interval?: Resolver<ResolversTypes['Interval'], ParentType, ContextType>;
  measuredF?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  pValue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  predictedF?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  relativeIdist?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type PredictedPerformanceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PredictedPerformance'] = ResolversParentTypes['PredictedPerformance']> = {
  dataset?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  fitted?: Resolver<Array<ResolversTypes['FittedPoint']>, ParentType, ContextType>;
  folds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  halfWidth?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  imageCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  images?: Resolver<Array<ResolversTypes['PredictedImage']>, ParentType, ContextType>;
  level?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  measuredMeanF?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  measuredOds?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  method?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  odsInterval?: Resolver<ResolversTypes['Interval'], ParentType, ContextType>;
  predictedOds?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  primary?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  seed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  threshold?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  trainedOn?: Resolver<Array<ResolversTypes['Dataset']>, ParentType, ContextType>;
  trainingImages?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PredictionImportResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PredictionImportResult'] = ResolversParentTypes['PredictionImportResult']> = {
  added?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  counted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  dataset?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  files?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  imagesWithoutPrediction?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  imported?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  missing?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  replaced?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  skipped?: Resolver<Array<ResolversTypes['SkippedFile']>, ParentType, ContextType>;
  unchanged?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PredictionValidationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PredictionValidation'] = ResolversParentTypes['PredictionValidation']> = {
  imageCoverage?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  level?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  meanAbsoluteError?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  primary?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  rows?: Resolver<Array<ResolversTypes['ValidationRow']>, ParentType, ContextType>;
  setCoverage?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  apiKeys?: Resolver<Array<ResolversTypes['ApiKey']>, ParentType, ContextType>;
  auditLog?: Resolver<ResolversTypes['AuditEntryConnection'], ParentType, ContextType, RequireFields<QueryAuditLogArgs, 'first'>>;
  compareVersions?: Resolver<ResolversTypes['VersionComparison'], ParentType, ContextType, RequireFields<QueryCompareVersionsArgs, 'components' | 'family' | 'k' | 'primary' | 'reduce' | 'secondary'>>;
  dataset?: Resolver<Maybe<ResolversTypes['Dataset']>, ParentType, ContextType, RequireFields<QueryDatasetArgs, 'name'>>;
  datasets?: Resolver<Array<ResolversTypes['Dataset']>, ParentType, ContextType>;
  distanceMatrix?: Resolver<ResolversTypes['DistanceMatrix'], ParentType, ContextType, RequireFields<QueryDistanceMatrixArgs, 'rows' | 'scope' | 'secondary'>>;
  fScoreCurve?: Resolver<ResolversTypes['FScoreCurve'], ParentType, ContextType, RequireFields<QueryFScoreCurveArgs, 'reduce' | 'scope' | 'secondary'>>;
  farthestImages?: Resolver<ResolversTypes['ImageIdistList'], ParentType, ContextType, RequireFields<QueryFarthestImagesArgs, 'k' | 'reduce' | 'scope' | 'secondary'>>;
  health?: Resolver<ResolversTypes['Health'], ParentType, ContextType>;
  idist?: Resolver<ResolversTypes['IdistConnection'], ParentType, ContextType, RequireFields<QueryIdistArgs, 'engine' | 'first' | 'order' | 'reduce' | 'scope' | 'secondary'>>;
  image?: Resolver<Maybe<ResolversTypes['Image']>, ParentType, ContextType, RequireFields<QueryImageArgs, 'id'>>;
  imageIdist?: Resolver<ResolversTypes['ImageIdistResult'], ParentType, ContextType, RequireFields<QueryImageIdistArgs, 'image' | 'reduce' | 'scope'>>;
  images?: Resolver<ResolversTypes['ImageConnection'], ParentType, ContextType, RequireFields<QueryImagesArgs, 'dataset' | 'first'>>;
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType, RequireFields<QueryJobArgs, 'id'>>;
  jobs?: Resolver<Array<ResolversTypes['Job']>, ParentType, ContextType, RequireFields<QueryJobsArgs, 'first'>>;
  labelCandidates?: Resolver<ResolversTypes['LabelCandidates'], ParentType, ContextType, RequireFields<QueryLabelCandidatesArgs, 'count' | 'lower' | 'reduce' | 'scope' | 'secondary' | 'seed' | 'strategy' | 'upper'>>;
  model?: Resolver<Maybe<ResolversTypes['Model']>, ParentType, ContextType, RequireFields<QueryModelArgs, 'name'>>;
  models?: Resolver<Array<ResolversTypes['Model']>, ParentType, ContextType>;
  nearestPrimaryImages?: Resolver<ResolversTypes['NearestPrimaryImages'], ParentType, ContextType, RequireFields<QueryNearestPrimaryImagesArgs, 'image' | 'k' | 'scope'>>;
  odist?: Resolver<ResolversTypes['OdistResult'], ParentType, ContextType, RequireFields<QueryOdistArgs, 'fitOn' | 'reduce' | 'scope' | 'secondaries'>>;
  pcStability?: Resolver<ResolversTypes['PcStability'], ParentType, ContextType, RequireFields<QueryPcStabilityArgs, 'components' | 'fitOn' | 'model' | 'primary' | 'reduce' | 'secondaries'>>;
  performance?: Resolver<ResolversTypes['Performance'], ParentType, ContextType, RequireFields<QueryPerformanceArgs, 'dataset' | 'model'>>;
  performanceSplits?: Resolver<ResolversTypes['PerformanceSplits'], ParentType, ContextType, RequireFields<QueryPerformanceSplitsArgs, 'k' | 'reduce' | 'scope' | 'secondary'>>;
  predictedPerformance?: Resolver<ResolversTypes['PredictedPerformance'], ParentType, ContextType, RequireFields<QueryPredictedPerformanceArgs, 'dataset' | 'first' | 'folds' | 'level' | 'scope' | 'seed' | 'trainOn'>>;
  predictionValidation?: Resolver<ResolversTypes['PredictionValidation'], ParentType, ContextType, RequireFields<QueryPredictionValidationArgs, 'folds' | 'level' | 'scope' | 'secondaries' | 'seed'>>;
  similarImages?: Resolver<ResolversTypes['SimilarImages'], ParentType, ContextType, RequireFields<QuerySimilarImagesArgs, 'image' | 'k' | 'model'>>;
};

export type SimilarImagesResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SimilarImages'] = ResolversParentTypes['SimilarImages']> = {
  dataset?: Resolver<Maybe<ResolversTypes['Dataset']>, ParentType, ContextType>;
  image?: Resolver<ResolversTypes['Image'], ParentType, ContextType>;
  index?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  neighbors?: Resolver<Array<ResolversTypes['ImageDistance']>, ParentType, ContextType>;
  reduced?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  searchedOn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SkippedFileResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SkippedFile'] = ResolversParentTypes['SkippedFile']> = {
  file?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type TapShapeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TapShape'] = ResolversParentTypes['TapShape']> = {
  grid?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  length?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reduction?: Resolver<ResolversTypes['Reduction'], ParentType, ContextType>;
  shape?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type ValidationRowResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ValidationRow'] = ResolversParentTypes['ValidationRow']> = {
  covered?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  dataset?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  imageCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  imageCoverage?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  interval?: Resolver<ResolversTypes['Interval'], ParentType, ContextType>;
  measuredMeanF?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  measuredOds?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  predictedOds?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type VersionComparisonResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['VersionComparison'] = ResolversParentTypes['VersionComparison']> = {
  componentsRequested?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  family?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  k?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  primary?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  reduce?: Resolver<ResolversTypes['IdistReduce'], ParentType, ContextType>;
  secondary?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  versions?: Resolver<Array<ResolversTypes['VersionPerformance']>, ParentType, ContextType>;
};

export type VersionPerformanceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['VersionPerformance'] = ResolversParentTypes['VersionPerformance']> = {
  curve?: Resolver<Maybe<ResolversTypes['FScoreCurve']>, ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  performance?: Resolver<Maybe<ResolversTypes['Performance']>, ParentType, ContextType>;
  splits?: Resolver<Maybe<ResolversTypes['PerformanceSplits']>, ParentType, ContextType>;
  unavailableReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = GraphQLContext> = {
  AddImageResult?: AddImageResultResolvers<ContextType>;
  ApiKey?: ApiKeyResolvers<ContextType>;
  AuditEntry?: AuditEntryResolvers<ContextType>;
  AuditEntryConnection?: AuditEntryConnectionResolvers<ContextType>;
  AuditEntryEdge?: AuditEntryEdgeResolvers<ContextType>;
  BootstrapInterval?: BootstrapIntervalResolvers<ContextType>;
  CreatedApiKey?: CreatedApiKeyResolvers<ContextType>;
  CurvePoint?: CurvePointResolvers<ContextType>;
  Dataset?: DatasetResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DistanceJobInfo?: DistanceJobInfoResolvers<ContextType>;
  DistanceMatrix?: DistanceMatrixResolvers<ContextType>;
  DistanceRow?: DistanceRowResolvers<ContextType>;
  Embedding?: EmbeddingResolvers<ContextType>;
  EmbeddingImportResult?: EmbeddingImportResultResolvers<ContextType>;
  EnergyTest?: EnergyTestResolvers<ContextType>;
  FScoreCurve?: FScoreCurveResolvers<ContextType>;
  FitSet?: FitSetResolvers<ContextType>;
  FittedPoint?: FittedPointResolvers<ContextType>;
  Health?: HealthResolvers<ContextType>;
  IdistConnection?: IdistConnectionResolvers<ContextType>;
  IdistEdge?: IdistEdgeResolvers<ContextType>;
  Image?: ImageResolvers<ContextType>;
  ImageConnection?: ImageConnectionResolvers<ContextType>;
  ImageDistance?: ImageDistanceResolvers<ContextType>;
  ImageEdge?: ImageEdgeResolvers<ContextType>;
  ImageIdist?: ImageIdistResolvers<ContextType>;
  ImageIdistList?: ImageIdistListResolvers<ContextType>;
  ImageIdistResult?: ImageIdistResultResolvers<ContextType>;
  ImportResult?: ImportResultResolvers<ContextType>;
  Interval?: IntervalResolvers<ContextType>;
  Job?: JobResolvers<ContextType>;
  JobError?: JobErrorResolvers<ContextType>;
  LabelCandidate?: LabelCandidateResolvers<ContextType>;
  LabelCandidates?: LabelCandidatesResolvers<ContextType>;
  Model?: ModelResolvers<ContextType>;
  ModelInput?: ModelInputResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  NearestPrimaryImages?: NearestPrimaryImagesResolvers<ContextType>;
  OdistEntry?: OdistEntryResolvers<ContextType>;
  OdistResult?: OdistResultResolvers<ContextType>;
  OdsScore?: OdsScoreResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PcStability?: PcStabilityResolvers<ContextType>;
  PcStabilityRow?: PcStabilityRowResolvers<ContextType>;
  PcaFit?: PcaFitResolvers<ContextType>;
  PcaSolver?: PcaSolverResolvers<ContextType>;
  Performance?: PerformanceResolvers<ContextType>;
  PerformanceSplit?: PerformanceSplitResolvers<ContextType>;
  PerformanceSplits?: PerformanceSplitsResolvers<ContextType>;
  PrRow?: PrRowResolvers<ContextType>;
  PredictedImage?: PredictedImageResolvers<ContextType>;
  PredictedPerformance?: PredictedPerformanceResolvers<ContextType>;
  PredictionImportResult?: PredictionImportResultResolvers<ContextType>;
  PredictionValidation?: PredictionValidationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  SimilarImages?: SimilarImagesResolvers<ContextType>;
  SkippedFile?: SkippedFileResolvers<ContextType>;
  TapShape?: TapShapeResolvers<ContextType>;
  ValidationRow?: ValidationRowResolvers<ContextType>;
  VersionComparison?: VersionComparisonResolvers<ContextType>;
  VersionPerformance?: VersionPerformanceResolvers<ContextType>;
};

export type DirectiveResolvers<ContextType = GraphQLContext> = {
  complexity?: ComplexityDirectiveResolver<any, any, ContextType>;
};
