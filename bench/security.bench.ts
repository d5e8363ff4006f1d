/**
 * Security benchmark: what the per-key rate limiter (rate-limiter-flexible's RateLimiterPostgres,
 * one upsert per request, awaited only near the limit) adds to a cached GraphQL query over HTTP. Two servers on one real
 * PostgreSQL database, both requiring keys and called with one, differ only in the limiter
 * (RATE_LIMIT_POINTS huge vs 0); rounds alternate between them and medians are reported.
 * Target: the limiter adds under 1 ms to a cached odist.
 * Run with `npx tsx bench/security.bench.ts` (BENCH_DATABASE_URL: admin URL of the server).
 */
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config.js';
import { type RunningServer, startServer } from '../src/server.js';
import { createBenchDatabase } from './bench-database.js';

const TOKEN = 'bench-admin-token-0123456789abcdefghijklmnop';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

function rows(count: number, q: number, seed: number, shift: number): Float32Array[] {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296 - 0.5;
  return Array.from({ length: count }, () => Float32Array.from({ length: q }, (_, c) => next() / (1 + c / 16) + shift));
}

async function seed(server: RunningServer, n: number, q: number): Promise<string> {
  const { pool, prisma } = server.services.store;
  await pool.query(
    `INSERT INTO blobs (sha256, content_type, size, bytes)
     SELECT encode(sha256(('sec-' || g)::bytea), 'hex'), 'image/png', 8, ('sec-' || g)::bytea FROM generate_series(1, $1) g`,
    [2 * n],
  );
  const ids: number[] = [];
  for (const [name, from] of [
    ['sec_p', 1],
    ['sec_s', n + 1],
  ] as const) {
    const d = await prisma.dataset.create({ data: { name } });
    const { rows: r } = await pool.query<{ id: number }>(
      `INSERT INTO images (dataset_id, file_name, stem, sha256, width, height)
       SELECT $1, 'img' || g || '.png', 'img' || g, encode(sha256(('sec-' || g)::bytea), 'hex'), 64, 64
       FROM generate_series($2::int, $3::int) g ORDER BY g RETURNING id`,
      [d.id, from, from + n - 1],
    );
    ids.push(...r.map((x) => x.id).sort((a, b) => a - b));
  }
  const model = await prisma.model.create({ data: { name: 'sec_model', version: 1, dimension: q } });
  await server.services.embeddingRepository.upsertEmbeddings(model.id, ids, [
    ...rows(n, q, 1, 0),
    ...rows(n, q, 2, 0.1),
  ]);
  return `{ odist(scope: { model: { name: "sec_model" }, primary: "sec_p", components: 10 }, secondaries: ["sec_s"]) { secondaries { odist scaled fit { reused } } } }`;
}

async function timedRequests(url: string, body: string, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body,
    });
    const json = (await res.json()) as { errors?: unknown[] };
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (res.status !== 200 || json.errors) throw new Error(`bench query failed: ${res.status} ${JSON.stringify(json)}`);
  }
  return times;
}

export async function runSecurityBench(options: { rounds?: number; perRound?: number } = {}) {
  const { rounds = 9, perRound = 40 } = options;
  const db = await createBenchDatabase('distmetrics_bench_security');
  const env = {
    DATABASE_URL: db.url,
    SEED_DEMO: 'false',
    DISTMETRICS_DATA_DIR: db.dataDir,
    RUN_WORKER: 'false',
    PORT: '0',
    AUTH: 'on',
    ADMIN_TOKEN: TOKEN,
  };
  const limited = await startServer(loadConfig({ ...env, RATE_LIMIT_POINTS: '1000000000' }), () => {});
  const unlimited = await startServer(loadConfig({ ...env, RATE_LIMIT_POINTS: '0' }), () => {});
  try {
    const query = await seed(limited, 150, 64);
    const body = JSON.stringify({ query });
    await timedRequests(limited.url, body, 5); // fits once, warms both
    await timedRequests(unlimited.url, body, 5);
    // Requests alternate one by one between the two servers (which goes first alternates too), so
    // the machine's drift hits both alike; rounds of `perRound` pairs give one median each.
    const on: number[] = [];
    const off: number[] = [];
    const pairDiffs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < perRound; i++) {
        const limitedFirst = (r + i) % 2 === 0;
        const first = await timedRequests(limitedFirst ? limited.url : unlimited.url, body, 1);
        const second = await timedRequests(limitedFirst ? unlimited.url : limited.url, body, 1);
        const [x, y] = limitedFirst ? [first[0]!, second[0]!] : [second[0]!, first[0]!];
        a.push(x);
        b.push(y);
        pairDiffs.push(x - y);
      }
      on.push(median(a));
      off.push(median(b));
    }
    const limiter = limited.services.auth.rateLimiter!;
    const consume: number[] = [];
    for (let i = 0; i < 200; i++) {
      const start = process.hrtime.bigint();
      await limiter.consume(`bench-direct-${i}`); // a new budget each time: waits for the store
      consume.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    // The path a request takes far from its limit: no store round trip on the request's path.
    const hot: number[] = [];
    await limiter.consume('bench-hot');
    for (let i = 0; i < 2000; i++) {
      const start = process.hrtime.bigint();
      await limiter.consume('bench-hot');
      hot.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const result = {
      hotConsumeMs: median(hot),
      withLimiterMs: median(on),
      withoutLimiterMs: median(off),
      // each request minus its pair's: drift cancels within a pair, so this is the figure to read
      overheadMs: median(pairDiffs),
      differenceOfMediansMs: median(on) - median(off),
      consumeMs: median(consume),
    };
    console.log(
      `rate limiter on a cached odist over HTTP (${rounds} rounds x ${perRound} alternating pairs, medians, ` +
        `${os.cpus().length} CPUs): with ${result.withLimiterMs.toFixed(2)} ms, without ${result.withoutLimiterMs.toFixed(2)} ms, ` +
        `overhead (median of paired differences) ${result.overheadMs.toFixed(2)} ms (difference of medians ${result.differenceOfMediansMs.toFixed(2)} ms; ratio ${(result.withLimiterMs / result.withoutLimiterMs).toFixed(3)}; target < 1 ms); ` +
        `the store's round trip (a budget's first request, awaited) ${result.consumeMs.toFixed(2)} ms; ` +
        `consume() far from the limit ${(result.hotConsumeMs * 1000).toFixed(1)} µs`,
    );
    return result;
  } finally {
    await unlimited.close();
    await limited.close();
    await db.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runSecurityBench().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
