/**
 * pgvector's text form. Float32 values print as the shortest decimal that reads back as the same
 * float32 (pgvector parses with strtof), so the round trip is exact.
 */
export function toVectorLiteral(v: Float32Array | Float64Array | number[]): string {
  let s = '[';
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (!Number.isFinite(x)) throw new RangeError(`vector element ${i} is ${x}`);
    s += (i ? ',' : '') + Math.fround(x);
  }
  return s + ']';
}
