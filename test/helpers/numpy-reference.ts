import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Whether python3 with numpy runs here (tests that need it skip with a message otherwise). */
export const HAS_NUMPY = (() => {
  try {
    execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export const NUMPY_MISSING = 'skipped: python3 with numpy is not installed (the float64 reference)';

/** numpy's answer for one stacked fit: IDist of the secondary rows, ODist, ODist(P, P), singular values. */
export interface NumpyDistances {
  idist: Float64Array;
  odist: number;
  baseline: number;
  singularValues: Float64Array;
  zUsed: number;
}

/**
 * method.md Distances 1-6 in numpy, float64 throughout: centre X = [P; S] (rows 0..n-1 = P),
 * full thin SVD (np.linalg.svd), scores U_z S_z, then IDist by cdist row sums, chunked, and ODist,
 * plus ODist(P, P) under the same fit. z is clamped to the rank, with the tolerance of src/math/pca.ts's
 * rankTolerance (sigma^2 > sigma_max^2 * max(shape) * 2^-52), so both sides clamp alike.
 */
export function numpyDistances(
  data: Float32Array | Float64Array,
  rows: number,
  cols: number,
  n: number,
  z: number,
): NumpyDistances {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'numpy-ref-'));
  try {
    const input = path.join(dir, 'x.bin');
    fs.writeFileSync(input, Buffer.from(Float64Array.from(data).buffer));
    const script = `
import numpy as np, json, sys
x = np.fromfile(sys.argv[1], dtype=np.float64).reshape(${rows}, ${cols})
a = x - x.mean(axis=0)
u, s, vt = np.linalg.svd(a, full_matrices=False)
rank = int((s * s > s[0] * s[0] * max(a.shape) * 2.0 ** -52).sum())
k = min(${z}, rank)
y = u[:, :k] * s[:k]
p, q = y[:${n}], y[${n}:]
def rowsums(b, c):
    out = np.empty(len(b))
    for i in range(0, len(b), 256):
        d = b[i:i+256, None, :] - c[None, :, :]
        out[i:i+256] = np.sqrt((d * d).sum(axis=2)).sum(axis=1)
    return out
idist = rowsums(q, p)
base = rowsums(p, p).mean()
np.save(sys.argv[2], idist)
json.dump({'odist': float(idist.mean()), 'baseline': float(base), 's': s[:k + 5].tolist(), 'k': k}, open(sys.argv[3], 'w'))
`;
    execFileSync('python3', ['-c', script, input, path.join(dir, 'idist.npy'), path.join(dir, 'out.json')], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const out = JSON.parse(fs.readFileSync(path.join(dir, 'out.json'), 'utf8'));
    const npy = fs.readFileSync(path.join(dir, 'idist.npy'));
    const headerLength = npy.readUInt16LE(8);
    const body = npy.subarray(10 + headerLength);
    const idist = new Float64Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
    return { idist, odist: out.odist, baseline: out.baseline, singularValues: Float64Array.from(out.s), zUsed: out.k };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Rows x cols with singular values sigma_i = i^-alpha (i = 1..rank), random orthonormal-ish factors, offset mean. */
export function decayingSpectrum(
  rows: number,
  cols: number,
  options: {
    alpha: number;
    rank?: number;
    noise?: number;
    seed: number;
    /** sigma_i = sigma_flatFrom for every i >= flatFrom (a cluster of equal singular values). */
    flatFrom?: number;
    /** Exactly orthonormal factors (coordinate axes and Gram-Schmidt columns), so equal sigmas stay equal. */
    orthogonal?: boolean;
  },
): Float32Array {
  let s = options.seed >>> 0 || 1;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const rank = Math.min(options.rank ?? Math.min(rows, cols, 200), rows, cols);
  const x = new Float64Array(rows * cols);
  const v = new Float64Array(cols);
  const u = new Float64Array(rows);
  const us: Float64Array[] = [];
  for (let i = 0; i < rank; i++) {
    const sigma =
      options.flatFrom !== undefined && i >= options.flatFrom
        ? (options.flatFrom + 1) ** -options.alpha
        : (i + 1) ** -options.alpha;
    for (let c = 0; c < cols; c++) v[c] = options.orthogonal ? (c === i ? 1 : 0) : normal() / Math.sqrt(cols);
    for (let r = 0; r < rows; r++) u[r] = normal() / Math.sqrt(rows);
    if (options.orthogonal) {
      for (let pass = 0; pass < 2; pass++)
        for (const q of us) {
          let d = 0;
          for (let r = 0; r < rows; r++) d += q[r]! * u[r]!;
          for (let r = 0; r < rows; r++) u[r] -= d * q[r]!;
        }
      const norm = Math.hypot(...u);
      for (let r = 0; r < rows; r++) u[r] /= norm;
      us.push(Float64Array.from(u));
    }
    const w = sigma * (options.orthogonal ? 1 : Math.sqrt(rows));
    for (let r = 0; r < rows; r++) {
      const ur = u[r]! * w;
      for (let c = 0; c < cols; c++) x[r * cols + c] += ur * v[c]!;
    }
  }
  const out = new Float32Array(rows * cols);
  for (let c = 0; c < cols; c++) v[c] = 3 * next();
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) out[r * cols + c] = x[r * cols + c]! + v[c]! + (options.noise ?? 0) * normal();
  return out;
}
