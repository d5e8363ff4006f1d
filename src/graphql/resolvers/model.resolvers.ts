import { parseId } from '../../ids.js';
import { readPathOrBase64 } from '../../images/uploads.js';
import type { ModelConfig, TapShape } from '../../models/model-config.js';
import type { Resolvers } from '../__generated__/resolvers-types.js';

export const modelResolvers: Resolvers = {
  Query: {
    models: (_p, _a, { services }) => services.registry.list(),
    model: (_p, { name, version }, { services }) => services.registry.find(name, version),
    job: (_p, { id }, { services }) => services.extraction.job(parseId(id, 'Job')),
    jobs: (_p, { state, first }, { services }) =>
      services.extraction.jobs(state ?? null, Math.min(first ?? 20, services.config.limits.maxPage)),
  },
  Mutation: {
    registerModel: async (_p, { input }, { services }) => {
      const { onnxPath, onnxBase64, taps, ...rest } = input;
      const path = onnxPath ? await services.datasets.resolveImportPath(onnxPath) : null;
      const onnx = await readPathOrBase64(
        { path, base64: onnxBase64 ?? null },
        'onnx',
        services.config.limits.maxUploadBytes * 10,
      );
      return services.registry.registerOnnx(
        {
          ...rest,
          taps: taps.map((t) => ({
            name: t.name,
            reduction: t.reduction.toLowerCase() as 'gap' | 'grid' | 'flatten',
            grid: t.grid,
          })),
        },
        onnx,
      );
    },
    registerExternalModel: (_p, { input }, { services }) => services.registry.registerExternal(input),
    extractEmbeddings: (_p, { model, modelVersion, dataset }, { services }) =>
      services.extraction.startExtraction({ name: model, version: modelVersion }, dataset),
    importEmbeddings: async (_p, { input }, { services }) => {
      const npyPath = await services.datasets.resolveImportPath(input.npyPath);
      const namesPath = await services.datasets.resolveImportPath(input.namesPath);
      return services.embeddingImport.importEmbeddings(
        { name: input.model, version: input.modelVersion },
        input.dataset,
        npyPath,
        namesPath,
      );
    },
  },
  Model: {
    id: (m) => String(m.id),
    family: (m) => m.family ?? m.name,
    external: (m) => m.onnxSha256 === null,
    input: (m) => ((m.config as unknown as ModelConfig).external ? null : (m.config as unknown as ModelConfig).input),
    predictionOutput: (m) => (m.config as unknown as ModelConfig).predictionOutput,
    taps: (m) => {
      const config = m.config as unknown as ModelConfig;
      const shapes = (m.tapShapes ?? []) as unknown as TapShape[];
      return config.taps.map((t, i) => ({
        name: t.name,
        reduction: t.reduction.kind.toUpperCase() as 'GAP' | 'GRID' | 'FLATTEN',
        grid: t.reduction.kind === 'grid' ? t.reduction.g : null,
        shape: shapes[i]?.dims ?? [],
        length: shapes[i]?.length ?? 0,
      }));
    },
  },
  Job: {
    id: (j) => String(j.id),
    state: (j) => j.state as 'queued' | 'running' | 'completed' | 'failed',
    errors: (j) =>
      (j.errors as { imageId: number; message: string }[]).map((e) => ({
        imageId: String(e.imageId),
        message: e.message,
      })),
    model: (j, _a, { services }) => (j.modelId ? services.registry.byId(j.modelId) : null),
    dataset: (j, _a, { loaders }) => (j.datasetId ? loaders.dataset.load(j.datasetId) : null),
  },
  Image: {
    embeddings: (i, _a, { services }) => services.embeddingsOfImage(i.id),
  },
  Embedding: {
    model: async (e, _a, { services }) => (await services.registry.byId(e.modelId))!,
    dimension: async (e, _a, { services }) => (await services.registry.byId(e.modelId))!.dimension ?? 0,
    vector: async (e, _a, { services }) => Array.from(await services.embeddingVector(e.modelId, e.imageId)),
  },
};
