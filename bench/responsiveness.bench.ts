/**
 * /health latency while hostile requests are sent: a decompression bomb (`addImage` of a
 * 16000 x 16000 PNG), a model that never finishes (`registerModel` of a Loop of 10^12 steps) and
 * 500 aliases of `datasets { imageCount maskCount }`. Printed against /health idle in the same
 * run, rounds alternating (idle, attacked, idle, ...), medians reported. Target: p99 < 100 ms
 * under attack on 2 cores. The server runs in its own process (as `npm start`) on an embedded
 * store in a temporary folder; this process only sends requests.
 *
 *   npx tsx bench/responsiveness.bench.ts     (or the section of `npm run bench`)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { bombPng } from '../test/helpers/bomb.js';
import { loopModel } from '../test/helpers/loop-model.js';
import { REPO_ROOT } from '../test/helpers/paths.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

/** GET /health every `everyMs` for `ms`: the latencies. */
async function sampleHealth(url: string, ms: number, everyMs = 25): Promise<number[]> {
  const latencies: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const t0 = performance.now();
    const res = await fetch(`${url}/health`);
    await res.arrayBuffer();
    latencies.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return latencies;
}

/** `npm start`'s process on a fresh embedded store, so this process's client work does not delay its event loop. */
async function startServerProcess(env: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src/server.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: '', PORT: '0', SEED_DEMO: 'false', DATABASE_URL: '', ...env },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line in 120 s:\n${output}`)), 120_000);
    child.stdout.on('data', () => {
      const m = /ready: (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return {
    url,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function runResponsivenessBench(rounds = Number(process.env.BENCH_ROUNDS ?? 3), windowMs = 6000) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'distmetrics-bench-health-'));
  const importRoot = path.join(dataDir, 'imports');
  const timeoutMs = 2000;
  const gapMs = Number(process.env.BENCH_ATTACK_GAP_MS ?? 100);
  // A few datasets, so the alias request has counts to make.
  for (let d = 0; d < 5; d++) {
    fs.mkdirSync(path.join(importRoot, `set${d}`), { recursive: true });
    for (let i = 0; i < 4; i++) {
      const png = await sharp({
        create: { width: 16, height: 16, channels: 3, background: { r: d * 40, g: i * 50, b: 7 } },
      })
        .png()
        .toBuffer();
      fs.writeFileSync(path.join(importRoot, `set${d}`, `img-${i}.png`), png);
    }
  }
  const server = await startServerProcess({
    DISTMETRICS_DATA_DIR: dataDir,
    IMPORT_ROOT: importRoot,
    EXECUTION_PROVIDERS: 'cpu',
    INFERENCE_TIMEOUT_MS: String(timeoutMs),
  });
  try {
    const post = async (query: string, variables: Record<string, unknown> = {}) => {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return ((await res.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;
    };
    for (let d = 0; d < 5; d++)
      await post(`mutation($i: ImportFolderInput!) { importFolder(input: $i) { added } }`, {
        i: { folder: `set${d}`, dataset: `set${d}` },
      });
    const bomb = bombPng(16000).toString('base64');
    const loop = Buffer.from(loopModel(8, 1e12)).toString('base64');
    const aliases = `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: datasets { imageCount maskCount }`).join(' ')} }`;
    const attacks = {
      bomb: () =>
        post(`mutation($i: AddImageInput!) { addImage(input: $i) { created } }`, {
          i: { dataset: 'uploads', fileName: 'bomb.png', imageBase64: bomb },
        }),
      loopModel: () =>
        post(`mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }`, {
          i: {
            name: 'loop',
            onnxBase64: loop,
            inputWidth: 8,
            inputHeight: 8,
            taps: [{ name: 'looped', reduction: 'GAP' }],
          },
        }),
      aliases: () => post(aliases),
    };
    const answers: Record<string, string | undefined> = {};
    const counts: Record<string, number> = { bomb: 0, loopModel: 0, aliases: 0 };

    const idle: number[][] = [];
    const attacked: number[][] = [];
    await sampleHealth(server.url, 1000); // warm-up
    for (let round = 0; round < rounds; round++) {
      idle.push(await sampleHealth(server.url, windowMs));
      let stop = false;
      const only = process.env.BENCH_ATTACKS?.split(',');
      const chosen = Object.entries(attacks).filter(([name]) => !only || only.includes(name));
      const senders = chosen.map(async ([name, send]) => {
        while (!stop) {
          answers[name] = await send();
          counts[name]!++;
          // Paced (BENCH_ATTACK_GAP_MS after each answer, default 100): what is measured is whether
          // one request holds the others up; an unpaced flood is the rate limiter's case.
          await new Promise((r) => setTimeout(r, gapMs));
        }
      });
      attacked.push(await sampleHealth(server.url, windowMs));
      stop = true;
      await Promise.all(senders);
    }
    const row = (label: string, sets: number[][]) => {
      const p50 = median(sets.map((s) => quantile(s, 0.5)));
      const p99 = median(sets.map((s) => quantile(s, 0.99)));
      const max = median(sets.map((s) => Math.max(...s)));
      console.log(
        `${label.padEnd(34)} p50 ${p50.toFixed(1).padStart(7)} ms   p99 ${p99.toFixed(1).padStart(7)} ms   max ${max.toFixed(1).padStart(7)} ms   (${sets.reduce((a, s) => a + s.length, 0)} requests)`,
      );
      return p99;
    };
    console.log(
      `cores: ${os.availableParallelism()}, rounds: ${rounds} x ${windowMs / 1000} s each, medians over rounds`,
    );
    const idleP99 = row('/health idle', idle);
    const attackedP99 = row('/health under bomb+loop+aliases', attacked);
    console.log(
      `p99 under attack / idle: ${(attackedP99 / idleP99).toFixed(2)}x; target p99 < 100 ms: ${attackedP99 < 100 ? 'met' : 'NOT met'}`,
    );
    console.log(`each attack sent again ${gapMs} ms after its answer (BENCH_ATTACK_GAP_MS)`);
    console.log(
      `attack requests sent: bomb ${counts.bomb} (${answers.bomb}), loop model ${counts.loopModel} (${answers.loopModel}, ` +
        `INFERENCE_TIMEOUT_MS ${timeoutMs}), 500 aliases ${counts.aliases} (${answers.aliases})`,
    );
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runResponsivenessBench();
