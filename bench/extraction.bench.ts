/**
 * Extraction throughput, end to end (image files on disk -> embeddings and predictions in the
 * store), against a bare loop of session.run on pre-decoded tensors of the same images, measured
 * in the same run. Two paths: an import with `embedWith` (each stored batch embedded while the
 * next is imported), and an import followed by a queued job (pg-boss, chunks, the server's own
 * chunk handlers), whose job part is also reported alone.
 * Run with `npx tsx bench/extraction.bench.ts` (BENCH_IMAGES to change the image count,
 * BENCH_ROUNDS the rounds).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Tensor } from 'onnxruntime-node';
import { loadConfig } from '../src/config.js';
import { openStore } from '../src/db/store.js';
import { bundledRegistration, demoDatasetFiles } from '../src/demo/seed.js';
import { BUNDLED_MODELS } from '../src/models/bundled.js';
import { createSession } from '../src/models/onnx-session.js';
import { tappedGraph } from '../src/models/runner-cache.js';
import { decodeImage } from '../src/images/decode.js';
import { modelInput } from '../src/models/preprocess.js';
import { createServices } from '../src/services.js';
import { createBenchDatabase } from './bench-database.js';

const SHARED_IMAGES = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../../shared/data/DeepCrack/images',
);

async function imageFolder(count: number): Promise<{ dir: string; source: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-extract-'));
  if (fs.existsSync(SHARED_IMAGES)) {
    for (const f of fs.readdirSync(SHARED_IMAGES).sort().slice(0, count))
      fs.copyFileSync(path.join(SHARED_IMAGES, f), path.join(dir, f));
    return { dir, source: 'DeepCrack test images (544x384 JPEG)' };
  }
  for (const f of (await demoDatasetFiles(0)).slice(0, count)) fs.writeFileSync(path.join(dir, f.fileName), f.bytes);
  return { dir, source: 'synthetic demo images (160x160 PNG; ../shared/data absent)' };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Rounds alternate the bare loop and the end-to-end run, and the ratio is taken per round: this
 * machine's speed drifts by up to 2x between minutes, so figures measured apart do not compare.
 */
export async function runExtractionBench(
  count = Number(process.env.BENCH_IMAGES ?? 192),
  rounds = Number(process.env.BENCH_ROUNDS ?? 3),
) {
  const det = BUNDLED_MODELS[0]!;
  const registration = bundledRegistration(det);
  const { dir, source } = await imageFolder(count);
  const files = fs.readdirSync(dir).sort();
  const onnx = fs.readFileSync(det.file);

  // Baseline: bare session.run on tensors decoded beforehand; same graph, taps and session options.
  const { session } = await createSession(
    tappedGraph(onnx, { external: false, input: det.input, taps: det.taps, predictionOutput: det.predictionOutput }),
    ['cpu'],
  );
  const tensors = await Promise.all(
    files.map(async (f) => modelInput(await decodeImage(fs.readFileSync(path.join(dir, f)), 3), det.input)),
  );
  const fetches = [...det.taps.map((t) => t.name), det.predictionOutput!];
  const bareLoop = async () => {
    const t0 = performance.now();
    for (const t of tensors) await session.run({ x: new Tensor('float32', t, [1, 3, 448, 448]) }, fetches);
    return files.length / ((performance.now() - t0) / 1000);
  };
  await bareLoop(); // warm-up

  const db = await createBenchDatabase('bench_extract');
  const config = loadConfig({
    DATABASE_URL: db.url,
    DISTMETRICS_DATA_DIR: db.dataDir,
    SEED_DEMO: 'false',
    EXECUTION_PROVIDERS: 'cpu',
    JOB_POLL_SECONDS: '1',
  });
  const store = await openStore(config, { role: 'bench', joinRunning: false });
  const services = createServices(store, config);
  try {
    await services.startQueue({ work: true });
    const model = await services.registry.registerOnnx(registration, onnx);
    // Warm the inference worker (session creation is a one-off per process, not per image).
    await services.extraction.embedNow([], [model.name]);
    // Two end-to-end paths from the same files: import with `embedWith` (each stored batch embedded
    // while the next is imported), and import followed by a queued extraction job.
    const pipelined = async (dataset: string) => {
      const t0 = performance.now();
      const imported = await services.ingest.importFolder({ folder: dir, dataset, embedWith: [model.name] });
      const seconds = (performance.now() - t0) / 1000;
      const [status] = await services.embeddingRepository.embeddingStatus(model.id, [imported.datasetId!]);
      if (status!.embedded !== files.length)
        throw new Error(`import with embedWith ended with ${status!.embedded}/${files.length} embeddings`);
      return files.length / seconds;
    };
    const queued = async (dataset: string) => {
      const t0 = performance.now();
      await services.ingest.importFolder({ folder: dir, dataset });
      const importSeconds = (performance.now() - t0) / 1000;
      const job = await services.extraction.startExtraction({ name: model.name }, dataset);
      const done = await services.extraction.waitForJob(job.id, () => {}, 20);
      const seconds = (performance.now() - t0) / 1000;
      if (done.state !== 'completed' || done.done !== files.length)
        throw new Error(`extraction ended ${done.state} with ${done.done}/${files.length}`);
      return { e2e: files.length / seconds, extractOnly: files.length / (seconds - importSeconds) };
    };
    // Like the bare loop's warm-up: the first pass of each path compiles the JS preprocessing.
    await pipelined('bench_warm_p');
    await queued('bench_warm_q');
    console.log(
      `extraction (${files.length} ${source}, PP-OCRv4 det at 448x448, cpu, ${os.cpus().length} cores), ${rounds} rounds of bare loop, then each end-to-end path:`,
    );
    const ratios: number[] = [];
    const queuedRatios: number[] = [];
    const extractRatios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const bare = await bareLoop();
      const e2e = await pipelined(`bench_p${r}`);
      const q = await queued(`bench_q${r}`);
      ratios.push(e2e / bare);
      queuedRatios.push(q.e2e / bare);
      extractRatios.push(q.extractOnly / bare);
      console.log(
        `  round ${r + 1}: bare session.run ${bare.toFixed(1)} images/s; end to end (files -> import with embedWith -> decode/resize -> inference -> rows) ${e2e.toFixed(1)} images/s, ratio ${(e2e / bare).toFixed(2)}; ` +
          `import, then a queued job ${q.e2e.toFixed(1)} images/s, ratio ${(q.e2e / bare).toFixed(2)}; the job alone (stored images -> rows) ${q.extractOnly.toFixed(1)} images/s, ratio ${(q.extractOnly / bare).toFixed(2)}`,
      );
    }
    console.log(
      `  median ratio end-to-end / bare: ${median(ratios).toFixed(2)} (target >= 0.8); import then queued job / bare: ${median(queuedRatios).toFixed(2)}; queued job alone / bare: ${median(extractRatios).toFixed(2)}`,
    );
    return { ratio: median(ratios), queuedRatio: median(queuedRatios), extractRatio: median(extractRatios) };
  } finally {
    await session.release();
    await services.stop();
    await store.close();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runExtractionBench();
