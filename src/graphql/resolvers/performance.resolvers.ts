import DataLoader from 'dataloader';
import type { Image } from '../../generated/prisma/client.js';
import { labelCandidatesUrl, OIS_CONVENTION, THRESHOLD_RULE } from '../../performance/index.js';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { GraphQLContext } from '../context.js';

// Performance: each field parses its arguments and calls one performance service method.

const modelRef = (name: string, version: number | null | undefined) => ({ name, version: version ?? null });

// One image loader per request, so a curve of m points or a split's images is one query.
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

const fmt = (x: number) => x.toFixed(4);

export const performanceResolvers: Resolvers = {
  Query: {
    performance: (_p, a, { services }) =>
      services.performance.performance({ model: modelRef(a.model, a.modelVersion), dataset: a.dataset }),
    performanceSplits: (_p, a, { services }) =>
      services.performance.splits({
        model: modelRef(a.model, a.modelVersion),
        primary: a.primary,
        secondary: a.secondary,
        k: a.k,
        components: a.components,
        reduce: a.reduce,
      }),
    fScoreCurve: (_p, a, { services }) =>
      services.performance.curve({
        model: modelRef(a.model, a.modelVersion),
        primary: a.primary,
        secondary: a.secondary,
        components: a.components,
        reduce: a.reduce,
      }),
    labelCandidates: (_p, a, { services }) =>
      services.performance.labelCandidates({
        model: modelRef(a.model, a.modelVersion),
        primary: a.primary,
        secondary: a.secondary,
        strategy: a.strategy,
        count: a.count,
        seed: a.seed,
        lower: a.lower,
        upper: a.upper,
        components: a.components,
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
        model: modelRef(input.model, input.modelVersion),
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
    images: (s, _a, ctx) => Promise.all(s.imageIds.map((id) => loadImage(ctx, id))),
  },
  PerformanceSplits: {
    nearest: (s) => s.parts[0]!,
    farthest: (s) => s.parts.at(-1)!,
  },
  CurvePoint: {
    image: (p, _a, ctx) => loadImage(ctx, p.imageId),
  },
  LabelCandidate: {
    image: (c, _a, ctx) => loadImage(ctx, c.imageId),
  },
  LabelCandidates: {
    csvUrl: (v, _a, { links }) => labelCandidatesUrl(links, 'csv', v),
    jsonUrl: (v, _a, { links }) => labelCandidatesUrl(links, 'json', v),
  },
};
