/**
 * Energy distance between two sets of points and its permutation test, on one shared
 * (n + m) x (n + m) distance matrix. Pure: typed arrays in, numbers out; seeded (mulberry32).
 *
 * Definitions (V-statistics, every pair including i = j, as scipy.stats.energy_distance uses):
 *   E(S, P) = 2 mean d(S, P) - mean d(S, S) - mean d(P, P),
 * the means over all m n, m^2 and n^2 ordered pairs. With IDist summed over the primary,
 * mean d(S, P) = ODist / n. For 1-D samples scipy.stats.energy_distance(u, v) returns sqrt(E)
 * (its docstring: D = (2E|X-Y| - E|X-X'| - E|Y-Y'|)^(1/2) = sqrt(2) * (integral (F - G)^2)^(1/2)).
 */
import { mulberry32 } from '../math/random.js';

/** Full symmetric matrix of L2 distances between the rows of `points` (rows x dim), rows [from, to) only. */
export function distanceRowsInto(
  points: Float64Array,
  rows: number,
  dim: number,
  out: Float64Array,
  from: number,
  to: number,
): void {
  for (let i = from; i < to; i++) {
    const oi = i * dim;
    const row = i * rows;
    for (let j = 0; j < rows; j++) {
      const oj = j * dim;
      let sum = 0;
      for (let c = 0; c < dim; c++) {
        const diff = points[oi + c] - points[oj + c];
        sum += diff * diff;
      }
      out[row + j] = Math.sqrt(sum);
    }
  }
}

/** The (rows x rows) distance matrix of `points`, in this thread (tests, small sets). */
export function distanceMatrix(points: Float64Array, rows: number, dim: number): Float64Array {
  const out = new Float64Array(rows * rows);
  distanceRowsInto(points, rows, dim, out, 0, rows);
  return out;
}

/** Row sums of a square matrix and their total: what lets one group's sum give the others. */
export function rowSums(d: Float64Array, size: number): { sums: Float64Array; total: number } {
  const sums = new Float64Array(size);
  let total = 0;
  for (let i = 0; i < size; i++) {
    let s = 0;
    const row = i * size;
    for (let j = 0; j < size; j++) s += d[row + j];
    sums[i] = s;
    total += s;
  }
  return { sums, total };
}

/**
 * E for the split "members (ascending indices, size a) against the other size - a rows".
 * Only the within-members sum is gathered (a^2 / 2 reads); the rest follows from the row sums:
 * sum_A r_i = S_AA + S_AB and S_AA + 2 S_AB + S_BB = total.
 */
export function energyOfSplit(
  d: Float64Array,
  size: number,
  members: Int32Array,
  a: number,
  sums: Float64Array,
  total: number,
): number {
  let within = 0;
  let rowTotal = 0;
  for (let x = 0; x < a; x++) {
    const i = members[x];
    rowTotal += sums[i];
    const row = i * size;
    for (let y = x + 1; y < a; y++) within += d[row + members[y]];
  }
  const sAA = 2 * within;
  const sAB = rowTotal - sAA;
  const sBB = total - sAA - 2 * sAB;
  const b = size - a;
  return (2 * sAB) / (a * b) - sAA / (a * a) - sBB / (b * b);
}

/** C(n, k) as a float, or Infinity once it passes `cap` (enough to decide "at most R"). */
export function binomialCapped(n: number, k: number, cap: number): number {
  k = Math.min(k, n - k);
  let c = 1;
  for (let i = 1; i <= k; i++) {
    c = (c * (n - k + i)) / i;
    if (c > cap) return Infinity;
  }
  return Math.round(c);
}

/** Relative slack when comparing a permuted E with the observed one: sums in another order round differently. */
const TIE_SLACK = 1e-12;

/** The size of the smaller group: the one whose members are drawn (fewer reads per split). */
export const drawnGroupSize = (n: number, m: number) => Math.min(n, m);

/**
 * Counts random splits with E >= observed. Chunk `chunk` of a test draws its splits from
 * mulberry32(seed mixed with chunk), so the result does not depend on how chunks are spread
 * over threads.
 * @param a size of the drawn group; `count` splits are drawn.
 */
export function countRandomSplits(
  d: Float64Array,
  size: number,
  a: number,
  observed: number,
  seed: number,
  chunk: number,
  count: number,
  sums: Float64Array,
  total: number,
): number {
  const random = mulberry32((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(chunk + 1, 0x85ebca6b)) >>> 0);
  const pool = Int32Array.from({ length: size }, (_, i) => i);
  const chosen = new Uint8Array(size);
  const members = new Int32Array(a);
  const bar = observed - TIE_SLACK * Math.abs(observed);
  let hits = 0;
  for (let r = 0; r < count; r++) {
    // Partial Fisher-Yates: the first a entries of pool become a uniform a-subset.
    for (let x = 0; x < a; x++) {
      const y = x + Math.floor(random() * (size - x));
      const t = pool[x];
      pool[x] = pool[y];
      pool[y] = t;
    }
    for (let x = 0; x < a; x++) chosen[pool[x]] = 1;
    // Ascending members: the inner loop then reads each row forwards.
    let k = 0;
    for (let i = 0; i < size; i++) {
      if (chosen[i]) {
        members[k++] = i;
        chosen[i] = 0;
      }
    }
    if (energyOfSplit(d, size, members, a, sums, total) >= bar) hits++;
  }
  return hits;
}

/** Enumerates every a-subset of 0..size-1 (lexicographic); counts those with E >= observed. */
export function countAllSplits(
  d: Float64Array,
  size: number,
  a: number,
  observed: number,
  sums: Float64Array,
  total: number,
): { hits: number; splits: number } {
  const members = Int32Array.from({ length: a }, (_, i) => i);
  const bar = observed - TIE_SLACK * Math.abs(observed);
  let hits = 0;
  let splits = 0;
  for (;;) {
    splits++;
    if (energyOfSplit(d, size, members, a, sums, total) >= bar) hits++;
    let x = a - 1;
    while (x >= 0 && members[x] === size - a + x) x--;
    if (x < 0) break;
    members[x]++;
    for (let y = x + 1; y < a; y++) members[y] = members[y - 1] + 1;
  }
  return { hits, splits };
}

/** The answer of a permutation test. */
export interface PermutationResult {
  /** E of the observed split. */
  statistic: number;
  /** (b + 1) / (R + 1) for random splits (Phipson & Smyth); b / splits when every split was enumerated. */
  pValue: number;
  /** b: permuted splits with E >= the observed one. */
  exceedances: number;
  /** R: random splits drawn, or every distinct split when exact. */
  permutations: number;
  /** True when the number of distinct splits was at most R, so all were enumerated (the observed one included). */
  exact: boolean;
  seed: number;
}

/**
 * The permutation test of "S and P come from one distribution" by energy distance, in this
 * thread. Rows 0..n-1 of `d` are P, rows n..n+m-1 are S.
 * @param resamples R, the number of random splits; when C(n+m, n) <= R every split is enumerated.
 */
export function permutationTest(
  d: Float64Array,
  n: number,
  m: number,
  options: { resamples: number; seed: number; chunkSize?: number },
): PermutationResult {
  const size = n + m;
  const { sums, total } = rowSums(d, size);
  const plan = planPermutations(n, m, options.resamples, options.chunkSize);
  const statistic = energyOfSplit(d, size, observedMembers(n, m), plan.a, sums, total);
  if (plan.exact) {
    const all = countAllSplits(d, size, plan.a, statistic, sums, total);
    return exactResult(statistic, all.hits, all.splits, options.seed);
  }
  let hits = 0;
  for (const c of plan.chunks)
    hits += countRandomSplits(d, size, plan.a, statistic, options.seed, c.chunk, c.count, sums, total);
  return randomResult(statistic, hits, options.resamples, options.seed);
}

/** The observed drawn group: P (rows 0..n-1) when it is the smaller, else S (rows n..). */
export function observedMembers(n: number, m: number): Int32Array {
  return n <= m ? Int32Array.from({ length: n }, (_, i) => i) : Int32Array.from({ length: m }, (_, i) => n + i);
}

export const DEFAULT_PERMUTATION_CHUNK = 128;

/** How a test's work is cut: exact enumeration, or R random splits in fixed chunks. */
export function planPermutations(n: number, m: number, resamples: number, chunkSize = DEFAULT_PERMUTATION_CHUNK) {
  const a = drawnGroupSize(n, m);
  const splits = binomialCapped(n + m, a, resamples);
  const chunks: { chunk: number; count: number }[] = [];
  if (splits > resamples) {
    for (let start = 0, chunk = 0; start < resamples; start += chunkSize, chunk++)
      chunks.push({ chunk, count: Math.min(chunkSize, resamples - start) });
  }
  return { a, exact: splits <= resamples, splits, chunks };
}

export const exactResult = (statistic: number, hits: number, splits: number, seed: number): PermutationResult => ({
  statistic,
  pValue: hits / splits,
  exceedances: hits,
  permutations: splits,
  exact: true,
  seed,
});

export const randomResult = (statistic: number, hits: number, resamples: number, seed: number): PermutationResult => ({
  statistic,
  pValue: (hits + 1) / (resamples + 1),
  exceedances: hits,
  permutations: resamples,
  exact: false,
  seed,
});
