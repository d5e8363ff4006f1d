import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import { embeddedOwner, embeddedUrl } from '../../src/db/embedded-store.js';
import { IMPORT_BATCH_SIZE } from '../../src/images/ingest.service.js';
import { startServer } from '../../src/server.js';
import { runCli } from '../helpers/cli.js';
import { gql } from '../helpers/graphql.js';
import { missingDataMessage, sharedDataset } from '../helpers/paths.js';
import { forEachStore, type TestStore } from '../helpers/stores.js';
import { expect, it } from 'vitest';

// Imports through the CLI (bin/distmetrics.js in a child process), beside a server or alone,
// and killed mid-import.

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

forEachStore('ingestion through the CLI', (store) => {
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
});
