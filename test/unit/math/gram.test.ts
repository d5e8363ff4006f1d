import { describe, expect, it } from 'vitest';
import { centredCovariance, centredGram } from '../../../src/math/gram.js';
import { createGramKernel } from '../../../src/math/gram-kernel.js';
import { expectClose, flat32, flat64, randomRows, transpose, type Rows } from './reference.js';

/** Plain dot products of the centred rows of x. */
function bruteCentredGram(x: Rows): number[] {
  const mean = x[0].map((_, c) => x.reduce((s, row) => s + row[c], 0) / x.length);
  const a = x.map((row) => row.map((v, c) => v - mean[c]));
  return a.flatMap((ri) => a.map((rj) => ri.reduce((s, v, c) => s + v * rj[c], 0)));
}

function columnMeans(x: Rows): Float64Array {
  return Float64Array.from(x[0], (_, c) => x.reduce((s, row) => s + row[c], 0) / x.length);
}

// Odd counts (padding groups) and lengths around the 512-wide panel and the 4-wide step.
const SHAPES = [
  [1, 1],
  [2, 3],
  [3, 5],
  [7, 1030],
  [12, 512],
  [5, 513],
];

describe('gram', () => {
  describe('centredGram', () => {
    it('equals the dot products of centred rows for awkward sizes', () => {
      for (const [rows, cols] of SHAPES) {
        const x = randomRows(rows, cols, rows * 1000 + cols).map((row) => row.map((v) => v + 3));
        const g = centredGram(flat64(x), rows, cols, columnMeans(x));
        expectClose(g, bruteCentredGram(x), 1e-13, `${rows} x ${cols}`);
      }
    });

    it('gives bit-identical results from the WebAssembly and JavaScript kernels', () => {
      const x = flat32(randomRows(23, 1100, 7));
      const mean = new Float64Array(1100).fill(0.01);
      expect(Array.from(centredGram(x, 23, 1100, mean, 'wasm-simd'))).toEqual(
        Array.from(centredGram(x, 23, 1100, mean, 'js')),
      );
    });

    it('is exactly symmetric', () => {
      const g = centredGram(flat32(randomRows(9, 40, 8)), 9, 40, null);
      for (let i = 0; i < 9; i++) for (let j = 0; j < 9; j++) expect(g[i * 9 + j]).toBe(g[j * 9 + i]);
    });
  });

  describe('centredCovariance', () => {
    it('equals the dot products of centred columns for awkward sizes', () => {
      for (const [cols, rows] of SHAPES) {
        const x = randomRows(rows, cols, rows * 1000 + cols + 1).map((row) => row.map((v) => v - 2));
        const mean = columnMeans(x);
        const centredColumns = transpose(x.map((row) => row.map((v, c) => v - mean[c])));
        const expected = centredColumns.flatMap((ci) =>
          centredColumns.map((cj) => ci.reduce((s, v, r) => s + v * cj[r], 0)),
        );
        expectClose(centredCovariance(flat64(x), rows, cols, mean), expected, 1e-13, `${rows} x ${cols}`);
      }
    });

    it('gives bit-identical results from the WebAssembly and JavaScript kernels', () => {
      const x = flat32(randomRows(600, 9, 9));
      const mean = new Float64Array(9).fill(-0.02);
      expect(Array.from(centredCovariance(x, 600, 9, mean, 'wasm-simd'))).toEqual(
        Array.from(centredCovariance(x, 600, 9, mean, 'js')),
      );
    });
  });

  describe('createGramKernel', () => {
    it('uses the SIMD kernel on this runtime unless asked for the scalar one', () => {
      expect(createGramKernel(1, 2).kind).toBe('wasm-simd');
      expect(createGramKernel(1, 2, 'js').kind).toBe('js');
    });
  });
});
