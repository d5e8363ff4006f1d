import { GraphQLScalarType, Kind } from 'graphql';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { analyticsResolvers } from './analytics.resolvers.js';
import { datasetResolvers } from './dataset.resolvers.js';
import { distanceJobResolvers } from './distance-jobs.resolvers.js';
import { imageResolvers } from './image.resolvers.js';
import { modelResolvers } from './model.resolvers.js';
import { performanceResolvers } from './performance.resolvers.js';
import { securityResolvers } from './security.resolvers.js';
import { statisticsResolvers } from './statistics.resolvers.js';

const DateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  serialize: (v) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString()),
  parseValue: (v) => new Date(String(v)),
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? new Date(ast.value) : (null as never)),
});

const healthResolvers: Resolvers = {
  Query: { health: (_p, _a, { services }) => ({ ok: true, store: services.store.kind }) },
};

const slices: Resolvers[] = [
  healthResolvers,
  datasetResolvers,
  imageResolvers,
  modelResolvers,
  analyticsResolvers,
  performanceResolvers,
  securityResolvers,
  statisticsResolvers,
  distanceJobResolvers,
];

/** Merges the per-feature resolver slices; nothing else lives here. */
export function buildResolvers(): Resolvers {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const slice of slices) {
    for (const [type, fields] of Object.entries(slice)) merged[type] = { ...merged[type], ...(fields as object) };
  }
  return { ...(merged as Resolvers), DateTime };
}
