import { AppError, ErrorCode } from '../errors.js';
import { MAX_ROW_ID } from '../ids.js';

// Relay connections and their opaque cursors, shared by every paged list (GraphQL fields and
// the services behind them), so no feature folder depends on graphql/ for them.

/** Opaque cursor: base64url of `kind:n1:n2...`, so a cursor of one list is refused by another. */
export function encodeCursorOf(kind: string, parts: readonly number[]): string {
  return Buffer.from(`${kind}:${parts.join(':')}`).toString('base64url');
}

/** The numbers a cursor of this kind carries (null for no cursor); BAD_USER_INPUT for any other string. */
export function decodeCursorOf(cursor: string | null | undefined, kind: string, arity: number): number[] | null {
  if (cursor === null || cursor === undefined) return null;
  const parts = Buffer.from(cursor, 'base64url').toString().split(':');
  // Every number a cursor carries is an integer column's value: anything past its range is no cursor of ours.
  const numbers = parts.slice(1);
  if (
    parts.length !== arity + 1 ||
    parts[0] !== kind ||
    !numbers.every((p) => /^\d{1,10}$/.test(p) && Number(p) <= MAX_ROW_ID)
  ) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `Invalid cursor "${cursor}"`, { cursor });
  }
  return parts.slice(1).map(Number);
}

/** Keyset cursor of a row id. */
export function encodeCursor(id: number): string {
  return encodeCursorOf('id', [id]);
}

export function decodeCursor(cursor: string | null | undefined): number | null {
  return decodeCursorOf(cursor, 'id', 1)?.[0] ?? null;
}

export function assertPageSize(first: number, max: number): void {
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `first must be an integer between 0 and ${max}, got ${first}`, {
      first,
      max,
    });
  }
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/** Page info of a forward-only page: hasPreviousPage is false because only first/after is offered. */
export function pageInfoOf(edges: readonly { cursor: string }[], hasNextPage: boolean): PageInfo {
  return {
    hasNextPage,
    hasPreviousPage: false,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
  };
}

/** Builds a Relay connection from `first + 1` rows fetched after the cursor. */
export function toConnection<T>(rows: T[], first: number, idOf: (row: T) => number, totalCount: number) {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeCursor(idOf(node)), node }));
  return { edges, pageInfo: pageInfoOf(edges, rows.length > first), totalCount };
}
