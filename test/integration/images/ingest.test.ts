import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedOwner, embeddedUrl } from '../../../src/db/embedded-store.js';
import { IMPORT_BATCH_SIZE } from '../../../src/images/ingest.service.js';
import { type RunningServer, startServer } from '../../../src/server.js';
import { runCli } from '../../helpers/cli.js';
import { errorCode, gql } from '../../helpers/graphql.js';
import { missingDataMessage, sharedDataset } from '../../helpers/paths.js';
import { forEachStore, tempDataDir, type TestStore } from '../../helpers/stores.js';

const AIGLE = sharedDataset('AigleRN-TRIMM-crops');
const DEEPCRACK = sharedDataset('DeepCrack');
if (!AIGLE) console.warn(missingDataMessage('AigleRN-TRIMM-crops'));
if (!DEEPCRACK) console.warn(missingDataMessage('DeepCrack'));

const IMAGES_QUERY = `query($dataset: String!, $first: Int, $after: String) {
  images(dataset: $dataset, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id fileName width height hasMask url maskUrl thumbnailUrl } }
  }
}`;
const COUNTS = `query($name: String!) { dataset(name: $name) { imageCount maskCount } }`;

async function imageCount(url: string, dataset: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const sql = 'SELECT count(*)::int AS n FROM images i JOIN datasets d ON d.id = i.dataset_id WHERE d.name = $1';
    return (await client.query(sql, [dataset])).rows[0].n;
  } finally {
    await client.end();
  }
}

/** The URL a second process uses to reach the store (the embedded one through its owner's socket). */
function storeUrl(store: TestStore): string | null {
  if (store.env.DATABASE_URL) return store.env.DATABASE_URL;
  const owner = embeddedOwner(store.env.DISTMETRICS_DATA_DIR!);
  return owner?.port ? embeddedUrl(owner.port) : null;
}

async function png(width: number, height: number, channels: 1 | 3 = 3): Promise<Buffer> {
  return sharp(Buffer.alloc(width * height * channels, 90), { raw: { width, height, channels } })
    .png()
    .toBuffer();
}

forEachStore('ingestion', (store) => {
  it.skipIf(!AIGLE)(
    'imports AigleRN through the CLI with no server running, then serves 78 images with masks over HTTP',
    async () => {
      const run = await runCli(
        ['import', `${AIGLE}/images`, '--masks', `${AIGLE}/masks`, '--dataset', 'aigle'],
        store().env,
      );
      expect(run.stderr).not.toMatch(/error/);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('aigle: 78 added, 0 already present, 78 with masks, 0 skipped');
      const server = await startServer(store().config(), () => {});
      try {
        const body = await gql(server.url, IMAGES_QUERY, { dataset: 'aigle', first: 100 });
        const images = body.data.images;
        expect(images.totalCount).toBe(78);
        expect(images.edges).toHaveLength(78);
        expect(images.edges.every((e: any) => e.node.hasMask)).toBe(true);
        const sizes = new Set(images.edges.map((e: any) => `${e.node.width}x${e.node.height}`));
        expect(sizes).toEqual(new Set(['240x141', '141x240']));
        const first = images.edges[0].node;
        const original = await fetch(new URL(first.url, server.url));
        expect(original.status).toBe(200);
        expect(Buffer.from(await original.arrayBuffer())).toEqual(
          fs.readFileSync(path.join(AIGLE!, 'images', first.fileName)),
        );
        const mask = await fetch(new URL(first.maskUrl, server.url));
        expect(mask.headers.get('content-type')).toBe('image/png');
        expect((await sharp(Buffer.from(await mask.arrayBuffer())).metadata()).width).toBe(first.width);
        expect((await fetch(new URL(first.thumbnailUrl, server.url))).headers.get('content-type')).toBe('image/jpeg');
        // Keyset paging: two pages of 50 + 28 give the same 78 ids in order.
        const p1 = (await gql(server.url, IMAGES_QUERY, { dataset: 'aigle', first: 50 })).data.images;
        const p2 = (await gql(server.url, IMAGES_QUERY, { dataset: 'aigle', first: 50, after: p1.pageInfo.endCursor }))
          .data.images;
        expect(p1.pageInfo.hasNextPage).toBe(true);
        expect(p2.pageInfo.hasNextPage).toBe(false);
        expect([...p1.edges, ...p2.edges].map((e: any) => e.node.id)).toEqual(images.edges.map((e: any) => e.node.id));
      } finally {
        await server.close();
      }
      const again = await runCli(
        ['import', `${AIGLE}/images`, '--masks', `${AIGLE}/masks`, '--dataset', 'aigle'],
        store().env,
      );
      expect(again.stdout).toContain('aigle: 0 added, 78 already present');
    },
  );

  it.skipIf(!AIGLE)('imports through the CLI while the server runs', async () => {
    const server = await startServer(store().config(), () => {});
    try {
      const run = await runCli(['import', `${AIGLE}/images`, '--dataset', 'aigle_live'], store().env);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('aigle_live: 78 added');
      const counts = await gql(server.url, COUNTS, { name: 'aigle_live' });
      expect(counts.data.dataset).toEqual({ imageCount: 78, maskCount: 0 });
      const health = await (await fetch(`${server.url}/health`)).json();
      expect(health.ok).toBe(true);
    } finally {
      await server.close();
    }
  });

  it.skipIf(!DEEPCRACK)('a killed import leaves only whole batches, and re-running completes it', async () => {
    const env = store().env;
    const args = ['import', `${DEEPCRACK}/images`, '--masks', `${DEEPCRACK}/masks`, '--dataset', 'deepcrack'];
    const child = runCli(args, env);
    let seen = 0;
    for (let i = 0; i < 2400 && seen < IMPORT_BATCH_SIZE; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const url = storeUrl(store());
      if (url) seen = await imageCount(url, 'deepcrack').catch(() => 0);
    }
    child.kill('SIGKILL');
    await child;
    expect(seen).toBeGreaterThanOrEqual(IMPORT_BATCH_SIZE);
    const server = await startServer(store().config(), () => {});
    try {
      const partial = (await gql(server.url, COUNTS, { name: 'deepcrack' })).data.dataset;
      expect(partial.imageCount % IMPORT_BATCH_SIZE === 0 || partial.imageCount === 237).toBe(true);
      expect(partial.maskCount).toBe(partial.imageCount);
    } finally {
      await server.close();
    }
    const rerun = await runCli(args, env);
    expect(rerun.code).toBe(0);
    const server2 = await startServer(store().config(), () => {});
    try {
      expect((await gql(server2.url, COUNTS, { name: 'deepcrack' })).data.dataset).toEqual({
        imageCount: 237,
        maskCount: 237,
      });
    } finally {
      await server2.close();
    }
  });

  describe('bad input', () => badInputSuite(store));
});

function badInputSuite(store: () => TestStore) {
  let server: RunningServer;
  let importRoot: string;
  beforeAll(async () => {
    importRoot = tempDataDir();
    server = await startServer(store().config({ IMPORT_ROOT: importRoot }), () => {});
  });
  afterAll(() => server?.close());

  const IMPORT = `mutation($input: ImportFolderInput!) { importFolder(input: $input) {
    total added alreadyPresent withMask skipped { file reason } dataset { name imageCount } } }`;
  const ADD = `mutation($input: AddImageInput!) { addImage(input: $input) { created image { id width height hasMask } } }`;
  const datasetNames = async () =>
    (await gql(server.url, '{ datasets { name } }')).data.datasets.map((d: any) => d.name);

  it('lists each bad file with its reason and imports the rest', async () => {
    const dir = path.join(importRoot, 'mixed');
    const masks = path.join(importRoot, 'mixed-masks');
    fs.mkdirSync(dir, { recursive: true });
    fs.mkdirSync(masks, { recursive: true });
    fs.writeFileSync(path.join(dir, 'good.png'), await png(8, 6));
    fs.writeFileSync(path.join(masks, 'good.png'), await png(8, 6, 1));
    fs.writeFileSync(path.join(dir, 'wrongmask.png'), await png(9, 6));
    fs.writeFileSync(path.join(masks, 'wrongmask.png'), await png(6, 9, 1));
    fs.writeFileSync(path.join(dir, 'corrupt.jpg'), Buffer.from('definitely not a jpeg'));
    const real = await sharp(Buffer.alloc(64 * 64 * 3, 128), { raw: { width: 64, height: 64, channels: 3 } })
      .jpeg()
      .toBuffer();
    fs.writeFileSync(path.join(dir, 'truncated.jpg'), real.subarray(0, Math.floor(real.length / 2)));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello');
    const body = await gql(server.url, IMPORT, { input: { folder: 'mixed', masks: 'mixed-masks', dataset: 'mixed' } });
    expect(body.errors).toBeUndefined();
    const r = body.data.importFolder;
    expect(r).toMatchObject({ total: 4, added: 1, withMask: 1, dataset: { name: 'mixed', imageCount: 1 } });
    const reasons = Object.fromEntries(r.skipped.map((s: any) => [s.file, s.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['corrupt.jpg', 'notes.txt', 'truncated.jpg', 'wrongmask.png']);
    expect(reasons['wrongmask.png']).toMatch(/6x9 but image wrongmask.png is 9x6/);
    expect(reasons['corrupt.jpg']).toMatch(/Cannot decode image/);
    expect(reasons['truncated.jpg']).toMatch(/Cannot decode image/);
    expect(reasons['notes.txt']).toMatch(/unsupported file type/);
  });

  it('refuses an empty folder, an invalid dataset name and paths outside the import root, writing nothing', async () => {
    fs.mkdirSync(path.join(importRoot, 'empty'), { recursive: true });
    const before = await datasetNames();
    const cases: [Record<string, string>, string][] = [
      [{ folder: 'empty', dataset: 'emptyset' }, 'EMPTY_FOLDER'],
      [{ folder: 'mixed', dataset: '1-not-an-identifier' }, 'INVALID_NAME'],
      [{ folder: 'mixed', dataset: 'has space' }, 'INVALID_NAME'],
      [{ folder: '../', dataset: 'escape' }, 'PATH_OUTSIDE_IMPORT_ROOT'],
      [{ folder: 'mixed/../../etc', dataset: 'escape' }, 'PATH_OUTSIDE_IMPORT_ROOT'],
      [{ folder: '/etc', dataset: 'escape' }, 'PATH_OUTSIDE_IMPORT_ROOT'],
      [{ folder: 'mixed', masks: '/tmp', dataset: 'escape' }, 'PATH_OUTSIDE_IMPORT_ROOT'],
      [{ folder: 'does-not-exist', dataset: 'missing' }, 'NOT_FOUND'],
    ];
    fs.symlinkSync('/etc', path.join(importRoot, 'link-out'));
    cases.push([{ folder: 'link-out', dataset: 'escape' }, 'PATH_OUTSIDE_IMPORT_ROOT']);
    for (const [input, code] of cases) {
      const body = await gql(server.url, IMPORT, { input });
      expect(body.data).toBeNull();
      expect(errorCode(body), JSON.stringify(input)).toBe(code);
      expect(body.errors![0]!.message.length).toBeGreaterThan(10);
    }
    expect(await datasetNames()).toEqual(before);
  });

  it('adds one uploaded image with its mask, and refuses bad uploads with typed errors', async () => {
    const image = (await png(12, 10)).toString('base64');
    const ok = await gql(server.url, ADD, {
      input: {
        dataset: 'uploads',
        fileName: 'a.png',
        imageBase64: image,
        maskBase64: (await png(12, 10, 1)).toString('base64'),
        maskFileName: 'a.png',
      },
    });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.addImage).toMatchObject({ created: true, image: { width: 12, height: 10, hasMask: true } });
    const dup = await gql(server.url, ADD, { input: { dataset: 'uploads', fileName: 'a.png', imageBase64: image } });
    expect(dup.data.addImage.created).toBe(false);
    const bad: [Record<string, string>, string][] = [
      [
        { dataset: 'uploads', fileName: 'b.png', imageBase64: Buffer.from('garbage').toString('base64') },
        'IMAGE_DECODE_FAILED',
      ],
      [
        {
          dataset: 'uploads',
          fileName: 'c.png',
          imageBase64: image,
          maskBase64: (await png(5, 5, 1)).toString('base64'),
        },
        'MASK_SIZE_MISMATCH',
      ],
      [{ dataset: 'bad name', fileName: 'd.png', imageBase64: image }, 'INVALID_NAME'],
      [{ dataset: 'uploads', fileName: 'e.txt', imageBase64: image }, 'BAD_USER_INPUT'],
      [{ dataset: 'uploads', fileName: 'f.png', imageBase64: '***' }, 'BAD_USER_INPUT'],
      [{ dataset: 'uploads', fileName: 'a.png', imageBase64: (await png(7, 7)).toString('base64') }, 'ALREADY_EXISTS'],
    ];
    for (const [input, code] of bad)
      expect(errorCode(await gql(server.url, ADD, { input })), JSON.stringify(input).slice(0, 80)).toBe(code);
    expect((await gql(server.url, COUNTS, { name: 'uploads' })).data.dataset).toEqual({ imageCount: 1, maskCount: 1 });
  });

  it('refuses bad paging arguments with BAD_USER_INPUT', async () => {
    expect(
      errorCode(await gql(server.url, IMAGES_QUERY, { dataset: 'uploads', first: 1, after: 'not-a-cursor' })),
    ).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(server.url, IMAGES_QUERY, { dataset: 'uploads', first: 100000 }))).toMatch(
      /BAD_USER_INPUT|LIMIT_EXCEEDED/,
    );
    expect(errorCode(await gql(server.url, IMAGES_QUERY, { dataset: 'nope', first: 1 }))).toBe('NOT_FOUND');
  });
}
