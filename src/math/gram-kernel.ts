import {
  BR_IF_0,
  END,
  F64_ADD,
  F64X2_ADD,
  F64X2_MUL,
  f64Load,
  f64Store,
  f64x2Lane,
  get,
  I32,
  I32_ADD,
  I32_LT_U,
  I32_MUL,
  i32s,
  LOOP,
  moduleOf,
  set,
  tee,
  uleb,
  V128,
  V128_ZERO,
  v128Load,
  vec,
} from './wasm-emit.js';
/**
 * The inner kernel of the Gram matrix G = A A^T (see `gram.ts`; method.md Distances step 3),
 * in two interchangeable forms:
 * WebAssembly SIMD (two float64 lanes per instruction; about 3 times the speed of the best
 * scalar V8 loop on the 575 x 4096 case) and a plain JavaScript loop used where SIMD or the
 * memory is unavailable. Both read the same packed panel and add the same terms in the same
 * order, so they give bit-identical results (the tests check this).
 *
 * Panel layout (float64): rows are taken in pairs ("groups"); for group g and column pair t
 * the four values `[a(2g,2t), a(2g,2t+1), a(2g+1,2t), a(2g+1,2t+1)]` are contiguous at
 * `(g * pairs + t) * 4`, so one pointer per group walks the panel linearly. `pairs` is even
 * (the kernel takes two column pairs per step). Each entry of G is accumulated as two partial
 * sums, even columns and odd columns (the two SIMD lanes), added at the end of the panel.
 * The Gram buffer is (2 * groups) x (2 * groups), row-major; only 2 x 2 blocks with
 * group(j) >= group(i) are accumulated (the upper block triangle).
 * A 2 x 2 block with two steps per iteration measured fastest of the 1x1..5x5 block shapes
 * tried (V8 keeps all accumulators in registers and the loop overhead is halved).
 */

/** Rows per group of the packed layout. */
export const GROUP_ROWS = 2;

/** Working memory and the accumulate step of one Gram computation. */
export interface GramKernel {
  /** Packed panel, room for `groups * maxPairs * 4` values. */
  readonly panel: Float64Array;
  /** Accumulated Gram, `(2 * groups)^2` values, upper block triangle filled. */
  readonly gram: Float64Array;
  /** Adds the panel's contribution (its first `pairs` column pairs; even) to `gram`. */
  accumulate(groups: number, pairs: number): void;
}

/** Which implementation `createGramKernel` returned. */
export type GramKernelKind = 'wasm-simd' | 'js';

/**
 * Creates a kernel with room for `groups` row groups and `maxPairs` (even) column pairs, its
 * Gram buffer zeroed. `prefer: 'js'` forces the scalar form.
 */
export function createGramKernel(
  groups: number,
  maxPairs: number,
  prefer: GramKernelKind = 'wasm-simd',
): GramKernel & { kind: GramKernelKind } {
  const panelLength = groups * maxPairs * 4;
  const gramLength = 4 * groups * groups;
  const module = prefer === 'wasm-simd' ? compiledModule() : null;
  const memory = module ? wasmMemory((panelLength + gramLength) * 8) : null;
  if (module && memory) {
    const instance = new WebAssembly.Instance(module, { env: { mem: memory } });
    const run = instance.exports.gram as (pan: number, groups: number, pairs: number, g: number) => void;
    const panel = new Float64Array(memory.buffer, 0, panelLength);
    const gram = new Float64Array(memory.buffer, panelLength * 8, gramLength);
    return { kind: 'wasm-simd', panel, gram, accumulate: (g, p) => run(0, g, p, panelLength * 8) };
  }
  const panel = new Float64Array(panelLength);
  const gram = new Float64Array(gramLength);
  return { kind: 'js', panel, gram, accumulate: (g, p) => accumulateJs(panel, gram, g, p) };
}

/** Scalar form of the kernel: the WebAssembly arithmetic, lane by lane. */
function accumulateJs(pan: Float64Array, g: Float64Array, groups: number, pairs: number): void {
  const stride = pairs * 4;
  const rp = 2 * groups;
  for (let gi = 0; gi < groups; gi++) {
    for (let gj = gi; gj < groups; gj++) {
      let p = gi * stride;
      let q = gj * stride;
      const end = p + stride;
      // s = even-column lane, t = odd-column lane.
      let s00 = 0,
        s01 = 0,
        s10 = 0,
        s11 = 0,
        t00 = 0,
        t01 = 0,
        t10 = 0,
        t11 = 0;
      for (; p < end; p += 4, q += 4) {
        const a0 = pan[p],
          a1 = pan[p + 2],
          b0 = pan[q],
          b1 = pan[q + 2];
        s00 += a0 * b0;
        s01 += a0 * b1;
        s10 += a1 * b0;
        s11 += a1 * b1;
        const c0 = pan[p + 1],
          c1 = pan[p + 3],
          d0 = pan[q + 1],
          d1 = pan[q + 3];
        t00 += c0 * d0;
        t01 += c0 * d1;
        t10 += c1 * d0;
        t11 += c1 * d1;
      }
      // (g + even) + odd: the association of the WebAssembly write-back.
      const o0 = 2 * gi * rp + 2 * gj,
        o1 = o0 + rp;
      g[o0] = g[o0] + s00 + t00;
      g[o0 + 1] = g[o0 + 1] + s01 + t01;
      g[o1] = g[o1] + s10 + t10;
      g[o1 + 1] = g[o1 + 1] + s11 + t11;
    }
  }
}

/**
 * A fresh memory per computation, so the (possibly large) buffer is collected afterwards;
 * null when the runtime refuses the size (the scalar kernel then runs in ordinary arrays).
 */
function wasmMemory(bytes: number): WebAssembly.Memory | null {
  try {
    return new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  } catch {
    return null;
  }
}

let cachedModule: WebAssembly.Module | null | undefined;

/** Compiles the SIMD module once; null where the runtime lacks WebAssembly SIMD. */
function compiledModule(): WebAssembly.Module | null {
  if (cachedModule === undefined) {
    const bytes = gramModuleBytes();
    cachedModule =
      typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  return cachedModule;
}

// ---- A minimal WebAssembly emitter for the one exported function, written out by hand so
// the project needs no toolchain. In pseudo-code, with p and q the two group pointers:
//   for gi in 0..groups: for gj in gi..groups:
//     s[a][b] = (0, 0)   (f64x2, a, b in {0, 1})
//     do { for u in {0, 1}: s[a][b] += load(p + 32u + 16a) * load(q + 32u + 16b)
//          p += 64; q += 64 } while (p < end)
//     G[2gi + a][2gj + b] = G[..] + lane0(s[a][b]) + lane1(s[a][b])

function gramModuleBytes(): Uint8Array<ArrayBuffer> {
  // Params 0..3: pan, groups, pairs, g. i32 locals 4..11; v128 locals: a 12..13, b 14..15, s 16..19.
  const [PAN, GROUPS, PAIRS, G] = [0, 1, 2, 3];
  const [GI, GJ, P, Q, ENDP, STRIDE, ROW, ROWBYTES] = [4, 5, 6, 7, 8, 9, 10, 11];
  const A = 12,
    B = 14,
    S = 16;
  const code: number[][] = [];
  const emit = (...parts: number[][]) => code.push(...parts);
  emit(get(PAIRS), i32s(32), I32_MUL, set(STRIDE)); // bytes per group
  emit(get(GROUPS), i32s(16), I32_MUL, set(ROWBYTES)); // bytes per Gram row = 2 groups * 8
  emit(i32s(0), set(GI), LOOP);
  emit(get(GI), set(GJ), LOOP);
  emit(get(PAN), get(GI), get(STRIDE), I32_MUL, I32_ADD, tee(P), get(STRIDE), I32_ADD, set(ENDP));
  emit(get(PAN), get(GJ), get(STRIDE), I32_MUL, I32_ADD, set(Q));
  for (let s = 0; s < 4; s++) emit(V128_ZERO, set(S + s));
  emit(LOOP);
  for (let u = 0; u < 2; u++) {
    for (let a = 0; a < 2; a++) emit(get(P), v128Load(32 * u + 16 * a), set(A + a));
    for (let b = 0; b < 2; b++) emit(get(Q), v128Load(32 * u + 16 * b), set(B + b));
    for (let a = 0; a < 2; a++) {
      for (let b = 0; b < 2; b++)
        emit(get(S + 2 * a + b), get(A + a), get(B + b), F64X2_MUL, F64X2_ADD, set(S + 2 * a + b));
    }
  }
  emit(get(Q), i32s(64), I32_ADD, set(Q));
  emit(get(P), i32s(64), I32_ADD, tee(P), get(ENDP), I32_LT_U, BR_IF_0, END);
  // ROW = g + (2 gi * rp + 2 gj) * 8, with rp * 8 = ROWBYTES.
  emit(
    get(G),
    get(GI),
    get(ROWBYTES),
    I32_MUL,
    i32s(2),
    I32_MUL,
    I32_ADD,
    get(GJ),
    i32s(16),
    I32_MUL,
    I32_ADD,
    set(ROW),
  );
  for (let a = 0; a < 2; a++) {
    for (let b = 0; b < 2; b++) {
      const s = S + 2 * a + b;
      emit(
        get(ROW),
        get(ROW),
        f64Load(8 * b),
        get(s),
        f64x2Lane(0),
        F64_ADD,
        get(s),
        f64x2Lane(1),
        F64_ADD,
        f64Store(8 * b),
      );
    }
    emit(get(ROW), get(ROWBYTES), I32_ADD, set(ROW));
  }
  emit(get(GJ), i32s(1), I32_ADD, tee(GJ), get(GROUPS), I32_LT_U, BR_IF_0, END);
  emit(get(GI), i32s(1), I32_ADD, tee(GI), get(GROUPS), I32_LT_U, BR_IF_0, END);
  const body = [
    ...vec([
      [...uleb(8), I32],
      [...uleb(8), V128],
    ]),
    ...code.flat(),
  ];
  return moduleOf([{ name: 'gram', params: 4, body }]);
}
