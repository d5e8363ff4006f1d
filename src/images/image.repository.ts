import { createHash } from 'node:crypto';
import type pg from 'pg';
import { inTransaction } from '../db/pool.js';
import { encodeByteaArray } from '../db/vector-binary.js';
import type { PrismaClient } from '../generated/prisma/client.js';

/** A transaction's connection (raw SQL: an import moves megabytes of bytes, which Prisma sends as hex text). */
export type Tx = pg.PoolClient;

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export interface NewImageRow {
  fileName: string;
  stem: string;
  sha256: string;
  bytes: Uint8Array;
  contentType: string;
  width: number;
  height: number;
  mask: { sha256: string; bytes: Uint8Array; contentType: string } | null;
}

export interface NewBlob {
  sha256: string;
  bytes: Uint8Array;
  contentType: string;
}

const INSERT_BLOBS_SQL = `
  INSERT INTO blobs (sha256, content_type, size, bytes)
  SELECT sha, content_type, length(bytes), bytes FROM unnest($1::text[], $2::text[], $3::bytea[]) AS t(sha, content_type, bytes)
  ON CONFLICT (sha256) DO NOTHING`;

/** Stores content-addressed blobs in one statement, bytes sent as binary; ones already stored are kept. */
export async function insertBlobs(client: pg.ClientBase, blobs: readonly NewBlob[]): Promise<void> {
  if (blobs.length === 0) return;
  await client.query(INSERT_BLOBS_SQL, [
    blobs.map((b) => b.sha256),
    blobs.map((b) => b.contentType),
    encodeByteaArray(blobs.map((b) => b.bytes)),
  ]);
}

const INSERT_IMAGES_SQL = `
  INSERT INTO images (dataset_id, file_name, stem, sha256, width, height, mask_sha256)
  SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::int4[], $6::int4[], $7::text[])
  ON CONFLICT DO NOTHING
  RETURNING id, sha256`;

/** Datasets, images and blobs: the relational side of ingestion. */
export function createImageRepository(prisma: PrismaClient, pool: pg.Pool) {
  return {
    transaction: <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => inTransaction(pool, fn),

    findDataset: (name: string) => prisma.dataset.findUnique({ where: { name } }),
    listDatasets: () => prisma.dataset.findMany({ orderBy: { id: 'asc' } }),
    datasetById: (id: number) => prisma.dataset.findUnique({ where: { id } }),
    datasetsByIds: (ids: readonly number[]) => prisma.dataset.findMany({ where: { id: { in: [...ids] } } }),

    async ensureDataset(tx: Tx, name: string): Promise<{ id: number; name: string }> {
      // Inserted only when absent, so that batches into an existing dataset take no id from the sequence.
      await tx.query(
        'INSERT INTO datasets (name) SELECT $1 WHERE NOT EXISTS (SELECT 1 FROM datasets WHERE name = $1) ON CONFLICT (name) DO NOTHING',
        [name],
      );
      return (await tx.query<{ id: number; name: string }>('SELECT id, name FROM datasets WHERE name = $1', [name]))
        .rows[0]!;
    },

    /** Inserts images not yet in the dataset (by content hash or name). Returns the new rows' ids (ascending) and hashes. */
    async insertImages(tx: Tx, datasetId: number, rows: NewImageRow[]): Promise<{ id: number; sha256: string }[]> {
      const blobs = new Map<string, NewBlob>();
      for (const b of rows.flatMap((r) => [r, ...(r.mask ? [r.mask] : [])])) blobs.set(b.sha256, b);
      await insertBlobs(tx, [...blobs.values()]);
      const column = <K extends keyof NewImageRow>(key: K) => rows.map((r) => r[key]);
      const created = await tx.query<{ id: number; sha256: string }>(INSERT_IMAGES_SQL, [
        datasetId,
        column('fileName'),
        column('stem'),
        column('sha256'),
        column('width'),
        column('height'),
        rows.map((r) => r.mask?.sha256 ?? null),
      ]);
      return created.rows.sort((a, b) => a.id - b.id);
    },

    async findImagesByName(
      tx: Tx,
      datasetId: number,
      fileNames: string[],
    ): Promise<{ fileName: string; sha256: string }[]> {
      const sql =
        'SELECT file_name AS "fileName", sha256 FROM images WHERE dataset_id = $1 AND file_name = ANY($2::text[])';
      return (await tx.query<{ fileName: string; sha256: string }>(sql, [datasetId, fileNames])).rows;
    },

    async imageIdsByFileName(datasetId: number): Promise<Map<string, number>> {
      const rows = await prisma.image.findMany({ where: { datasetId }, select: { id: true, fileName: true } });
      return new Map(rows.map((r) => [r.fileName, r.id]));
    },

    imageById: (id: number) => prisma.image.findUnique({ where: { id } }),
    imagesByIds: (ids: readonly number[]) => prisma.image.findMany({ where: { id: { in: [...ids] } } }),
    findImagesBySha(datasetId: number, shas: string[]) {
      return prisma.image.findMany({ where: { datasetId, sha256: { in: shas } } });
    },

    /** Keyset page of a dataset's images in id order; fetches `limit` rows (callers ask first + 1). */
    pageImages(datasetId: number, afterId: number | null, limit: number) {
      return prisma.image.findMany({
        where: { datasetId, ...(afterId === null ? {} : { id: { gt: afterId } }) },
        orderBy: { id: 'asc' },
        take: limit,
      });
    },
    /**
     * The ids of the first `limit` images after `afterId` of each dataset, in id order, in one
     * statement (a page per dataset, for a list of datasets each showing its images).
     */
    async pageImageIdsOfDatasets(datasetIds: readonly number[], afterId: number | null, limit: number) {
      const { rows } = await pool.query<{ id: number }>(
        `SELECT id FROM (
           SELECT id, row_number() OVER (PARTITION BY dataset_id ORDER BY id) AS position FROM images
           WHERE dataset_id = ANY($1::int[]) AND id > $2) paged
         WHERE position <= $3 ORDER BY id`,
        [datasetIds, afterId ?? 0, limit],
      );
      return rows.map((r) => r.id);
    },

    /** Images and masks of each dataset, in one statement; datasets without images are absent. */
    async countsByDataset(datasetIds: readonly number[]): Promise<Map<number, { images: number; masks: number }>> {
      const groups = await prisma.image.groupBy({
        by: ['datasetId'],
        where: { datasetId: { in: [...datasetIds] } },
        _count: { _all: true, maskSha256: true },
      });
      return new Map(groups.map((g) => [g.datasetId, { images: g._count._all, masks: g._count.maskSha256 }]));
    },

    countImages: (datasetId: number) => prisma.image.count({ where: { datasetId } }),

    async blob(sha256: string) {
      return prisma.blob.findUnique({ where: { sha256 } });
    },
  };
}

export type ImageRepository = ReturnType<typeof createImageRepository>;
