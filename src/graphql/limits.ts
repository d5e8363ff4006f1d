import { type ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { depthLimit } from '@graphile/depth-limit';
import type { RequestHandler, Response } from 'express';
import {
  buildSchema,
  type DocumentNode,
  parse,
  validate,
  type FieldNode,
  getOperationAST,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type SelectionNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values.js';
import { directiveEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { ErrorCode } from '../errors.js';
import { sendError } from '../http/errors.js';

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
export function complexityPlugin(
  schema: GraphQLSchema,
  maxCost: number,
  fits?: { cost: number; count: CountUncachedFits },
): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, contextValue }) {
          const fieldCost = getComplexity({
            schema,
            query: document,
            variables: request.variables ?? {},
            operationName: request.operationName ?? undefined,
            estimators: [directiveEstimator({ name: 'complexity' }), simpleEstimator({ defaultComplexity: 1 })],
          });
          if (fieldCost > maxCost)
            throw limitError(`Query cost ${fieldCost} exceeds the limit of ${maxCost}; ask for fewer items`, {
              cost: fieldCost,
              maxCost,
            });
          const variables = request.variables ?? {};
          const uncached = fits
            ? await uncachedFitsOf(schema, document, request.operationName, variables, fits.count, contextValue)
            : 0;
          const cost = fieldCost + uncached * (fits?.cost ?? 0);
          if (cost > maxCost) {
            throw limitError(
              `Query cost ${cost} exceeds the limit of ${maxCost}: it would compute ${uncached} new PCA fits; ask for fewer, or for ones already computed`,
              { cost, maxCost, uncachedFits: uncached },
            );
          }
        },
      };
    },
  };
}

/** The limits this module enforces, from config.limits. */
export interface GraphqlLimits {
  maxCost: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxDocumentBytes: number;
  fitCost: number;
}

/** A LIMIT_EXCEEDED refusal answered with HTTP 400: a load balancer reads a 500 as a server fault. */
export function limitError(message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, {
    extensions: { ...details, code: ErrorCode.LIMIT_EXCEEDED, http: { status: 400, headers: new HeaderMap() } },
  });
}

/**
 * Alias and directive limits from @escape.tech/graphql-armor, as validation rules. Its rejections
 * are re-reported with LIMIT_EXCEEDED (formatError keeps that code for them). Cost and depth stay
 * with graphql-query-complexity and @graphile/depth-limit above, which read the schema's hints;
 * tokens are graphql-js's own parser option (armor's token plugin throws from a hook, a 500 in Apollo).
 */
export function armorRules(limits: Pick<GraphqlLimits, 'maxAliases' | 'maxDirectives'>): ValidationRule[] {
  const reject = (ctx: ValidationContext | null, error: GraphQLError) =>
    ctx?.reportError(new GraphQLError(error.message, { extensions: { code: ErrorCode.LIMIT_EXCEEDED } }));
  const { validationRules } = new ApolloArmor({
    maxAliases: { n: limits.maxAliases, onReject: [reject], propagateOnRejection: false },
    maxDirectives: { n: limits.maxDirectives, onReject: [reject], propagateOnRejection: false },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    maxDepth: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return validationRules as ValidationRule[];
}

/** graphql-js's parse-time refusal past `maxTokens` (its wording in 16.x reads "more that"). */
export const TOKEN_LIMIT_MESSAGE = /Document contains more th(?:an|at) \d+ tokens/;

/** Aliases as written in the document (fragments counted once; `__typename` is free, as in armor). */
function writtenAliases(document: DocumentNode): number {
  let count = 0;
  const walk = (selections: readonly SelectionNode[]) => {
    for (const s of selections) {
      if (s.kind === Kind.FIELD && s.alias && s.name.value !== '__typename' && s.alias.value !== '__typename') count++;
      if (s.kind !== Kind.FRAGMENT_SPREAD && s.selectionSet) walk(s.selectionSet.selections);
    }
  };
  for (const d of document.definitions)
    if (d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION) walk(d.selectionSet.selections);
  return count;
}

/** Only the selection syntax matters to the alias and directive rules: any valid schema serves. */
const SYNTAX_ONLY_SCHEMA = buildSchema('type Query { _: Int }');

const refuse = (res: Response, message: string, details: Record<string, unknown> = {}) =>
  sendError(res, 400, ErrorCode.LIMIT_EXCEEDED, message, details);

/**
 * The document limits, checked on the HTTP request before Apollo sees it: its size (a 1 MB
 * document held the event loop for seconds), its tokens (parsing stops at the limit), then
 * armor's alias and directive rules alone. Inside Apollo, every validation rule runs in one pass,
 * and graphql-js's overlapping-fields rule is quadratic in the fields of a selection: 500 aliases
 * took 150 ms of the event loop before any limit could answer. Only `query` counts toward the
 * size: the body limit is set for base64 uploads in variables. A document that does not parse
 * goes on to Apollo, which answers the syntax error.
 */
export function graphqlDocumentLimit(
  limits: Pick<GraphqlLimits, 'maxDocumentBytes' | 'maxTokens' | 'maxAliases' | 'maxDirectives'>,
): RequestHandler {
  const rules = armorRules(limits);
  return (req, res, next) => {
    const source = req.method === 'GET' ? req.query?.query : (req.body as { query?: unknown } | undefined)?.query;
    if (typeof source !== 'string') return next();
    if (Buffer.byteLength(source) > limits.maxDocumentBytes) {
      return refuse(res, `The GraphQL document is larger than ${limits.maxDocumentBytes} bytes (MAX_DOCUMENT_BYTES)`, {
        maxDocumentBytes: limits.maxDocumentBytes,
      });
    }
    let document: DocumentNode;
    try {
      document = parse(source, { maxTokens: limits.maxTokens });
    } catch (e) {
      const message = (e as Error).message;
      if (TOKEN_LIMIT_MESSAGE.test(message)) return refuse(res, `${message} (MAX_QUERY_TOKENS)`);
      return next();
    }
    // Written aliases are a lower bound of armor's count (which expands fragments): far too many
    // are refused on this cheap walk, without the rule's per-field work (4-6 ms for 500 aliases).
    const written = writtenAliases(document);
    if (written > limits.maxAliases)
      return refuse(res, `Aliases limit of ${limits.maxAliases} exceeded, found ${written} (MAX_QUERY_ALIASES)`);
    const [first] = validate(SYNTAX_ONLY_SCHEMA, document, rules);
    if (first) return refuse(res, first.message);
    next();
  };
}

/**
 * Counts, before execution, the distinct PCA fits an operation would compute: top-level fields naming a
 * model, a primary (both may be in a `scope`) and a secondary (or secondaries) whose fit is not in the
 * cache. Each costs `fitCost` on top of the field's own cost, so a request cannot fill the fit cache
 * with hundreds of fits while cached answers stay cheap.
 */
export type CountUncachedFits = (
  request: { fieldName: string; args: Record<string, unknown> },
  context: unknown,
) => Promise<string[]>;

async function uncachedFitsOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
  count: CountUncachedFits,
  context: unknown,
): Promise<number> {
  const operation = getOperationAST(document, operationName ?? undefined);
  const root = operation && operation.operation === 'query' ? schema.getQueryType() : null;
  if (!operation || !root) return 0;
  const fragments = new Map(
    document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const fields: FieldNode[] = [];
  const seen = new Set<string>();
  const collect = (selections: readonly SelectionNode[]) => {
    for (const s of selections) {
      if (s.kind === Kind.FIELD) fields.push(s);
      else if (s.kind === Kind.INLINE_FRAGMENT) collect(s.selectionSet.selections);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const fragment = fragments.get(s.name.value);
        if (fragment) collect(fragment.selectionSet.selections);
      }
    }
  };
  collect(operation.selectionSet.selections);
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return 0; // execution reports them
  const keys = await Promise.all(
    fields.map(async (node) => {
      const def = root.getFields()[node.name.value];
      if (!def || !def.args.some((a) => a.name === 'primary' || a.name === 'scope')) return [];
      if (!def.args.some((a) => a.name === 'secondary' || a.name === 'secondaries')) return [];
      try {
        return await count({ fieldName: def.name, args: getArgumentValues(def, node, coerced.coerced) }, context);
      } catch {
        return []; // bad arguments: the resolver answers with the typed error
      }
    }),
  );
  return new Set(keys.flat()).size;
}
