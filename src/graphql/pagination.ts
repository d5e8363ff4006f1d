import { AppError, ErrorCode } from '../errors.js';
import { MAX_ROW_ID } from '../ids.js';

/** Opaque keyset cursor: base64url of the row's id. */
export function encodeCursor(id: number): string {
  return Buffer.from(`id:${id}`).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): number | null {
  if (cursor === null || cursor === undefined) return null;
  const match = /^id:(\d{1,10})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match || Number(match[1]) > MAX_ROW_ID)
    throw new AppError(ErrorCode.BAD_USER_INPUT, `Invalid cursor "${cursor}"`, { cursor });
  return Number(match[1]);
}

export function assertPageSize(first: number, max: number): void {
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `first must be an integer between 0 and ${max}, got ${first}`, {
      first,
      max,
    });
  }
}

/**
 * Builds a Relay connection from `first + 1` rows fetched after the cursor.
 * hasPreviousPage is false because only forward paging (first/after) is offered.
 */
export function toConnection<T>(rows: T[], first: number, idOf: (row: T) => number, totalCount: number) {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeCursor(idOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount,
  };
}
