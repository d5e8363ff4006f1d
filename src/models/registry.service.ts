import { isDeepStrictEqual } from 'node:util';
import { AppError, ErrorCode } from '../errors.js';
import { unstorableText } from '../ids.js';
import { sha256Hex } from '../images/image.repository.js';
import { startInferenceRunner } from './inference-runner.js';
import {
  assertModelName,
  type ModelConfig,
  PGVECTOR_MAX_DIMENSION,
  proposeReduction,
  type RegisterModelInput,
  toModelConfig,
} from './model-config.js';
import type { ModelRepository } from './model.repository.js';
import { tappedGraph } from './runner-cache.js';

export interface ModelRef {
  name: string;
  version?: number | null;
}

/** Registers ONNX and external models, and finds them by name and version. */
export function createModelRegistry(repo: ModelRepository, options: { inferenceTimeoutMs?: number } = {}) {
  async function requireModel(ref: ModelRef) {
    const model = unstorableText(ref.name) ? null : await repo.findModel(ref.name, ref.version);
    if (!model) {
      const which = ref.version ? `${ref.name} v${ref.version}` : ref.name;
      throw new AppError(ErrorCode.NOT_FOUND, `No model named ${which}`, {
        model: ref.name,
        version: ref.version ?? null,
      });
    }
    return model;
  }

  /**
   * Registers an ONNX model: exposes the taps, runs one blank image through it to learn each tap's
   * shape and the embedding dimension, and stores the file by SHA-256. The same bytes and settings
   * under the same name return the existing version; anything new becomes the next version.
   */
  async function registerOnnx(input: RegisterModelInput, onnx: Uint8Array) {
    const config = toModelConfig(input);
    const sha256 = sha256Hex(onnx);
    const latest = await repo.findModel(input.name);
    if (latest && latest.onnxSha256 === sha256 && isDeepStrictEqual(latest.config, JSON.parse(JSON.stringify(config))))
      return latest;
    const runner = await startInferenceRunner(
      { modelBytes: tappedGraph(onnx, config), config, providers: ['cpu'] },
      () => {},
      { timeoutMs: options.inferenceTimeoutMs },
    );
    let probe;
    try {
      probe = await runner.probe();
    } finally {
      await runner.close();
    }
    if (probe.dimension > PGVECTOR_MAX_DIMENSION) {
      throw new AppError(
        ErrorCode.DIMENSION_TOO_LARGE,
        `The taps give ${probe.dimension} dimensions, above pgvector's limit of ${PGVECTOR_MAX_DIMENSION}: ${proposeReduction(probe.tapShapes, config.taps)}`,
        { dimension: probe.dimension, limit: PGVECTOR_MAX_DIMENSION, tapShapes: probe.tapShapes },
      );
    }
    if (config.predictionOutput && (!probe.predictionDims || probe.predictionDims.length < 2)) {
      throw new AppError(ErrorCode.MODEL_INVALID, `Output ${config.predictionOutput} is not a 2-D probability map`);
    }
    return repo.createModelVersion({
      name: input.name,
      family: input.family ?? input.name,
      onnx: { sha256, bytes: onnx },
      config,
      dimension: probe.dimension,
      tapShapes: probe.tapShapes,
      provider: null,
    });
  }

  /** A model whose embeddings (and predictions) are computed elsewhere and imported. */
  async function registerExternal(input: { name: string; family?: string | null; dimension?: number | null }) {
    assertModelName(input.name);
    const dimension = input.dimension ?? null;
    if (dimension !== null && (!Number.isInteger(dimension) || dimension < 1 || dimension > PGVECTOR_MAX_DIMENSION)) {
      throw new AppError(
        ErrorCode.DIMENSION_TOO_LARGE,
        `dimension must be 1..${PGVECTOR_MAX_DIMENSION}, got ${dimension}`,
        { dimension },
      );
    }
    const latest = await repo.findModel(input.name);
    if (latest && !latest.onnxSha256 && latest.dimension === dimension) return latest;
    const config: ModelConfig = {
      external: true,
      input: { width: 0, height: 0, channelOrder: 'RGB', mean: [0, 0, 0], std: [1, 1, 1], scale: 1 },
      taps: [],
      predictionOutput: null,
    };
    return repo.createModelVersion({
      name: input.name,
      family: input.family ?? input.name,
      onnx: null,
      config,
      dimension,
      tapShapes: null,
      provider: null,
    });
  }

  return {
    requireModel,
    registerOnnx,
    registerExternal,
    list: repo.listModels,
    find: async (name: string, version?: number | null) =>
      unstorableText(name) ? null : repo.findModel(name, version),
    byId: repo.modelById,
    byIds: repo.modelsByIds,
    family: repo.modelsByFamily,
  };
}

export type ModelRegistry = ReturnType<typeof createModelRegistry>;
