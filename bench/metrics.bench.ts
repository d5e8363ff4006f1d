/**
 * Metrics benchmark: histogram counting against the naive 100-pass loop, and scoring splits
 * from stored counts. Run with `npx tsx bench/metrics.bench.ts`.
 * Targets: countThresholds >= 10x faster than countThresholdsNaive; summariseSplits < 50 ms at m = 500.
 */
import { pathToFileURL } from 'node:url';
import { fScoreCurve, summariseSplits } from '../src/metrics/relate.js';
import { countThresholds, type ThresholdCounts } from '../src/metrics/threshold-counts.js';
import { countThresholdsNaive } from '../test/helpers/threshold-counts-naive.js';
import { mulberry32 } from '../src/math/random.js';

export interface MetricsBenchOptions {
  /** Number of random maps (default 500). */
  maps?: number;
  /** Side of each square map (default 448, the model input size). */
  size?: number;
  /** Fraction of mask pixels that are foreground (default 0.1). */
  foreground?: number;
  seed?: number;
  /** Maps the naive loop is timed on (default all); fewer makes a quick run, the speedup is per map. */
  naiveMaps?: number;
}

export interface MetricsBenchResult {
  maps: number;
  pixelsPerMap: number;
  countMs: number;
  naiveMs: number;
  naiveMaps: number;
  /** Naive ms per map / fast ms per map. */
  speedup: number;
  /** Mean time of one summariseSplits call (k = 2 and k = 3 averaged) over all maps. */
  splitsMs: number;
  /** Mean time of one fScoreCurve call over all maps. */
  curveMs: number;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

/** Mean milliseconds per call over `reps` calls, after one warm-up call. */
function meanMs(fn: () => unknown, reps: number): number {
  fn();
  return (
    time(() => {
      for (let r = 0; r < reps; r++) fn();
    }).ms / reps
  );
}

/** Runs the benchmark, prints a short report and returns the figures. */
export function runMetricsBench(options: MetricsBenchOptions = {}): MetricsBenchResult {
  const { maps = 500, size = 448, foreground = 0.1, seed = 1 } = options;
  const naiveMaps = Math.min(maps, options.naiveMaps ?? maps);
  const random = mulberry32(seed);
  const pixels = size * size;
  const preds: Uint8Array[] = [];
  const masks: Uint8Array[] = [];
  for (let j = 0; j < maps; j++) {
    const pred = new Uint8Array(pixels);
    const mask = new Uint8Array(pixels);
    for (let i = 0; i < pixels; i++) {
      pred[i] = (random() * 256) | 0;
      mask[i] = random() < foreground ? 255 : 0;
    }
    preds.push(pred);
    masks.push(mask);
  }

  const fast = time(() => preds.map((p, j) => countThresholds(p, masks[j])));
  const naive = time(() => preds.slice(0, naiveMaps).map((p, j) => countThresholdsNaive(p, masks[j])));
  // Guard against benchmarking two different computations.
  const same = naive.value.every((n, j) =>
    fast.value[j].tp.every((v, k) => v === n.tp[k] && fast.value[j].fp[k] === n.fp[k]),
  );
  if (!same) throw new Error('countThresholds and countThresholdsNaive disagree');

  const perImage: ThresholdCounts[] = fast.value;
  const idist = Float64Array.from({ length: maps }, () => 1000 + random() * 500);
  let min = Infinity;
  let max = -Infinity;
  for (const d of idist) {
    min = Math.min(min, d);
    max = Math.max(max, d);
  }
  const scaled = idist.map((d) => (d - min) / (max - min));
  const splitsMs =
    (meanMs(() => summariseSplits(idist, scaled, perImage, 2), 20) +
      meanMs(() => summariseSplits(idist, scaled, perImage, 3), 20)) /
    2;
  const curveMs = meanMs(() => fScoreCurve(idist, scaled, perImage, 50), 20);

  const result: MetricsBenchResult = {
    maps,
    pixelsPerMap: pixels,
    countMs: fast.ms,
    naiveMs: naive.ms,
    naiveMaps,
    speedup: naive.ms / naiveMaps / (fast.ms / maps),
    splitsMs,
    curveMs,
  };
  console.log(`metrics bench: ${maps} maps of ${size}x${size}, ${(foreground * 100).toFixed(0)} % foreground`);
  console.log(`  countThresholds       ${fast.ms.toFixed(0)} ms (${(fast.ms / maps).toFixed(2)} ms/map)`);
  console.log(
    `  countThresholdsNaive  ${naive.ms.toFixed(0)} ms over ${naiveMaps} maps (${(naive.ms / naiveMaps).toFixed(2)} ms/map)`,
  );
  console.log(`  speedup               ${result.speedup.toFixed(1)}x per map (target >= 10x)`);
  console.log(`  summariseSplits       ${splitsMs.toFixed(2)} ms per call, m = ${maps} (target < 50 ms)`);
  console.log(`  fScoreCurve           ${curveMs.toFixed(2)} ms per call, m = ${maps}`);
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runMetricsBench();
