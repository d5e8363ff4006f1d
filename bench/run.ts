/**
 * `npm run bench`: every benchmark, each printing its figures against a baseline measured in the
 * same run (ml-pca's SVD, the naive threshold loop, a bare session.run loop, the text load path).
 * Needs the PostgreSQL server of the tests (BENCH_DATABASE_URL / TEST_DATABASE_URL).
 * BENCH_QUICK=1 shortens the slow baselines.
 */
import { runAnalyticsBench } from './analytics.bench.js';
import { runDistancesBench } from './distances.bench.js';
import { runDistanceJobsBench } from './distance-jobs.bench.js';
import { runExtractionBench } from './extraction.bench.js';
import { runMetricsBench } from './metrics.bench.js';
import { runPerformanceBench } from './performance.bench.js';
import { runSecurityBench } from './security.bench.js';
import { runStatisticsBench } from './statistics.bench.js';
import { runScaleBench } from './scale.bench.js';
import { runResponsivenessBench } from './responsiveness.bench.js';

const quick = process.env.BENCH_QUICK === '1';
const section = (title: string) => console.log(`\n=== ${title} ===`);

section('PCA and distances, pure (fitPca vs ml-pca on the same matrix)');
runAnalyticsBench({ mlPcaQs: [] }); // ml-pca runs once, in the odist benchmark below
section('odist through the service on the real PostgreSQL (cold, cached; ml-pca baseline)');
await runDistancesBench({ mlPcaQs: quick ? [1024] : [1024, 4096] });
section('Distances at scale: cold odist vs numpy, /health while it runs (BENCH_SCALE=large|full for the big cases)');
await runScaleBench();
section('Threshold counts and splits (histogram vs naive 100-threshold loop)');
runMetricsBench(quick ? { naiveMaps: 20 } : {});
section('Performance queries from stored counts on the real PostgreSQL (import, lazy counting, splits, curve)');
await runPerformanceBench({ pure: false, m: quick ? 100 : 500 });
section('Statistics: permutation test beside the ODist, split ODS bootstrap from counts');
await runStatisticsBench();
section('Extraction throughput (end to end vs bare session.run)');
await runExtractionBench();
section('Rate limiter overhead on a cached query (limiter on vs off, alternating rounds)');
await runSecurityBench(quick ? { rounds: 5, perRound: 20 } : {});
section('/health latency under hostile requests (bomb image, loop model, 500 aliases) vs idle');
await runResponsivenessBench(quick ? 2 : 3);
section('Distances at scale: estimates, the new-image path, distance jobs on 1 and 2 worker processes');
await runDistanceJobsBench(quick ? { jobN: 10_000 } : {});
