/**
 * pgvector's binary wire form, and PostgreSQL's binary COPY and array framing around it.
 * Vectors cross the wire as raw float4 so no value is ever printed as decimal text and parsed
 * back: the text path moves 2.7x the bytes and takes 3-9x the time (bench/distances.bench.ts).
 *
 * A vector is: int16 dim, int16 unused (0), then dim float4, all big-endian.
 */

const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** The largest dimension pgvector's `vector` type stores. */
export const VECTOR_MAX_DIMENSION = 16_000;

/** Writes `v` as pgvector binary at `o`; returns the offset after it. */
function writeVector(buf: Buffer, o: number, v: Float32Array): number {
  buf.writeInt16BE(v.length, o);
  buf.writeInt16BE(0, o + 2);
  const bytes = buf.subarray(o + 4, o + 4 + v.length * 4);
  bytes.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  if (LITTLE_ENDIAN) bytes.swap32(); // native swap: ~50x faster than writeFloatBE per element
  return o + 4 + v.length * 4;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Float32 copy of `v` (views of Float32Arrays are used as they are). */
export function asFloat32(v: ArrayLike<number>): Float32Array {
  return v instanceof Float32Array ? v : Float32Array.from(v);
}

/** One vector in pgvector's binary form, for a `$n::vector` parameter sent as binary. */
export function encodeVector(v: ArrayLike<number>): Buffer {
  const f = asFloat32(v);
  const buf = Buffer.alloc(4 + 4 * f.length);
  writeVector(buf, 0, f);
  return buf;
}

/**
 * A one-dimensional PostgreSQL array of `vector` in binary form, for a `$n::vector[]` parameter.
 * node-postgres sends Buffer parameters in binary format, so the server runs vector_recv on each
 * element. `vectorOid` is the database's OID of the vector type (it differs per database).
 */
export function encodeVectorArray(vectors: readonly ArrayLike<number>[], vectorOid: number): Buffer {
  const floats = vectors.map(asFloat32);
  const buf = Buffer.alloc(20 + floats.reduce((a, f) => a + 8 + 4 * f.length, 0));
  let o = writeArrayHeader(buf, vectorOid, floats.length);
  for (const f of floats) {
    buf.writeInt32BE(4 + 4 * f.length, o);
    o = writeVector(buf, o + 4, f);
  }
  return buf;
}

const BYTEA_OID = 17;

/** A one-dimensional `bytea[]` in binary form, for a `$n::bytea[]` parameter: the bytes as they are, no hex text. */
export function encodeByteaArray(values: readonly Uint8Array[]): Buffer {
  const buf = Buffer.alloc(20 + values.reduce((a, v) => a + 4 + v.length, 0));
  let o = writeArrayHeader(buf, BYTEA_OID, values.length);
  for (const v of values) {
    buf.writeInt32BE(v.length, o);
    buf.set(v, o + 4);
    o += 4 + v.length;
  }
  return buf;
}

/** The 20-byte header of a one-dimensional binary array without NULLs; returns where elements start. */
function writeArrayHeader(buf: Buffer, elementOid: number, count: number): number {
  buf.writeInt32BE(1, 0); // dimensions
  buf.writeInt32BE(0, 4); // has nulls
  buf.writeUInt32BE(elementOid, 8);
  buf.writeInt32BE(count, 12);
  buf.writeInt32BE(1, 16); // lower bound
  return 20;
}

/** Decodes one pgvector binary value (e.g. a `vector_send(v)` bytea) into a new Float32Array. */
export function decodeVector(buf: Uint8Array): Float32Array {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const dim = b.readUInt16BE(0);
  const out = new Float32Array(dim);
  copyFloats(b, 4, out, 0, dim);
  return out;
}

/** Copies `dim` big-endian float4 from `src` at `offset` into `dst` at element `at`. */
function copyFloats(src: Buffer, offset: number, dst: Float32Array, at: number, dim: number): void {
  const target = Buffer.from(dst.buffer, dst.byteOffset + at * 4, dim * 4);
  src.copy(target, 0, offset, offset + dim * 4);
  if (LITTLE_ENDIAN) target.swap32();
}

export interface VectorCopy {
  /** Row i of `data` belongs to ids[i]. */
  ids: Int32Array;
  rows: number;
  cols: number;
  /** rows x cols, row-major. */
  data: Float32Array;
}

/**
 * Parses the output of `COPY (SELECT int4, vector ...) TO STDOUT (FORMAT binary)`.
 * Every tuple of one model has the same size (2 + 8 + 8 + 4 * dim bytes), so the row count is
 * known from the first tuple and the floats go straight into one preallocated matrix, or into
 * `into` at row `atRow` when the caller stacks several sets.
 *
 * @throws RangeError when the stream is not such a COPY, or the vectors differ in dimension.
 */
export function parseVectorCopy(buf: Buffer, into?: { data: Float32Array; atRow: number; cols: number }): VectorCopy {
  if (buf.length < 21 || !buf.subarray(0, 11).equals(COPY_SIGNATURE)) throw new RangeError('not a binary COPY stream');
  let o = 19 + buf.readInt32BE(15); // signature, flags, header extension
  const trailer = buf.length - 2;
  if (o === trailer) return { ids: new Int32Array(0), rows: 0, cols: into?.cols ?? 0, data: new Float32Array(0) };
  const cols = buf.readUInt16BE(o + 14);
  const tuple = 18 + 4 * cols;
  const rows = (trailer - o) / tuple;
  if (!Number.isInteger(rows) || buf.readInt16BE(trailer) !== -1)
    throw new RangeError('vectors of different dimensions in one set');
  if (into && into.cols !== cols) throw new RangeError(`expected ${into.cols} dimensions, found ${cols}`);
  const data = into ? into.data : new Float32Array(rows * cols);
  const base = into ? into.atRow * cols : 0;
  const ids = new Int32Array(rows);
  for (let r = 0; r < rows; r++, o += tuple) {
    if (buf.readInt16BE(o) !== 2 || buf.readInt32BE(o + 2) !== 4 || buf.readUInt16BE(o + 14) !== cols) {
      throw new RangeError(`tuple ${r}: expected (int4, vector(${cols}))`);
    }
    ids[r] = buf.readInt32BE(o + 6);
    copyFloats(buf, o + 18, data, base + r * cols, cols);
  }
  return { ids, rows, cols, data: into ? data.subarray(base, base + rows * cols) : data };
}

/**
 * The tuples of a `COPY ... TO STDOUT (FORMAT binary)` of any columns: per tuple, each field's
 * bytes as a view into `buf` (null for NULL), for callers that know their column types.
 * @throws RangeError when `buf` is not such a COPY.
 */
export function copyTuples(buf: Buffer): (Buffer | null)[][] {
  if (buf.length < 21 || !buf.subarray(0, 11).equals(COPY_SIGNATURE)) throw new RangeError('not a binary COPY stream');
  let o = 19 + buf.readInt32BE(15); // signature, flags, header extension
  const tuples: (Buffer | null)[][] = [];
  for (let fields = buf.readInt16BE(o); fields !== -1; fields = buf.readInt16BE(o)) {
    o += 2;
    const tuple: (Buffer | null)[] = [];
    for (let f = 0; f < fields; f++) {
      const len = buf.readInt32BE(o);
      o += 4;
      if (len < 0) tuple.push(null);
      else {
        if (o + len > buf.length) throw new RangeError('truncated binary COPY stream');
        tuple.push(buf.subarray(o, o + len));
        o += len;
      }
    }
    tuples.push(tuple);
  }
  return tuples;
}

/**
 * `parseVectorCopy` for a COPY that arrives in chunks: each chunk is decoded as it comes, its
 * floats copied straight into rows of `data` from `atRow` (cols wide), so the stream is never
 * held whole and no byte is copied twice. Call `push` per chunk, then `end` for the ids.
 *
 * @throws RangeError (from push or end) when the stream is not such a COPY, holds vectors of
 * another dimension, or more than `maxRows` tuples.
 */
export function createVectorCopyDecoder(data: Float32Array, atRow: number, cols: number, maxRows: number) {
  // One Buffer view for the whole stream: per chunk and row nothing is allocated (a view or a
  // subarray per row made the decode 20x slower than its copies, in allocation and GC).
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const rowBytes = 4 * cols;
  const ids = new Int32Array(maxRows);
  // Small fields (header, a tuple's field count and prefix) gather here across chunk borders.
  const small = Buffer.alloc(19);
  let phase: 'header' | 'extension' | 'count' | 'prefix' | 'floats' | 'done' = 'header';
  let need = 19;
  let got = 0;
  let rows = 0;

  /** Takes up to `need - got` bytes of the small field from chunk at o; returns the new offset. */
  const gather = (chunk: Buffer, o: number): number => {
    const take = Math.min(need - got, chunk.length - o);
    chunk.copy(small, got, o, o + take);
    got += take;
    return o + take;
  };
  const start = (next: typeof phase, size: number) => {
    phase = next;
    need = size;
    got = 0;
  };

  return {
    push(chunk: Buffer): void {
      let o = 0;
      while (o < chunk.length) {
        if (phase === 'done') throw new RangeError('bytes after the end of a binary COPY stream');
        if (phase === 'floats') {
          const take = Math.min(need - got, chunk.length - o);
          chunk.copy(bytes, (atRow + rows) * rowBytes + got, o, o + take);
          got += take;
          o += take;
          if (got === need) {
            rows++;
            start('count', 2);
          }
          continue;
        }
        o = gather(chunk, o);
        if (got < need) break;
        if (phase === 'header') {
          if (!small.subarray(0, 11).equals(COPY_SIGNATURE)) throw new RangeError('not a binary COPY stream');
          const extension = small.readInt32BE(15);
          if (extension > 0) start('extension', extension);
          else start('count', 2);
        } else if (phase === 'extension') {
          start('count', 2);
        } else if (phase === 'count') {
          const fields = small.readInt16BE(0);
          if (fields === -1) start('done', 0);
          else if (fields !== 2) throw new RangeError(`tuple ${rows}: expected (int4, vector(${cols}))`);
          else start('prefix', 16);
        } else {
          // int4 length, image id, vector length, dim, unused
          const dim = small.readUInt16BE(12);
          if (dim !== cols) throw new RangeError(`expected ${cols} dimensions, found ${dim}`);
          if (small.readInt32BE(0) !== 4 || small.readInt32BE(8) !== 4 + rowBytes)
            throw new RangeError(`tuple ${rows}: expected (int4, vector(${cols}))`);
          if (rows >= maxRows) throw new RangeError(`more than the ${maxRows} rows expected`);
          ids[rows] = small.readInt32BE(4);
          start('floats', rowBytes);
        }
      }
    },
    end(): { ids: Int32Array; rows: number } {
      if (phase !== 'done') throw new RangeError('truncated binary COPY stream');
      // Big-endian floats to native, all rows in one native call (~50x faster than readFloatBE).
      if (LITTLE_ENDIAN && rows > 0) bytes.subarray(atRow * rowBytes, (atRow + rows) * rowBytes).swap32();
      return { ids: ids.subarray(0, rows), rows };
    },
  };
}
