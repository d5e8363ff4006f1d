import { describe, expect, it } from 'vitest';
import {
  createVectorCopyDecoder,
  decodeVector,
  encodeVector,
  encodeVectorArray,
  parseVectorCopy,
} from '../../../src/db/vector-binary.js';

/** A binary COPY stream of (int4, vector) tuples, built by hand from the documented format. */
function copyStream(rows: [number, number[]][]): Buffer {
  const parts = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]; // flags 0, extension length 0
  for (const [id, v] of rows) {
    const t = Buffer.alloc(18 + 4 * v.length);
    t.writeInt16BE(2, 0);
    t.writeInt32BE(4, 2);
    t.writeInt32BE(id, 6);
    t.writeInt32BE(4 + 4 * v.length, 10);
    t.writeUInt16BE(v.length, 14);
    v.forEach((x, i) => t.writeFloatBE(x, 18 + 4 * i));
    parts.push(t);
  }
  parts.push(Buffer.from([0xff, 0xff]));
  return Buffer.concat(parts);
}

describe('vector binary', () => {
  describe('encodeVector / decodeVector', () => {
    it('writes dim, a zero, then big-endian float4, and reads them back exactly', () => {
      const v = Float32Array.from([1.5, -2.25, 3.1415927, 1e-30]);
      const buf = encodeVector(v);
      expect(buf.readInt16BE(0)).toBe(4);
      expect(buf.readInt16BE(2)).toBe(0);
      expect(buf.readFloatBE(4)).toBe(1.5);
      expect(buf.readFloatBE(8)).toBe(-2.25);
      expect(decodeVector(buf)).toEqual(v);
    });

    it('encodes a view into a larger array without its neighbours', () => {
      const flat = Float32Array.from([9, 1, 2, 9]);
      expect(decodeVector(encodeVector(flat.subarray(1, 3)))).toEqual(Float32Array.from([1, 2]));
    });
  });

  describe('encodeVectorArray', () => {
    it('frames a one-dimensional array of vectors with the element type oid', () => {
      const buf = encodeVectorArray([Float32Array.from([1, 2]), [3, 4, 5]], 4242);
      expect([
        buf.readInt32BE(0),
        buf.readInt32BE(4),
        buf.readUInt32BE(8),
        buf.readInt32BE(12),
        buf.readInt32BE(16),
      ]).toEqual([1, 0, 4242, 2, 1]);
      expect(buf.readInt32BE(20)).toBe(12);
      expect(decodeVector(buf.subarray(24, 36))).toEqual(Float32Array.from([1, 2]));
      expect(buf.readInt32BE(36)).toBe(16);
      expect(decodeVector(buf.subarray(40))).toEqual(Float32Array.from([3, 4, 5]));
    });
  });

  describe('parseVectorCopy', () => {
    it('reads ids and vectors into one row-major matrix', () => {
      const m = parseVectorCopy(
        copyStream([
          [7, [1, 2, 3]],
          [9, [4, 5, 6]],
        ]),
      );
      expect(m).toMatchObject({ rows: 2, cols: 3 });
      expect(Array.from(m.ids)).toEqual([7, 9]);
      expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('writes into a caller matrix at a row offset', () => {
      const data = new Float32Array(8);
      parseVectorCopy(
        copyStream([
          [1, [5, 6]],
          [2, [7, 8]],
        ]),
        { data, atRow: 1, cols: 2 },
      );
      expect(Array.from(data)).toEqual([0, 0, 5, 6, 7, 8, 0, 0]);
    });

    it('reads an empty set', () => {
      expect(parseVectorCopy(copyStream([]))).toMatchObject({ rows: 0 });
    });

    it('refuses vectors of different dimensions and foreign streams', () => {
      expect(() =>
        parseVectorCopy(
          copyStream([
            [1, [1, 2]],
            [2, [1, 2, 3]],
          ]),
        ),
      ).toThrow(RangeError);
      expect(() =>
        parseVectorCopy(copyStream([[1, [1, 2]]]), { data: new Float32Array(3), atRow: 0, cols: 3 }),
      ).toThrow(/expected 3 dimensions/);
      expect(() => parseVectorCopy(Buffer.from('id,vector\n1,[1]\n'))).toThrow(/not a binary COPY/);
    });
  });

  describe('createVectorCopyDecoder', () => {
    const stream = copyStream([
      [7, [1, 2, 3]],
      [9, [4, 5, 6.5]],
      [11, [-1, 0, 1e-30]],
    ]);
    const decodeIn = (pieces: Buffer[], data = new Float32Array(12), atRow = 1, maxRows = 3) => {
      const d = createVectorCopyDecoder(data, atRow, 3, maxRows);
      for (const p of pieces) d.push(p);
      return { data, ...d.end() };
    };

    it('decodes a stream split at every byte into the same rows as parseVectorCopy', () => {
      const whole = parseVectorCopy(stream);
      for (let cut = 1; cut < stream.length; cut++) {
        for (const pieces of [
          [stream.subarray(0, cut), stream.subarray(cut)],
          Array.from({ length: Math.ceil(stream.length / cut) }, (_, i) => stream.subarray(i * cut, (i + 1) * cut)),
        ]) {
          const got = decodeIn(pieces);
          expect(Array.from(got.ids)).toEqual(Array.from(whole.ids));
          expect(Array.from(got.data)).toEqual([0, 0, 0, ...whole.data]);
        }
      }
    });

    it('reads an empty set, with a header extension', () => {
      const empty = copyStream([]);
      const extended = Buffer.concat([
        empty.subarray(0, 15),
        Buffer.from([0, 0, 0, 3, 1, 2, 3]), // extension length 3, then its bytes
        empty.subarray(19),
      ]);
      expect(decodeIn([extended], new Float32Array(0), 0, 0).rows).toBe(0);
    });

    it('refuses other dimensions, more rows than expected, foreign and truncated streams', () => {
      expect(() => decodeIn([copyStream([[1, [1, 2]]])])).toThrow(/expected 3 dimensions, found 2/);
      expect(() => decodeIn([stream], new Float32Array(12), 0, 2)).toThrow(/more than the 2 rows/);
      expect(() => decodeIn([Buffer.from('id,vector\n1,[1]\n1,[2]\n')])).toThrow(/not a binary COPY/);
      expect(() => decodeIn([stream.subarray(0, stream.length - 1)])).toThrow(/truncated/);
    });
  });
});
