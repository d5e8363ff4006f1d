import type { Resolvers } from '../__generated__/resolvers-types.js';

export const datasetResolvers: Resolvers = {
  Query: {
    datasets: (_p, _a, { services }) => services.datasets.list(),
    dataset: (_p, { name }, { services }) => services.datasets.find(name),
    images: async (_p, { dataset, first, after }, { services }) => {
      const ds = await services.datasets.requireDataset(dataset);
      return services.datasets.imagesPage(ds.id, first ?? 50, after);
    },
  },
  Mutation: {
    importFolder: async (_p, { input }, { services }) => {
      const folder = await services.datasets.resolveImportPath(input.folder);
      const masks = input.masks ? await services.datasets.resolveImportPath(input.masks) : null;
      const relativeToRoot = new Map<string, string>([[folder, input.folder]]);
      if (masks && input.masks) relativeToRoot.set(masks, input.masks);
      const result = await services.ingest.importFolder({
        folder,
        masks,
        dataset: input.dataset,
        embedWith: input.embedWith ?? null,
        shownAs: (absolute) => relativeToRoot.get(absolute) ?? 'the folder',
      });
      return { ...result, dataset: result.datasetId === null ? null : await services.datasets.byId(result.datasetId) };
    },
  },
  Dataset: {
    id: (d) => String(d.id),
    imageCount: (d, _a, { services }) => services.datasets.countImages(d.id),
    maskCount: (d, _a, { services }) => services.datasets.countMasks(d.id),
    images: (d, { first, after }, { services }) => services.datasets.imagesPage(d.id, first ?? 50, after),
  },
};
