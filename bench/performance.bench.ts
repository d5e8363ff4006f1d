/**
 * Performance benchmark on the real PostgreSQL server, m = 500 secondary images of
 * 448 x 448 with masks (n = 260 primary images, q = 256 synthetic embeddings):
 * - counting: the pure histogram path against the naive 100-threshold loop, in the same run
 *   (bench/metrics.bench.ts, reused: `pure: true`, the default when run alone);
 * - `import-predictions` of 500 PNG maps end to end (decode, count, re-encode, one transaction);
 * - the lazy path: 500 maps written as extraction writes them, counted by the first query;
 * - split, curve and performance queries from stored counts, through the service and as GraphQL
 *   over HTTP (target: a split query under 50 ms at m = 500).
 * Run with `npx tsx bench/performance.bench.ts` (BENCH_DATABASE_URL: admin URL of the server;
 * it creates and drops its own database).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type pg from 'pg';
import sharp from 'sharp';
import { mulberry32 } from '../src/math/random.js';
import { loadConfig } from '../src/config.js';
import { sha256Hex } from '../src/images/image.repository.js';
import { createModelRepository } from '../src/models/model.repository.js';
import { startServer } from '../src/server.js';
import { createBenchDatabase } from './bench-database.js';
import { runMetricsBench } from './metrics.bench.js';

export interface PerformanceBenchOptions {
  n?: number;
  m?: number;
  size?: number;
  q?: number;
  reps?: number;
  /** Also run the pure counting bench (histogram vs naive); bench/run.ts runs it on its own. */
  pure?: boolean;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  const start = process.hrtime.bigint();
  const out = await fn();
  return [Number(process.hrtime.bigint() - start) / 1e6, out];
}

async function repeat(reps: number, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up
  const times = [];
  for (let i = 0; i < reps; i++) times.push((await time(fn))[0]);
  return median(times);
}

/** A mask of a few random line segments (cracks) and a noisy prediction around it, 8-bit gray. */
function maps(size: number, seed: number): { mask: Uint8Array; pred: Uint8Array } {
  const random = mulberry32(seed);
  const mask = new Uint8Array(size * size);
  for (let line = 0; line < 3; line++) {
    let [x, y] = [random() * size, random() * size];
    const [dx, dy] = [random() - 0.5, random() - 0.5];
    for (let s = 0; s < size; s++, x += dx, y += dy) {
      const [i, j] = [Math.round(y), Math.round(x)];
      if (i >= 0 && i < size && j >= 0 && j + 2 < size) mask.fill(255, i * size + j, i * size + j + 3);
    }
  }
  const quality = random();
  const pred = Uint8Array.from(mask, (v) =>
    Math.min(255, Math.round((v ? 120 + 100 * quality : 60 * (1 - quality)) + 80 * random())),
  );
  return { mask, pred };
}

const grayPng = (pixels: Uint8Array, size: number) =>
  sharp(pixels, { raw: { width: size, height: size, channels: 1 } })
    .png()
    .toBuffer();

/** Datasets perf_p (placeholder pixels) and perf_s (placeholder pixels, real masks), by SQL. */
async function seedImages(pool: pg.Pool, n: number, masks: Buffer[], size: number) {
  const ids: number[][] = [];
  for (const [name, count] of [
    ['perf_p', n],
    ['perf_s', masks.length],
  ] as const) {
    const {
      rows: [d],
    } = await pool.query<{ id: number }>('INSERT INTO datasets (name) VALUES ($1) RETURNING id', [name]);
    await pool.query(
      `INSERT INTO blobs (sha256, content_type, size, bytes)
      SELECT encode(sha256(($1 || g)::bytea), 'hex'), 'image/png', 8, ($1 || g)::bytea FROM generate_series(1, $2) g`,
      [name, count],
    );
    const { rows } = await pool.query<{ id: number }>(
      `INSERT INTO images (dataset_id, file_name, stem, sha256, width, height)
      SELECT $1, 'img' || g || '.png', 'img' || g, encode(sha256(($2 || g)::bytea), 'hex'), $4, $4 FROM generate_series(1, $3) g ORDER BY g RETURNING id`,
      [d!.id, name, count, size],
    );
    ids.push(rows.map((r) => r.id).sort((a, b) => a - b));
  }
  for (const [j, mask] of masks.entries()) {
    const sha = sha256Hex(mask);
    await pool.query(
      `INSERT INTO blobs (sha256, content_type, size, bytes) VALUES ($1, 'image/png', $2, $3) ON CONFLICT DO NOTHING`,
      [sha, mask.length, mask],
    );
    await pool.query('UPDATE images SET mask_sha256 = $1 WHERE id = $2', [sha, ids[1]![j]]);
  }
  return { p: ids[0]!, s: ids[1]! };
}

function vectors(rows: number, q: number, seed: number, shift: number): Float32Array[] {
  const random = mulberry32(seed);
  return Array.from({ length: rows }, () => Float32Array.from({ length: q }, () => random() - 0.5 + shift * random()));
}

/** Runs the benchmark, prints a report and returns the figures. */
export async function runPerformanceBench(options: PerformanceBenchOptions = {}) {
  const { n = 260, m = 500, size = 448, q = 256, reps = 15, pure = true } = options;
  const pureResult = pure ? runMetricsBench({ maps: m, size }) : null;
  const db = await createBenchDatabase('distmetrics_bench_performance');
  const config = loadConfig({
    DATABASE_URL: db.url,
    SEED_DEMO: 'false',
    REGISTER_TRAINED: 'false',
    DISTMETRICS_DATA_DIR: db.dataDir,
    RUN_WORKER: 'false',
    PORT: '0',
  });
  const server = await startServer(config, () => {});
  const { services, store } = server;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'perf-bench-'));
  console.log(
    `performance bench on ${new URL(db.url).host}: n = ${n}, m = ${m} maps of ${size}x${size}, q = ${q}, ${os.cpus().length} CPUs`,
  );
  try {
    const generated = Array.from({ length: m }, (_, j) => maps(size, j + 1));
    const masks = await Promise.all(generated.map((g) => grayPng(g.mask, size)));
    const preds = await Promise.all(generated.map((g) => grayPng(g.pred, size)));
    preds.forEach((png, j) => fs.writeFileSync(path.join(folder, `img${j + 1}.png`), png));
    const ids = await seedImages(store.pool, n, masks, size);
    const models: Record<string, number> = {};
    for (const [name, seed] of [
      ['perf_import', 1],
      ['perf_model', 2],
    ] as const) {
      models[name] = (await services.registry.registerExternal({ name, family: 'perf', dimension: q })).id;
      await services.embeddingRepository.upsertEmbeddings(
        models[name]!,
        [...ids.p, ...ids.s],
        [...vectors(n, q, seed, 0), ...vectors(m, q, seed + 9, 0.4)],
      );
    }

    const [importMs, imported] = await time(() =>
      services.predictionImport.importFolder({ model: { name: 'perf_import' }, dataset: 'perf_s', folder }),
    );
    console.log(
      `  import-predictions    ${importMs.toFixed(0)} ms for ${imported.imported} maps (${(importMs / m).toFixed(1)} ms/map: decode, count, re-encode, write in one transaction)`,
    );
    const rows = ids.s.map((imageId, j) => ({
      imageId,
      sha256: sha256Hex(preds[j]!),
      png: preds[j]!,
      width: size,
      height: size,
    }));
    await createModelRepository(store.prisma, store.pool).putPredictions(models.perf_model!, rows, 'model');
    const [lazyMs, lazy] = await time(() =>
      services.performance.performance({ model: { name: 'perf_model' }, dataset: 'perf_s' }),
    );
    console.log(
      `  lazy counting         ${lazyMs.toFixed(0)} ms for the first performance query on ${lazy.countsComputed} extraction-written maps (${(lazyMs / m).toFixed(1)} ms/map)`,
    );

    const pair = {
      model: { name: 'perf_import' },
      primary: 'perf_p',
      secondary: 'perf_s',
      components: 25,
      reduce: 'SUM' as const,
    };
    const [coldMs] = await time(() => services.performance.splits({ ...pair, k: 2 }));
    const split2 = await repeat(reps, () => services.performance.splits({ ...pair, k: 2 }));
    const split3 = await repeat(reps, () => services.performance.splits({ ...pair, k: 3 }));
    const curveMs = await repeat(reps, () => services.performance.curve(pair));
    const perfMs = await repeat(reps, () => services.performance.performance({ model: pair.model, dataset: 'perf_s' }));
    const body = JSON.stringify({
      query: `{ performanceSplits(scope: { model: { name: "perf_import" }, primary: "perf_p" }, secondary: "perf_s", k: 3) { ods { f } parts { count ods scaledMean scaledStd idistMean idistStd } } }`,
    });
    const graphqlMs = await repeat(reps, async () =>
      (
        await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      ).json(),
    );
    console.log(`  first split query     ${coldMs.toFixed(0)} ms (PCA fit of ${n} + ${m} rows, stored)`);
    console.log(
      `  split query (stored)  k = 2: ${split2.toFixed(1)} ms, k = 3: ${split3.toFixed(1)} ms (service); ${graphqlMs.toFixed(1)} ms as GraphQL over HTTP (target < 50 ms, m = ${m})`,
    );
    console.log(`  curve query           ${curveMs.toFixed(1)} ms; performance query ${perfMs.toFixed(1)} ms`);
    return {
      n,
      m,
      size,
      pure: pureResult,
      importMs,
      lazyMs,
      coldSplitMs: coldMs,
      splitK2Ms: split2,
      splitK3Ms: split3,
      splitGraphqlMs: graphqlMs,
      curveMs,
      performanceMs: perfMs,
    };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
    await server.close();
    await db.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runPerformanceBench().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
