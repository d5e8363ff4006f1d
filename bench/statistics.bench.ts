/**
 * Statistics benchmark: the permutation test of energy distance at n = m = 500, R = 999 on the
 * analytics pool (2 threads), beside the time of the ODist itself (the m x n distances and their
 * sums) measured in the same run; and the bootstrap of a split's ODS from stored counts at
 * m = 500 (two parts of 250), 1000 resamples. Rounds alternate; medians are reported.
 * Targets: permutation test < 1 s on 2 cores; split bootstrap < 200 ms.
 * Run alone with `npx tsx bench/statistics.bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import { idist, odist } from '../src/math/dist.js';
import { pairwiseL2 } from '../src/math/distances.js';
import { mulberry32 } from '../src/math/random.js';
import { ods } from '../src/metrics/ods-ois.js';
import { sumCounts, THRESHOLD_COUNT, type ThresholdCounts } from '../src/metrics/threshold-counts.js';
import { permutationTest } from '../src/statistics/energy.js';
import { distanceMatrix } from '../src/statistics/energy.js';
import { packCounts, percentileInterval } from '../src/statistics/bootstrap.js';
import { energyTestOnPool, shared } from '../src/uncertainty/energy-runner.js';
import { createStatisticsPool } from '../src/uncertainty/statistics-pool.js';
import { createAnalyticsPool } from '../src/compute/analytics-pool.js';

export interface StatisticsBenchOptions {
  n?: number;
  m?: number;
  z?: number;
  permutations?: number;
  resamples?: number;
  rounds?: number;
  threads?: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function gaussianRows(seed: number, rows: number, dim: number, shift: number): Float64Array {
  const u = mulberry32(seed);
  return Float64Array.from(
    { length: rows * dim },
    () => shift + Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u()),
  );
}

/** Counts of a 448 x 448 image with about 10 % foreground and a prediction of random quality. */
function imageCounts(random: () => number): ThresholdCounts {
  const foreground = 20_000;
  const quality = random();
  const tp = new Float64Array(THRESHOLD_COUNT);
  const fp = new Float64Array(THRESHOLD_COUNT);
  const fn = new Float64Array(THRESHOLD_COUNT);
  for (let k = 0; k < THRESHOLD_COUNT; k++) {
    tp[k] = Math.round(foreground * Math.min(1, quality * 1.5 * (1 - k / 110)));
    fn[k] = foreground - tp[k]!;
    fp[k] = Math.round(30_000 * random() * (1 - k / 100) ** 2);
  }
  return { tp, fp, fn };
}

export async function runStatisticsBench(options: StatisticsBenchOptions = {}) {
  const { n = 500, m = 500, z = 25, permutations = 999, resamples = 1000, rounds = 5, threads = 2 } = options;
  const p = gaussianRows(1, n, z, 0);
  const s = gaussianRows(2, m, z, 0.05);
  const threadPool = createAnalyticsPool({ threads });
  const pool = createStatisticsPool(threadPool);
  const random = mulberry32(3);
  const partCounts = [0, 1].map(() => Array.from({ length: m / 2 }, () => imageCounts(random)));
  const parts = partCounts.map(packCounts);
  const pooled = new Float64Array((n + m) * z);
  pooled.set(p);
  pooled.set(s, n * z);
  // Baseline of the bootstrap: the direct way, each resample's counts summed with sumCounts and
  // scored with ods(), on NAIVE_RESAMPLES resamples of each part, scaled to `resamples`.
  const NAIVE_RESAMPLES = 100;
  const naiveBootstrap = () => {
    for (const list of partCounts) {
      const u = mulberry32(9);
      for (let r = 0; r < NAIVE_RESAMPLES; r++)
        ods(sumCounts(Array.from({ length: list.length }, () => list[Math.floor(u() * list.length)]!)));
    }
  };
  const oneThreadMs: number[] = [];
  const naiveMs: number[] = [];
  const odistMs: number[] = [];
  const testMs: number[] = [];
  const bootMs: number[] = [];
  let lastTest;
  let lastInterval;
  // Warm-up: the pool's threads start and load their code once.
  await energyTestOnPool(pool, p, n, s, m, z, { permutations: 10, seed: 0 });
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    const value = odist(idist(pairwiseL2(s, m, p, n, z), m, n, { reduce: 'sum' }));
    odistMs.push(performance.now() - t);
    if (!(value > 0)) throw new Error('ODist is not positive');
    t = performance.now();
    lastTest = await energyTestOnPool(pool, p, n, s, m, z, { permutations, seed: r });
    testMs.push(performance.now() - t);
    t = performance.now();
    // As the service runs them: one pool task per part (each part's odsInterval), in parallel.
    const reps = await Promise.all(
      parts.map((part) => pool.run({ kind: 'ods-bootstrap', packed: shared(part), images: m / 2, resamples, seed: r })),
    );
    lastInterval = percentileInterval(reps[1]!, 0.95, resamples, r);
    bootMs.push(performance.now() - t);
    // Baselines, alternating with the measured code: the same test in one thread, the naive bootstrap.
    t = performance.now();
    permutationTest(distanceMatrix(pooled, n + m, z), n, m, { resamples: permutations, seed: r });
    oneThreadMs.push(performance.now() - t);
    t = performance.now();
    naiveBootstrap();
    naiveMs.push(((performance.now() - t) * resamples) / NAIVE_RESAMPLES);
  }
  await threadPool.close();
  const result = {
    n,
    m,
    z,
    permutations,
    threads,
    odistMs: median(odistMs),
    permutationMs: median(testMs),
    ratioToOdist: median(testMs) / median(odistMs),
    pValue: lastTest!.pValue,
    oneThreadMs: median(oneThreadMs),
    splitBootstrapMs: median(bootMs),
    naiveBootstrapMs: median(naiveMs),
    resamples,
    interval: lastInterval!,
  };
  console.log(
    `permutation test, n = m = ${n}, z = ${z}, R = ${permutations}, ${threads} threads: ${result.permutationMs.toFixed(0)} ms ` +
      `(target < 1000 ms); the ODist itself: ${result.odistMs.toFixed(1)} ms; ratio ${result.ratioToOdist.toFixed(0)}x; ` +
      `p = ${result.pValue}; the same test in one thread: ${result.oneThreadMs.toFixed(0)} ms (pool speedup ${(result.oneThreadMs / result.permutationMs).toFixed(2)}x)`,
  );
  console.log(
    `bootstrap of a split ODS from stored counts, m = ${m} (2 parts of ${m / 2}, one pool task each), ${resamples} resamples: ` +
      `${result.splitBootstrapMs.toFixed(0)} ms (target < 200 ms); sumCounts + ods() per resample in one thread: ${result.naiveBootstrapMs.toFixed(0)} ms ` +
      `(${(result.naiveBootstrapMs / result.splitBootstrapMs).toFixed(1)}x); last interval [${result.interval.low.toFixed(4)}, ${result.interval.high.toFixed(4)}]`,
  );
  console.log(`medians over ${rounds} alternating rounds`);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runStatisticsBench();
