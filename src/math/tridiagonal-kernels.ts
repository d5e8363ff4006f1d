/**
 * The two O(m^2) steps of each Householder step of eigen.ts's tridiagonal reduction, in
 * WebAssembly SIMD (two float64 lanes, no bounds checks): together they are the whole O(n^3) of
 * the exact eigen-decomposition, which for the paper's 575-image Gram is most of a cold fit at
 * q = 1024. Same arithmetic as the JavaScript loops of eigen.ts, summed in another order.
 *
 * The working matrix (n x n, row-major; the trailing block's lower triangle is read and
 * written) and the vectors v and p live in the kernels' memory: `workspace(n)` hands out views of
 * it, valid until the next call of `workspace`.
 */
import {
  BLOCK,
  BR_0,
  BR_IF_1,
  END,
  F64,
  F64_ADD,
  F64_MUL,
  F64_SUB,
  f64Load,
  f64Store,
  F64X2_ADD,
  F64X2_MUL,
  F64X2_SPLAT,
  F64X2_SUB,
  f64x2Lane,
  get,
  I32,
  I32_ADD,
  I32_AND,
  I32_GE_U,
  I32_MUL,
  I32_SHL,
  i32s,
  IF,
  LOOP,
  moduleOf,
  set,
  uleb,
  V128,
  V128_ZERO,
  v128Load,
  v128Store,
  vec,
} from './wasm-emit.js';

export interface TridiagonalKernels {
  /** Views of the kernels' memory: the n x n working matrix, then v and p (n each). */
  workspace(n: number): { w: Float64Array; v: Float64Array; p: Float64Array };
  /** p[0..m) = S22 v for the trailing m x m block at (s0, s0), from its lower triangle. */
  matVec(n: number, s0: number, m: number): void;
  /** S22 -= v p^T + p v^T on the lower triangle of the trailing block. */
  rank2(n: number, s0: number, m: number): void;
}

let compiled: WebAssembly.Module | null | undefined;

/** The kernels (one memory per caller of this function), or null without WebAssembly SIMD. */
export function tridiagonalKernels(): TridiagonalKernels | null {
  if (compiled === undefined) {
    const bytes = moduleBytes();
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  if (!compiled) return null;
  const memory = new WebAssembly.Memory({ initial: 1 });
  const exports = new WebAssembly.Instance(compiled, { env: { mem: memory } }).exports as Record<
    string,
    (w: number, n: number, s0: number, m: number, v: number, p: number) => void
  >;
  let n = 0;
  return {
    workspace(order) {
      n = order;
      const need = 8 * (n * n + 2 * n);
      if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
      return {
        w: new Float64Array(memory.buffer, 0, n * n),
        v: new Float64Array(memory.buffer, 8 * n * n, n),
        p: new Float64Array(memory.buffer, 8 * (n * n + n), n),
      };
    },
    matVec: (order, s0, m) => exports.matVec!(0, order, s0, m, 8 * n * n, 8 * (n * n + n)),
    rank2: (order, s0, m) => exports.rank2!(0, order, s0, m, 8 * n * n, 8 * (n * n + n)),
  };
}

// Parameters (i32): w, n, s0, m, v, p (byte addresses and counts); locals after them.
const [W, N, S0, M, VA, PA] = [0, 1, 2, 3, 4, 5];
const [I, ROW, JB, JEND] = [6, 7, 8, 9]; // i32
const [T, VI, PI, A] = [10, 11, 12, 13]; // v128
const S = 14; // f64
const LOCALS = vec([
  [...uleb(4), I32],
  [...uleb(4), V128],
  [...uleb(1), F64],
]);

/** for (i = 0; i < m; i++) { row = w + ((s0 + i) n + s0) 8; body } */
function rowLoop(body: number[][]): number[] {
  return [
    ...i32s(0),
    ...set(I),
    ...BLOCK,
    ...LOOP,
    ...get(I),
    ...get(M),
    ...I32_GE_U,
    ...BR_IF_1,
    ...get(W),
    ...get(S0),
    ...get(I),
    ...I32_ADD,
    ...get(N),
    ...I32_MUL,
    ...get(S0),
    ...I32_ADD,
    ...i32s(3),
    ...I32_SHL,
    ...I32_ADD,
    ...set(ROW),
    ...body.flat(),
    ...get(I),
    ...i32s(1),
    ...I32_ADD,
    ...set(I),
    ...BR_0,
    ...END,
    ...END,
  ];
}

/** for (jb = 0; jb < jend; jb += 16) body  (jb: byte offset of a pair of columns) */
function pairLoop(body: number[][]): number[] {
  return [
    ...i32s(0),
    ...set(JB),
    ...BLOCK,
    ...LOOP,
    ...get(JB),
    ...get(JEND),
    ...I32_GE_U,
    ...BR_IF_1,
    ...body.flat(),
    ...get(JB),
    ...i32s(16),
    ...I32_ADD,
    ...set(JB),
    ...BR_0,
    ...END,
    ...END,
  ];
}

const at = (base: number, offset: number) => [...get(base), ...get(offset), ...I32_ADD];
/** The byte offset of element i: i << 3. */
const iBytes = [...get(I), ...i32s(3), ...I32_SHL];
const atI = (base: number) => [...get(base), ...iBytes, ...I32_ADD];

/**
 * matVec, as eigen.ts's symmetricLowerMatVec (p zeroed by the caller): for each row i of the
 * trailing block, t = sum_{j<i} a_ij v_j and p_j += a_ij v_i over its lower part, then
 * p_i += t + a_ii v_i.
 */
function matVecBody(): number[] {
  const code = rowLoop([
    [...atI(VA), ...f64Load(0), ...F64X2_SPLAT, ...set(VI)],
    [...V128_ZERO, ...set(T)],
    // jend = (i & ~1) * 8: the pairs of columns below i
    [...get(I), ...i32s(-2), ...I32_AND, ...i32s(3), ...I32_SHL, ...set(JEND)],
    pairLoop([
      [...at(ROW, JB), ...v128Load(0), ...set(A)],
      [...get(T), ...get(A), ...at(VA, JB), ...v128Load(0), ...F64X2_MUL, ...F64X2_ADD, ...set(T)],
      [
        ...at(PA, JB),
        ...at(PA, JB),
        ...v128Load(0),
        ...get(A),
        ...get(VI),
        ...F64X2_MUL,
        ...F64X2_ADD,
        ...v128Store(0),
      ],
    ]),
    [...get(T), ...f64x2Lane(0), ...get(T), ...f64x2Lane(1), ...F64_ADD, ...set(S)],
    // an odd i leaves column i - 1 (at byte jend) alone
    [
      ...get(I),
      ...i32s(1),
      ...I32_AND,
      ...IF,
      ...get(S),
      ...at(ROW, JEND),
      ...f64Load(0),
      ...at(VA, JEND),
      ...f64Load(0),
      ...F64_MUL,
      ...F64_ADD,
      ...set(S),
      ...at(PA, JEND),
      ...at(PA, JEND),
      ...f64Load(0),
      ...at(ROW, JEND),
      ...f64Load(0),
      ...atI(VA),
      ...f64Load(0),
      ...F64_MUL,
      ...F64_ADD,
      ...f64Store(0),
      ...END,
    ],
    // p_i += t + a_ii v_i
    [
      ...atI(PA),
      ...atI(PA),
      ...f64Load(0),
      ...get(S),
      ...atI(ROW),
      ...f64Load(0),
      ...atI(VA),
      ...f64Load(0),
      ...F64_MUL,
      ...F64_ADD,
      ...F64_ADD,
      ...f64Store(0),
    ],
  ]);
  return [...LOCALS, ...code];
}

/** rank2, as eigen.ts's symmetricLowerRank2: a_ij -= v_i p_j + p_i v_j for j <= i. */
function rank2Body(): number[] {
  const code = rowLoop([
    [...atI(VA), ...f64Load(0), ...F64X2_SPLAT, ...set(VI)],
    [...atI(PA), ...f64Load(0), ...F64X2_SPLAT, ...set(PI)],
    // jend = ((i + 1) & ~1) * 8: the pairs of columns 0..i
    [...get(I), ...i32s(1), ...I32_ADD, ...i32s(-2), ...I32_AND, ...i32s(3), ...I32_SHL, ...set(JEND)],
    pairLoop([
      [
        ...at(ROW, JB),
        ...at(ROW, JB),
        ...v128Load(0),
        ...get(VI),
        ...at(PA, JB),
        ...v128Load(0),
        ...F64X2_MUL,
        ...get(PI),
        ...at(VA, JB),
        ...v128Load(0),
        ...F64X2_MUL,
        ...F64X2_ADD,
        ...F64X2_SUB,
        ...v128Store(0),
      ],
    ]),
    // an even i leaves the diagonal (column i, at byte jend) alone
    [
      ...get(I),
      ...i32s(1),
      ...I32_AND,
      ...i32s(0),
      ...[0x46], // i32.eq
      ...IF,
      ...at(ROW, JEND),
      ...at(ROW, JEND),
      ...f64Load(0),
      ...atI(VA),
      ...f64Load(0),
      ...at(PA, JEND),
      ...f64Load(0),
      ...F64_MUL,
      ...atI(PA),
      ...f64Load(0),
      ...at(VA, JEND),
      ...f64Load(0),
      ...F64_MUL,
      ...F64_ADD,
      ...F64_SUB,
      ...f64Store(0),
      ...END,
    ],
  ]);
  return [...LOCALS, ...code];
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  return moduleOf([
    { name: 'matVec', params: 6, body: matVecBody() },
    { name: 'rank2', params: 6, body: rank2Body() },
  ]);
}
