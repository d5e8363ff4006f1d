import type { ThresholdCounts } from '../../../src/metrics/threshold-counts.js';
import { bruteForceOds } from './performance-fixtures.js';

/**
 * Brute-force recomputations of splits and curves (method.md "Relating distance to performance")
 * from stored counts and the IDist of the distance query, written out without src/metrics.
 */

export interface IdistRow {
  imageId: number;
  idist: number;
  scaled: number;
  counts: ThresholdCounts;
}

const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
const std = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

/** @param rows ascending IDist (the idist query with order: ASC). */
export function bruteForceSplits(rows: IdistRow[], k: number) {
  const m = rows.length;
  return Array.from({ length: k }, (_, i) => {
    const from = Math.floor((i * m) / k);
    const to = Math.floor(((i + 1) * m) / k);
    const part = rows.slice(from, to);
    return {
      from,
      to,
      imageIds: part.map((r) => r.imageId),
      ods: bruteForceOds(part.map((r) => r.counts)),
      scaledMean: mean(part.map((r) => r.scaled)),
      scaledStd: std(part.map((r) => r.scaled)),
      idistMean: mean(part.map((r) => r.idist)),
      idistStd: std(part.map((r) => r.idist)),
    };
  });
}

/** Per-image F at threshold index k (P = 1 when TP = FP = 0; F = 0 when P + R = 0); undefined without foreground. */
export function perImageF(c: ThresholdCounts, k: number): number | undefined {
  const [tp, fp, fn] = [c.tp[k]!, c.fp[k]!, c.fn[k]!];
  if (tp + fn === 0) return undefined;
  const p = tp + fp === 0 ? 1 : tp / (tp + fp);
  const r = tp / (tp + fn);
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

function ranks(xs: number[]): number[] {
  return xs.map((x) => {
    const below = xs.filter((y) => y < x).length;
    const equal = xs.filter((y) => y === x).length;
    return below + (equal + 1) / 2;
  });
}

function pearson(x: number[], y: number[]): number | null {
  const [mx, my] = [mean(x), mean(y)];
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/** @param rows ascending IDist. */
export function bruteForceCurve(rows: IdistRow[]) {
  const best = bruteForceOds(rows.map((r) => r.counts))!;
  const k = Math.round(best.threshold * 100);
  const kept = rows.flatMap((r) => {
    const f = perImageF(r.counts, k);
    return f === undefined ? [] : [{ imageId: r.imageId, idist: r.idist, scaled: r.scaled, f }];
  });
  const window = Math.max(1, Math.round(kept.length / 10));
  const back = Math.floor(window / 2);
  const points = kept.map((p, i) => {
    const slice = kept.slice(Math.max(0, i - back), Math.min(kept.length, i - back + window));
    return { ...p, smoothed: mean(slice.map((s) => s.f)) };
  });
  return {
    threshold: best.threshold,
    window,
    points,
    spearman: pearson(ranks(kept.map((p) => p.idist)), ranks(kept.map((p) => p.f))),
  };
}
