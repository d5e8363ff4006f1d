/**
 * The benchmarks' numpy reference for a cold odist: the same float32 rows as the server's, in
 * float64, centred, the top-z PCA by a full eigh (of the Gram or the covariance, whichever is
 * smaller), then IDist and the ODist(P, P) baseline by scipy's cdist in row blocks.
 *
 * It runs in one Python process started before anything else: spawning it per round would fork the
 * benchmark each time, and after a fork every page the benchmark writes faults once more
 * (copy-on-write), which charged the server for the benchmark's own forks. Its seconds exclude
 * reading the file. numpy runs as installed here (OPENBLAS_CORETYPE is set, which slows it), or
 * on one BLAS thread with `oneThread`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const SCRIPT = `
import numpy as np, json, sys, time
try:
    from scipy.spatial.distance import cdist
except ImportError:
    def cdist(a, b):
        return np.sqrt(np.maximum(((a[:, None, :] - b[None, :, :]) ** 2).sum(-1), 0))
for line in sys.stdin:
    file, out, rows, q, n, z = line.split()
    rows, q, n, z = int(rows), int(q), int(n), int(z)
    x = np.fromfile(file, dtype=np.float32).reshape(rows, q).astype(np.float64)
    t0 = time.perf_counter()
    a = x - x.mean(axis=0)
    if q >= rows:
        w, u = np.linalg.eigh(a @ a.T)
        order = np.argsort(w)[::-1][:z]
        y = u[:, order] * np.sqrt(np.maximum(w[order], 0))
    else:
        w, v = np.linalg.eigh(a.T @ a)
        order = np.argsort(w)[::-1][:z]
        y = a @ v[:, order]
    p, s = y[:n], y[n:]
    block = max(1, int(2e7 // (n * 8)))
    idist = np.concatenate([cdist(s[i:i + block], p).sum(axis=1) for i in range(0, len(s), block)])
    base = sum(cdist(p[i:i + block], p).sum() for i in range(0, len(p), block)) / n
    seconds = time.perf_counter() - t0
    np.save(out, idist)
    print(json.dumps({'seconds': seconds, 'odist': float(idist.mean()), 'baseline': float(base)}), flush=True)
`;

export interface NumpyOdist {
  seconds: number;
  odist: number;
  baseline: number;
  /** IDist of each secondary row. */
  idist: Float64Array;
}

/** One persistent numpy process; `run` sends it the rows (primary first) and waits for its answer. */
export function startNumpyOdist(options: { oneThread?: boolean } = {}) {
  const env = options.oneThread ? { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' } : {};
  const python = spawn('python3', ['-c', SCRIPT], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const answers = readline.createInterface({ input: python.stdout })[Symbol.asyncIterator]();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'numpy-odist-'));
  const file = path.join(dir, 'x.f32');
  const out = path.join(dir, 'i.npy');
  /** The rows now in `file`: rounds on the same case write them once. */
  let written: Float32Array | null = null;
  return {
    async run(x: Float32Array, rows: number, q: number, n: number, z: number): Promise<NumpyOdist> {
      if (x !== written) {
        fs.writeFileSync(file, Buffer.from(x.buffer, x.byteOffset, x.byteLength));
        written = x;
      }
      python.stdin.write(`${file} ${out} ${rows} ${q} ${n} ${z}\n`);
      const { value, done } = await answers.next();
      if (done) throw new Error('numpy stopped');
      const answer = JSON.parse(value as string) as { seconds: number; odist: number; baseline: number };
      const npy = fs.readFileSync(out);
      const body = npy.subarray(10 + npy.readUInt16LE(8));
      const idist = new Float64Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
      return { ...answer, idist };
    },
    close() {
      python.stdin.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** rows x q float32, coordinate c ~ U(-0.5, 0.5) / (1 + c / 64) + shift: a slowly decaying spectrum. */
export function syntheticMatrix(rows: number, q: number, seed: number, shift: number): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(rows * q);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < q; c++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      out[r * q + c] = (s / 4294967296 - 0.5) / (1 + c / 64) + shift + 0.3;
    }
  return out;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
