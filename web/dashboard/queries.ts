/**
 * The GraphQL operations of the dashboard, each with the shape of its answer. Everything the
 * pages show comes from these (plus the image and download URLs they answer with).
 */

export interface ModelInfo {
  id: string;
  name: string;
  version: number;
  family: string;
  external: boolean;
  dimension: number | null;
  predictionOutput: string | null;
}

export interface DatasetInfo {
  id: string;
  name: string;
  imageCount: number;
  maskCount: number;
}

export interface JobInfo {
  id: string;
  kind: 'EXTRACTION' | 'DISTANCES';
  /** What a distance job computes; null for extraction. */
  distances: { primary: { name: string } | null; secondaries: { name: string }[]; components: number } | null;
  state: 'queued' | 'running' | 'completed' | 'failed';
  done: number;
  total: number;
  provider: string | null;
  errors: { imageId: string; message: string }[];
  model: { name: string; version: number } | null;
  dataset: { name: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A model as the operations name it (the API's ModelRef input). */
export const modelRef = (m: { name: string; version: number }) => ({ name: m.name, version: m.version });

/**
 * The API's DistanceScope input: the model, the selected primary and PCA components (pages ask only
 * once a primary is chosen).
 */
export const distanceScope = (
  m: { name: string; version: number },
  sel: { primary: string | null; components: number },
) => ({
  model: modelRef(m),
  primary: sel.primary,
  components: sel.components,
});

export const CATALOGUE = /* GraphQL */ `
  query DashboardCatalogue {
    health {
      ok
      store
    }
    datasets {
      id
      name
      imageCount
      maskCount
    }
    models {
      id
      name
      version
      family
      external
      dimension
      predictionOutput
    }
  }
`;
export interface CatalogueAnswer {
  health: { ok: boolean; store: string };
  datasets: DatasetInfo[];
  models: ModelInfo[];
}

export const JOBS = /* GraphQL */ `
  query DashboardJobs($first: Int) {
    jobs(first: $first) {
      id
      kind
      distances {
        primary {
          name
        }
        secondaries {
          name
        }
        components
      }
      state
      done
      total
      provider
      errors {
        imageId
        message
      }
      model {
        name
        version
      }
      dataset {
        name
      }
      createdAt
      startedAt
      finishedAt
    }
  }
`;
export interface JobsAnswer {
  jobs: JobInfo[];
}

interface FitInfo {
  componentsUsed: number;
  clampReason: string | null;
  fittedOn: { dataset: { name: string }; rows: number; imagesWithoutEmbedding: number }[];
}
const FIT = 'fit { componentsUsed clampReason fittedOn { dataset { name } rows imagesWithoutEmbedding } }';

export const ODIST = /* GraphQL */ `
  query DashboardOdist($scope: DistanceScope!, $secondaries: [String!]!) {
    odist(scope: $scope, secondaries: $secondaries) {
      scaledOver { name }
      secondaries { secondary { name } odist scaled baseline ${FIT} }
    }
  }
`;
export interface OdistEntryInfo {
  secondary: { name: string };
  odist: number;
  scaled: number;
  baseline: number;
  fit: FitInfo;
}
export interface OdistAnswer {
  odist: { scaledOver: { name: string }[]; secondaries: OdistEntryInfo[] };
}

/** Statistics beside Table 2: the permutation test and bootstrap intervals (fetched after the table draws). */
export const ODIST_STATS = /* GraphQL */ `
  query DashboardOdistStats($scope: DistanceScope!, $secondaries: [String!]!) {
    odist(scope: $scope, secondaries: $secondaries) {
      secondaries {
        secondary {
          name
        }
        energyTest {
          statistic
          pValue
          permutations
          exact
          seed
        }
        odistInterval {
          low
          high
          level
          resamples
          seed
        }
        scaledInterval {
          low
          high
          level
          resamples
          seed
        }
      }
    }
  }
`;
export interface BootstrapIntervalInfo {
  low: number;
  high: number;
  level: number;
  resamples: number;
  seed: number;
}
export interface OdistStatsAnswer {
  odist: {
    secondaries: {
      secondary: { name: string };
      energyTest: { statistic: number; pValue: number; permutations: number; exact: boolean; seed: number };
      odistInterval: BootstrapIntervalInfo;
      scaledInterval: BootstrapIntervalInfo;
    }[];
  };
}

export const IDIST_SUMMARY = /* GraphQL */ `
  query DashboardIdist($scope: DistanceScope!, $secondary: String!) {
    idist(scope: $scope, secondary: $secondary, first: 1) {
      totalCount
      odist
      min
      max
      npyUrl
    }
  }
`;
export interface IdistSummaryAnswer {
  idist: { totalCount: number; odist: number; min: number; max: number; npyUrl: string };
}

export const PC_STABILITY = /* GraphQL */ `
  query DashboardPcStability($model: ModelRef!, $primary: String!, $secondaries: [String!]!, $components: [Int!]) {
    pcStability(model: $model, primary: $primary, secondaries: $secondaries, components: $components) {
      scaledOver {
        name
      }
      rows {
        componentsRequested
        entries {
          secondary {
            name
          }
          scaled
          odist
          fit {
            componentsUsed
            clampReason
          }
        }
      }
    }
  }
`;
export interface PcStabilityAnswer {
  pcStability: {
    scaledOver: { name: string }[];
    rows: {
      componentsRequested: number;
      entries: {
        secondary: { name: string };
        scaled: number;
        odist: number;
        fit: { componentsUsed: number; clampReason: string | null };
      }[];
    }[];
  };
}

export const PERFORMANCE = /* GraphQL */ `
  query DashboardPerformance($model: ModelRef!, $dataset: String!) {
    performance(model: $model, dataset: $dataset) {
      ods {
        f
        threshold
        precision
        recall
      }
      odsNullReason
      ois
      fpRateAt05
      imageCount
      imagesWithoutPrediction
      imagesWithoutMask
    }
  }
`;
export interface PerformanceAnswer {
  performance: {
    ods: { f: number; threshold: number; precision: number; recall: number } | null;
    odsNullReason: string | null;
    ois: number | null;
    fpRateAt05: number | null;
    imageCount: number;
    imagesWithoutPrediction: number;
    imagesWithoutMask: number;
  };
}

export interface SplitPart {
  part: number;
  from: number;
  to: number;
  count: number;
  ods: number | null;
  scaledMean: number;
  scaledStd: number;
  label: string;
  odsInterval: BootstrapIntervalInfo | null;
}
const SPLIT_PART = 'part from to count ods scaledMean scaledStd label odsInterval { low high level resamples seed }';
export const SPLITS = /* GraphQL */ `
  query DashboardSplits($scope: DistanceScope!, $secondary: String!) {
    k2: performanceSplits(scope: $scope, secondary: $secondary, k: 2) {
      imageCount nearest { ${SPLIT_PART} } farthest { ${SPLIT_PART} }
    }
    k3: performanceSplits(scope: $scope, secondary: $secondary, k: 3) {
      imageCount nearest { ${SPLIT_PART} } farthest { ${SPLIT_PART} }
    }
  }
`;
export interface SplitsAnswer {
  k2: { imageCount: number; nearest: SplitPart; farthest: SplitPart };
  k3: { imageCount: number; nearest: SplitPart; farthest: SplitPart };
}

export interface CurveInfo {
  reason: string | null;
  window: number;
  spearman: number | null;
  spearmanInterval: { low: number; high: number; level: number } | null;
  leftOut: number;
  imageCount: number;
  ods: { f: number; threshold: number } | null;
  points: { rank: number; scaled: number; f: number; smoothed: number; image: { fileName: string } }[];
}
export const COMPARE_VERSIONS = /* GraphQL */ `
  query DashboardCompareVersions($family: String!, $primary: String!, $secondary: String!, $components: Int) {
    compareVersions(family: $family, primary: $primary, secondary: $secondary, components: $components) {
      versions {
        model {
          name
          version
        }
        unavailableReason
        curve {
          reason
          window
          spearman
          spearmanInterval {
            low
            high
            level
          }
          leftOut
          imageCount
          ods {
            f
            threshold
          }
          points {
            rank
            scaled
            f
            smoothed
            image {
              fileName
            }
          }
        }
      }
    }
  }
`;
export interface CompareVersionsAnswer {
  compareVersions: {
    versions: { model: { name: string; version: number }; unavailableReason: string | null; curve: CurveInfo | null }[];
  };
}

export interface ImageRef {
  id: string;
  fileName: string;
  width: number;
  height: number;
  url: string;
  thumbnailUrl: string;
  maskUrl: string | null;
}
const IMAGE = 'id fileName width height url thumbnailUrl maskUrl';

export const FARTHEST = /* GraphQL */ `
  query DashboardFarthest($scope: DistanceScope!, $secondary: String!, $k: Int, $maxPValue: Float) {
    farthestImages(scope: $scope, secondary: $secondary, k: $k, maxPValue: $maxPValue) {
      items { idist scaled rank pValue image { ${IMAGE} } }
    }
    idist(scope: $scope, secondary: $secondary, first: 1) { totalCount }
  }
`;
export interface ImageIdistInfo {
  idist: number;
  scaled: number;
  rank: number;
  pValue: number;
  image: ImageRef;
}
export interface FarthestAnswer {
  farthestImages: { items: ImageIdistInfo[] };
  idist: { totalCount: number };
}

export const IMAGE_DETAIL = /* GraphQL */ `
  query DashboardImageDetail($image: ID!, $scope: DistanceScope!, $k: Int) {
    sum: imageIdist(image: $image, scope: $scope, reduce: SUM) {
      idist scaled projected pValue
    }
    mean: imageIdist(image: $image, scope: $scope, reduce: MEAN) {
      idist
    }
    nearestPrimaryImages(image: $image, scope: $scope, k: $k) {
      neighbors { distance rank image { ${IMAGE} } }
    }
  }
`;
export interface ImageDetailAnswer {
  sum: { idist: number; scaled: number; projected: boolean; pValue: number };
  mean: { idist: number };
  nearestPrimaryImages: { neighbors: { distance: number; rank: number; image: ImageRef }[] };
}

export const LABEL_CANDIDATES = /* GraphQL */ `
  query DashboardLabelCandidates(
    $scope: DistanceScope!, $secondary: String!, $strategy: LabelStrategy, $count: Int, $seed: Int
  ) {
    labelCandidates(scope: $scope, secondary: $secondary, strategy: $strategy, count: $count, seed: $seed) {
      candidateCount lower upper csvUrl jsonUrl
      picks { pick rank idist scaled image { ${IMAGE} } }
    }
  }
`;
export interface LabelCandidatesAnswer {
  labelCandidates: {
    candidateCount: number;
    lower: number;
    upper: number;
    csvUrl: string;
    jsonUrl: string;
    picks: { pick: number; rank: number; idist: number; scaled: number; image: ImageRef }[];
  };
}

export const PREDICTED = /* GraphQL */ `
  query DashboardPredicted($scope: DistanceScope!, $dataset: String!) {
    predictedPerformance(scope: $scope, dataset: $dataset, first: 0) {
      predictedOds
      odsInterval {
        low
        high
        level
        method
      }
      measuredOds
      threshold
      trainingImages
      imageCount
      halfWidth
    }
  }
`;
export interface PredictedAnswer {
  predictedPerformance: {
    predictedOds: number;
    odsInterval: { low: number; high: number; level: number; method: string };
    measuredOds: number | null;
    threshold: number;
    trainingImages: number;
    imageCount: number;
    halfWidth: number | null;
  };
}

export const VALIDATION = /* GraphQL */ `
  query DashboardValidation($scope: DistanceScope!, $secondaries: [String!]!) {
    predictionValidation(scope: $scope, secondaries: $secondaries) {
      level
      setCoverage
      imageCoverage
      meanAbsoluteError
    }
  }
`;
export interface ValidationAnswer {
  predictionValidation: {
    level: number;
    setCoverage: number | null;
    imageCoverage: number | null;
    meanAbsoluteError: number | null;
  };
}
