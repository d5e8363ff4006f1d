import zlib from 'node:zlib';
import { PNG_SIGNATURE, pngChunk } from '../../src/images/png.js';

/**
 * A decompression bomb: a size x size 8-bit grey PNG of zeros. 16000 x 16000 deflates to about
 * 250 KB and decodes to 256 MB (768 MB as RGB). Written by hand: encoding it through an image
 * library would decode-sized memory and seconds.
 */
export function bombPng(size = 16000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth; colour type 0 (grey), no interlace
  const rows = Buffer.alloc((size + 1) * size); // filter byte 0, then zeros, per row
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}
