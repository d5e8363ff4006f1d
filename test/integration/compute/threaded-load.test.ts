import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddingRepository } from '../../../src/analytics/embedding.repository.js';
import { useStore } from '../../helpers/stores.js';
import {
  addImages,
  type AnalyticsServer,
  newModel,
  startAnalyticsServer,
  syntheticVectors,
} from '../analytics/analytics-fixtures.js';

// Loads for fits from a PostgreSQL server run on the analytics threads, in the caller's snapshot.
// Checked against the main-thread COPY path of the same repository, on the same rows.
describe('embeddings loaded on the analytics threads (PostgreSQL)', () => {
  const store = useStore('postgres');
  let server: AnalyticsServer;
  let modelId: number;
  let datasetIds: number[];
  const Q = 700;
  const COUNTS = [900, 37, 650]; // 2.3 MB in all: split over both threads, across dataset borders

  beforeAll(async () => {
    server = await startAnalyticsServer(store(), { RUN_WORKER: 'false', ANALYTICS_THREADS: '2' });
    modelId = (await newModel(server.services, 'load', Q)).id;
    datasetIds = [];
    for (const [i, count] of COUNTS.entries()) {
      const ids = await addImages(server.services, `load${i}`, count);
      await server.services.embeddingRepository.upsertEmbeddings(
        modelId,
        ids,
        syntheticVectors(count, Q, i, 1, 10 + i),
      );
      const { rows } = await server.store.pool.query<{ id: number }>('SELECT id FROM datasets WHERE name = $1', [
        `load${i}`,
      ]);
      datasetIds.push(rows[0]!.id);
    }
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('gives the rows, ids and status that the main-thread COPY gives, in the order asked', async () => {
    const order = [datasetIds[2]!, datasetIds[0]!, datasetIds[1]!];
    const threaded = await server.services.embeddingRepository.loadSets(modelId, order, Q);
    const plain = await createEmbeddingRepository(server.store.pool, { loadChunkBytes: Infinity }).loadSets(
      modelId,
      order,
      Q,
    );
    expect(threaded.rows).toBe(COUNTS[0]! + COUNTS[1]! + COUNTS[2]!);
    expect(threaded.status).toEqual(plain.status);
    expect(threaded.imageIds.map((ids) => Array.from(ids))).toEqual(plain.imageIds.map((ids) => Array.from(ids)));
    expect(
      Buffer.from(threaded.data.buffer, 0, threaded.data.byteLength).equals(
        Buffer.from(plain.data.buffer, 0, plain.data.byteLength),
      ),
    ).toBe(true);
    // The rows are the stored vectors: spot-check one against pgvector's own text.
    const id = threaded.imageIds[1]![5]!;
    const { rows } = await server.store.pool.query<{ v: string }>(
      'SELECT embedding::text AS v FROM embeddings WHERE model_id = $1 AND image_id = $2',
      [modelId, id],
    );
    const row = COUNTS[2]! + 5;
    expect(Array.from(threaded.data.subarray(row * Q, (row + 1) * Q))).toEqual(
      JSON.parse(rows[0]!.v).map((x: number) => Math.fround(x)),
    );
  });

  it('refuses vectors of another dimension with the RangeError the fit service turns into DIMENSION_MISMATCH', async () => {
    await expect(server.services.embeddingRepository.loadSets(modelId, datasetIds, Q + 1)).rejects.toMatchObject({
      name: 'RangeError',
      message: expect.stringMatching(/expected 701 dimensions, found 700/),
    });
    // The threads' connections are usable afterwards.
    const again = await server.services.embeddingRepository.loadSets(modelId, datasetIds, Q);
    expect(again.rows).toBe(COUNTS[0]! + COUNTS[1]! + COUNTS[2]!);
  });

  // Last: it deletes a row.
  it("reads the caller's snapshot: a row deleted after it is still loaded", async () => {
    const pool = server.store.pool;
    const client = await pool.connect();
    const other = new pg.Client({ connectionString: server.store.url });
    await other.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const {
        rows: [{ snapshot }],
      } = await client.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot');
      // A row deleted after the snapshot: still loaded, from the snapshot.
      const { rows: victims } = await other.query<{ image_id: number }>(
        `DELETE FROM embeddings WHERE model_id = $1 AND image_id = (
           SELECT min(e.image_id) FROM embeddings e JOIN images i ON i.id = e.image_id WHERE e.model_id = $1 AND i.dataset_id = $2)
         RETURNING image_id`,
        [modelId, datasetIds[1]],
      );
      const data = new Float32Array(new SharedArrayBuffer(COUNTS[1]! * Q * 4));
      const sql = `COPY (SELECT e.image_id, e.embedding FROM embeddings e JOIN images i ON i.id = e.image_id
        WHERE e.model_id = ${modelId} AND i.dataset_id = ${datasetIds[1]} ORDER BY e.image_id) TO STDOUT (FORMAT binary)`;
      const [ids] = await server.services.analyticsPool.copyLoad({
        url: server.store.url,
        snapshot,
        data,
        cols: Q,
        segments: [{ sql, atRow: 0, rows: COUNTS[1]! }],
      });
      expect(ids![0]).toBe(victims[0]!.image_id);
      expect(ids!.length).toBe(COUNTS[1]);
      // Without the snapshot the row is gone: the same COPY now finds one row fewer.
      await client.query('COMMIT');
      const after = server.services.analyticsPool.copyLoad({
        url: server.store.url,
        snapshot,
        data,
        cols: Q,
        segments: [{ sql, atRow: 0, rows: COUNTS[1]! }],
      });
      await expect(after).rejects.toThrow(/snapshot/);
    } finally {
      client.release();
      await other.end();
    }
  });
});
