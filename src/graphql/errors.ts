import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AppError, ErrorCode } from '../errors.js';
import { storeInputError } from '../ids.js';
import { TOKEN_LIMIT_MESSAGE } from './limits.js';

/** Apollo's own codes pass through unchanged; anything else unexpected is masked. */
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  ErrorCode.LIMIT_EXCEEDED,
]);

/**
 * By tag, not instanceof: Apollo may load graphql-js as CommonJS while this module has the ES
 * module build (two GraphQLError classes, as under vitest).
 */
const isGraphQLError = (e: unknown): e is GraphQLError => Object.prototype.toString.call(e) === '[object GraphQLError]';

/**
 * The single catch point: AppError becomes `{ message, extensions: { code, ...details } }`;
 * unknown errors become INTERNAL_SERVER_ERROR "Unexpected error." and are logged.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const unwrapped = unwrapResolverError(error);
  const original = unwrapped instanceof AppError ? unwrapped : (storeInputError(unwrapped) ?? unwrapped);
  if (original instanceof AppError) {
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { ...original.details, code: original.code },
    };
  }
  const limit = limitRefusal(unwrapped);
  if (limit) return { ...formatted, message: limit, extensions: { code: ErrorCode.LIMIT_EXCEEDED } };
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PASS_THROUGH.has(code)) return formatted;
  if (isGraphQLError(original) && !original.originalError) {
    // graphql-js's own errors: validation, or a variable's value refused while coercing an
    // argument (an explicit null for a non-null argument), which Apollo leaves without a code.
    if (code === undefined || code === 'INTERNAL_SERVER_ERROR') {
      return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
    }
    return formatted;
  }
  console.error('[graphql] unexpected error:', original);
  return {
    message: 'Unexpected error.',
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/**
 * Apollo re-codes validation and parse errors (GRAPHQL_VALIDATION_FAILED, GRAPHQL_PARSE_FAILED);
 * a refusal by a limit (armor's alias and directive rules, graphql-js's token limit) keeps
 * LIMIT_EXCEEDED, which clients read as "ask for less", not "fix the query".
 */
function limitRefusal(error: unknown): string | null {
  // Duck-typed: Apollo and this module may hold different copies of graphql-js (CJS and ESM).
  const e = error as { message?: string; extensions?: { code?: unknown }; originalError?: unknown } | null;
  const inner = e?.originalError as { message?: string; extensions?: { code?: unknown } } | undefined;
  if (inner?.extensions?.code === ErrorCode.LIMIT_EXCEEDED && inner.message) return inner.message;
  if (e?.extensions?.code === 'GRAPHQL_PARSE_FAILED' && TOKEN_LIMIT_MESSAGE.test(e.message ?? ''))
    return `${e.message} (MAX_QUERY_TOKENS)`;
  return null;
}
