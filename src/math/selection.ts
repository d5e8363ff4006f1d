import { mulberry32 } from './random.js';
import { assertInteger, assertVector } from './validate.js';

/**
 * Which images to label (method.md "Which images to label", paper 4.3): the indices j with
 * lo <= scaledIdist[j] <= hi (default [0.6, 1]), ascending.
 * @param scaledIdist min-max scaled IDist of one secondary, entry j = image j.
 */
export function labelCandidates(scaledIdist: Float64Array, lo = 0.6, hi = 1): Int32Array {
  assertVector(scaledIdist, 'scaledIdist');
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) {
    throw new RangeError(`Expected finite lo <= hi but received [${lo}, ${hi}]`);
  }
  const out: number[] = [];
  for (let j = 0; j < scaledIdist.length; j++) {
    if (scaledIdist[j] >= lo && scaledIdist[j] <= hi) out.push(j);
  }
  return Int32Array.from(out);
}

/**
 * k candidates chosen uniformly at random without replacement (the paper's choice), in the
 * order drawn: a partial Fisher-Yates shuffle driven by mulberry32(seed), so a seed always
 * gives the same picks. Returns min(k, candidates.length) indices.
 */
export function pickRandom(candidates: Int32Array, k: number, seed: number): Int32Array {
  assertCandidates(candidates, k);
  assertInteger(seed, 'seed', -(2 ** 31));
  const pool = Int32Array.from(candidates);
  const count = Math.min(k, pool.length);
  const random = mulberry32(seed);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, count);
}

/**
 * The k candidates with the largest IDist, largest first; ties go to the lower index.
 * @param idist IDist of the whole secondary, indexed by image (candidates index into it).
 */
export function pickFarthest(candidates: Int32Array, idist: Float64Array, k: number): Int32Array {
  assertCandidates(candidates, k, idist.length);
  assertVector(idist, 'idist');
  const sorted = Int32Array.from(candidates).sort((a, b) => idist[b] - idist[a] || a - b);
  return sorted.slice(0, Math.min(k, sorted.length));
}

/**
 * k candidates spread over the feature space (greedy k-center, a 2-approximation of the
 * optimal spread): first the candidate with the largest IDist, then repeatedly the candidate
 * whose distance to its nearest chosen one is largest (ties: larger IDist, then lower index).
 * Useful when the far images cluster, so the labels are not spent on near-duplicates.
 *
 * @param points coordinates of every image of the secondary, rows x dim, row-major
 *   (e.g. its PCA scores S_L); candidates index its rows.
 * @returns min(k, candidates.length) indices in the order chosen.
 */
export function pickDiverse(
  candidates: Int32Array,
  points: Float64Array,
  dim: number,
  k: number,
  idist: Float64Array,
): Int32Array {
  assertInteger(dim, 'dim', 1);
  assertVector(points, 'points');
  assertVector(idist, 'idist');
  if (points.length !== idist.length * dim) {
    throw new RangeError(`Expected points to hold ${idist.length} x ${dim} values but received ${points.length}`);
  }
  assertCandidates(candidates, k, idist.length);
  const count = Math.min(k, candidates.length);
  if (count === 0) return new Int32Array(0);
  const chosen: number[] = [];
  const nearest = new Float64Array(candidates.length).fill(Infinity);
  const taken = new Uint8Array(candidates.length);
  // Positions within `candidates`; the first pick is the farthest by IDist.
  let next = candidates.indexOf(pickFarthest(candidates, idist, 1)[0]);
  for (let step = 0; step < count; step++) {
    chosen.push(candidates[next]);
    taken[next] = 1;
    let best = -1;
    for (let c = 0; c < candidates.length; c++) {
      if (taken[c]) continue;
      nearest[c] = Math.min(nearest[c], squaredDistance(points, dim, candidates[c], candidates[next]));
      if (best < 0 || beats(candidates[c], nearest[c], candidates[best], nearest[best], idist)) best = c;
    }
    next = best;
  }
  return Int32Array.from(chosen);
}

/** Whether candidate a (at squared distance da) ranks above b in pickDiverse. */
function beats(a: number, da: number, b: number, db: number, idist: Float64Array): boolean {
  if (da !== db) return da > db;
  if (idist[a] !== idist[b]) return idist[a] > idist[b];
  return a < b;
}

function squaredDistance(points: Float64Array, dim: number, a: number, b: number): number {
  let sum = 0;
  for (let c = 0; c < dim; c++) {
    const diff = points[a * dim + c] - points[b * dim + c];
    sum += diff * diff;
  }
  return sum;
}

/**
 * Indices of the k smallest ('asc') or largest ('desc') values, in that order; ties go to the
 * lower index. Returns min(k, values.length) indices. (Nearest/farthest images by IDist.)
 */
export function topK(values: Float64Array, k: number, order: 'asc' | 'desc'): Int32Array {
  assertVector(values, 'values');
  assertInteger(k, 'k');
  if (order !== 'asc' && order !== 'desc')
    throw new RangeError(`Expected order 'asc' or 'desc' but received ${String(order)}`);
  const sign = order === 'asc' ? 1 : -1;
  const index = Int32Array.from(values.keys()).sort((a, b) => sign * (values[a] - values[b]) || a - b);
  return index.slice(0, Math.min(k, values.length));
}

/** Candidates must be distinct in-range indices (< size when given); k a non-negative integer. */
function assertCandidates(candidates: Int32Array, k: number, size?: number): void {
  if (!(candidates instanceof Int32Array)) throw new TypeError('Expected candidates to be an Int32Array');
  assertInteger(k, 'k');
  const seen = new Set<number>();
  for (const c of candidates) {
    if (c < 0 || (size !== undefined && c >= size)) throw new RangeError(`Candidate index ${c} is out of range`);
    if (seen.has(c)) throw new RangeError(`Candidate index ${c} appears twice`);
    seen.add(c);
  }
}
