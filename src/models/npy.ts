import { AppError, ErrorCode } from '../errors.js';

export interface NpyMatrix {
  rows: number;
  cols: number;
  dtype: 'float32' | 'float64';
  /** Row-major values, converted to float32 (what pgvector stores). */
  data: Float32Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

function invalid(message: string): AppError {
  return new AppError(ErrorCode.INVALID_EMBEDDINGS, message);
}

/**
 * Parses a .npy file holding a 2-D little-endian float32 or float64 array in C order
 * (rows = images). Anything else (other dtype, Fortran order, other rank) is refused.
 */
export function parseNpyMatrix(bytes: Uint8Array): NpyMatrix {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw invalid('Not a .npy file (bad magic bytes)');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder('latin1').decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shape === undefined) throw invalid(`Cannot read the .npy header: ${header.trim()}`);
  const dtype = descr === '<f4' || descr === '=f4' ? 'float32' : descr === '<f8' || descr === '=f8' ? 'float64' : null;
  if (!dtype) throw invalid(`dtype ${descr} is not supported: use little-endian float32 or float64`);
  if (fortran === 'True') throw invalid('Fortran-ordered arrays are not supported: save with np.ascontiguousarray');
  const dims = shape
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (dims.length !== 2) throw invalid(`Expected a 2-D array (rows = images), got shape (${shape})`);
  const [rows, cols] = dims as [number, number];
  const itemSize = dtype === 'float32' ? 4 : 8;
  const dataStart = headerStart + headerLength;
  if (bytes.length - dataStart !== rows * cols * itemSize) {
    throw invalid(
      `The file holds ${bytes.length - dataStart} data bytes, but shape (${rows}, ${cols}) of ${dtype} needs ${rows * cols * itemSize}`,
    );
  }
  const copy = new Uint8Array(bytes.length - dataStart); // an aligned copy (Buffer.slice would share memory)
  copy.set(bytes.subarray(dataStart));
  const source =
    dtype === 'float32' ? new Float32Array(copy.buffer, 0, rows * cols) : new Float64Array(copy.buffer, 0, rows * cols);
  return { rows, cols, dtype, data: dtype === 'float32' ? (source as Float32Array) : Float32Array.from(source) };
}
