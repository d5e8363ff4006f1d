import { describe, expect, it } from 'vitest';
import { bytesOf, npyHeader } from '../../../src/analytics/npy-writer.js';

describe('npy writer', () => {
  describe('npyHeader', () => {
    it('writes magic, version 1.0, and a dict padded so the data starts on a 64-byte boundary', () => {
      const h = npyHeader('float64', [315, 260]);
      expect([...h.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
      expect(h.length % 64).toBe(0);
      expect(h.readUInt16LE(8)).toBe(h.length - 10);
      const dict = h.subarray(10).toString('latin1');
      expect(dict).toMatch(/^\{'descr': '<f8', 'fortran_order': False, 'shape': \(315, 260\), \} *\n$/);
    });

    it('writes a one-element tuple for vectors, and the int32 and float32 descriptors', () => {
      expect(npyHeader('int32', [7]).toString('latin1')).toContain(
        "'descr': '<i4', 'fortran_order': False, 'shape': (7,)",
      );
      expect(npyHeader('float32', [0, 3]).toString('latin1')).toContain("'descr': '<f4'");
    });

    it('refuses a negative or fractional dimension', () => {
      expect(() => npyHeader('float64', [-1])).toThrow(RangeError);
      expect(() => npyHeader('float64', [1.5])).toThrow(RangeError);
    });
  });

  describe('bytesOf', () => {
    it('views a typed array (or a slice of one) without copying', () => {
      const x = Float64Array.from([1, 2, 3, 4]);
      const b = bytesOf(x.subarray(1, 3));
      expect(b.length).toBe(16);
      expect(b.readDoubleLE(0)).toBe(2);
      expect(b.buffer).toBe(x.buffer);
    });
  });
});
