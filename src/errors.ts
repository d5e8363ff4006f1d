/**
 * Error codes carried in GraphQL `extensions.code` and by the CLI.
 * Every code is listed in the README's error table.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  INVALID_NAME: 'INVALID_NAME',
  PATH_OUTSIDE_IMPORT_ROOT: 'PATH_OUTSIDE_IMPORT_ROOT',
  EMPTY_FOLDER: 'EMPTY_FOLDER',
  IMAGE_DECODE_FAILED: 'IMAGE_DECODE_FAILED',
  MASK_SIZE_MISMATCH: 'MASK_SIZE_MISMATCH',
  DIMENSION_MISMATCH: 'DIMENSION_MISMATCH',
  DIMENSION_TOO_LARGE: 'DIMENSION_TOO_LARGE',
  INVALID_EMBEDDINGS: 'INVALID_EMBEDDINGS',
  MODEL_INVALID: 'MODEL_INVALID',
  MODEL_UNAVAILABLE: 'MODEL_UNAVAILABLE',
  EMBEDDINGS_MISSING: 'EMBEDDINGS_MISSING',
  PREDICTIONS_MISSING: 'PREDICTIONS_MISSING',
  MASKS_MISSING: 'MASKS_MISSING',
  RANK_DEFICIENT: 'RANK_DEFICIENT',
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  STORE_UNAVAILABLE: 'STORE_UNAVAILABLE',
  /** Exact distances above SYNC_MAX_PAIRS that no distance job has stored yet. */
  DISTANCE_JOB_REQUIRED: 'DISTANCE_JOB_REQUIRED',
  // Access control: no or unknown token (401), a role below what the operation needs (403), too
  // many requests for the key or address (429), a Host header this server does not answer to (421).
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  RATE_LIMITED: 'RATE_LIMITED',
  HOST_NOT_ALLOWED: 'HOST_NOT_ALLOWED',
  // Analytics computations stopped before they finished (the analytics pool).
  ANALYTICS_TIMEOUT: 'ANALYTICS_TIMEOUT',
  CANCELLED: 'CANCELLED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An expected failure caused by input; safe to show to the caller. No GraphQL import so cli/ reuses it. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

/** A broken internal assumption (a bug), never caused by input. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Invariant violation: ${message}`);
}
