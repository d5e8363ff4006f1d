import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../../src/server.js';
import { errorCode, gql } from '../../helpers/graphql.js';
import { bombPng } from '../../helpers/bomb.js';
import { storeSnapshot } from '../../helpers/store-snapshot.js';
import { forEachStore, tempDataDir } from '../../helpers/stores.js';
import { EmbeddingWorld, newModel } from '../analytics/analytics-fixtures.js';

const ADD = `mutation($i: AddImageInput!) { addImage(input: $i) { created image { id } } }`;
const IMPORT = `mutation($i: ImportFolderInput!) { importFolder(input: $i) { added skipped { file reason } } }`;

interface HttpAnswer {
  status: number;
  type: string;
  text: string;
  json: any;
}

async function answer(res: Response): Promise<HttpAnswer> {
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, json };
}
const post = async (url: string, body: string) =>
  answer(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
const get = async (url: string) => answer(await fetch(url));
const gqlBody = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

/** An HTTP error answered as JSON with a code: never HTML, never a stack trace. */
function expectJsonError(r: HttpAnswer, status: number, code: string) {
  expect(r.status, r.text.slice(0, 300)).toBe(status);
  expect(r.type).toMatch(/json/);
  expect(r.text).not.toMatch(/<html|<pre|at [\w.]+ \(|node_modules/i);
  expect(r.json?.error?.code ?? r.json?.errors?.[0]?.extensions?.code).toBe(code);
}

const pngOf = (width: number, height: number, value: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: value, g: value, b: value } } })
    .png()
    .toBuffer();

forEachStore('request limits and error paths', (store) => {
  let server: RunningServer;
  let root: string;
  let bomb: Buffer;
  const snapshot = () => storeSnapshot(server.store.pool);

  beforeAll(async () => {
    root = tempDataDir();
    bomb = bombPng(16000);
    fs.mkdirSync(path.join(root, 'mixed'));
    fs.writeFileSync(path.join(root, 'mixed', 'bomb.png'), bomb);
    fs.writeFileSync(path.join(root, 'mixed', 'fine.png'), await pngOf(8, 8, 90));
    fs.symlinkSync(path.join(root, 'mixed', 'fine.png'), path.join(root, 'mixed', 'linked.png'));
    server = await startServer(
      store().config({
        IMPORT_ROOT: root,
        MAX_UPLOAD_BYTES: String(2 * 1024 * 1024),
        MAX_QUERY_COST: '50000',
        RUN_WORKER: 'false',
      }),
      () => {},
    );
    const world = new EmbeddingWorld(server.services, (await newModel(server.services, 'm', 16)).id, 16);
    await world.add('prim', 8, 0, 1, 1);
    await world.add('sec', 6, 0.5, 1, 2);
  }, 120_000);
  afterAll(() => server?.close());

  describe('images', () => {
    it('refuses a decompression bomb from its header, fast, writing nothing', async () => {
      expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
      const before = await snapshot();
      const started = Date.now();
      const body = await gql(server.url, ADD, {
        i: { dataset: 'uploads', fileName: 'bomb.png', imageBase64: bomb.toString('base64') },
      });
      expect(errorCode(body)).toBe('LIMIT_EXCEEDED');
      expect(body.errors![0]!.message).toMatch(/16000 x 16000 pixels.*MAX_IMAGE_PIXELS/);
      expect(Date.now() - started).toBeLessThan(8000); // decoding it took 18 s; its header takes milliseconds
      expect(await snapshot()).toEqual(before);
    });

    it('lists the bomb and a symlink as skipped in an import folder, and imports the rest', async () => {
      const body = await gql(server.url, IMPORT, { i: { folder: 'mixed', dataset: 'mixed' } });
      expect(body.errors).toBeUndefined();
      expect(body.data.importFolder.added).toBe(1);
      const skipped = Object.fromEntries(body.data.importFolder.skipped.map((s: any) => [s.file, s.reason]));
      expect(skipped['bomb.png']).toMatch(/MAX_IMAGE_PIXELS/);
      expect(skipped['linked.png']).toMatch(/symbolic link/);
    });

    it('refuses a JPEG cut short (valid header, truncated data) with IMAGE_DECODE_FAILED', async () => {
      const noise = Buffer.alloc(64 * 64 * 3);
      for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251;
      const jpeg = await sharp(noise, { raw: { width: 64, height: 64, channels: 3 } })
        .jpeg()
        .toBuffer();
      const truncated = jpeg.subarray(0, Math.floor(jpeg.length * 0.6));
      expect((await sharp(truncated).metadata()).width).toBe(64); // the header still reads
      const before = await snapshot();
      const body = await gql(server.url, ADD, {
        i: { dataset: 'uploads', fileName: 'cut.jpg', imageBase64: truncated.toString('base64') },
      });
      expect(errorCode(body)).toBe('IMAGE_DECODE_FAILED');
      expect(await snapshot()).toEqual(before);
    });

    it('refuses file names with path separators or control characters', async () => {
      const image = (await pngOf(4, 4, 10)).toString('base64');
      const before = await snapshot();
      for (const fileName of ['../up.png', 'a/b.png', 'a\\b.png', 'nul\u0000.png', 'line\n.png', '\u001b[31m.png']) {
        const body = await gql(server.url, ADD, { i: { dataset: 'uploads', fileName, imageBase64: image } });
        expect(errorCode(body), JSON.stringify(fileName)).toBe('INVALID_NAME');
      }
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('names, ids and paths', () => {
    it('answers NUL bytes in names with typed errors or null, never INTERNAL_SERVER_ERROR', async () => {
      const before = await snapshot();
      const cases: [string, Record<string, unknown>, string | null][] = [
        ['query($n: String!) { dataset(name: $n) { id } }', { n: 'a\u0000b' }, null],
        ['query($n: String!) { images(dataset: $n) { totalCount } }', { n: 'a\u0000b' }, 'NOT_FOUND'],
        ['query($n: String!) { model(name: $n) { id } }', { n: 'm\u0000' }, null],
        [
          'query($n: String!) { odist(scope: { model: { name: $n }, primary: "prim" }, secondaries: ["sec"]) { secondaries { odist } } }',
          { n: 'm\u0000' },
          'NOT_FOUND',
        ],
        [
          'query($n: String!) { odist(scope: { model: { name: "m" }, primary: $n }, secondaries: ["sec"]) { secondaries { odist } } }',
          { n: 'p\u0000' },
          'NOT_FOUND',
        ],
        [
          'mutation($n: String!) { registerExternalModel(input: { name: $n, dimension: 3 }) { id } }',
          { n: 'x\u0000' },
          'INVALID_NAME',
        ],
        [ADD, { i: { dataset: 'd\u0000', fileName: 'a.png', imageBase64: 'AAAA' } }, 'INVALID_NAME'],
        [IMPORT, { i: { folder: 'mix\u0000ed', dataset: 'x' } }, 'BAD_USER_INPUT'],
      ];
      for (const [query, variables, code] of cases) {
        const body = await gql(server.url, query, variables);
        if (code === null) {
          expect(body.errors, query).toBeUndefined();
          expect(Object.values(body.data!)[0]).toBeNull();
        } else expect(errorCode(body), query).toBe(code);
      }
      expect(await snapshot()).toEqual(before);
    });

    it('answers ids of 2^31 and more with NOT_FOUND, in GraphQL and over HTTP', async () => {
      for (const id of ['2147483648', '99999999999999999999']) {
        expect(errorCode(await gql(server.url, `{ image(id: "${id}") { id } }`)), id).toBe('NOT_FOUND');
        expect(errorCode(await gql(server.url, `{ job(id: "${id}") { id } }`)), id).toBe('NOT_FOUND');
        expectJsonError(await get(`${server.url}/images/${id}`), 404, 'NOT_FOUND');
        expectJsonError(await get(`${server.url}/images/${id}/thumbnail`), 404, 'NOT_FOUND');
        expectJsonError(await get(`${server.url}/analytics/fits/${id}/idist.npy?secondary=1`), 404, 'NOT_FOUND');
        expectJsonError(await get(`${server.url}/analytics/fits/1/idist.npy?secondary=${id}`), 404, 'NOT_FOUND');
      }
      expectJsonError(await get(`${server.url}/images/abc`), 400, 'BAD_USER_INPUT');
      const cursor = Buffer.from('id:2147483648').toString('base64url');
      const page = await gql(server.url, `{ images(dataset: "prim", after: "${cursor}") { totalCount } }`);
      expect(errorCode(page)).toBe('BAD_USER_INPUT');
    });

    it('never names an absolute server path in import errors', async () => {
      for (const folder of ['../outside', 'missing', '/etc', 'mixed/../../x']) {
        const body = await gql(server.url, IMPORT, { i: { folder, dataset: 'x' } });
        expect(body.errors, folder).toBeDefined();
        const text = JSON.stringify(body.errors);
        expect(text).not.toContain(root);
        expect(text).not.toMatch(/\/tmp\//);
      }
      const model = await gql(
        server.url,
        `mutation { registerModel(input: { name: "nope", onnxPath: "missing.onnx", taps: [{ name: "x", reduction: GAP }] }) { id } }`,
      );
      expect(errorCode(model)).toBe('NOT_FOUND');
      expect(JSON.stringify(model.errors)).not.toContain(root);
    });
  });

  describe('HTTP errors are JSON with a code', () => {
    it('unknown routes: 404', async () => {
      expectJsonError(await get(`${server.url}/no/such/route`), 404, 'NOT_FOUND');
      expectJsonError(await post(`${server.url}/images/1`, '{}'), 404, 'NOT_FOUND');
    });

    it('malformed JSON: 400', async () => {
      expectJsonError(await post(`${server.url}/graphql`, '{"query": '), 400, 'BAD_USER_INPUT');
    });

    it('an oversized body: 413, writing nothing', async () => {
      const before = await snapshot();
      const huge = JSON.stringify({ query: ADD, variables: { i: { imageBase64: 'A'.repeat(5 * 1024 * 1024) } } });
      expectJsonError(await post(`${server.url}/graphql`, huge), 413, 'LIMIT_EXCEEDED');
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('GraphQL limits', () => {
    it('refuses 500 aliases of datasets { imageCount maskCount } with LIMIT_EXCEEDED and HTTP 400', async () => {
      const query = `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: datasets { imageCount maskCount }`).join(' ')} }`;
      const r = await post(`${server.url}/graphql`, gqlBody(query));
      expectJsonError(r, 400, 'LIMIT_EXCEEDED');
      expect(r.json.errors[0].message).toMatch(/alias/i);
      expect(r.json.data).toBeUndefined();
    });

    it('refuses too many directives and too many tokens with LIMIT_EXCEEDED and HTTP 400', async () => {
      const directives = `{ datasets ${'@skip(if: false) '.repeat(25)} { name } }`;
      expectJsonError(await post(`${server.url}/graphql`, gqlBody(directives)), 400, 'LIMIT_EXCEEDED');
      const tokens = `{ ${'__typename '.repeat(5200)} }`; // __typename is free of the alias limit
      expect(tokens.length).toBeLessThan(64 * 1024);
      const r = await post(`${server.url}/graphql`, gqlBody(tokens));
      expectJsonError(r, 400, 'LIMIT_EXCEEDED');
      expect(r.json.errors[0].message).toMatch(/tokens/);
    });

    it('refuses a 1 MB document before parsing it, with HTTP 400', async () => {
      const query = `{ datasets { name } } ${'#'.repeat(1024 * 1024)}`;
      const started = Date.now();
      const r = await post(`${server.url}/graphql`, gqlBody(query));
      expectJsonError(r, 400, 'LIMIT_EXCEEDED');
      expect(r.json.errors[0].message).toMatch(/MAX_DOCUMENT_BYTES/);
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('answers a cost refusal with HTTP 400, not 500', async () => {
      const r = await post(
        `${server.url}/graphql`,
        gqlBody(
          `{ ${[1, 2, 3].map((i) => `a${i}: images(dataset: "prim", first: 500) { edges { node { embeddings { vector } } } }`).join(' ')} }`,
        ),
      );
      expectJsonError(r, 400, 'LIMIT_EXCEEDED');
    });

    it('charges uncached PCA fits: 25 new fits are refused writing nothing; once cached they are cheap', async () => {
      const odists = (zs: number[]) =>
        `{ ${zs.map((z, i) => `o${i}: odist(scope: { model: { name: "m" }, primary: "prim", components: ${z} }, secondaries: ["sec"]) { secondaries { odist } }`).join(' ')} }`;
      const zs = Array.from({ length: 25 }, (_, i) => i + 1); // 25 x 2000 (QUERY_COST_PER_FIT) + their own cost > 50 000
      const before = await snapshot();
      const refused = await post(`${server.url}/graphql`, gqlBody(odists(zs)));
      expectJsonError(refused, 400, 'LIMIT_EXCEEDED');
      expect(refused.json.errors[0].message).toMatch(/25 new PCA fits/);
      expect(await snapshot()).toEqual(before);
      // Fitted a few at a time (each request under the limit), the same 25 are then one cheap request.
      for (let i = 0; i < zs.length; i += 5)
        expect((await gql(server.url, odists(zs.slice(i, i + 5)))).errors).toBeUndefined();
      const fits = server.services.analytics.stats().fitsPerformed;
      const cached = await post(`${server.url}/graphql`, gqlBody(odists(zs)));
      expect(cached.status).toBe(200);
      expect(cached.json.errors).toBeUndefined();
      expect(server.services.analytics.stats().fitsPerformed).toBe(fits);
    });
  });
});
