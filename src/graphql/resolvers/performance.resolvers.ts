import { labelCandidatesUrl, OIS_CONVENTION, THRESHOLD_RULE } from '../../performance/index.js';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { modelRef, scopeArgs } from './arguments.js';

// Performance: each field parses its arguments and calls one performance service method.

const fmt = (x: number) => x.toFixed(4);

export const performanceResolvers: Resolvers = {
  Query: {
    performance: (_p, a, { services }) =>
      services.performance.performance({ model: modelRef(a.model), dataset: a.dataset }),
    performanceSplits: (_p, a, { services }) =>
      services.performance.splits({
        ...scopeArgs(a.scope),
        secondary: a.secondary,
        k: a.k,
        reduce: a.reduce,
      }),
    fScoreCurve: (_p, a, { services }) =>
      services.performance.curve({
        ...scopeArgs(a.scope),
        secondary: a.secondary,
        reduce: a.reduce,
      }),
    labelCandidates: (_p, a, { services }) =>
      services.performance.labelCandidates({
        ...scopeArgs(a.scope),
        secondary: a.secondary,
        strategy: a.strategy,
        count: a.count,
        seed: a.seed,
        lower: a.lower,
        upper: a.upper,
        reduce: a.reduce,
      }),
    compareVersions: (_p, a, { services }) =>
      services.performance.compareVersions({
        family: a.family,
        primary: a.primary,
        secondary: a.secondary,
        k: a.k,
        components: a.components,
        reduce: a.reduce,
      }),
  },
  Mutation: {
    importPredictions: async (_p, { input }, { services }) =>
      services.predictionImport.importFolder({
        model: modelRef(input.model),
        dataset: input.dataset,
        folder: await services.datasets.resolveImportPath(input.folder),
      }),
  },
  Performance: {
    thresholdRule: () => THRESHOLD_RULE,
    oisConvention: () => OIS_CONVENTION,
  },
  PerformanceSplit: {
    label: (s) => `${s.ods === null ? 'n/a' : fmt(s.ods)} (${fmt(s.scaledMean)}, ${fmt(s.scaledStd)})`,
    images: (s, _a, { loaders }) => Promise.all(s.imageIds.map((id) => loaders.image.load(id))),
  },
  PerformanceSplits: {
    nearest: (s) => s.parts[0]!,
    farthest: (s) => s.parts.at(-1)!,
  },
  CurvePoint: {
    image: (p, _a, { loaders }) => loaders.image.load(p.imageId),
  },
  LabelCandidate: {
    image: (c, _a, { loaders }) => loaders.image.load(c.imageId),
  },
  LabelCandidates: {
    csvUrl: (v, _a, { links }) => labelCandidatesUrl(links, 'csv', v),
    jsonUrl: (v, _a, { links }) => labelCandidatesUrl(links, 'json', v),
  },
};
