/**
 * The per-block kernel of IDist (method.md Distances 4-5): for a block of secondary rows and a
 * block of primary rows (both in the fit's PCA coordinates), the partial row sums
 * `out[j] = sum_k || s_j - p_k ||_2`. IDist of a secondary image is the sum of its partial sums
 * over every primary block, so the work splits freely into (secondary block x primary block)
 * pieces: across the analytics threads here, across worker processes for distance jobs.
 *
 * Pure function of its inputs; distances come from direct differences in float64 (never
 * |a|^2 + |b|^2 - 2 a.b, which cancels for nearby points), summed in primary-row order.
 *
 * The hot loop is WebAssembly SIMD generated for the dimension (the coordinates unrolled, two
 * secondary rows per pass sharing each primary row's loads, two square roots per instruction):
 * 2.5e9 pairs at z = 25 is the n = m = 50,000 case, out of reach of a scalar V8 loop in a request's
 * time. `pairRowSumsJs` is the same arithmetic in plain JavaScript (the tests compare both).
 */
import { assertInteger, assertMatrix, type NumericArray } from './validate.js';

/** Partial row sums of D(S, P) for s (m x dim) and p (n x dim), row-major: length m. */
export function pairRowSums(s: NumericArray, m: number, p: NumericArray, n: number, dim: number): Float64Array {
  assertInteger(dim, 'dim', 1);
  assertMatrix(s, m, dim, 's');
  assertMatrix(p, n, dim, 'p');
  if (m === 0 || n === 0) return new Float64Array(m);
  const kernel = wasmKernel(dim);
  return kernel ? kernel(s, m, p, n, false) : pairRowSumsJs(s, m, p, n, dim);
}

/**
 * `pairRowSums` against one fixed primary block for a sweep of secondary blocks: the primary is
 * checked and packed once (by the first call), so a block costs only its own rows.
 * The returned function must not be interleaved with other `pairRowSums` calls of the same `dim`
 * in this thread (they share the kernel's memory); `p` must not change during the sweep.
 */
export function pairRowSumsAgainst(
  p: NumericArray,
  n: number,
  dim: number,
): (s: NumericArray, m: number) => Float64Array {
  assertInteger(dim, 'dim', 1);
  assertMatrix(p, n, dim, 'p');
  const kernel = n > 0 ? wasmKernel(dim) : null;
  let packed = false;
  return (s, m) => {
    assertMatrix(s, m, dim, 's');
    if (m === 0 || n === 0) return new Float64Array(m);
    if (!kernel) return pairRowSumsJs(s, m, p, n, dim);
    const out = kernel(s, m, p, n, packed);
    packed = true;
    return out;
  };
}

/** Scalar reference of `pairRowSums` (and its fallback without WebAssembly SIMD). */
export function pairRowSumsJs(s: NumericArray, m: number, p: NumericArray, n: number, dim: number): Float64Array {
  const out = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let acc = 0;
    const sj = j * dim;
    for (let k = 0; k < n; k++) {
      const pk = k * dim;
      let sum = 0;
      for (let c = 0; c < dim; c++) {
        const d = s[sj + c] - p[pk + c];
        sum += d * d;
      }
      acc += Math.sqrt(sum);
    }
    out[j] = acc;
  }
  return out;
}

/**
 * The sum of all distances between rows of one set (n x dim) and itself, visiting each
 * unordered pair once: the numerator of ODist(P, P), half the work of `pairRowSums(p, p)`.
 * Blocks of `blockRows` rows; `check` runs between blocks (cancellation).
 */
export function selfDistanceTotal(p: NumericArray, n: number, dim: number, blockRows = 1024, check = () => {}): number {
  let total = 0;
  for (let i0 = 0; i0 < n; i0 += blockRows) {
    const i1 = Math.min(n, i0 + blockRows);
    const bi = p.subarray(i0 * dim, i1 * dim);
    check();
    total += sum(pairRowSums(bi, i1 - i0, bi, i1 - i0, dim));
    if (i1 < n) total += 2 * sum(pairRowSums(bi, i1 - i0, p.subarray(i1 * dim), n - i1, dim));
  }
  return total;
}

function sum(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s;
}

type Kernel = (s: NumericArray, m: number, p: NumericArray, n: number, samePrimary: boolean) => Float64Array;

const kernels = new Map<number, Kernel | null>();

/** The compiled kernel for one dimension, or null where WebAssembly SIMD is unavailable. */
function wasmKernel(dim: number): Kernel | null {
  if (!kernels.has(dim)) kernels.set(dim, compileKernel(dim));
  return kernels.get(dim)!;
}

function compileKernel(dim: number): Kernel | null {
  const padded = dim + (dim & 1);
  const bytes = moduleBytes(padded);
  if (typeof WebAssembly !== 'object' || !WebAssembly.validate(bytes)) return null;
  const module = new WebAssembly.Module(bytes);
  const memory = new WebAssembly.Memory({ initial: 16 });
  const instance = new WebAssembly.Instance(module, { env: { mem: memory } });
  const run = instance.exports.sums as (s: number, sEnd: number, p: number, pEnd: number, out: number) => void;
  // The primary block sits first in the memory; `samePrimary` keeps it there from the previous call
  // (a sweep of secondary blocks against one primary block packs it once).
  return (s, m, p, n, samePrimary) => {
    const mEven = m + (m & 1);
    const pBytes = n * padded * 8;
    const sBytes = mEven * padded * 8;
    const need = pBytes + sBytes + mEven * 8;
    if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
    const heap = new Float64Array(memory.buffer);
    const sAt = pBytes / 8;
    const outAt = (pBytes + sBytes) / 8;
    if (!samePrimary) pack(heap, 0, p, n, dim, padded);
    pack(heap, sAt, s, m, dim, padded);
    if (m & 1) heap.fill(0, sAt + m * padded, sAt + mEven * padded); // a zero row, its sum ignored
    run(pBytes, pBytes + sBytes, 0, pBytes, pBytes + sBytes);
    return heap.slice(outAt, outAt + m);
  };
}

/** rows x dim into rows x padded at `at` (the padding coordinate is 0 in both sets, adding 0). */
function pack(heap: Float64Array, at: number, x: NumericArray, rows: number, dim: number, padded: number): void {
  if (padded === dim && x instanceof Float64Array) {
    heap.set(x.subarray(0, rows * dim), at);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const o = at + r * padded;
    for (let c = 0; c < dim; c++) heap[o + c] = x[r * dim + c];
    if (padded > dim) heap[o + dim] = 0;
  }
}

// ---- WebAssembly emitter for `sums(s, sEnd, p, pEnd, out)` (byte addresses), in pseudo-code:
//   for (sp = s; sp < sEnd; sp += 2 * row, out += 16):
//     acc = (0, 0)
//     for (pp = p; pp < pEnd; pp += row):
//       t0 = sum_c (s0[c] - p[c])^2, t1 = sum_c (s1[c] - p[c])^2     (f64x2 lanes over c pairs)
//       acc += sqrt((t0.lo + t0.hi, t1.lo + t1.hi))
//     out[0..1] = acc

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const I32 = 0x7f,
  V128 = 0x7b;
const get = (i: number) => [0x20, ...uleb(i)],
  set = (i: number) => [0x21, ...uleb(i)];
const I32_ADD = [0x6a],
  I32_LT_U = [0x49],
  BR_IF_0 = [0x0d, 0],
  END = [0x0b],
  LOOP = [0x03, 0x40];
const simd = (op: number) => [0xfd, ...uleb(op)];
const v128Load = (offset: number) => [...simd(0), 4, ...uleb(offset)];
const v128Store = (offset: number) => [...simd(11), 4, ...uleb(offset)];
const V128_ZERO = [...simd(12), ...new Array<number>(16).fill(0)];
const F64X2_ADD = simd(240),
  F64X2_SUB = simd(241),
  F64X2_MUL = simd(242),
  F64X2_SQRT = simd(239);
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
const shuffle = (lanes: number[]) => [...simd(13), ...lanes];
const LOW_LANES = shuffle([...range(0, 8), ...range(16, 24)]);
const HIGH_LANES = shuffle([...range(8, 16), ...range(24, 32)]);

/** Signed LEB128 for i32.const (addresses below 2^31). */
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
};
const i32s = (n: number) => [0x41, ...sleb(n)];

function moduleBytes(padded: number): Uint8Array<ArrayBuffer> {
  const rowBytes = padded * 8;
  const [S, SEND, P, PEND, OUT] = [0, 1, 2, 3, 4];
  const PP = 5; // i32 local
  const [ACC, T0, T1, PV, D] = [6, 7, 8, 9, 10]; // v128 locals
  const code: number[][] = [];
  const emit = (...parts: number[][]) => code.push(...parts);
  emit(LOOP); // over secondary row pairs
  emit(V128_ZERO, set(ACC));
  emit(get(P), set(PP));
  emit(LOOP); // over primary rows
  for (let c = 0; c < padded / 2; c++) {
    emit(get(PP), v128Load(16 * c), set(PV));
    for (const [row, t] of [
      [0, T0],
      [1, T1],
    ] as const) {
      emit(get(S), v128Load(row * rowBytes + 16 * c), get(PV), F64X2_SUB, set(D));
      if (c === 0) emit(get(D), get(D), F64X2_MUL, set(t));
      else emit(get(t), get(D), get(D), F64X2_MUL, F64X2_ADD, set(t));
    }
  }
  emit(get(T0), get(T1), LOW_LANES, get(T0), get(T1), HIGH_LANES, F64X2_ADD, F64X2_SQRT);
  emit(get(ACC), F64X2_ADD, set(ACC));
  emit(get(PP), i32s(rowBytes), I32_ADD, set(PP));
  emit(get(PP), get(PEND), I32_LT_U, BR_IF_0, END);
  emit(get(OUT), get(ACC), v128Store(0));
  emit(get(OUT), i32s(16), I32_ADD, set(OUT));
  emit(get(S), i32s(2 * rowBytes), I32_ADD, set(S));
  emit(get(S), get(SEND), I32_LT_U, BR_IF_0, END);
  const body = [
    ...vec([
      [...uleb(1), I32],
      [...uleb(5), V128],
    ]),
    ...code.flat(),
    ...END,
  ];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32], [I32], [I32]]), 0]])),
    ...section(2, vec([[...name('env'), ...name('mem'), 0x02, 0x00, 0x01]])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...name('sums'), 0x00, 0]])),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ]);
}
