import fs from 'node:fs';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoDatasetFiles } from '../../src/demo/seed.js';
import { BUNDLED_MODELS } from '../../src/models/bundled.js';
import { createModelRepository } from '../../src/models/model.repository.js';
import { exposeTensors } from '../../src/models/onnx-graph.js';
import { decodeImage } from '../../src/images/decode.js';
import { modelInput } from '../../src/models/preprocess.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { runCli } from '../helpers/cli.js';
import { errorCode, gql } from '../helpers/graphql.js';
import { forEachStore, tempDataDir } from '../helpers/stores.js';

const DET = BUNDLED_MODELS[0]!;
const IMAGES = 20;
const JOB_ENV = {
  JOB_EXPIRE_SECONDS: '3',
  JOB_MAINTENANCE_SECONDS: '1',
  EXTRACT_CHUNK_SIZE: '4',
  JOB_POLL_SECONDS: '1',
};
const REGISTER = `mutation($input: RegisterModelInput!) { registerModel(input: $input) {
  id name version dimension external predictionOutput taps { name reduction shape length } input { width height channelOrder } } }`;
const JOB = `query($id: ID!) { job(id: $id) { id state done total provider errors { imageId message } model { name provider } dataset { name } } }`;
const detInput = (overrides: Record<string, unknown> = {}) => ({
  name: 'det',
  onnxPath: 'det.onnx',
  channelOrder: 'BGR',
  taps: DET.taps.map((t) => ({ name: t.name, reduction: 'GAP' })),
  predictionOutput: DET.predictionOutput,
  ...overrides,
});

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 120_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

forEachStore('feature extraction', (store) => {
  let server: RunningServer;
  let root: string;
  const modelCount = async () => (await gql(server.url, '{ models { id } }')).data.models.length;

  beforeAll(async () => {
    root = tempDataDir();
    fs.copyFileSync(DET.file, path.join(root, 'det.onnx'));
    for (const [folder, index] of [
      ['primary', 0],
      ['blur', 2],
    ] as const) {
      fs.mkdirSync(path.join(root, folder));
      for (const f of (await demoDatasetFiles(index)).slice(0, IMAGES))
        fs.writeFileSync(path.join(root, folder, f.fileName), f.bytes);
    }
    // More than two import batches, so that importing with embedWith overlaps batches.
    fs.mkdirSync(path.join(root, 'many'));
    for (const index of [1, 3, 4, 5])
      for (const f of (await demoDatasetFiles(index)).slice(0, 18))
        fs.writeFileSync(path.join(root, 'many', f.fileName), f.bytes);
    // This server does not work on jobs itself: the test's worker processes do.
    server = await startServer(store().config({ IMPORT_ROOT: root, RUN_WORKER: 'false', ...JOB_ENV }), () => {});
    for (const name of ['primary', 'blur']) {
      const r = await gql(server.url, `mutation($i: ImportFolderInput!) { importFolder(input: $i) { added } }`, {
        i: { folder: name, dataset: name },
      });
      expect(r.data.importFolder.added).toBe(IMAGES);
    }
  });
  afterAll(() => server?.close());

  it('registers the bundled detector and reports each tap shape and the dimension', async () => {
    const body = await gql(server.url, REGISTER, { input: detInput() });
    expect(body.errors).toBeUndefined();
    const m = body.data.registerModel;
    expect(m).toMatchObject({
      name: 'det',
      version: 1,
      external: false,
      dimension: 432,
      predictionOutput: DET.predictionOutput,
      input: { width: 448, height: 448, channelOrder: 'BGR' },
    });
    expect(m.taps.map((t: any) => t.shape)).toEqual([
      [1, 12, 112, 112],
      [1, 18, 56, 56],
      [1, 42, 28, 28],
      [1, 360, 14, 14],
    ]);
    expect(m.taps.map((t: any) => t.length)).toEqual([12, 18, 42, 360]);
    const again = await gql(server.url, REGISTER, { input: detInput() });
    expect(again.data.registerModel.version).toBe(1); // same bytes and settings: the same model
    const v2 = await gql(server.url, REGISTER, {
      input: detInput({ taps: [{ name: DET.taps[3]!.name, reduction: 'GRID', grid: 2 }] }),
    });
    expect(v2.data.registerModel).toMatchObject({ version: 2, dimension: 1440 });
  });

  it('refuses bad registrations with typed errors, writing nothing', async () => {
    const before = await modelCount();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [detInput({ taps: [{ name: 'no_such_tensor', reduction: 'GAP' }] }), 'MODEL_INVALID', /no_such_tensor/],
      [
        detInput({ taps: [{ name: DET.taps[0]!.name, reduction: 'FLATTEN' }] }),
        'DIMENSION_TOO_LARGE',
        /150528 dimensions.*try conv2d_469.tmp_0:grid\d+/,
      ],
      [detInput({ name: '9lives' }), 'INVALID_NAME', /not valid/],
      [detInput({ onnxBase64: Buffer.from('xx').toString('base64') }), 'BAD_USER_INPUT', /exactly one of/],
      [
        detInput({ onnxPath: undefined, onnxBase64: Buffer.from('not an onnx file').toString('base64') }),
        'MODEL_INVALID',
        /./,
      ],
      [detInput({ onnxPath: '../det.onnx' }), 'PATH_OUTSIDE_IMPORT_ROOT', /outside/],
      [detInput({ taps: [{ name: DET.taps[0]!.name, reduction: 'GRID' }] }), 'BAD_USER_INPUT', /grid size/],
      [detInput({ std: [1, 0, 1] }), 'BAD_USER_INPUT', /std must be/],
    ];
    for (const [input, code, message] of cases) {
      const body = await gql(server.url, REGISTER, { input });
      expect(errorCode(body), JSON.stringify(input).slice(0, 120)).toBe(code);
      expect(body.errors![0]!.message).toMatch(message);
    }
    expect(await modelCount()).toBe(before);
  });

  it("registers through the CLI too, after listing the graph's tensors", async () => {
    const inspect = await runCli(['inspect-model', DET.file], store().env);
    expect(inspect.code).toBe(0);
    expect(inspect.stdout).toMatch(/^input\s+x \[/m);
    expect(inspect.stdout).toContain(DET.taps[3]!.name);
    const reg = await runCli(
      [
        'register-model',
        DET.file,
        '--name',
        'det_cli',
        '--tap',
        `${DET.taps[3]!.name}:gap`,
        '--tap',
        `${DET.taps[2]!.name}:grid2`,
        '--channel-order',
        'BGR',
      ],
      store().env,
    );
    expect(reg.stderr).toBe('');
    expect(reg.stdout).toContain('registered det_cli v1: dimension 528'); // 360 + 42 x 2 x 2
    expect(reg.stdout).toContain(`tap ${DET.taps[2]!.name} [1,42,28,28] -> 168`);
    const bad = await runCli(['register-model', DET.file, '--name', 'det_cli2', '--tap', 'x:mean'], store().env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/the reduction must be gap, gridN or flatten/);
  });

  it('two worker processes share one job; killing one mid-job still ends with exactly one embedding per image', async () => {
    const env = { ...store().env, ...JOB_ENV };
    const workers = [runCli(['worker'], env), runCli(['worker'], env)];
    try {
      const start = await gql(
        server.url,
        `mutation { extractEmbeddings(model: { name: "det", version: 1 }, dataset: "primary") { id state total } }`,
      );
      expect(start.errors).toBeUndefined();
      const jobId = start.data.extractEmbeddings.id;
      expect(start.data.extractEmbeddings.total).toBe(IMAGES);
      const same = await gql(
        server.url,
        `mutation { extractEmbeddings(model: { name: "det", version: 1 }, dataset: "primary") { id } }`,
      );
      expect(same.data.extractEmbeddings.id).toBe(jobId); // no second job for the same pair
      // The server keeps answering while the workers run inference.
      const during = await waitFor('progress', async () => {
        const j = (await gql(server.url, JOB, { id: jobId })).data.job;
        return j.done >= 8 && j;
      });
      expect(['running', 'completed']).toContain(during.state);
      workers[0]!.kill('SIGKILL');
      const done = await waitFor('job end', async () => {
        const j = (await gql(server.url, JOB, { id: jobId })).data.job;
        return (j.state === 'completed' || j.state === 'failed') && j;
      });
      expect(done).toMatchObject({
        state: 'completed',
        done: IMAGES,
        total: IMAGES,
        provider: 'cpu',
        errors: [],
        model: { name: 'det', provider: 'cpu' },
        dataset: { name: 'primary' },
      });
      const images = (
        await gql(
          server.url,
          `{ images(dataset: "primary", first: 100) { edges { node { embeddings { model { name version } dimension } } } } }`,
        )
      ).data.images.edges;
      expect(images).toHaveLength(IMAGES);
      for (const e of images)
        expect(e.node.embeddings).toEqual([{ model: { name: 'det', version: 1 }, dimension: 432 }]);
    } finally {
      for (const w of workers) w.kill('SIGKILL');
      await Promise.all(workers);
    }
  });

  it('stores the same vector as a direct onnxruntime run on the same input', async () => {
    const node = (
      await gql(server.url, `{ images(dataset: "primary", first: 1) { edges { node { url embeddings { vector } } } } }`)
    ).data.images.edges[0].node;
    const bytes = Buffer.from(await (await fetch(new URL(node.url, server.url))).arrayBuffer());
    // The input tensor as preprocessing makes it (checked against an independent computation in
    // test/system/bundled-models.test.ts); the taps are pooled here by hand.
    const tensor = modelInput(await decodeImage(bytes, 3), DET.input);
    const session = await InferenceSession.create(
      exposeTensors(
        fs.readFileSync(DET.file),
        DET.taps.map((t) => t.name),
      ),
    );
    const out = await session.run({ [session.inputNames[0]!]: new Tensor('float32', tensor, [1, 3, 448, 448]) });
    const expected: number[] = [];
    for (const tap of DET.taps) {
      const t = out[tap.name]!;
      const [, c, h, w] = t.dims as number[];
      const data = t.data as Float32Array;
      for (let ch = 0; ch < c!; ch++) {
        let sum = 0;
        for (let i = 0; i < h! * w!; i++) sum += data[ch * h! * w! + i]!;
        expected.push(sum / (h! * w!));
      }
    }
    const stored: number[] = node.embeddings[0].vector;
    expect(stored).toHaveLength(expected.length);
    for (let i = 0; i < expected.length; i++)
      expect(Math.abs(stored[i]! - expected[i]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected[i]!)));
  });

  it('embeds an uploaded image with the requested model before answering', async () => {
    const png = (await demoDatasetFiles(1))[0]!.bytes;
    const body = await gql(
      server.url,
      `mutation($i: AddImageInput!) { addImage(input: $i) { created image { embeddings { model { name } dimension vector } } } }`,
      {
        i: {
          dataset: 'uploads',
          fileName: 'one.png',
          imageBase64: Buffer.from(png).toString('base64'),
          models: ['det'],
        },
      },
    );
    expect(body.errors).toBeUndefined();
    const [embedding] = body.data.addImage.image.embeddings;
    expect(embedding).toMatchObject({ model: { name: 'det' }, dimension: 1440 }); // 'det' means its latest version
    expect(embedding.vector.every((v: number) => Number.isFinite(v))).toBe(true);
  });

  it('the CLI extract command works on the job until it is done', async () => {
    // one chunk: the job is running from the moment a worker takes it, not from when it ends
    const run = await runCli(['extract', '--model', 'det', '--version', '1', '--dataset', 'blur'], {
      ...store().env,
      ...JOB_ENV,
      EXTRACT_CHUNK_SIZE: String(IMAGES),
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`job \\d+ completed: ${IMAGES}/${IMAGES} images embedded on cpu`));
    const jobId = /job (\d+) completed/.exec(run.stdout)![1];
    const job = (
      await gql(server.url, `query($id: ID!) { job(id: $id) { createdAt startedAt finishedAt } }`, { id: jobId })
    ).data.job;
    expect(Date.parse(job.createdAt)).toBeLessThanOrEqual(Date.parse(job.startedAt));
    expect(Date.parse(job.startedAt)).toBeLessThan(Date.parse(job.finishedAt));
  });

  it('imports with embedWith: every new image is embedded when the answer comes; an unknown model imports nothing', async () => {
    const IMPORT = `mutation($i: ImportFolderInput!) { importFolder(input: $i) { added dataset { name } } }`;
    const refused = await gql(server.url, IMPORT, {
      i: { folder: 'many', dataset: 'many', embedWith: ['det', 'no_such_model'] },
    });
    expect(errorCode(refused)).toBe('NOT_FOUND');
    expect((await gql(server.url, '{ dataset(name: "many") { id } }')).data.dataset).toBeNull();
    const body = await gql(server.url, IMPORT, { i: { folder: 'many', dataset: 'many', embedWith: ['det'] } });
    expect(body.errors).toBeUndefined();
    expect(body.data.importFolder.added).toBe(72); // three import batches
    const images = (
      await gql(
        server.url,
        `{ images(dataset: "many", first: 100) { edges { node { embeddings { model { name version } dimension } } } } }`,
      )
    ).data.images.edges;
    expect(images).toHaveLength(72);
    for (const e of images)
      expect(e.node.embeddings).toEqual([{ model: { name: 'det', version: 2 }, dimension: 1440 }]);
  });

  it('the CLI import --extract embeds as it imports and says how many', async () => {
    const run = await runCli(
      ['import', path.join(root, 'blur'), '--dataset', 'blur_cli', '--extract', 'det'],
      store().env,
    );
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`blur_cli: ${IMAGES} added`);
    expect(run.stdout).toContain(`det v2: ${IMAGES} of ${IMAGES} images embedded`);
    // The import embedded the pixels it had decoded to check each file; a job decodes the stored
    // bytes again. Both must give the same vectors.
    const job = await runCli(['extract', '--model', 'det', '--version', '2', '--dataset', 'blur'], {
      ...store().env,
      ...JOB_ENV,
    });
    expect(job.code).toBe(0);
    const vectors = async (dataset: string) => {
      const q = `query($d: String!) { images(dataset: $d, first: 100) { edges { node { fileName embeddings { model { version } vector } } } } }`;
      const edges = (await gql(server.url, q, { d: dataset })).data.images.edges;
      return new Map<string, number[]>(
        edges.map((e: any) => [e.node.fileName, e.node.embeddings.find((m: any) => m.model.version === 2).vector]),
      );
    };
    const [fromImport, fromJob] = [await vectors('blur_cli'), await vectors('blur')];
    expect(fromImport.size).toBe(IMAGES);
    for (const [name, v] of fromImport) expect(v).toEqual(fromJob.get(name));
  });

  it('two chunks recording progress at once keep both their errors and finish the job', async () => {
    const repo = createModelRepository(server.services.store.prisma, server.services.store.pool);
    const imported = await gql(
      server.url,
      `mutation($i: ImportFolderInput!) { importFolder(input: $i) { added dataset { id } } }`,
      { i: { folder: 'blur', dataset: 'race' } },
    );
    const model = (await repo.findModel('det', 1))!;
    for (let round = 0; round < 3; round++) {
      const job = await repo.createJob({
        kind: `race${round}`,
        modelId: model.id,
        datasetId: Number(imported.data.importFolder.dataset.id),
        total: IMAGES,
        done: 0,
        state: 'running',
        provider: null,
      });
      const errors = (from: number) =>
        Array.from({ length: IMAGES / 2 }, (_, i) => ({ imageId: from + i, message: `bad ${from + i}` }));
      await Promise.all([
        repo.recordProgress(job.id, { newErrors: errors(0), provider: 'cpu' }),
        repo.recordProgress(job.id, { newErrors: errors(IMAGES / 2), provider: 'cpu' }),
      ]);
      const after = (await repo.jobById(job.id))!;
      expect((after.errors as unknown[]).length).toBe(IMAGES);
      expect(after.state).toBe('failed'); // every image failed, none embedded
      expect(after.finishedAt).not.toBeNull();
    }
  });
});
