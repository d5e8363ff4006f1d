/**
 * Monotone (non-increasing) regression by pool-adjacent-violators, and its use to predict
 * per-image F from distance with a conformal interval. Pure; seeded fold assignment.
 */
import { mulberry32 } from '../math/random.js';
import { conformalQuantile } from './conformal.js';

/** A fitted non-increasing step function: knots x ascending, fitted values y non-increasing. */
export interface IsotonicFit {
  x: Float64Array;
  y: Float64Array;
}

/**
 * Least-squares non-increasing fit of y on x (weights 1). Equal x values are pooled first, as
 * scikit-learn's IsotonicRegression does, so the fit is a function of x.
 */
export function isotonicDecreasing(x: ArrayLike<number>, y: ArrayLike<number>): IsotonicFit {
  const n = x.length;
  if (n !== y.length) throw new RangeError(`Expected x and y of one length but received ${n} and ${y.length}`);
  if (n === 0) throw new RangeError('Expected at least one point to fit');
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  // Blocks: (x, sum of y, weight). Ties in x start pooled.
  const bx: number[] = [];
  const bs: number[] = [];
  const bw: number[] = [];
  for (const i of order) {
    if (bx.length && bx[bx.length - 1] === x[i]) {
      bs[bs.length - 1] += y[i];
      bw[bw.length - 1]++;
    } else {
      bx.push(x[i]);
      bs.push(y[i]);
      bw.push(1);
    }
  }
  // PAV on the unique-x blocks: merge while a block's mean exceeds its predecessor's (must not increase).
  const start: number[] = [];
  const sum: number[] = [];
  const weight: number[] = [];
  for (let b = 0; b < bx.length; b++) {
    start.push(b);
    sum.push(bs[b]!);
    weight.push(bw[b]!);
    while (sum.length > 1) {
      const t = sum.length - 1;
      if (sum[t]! / weight[t]! <= sum[t - 1]! / weight[t - 1]!) break;
      sum[t - 1] += sum[t]!;
      weight[t - 1] += weight[t]!;
      sum.pop();
      weight.pop();
      start.pop();
    }
  }
  const fitted = new Float64Array(bx.length);
  for (let p = 0; p < start.length; p++) {
    const end = p + 1 < start.length ? start[p + 1]! : bx.length;
    for (let b = start[p]!; b < end; b++) fitted[b] = sum[p]! / weight[p]!;
  }
  return { x: Float64Array.from(bx), y: fitted };
}

/** The fit at x: linear between knots, constant beyond the ends (scikit-learn's out_of_bounds="clip"). */
export function predictIsotonic(fit: IsotonicFit, x: number): number {
  const { x: kx, y: ky } = fit;
  const last = kx.length - 1;
  if (x <= kx[0]!) return ky[0]!;
  if (x >= kx[last]!) return ky[last]!;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (kx[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const t = (x - kx[lo]!) / (kx[hi]! - kx[lo]!);
  return ky[lo]! + t * (ky[hi]! - ky[lo]!);
}

/** A monotone predictor of F with the half-width of its conformal interval. */
export interface ConformalPredictor {
  fit: IsotonicFit;
  /** Half-width q of the interval [f - q, f + q] (clipped to [0, 1]); Infinity when too few points. */
  halfWidth: number;
  level: number;
  /** Cross-validation residuals |y - f^(-fold)(x)|, one per training point. */
  residuals: Float64Array;
  folds: number;
  seed: number;
}

/**
 * Fits F ~ x (non-increasing) on all points, and calibrates the interval by K-fold
 * cross-validation: each point's residual comes from the fit without its fold, and the half-width
 * is the conformal quantile of those residuals (the ceil(level (N + 1))-th smallest).
 * @param folds K, at least 2 (at most the number of points); fold of each point drawn with `seed`.
 */
export function conformalPredictor(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: { level: number; folds: number; seed: number },
): ConformalPredictor {
  const n = x.length;
  const folds = Math.max(2, Math.min(options.folds, n));
  const random = mulberry32(options.seed);
  // A seeded shuffle dealt round-robin: folds differ in size by at most one.
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const foldOf = new Int32Array(n);
  order.forEach((i, r) => (foldOf[i] = r % folds));
  const residuals = new Float64Array(n);
  for (let f = 0; f < folds; f++) {
    const train = order.filter((i) => foldOf[i] !== f);
    if (train.length === 0) continue;
    const fit = isotonicDecreasing(
      train.map((i) => x[i]),
      train.map((i) => y[i]),
    );
    for (let i = 0; i < n; i++) if (foldOf[i] === f) residuals[i] = Math.abs(y[i] - predictIsotonic(fit, x[i]));
  }
  return {
    fit: isotonicDecreasing(x, y),
    halfWidth: conformalQuantile(residuals, options.level),
    level: options.level,
    residuals,
    folds,
    seed: options.seed,
  };
}

/** A prediction in [0, 1] with its interval, both clipped to [0, 1]. */
export function predictWithInterval(p: ConformalPredictor, x: number): { value: number; low: number; high: number } {
  const value = Math.min(1, Math.max(0, predictIsotonic(p.fit, x)));
  return { value, low: Math.max(0, value - p.halfWidth), high: Math.min(1, value + p.halfWidth) };
}
