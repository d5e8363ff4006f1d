import { fitDownloadUrl } from '../../analytics/index.js';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { scopeArgs } from './arguments.js';

// Statistics: each field parses its arguments and calls one statistics service method.

const bootstrapArgs = (a: { level: number; resamples: number; seed: number }) => ({
  level: a.level,
  resamples: a.resamples,
  seed: a.seed,
});

export const statisticsResolvers: Resolvers = {
  Query: {
    predictedPerformance: (_p, a, { services }) =>
      services.statistics.predictedPerformance({
        ...scopeArgs(a.scope),
        dataset: a.dataset,
        trainOn: a.trainOn ?? [],
        level: a.level,
        folds: a.folds,
        seed: a.seed,
        first: a.first,
      }),
    predictionValidation: (_p, a, { services }) =>
      services.statistics.predictionValidation({
        ...scopeArgs(a.scope),
        secondaries: a.secondaries,
        level: a.level,
        folds: a.folds,
        seed: a.seed,
      }),
  },
  OdistEntry: {
    pValuesUrl: (e, _a, { links }) => fitDownloadUrl(links, e.fit.id, 'pvalues', { secondary: e.secondary.id }),
    energyTest: (e, a, { services }) =>
      services.statistics.energyTest(e, { permutations: a.permutations, seed: a.seed }),
    odistInterval: (e, a, { services }) => services.statistics.odistInterval(e, bootstrapArgs(a)),
    scaledInterval: (e, a, { services }) => services.statistics.scaledInterval(e, bootstrapArgs(a)),
  },
  IdistConnection: {
    pValuesUrl: (c, _a, { links }) => fitDownloadUrl(links, c.fit.id, 'pvalues', { secondary: c.secondary.id }),
  },
  EnergyTest: {
    significant: (t, a) => t.pValue <= a.alpha,
  },
  BootstrapInterval: {
    interval: (b) => ({ low: b.low, high: b.high, level: b.level, method: b.method }),
  },
  PerformanceSplit: {
    odsInterval: (s, a, { services }) =>
      s.ods === null ? null : services.statistics.splitOdsInterval(s.counts, bootstrapArgs(a)),
  },
  FScoreCurve: {
    spearmanInterval: (c, a, { services }) =>
      c.spearman === null
        ? null
        : services.statistics.spearmanInterval(
            Float64Array.from(c.points, (p) => p.idist),
            Float64Array.from(c.points, (p) => p.f),
            bootstrapArgs(a),
          ),
  },
  PredictedImage: {
    image: (p, _a, { loaders }) => loaders.image.load(p.imageId),
  },
};
