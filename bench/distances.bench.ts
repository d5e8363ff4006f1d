/**
 * Distances benchmark: the service end to end on the real PostgreSQL server.
 * n = 260 primary and m = 315 secondary images (the paper's sizes) with synthetic embeddings of
 * q in {1024, 4096, 16000} stored through the embedding repository, then:
 * - loading a (model, dataset) matrix by binary COPY, against pgvector's text output parsed here;
 * - a cold `odist` (load both sets, fit, store the fit and projections, distances), and a cached
 *   one, in the service and as a GraphQL request over HTTP;
 * - ml-pca's SVD on the same matrix (q = 1024 and 4096) as the baseline.
 * Targets: cold odist at least 20x faster than ml-pca at q = 4096; cached odist under 50 ms.
 * Run with `npx tsx bench/distances.bench.ts` (BENCH_DATABASE_URL: admin URL of the server; it
 * creates and drops its own database).
 */
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { PCA } from 'ml-pca';
import type pg from 'pg';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/server.js';
import { createBenchDatabase } from './bench-database.js';

/**
 * The (model, dataset) matrix through pgvector's text output, parsed here: the path the
 * repository's binary COPY (loadMatrix) replaced, kept to state what text costs.
 */
async function loadMatrixText(pool: pg.Pool, modelId: number, datasetId: number) {
  const { rows } = await pool.query<{ image_id: number; v: string }>(
    `SELECT e.image_id, e.embedding::text AS v FROM embeddings e JOIN images i ON i.id = e.image_id
     WHERE e.model_id = $1 AND i.dataset_id = $2 ORDER BY e.image_id`,
    [modelId, datasetId],
  );
  const cols = rows.length ? rows[0]!.v.split(',').length : 0;
  const data = new Float32Array(rows.length * cols);
  rows.forEach((r, i) => {
    const parts = r.v.slice(1, -1).split(',');
    for (let j = 0; j < cols; j++) data[i * cols + j] = Number(parts[j]);
  });
  return { imageIds: Int32Array.from(rows, (r) => r.image_id), rows: rows.length, cols, data };
}

export interface DistancesBenchOptions {
  n?: number;
  m?: number;
  qs?: number[];
  /** Feature counts on which ml-pca also runs (default 1024 and 4096). */
  mlPcaQs?: number[];
  z?: number;
  /** Repetitions of each warm measurement (medians are reported). */
  reps?: number;
}

export interface DistancesBenchRow {
  q: number;
  /** Writing n + m embeddings through upsertEmbeddings (binary vector[] in chunks of 128). */
  writeMs: number;
  loadBinaryMs: number;
  loadTextMs: number;
  binaryMiB: number;
  textMiB: number;
  /** First odist: load both sets + fit + store the fit + distances. */
  coldOdistMs: number;
  /** Of which the PCA itself (fitPca). */
  fitMs: number;
  /** Median cached odist through the service, and through GraphQL over HTTP. */
  cachedOdistMs: number;
  cachedGraphqlMs: number;
  /** Peak resident set size of the process after this q (before any ml-pca run), MiB. */
  peakRssMiB: number;
  mlPcaMs?: number;
  /** mlPcaMs / coldOdistMs (end to end, DB load included) and mlPcaMs / fitMs. */
  speedupEndToEnd?: number;
  speedupFit?: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const peakRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);
const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

async function time<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  const start = process.hrtime.bigint();
  const out = await fn();
  return [Number(process.hrtime.bigint() - start) / 1e6, out];
}

/** (rows x q) embeddings with a decaying spectrum; rows from `shiftFrom` on are shifted (the secondary). */
function syntheticRows(rows: number, q: number, seed: number, shift: number): Float32Array[] {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296 - 0.5;
  return Array.from({ length: rows }, () =>
    Float32Array.from({ length: q }, (_, c) => next() / (1 + c / 64) + shift + 0.3),
  );
}

/** Datasets bench_p (n) and bench_s (m) of placeholder images, written by SQL: pixels are not needed. */
async function seedImages(pool: pg.Pool, n: number, m: number): Promise<{ p: number[]; s: number[] }> {
  await pool.query(
    `INSERT INTO blobs (sha256, content_type, size, bytes)
    SELECT encode(sha256(('bench-' || g)::bytea), 'hex'), 'image/png', 8, ('bench-' || g)::bytea FROM generate_series(1, $1) g`,
    [n + m],
  );
  const ids: number[][] = [];
  for (const [name, from, count] of [
    ['bench_p', 1, n],
    ['bench_s', n + 1, m],
  ] as const) {
    const {
      rows: [d],
    } = await pool.query<{ id: number }>('INSERT INTO datasets (name) VALUES ($1) RETURNING id', [name]);
    const { rows } = await pool.query<{ id: number }>(
      `INSERT INTO images (dataset_id, file_name, stem, sha256, width, height)
      SELECT $1, 'img' || g || '.png', 'img' || g, encode(sha256(('bench-' || g)::bytea), 'hex'), 448, 448
      FROM generate_series($2::int, $3::int) g ORDER BY g RETURNING id`,
      [d!.id, from, from + count - 1],
    );
    ids.push(rows.map((r) => r.id).sort((a, b) => a - b));
  }
  return { p: ids[0]!, s: ids[1]! };
}

/** Runs the benchmark, prints a report and returns the figures. */
export async function runDistancesBench(options: DistancesBenchOptions = {}) {
  const { n = 260, m = 315, qs = [1024, 4096, 16000], mlPcaQs = [1024, 4096], z = 25, reps = 15 } = options;
  const db = await createBenchDatabase('distmetrics_bench_distances');
  const url = new URL(db.url);
  const config = loadConfig({
    DATABASE_URL: db.url,
    SEED_DEMO: 'false',
    DISTMETRICS_DATA_DIR: db.dataDir,
    RUN_WORKER: 'false',
    PORT: '0',
  });
  const server = await startServer(config, () => {});
  const { services, store } = server;
  const graphqlUrl = `${server.url}/graphql`;
  const rows: DistancesBenchRow[] = [];
  const matrices = new Map<number, Float32Array[]>();
  console.log(
    `distances bench on ${url.host}: n = ${n}, m = ${m}, z = ${z}, Node ${process.version}, ${os.cpus().length} CPUs`,
  );
  try {
    const ids = await seedImages(store.pool, n, m);
    const datasets = await store.prisma.dataset.findMany({ where: { name: { in: ['bench_p', 'bench_s'] } } });
    const pId = datasets.find((d) => d.name === 'bench_p')!.id;
    for (const q of qs) {
      const model = await store.prisma.model.create({ data: { name: `bench_q${q}`, version: 1, dimension: q } });
      const p = syntheticRows(n, q, q, 0);
      const s = syntheticRows(m, q, q + 1, 0.05);
      if (mlPcaQs.includes(q)) matrices.set(q, [...p, ...s]);
      const [writeMs] = await time(() =>
        services.embeddingRepository.upsertEmbeddings(model.id, [...ids.p, ...ids.s], [...p, ...s]),
      );
      const repo = services.embeddingRepository;
      const binaryTimes = [];
      const textTimes = [];
      for (let i = 0; i < 3; i++) {
        binaryTimes.push((await time(() => repo.loadMatrix(model.id, pId)))[0]);
        textTimes.push((await time(() => loadMatrixText(store.pool, model.id, pId)))[0]);
      }
      const {
        rows: [sizes],
      } = await store.pool.query<{ text: string }>(
        `SELECT sum(octet_length(e.embedding::text))::bigint AS text FROM embeddings e JOIN images i ON i.id = e.image_id WHERE e.model_id = $1 AND i.dataset_id = $2`,
        [model.id, pId],
      );
      const args = {
        model: { name: model.name },
        primary: 'bench_p',
        secondaries: ['bench_s'],
        components: z,
        fitOn: 'PAIR' as const,
        reduce: 'SUM' as const,
      };
      const [coldOdistMs, cold] = await time(() => services.analytics.odist(args));
      const cached = [];
      for (let i = 0; i < reps; i++) cached.push((await time(() => services.analytics.odist(args)))[0]);
      const body = JSON.stringify({
        query: `{ odist(scope: { model: { name: "${model.name}" }, primary: "bench_p" }, secondaries: ["bench_s"]) { secondaries { odist scaled baseline fit { id reused componentsUsed } } } }`,
      });
      const viaHttp = [];
      for (let i = 0; i < reps; i++) {
        viaHttp.push(
          (
            await time(async () =>
              (
                await fetch(graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
              ).json(),
            )
          )[0],
        );
      }
      const row: DistancesBenchRow = {
        q,
        writeMs,
        loadBinaryMs: median(binaryTimes),
        loadTextMs: median(textTimes),
        binaryMiB: mib(n * (18 + 4 * q)),
        textMiB: mib(Number(sizes!.text)),
        coldOdistMs,
        fitMs: cold.secondaries[0]!.fit.fitMs,
        cachedOdistMs: median(cached),
        cachedGraphqlMs: median(viaHttp),
        peakRssMiB: peakRssMiB(),
      };
      rows.push(row);
      console.log(
        `q = ${q}: write ${writeMs.toFixed(0)} ms; load P binary ${row.loadBinaryMs.toFixed(1)} ms (${row.binaryMiB} MiB) vs text ${row.loadTextMs.toFixed(1)} ms ` +
          `(${row.textMiB} MiB, ${(row.loadTextMs / row.loadBinaryMs).toFixed(1)}x); cold odist ${coldOdistMs.toFixed(0)} ms (fitPca ${row.fitMs.toFixed(0)} ms); ` +
          `cached odist ${row.cachedOdistMs.toFixed(1)} ms (service), ${row.cachedGraphqlMs.toFixed(1)} ms (GraphQL over HTTP); peak RSS ${row.peakRssMiB} MiB`,
      );
    }
    for (const row of rows) {
      const x = matrices.get(row.q);
      if (!x) continue;
      const matrix = x.map((r) => Array.from(r));
      const [mlPcaMs] = await time(() => new PCA(matrix, { method: 'SVD', center: true, scale: false }));
      Object.assign(row, { mlPcaMs, speedupEndToEnd: mlPcaMs / row.coldOdistMs, speedupFit: mlPcaMs / row.fitMs });
      console.log(
        `q = ${row.q}: ml-pca SVD ${mlPcaMs.toFixed(0)} ms: cold odist (DB load, fit, store, distances) is ${row.speedupEndToEnd!.toFixed(0)}x faster, fitPca ${row.speedupFit!.toFixed(0)}x`,
      );
    }
    console.log(`peak RSS of the whole run (ml-pca included) ${peakRssMiB()} MiB`);
    return { n, m, z, rows, peakRssMiB: peakRssMiB() };
  } finally {
    await server.close();
    await db.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runDistancesBench().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
