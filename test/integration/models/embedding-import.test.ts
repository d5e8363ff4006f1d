import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../../src/server.js';
import { errorCode, gql } from '../../helpers/graphql.js';
import { IMAGE_EMBEDDINGS, seedExternalModel } from '../../helpers/external-embeddings.js';
import { npyBytes } from '../../helpers/npy.js';
import { forEachStore, tempDataDir } from '../../helpers/stores.js';

const IMPORT = `mutation($input: ImportEmbeddingsInput!) { importEmbeddings(input: $input) { imported dimension model { name version dimension } dataset { name } } }`;

forEachStore('precomputed embeddings', (store) => {
  let server: RunningServer;
  let root: string;
  const names = ['img_0.png', 'img_1.png', 'img_2.png', 'img_3.png'];
  const countEmbeddings = async () =>
    (await gql(server.url, IMAGE_EMBEDDINGS, { dataset: 'ext' })).data.images.edges.reduce(
      (a: number, e: any) => a + e.node.embeddings.length,
      0,
    );
  const write = (file: string, bytes: Buffer | string) => {
    fs.writeFileSync(path.join(root, file), bytes);
    return file;
  };

  beforeAll(async () => {
    root = tempDataDir();
    server = await startServer(store().config({ IMPORT_ROOT: root }), () => {});
    await seedExternalModel(server.url, names);
  });
  afterAll(() => server?.close());

  it('imports float64 rows in name order and serves the float32 vector only when asked', async () => {
    const values = Float64Array.from({ length: 4 * 5 }, (_, i) => i / 3 - 2.5);
    write('e.npy', npyBytes('<f8', [4, 5], values));
    write('names.txt', `${[...names].reverse().join('\n')}\n`); // rows are in reverse name order
    const body = await gql(server.url, IMPORT, {
      input: { model: { name: 'sam_external' }, dataset: 'ext', npyPath: 'e.npy', namesPath: 'names.txt' },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.importEmbeddings).toMatchObject({
      imported: 4,
      dimension: 5,
      model: { name: 'sam_external', dimension: 5 },
      dataset: { name: 'ext' },
    });
    const q = await gql(
      server.url,
      `query { images(dataset: "ext", first: 10) { edges { node { fileName embeddings { dimension vector } } } } }`,
    );
    for (const edge of q.data.images.edges) {
      const row = 3 - names.indexOf(edge.node.fileName);
      const expected = Array.from(values.subarray(row * 5, row * 5 + 5), (v) => Math.fround(v));
      expect(edge.node.embeddings).toHaveLength(1);
      expect(edge.node.embeddings[0].vector).toEqual(expected);
    }
  });

  it('refuses bad files with clear errors and writes nothing', async () => {
    const ok = Float32Array.from({ length: 20 }, (_, i) => i);
    const before = await countEmbeddings();
    const cases: [string, Buffer | string, string, RegExp][] = [
      [
        'rows.npy',
        npyBytes('<f4', [3, 5], ok.subarray(0, 15)),
        'INVALID_EMBEDDINGS',
        /3 rows but the names file lists 4/,
      ],
      [
        'dim.npy',
        npyBytes('<f4', [4, 4], ok.subarray(0, 16)),
        'DIMENSION_MISMATCH',
        /dimension 5, the .npy has 4 columns/,
      ],
      [
        'nan.npy',
        npyBytes(
          '<f4',
          [4, 5],
          Float32Array.from(ok, (v, i) => (i === 7 ? Number.NaN : v)),
        ),
        'INVALID_EMBEDDINGS',
        /Row 1 .* is NaN/,
      ],
      [
        'inf.npy',
        npyBytes(
          '<f8',
          [4, 5],
          Float64Array.from(ok, (v, i) => (i === 19 ? 1e300 : v)),
        ),
        'INVALID_EMBEDDINGS',
        /Row 3 .* is Infinity/,
      ],
      ['int.npy', npyBytes('<i4', [4, 5], Int32Array.from(ok)), 'INVALID_EMBEDDINGS', /dtype <i4 is not supported/],
      ['big.npy', npyBytes('>f4', [4, 5], ok), 'INVALID_EMBEDDINGS', /dtype >f4 is not supported/],
      ['rank3.npy', npyBytes('<f4', [4, 5, 1], ok), 'INVALID_EMBEDDINGS', /Expected a 2-D array/],
      ['fortran.npy', npyBytes('<f4', [4, 5], ok, true), 'INVALID_EMBEDDINGS', /Fortran-ordered/],
      ['short.npy', npyBytes('<f4', [4, 5], ok).subarray(0, 100), 'INVALID_EMBEDDINGS', /data bytes/],
      ['text.npy', 'not numpy at all', 'INVALID_EMBEDDINGS', /Not a .npy file/],
    ];
    write('names4.txt', names.join('\n'));
    for (const [file, bytes, code, message] of cases) {
      write(file, bytes);
      const body = await gql(server.url, IMPORT, {
        input: { model: { name: 'sam_external' }, dataset: 'ext', npyPath: file, namesPath: 'names4.txt' },
      });
      expect(errorCode(body), file).toBe(code);
      expect(body.errors![0]!.message).toMatch(message);
    }
    write('good.npy', npyBytes('<f4', [4, 5], ok));
    const nameCases: [string, RegExp][] = [
      [
        ['img_0.png', 'img_1.png', 'img_2.png', 'nope.png'].join('\n'),
        /1 name\(s\) are not images of dataset ext: nope.png/,
      ],
      [['img_0.png', 'img_1.png', 'img_1.png', 'img_3.png'].join('\n'), /Names listed twice: img_1.png/],
    ];
    for (const [text, message] of nameCases) {
      write('badnames.txt', text);
      const body = await gql(server.url, IMPORT, {
        input: { model: { name: 'sam_external' }, dataset: 'ext', npyPath: 'good.npy', namesPath: 'badnames.txt' },
      });
      expect(errorCode(body)).toBe('INVALID_EMBEDDINGS');
      expect(body.errors![0]!.message).toMatch(message);
    }
    const outside = await gql(server.url, IMPORT, {
      input: { model: { name: 'sam_external' }, dataset: 'ext', npyPath: '../good.npy', namesPath: 'names4.txt' },
    });
    expect(errorCode(outside)).toBe('PATH_OUTSIDE_IMPORT_ROOT');
    const noModel = await gql(server.url, IMPORT, {
      input: { model: { name: 'nope' }, dataset: 'ext', npyPath: 'good.npy', namesPath: 'names4.txt' },
    });
    expect(errorCode(noModel)).toBe('NOT_FOUND');
    expect(await countEmbeddings()).toBe(before);
  });
});
