/**
 * Where a cold odist's time goes, per stage, at the paper's size (n = 260, m = 315) for
 * q = 1024 / 4096 / 16000, alternating rounds with numpy's float64 pipeline on the same rows;
 * prints medians. Run alone: `npx tsx bench/odist-profile.ts` (PROFILE_ROUNDS, default 5;
 * PROFILE_QS, PROFILE_TIMELINE=1 for each call's start and end, PROFILE_JSON=file to append the rounds).
 * numpy: bench/numpy-odist.ts, as installed and on one BLAS thread.
 */
import fs from 'node:fs';
import os from 'node:os';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/server.js';
import { createBenchDatabase } from './bench-database.js';
import { median, startNumpyOdist, syntheticMatrix } from './numpy-odist.js';

const ROUNDS = Number(process.env.PROFILE_ROUNDS ?? 5);
const QS = (process.env.PROFILE_QS ?? '1024,4096,16000').split(',').map(Number);
const N = 260;
const M = 315;
const Z = 25;
// Before the server: its process is never forked afterwards.
const numpyDefault = startNumpyOdist();
const numpyOne = startNumpyOdist({ oneThread: true });

const db = await createBenchDatabase('distmetrics_odist_profile');
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
const s = services as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>;

// Stage timers: wrap the calls a cold odist makes.
let stages: Record<string, number> = {};
let timeline: string[] = [];
let origin = 0;
function wrap(obj: Record<string, (...a: unknown[]) => unknown>, name: string, label: string) {
  const f = obj[name]!;
  obj[name] = async (...a: unknown[]) => {
    const t0 = performance.now();
    try {
      return await f.apply(obj, a);
    } finally {
      const t1 = performance.now();
      stages[label] = (stages[label] ?? 0) + t1 - t0;
      timeline.push(`${label} ${(t0 - origin).toFixed(0)}-${(t1 - origin).toFixed(0)}`);
    }
  };
}
wrap(s.embeddingRepository!, 'loadSets', 'load');
wrap(s.embeddingRepository!, 'embeddingStatus', 'status');
wrap(s.analyticsPool!, 'fit', 'fit task');
wrap(s.analyticsPool!, 'rowSums', 'rowSums');
wrap(s.analyticsPool!, 'selfDistanceTotal', 'selfTotal');
wrap(s.fitCache!, 'save', 'save fit');
wrap(s.fitCache!, 'find', 'find fit');
wrap(s.distances!, 'remember', 'store sums');
wrap(s.distances!, 'stored', 'read sums');

console.log(
  `odist profile: n = ${N}, m = ${M}, z = ${Z}, ${ROUNDS} rounds, ${config.analytics.threads} analytics threads, ` +
    `${os.cpus().length} CPUs, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
);
const warm = syntheticMatrix(300, 256, 1, 0);
await Promise.all(
  Array.from({ length: config.analytics.threads }, () => services.analyticsPool.fit(warm, 300, 256, 25)),
);

const cases = [];
for (const [i, q] of QS.entries()) {
  const prefix = `prof${i}`;
  const ids: number[][] = [];
  for (const [name, count] of [
    [`${prefix}_p`, N],
    [`${prefix}_s`, M],
  ] as const) {
    const {
      rows: [d],
    } = await store.pool.query<{ id: number }>('INSERT INTO datasets (name) VALUES ($1) RETURNING id', [name]);
    await store.pool.query(
      `INSERT INTO blobs (sha256, content_type, size, bytes)
       SELECT encode(sha256(($1 || g)::bytea), 'hex'), 'image/png', 8, ($1 || g)::bytea FROM generate_series(1, $2::int) g`,
      [name, count],
    );
    const { rows } = await store.pool.query<{ id: number }>(
      `INSERT INTO images (dataset_id, file_name, stem, sha256, width, height)
       SELECT $1, 'img' || g || '.png', 'img' || g, encode(sha256(($2 || g)::bytea), 'hex'), 448, 448
       FROM generate_series(1, $3::int) g ORDER BY g RETURNING id`,
      [d!.id, name, count],
    );
    ids.push(rows.map((r) => r.id).sort((a, b) => a - b));
  }
  const model = await store.prisma.model.create({ data: { name: `${prefix}_q${q}`, version: 1, dimension: q } });
  const p = syntheticMatrix(N, q, 7 + i, 0);
  const sm = syntheticMatrix(M, q, 1000 + i, 0.02);
  await services.embeddingRepository.upsertEmbeddings(model.id, ids[0]!, p);
  await services.embeddingRepository.upsertEmbeddings(model.id, ids[1]!, sm);
  const x = new Float32Array((N + M) * q);
  x.set(p);
  x.set(sm, p.length);
  cases.push({ q, prefix, model, x });
}

const results = new Map<
  number,
  { cold: number[]; numpy: number[]; numpy1?: number[]; stages: Record<string, number[]>; err: number[] }
>();
for (let round = 0; round < ROUNDS; round++) {
  for (const c of cases) {
    const r = results.get(c.q) ?? { cold: [], numpy: [], stages: {}, err: [] };
    results.set(c.q, r);
    const ref = await numpyDefault.run(c.x, N + M, c.q, N, Z);
    (r.numpy1 ??= []).push((await numpyOne.run(c.x, N + M, c.q, N, Z)).seconds * 1000);
    r.numpy.push(ref.seconds * 1000);
    await store.pool.query('DELETE FROM analytics_fits WHERE model_id = $1', [c.model.id]);
    stages = {};
    timeline = [];
    const t0 = performance.now();
    origin = t0;
    const answer = await services.analytics.odist({
      model: { name: c.model.name },
      primary: `${c.prefix}_p`,
      secondaries: [`${c.prefix}_s`],
      components: Z,
      fitOn: 'PAIR',
      reduce: 'SUM',
    });
    const cold = performance.now() - t0;
    r.cold.push(cold);
    const e = answer.secondaries[0]!;
    r.err.push(Math.max(Math.abs(e.odist - ref.odist) / ref.odist, Math.abs(e.baseline - ref.baseline) / ref.baseline));
    stages['worker PCA (fitMs)'] = e.fit.fitMs;
    for (const [k, v] of Object.entries(stages)) (r.stages[k] ??= []).push(v);
    if (round === 0) console.log(`q = ${c.q}: solver ${JSON.stringify(e.fit.solver)}`);
    if (process.env.PROFILE_TIMELINE)
      console.log(`q = ${c.q} round ${round}: ${timeline.join(', ')}, end ${cold.toFixed(0)}`);
  }
}
for (const [q, r] of results) {
  const st = Object.entries(r.stages)
    .map(([k, v]) => `${k} ${median(v).toFixed(1)}`)
    .join(', ');
  console.log(
    `q = ${q}: cold odist ${median(r.cold).toFixed(1)} ms, numpy ${median(r.numpy).toFixed(1)} ms (ratio ${(median(r.cold) / median(r.numpy)).toFixed(2)}), ` +
      `numpy on one BLAS thread ${median(r.numpy1!).toFixed(1)} ms (ratio ${(median(r.cold) / median(r.numpy1!)).toFixed(2)}); max rel err ${Math.max(...r.err).toExponential(1)}\n` +
      `   stages (ms, medians): ${st}\n   rounds cold: ${r.cold.map((v) => v.toFixed(0)).join(' ')}; numpy: ${r.numpy.map((v) => v.toFixed(0)).join(' ')}; ` +
      `numpy 1 thread: ${r.numpy1!.map((v) => v.toFixed(0)).join(' ')}`,
  );
}
if (process.env.PROFILE_JSON)
  fs.appendFileSync(process.env.PROFILE_JSON, JSON.stringify(Object.fromEntries(results)) + '\n');
numpyDefault.close();
numpyOne.close();
await server.close();
await db.drop();
