import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server.js';
import { runCli } from '../helpers/cli.js';
import { errorCode, gql } from '../helpers/graphql.js';
import { IMAGE_EMBEDDINGS, seedExternalModel } from '../helpers/external-embeddings.js';
import { npyBytes } from '../helpers/npy.js';
import { forEachStore, tempDataDir } from '../helpers/stores.js';

// Embeddings imported through the CLI (bin/distmetrics.js in a child process) beside a server.
forEachStore('precomputed embeddings through the CLI', (store) => {
  let server: RunningServer;
  let root: string;
  const names = ['img_0.png', 'img_1.png', 'img_2.png', 'img_3.png'];
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

  it('imports through the CLI too, and an external model cannot be extracted', async () => {
    const values = Float32Array.from({ length: 20 }, (_, i) => -i);
    write('cli.npy', npyBytes('<f4', [4, 5], values));
    write('cli-names.txt', names.join('\n'));
    const run = await runCli(
      [
        'import-embeddings',
        path.join(root, 'cli.npy'),
        '--names',
        path.join(root, 'cli-names.txt'),
        '--model',
        'sam_external',
        '--dataset',
        'ext',
      ],
      store().env,
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('4 embeddings of dimension 5 imported into sam_external v1 / ext');
    const images = (await gql(server.url, IMAGE_EMBEDDINGS, { dataset: 'ext' })).data.images.edges;
    expect(images.map((e: any) => e.node.embeddings)).toEqual(
      names.map(() => [{ model: { name: 'sam_external' }, dimension: 5 }]),
    );
    const extract = await gql(
      server.url,
      `mutation { extractEmbeddings(model: { name: "sam_external" }, dataset: "ext") { id } }`,
    );
    expect(errorCode(extract)).toBe('MODEL_UNAVAILABLE');
  });
});
