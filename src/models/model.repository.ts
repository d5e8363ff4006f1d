import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { TX_OPTIONS } from '../images/image.repository.js';
import type { ModelConfig, TapShape } from './model-config.js';

export interface JobError {
  imageId: number;
  message: string;
}

/** Models, predictions and job rows (vectors live in the embedding repository). */
export function createModelRepository(prisma: PrismaClient) {
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
            data: [{ sha256: data.onnx.sha256, bytes: Buffer.from(data.onnx.bytes), contentType: 'application/onnx', size: data.onnx.bytes.length }],
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
    async imagesForInference(modelId: number, imageIds: number[]) {
      return prisma.image.findMany({
        where: { id: { in: imageIds }, embeddings: { none: { modelId } } },
        select: { id: true, width: true, height: true, blob: { select: { bytes: true } } },
        orderBy: { id: 'asc' },
      });
    },
    countEmbedded: (modelId: number, datasetId: number) => prisma.embedding.count({ where: { modelId, image: { datasetId } } }),
    embeddingsOfImage: (imageId: number) =>
      prisma.embedding.findMany({ where: { imageId }, select: { modelId: true, imageId: true, createdAt: true }, orderBy: { modelId: 'asc' } }),

    async putPredictions(modelId: number, rows: { imageId: number; sha256: string; png: Uint8Array; width: number; height: number }[], source: 'model' | 'import') {
      if (rows.length === 0) return;
      await prisma.$transaction(async (tx) => {
        await tx.blob.createMany({
          data: rows.map((r) => ({ sha256: r.sha256, bytes: Buffer.from(r.png), contentType: 'image/png', size: r.png.length })),
          skipDuplicates: true,
        });
        for (const r of rows) {
          await tx.prediction.upsert({
            where: { modelId_imageId: { modelId, imageId: r.imageId } },
            create: { modelId, imageId: r.imageId, sha256: r.sha256, width: r.width, height: r.height, source },
            update: { sha256: r.sha256, width: r.width, height: r.height, source },
          });
        }
      }, TX_OPTIONS);
    },

    // --- jobs ---
    jobById: (id: number) => prisma.job.findUnique({ where: { id } }),
    listJobs: (state: string | null, take: number) =>
      prisma.job.findMany({ where: state ? { state } : {}, orderBy: { id: 'desc' }, take }),
    activeJob: (kind: string, modelId: number, datasetId: number) =>
      prisma.job.findFirst({ where: { kind, modelId, datasetId, state: { in: ['queued', 'running'] } } }),
    createJob: (data: { kind: string; modelId: number; datasetId: number; total: number; done: number; state: string; provider: string | null }) =>
      prisma.job.create({ data: { ...data, finishedAt: data.state === 'completed' ? new Date() : null } }),
    /** A worker took the job's first chunk: running from now (later chunks keep the first time). */
    markStarted: (jobId: number) =>
      prisma.job.updateMany({ where: { id: jobId, startedAt: null, state: { in: ['queued', 'running'] } }, data: { startedAt: new Date(), state: 'running', updatedAt: new Date() } }),
    async recordProgress(jobId: number, update: { done: number; newErrors: JobError[]; provider: string | null }) {
      return prisma.$transaction(async (tx) => {
        const job = await tx.job.findUniqueOrThrow({ where: { id: jobId } });
        const errors = [...(job.errors as unknown as JobError[]), ...update.newErrors];
        const failedIds = new Set(errors.map((e) => e.imageId));
        const finished = update.done + failedIds.size >= job.total;
        return tx.job.update({
          where: { id: jobId },
          data: {
            done: update.done,
            errors: errors as unknown as Prisma.InputJsonValue,
            provider: update.provider ?? job.provider,
            state: finished ? (update.done === 0 && job.total > 0 ? 'failed' : 'completed') : 'running',
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
