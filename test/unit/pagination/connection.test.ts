import { describe, expect, it } from 'vitest';
import {
  decodeCursor,
  decodeCursorOf,
  encodeCursor,
  encodeCursorOf,
  toConnection,
} from '../../../src/pagination/connection.js';

const rows = (ids: number[]) => ids.map((id) => ({ id }));

describe('pagination', () => {
  describe('cursors', () => {
    it('round-trips an id through an opaque base64url cursor', () => {
      const c = encodeCursor(4711);
      expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(c).not.toContain('4711');
      expect(decodeCursor(c)).toBe(4711);
      expect(decodeCursor(null)).toBeNull();
    });
    it('refuses a cursor it did not make with BAD_USER_INPUT', () => {
      expect(() => decodeCursor('garbage')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
      expect(() => decodeCursor(Buffer.from('id:-3').toString('base64url'))).toThrow(/Invalid cursor/);
    });
  });
  describe('cursors of a kind', () => {
    it('round-trips several numbers and refuses a cursor of another kind or arity', () => {
      const c = encodeCursorOf('idist', [12, 0]);
      expect(decodeCursorOf(c, 'idist', 2)).toEqual([12, 0]);
      expect(() => decodeCursorOf(c, 'id', 1)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
      expect(() => decodeCursorOf(c, 'idist', 3)).toThrow(/Invalid cursor/);
      expect(() => decodeCursor(c)).toThrow(/Invalid cursor/);
      expect(() => decodeCursorOf(encodeCursor(5), 'idist', 2)).toThrow(/Invalid cursor/);
    });
  });
  describe('toConnection', () => {
    it('handles the empty page', () => {
      expect(toConnection(rows([]), 10, (r) => r.id, 0)).toEqual({
        edges: [],
        pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
        totalCount: 0,
      });
    });
    it('uses the extra (first + 1)th row only to say there is a next page', () => {
      const c = toConnection(rows([1, 2, 3, 4]), 3, (r) => r.id, 10);
      expect(c.edges.map((e) => e.node.id)).toEqual([1, 2, 3]);
      expect(c.pageInfo.hasNextPage).toBe(true);
      expect(decodeCursor(c.pageInfo.startCursor)).toBe(1);
      expect(decodeCursor(c.pageInfo.endCursor)).toBe(3);
      expect(c.totalCount).toBe(10);
    });
    it('marks the last page', () => {
      const c = toConnection(rows([8, 9]), 3, (r) => r.id, 9);
      expect(c.pageInfo.hasNextPage).toBe(false);
      expect(c.edges).toHaveLength(2);
    });
  });
});
