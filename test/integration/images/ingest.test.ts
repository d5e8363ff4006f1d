import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../../src/server.js';
import { errorCode, gql } from '../../helpers/graphql.js';
import { forEachStore, tempDataDir, type TestStore } from '../../helpers/stores.js';

const IMAGES_QUERY = `query($dataset: String!, $first: Int, $after: String) {
  images(dataset: $dataset, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id fileName width height hasMask url maskUrl thumbnailUrl } }
  }
}`;
const COUNTS = `query($name: String!) { dataset(name: $name) { imageCount maskCount } }`;

async function png(width: number, height: number, channels: 1 | 3 = 3): Promise<Buffer> {
  return sharp(Buffer.alloc(width * height * channels, 90), { raw: { width, height, channels } })
    .png()
    .toBuffer();
}

forEachStore('ingestion', (store) => {
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
    // A defaulted argument is non-null: left out it is the default, an explicit null is refused.
    expect(errorCode(await gql(server.url, IMAGES_QUERY, { dataset: 'uploads', first: null }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(server.url, `{ images(dataset: "uploads", first: null) { totalCount } }`))).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
    const defaulted = await gql(server.url, IMAGES_QUERY, { dataset: 'uploads' });
    expect(defaulted.data.images.edges).toHaveLength(1);
  });
}
