/**
 * The dense matrix product that the top-z PCA (top-pca.ts) is written against. Matrices are
 * flat, row-major float64. The product is injected so this folder stays pure: the analytics
 * threads pass ONNX Runtime's MatMul (MLAS; src/compute/ort-gemm.ts), tests may pass `jsGemm`.
 */

/**
 * C = op(A) op(B), op = transpose when the flag is set; op(A) is m x k, op(B) is k x n.
 * `a` is stored m x k (or k x m with transA), `b` k x n (or n x k with transB). Returns m x n.
 */
export type Gemm = (
  a: Float64Array,
  b: Float64Array,
  m: number,
  k: number,
  n: number,
  transA?: boolean,
  transB?: boolean,
) => Promise<Float64Array>;

/** A plain float64 triple loop (i, p, j order): the reference, and the fallback without ONNX Runtime. */
export const jsGemm: Gemm = async (a, b, m, k, n, transA = false, transB = false) => {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let p = 0; p < k; p++) {
      const aip = transA ? a[p * m + i] : a[i * k + p];
      if (aip === 0) continue;
      if (transB) for (let j = 0; j < n; j++) c[ci + j] += aip * b[j * k + p];
      else {
        const bp = p * n;
        for (let j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
      }
    }
  }
  return c;
};
