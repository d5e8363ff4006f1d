import type { Resolvers } from '../__generated__/resolvers-types.js';

export const datasetResolvers: Resolvers = {
  Query: {
    datasets: async (_p, _a, { services, loaders }) => {
      const list = await services.datasets.list();
      // Their images' `dataset` fields then need no query.
      for (const d of list) loaders.dataset.prime(d.id, d);
      return list;
    },
    dataset: (_p, { name }, { services }) => services.datasets.find(name),
    images: async (_p, { dataset, first, after }, { services }) => {
      const ds = await services.datasets.requireDataset(dataset);
      return services.datasets.imagesPage(ds.id, first, after);
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
    imageCount: async (d, _a, { loaders }) => (await loaders.datasetCounts.load(d.id)).images,
    maskCount: async (d, _a, { loaders }) => (await loaders.datasetCounts.load(d.id)).masks,
    images: (d, { first, after }, { loaders }) =>
      loaders.datasetImages.load({ datasetId: d.id, first, after: after ?? null }),
  },
};
