import type { ApolloServerPlugin } from '@apollo/server';
import { depthLimit } from '@graphile/depth-limit';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { directiveEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { ErrorCode } from '../errors.js';

export function depthLimitRule(maxDepth: number) {
  // graphql-js 16's standard introspection query (what GraphiQL and codegen send) nests
  // __Type.ofType 9 deep; the library's default of 8 would refuse it.
  return depthLimit({
    maxDepth,
    maxListDepth: 6,
    maxIntrospectionDepth: 20,
    maxDepthByFieldCoordinates: { '__Type.ofType': 9 },
  });
}

/**
 * Refuses an operation whose estimated cost (from @complexity in schema.graphql, multiplied by
 * the requested sizes) exceeds maxCost, before any resolver runs. Runs in didResolveOperation
 * because validation rules cannot see variables.
 */
export function complexityPlugin(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const cost = getComplexity({
            schema,
            query: document,
            variables: request.variables ?? {},
            operationName: request.operationName ?? undefined,
            estimators: [directiveEstimator({ name: 'complexity' }), simpleEstimator({ defaultComplexity: 1 })],
          });
          if (cost > maxCost) {
            throw new GraphQLError(`Query cost ${cost} exceeds the limit of ${maxCost}; ask for fewer items`, {
              extensions: { code: ErrorCode.LIMIT_EXCEEDED, cost, maxCost },
            });
          }
        },
      };
    },
  };
}
