import { AppError, ErrorCode } from './errors.js';

/** Row ids are PostgreSQL `integer`s: nothing above this can exist. */
export const MAX_ROW_ID = 2 ** 31 - 1;

/**
 * One parser for the ids that GraphQL arguments and HTTP paths carry: not a positive decimal
 * integer is BAD_USER_INPUT; a number no row can have (0, or above MAX_ROW_ID) is NOT_FOUND, so
 * it never reaches SQL as an out-of-range integer.
 */
export function parseId(raw: unknown, what: string): number {
  const text = String(raw);
  if (typeof raw !== 'string' || !/^\d{1,30}$/.test(raw)) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `${what} id "${text.slice(0, 40)}" is not a number`, {
      id: text.slice(0, 40),
    });
  }
  const id = Number(raw);
  if (id < 1 || id > MAX_ROW_ID)
    throw new AppError(ErrorCode.NOT_FOUND, `No ${what.toLowerCase()} with id ${raw}`, { id: raw });
  return id;
}

/** A name that text columns cannot hold (PostgreSQL refuses NUL bytes): no row has it. */
export const unstorableText = (s: string) => s.includes('\0');

/**
 * A store error caused by the input's value rather than a bug: PostgreSQL refusing a NUL byte in
 * text (22021, 22P05) or a number out of its column's range (22003). Whatever path such a value
 * took past the checks, the caller gets BAD_USER_INPUT instead of an internal error.
 */
export function storeInputError(e: unknown): AppError | null {
  for (let cur = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = String((cur as { code?: unknown }).code ?? (cur as { originalCode?: unknown }).originalCode ?? '');
    const message = String((cur as { message?: unknown }).message ?? '');
    if (code === '22021' || code === '22P05' || /invalid byte sequence|unsupported Unicode escape/.test(message))
      return new AppError(ErrorCode.BAD_USER_INPUT, 'Text arguments cannot contain NUL bytes');
    if (code === '22003' || /out of range for type (integer|smallint|bigint)/.test(message))
      return new AppError(ErrorCode.BAD_USER_INPUT, 'A number is out of range');
  }
  return null;
}
