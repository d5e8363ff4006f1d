import type { Resolvers } from '../__generated__/resolvers-types.js';
import { parseImageId } from './image.resolvers.js';

// Distances (issue 4): each field parses its arguments and calls one analytics service method.

const modelRef = (name: string, version: number | null | undefined) => ({ name, version: version ?? null });
/** Download routes (src/analytics/download.routes.ts), absolute for the caller's address. */
const fitUrl = (baseUrl: string, fitId: number) => `${baseUrl}/analytics/fits/${fitId}`;

export const analyticsResolvers: Resolvers = {
  Query: {
    odist: (_p, a, { services }) =>
      services.analytics.odist({
        model: modelRef(a.model, a.modelVersion),
        primary: a.primary,
        secondaries: a.secondaries,
        components: a.components,
        fitOn: a.fitOn,
        reduce: a.reduce,
      }),
    pcStability: (_p, a, { services }) =>
      services.analytics.pcStability({
        model: modelRef(a.model, a.modelVersion),
        primary: a.primary,
        secondaries: a.secondaries,
        components: a.components ?? [5, 10, 15, 20, 25],
        fitOn: a.fitOn,
        reduce: a.reduce,
      }),
    idist: (_p, a, { services }) =>
      services.analytics.idist({
        model: modelRef(a.model, a.modelVersion),
        primary: a.primary,
        secondary: a.secondary,
        components: a.components,
        reduce: a.reduce,
        order: a.order,
        first: a.first,
        after: a.after,
        engine: a.engine,
        maxPValue: a.maxPValue,
      }),
    distanceMatrix: (_p, a, { services }) =>
      services.analytics.distanceMatrix({
        model: modelRef(a.model, a.modelVersion),
        primary: a.primary,
        secondary: a.secondary,
        components: a.components,
        offset: a.rows?.offset ?? 0,
        limit: a.rows?.limit ?? 20,
      }),
    farthestImages: (_p, a, { services }) =>
      services.analytics.farthestImages({
        model: modelRef(a.model, a.modelVersion),
        primary: a.primary,
        secondary: a.secondary,
        components: a.components,
        k: a.k,
        reduce: a.reduce,
        maxPValue: a.maxPValue,
      }),
    imageIdist: (_p, a, { services }) =>
      services.analytics.imageIdist({
        image: parseImageId(a.image),
        model: modelRef(a.model, a.modelVersion),
        primary: a.primary,
        components: a.components,
        reduce: a.reduce,
      }),
    nearestPrimaryImages: (_p, a, { services }) =>
      services.analytics.nearestPrimaryImages({
        image: parseImageId(a.image),
        model: modelRef(a.model, a.modelVersion),
        primary: a.primary,
        components: a.components,
        k: a.k,
      }),
    similarImages: (_p, a, { services }) =>
      services.analytics.similarImages({
        image: parseImageId(a.image),
        model: modelRef(a.model, a.modelVersion),
        k: a.k,
        dataset: a.dataset,
      }),
  },
  PcaFit: {
    id: (f) => String(f.id),
    projectionsUrl: (f, _a, { baseUrl }) => `${fitUrl(baseUrl, f.id)}/projections.npy`,
    imageIdsUrl: (f, _a, { baseUrl }) => `${fitUrl(baseUrl, f.id)}/image-ids.npy`,
  },
  OdistEntry: {
    idistUrl: (e, _a, { baseUrl }) =>
      `${fitUrl(baseUrl, e.fit.id)}/idist.npy?secondary=${e.secondary.id}&reduce=${e.reduce.toLowerCase()}`,
    distanceMatrixUrl: (e, _a, { baseUrl }) => `${fitUrl(baseUrl, e.fit.id)}/distances.npy?secondary=${e.secondary.id}`,
  },
  IdistConnection: {
    npyUrl: (c, _a, { baseUrl }) =>
      `${fitUrl(baseUrl, c.fit.id)}/idist.npy?secondary=${c.secondary.id}&reduce=${c.reduce.toLowerCase()}`,
  },
  DistanceMatrix: {
    npyUrl: (m, _a, { baseUrl }) => `${fitUrl(baseUrl, m.fit.id)}/distances.npy?secondary=${m.secondary.id}`,
    rowImageIdsUrl: (m, _a, { baseUrl }) => `${fitUrl(baseUrl, m.fit.id)}/image-ids.npy?dataset=${m.secondary.id}`,
    columnImageIdsUrl: (m, _a, { baseUrl }) => `${fitUrl(baseUrl, m.fit.id)}/image-ids.npy?dataset=${m.primary.id}`,
  },
};
