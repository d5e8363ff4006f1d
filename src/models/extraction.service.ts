import { setTimeout as sleep } from 'node:timers/promises';
import type PgBoss from 'pg-boss';
import type { AppConfig } from '../config.js';
import { AppError, ErrorCode } from '../errors.js';
import type { Model } from '../generated/prisma/client.js';
import type { DecodedImage } from '../images/decode.js';
import { sha256Hex } from '../images/image.repository.js';
import { EXTRACT_QUEUE, type ExtractChunk } from '../jobs/queue.js';
import type { InferenceResult } from './inference-protocol.js';
import type { ImageForInference, JobError, ModelRepository } from './model.repository.js';
import type { ModelRef, ModelRegistry } from './registry.service.js';
import type { RunnerCache } from './runner-cache.js';

export const EXTRACT_JOB = 'extract';

/** Where vectors go; the embedding repository owns the SQL. */
export type WriteEmbeddings = (modelId: number, imageIds: number[], vectors: Float32Array[]) => Promise<void>;

interface Deps {
  repo: ModelRepository;
  registry: ModelRegistry;
  runners: RunnerCache;
  writeEmbeddings: WriteEmbeddings;
  requireDataset: (name: string) => Promise<{ id: number; name: string }>;
  countImages: (datasetId: number) => Promise<number>;
  queue: () => PgBoss;
  notifyWorkers: () => void;
  config: AppConfig;
}

const isUniqueViolation = (e: unknown) =>
  (e as { code?: string }).code === 'P2002' || /unique/i.test(String((e as Error).message));

/** Extraction jobs: (model, dataset) split into queued chunks that any worker process can take. */
export function createExtractionService(deps: Deps) {
  const { repo, registry, runners, config } = deps;

  /** Runs one batch of images through the model and stores embeddings and predictions. */
  async function embedImages(model: Model, images: ImageForInference[], decoded?: ReadonlyMap<number, DecodedImage>) {
    const runner = await runners.get(model);
    const results = await runner.run(
      images.map((i) => ({
        imageId: i.id,
        bytes: i.bytes,
        width: i.width,
        height: i.height,
        decoded: decoded?.get(i.id),
      })),
    );
    const ok = results.filter((r): r is InferenceResult & { embedding: Float32Array } => r.embedding !== undefined);
    if (ok.some((r) => r.embedding.length !== model.dimension)) {
      throw new AppError(
        ErrorCode.DIMENSION_MISMATCH,
        `Model ${model.name} produced vectors of another length than its registered ${model.dimension}`,
      );
    }
    await deps.writeEmbeddings(
      model.id,
      ok.map((r) => r.imageId),
      ok.map((r) => r.embedding),
    );
    const sizes = new Map(images.map((i) => [i.id, i]));
    await repo.putPredictions(
      model.id,
      ok
        .filter((r) => r.predictionPng)
        .map((r) => ({
          imageId: r.imageId,
          png: r.predictionPng!,
          sha256: sha256Hex(r.predictionPng!),
          width: sizes.get(r.imageId)!.width,
          height: sizes.get(r.imageId)!.height,
        })),
      'model',
    );
    const errors: JobError[] = results.filter((r) => r.error).map((r) => ({ imageId: r.imageId, message: r.error! }));
    return { done: ok.length, errors, provider: runner.provider };
  }

  /** pg-boss handler for one chunk: idempotent, so a chunk retried after a crash redoes only what is missing. */
  async function processChunk(chunk: ExtractChunk): Promise<void> {
    const job = await repo.jobById(chunk.jobId);
    const model = await repo.modelById(chunk.modelId);
    if (!job || !model || job.state === 'completed' || job.state === 'failed') return;
    if (!job.startedAt) await repo.markStarted(job.id);
    const images = await repo.imagesForInference(model.id, chunk.imageIds);
    const { errors, provider } = images.length ? await embedImages(model, images) : { errors: [], provider: null };
    await repo.recordProgress(job.id, { newErrors: errors, provider });
  }

  /** Queues extraction of every image of the dataset that has no embedding yet; reuses a job in flight. */
  async function startExtraction(modelRef: ModelRef, datasetName: string) {
    const model = await registry.requireModel(modelRef);
    if (!model.onnxSha256) {
      throw new AppError(
        ErrorCode.MODEL_UNAVAILABLE,
        `Model ${model.name} v${model.version} is external (no ONNX file): import its embeddings instead`,
      );
    }
    const dataset = await deps.requireDataset(datasetName);
    const active = await repo.activeJob(EXTRACT_JOB, model.id, dataset.id);
    if (active) return active;
    const missing = await repo.missingImageIds(model.id, dataset.id);
    const total = await deps.countImages(dataset.id);
    let job;
    try {
      job = await repo.createJob({
        kind: EXTRACT_JOB,
        modelId: model.id,
        datasetId: dataset.id,
        total,
        done: total - missing.length,
        state: missing.length ? 'queued' : 'completed',
        provider: null,
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      return (await repo.activeJob(EXTRACT_JOB, model.id, dataset.id))!; // a concurrent request created it
    }
    const size = config.ml.chunkSize;
    const chunks: ExtractChunk[] = [];
    for (let i = 0; i < missing.length; i += size)
      chunks.push({ jobId: job.id, modelId: model.id, imageIds: missing.slice(i, i + size) });
    if (chunks.length) {
      await deps.queue().insert(chunks.map((data) => ({ name: EXTRACT_QUEUE, data })));
      deps.notifyWorkers();
    }
    return job;
  }

  /** Embeds just-added images with the named (default: every ONNX) model before answering; `decoded`: pixels the import already has. */
  async function embedNow(
    imageIds: number[],
    modelNames: string[] | null,
    decoded?: ReadonlyMap<number, DecodedImage>,
  ) {
    const all = await repo.listModels();
    const models = modelNames
      ? await Promise.all(modelNames.map((name) => registry.requireModel({ name })))
      : all.filter((m) => m.onnxSha256 && isLatest(m, all));
    for (const model of models) {
      if (!model.onnxSha256) continue;
      const images = await repo.imagesForInference(model.id, imageIds);
      if (images.length) await embedImages(model, images, decoded);
    }
  }

  /** Polls a job until it ends (the CLI's progress bar). */
  async function waitForJob(jobId: number, onProgress: (done: number, total: number) => void, pollMs = 250) {
    for (;;) {
      const job = await repo.jobById(jobId);
      if (!job) throw new AppError(ErrorCode.NOT_FOUND, `No job ${jobId}`);
      onProgress(job.done, job.total);
      if (job.state === 'completed' || job.state === 'failed') return job;
      await sleep(pollMs);
    }
  }

  return { startExtraction, processChunk, embedNow, waitForJob, job: repo.jobById, jobs: repo.listJobs };
}

function isLatest(model: Model, all: Model[]): boolean {
  return !all.some((m) => m.name === model.name && m.version > model.version);
}

export type ExtractionService = ReturnType<typeof createExtractionService>;
