import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { accessPlugin } from './access.plugin.js';
import type { AppConfig } from '../config.js';
import type { GraphQLContext } from './context.js';
import { formatError } from './errors.js';
import { armorRules, complexityPlugin, type CountUncachedFits, depthLimitRule } from './limits.js';
import { buildResolvers } from './resolvers/index.js';

export const SCHEMA_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schema.graphql');

export function buildSchema() {
  const typeDefs = fs.readFileSync(SCHEMA_PATH, 'utf8');
  return makeExecutableSchema({ typeDefs, resolvers: buildResolvers() as never });
}

const countUncachedFits: CountUncachedFits = ({ args }, context) =>
  (context as GraphQLContext).services.analytics.uncachedFits(args);

export function createApolloServer(config: AppConfig): ApolloServer<GraphQLContext> {
  const schema = buildSchema();
  return new ApolloServer<GraphQLContext>({
    schema,
    formatError,
    validationRules: [depthLimitRule(config.limits.maxDepth), ...armorRules(config.limits)],
    parseOptions: { maxTokens: config.limits.maxTokens },
    includeStacktraceInErrorResponses: config.server.development,
    // The schema is the documented public API and the bundled explorer (/explorer) reads it, so
    // introspection stays on under NODE_ENV=production too (Apollo's default turns it off there).
    introspection: true,
    // main() in server.ts owns SIGINT/SIGTERM: it stops HTTP, Apollo, the queue and the store in order.
    stopOnTerminationSignals: false,
    // Apollo's landing page loads its Sandbox from the internet; the bundled explorer replaces it.
    plugins: [
      accessPlugin(),
      complexityPlugin(schema, config.limits.maxCost, { cost: config.limits.fitCost, count: countUncachedFits }),
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
}
