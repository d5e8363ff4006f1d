/**
 * The NumPy .npy format, version 1.0 (numpy.lib.format): magic `\x93NUMPY`, version bytes,
 * a little-endian uint16 header length, then an ASCII dict `{'descr', 'fortran_order', 'shape'}`
 * padded with spaces and ended by '\n' so the data starts on a 64-byte boundary, then the raw
 * C-order array. Only the header is built here; the data is streamed after it by the caller.
 */

export type NpyDtype = 'float64' | 'float32' | 'int32';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const KIND: Record<NpyDtype, string> = { float64: 'f8', float32: 'f4', int32: 'i4' };

/** numpy's descr for the host's byte order, which is the order typed arrays hold their bytes in. */
export function npyDescr(dtype: NpyDtype): string {
  return `${LITTLE_ENDIAN ? '<' : '>'}${KIND[dtype]}`;
}

/**
 * The header of a C-ordered array of `shape` (e.g. [m, n], or [m] for a vector).
 * @throws RangeError for a non-integer or negative dimension.
 */
export function npyHeader(dtype: NpyDtype, shape: readonly number[]): Buffer {
  for (const d of shape) if (!Number.isInteger(d) || d < 0) throw new RangeError(`bad .npy dimension ${d}`);
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${npyDescr(dtype)}', 'fortran_order': False, 'shape': ${tuple}, }`;
  const unpadded = 10 + dict.length + 1;
  const padded = Math.ceil(unpadded / 64) * 64;
  const header = dict + ' '.repeat(padded - unpadded) + '\n';
  const out = Buffer.alloc(10 + header.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]); // \x93NUMPY v1.0
  out.writeUInt16LE(header.length, 8);
  out.write(header, 10, 'latin1');
  return out;
}

/** The bytes of a typed array, as a Buffer view (no copy). */
export function bytesOf(x: Float64Array | Float32Array | Int32Array): Buffer {
  return Buffer.from(x.buffer, x.byteOffset, x.byteLength);
}
