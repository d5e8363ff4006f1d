/**
 * Analytics benchmark: the PCA fit and the full distance chain of method.md (Distances steps
 * 1-6) on a synthetic primary of n = 260 and secondary of m = 315 images, against ml-pca's SVD
 * on the same matrix. Run with `npx tsx bench/analytics.bench.ts`.
 * Targets: fitPca well under 0.3 s at q = 4096 and under 1 s at q = 16000 (2 cores).
 * ml-pca is slow on wide matrices (about 20 s at q = 4096), so it runs once per size and
 * not at all at 16000.
 */
import { PCA } from 'ml-pca';
import { pathToFileURL } from 'node:url';
import { pairDistances } from '../test/helpers/pair-distances.js';
import { pairwiseL2 } from '../src/math/distances.js';
import { fitPca } from '../src/math/pca.js';

export interface AnalyticsBenchOptions {
  /** Primary and secondary sizes (default 260 and 315, CrackTree260 plus a secondary). */
  n?: number;
  m?: number;
  /** Feature counts to time (default 1024, 4096, 16000). */
  qs?: number[];
  /** Feature counts on which ml-pca also runs (default 1024 and 4096; [] skips it). */
  mlPcaQs?: number[];
  /** Components kept (default 25, method.md's default). */
  z?: number;
  /** Timed repetitions of fitPca after the first (cold) call (default 5). */
  reps?: number;
}

export interface AnalyticsBenchRow {
  q: number;
  /** First fitPca call in the process for this q (includes JIT warm-up). */
  fitColdMs: number;
  /** Median and fastest of `reps` further fitPca calls (the fastest is the least disturbed
   * by other processes on a shared machine). */
  fitMs: number;
  fitMinMs: number;
  /** One pairDistances call: stack, fit, distances, IDist, ODist. */
  pairMs: number;
  /** ml-pca SVD fit of the same matrix, when run. */
  mlPcaMs?: number;
  /** mlPcaMs / fitMs. */
  speedup?: number;
  /** Largest |D_ours - D_ml-pca| / max D over the m x n distance matrix, when run. */
  maxRelDistanceDiff?: number;
  /** Resident set size after this row, MiB. */
  rssMiB: number;
}

export interface AnalyticsBenchResult {
  n: number;
  m: number;
  z: number;
  rows: AnalyticsBenchRow[];
  /** Peak resident set size of the whole process (getrusage maxrss), MiB. */
  peakRssMiB: number;
}

/** Row-major (n + m) x q embeddings with a decaying spectrum; the secondary is shifted. */
function syntheticEmbeddings(n: number, m: number, q: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
  const x = new Float32Array((n + m) * q);
  for (let r = 0; r < n + m; r++) {
    const shift = r < n ? 0 : 0.05;
    for (let c = 0; c < q; c++) x[r * q + c] = next() / (1 + c / 64) + shift + 0.3;
  }
  return x;
}

function ms(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

/** ml-pca's SVD fit and its m x n distance matrix, for timing and cross-checking. */
function runMlPca(x: Float32Array, n: number, m: number, q: number, z: number) {
  const matrix = Array.from({ length: n + m }, (_, r) => Array.from(x.subarray(r * q, (r + 1) * q)));
  let pca: PCA | undefined;
  const elapsed = ms(() => {
    pca = new PCA(matrix, { method: 'SVD', center: true, scale: false });
  });
  const scores = Float64Array.from(pca!.predict(matrix, { nComponents: z }).to1DArray());
  const distances = pairwiseL2(scores.subarray(n * z), m, scores.subarray(0, n * z), n, z);
  return { elapsed, distances };
}

function maxRelativeDiff(a: Float64Array, b: Float64Array): number {
  let scale = 0,
    diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
  }
  return diff / scale;
}

/** Runs the benchmark, prints a short report and returns the figures. */
export function runAnalyticsBench(options: AnalyticsBenchOptions = {}): AnalyticsBenchResult {
  const { n = 260, m = 315, qs = [1024, 4096, 16000], mlPcaQs = [1024, 4096], z = 25, reps = 5 } = options;
  const rows: AnalyticsBenchRow[] = [];
  console.log(`analytics bench: n = ${n}, m = ${m}, z = ${z}`);
  for (const q of qs) {
    const x = syntheticEmbeddings(n, m, q, q);
    const fitColdMs = ms(() => fitPca(x, n + m, q, z));
    const times = Array.from({ length: reps }, () => ms(() => fitPca(x, n + m, q, z))).sort((a, b) => a - b);
    const fitMs = times[Math.floor(times.length / 2)] ?? fitColdMs;
    const fitMinMs = times[0] ?? fitColdMs;
    const p = x.subarray(0, n * q);
    const s = x.subarray(n * q);
    let ours: Float64Array = new Float64Array(0);
    const pairMs = ms(() => {
      ours = pairDistances(p, n, s, m, q, z).distances;
    });
    const row: AnalyticsBenchRow = { q, fitColdMs, fitMs, fitMinMs, pairMs, rssMiB: mib(process.memoryUsage().rss) };
    let line =
      `q = ${q}: fitPca median ${fitMs.toFixed(0)} ms, fastest ${fitMinMs.toFixed(0)} ms,` +
      ` first call ${fitColdMs.toFixed(0)} ms; pairDistances ${pairMs.toFixed(0)} ms`;
    if (mlPcaQs.includes(q)) {
      const ml = runMlPca(x, n, m, q, z);
      row.mlPcaMs = ml.elapsed;
      row.speedup = ml.elapsed / fitMs;
      row.maxRelDistanceDiff = maxRelativeDiff(ours, ml.distances);
      row.rssMiB = mib(process.memoryUsage().rss);
      line +=
        `; ml-pca SVD ${ml.elapsed.toFixed(0)} ms (${row.speedup.toFixed(0)}x slower),` +
        ` max relative distance difference ${row.maxRelDistanceDiff.toExponential(1)}`;
    }
    console.log(`${line}; RSS ${row.rssMiB} MiB`);
    rows.push(row);
  }
  const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`peak RSS ${peakRssMiB} MiB`);
  return { n, m, z, rows, peakRssMiB };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runAnalyticsBench();
}
