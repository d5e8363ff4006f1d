import { fitDownloadUrl } from '../../analytics/index.js';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { estimateArg, modelRef, scopeArgs } from './arguments.js';
import { parseImageId } from './image.resolvers.js';

// Distances: each field parses its arguments and calls one analytics service method.

export const analyticsResolvers: Resolvers = {
  Query: {
    odist: (_p, a, { services }) =>
      services.analytics.odist({
        ...scopeArgs(a.scope),
        secondaries: a.secondaries,
        fitOn: a.fitOn,
        reduce: a.reduce,
        estimate: estimateArg(a.estimate),
      }),
    pcStability: (_p, a, { services }) =>
      services.analytics.pcStability({
        model: modelRef(a.model),
        primary: a.primary,
        secondaries: a.secondaries,
        components: a.components,
        fitOn: a.fitOn,
        reduce: a.reduce,
      }),
    idist: (_p, a, { services }) =>
      services.analytics.idist({
        ...scopeArgs(a.scope),
        secondary: a.secondary,
        reduce: a.reduce,
        order: a.order,
        first: a.first,
        after: a.after,
        engine: a.engine,
        maxPValue: a.maxPValue,
        estimate: estimateArg(a.estimate),
      }),
    distanceMatrix: (_p, a, { services }) =>
      services.analytics.distanceMatrix({
        ...scopeArgs(a.scope),
        secondary: a.secondary,
        offset: a.rows.offset,
        limit: a.rows.limit,
      }),
    farthestImages: (_p, a, { services }) =>
      services.analytics.farthestImages({
        ...scopeArgs(a.scope),
        secondary: a.secondary,
        k: a.k,
        reduce: a.reduce,
        maxPValue: a.maxPValue,
      }),
    imageIdist: (_p, a, { services }) =>
      services.analytics.imageIdist({
        image: parseImageId(a.image),
        ...scopeArgs(a.scope),
        reduce: a.reduce,
        estimate: estimateArg(a.estimate),
      }),
    nearestPrimaryImages: (_p, a, { services }) =>
      services.analytics.nearestPrimaryImages({
        image: parseImageId(a.image),
        ...scopeArgs(a.scope),
        k: a.k,
      }),
    similarImages: (_p, a, { services }) =>
      services.analytics.similarImages({
        image: parseImageId(a.image),
        model: modelRef(a.model),
        k: a.k,
        dataset: a.dataset,
      }),
  },
  PcaFit: {
    id: (f) => String(f.id),
    projectionsUrl: (f, _a, { links }) => fitDownloadUrl(links, f.id, 'projections'),
    imageIdsUrl: (f, _a, { links }) => fitDownloadUrl(links, f.id, 'image-ids'),
  },
  OdistEntry: {
    idistUrl: (e, _a, { links }) =>
      fitDownloadUrl(links, e.fit.id, 'idist', { secondary: e.secondary.id, reduce: e.reduce.toLowerCase() }),
    distanceMatrixUrl: (e, _a, { links }) =>
      fitDownloadUrl(links, e.fit.id, 'distances', { secondary: e.secondary.id }),
  },
  IdistConnection: {
    npyUrl: (c, _a, { links }) =>
      fitDownloadUrl(links, c.fit.id, 'idist', { secondary: c.secondary.id, reduce: c.reduce.toLowerCase() }),
  },
  DistanceMatrix: {
    npyUrl: (m, _a, { links }) => fitDownloadUrl(links, m.fit.id, 'distances', { secondary: m.secondary.id }),
    rowImageIdsUrl: (m, _a, { links }) => fitDownloadUrl(links, m.fit.id, 'image-ids', { dataset: m.secondary.id }),
    columnImageIdsUrl: (m, _a, { links }) => fitDownloadUrl(links, m.fit.id, 'image-ids', { dataset: m.primary.id }),
  },
};
