import sharp from 'sharp';
import { mulberry32 } from '../../../src/math/random.js';
import { type RunningServer, startServer } from '../../../src/server.js';
import type { Services } from '../../../src/services.js';
import type { TestStore } from '../../helpers/stores.js';

/** A real server (startServer) whose services the test reads too (the fit counter). */
export type AnalyticsServer = RunningServer;

export function startAnalyticsServer(
  testStore: TestStore,
  overrides: Record<string, string> = {},
): Promise<AnalyticsServer> {
  return startServer(testStore.config(overrides), () => {});
}

/** Deterministic normal variates (mulberry32 + Box-Muller). */
export function gaussian(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
}

/** A tiny PNG whose bytes differ for every `k`, so each is a distinct image. */
async function png(k: number): Promise<Buffer> {
  const pixels = Buffer.from([k & 255, (k >> 8) & 255, (k >> 16) & 255, 7, 11, 13, 17, 19, 23, 29, 31, 37]);
  return sharp(pixels, { raw: { width: 2, height: 2, channels: 3 } })
    .png()
    .toBuffer();
}

let pngCounter = 1;

/** Imports `count` new images into `dataset` (created if new) and returns their ids, ascending. */
export async function addImages(services: Services, dataset: string, count: number): Promise<number[]> {
  const files = [];
  for (let i = 0; i < count; i++) {
    const k = pngCounter++;
    files.push({ fileName: `${dataset}-${k}.png`, bytes: await png(k), mask: null });
  }
  await services.ingest.importImages(dataset, files);
  const rows = await services.store.prisma.image.findMany({
    where: { fileName: { in: files.map((f) => f.fileName) } },
    orderBy: { id: 'asc' },
  });
  return rows.map((r) => r.id);
}

/** Synthetic embeddings: N(shift, spread^2) per coordinate, float32 as pgvector stores them. */
export function syntheticVectors(
  count: number,
  q: number,
  shift: number,
  spread: number,
  seed: number,
): Float32Array[] {
  const g = gaussian(seed);
  return Array.from({ length: count }, () => Float32Array.from({ length: q }, () => shift + spread * g()));
}

/** Registers a model row (as an external model would be) with the given dimension. */
export async function newModel(services: Services, name: string, dimension: number) {
  return services.store.prisma.model.create({ data: { name, version: 1, dimension } });
}

/** Test fixture: one model with datasets of synthetic embeddings, kept in memory for the reference. */
export class EmbeddingWorld {
  readonly vectors = new Map<number, Float32Array>();
  readonly datasets = new Map<string, number[]>();
  constructor(
    readonly services: Services,
    readonly modelId: number,
    readonly q: number,
  ) {}

  /** Adds `count` images to `dataset` with embeddings drawn around `shift`; returns their ids. */
  async add(dataset: string, count: number, shift: number, spread: number, seed: number): Promise<number[]> {
    const ids = await addImages(this.services, dataset, count);
    const vectors = syntheticVectors(count, this.q, shift, spread, seed);
    await this.services.embeddingRepository.upsertEmbeddings(this.modelId, ids, vectors);
    ids.forEach((id, i) => this.vectors.set(id, vectors[i]!));
    this.datasets.set(
      dataset,
      [...(this.datasets.get(dataset) ?? []), ...ids].sort((a, b) => a - b),
    );
    return ids;
  }

  /** The dataset's embeddings as float64 rows, by ascending image id (the service's row order). */
  rows(dataset: string): number[][] {
    return this.datasets.get(dataset)!.map((id) => Array.from(this.vectors.get(id)!));
  }
}
