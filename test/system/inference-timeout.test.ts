import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server.js';
import { errorCode, gql } from '../helpers/graphql.js';
import { loopModel } from '../helpers/loop-model.js';
import { storeSnapshot } from '../helpers/store-snapshot.js';
import { forEachStore, tempDataDir } from '../helpers/stores.js';

const TIMEOUT_MS = 1500;
const REGISTER = `mutation($i: RegisterModelInput!) { registerModel(input: $i) { name version dimension } }`;
const EXTRACT = `mutation($m: String!, $d: String!) { extractEmbeddings(model: { name: $m }, dataset: $d) { id } }`;
const JOB = `query($id: ID!) { job(id: $id) { state done total startedAt errors { imageId message } } }`;
const IMAGES = `query($d: String!) { images(dataset: $d, first: 50) { edges { node { id fileName embeddings { vector } } } } }`;
const modelInput = (name: string, file: string) => ({
  name,
  onnxPath: file,
  inputWidth: 8,
  inputHeight: 8,
  mean: [0, 0, 0],
  std: [1, 1, 1],
  taps: [{ name: 'looped', reduction: 'GAP' }],
});
/** A uniform image; sizes differ so that equal greys are still distinct files. */
const grey = (v: number, size = 8) =>
  sharp({ create: { width: size, height: size, channels: 3, background: { r: v, g: v, b: v } } })
    .png()
    .toBuffer();

async function waitFor<T>(what: string, fn: () => Promise<T | null | false | undefined>, ms = 120_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

forEachStore('inference under INFERENCE_TIMEOUT_MS', (store) => {
  let server: RunningServer;
  let root: string;
  const config = (timeout: number) =>
    store().config({
      IMPORT_ROOT: root,
      INFERENCE_TIMEOUT_MS: String(timeout),
      EXTRACT_CHUNK_SIZE: '8',
      JOB_POLL_SECONDS: '1',
    });

  beforeAll(async () => {
    root = tempDataDir();
    // Never finishes, whatever the input (the registration probe included).
    fs.writeFileSync(path.join(root, 'loop.onnx'), loopModel(8, 1e12));
    // Finishes on black inputs (the probe, black images), never on brighter ones.
    fs.writeFileSync(path.join(root, 'bright-loop.onnx'), loopModel(8, 1e12, true));
    for (const folder of ['mixed', 'stuck']) fs.mkdirSync(path.join(root, folder));
    for (const [name, v, size] of [
      ['a-black.png', 0, 8],
      ['b-bright.png', 200, 8],
      ['c-black.png', 0, 9],
      ['d-bright.png', 150, 8],
      ['e-black.png', 0, 10],
    ] as const)
      fs.writeFileSync(path.join(root, 'mixed', name), await grey(v, size));
    for (let i = 0; i < 3; i++) fs.writeFileSync(path.join(root, 'stuck', `s${i}.png`), await grey(100 + i));
    server = await startServer(config(TIMEOUT_MS), () => {});
    for (const d of ['mixed', 'stuck']) {
      const r = await gql(server.url, `mutation($i: ImportFolderInput!) { importFolder(input: $i) { added } }`, {
        i: { folder: d, dataset: d },
      });
      expect(r.errors).toBeUndefined();
    }
  }, 120_000);
  afterAll(() => server?.close());

  it('refuses a model whose trial run does not finish, with LIMIT_EXCEEDED, writing nothing', async () => {
    const before = await storeSnapshot(server.store.pool);
    const started = Date.now();
    const body = await gql(server.url, REGISTER, { i: modelInput('loop', 'loop.onnx') });
    expect(errorCode(body)).toBe('LIMIT_EXCEEDED');
    expect(body.errors![0]!.message).toMatch(/INFERENCE_TIMEOUT_MS/);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await storeSnapshot(server.store.pool)).toEqual(before);
    // The server still answers at once: the stuck inference ran in a process now killed.
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
  }, 60_000);

  it("records a timed-out image as its chunk's error and carries on with the next images", async () => {
    const reg = await gql(server.url, REGISTER, { i: modelInput('bright', 'bright-loop.onnx') });
    expect(reg.errors).toBeUndefined();
    expect(reg.data.registerModel.dimension).toBe(3);
    const job = (await gql(server.url, EXTRACT, { m: 'bright', d: 'mixed' })).data.extractEmbeddings;
    const done = await waitFor('the job to end', async () => {
      const j = (await gql(server.url, JOB, { id: job.id })).data.job;
      return j.state === 'completed' || j.state === 'failed' ? j : null;
    });
    const images = (await gql(server.url, IMAGES, { d: 'mixed' })).data.images.edges.map((e: any) => e.node);
    const byName = new Map<string, any>(images.map((i: any) => [i.fileName, i]));
    // The black images before and after the stuck ones have their embeddings (the model adds
    // 10^12 x max(x) = 0 steps to their mean of 0).
    for (const name of ['a-black.png', 'c-black.png', 'e-black.png'])
      expect(byName.get(name).embeddings.map((e: any) => e.vector)).toEqual([[0, 0, 0]]);
    for (const name of ['b-bright.png', 'd-bright.png']) expect(byName.get(name).embeddings).toEqual([]);
    const errors = new Map(done.errors.map((e: any) => [e.imageId, e.message]));
    for (const name of ['b-bright.png', 'd-bright.png'])
      expect(errors.get(byName.get(name).id)).toMatch(/did not finish within 1500 ms \(INFERENCE_TIMEOUT_MS\)/);
    expect(errors.size).toBe(2);
    expect(done.done).toBe(3);
  }, 180_000);

  it('shuts down within a bounded time while a model is stuck', async () => {
    await server.close();
    server = await startServer(config(600_000), () => {}); // the stuck inference would last 10 minutes
    const job = (await gql(server.url, EXTRACT, { m: 'bright', d: 'stuck' })).data.extractEmbeddings;
    await waitFor('the chunk to start', async () => (await gql(server.url, JOB, { id: job.id })).data.job.startedAt);
    await new Promise((r) => setTimeout(r, 500)); // the first image is inside the model now
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(30_000);
    server = await startServer(config(TIMEOUT_MS), () => {}); // for afterAll, and: the store reopens
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  }, 180_000);
});
