/**
 * Signed feature hashing (a count sketch): a fixed random linear map from q to `dim`
 * dimensions in which each input coordinate adds +-x_i to one output coordinate. It preserves
 * squared distances in expectation (Weinberger et al., 2009) and, unlike a dense
 * Johnson-Lindenstrauss matrix (16000 x 1024 floats = 64 MB), needs no stored state: bucket
 * and sign come from a hash of the coordinate index, so every process computes the same map.
 *
 * Used only to find candidates in an HNSW index for models above HNSW's 2000-dimension limit;
 * the candidates are then re-ranked by exact distance, so no answer carries a sketched distance.
 */

/** Output dimension; matches `embedding_sketches.sketch vector(1024)` (migrations/0003). */
export const SKETCH_DIMENSION = 1024;
const SEED = 0x9e3779b9;

/** murmur3's 32-bit finaliser: a cheap, well-mixed hash of an integer. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const plans = new Map<string, { bucket: Uint16Array; sign: Float32Array }>();

/** Bucket and sign of each input coordinate, computed once per (q, dim). */
function plan(q: number, dim: number) {
  const key = `${q}:${dim}`;
  let p = plans.get(key);
  if (!p) {
    const bucket = new Uint16Array(q);
    const sign = new Float32Array(q);
    for (let i = 0; i < q; i++) {
      const h = mix32((i + 1) ^ SEED);
      bucket[i] = (h >>> 1) % dim;
      sign[i] = h & 1 ? 1 : -1;
    }
    p = { bucket, sign };
    plans.set(key, p);
  }
  return p;
}

/**
 * The sketch of one vector.
 * @param v length q (any q >= 1), not modified.
 * @returns a new Float32Array of length `dim`.
 */
export function sketchVector(v: ArrayLike<number>, dim = SKETCH_DIMENSION): Float32Array {
  const { bucket, sign } = plan(v.length, dim);
  const acc = new Float64Array(dim);
  for (let i = 0; i < v.length; i++) acc[bucket[i]] += sign[i] * v[i];
  return Float32Array.from(acc);
}
