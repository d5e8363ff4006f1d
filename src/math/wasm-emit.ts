/**
 * A minimal WebAssembly emitter for the hand-written SIMD kernels of this folder (pair-sums.ts,
 * tridiagonal-kernels.ts): opcodes as byte lists, and a module of functions over one imported
 * memory (`env.mem`) whose parameters are all i32 (byte addresses and counts).
 */

export const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};
/** Signed LEB128 for i32.const (addresses below 2^31). */
export const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
};
export const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

export const I32 = 0x7f,
  F64 = 0x7c,
  V128 = 0x7b;
export const get = (i: number) => [0x20, ...uleb(i)],
  set = (i: number) => [0x21, ...uleb(i)],
  tee = (i: number) => [0x22, ...uleb(i)];
export const i32s = (n: number) => [0x41, ...sleb(n)];
export const I32_ADD = [0x6a],
  I32_MUL = [0x6c],
  I32_AND = [0x71],
  I32_SHL = [0x74],
  I32_LT_U = [0x49],
  I32_GE_U = [0x4f];
export const F64_ADD = [0xa0],
  F64_SUB = [0xa1],
  F64_MUL = [0xa2];
export const f64Load = (offset: number) => [0x2b, 3, ...uleb(offset)];
export const f64Store = (offset: number) => [0x39, 3, ...uleb(offset)];
export const BR_IF_0 = [0x0d, 0],
  BR_IF_1 = [0x0d, 1],
  BR_0 = [0x0c, 0],
  END = [0x0b],
  LOOP = [0x03, 0x40],
  BLOCK = [0x02, 0x40],
  IF = [0x04, 0x40];
const simd = (op: number) => [0xfd, ...uleb(op)];
export const v128Load = (offset: number) => [...simd(0), 4, ...uleb(offset)];
export const v128Store = (offset: number) => [...simd(11), 4, ...uleb(offset)];
export const V128_ZERO = [...simd(12), ...new Array<number>(16).fill(0)];
export const F64X2_SPLAT = simd(20);
export const f64x2Lane = (lane: number) => [...simd(33), lane];
export const F64X2_ADD = simd(240),
  F64X2_SUB = simd(241),
  F64X2_MUL = simd(242),
  F64X2_SQRT = simd(239);
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
const shuffle = (lanes: number[]) => [...simd(13), ...lanes];
export const LOW_LANES = shuffle([...range(0, 8), ...range(16, 24)]);
export const HIGH_LANES = shuffle([...range(8, 16), ...range(24, 32)]);

/** One exported function: `params` i32 parameters, no result; `body` = its locals' vector and code, without the final END. */
export interface EmittedFunction {
  name: string;
  params: number;
  body: number[];
}

/** A module importing `env.mem` (one page at least) and exporting the functions. */
export function moduleOf(functions: EmittedFunction[]): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vec(Array.from({ length: f.params }, () => [I32])), 0]);
  const bodies = functions.map((f) => {
    const body = [...f.body, ...END];
    return [...uleb(body.length), ...body];
  });
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec(types)),
    ...section(2, vec([[...name('env'), ...name('mem'), 0x02, 0x00, 0x01]])),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(bodies)),
  ]);
}
