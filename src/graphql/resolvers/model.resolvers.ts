import { readPathOrBase64 } from '../../images/index.js';
import { modelJson } from '../../models/index.js';
import { parseId } from '../../ids.js';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { modelRef } from './arguments.js';

export const modelResolvers: Resolvers = {
  Query: {
    models: (_p, _a, { services }) => services.registry.list(),
    model: (_p, { name, version }, { services }) => services.registry.find(name, version),
    job: (_p, { id }, { services }) => services.extraction.job(parseId(id, 'Job')),
    jobs: (_p, { state, first }, { services }) =>
      services.extraction.jobs(state ?? null, Math.min(first, services.config.limits.maxPage)),
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
    extractEmbeddings: (_p, { model, dataset }, { services }) =>
      services.extraction.startExtraction(modelRef(model), dataset),
    importEmbeddings: async (_p, { input }, { services }) => {
      const npyPath = await services.datasets.resolveImportPath(input.npyPath);
      const namesPath = await services.datasets.resolveImportPath(input.namesPath);
      return services.embeddingImport.importEmbeddings(modelRef(input.model), input.dataset, npyPath, namesPath);
    },
  },
  Model: {
    id: (m) => String(m.id),
    family: (m) => m.family ?? m.name,
    external: (m) => m.onnxSha256 === null,
    input: (m) => {
      const { config } = modelJson(m);
      return config.external ? null : config.input;
    },
    predictionOutput: (m) => modelJson(m).config.predictionOutput,
    taps: (m) => {
      const { config, tapShapes: shapes } = modelJson(m);
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
    model: (j, _a, { loaders }) => (j.modelId ? loaders.model.load(j.modelId) : null),
    dataset: (j, _a, { loaders }) => (j.datasetId ? loaders.dataset.load(j.datasetId) : null),
  },
  Image: {
    embeddings: (i, _a, { loaders }) => loaders.embeddingsOfImage.load(i.id),
  },
  Embedding: {
    model: (e, _a, { loaders }) => loaders.model.load(e.modelId),
    dimension: async (e, _a, { loaders }) => (await loaders.model.load(e.modelId)).dimension ?? 0,
    vector: async (e, _a, { services }) => Array.from(await services.embeddingVector(e.modelId, e.imageId)),
  },
};
