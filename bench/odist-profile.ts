/**
 * Where a cold odist's time goes, per stage, at the paper's size (n = 260, m = 315) for
 * q = 1024 / 4096 / 16000, alternating rounds with numpy's float64 pipeline on the same rows;
 * prints medians. Each round times two cold fits (no stored fit): one whose embeddings come from
 * the store (PostgreSQL's binary COPY) and one of embeddings the last fit left in memory
 * (src/compute/buffer-cache.ts), as a second fit of the same datasets at another z has them.
 * Run alone: `npx tsx bench/odist-profile.ts` (PROFILE_ROUNDS, default 5;
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
const SETTLE_MS = Number(process.env.PROFILE_SETTLE_MS ?? 500);
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

const cases: { q: number; prefix: string; model: { id: number; name: string }; x: Float32Array; ids: number[][] }[] =
  [];
const odistArgs = (c: (typeof cases)[number]) => ({
  model: { name: c.model.name },
  primary: `${c.prefix}_p`,
  secondaries: [`${c.prefix}_s`],
  components: Z,
  fitOn: 'PAIR' as const,
  reduce: 'SUM' as const,
});
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
  cases.push({ q, prefix, model, x, ids });
}

type Path = 'store' | 'memory';
const PATHS: Path[] = ['store', 'memory'];
const results = new Map<
  number,
  {
    cold: Record<Path, number[]>;
    numpy: number[];
    numpy1: number[];
    stages: Record<Path, Record<string, number[]>>;
    err: number[];
  }
>();
for (let round = 0; round < ROUNDS; round++) {
  for (const c of cases) {
    const r = results.get(c.q) ?? {
      cold: { store: [], memory: [] },
      numpy: [],
      numpy1: [],
      stages: { store: {}, memory: {} },
      err: [],
    };
    results.set(c.q, r);
    const ref = await numpyDefault.run(c.x, N + M, c.q, N, Z);
    r.numpy1.push((await numpyOne.run(c.x, N + M, c.q, N, Z)).seconds * 1000);
    r.numpy.push(ref.seconds * 1000);
    // Each round both paths, alternating which goes first: a cold fit whose embeddings come from
    // the store (one embedding re-upserted with its own values: a new fingerprint), and a cold fit
    // of embeddings the last fit left in memory (the stored fit deleted, nothing else).
    for (const path of round % 2 ? [...PATHS].reverse() : PATHS) {
      if (path === 'store') {
        const first = c.ids[0]![0]!;
        await services.embeddingRepository.upsertEmbeddings(c.model.id, [first], [c.x.subarray(0, c.q)]);
      } else if (round === 0 && path === PATHS[0]) {
        await services.analytics.odist(odistArgs(c)); // something to keep in memory
      }
      await store.pool.query('DELETE FROM analytics_fits WHERE model_id = $1', [c.model.id]);
      // OpenBLAS's threads spin for a while after numpy's last call: let them stop before timing ours.
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      const reusedBefore = services.analytics.stats().loadsReused;
      stages = {};
      timeline = [];
      const t0 = performance.now();
      origin = t0;
      const answer = await services.analytics.odist(odistArgs(c));
      const cold = performance.now() - t0;
      const reused = services.analytics.stats().loadsReused > reusedBefore;
      if (reused !== (path === 'memory')) throw new Error(`round ${round} ${path}: embeddings reused = ${reused}`);
      r.cold[path].push(cold);
      const e = answer.secondaries[0]!;
      r.err.push(
        Math.max(Math.abs(e.odist - ref.odist) / ref.odist, Math.abs(e.baseline - ref.baseline) / ref.baseline),
      );
      stages['worker PCA (fitMs)'] = e.fit.fitMs;
      for (const [k, v] of Object.entries(stages)) (r.stages[path][k] ??= []).push(v);
      if (round === 0 && path === 'store') console.log(`q = ${c.q}: solver ${JSON.stringify(e.fit.solver)}`);
      if (process.env.PROFILE_TIMELINE)
        console.log(`q = ${c.q} round ${round} (${path}): ${timeline.join(', ')}, end ${cold.toFixed(0)}`);
    }
  }
}
for (const [q, r] of results) {
  const numpy = median(r.numpy);
  const numpy1 = median(r.numpy1);
  console.log(
    `q = ${q}: numpy ${numpy.toFixed(1)} ms, on one BLAS thread ${numpy1.toFixed(1)} ms (rounds: ${r.numpy.map((v) => v.toFixed(0)).join(' ')}; ` +
      `${r.numpy1.map((v) => v.toFixed(0)).join(' ')}); max rel err ${Math.max(...r.err).toExponential(1)}`,
  );
  for (const path of PATHS) {
    const cold = median(r.cold[path]);
    const st = Object.entries(r.stages[path])
      .map(([k, v]) => `${k} ${median(v).toFixed(1)}`)
      .join(', ');
    console.log(
      `   cold odist, embeddings from the ${path === 'store' ? 'store' : 'last fit (memory)'}: ${cold.toFixed(1)} ms ` +
        `(ratio ${(cold / numpy).toFixed(2)}, ${(cold / numpy1).toFixed(2)} to one thread); rounds ${r.cold[path].map((v) => v.toFixed(0)).join(' ')}\n` +
        `      stages (ms, medians): ${st}`,
    );
  }
}
if (process.env.PROFILE_JSON)
  fs.appendFileSync(process.env.PROFILE_JSON, JSON.stringify(Object.fromEntries(results)) + '\n');
numpyDefault.close();
numpyOne.close();
await server.close();
await db.drop();
