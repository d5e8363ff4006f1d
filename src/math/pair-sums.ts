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
import {
  BR_IF_0,
  END,
  F64X2_ADD,
  F64X2_MUL,
  F64X2_SQRT,
  F64X2_SUB,
  get,
  HIGH_LANES,
  I32,
  I32_ADD,
  I32_LT_U,
  i32s,
  LOOP,
  LOW_LANES,
  moduleOf,
  set,
  uleb,
  V128,
  V128_ZERO,
  v128Load,
  v128Store,
  vec,
} from './wasm-emit.js';

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
  ];
  return moduleOf([{ name: 'sums', params: 5, body }]);
}
