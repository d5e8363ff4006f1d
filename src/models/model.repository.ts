import type pg from 'pg';
import { copyOut, inTransaction } from '../db/pool.js';
import { TX_OPTIONS } from '../db/prisma.js';
import { copyTuples } from '../db/vector-binary.js';
import { invariant } from '../errors.js';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { insertBlobs } from '../images/image.repository.js';
import type { ModelConfig, TapShape } from './model-config.js';

export interface JobError {
  imageId: number;
  message: string;
}

/** An image as extraction reads it: its encoded bytes and its size. */
export interface ImageForInference {
  id: number;
  width: number;
  height: number;
  bytes: Uint8Array;
}

/**
 * Read by binary COPY: bytea as hex text, parsed back, cost more than decoding the JPEG (extraction
 * bench). COPY takes no parameters, so the ids are inlined; they are checked to be integers first.
 */
function imagesForInferenceCopy(modelId: number, imageIds: readonly number[]): string {
  invariant([modelId, ...imageIds].every(Number.isInteger), 'integer ids (inlined into COPY)');
  return `COPY (SELECT i.id, i.width, i.height, b.bytes FROM images i JOIN blobs b ON b.sha256 = i.sha256
                WHERE i.id = ANY('{${imageIds.join(',')}}'::int4[])
                  AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.model_id = ${modelId} AND e.image_id = i.id)
                ORDER BY i.id)
          TO STDOUT (FORMAT binary)`;
}

const UPSERT_PREDICTIONS_SQL = `
  INSERT INTO predictions (model_id, image_id, sha256, width, height, source)
  SELECT $1, image_id, sha, width, height, $6 FROM unnest($2::int[], $3::text[], $4::int[], $5::int[]) AS t(image_id, sha, width, height)
  ON CONFLICT (model_id, image_id) DO UPDATE SET sha256 = EXCLUDED.sha256, width = EXCLUDED.width, height = EXCLUDED.height, source = EXCLUDED.source`;

/**
 * Models, predictions and job rows (vectors live in the embedding repository). Prisma for the
 * rows; `pool` for the per-image hot path of extraction, which moves image and PNG bytes.
 */
export function createModelRepository(prisma: PrismaClient, pool: pg.Pool) {
  return {
    listModels: () => prisma.model.findMany({ orderBy: [{ name: 'asc' }, { version: 'asc' }] }),
    modelById: (id: number) => prisma.model.findUnique({ where: { id } }),
    modelsByIds: (ids: readonly number[]) => prisma.model.findMany({ where: { id: { in: [...ids] } } }),
    findModel(name: string, version?: number | null) {
      return version
        ? prisma.model.findUnique({ where: { name_version: { name, version } } })
        : prisma.model.findFirst({ where: { name }, orderBy: { version: 'desc' } });
    },
    modelsByFamily: (family: string) => prisma.model.findMany({ where: { family }, orderBy: { version: 'asc' } }),

    /** Creates the next version of `name` in one transaction (the unique key refuses a racing duplicate). */
    async createModelVersion(data: {
      name: string;
      family: string;
      onnx: { sha256: string; bytes: Uint8Array } | null;
      config: ModelConfig;
      dimension: number | null;
      tapShapes: TapShape[] | null;
      provider: string | null;
    }) {
      return prisma.$transaction(async (tx) => {
        if (data.onnx) {
          await tx.blob.createMany({
            data: [
              {
                sha256: data.onnx.sha256,
                bytes: Buffer.from(data.onnx.bytes),
                contentType: 'application/onnx',
                size: data.onnx.bytes.length,
              },
            ],
            skipDuplicates: true,
          });
        }
        const latest = await tx.model.findFirst({ where: { name: data.name }, orderBy: { version: 'desc' } });
        return tx.model.create({
          data: {
            name: data.name,
            version: (latest?.version ?? 0) + 1,
            family: data.family,
            onnxSha256: data.onnx?.sha256 ?? null,
            config: data.config as unknown as Prisma.InputJsonValue,
            dimension: data.dimension,
            tapShapes: (data.tapShapes ?? undefined) as Prisma.InputJsonValue | undefined,
            provider: data.provider,
          },
        });
      }, TX_OPTIONS);
    },
    setModelDimension: (id: number, dimension: number) => prisma.model.update({ where: { id }, data: { dimension } }),
    setModelProvider: (id: number, provider: string) => prisma.model.update({ where: { id }, data: { provider } }),
    onnxBytes: async (sha256: string) => (await prisma.blob.findUnique({ where: { sha256 } }))?.bytes ?? null,

    /** Images of a dataset that have no embedding for the model yet (what a job still has to do). */
    async missingImageIds(modelId: number, datasetId: number): Promise<number[]> {
      const rows = await prisma.image.findMany({
        where: { datasetId, embeddings: { none: { modelId } } },
        select: { id: true },
        orderBy: { id: 'asc' },
      });
      return rows.map((r) => r.id);
    },
    async imagesForInference(modelId: number, imageIds: number[]): Promise<ImageForInference[]> {
      if (imageIds.length === 0) return [];
      const client = await pool.connect();
      try {
        return copyTuples(await copyOut(client, imagesForInferenceCopy(modelId, imageIds))).map(
          ([id, width, height, bytes]) => ({
            id: id!.readInt32BE(0),
            width: width!.readInt32BE(0),
            height: height!.readInt32BE(0),
            bytes: bytes!,
          }),
        );
      } finally {
        client.release();
      }
    },
    /** The embeddings (without vectors) of several images, in one statement. */
    embeddingsOfImages: (imageIds: readonly number[]) =>
      prisma.embedding.findMany({
        where: { imageId: { in: [...imageIds] } },
        select: { modelId: true, imageId: true, createdAt: true },
        orderBy: [{ imageId: 'asc' }, { modelId: 'asc' }],
      }),

    /** Stores PNG maps and points (model, image) at them, replacing an earlier one: all rows or none. */
    async putPredictions(
      modelId: number,
      rows: { imageId: number; sha256: string; png: Uint8Array; width: number; height: number }[],
      source: 'model' | 'import',
    ) {
      if (rows.length === 0) return;
      await inTransaction(pool, async (client) => {
        await insertBlobs(
          client,
          rows.map((r) => ({ sha256: r.sha256, bytes: r.png, contentType: 'image/png' })),
        );
        const column = <K extends keyof (typeof rows)[number]>(key: K) => rows.map((r) => r[key]);
        await client.query(UPSERT_PREDICTIONS_SQL, [
          modelId,
          column('imageId'),
          column('sha256'),
          column('width'),
          column('height'),
          source,
        ]);
      });
    },

    // --- jobs ---
    jobById: (id: number) => prisma.job.findUnique({ where: { id } }),
    listJobs: (state: string | null, take: number) =>
      prisma.job.findMany({ where: state ? { state } : {}, orderBy: { id: 'desc' }, take }),
    activeJob: (kind: string, modelId: number, datasetId: number) =>
      prisma.job.findFirst({ where: { kind, modelId, datasetId, state: { in: ['queued', 'running'] } } }),
    createJob: (data: {
      kind: string;
      modelId: number;
      datasetId: number;
      total: number;
      done: number;
      state: string;
      provider: string | null;
    }) => prisma.job.create({ data: { ...data, finishedAt: data.state === 'completed' ? new Date() : null } }),
    /** A worker took the job's first chunk: running from now (later chunks keep the first time). */
    markStarted: (jobId: number) =>
      prisma.job.updateMany({
        where: { id: jobId, startedAt: null, state: { in: ['queued', 'running'] } },
        data: { startedAt: new Date(), state: 'running', updatedAt: new Date() },
      }),
    /**
     * A chunk ended: its errors are appended and `done` recounted from the stored embeddings. The
     * job row is locked first, so two workers finishing chunks at once cannot overwrite each
     * other's errors or write back an older count (which left jobs running forever).
     */
    async recordProgress(jobId: number, update: { newErrors: JobError[]; provider: string | null }) {
      return prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT 1 FROM jobs WHERE id = ${jobId} FOR UPDATE`;
        const job = await tx.job.findUniqueOrThrow({ where: { id: jobId } });
        const done = await tx.embedding.count({
          where: { modelId: job.modelId!, image: { datasetId: job.datasetId! } },
        });
        const errors = [...(job.errors as unknown as JobError[]), ...update.newErrors];
        const failedIds = new Set(errors.map((e) => e.imageId));
        const finished = done + failedIds.size >= job.total;
        return tx.job.update({
          where: { id: jobId },
          data: {
            done,
            errors: errors as unknown as Prisma.InputJsonValue,
            provider: update.provider ?? job.provider,
            state: finished ? (done === 0 && job.total > 0 ? 'failed' : 'completed') : 'running',
            startedAt: job.startedAt ?? new Date(),
            finishedAt: finished ? new Date() : null,
            updatedAt: new Date(),
          },
        });
      }, TX_OPTIONS);
    },
  };
}

export type ModelRepository = ReturnType<typeof createModelRepository>;
