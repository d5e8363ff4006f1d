import DataLoader from 'dataloader';
import type { Image } from '../../generated/prisma/client.js';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { GraphQLContext } from '../context.js';

// Statistics: each field parses its arguments and calls one statistics service method.

const modelRef = (name: string, version: number | null | undefined) => ({ name, version: version ?? null });

// One image loader per request, so a page of predicted images is one query.
const imageLoaders = new WeakMap<GraphQLContext, DataLoader<number, Image>>();
function loadImage(ctx: GraphQLContext, id: number): Promise<Image> {
  let loader = imageLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (ids: readonly number[]) => {
      const byId = new Map((await ctx.services.performance.images(ids)).map((i) => [i.id, i]));
      return ids.map((id) => byId.get(id) ?? new Error(`image ${id} not found`));
    });
    imageLoaders.set(ctx, loader);
  }
  return loader.load(id);
}

const bootstrapArgs = (a: { level?: number | null; resamples?: number | null; seed?: number | null }) => ({
  level: a.level ?? 0.95,
  resamples: a.resamples ?? 1000,
  seed: a.seed ?? 0,
});

export const statisticsResolvers: Resolvers = {
  Query: {
    predictedPerformance: (_p, a, { services }) =>
      services.statistics.predictedPerformance({
        model: modelRef(a.model, a.modelVersion),
        primary: a.primary,
        dataset: a.dataset,
        trainOn: a.trainOn ?? [],
        level: a.level ?? 0.9,
        folds: a.folds ?? 5,
        seed: a.seed ?? 0,
        components: a.components ?? 25,
        first: a.first ?? 50,
      }),
    predictionValidation: (_p, a, { services }) =>
      services.statistics.predictionValidation({
        model: modelRef(a.model, a.modelVersion),
        primary: a.primary,
        secondaries: a.secondaries,
        level: a.level ?? 0.9,
        folds: a.folds ?? 5,
        seed: a.seed ?? 0,
        components: a.components ?? 25,
      }),
  },
  OdistEntry: {
    pValuesUrl: (e, _a, { baseUrl }) => `${baseUrl}/analytics/fits/${e.fit.id}/pvalues.npy?secondary=${e.secondary.id}`,
    energyTest: (e, a, { services }) =>
      services.statistics.energyTest(e, { permutations: a.permutations ?? 999, seed: a.seed ?? 0 }),
    odistInterval: (e, a, { services }) => services.statistics.odistInterval(e, bootstrapArgs(a)),
    scaledInterval: (e, a, { services }) => services.statistics.scaledInterval(e, bootstrapArgs(a)),
  },
  IdistConnection: {
    pValuesUrl: (c, _a, { baseUrl }) => `${baseUrl}/analytics/fits/${c.fit.id}/pvalues.npy?secondary=${c.secondary.id}`,
  },
  EnergyTest: {
    significant: (t, a) => t.pValue <= (a.alpha ?? 0.05),
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
    image: (p, _a, ctx) => loadImage(ctx, p.imageId),
  },
};
