import fs from 'node:fs/promises';
import { AppError, ErrorCode } from '../errors.js';

/** Decodes a base64 field of a mutation, refusing empty, malformed and oversized content. */
export function fromBase64(value: string, field: string, maxBytes: number): Uint8Array {
  if (!/^[A-Za-z0-9+/=\s_-]*$/.test(value))
    throw new AppError(ErrorCode.BAD_USER_INPUT, `${field} is not base64`, { field });
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length === 0) throw new AppError(ErrorCode.BAD_USER_INPUT, `${field} is empty`, { field });
  if (bytes.length > maxBytes)
    throw new AppError(ErrorCode.LIMIT_EXCEEDED, `${field} is larger than ${maxBytes} bytes`, { field, maxBytes });
  return bytes;
}

/** A file given either as a path (already resolved inside the import root) or as base64 bytes. */
export async function readPathOrBase64(
  source: { path: string | null; base64: string | null },
  field: string,
  maxBytes: number,
): Promise<Uint8Array> {
  if ((source.path === null) === (source.base64 === null)) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `Give exactly one of ${field}Path and ${field}Base64`, { field });
  }
  if (source.base64 !== null) return fromBase64(source.base64, `${field}Base64`, maxBytes);
  // The path is absolute on the server by now: the message names the argument, not the path.
  return fs.readFile(source.path!).catch(() => {
    throw new AppError(ErrorCode.NOT_FOUND, `Cannot read the file given as ${field}Path`, { field: `${field}Path` });
  });
}
