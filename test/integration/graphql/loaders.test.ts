import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../../src/server.js';
import { gql } from '../../helpers/graphql.js';
import { forEachStore } from '../../helpers/stores.js';

// The per-request DataLoaders (src/graphql/loaders.ts): a list of datasets with their counts,
// image pages, each image's dataset and embeddings and each embedding's model costs the same
// number of SQL statements for 10 datasets as for 50 with 500 embeddings.

const QUERY = `{
  datasets {
    name imageCount maskCount
    images(first: 10) {
      totalCount
      edges { node { id fileName dataset { name } embeddings { dimension model { name version } } } }
    }
  }
}`;

/** Counts the statements every pg client of this process sends while `fn` runs (pg-boss's own polling aside). */
async function countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string } | undefined;
    const text = typeof config === 'string' ? config : (config?.text ?? '');
    if (!/pgboss/i.test(text)) statements.push(text);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    return { result: await fn(), statements };
  } finally {
    pg.Client.prototype.query = original;
  }
}

forEachStore('DataLoaders', (store) => {
  let server: RunningServer;
  let modelId: number;

  /** Datasets from..to-1, `images` images each (every other one with a mask), all embedded by the model. */
  async function addDatasets(from: number, to: number, images: number) {
    const { pool } = server.store;
    const shas = Array.from({ length: images + 1 }, (_, i) => `${'0'.repeat(60)}${String(i).padStart(4, '0')}`);
    await pool.query(
      `INSERT INTO blobs (sha256, content_type, size, bytes) SELECT s, 'image/png', 1, '\\x00' FROM unnest($1::text[]) s
       ON CONFLICT DO NOTHING`,
      [shas],
    );
    for (let d = from; d < to; d++) {
      const { rows } = await pool.query<{ id: number }>('INSERT INTO datasets (name) VALUES ($1) RETURNING id', [
        `ds${d}`,
      ]);
      const created = await pool.query<{ id: number }>(
        `INSERT INTO images (dataset_id, file_name, stem, sha256, width, height, mask_sha256)
         SELECT $1, 'img' || i || '.png', 'img' || i, $2::text[] ARRAY_POS, 8, 8, CASE WHEN i % 2 = 0 THEN $3 END
         FROM generate_series(1, $4) i RETURNING id`.replace('$2::text[] ARRAY_POS', '($2::text[])[i]'),
        [rows[0]!.id, shas, shas[images], images],
      );
      const ids = created.rows.map((r) => r.id);
      await server.services.embeddingRepository.upsertEmbeddings(
        modelId,
        ids,
        ids.map((id) => [id, 1, 2, 3]),
      );
    }
  }

  beforeAll(async () => {
    server = await startServer(store().config({ RUN_WORKER: 'false' }), () => {});
    modelId = (await server.services.registry.registerExternal({ name: 'ext', dimension: 4 })).id;
  });
  afterAll(() => server?.close());

  it('answers 50 datasets with 500 embedded images in as many statements as 10 datasets with 20', async () => {
    await addDatasets(0, 10, 2);
    const small = await countStatements(() => gql(server.url, QUERY));
    expect(small.result.errors).toBeUndefined();
    expect(small.result.data.datasets).toHaveLength(10);

    await addDatasets(10, 50, 10);
    const big = await countStatements(() => gql(server.url, QUERY));
    expect(big.result.errors).toBeUndefined();
    const datasets = big.result.data.datasets;
    expect(datasets).toHaveLength(50);
    const last = datasets.at(-1);
    expect(last).toMatchObject({ name: 'ds49', imageCount: 10, maskCount: 5 });
    expect(last.images.totalCount).toBe(10);
    const nodes = datasets.flatMap((d: any) => d.images.edges.map((e: any) => ({ ...e.node, owner: d.name })));
    expect(nodes).toHaveLength(10 * 2 + 40 * 10);
    expect(nodes.every((n: any) => n.dataset.name === n.owner)).toBe(true);
    expect(nodes.every((n: any) => n.embeddings.length === 1 && n.embeddings[0].dimension === 4)).toBe(true);
    expect(nodes[0].embeddings[0].model).toEqual({ name: 'ext', version: 1 });

    // datasets; their counts; the page's image ids; those images; their embeddings; the models.
    // Access control's own bookkeeping (the caller's key lookup, the rate limiter's batched
    // counter) is per request or per time window, not per item, and is left out of the count.
    const data = (statements: string[]) => statements.filter((sql) => !/api_keys|rate_limits/.test(sql));
    expect(data(big.statements)).toHaveLength(data(small.statements).length);
    expect(data(big.statements)).toHaveLength(6);
  });
});
