import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError, ErrorCode } from '../errors.js';
import { storeInputError } from '../ids.js';

/**
 * The one mapping from an expected failure to an HTTP status, for every route: unknown things
 * 404, bad input and limits 400, conflicts with the stored data 409, the store down 503.
 */
const STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  INVALID_NAME: 400,
  PATH_OUTSIDE_IMPORT_ROOT: 400,
  EMPTY_FOLDER: 400,
  IMAGE_DECODE_FAILED: 400,
  MASK_SIZE_MISMATCH: 400,
  DIMENSION_MISMATCH: 409,
  DIMENSION_TOO_LARGE: 400,
  INVALID_EMBEDDINGS: 400,
  MODEL_INVALID: 400,
  MODEL_UNAVAILABLE: 409,
  EMBEDDINGS_MISSING: 409,
  PREDICTIONS_MISSING: 409,
  MASKS_MISSING: 409,
  RANK_DEFICIENT: 409,
  LIMIT_EXCEEDED: 400,
  // Exact distances need a distance job first: the request conflicts with what is stored.
  DISTANCE_JOB_REQUIRED: 409,
  STORE_UNAVAILABLE: 503,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  HOST_NOT_ALLOWED: 421,
  ANALYTICS_TIMEOUT: 503,
  // The client has gone; nobody reads this status, but logs show why the request ended.
  CANCELLED: 499,
};

export const httpStatusOf = (code: ErrorCode): number => STATUS[code] ?? 400;

/**
 * The JSON body of every HTTP error: `{ error: { code, message } }`, or GraphQL's
 * `{ errors: [{ message, extensions: { code, ...details } }] }` on /graphql.
 */
export function sendError(
  res: Response,
  status: number,
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): void {
  if (res.headersSent) {
    res.destroy(); // a stream already under way: cutting it is the only signal left
    return;
  }
  // GraphQL clients read `errors` (the GraphQL over HTTP shape); every other route `error`.
  const body = res.req.originalUrl.startsWith('/graphql')
    ? { errors: [{ message, extensions: { ...details, code } }] }
    : { error: { code, message } };
  res.status(status).set('Cache-Control', 'no-store').json(body);
}

/**
 * Wraps a route handler: an AppError becomes its status and JSON body; anything else is logged
 * and answered as a bare 500 without its message or stack.
 */
export function route(handler: (req: Request, res: Response) => unknown): RequestHandler {
  return async (req, res) => {
    try {
      await handler(req, res);
    } catch (e) {
      respondWithError(e, res);
    }
  };
}

function respondWithError(err: unknown, res: Response): void {
  const e = err instanceof AppError ? err : (storeInputError(err) ?? err);
  if (e instanceof AppError) return sendError(res, httpStatusOf(e.code), e.code, e.message);
  console.error('[http] unexpected error:', e);
  sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.');
}

/** The last route: anything unmatched is a JSON 404, not Express's HTML page. */
export function notFoundHandler(req: Request, res: Response): void {
  sendError(res, 404, ErrorCode.NOT_FOUND, `No route for ${req.method} ${req.path.slice(0, 200)}`);
}

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  limit?: number;
}

/**
 * The last error middleware: body-parser's failures (too large 413, malformed JSON 400, bad
 * charset 415) and anything a route let through, as JSON; never Express's HTML stack page.
 */
export function errorHandler(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const e = err as BodyParserError & Error;
  if (e?.type === 'entity.too.large')
    return sendError(res, 413, ErrorCode.LIMIT_EXCEEDED, `The request body is larger than ${e.limit} bytes`);
  if (e?.type === 'entity.parse.failed')
    return sendError(res, 400, ErrorCode.BAD_USER_INPUT, 'The body is not valid JSON');
  const status = e?.status ?? e?.statusCode;
  if (typeof e?.type === 'string' && typeof status === 'number' && status >= 400 && status < 500)
    return sendError(res, status, ErrorCode.BAD_USER_INPUT, `The request body cannot be read (${e.type})`);
  respondWithError(err, res);
}
