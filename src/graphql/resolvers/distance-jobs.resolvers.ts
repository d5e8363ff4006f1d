import type { Resolvers } from '../__generated__/resolvers-types.js';
import { scopeArgs } from './arguments.js';

// Distances beyond one request: the computeDistances mutation and what jobs say about distance jobs.

export const distanceJobResolvers: Resolvers = {
  Mutation: {
    computeDistances: async (_p, a, { services }) => {
      const ids = await services.analytics.computeDistances({
        ...scopeArgs(a.scope),
        secondaries: a.secondaries,
        fitOn: a.fitOn,
      });
      return Promise.all(ids.map(async (id) => (await services.extraction.job(id))!));
    },
  },
  Job: {
    kind: (j) => (j.kind === 'distances' ? 'DISTANCES' : 'EXTRACTION'),
    distances: async (j, _a, { services, loaders }) => {
      if (j.kind !== 'distances') return null;
      const [d] = await services.distances.jobDetails([j.id]);
      if (!d) return null;
      const datasets = await Promise.all(d.secondaryIds.map((id) => loaders.dataset.load(id)));
      return {
        primary: await loaders.dataset.load(d.primaryId),
        secondaries: datasets.filter((x) => x !== null && x !== undefined),
        components: d.zRequested,
        fitId: d.fitId === null ? null : String(d.fitId),
        pairs: d.pairs,
        pairsPerChunk: d.pairsPerChunk,
      };
    },
  },
};
