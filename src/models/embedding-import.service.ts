import fs from 'node:fs/promises';
import { AppError, ErrorCode } from '../errors.js';
import type { Dataset, Model } from '../generated/prisma/client.js';
import { PGVECTOR_MAX_DIMENSION } from './model-config.js';
import type { ModelRepository } from './model.repository.js';
import { parseNpyMatrix } from './npy.js';
import type { WriteEmbeddings } from './extraction.service.js';
import type { ModelRef } from './registry.service.js';

interface Deps {
  repo: ModelRepository;
  requireModel: (ref: ModelRef) => Promise<Model>;
  requireDataset: (name: string) => Promise<Dataset>;
  writeEmbeddings: WriteEmbeddings;
  imagesByFileName: (datasetId: number) => Promise<Map<string, number>>;
}

/**
 * Imports embeddings computed elsewhere (SAM, CLIPSeg in Python): a .npy matrix plus the ordered
 * image file names. Everything is checked first; a refused import writes nothing.
 */
export function createEmbeddingImportService(deps: Deps) {
  async function importEmbeddings(modelRef: ModelRef, datasetName: string, npyPath: string, namesPath: string) {
    const model = await deps.requireModel(modelRef);
    const dataset = await deps.requireDataset(datasetName);
    const [npyBytes, namesText] = await Promise.all([
      fs.readFile(npyPath).catch(() => {
        throw new AppError(ErrorCode.NOT_FOUND, `Cannot read ${npyPath}`);
      }),
      fs.readFile(namesPath, 'utf8').catch(() => {
        throw new AppError(ErrorCode.NOT_FOUND, `Cannot read ${namesPath}`);
      }),
    ]);
    const matrix = parseNpyMatrix(npyBytes);
    const names = namesText
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    const fail = (message: string, details: Record<string, unknown> = {}) =>
      new AppError(ErrorCode.INVALID_EMBEDDINGS, message, details);
    if (names.length !== matrix.rows)
      throw fail(`The .npy has ${matrix.rows} rows but the names file lists ${names.length} names`);
    if (matrix.cols > PGVECTOR_MAX_DIMENSION)
      throw new AppError(
        ErrorCode.DIMENSION_TOO_LARGE,
        `${matrix.cols} dimensions exceed pgvector's ${PGVECTOR_MAX_DIMENSION}`,
      );
    if (model.dimension !== null && model.dimension !== matrix.cols) {
      throw new AppError(
        ErrorCode.DIMENSION_MISMATCH,
        `Model ${model.name} v${model.version} has dimension ${model.dimension}, the .npy has ${matrix.cols} columns`,
        {
          expected: model.dimension,
          actual: matrix.cols,
        },
      );
    }
    for (let i = 0; i < matrix.data.length; i++) {
      if (!Number.isFinite(matrix.data[i]!)) {
        const row = Math.floor(i / matrix.cols);
        throw fail(
          `Row ${row} (${names[row]}) column ${i % matrix.cols} is ${matrix.data[i]} (NaN and Inf are refused; float64 values beyond float32 range become Inf)`,
          { row },
        );
      }
    }
    const byName = await deps.imagesByFileName(dataset.id);
    const duplicates = names.filter((n, i) => names.indexOf(n) !== i);
    if (duplicates.length) throw fail(`Names listed twice: ${[...new Set(duplicates)].slice(0, 5).join(', ')}`);
    const unknown = names.filter((n) => !byName.has(n));
    if (unknown.length) {
      throw fail(
        `${unknown.length} name(s) are not images of dataset ${dataset.name}: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', ...' : ''}`,
        { unknown: unknown.slice(0, 20) },
      );
    }
    const vectors = names.map((_, r) => matrix.data.subarray(r * matrix.cols, (r + 1) * matrix.cols));
    await deps.writeEmbeddings(
      model.id,
      names.map((n) => byName.get(n)!),
      vectors,
    );
    if (model.dimension === null) await deps.repo.setModelDimension(model.id, matrix.cols);
    return { model: (await deps.repo.modelById(model.id))!, dataset, imported: names.length, dimension: matrix.cols };
  }
  return { importEmbeddings };
}

export type EmbeddingImportService = ReturnType<typeof createEmbeddingImportService>;
