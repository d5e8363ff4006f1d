import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';

/** On the embedded store transactions queue for its one session: allow for the wait. */
export const TX_OPTIONS = { maxWait: 30_000, timeout: 120_000 };

export type Tx = Prisma.TransactionClient;

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

/** Datasets, images and blobs: the relational side of ingestion. */
export function createImageRepository(prisma: PrismaClient) {
  return {
    transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return prisma.$transaction(fn, TX_OPTIONS);
    },

    findDataset: (name: string) => prisma.dataset.findUnique({ where: { name } }),
    listDatasets: () => prisma.dataset.findMany({ orderBy: { id: 'asc' } }),
    datasetById: (id: number) => prisma.dataset.findUnique({ where: { id } }),

    async ensureDataset(tx: Tx, name: string) {
      return tx.dataset.upsert({ where: { name }, create: { name }, update: {} });
    },


    /** Inserts images not yet in the dataset (by content hash). Returns the ids of the new rows. */
    async insertImages(tx: Tx, datasetId: number, rows: NewImageRow[]): Promise<number[]> {
      // Every blob of the batch in one statement (one per blob was most of an import's time).
      const blobs = new Map<string, { sha256: string; bytes: Uint8Array<ArrayBuffer>; contentType: string; size: number }>();
      for (const b of rows.flatMap((r) => [{ sha256: r.sha256, bytes: r.bytes, contentType: r.contentType }, ...(r.mask ? [r.mask] : [])])) {
        blobs.set(b.sha256, { sha256: b.sha256, bytes: Buffer.from(b.bytes) as Uint8Array<ArrayBuffer>, contentType: b.contentType, size: b.bytes.length });
      }
      await tx.blob.createMany({ data: [...blobs.values()], skipDuplicates: true });
      const created = await tx.image.createManyAndReturn({
        data: rows.map((r) => ({
          datasetId,
          fileName: r.fileName,
          stem: r.stem,
          sha256: r.sha256,
          width: r.width,
          height: r.height,
          maskSha256: r.mask?.sha256 ?? null,
        })),
        skipDuplicates: true,
        select: { id: true },
      });
      return created.map((c) => c.id);
    },

    findImagesByName(tx: Tx, datasetId: number, fileNames: string[]) {
      return tx.image.findMany({ where: { datasetId, fileName: { in: fileNames } }, select: { fileName: true, sha256: true } });
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
    countImages: (datasetId: number) => prisma.image.count({ where: { datasetId } }),
    countMasks: (datasetId: number) => prisma.image.count({ where: { datasetId, maskSha256: { not: null } } }),

    async blob(sha256: string) {
      return prisma.blob.findUnique({ where: { sha256 } });
    },
  };
}

export type ImageRepository = ReturnType<typeof createImageRepository>;
