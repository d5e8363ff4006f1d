/**
 * Distances at scale: a cold `odist` end to end (load through the real PostgreSQL store, top-z
 * PCA, store the fit, IDist and ODist(P, P) sums) on synthetic float32 embeddings with a slowly
 * decaying spectrum (coordinate c has spread 1 / (1 + c / 64)), against numpy doing the same
 * result in float64 in the same run: Gram or covariance (the smaller), eigh, scores, cdist row
 * sums for IDist and ODist(P, P). Printed per case: cold odist time (embeddings from the store;
 * for the small cases also a cold fit of embeddings the last fit left in memory), numpy's time and the ratio,
 * peak RSS of the process (threads included; monotone over the run), /health p99 and max while
 * the cold odist runs (polled every 10 ms over HTTP), and the max relative error of IDist, ODist
 * and the baseline against numpy.
 *
 * Cases: BENCH_SCALE unset = the paper's size (n = 260, m = 315 at q = 1024 / 4096 / 16000) and
 * n = m = 1,000 at q = 1024; BENCH_SCALE=large adds n = m = 10,000 at q = 1024 and 4096 (minutes);
 * BENCH_SCALE=full adds n = m = 50,000 at q = 1024 (tens of minutes with numpy's side).
 * Cases up to 1,000 images run BENCH_ROUNDS rounds (default 3; each a fresh, cold fit, then numpy),
 * the larger ones one; the times printed are medians over the rounds.
 * Run alone with `npx tsx bench/scale.bench.ts`.
 *
 * numpy runs in one Python process started before the server: a process spawned per case would
 * fork the server's process, after which every page it writes faults once more (copy-on-write),
 * which charged the next cold odist for the benchmark's own fork.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import type pg from 'pg';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/server.js';
import { createBenchDatabase } from './bench-database.js';
import { median, startNumpyOdist, syntheticMatrix } from './numpy-odist.js';

interface ScaleCase {
  n: number;
  m: number;
  q: number;
}

const peakRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

async function seedImages(pool: pg.Pool, prefix: string, n: number, m: number): Promise<number[][]> {
  const ids: number[][] = [];
  for (const [name, count] of [
    [`${prefix}_p`, n],
    [`${prefix}_s`, m],
  ] as const) {
    const {
      rows: [d],
    } = await pool.query<{ id: number }>('INSERT INTO datasets (name) VALUES ($1) RETURNING id', [name]);
    await pool.query(
      `INSERT INTO blobs (sha256, content_type, size, bytes)
       SELECT encode(sha256(($1 || g)::bytea), 'hex'), 'image/png', 8, ($1 || g)::bytea FROM generate_series(1, $2::int) g`,
      [name, count],
    );
    const { rows } = await pool.query<{ id: number }>(
      `INSERT INTO images (dataset_id, file_name, stem, sha256, width, height)
       SELECT $1, 'img' || g || '.png', 'img' || g, encode(sha256(($2 || g)::bytea), 'hex'), 448, 448
       FROM generate_series(1, $3::int) g ORDER BY g RETURNING id`,
      [d!.id, name, count],
    );
    ids.push(rows.map((r) => r.id).sort((a, b) => a - b));
  }
  return ids;
}

const HAS_NUMPY = (() => {
  try {
    execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export function scaleCases(scale = process.env.BENCH_SCALE ?? ''): ScaleCase[] {
  const cases: ScaleCase[] = [
    { n: 260, m: 315, q: 1024 },
    { n: 260, m: 315, q: 4096 },
    { n: 260, m: 315, q: 16000 },
    { n: 1000, m: 1000, q: 1024 },
  ];
  if (scale === 'large' || scale === 'full')
    cases.push({ n: 10_000, m: 10_000, q: 1024 }, { n: 10_000, m: 10_000, q: 4096 });
  if (scale === 'full') cases.push({ n: 50_000, m: 50_000, q: 1024 });
  return cases;
}

export async function runScaleBench(
  cases: ScaleCase[] = scaleCases(),
  z = 25,
  withNumpy = HAS_NUMPY,
  rounds = Number(process.env.BENCH_ROUNDS ?? 3),
) {
  // Before the server: its process is never forked afterwards.
  const numpy = withNumpy ? startNumpyOdist() : null;
  const db = await createBenchDatabase('distmetrics_bench_scale');
  const config = loadConfig({
    DATABASE_URL: db.url,
    SEED_DEMO: 'false',
    DISTMETRICS_DATA_DIR: db.dataDir,
    RUN_WORKER: 'false',
    PORT: '0',
    MAX_PAIRS: String(10 ** 12),
  });
  const server = await startServer(config, () => {});
  const { services, store } = server;
  console.log(
    `scale bench: z = ${z}, ${config.analytics.threads} analytics threads, Node ${process.version}, ${os.cpus().length} CPUs, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )}; numpy ${HAS_NUMPY ? 'as installed here (OPENBLAS_CORETYPE set: slower than stock)' : 'absent: numpy columns skipped'}`,
  );
  const results = [];
  // Start every analytics thread (and its ONNX Runtime sessions) once, as a running server has:
  // the first query of a fresh process would otherwise pay it inside the first case.
  const warm = syntheticMatrix(300, 256, 1, 0);
  await Promise.all(
    Array.from({ length: config.analytics.threads }, () => services.analyticsPool.fit(warm, 300, 256, 25)),
  );
  await (await fetch(`${server.url}/health`)).text(); // the client's own first-use cost is not the server's latency
  try {
    for (const [i, c] of cases.entries()) {
      const prefix = `scale${i}`;
      const [pIds, sIds] = await seedImages(store.pool, prefix, c.n, c.m);
      const model = await store.prisma.model.create({
        data: { name: `${prefix}_q${c.q}`, version: 1, dimension: c.q },
      });
      const p = syntheticMatrix(c.n, c.q, 7 + i, 0);
      const s = syntheticMatrix(c.m, c.q, 1000 + i, 0.02);
      for (const [ids, x] of [
        [pIds!, p],
        [sIds!, s],
      ] as const) {
        for (let r0 = 0; r0 < ids.length; r0 += 4096) {
          const r1 = Math.min(ids.length, r0 + 4096);
          await services.embeddingRepository.upsertEmbeddings(
            model.id,
            ids.slice(r0, r1),
            x.subarray(r0 * c.q, r1 * c.q),
          );
        }
      }
      const x = new Float32Array((c.n + c.m) * c.q);
      x.set(p);
      x.set(s, p.length);
      const caseRounds = c.n + c.m <= 2000 ? Math.max(1, rounds) : 1;
      const cold: number[] = [];
      // Small cases also time, each round, a cold fit of the embeddings the last fit left in memory.
      const fromMemory: number[] = [];
      const numpySeconds: number[] = [];
      const health: number[] = [];
      let worst = 0;
      let entry = null;
      const odistArgs = {
        model: { name: model.name },
        primary: `${prefix}_p`,
        secondaries: [`${prefix}_s`],
        components: z,
        fitOn: 'PAIR' as const,
        reduce: 'SUM' as const,
      };
      for (let round = 0; round < caseRounds; round++) {
        if (round > 0) {
          await store.pool.query('DELETE FROM analytics_fits WHERE model_id = $1', [model.id]);
          const t0 = performance.now();
          await services.analytics.odist(odistArgs);
          fromMemory.push(performance.now() - t0);
        }
        // Each round a cold fit from the store: the stored fit (with its stored sums) goes first,
        // and one embedding is written again with its own values (a new fingerprint), so the
        // embeddings the last fit left in memory are not used.
        await services.embeddingRepository.upsertEmbeddings(model.id, [pIds![0]!], [p.subarray(0, c.q)]);
        await store.pool.query('DELETE FROM analytics_fits WHERE model_id = $1', [model.id]);
        // /health over HTTP every 10 ms while the cold odist runs.
        let running = true;
        const poll = (async () => {
          while (running) {
            const t0 = performance.now();
            await (await fetch(`${server.url}/health`)).text();
            health.push(performance.now() - t0);
            await new Promise((r) => setTimeout(r, 10));
          }
        })();
        const t0 = performance.now();
        const answer = await services.analytics.odist(odistArgs);
        cold.push(performance.now() - t0);
        running = false;
        await poll;
        entry = answer.secondaries[0]!;
        if (numpy) {
          const ref = await numpy.run(x, c.n + c.m, c.q, c.n, z);
          numpySeconds.push(ref.seconds);
          const download = await services.analytics.downloads.idist(Number(entry.fit.id), entry.secondary.id, 'SUM');
          const bytes = Buffer.concat([...download.chunks]);
          const ours = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
          for (let j = 0; j < ours.length; j++)
            worst = Math.max(worst, Math.abs(ours[j]! - ref.idist[j]!) / ref.idist[j]!);
          worst = Math.max(
            worst,
            Math.abs(entry.odist - ref.odist) / ref.odist,
            Math.abs(entry.baseline - ref.baseline) / ref.baseline,
          );
        }
      }
      const coldMs = median(cold);
      const fitMs = entry!.fit.fitMs;
      const solver = entry!.fit.solver!;
      const fromMemoryMs = fromMemory.length ? median(fromMemory) : null;
      const line = [
        `n = ${c.n}, m = ${c.m}, q = ${c.q}: cold odist ${(coldMs / 1000).toFixed(2)} s (median of ${caseRounds}: ${cold.map((t) => (t / 1000).toFixed(2)).join(' ')}; PCA ${(fitMs / 1000).toFixed(2)} s, ${solver.kind}/${solver.eigensolver}` +
          `${solver.iterations ? `, ${solver.iterations} iterations, subspace error ${solver.subspaceError.toExponential(1)}` : ''})`,
        ...(fromMemoryMs !== null
          ? [
              `cold odist of embeddings in memory ${(fromMemoryMs / 1000).toFixed(2)} s (median of ${fromMemory.length})`,
            ]
          : []),
        `peak RSS ${peakRssMiB()} MiB`,
        `/health p99 ${percentile(health, 0.99).toFixed(1)} ms, max ${Math.max(...health).toFixed(1)} ms (${health.length} samples)`,
      ];
      const result: Record<string, unknown> = {
        ...c,
        coldMs,
        coldRounds: cold,
        coldFromMemoryMs: fromMemoryMs,
        fitMs,
        solver,
        peakRssMiB: peakRssMiB(),
        healthP99: percentile(health, 0.99),
      };
      if (numpy) {
        const numpyMedian = median(numpySeconds);
        line.push(
          `numpy ${numpyMedian.toFixed(2)} s (median; cold odist / numpy = ${(coldMs / 1000 / numpyMedian).toFixed(2)}` +
            `${fromMemoryMs !== null ? `, from memory ${(fromMemoryMs / 1000 / numpyMedian).toFixed(2)}` : ''})`,
          `max relative error vs numpy ${worst.toExponential(1)}`,
        );
        Object.assign(result, {
          numpySeconds: numpyMedian,
          ratio: coldMs / 1000 / numpyMedian,
          ratioFromMemory: fromMemoryMs !== null ? fromMemoryMs / 1000 / numpyMedian : null,
          maxRelativeError: worst,
        });
      } else line.push(HAS_NUMPY ? 'numpy not run for this case' : 'numpy absent: no ratio or error');
      console.log(line.join('; '));
      results.push(result);
    }
    return results;
  } finally {
    numpy?.close();
    await server.close();
    await db.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runScaleBench().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
