import sharp from 'sharp';
import fs from 'node:fs/promises';
import { BUNDLED_MODELS, type BundledModel } from '../models/bundled.js';
import type { RegisterModelInput } from '../models/model-config.js';
import { toNchw } from '../models/preprocess.js';
import type { DatasetService } from '../images/dataset.service.js';
import type { ImageFile, IngestService } from '../images/ingest.service.js';
import type { ExtractionService } from '../models/extraction.service.js';
import type { ModelRegistry } from '../models/registry.service.js';
import { type CrackVersion, type FamilyDataset, fitCrackFamily } from './crack-fit.js';
import { buildCrackModel, CRACK_INPUT, crackRegistration } from './crack-model.js';
import { DEMO_DATASETS, PRIMARY_PARAMS, type SyntheticParams, syntheticImage } from './synthetic.js';

/** Family (and model name) of the demo's crack detector versions. */
export const DEMO_CRACK_FAMILY = 'demo-crack-contrast';

/** Shift strength of the first image of a secondary; the last one has the full shift. */
const MIN_SHIFT = 0.25;

/**
 * Parameters of image i of demo dataset `index`. A secondary ramps its shift over its images,
 * from MIN_SHIFT of the way from the primary's value to its own (DEMO_DATASETS) up to all of it,
 * so within a secondary some images are near the primary and some far: what the paper's splits
 * and F-score curves measure (method.md "Relating distance to performance"). Crack-free stays
 * crack-free; the blur radius is rounded (the box blur needs whole pixels).
 */
export function demoImageParams(index: number, i: number): SyntheticParams {
  const spec = DEMO_DATASETS[index]!;
  const strength = spec.count > 1 ? MIN_SHIFT + ((1 - MIN_SHIFT) * i) / (spec.count - 1) : 1;
  const params: SyntheticParams = { ...PRIMARY_PARAMS };
  for (const key of Object.keys(spec.params) as (keyof SyntheticParams)[]) {
    const target = spec.params[key]!;
    params[key] =
      key === 'crackWidth' && target === 0 ? 0 : PRIMARY_PARAMS[key] + strength * (target - PRIMARY_PARAMS[key]);
  }
  params.blurRadius = Math.round(params.blurRadius);
  return params;
}

/** The pixels of one demo image: RGB (HWC) and its 0/255 mask. Seeds differ per dataset and image. */
export function demoImage(index: number, i: number): { rgb: Uint8Array; mask: Uint8Array } {
  return syntheticImage(demoImageParams(index, i), (index + 1) * 100_003 + i);
}

/** PNG-encodes one synthetic dataset in memory. */
export async function demoDatasetFiles(index: number): Promise<ImageFile[]> {
  const spec = DEMO_DATASETS[index]!;
  const files: ImageFile[] = [];
  for (let i = 0; i < spec.count; i++) {
    const { rgb, mask } = demoImage(index, i);
    const size = PRIMARY_PARAMS.size;
    const raw = (channels: 1 | 3) => ({ raw: { width: size, height: size, channels } });
    const stem = `${spec.name}_${String(i).padStart(3, '0')}`;
    files.push({
      fileName: `${stem}.png`,
      bytes: await sharp(rgb, raw(3)).png().toBuffer(),
      mask: { fileName: `${stem}.png`, bytes: await sharp(mask, raw(1)).png().toBuffer() },
    });
  }
  return files;
}

export function bundledRegistration(m: BundledModel): RegisterModelInput {
  return {
    name: m.name,
    family: m.family,
    inputWidth: m.input.width,
    inputHeight: m.input.height,
    channelOrder: m.input.channelOrder,
    mean: m.input.mean,
    std: m.input.std,
    scale: m.input.scale,
    taps: m.taps.map((t) => ({
      name: t.name,
      reduction: t.reduction.kind,
      grid: t.reduction.kind === 'grid' ? t.reduction.g : null,
    })),
    predictionOutput: m.predictionOutput,
  };
}

/**
 * The demo crack detector family fitted on the synthetic datasets (crack-fit.ts): base on
 * demo_primary, then base+1, +3, +7 with that many labelled images of each secondary. The images
 * are the ones the demo imports, regenerated (deterministic), so no store is read.
 */
export function demoCrackFamily(): CrackVersion[] {
  const datasets: FamilyDataset[] = DEMO_DATASETS.map((spec, index) => ({
    name: spec.name,
    images: Array.from({ length: spec.count }, (_, i) => {
      const { rgb, mask } = demoImage(index, i);
      return { x: toNchw(rgb, CRACK_INPUT), mask };
    }),
  }));
  return fitCrackFamily(datasets[0]!, datasets.slice(1));
}

/**
 * On an empty store: imports the synthetic demo datasets, registers the bundled ONNX models and
 * the demo crack detector family, and queues their extraction, so a newcomer sees distances and
 * F-scores as soon as the jobs finish.
 */
/** The services seeding calls. */
export interface SeedServices {
  datasets: Pick<DatasetService, 'list'>;
  ingest: Pick<IngestService, 'importImages'>;
  registry: Pick<ModelRegistry, 'registerOnnx'>;
  extraction: Pick<ExtractionService, 'startExtraction'>;
}

export async function seedDemoIfEmpty(services: SeedServices, log: (msg: string) => void): Promise<void> {
  if ((await services.datasets.list()).length > 0) return;
  log('Empty store: seeding the synthetic demo datasets…');
  for (let i = 0; i < DEMO_DATASETS.length; i++) {
    const result = await services.ingest.importImages(DEMO_DATASETS[i]!.name, await demoDatasetFiles(i));
    log(`  ${result.dataset}: ${result.added} images with masks`);
  }
  for (const bundled of BUNDLED_MODELS) {
    // Registered for their features only: PP-OCRv4-det's map is the probability of text, not of
    // cracks, so scored against crack masks it gives F = 0 everywhere and would fill the
    // Performance page with flat charts. The demo crack family below carries the predictions.
    const registration = { ...bundledRegistration(bundled), predictionOutput: null };
    const model = await services.registry.registerOnnx(registration, await fs.readFile(bundled.file));
    log(
      `  model ${model.name} v${model.version}: ${model.dimension} dimensions; extraction queued for every demo dataset`,
    );
    for (const d of DEMO_DATASETS)
      await services.extraction.startExtraction({ name: model.name, version: model.version }, d.name);
  }
  await seedDemoCrackFamily(services, log);
}

/**
 * Fits and registers the demo crack detector family (one model name, a version per fit) and
 * queues extraction of every demo dataset for each version. Expects the demo datasets imported.
 */
export async function seedDemoCrackFamily(
  services: Pick<SeedServices, 'registry' | 'extraction'>,
  log: (msg: string) => void,
): Promise<CrackVersion[]> {
  const started = Date.now();
  const versions = demoCrackFamily();
  log(`  ${DEMO_CRACK_FAMILY}: ${versions.length} versions fitted in ${Date.now() - started} ms`);
  for (const v of versions) {
    const model = await services.registry.registerOnnx(
      crackRegistration(DEMO_CRACK_FAMILY),
      buildCrackModel(v.fit.params, v.description),
    );
    log(
      `  model ${model.name} v${model.version} (${v.label}; ODS ${v.fit.ods.toFixed(3)} on its ${v.fit.images} fitting images): ${v.description}`,
    );
    for (const d of DEMO_DATASETS)
      await services.extraction.startExtraction({ name: model.name, version: model.version }, d.name);
  }
  return versions;
}
