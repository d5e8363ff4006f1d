import DataLoader from 'dataloader';
import type { GraphQLServices } from './context.js';

/** Per-request batching, so a page of images asks for its datasets in one query. */
export function createLoaders(services: Pick<GraphQLServices, 'datasets'>) {
  return {
    dataset: new DataLoader(async (ids: readonly number[]) => {
      const all = await services.datasets.list();
      const byId = new Map(all.map((d) => [d.id, d]));
      return ids.map((id) => byId.get(id) ?? new Error(`dataset ${id} not found`));
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
