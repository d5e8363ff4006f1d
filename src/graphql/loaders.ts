import DataLoader from 'dataloader';
import type { Dataset, Image, Model } from '../generated/prisma/client.js';
import { toConnection } from '../pagination/connection.js';
import type { GraphQLServices } from './context.js';
import type { EmbeddingMapper } from './mappers.js';

/** What the loaders read: batch methods of the services, one statement (or two) per batch. */
export type LoaderServices = {
  datasets: Pick<GraphQLServices['datasets'], 'byIds' | 'imagesByIds' | 'counts' | 'imagePages'>;
  registry: Pick<GraphQLServices['registry'], 'byIds'>;
  embeddingsOfImages: GraphQLServices['embeddingsOfImages'];
};

/** A loader of rows by id; an id without a row is an error for that key only. */
function byId<T extends { id: number }>(what: string, load: (ids: readonly number[]) => Promise<T[]>) {
  return new DataLoader<number, T>(async (ids) => {
    const found = new Map((await load(ids)).map((row) => [row.id, row]));
    return ids.map((id) => found.get(id) ?? new Error(`${what} ${id} not found`));
  });
}

/**
 * Every DataLoader of a request, created per request (so nothing is cached across requests).
 * Each field resolver that reads by id or per parent goes through one of these, so a list of n
 * items costs a constant number of statements, not n.
 */
export function createLoaders(services: LoaderServices) {
  const datasetCounts = new DataLoader<number, { images: number; masks: number }>((ids) =>
    services.datasets.counts(ids),
  );
  return {
    dataset: byId<Dataset>('dataset', services.datasets.byIds),
    image: byId<Image>('image', services.datasets.imagesByIds),
    model: byId<Model>('model', services.registry.byIds),
    datasetCounts,

    /** Embeddings (without vectors) of each image, in model id order. */
    embeddingsOfImage: new DataLoader<number, EmbeddingMapper[]>(async (imageIds) => {
      const rows = await services.embeddingsOfImages(imageIds);
      const byImage = new Map<number, EmbeddingMapper[]>(imageIds.map((id) => [id, []]));
      for (const row of rows) byImage.get(row.imageId)?.push(row);
      return imageIds.map((id) => byImage.get(id)!);
    }),

    /**
     * A page of a dataset's images. Keys of one batch that ask for the same page (first, after)
     * of different datasets share one query.
     */
    datasetImages: new DataLoader<
      { datasetId: number; first: number; after: string | null },
      ReturnType<typeof toConnection<Image>>,
      string
    >(
      async (keys) => {
        const groups = new Map<string, number[]>();
        keys.forEach((k, i) => {
          const group = `${k.first}|${k.after ?? ''}`;
          groups.set(group, [...(groups.get(group) ?? []), i]);
        });
        const out = new Array<ReturnType<typeof toConnection<Image>> | Error>(keys.length);
        for (const indices of groups.values()) {
          const { first, after } = keys[indices[0]!]!;
          const datasetIds = indices.map((i) => keys[i]!.datasetId);
          try {
            const [pages, counts] = await Promise.all([
              services.datasets.imagePages(datasetIds, first, after),
              datasetCounts.loadMany(datasetIds),
            ]);
            indices.forEach((keyIndex, j) => {
              const count = counts[j]!;
              out[keyIndex] =
                count instanceof Error ? count : toConnection(pages[j]!, first, (r) => r.id, count.images);
            });
          } catch (e) {
            for (const keyIndex of indices) out[keyIndex] = e as Error;
          }
        }
        return out;
      },
      { cacheKeyFn: (k) => `${k.datasetId}|${k.first}|${k.after ?? ''}` },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
