import sharp from 'sharp';
import fs from 'node:fs/promises';
import type { ImageFile } from '../images/ingest.service.js';
import { BUNDLED_MODELS, type BundledModel } from '../models/bundled.js';
import type { RegisterModelInput } from '../models/model-config.js';
import type { Services } from '../services.js';
import { DEMO_DATASETS, PRIMARY_PARAMS, syntheticImage } from './synthetic.js';

/** PNG-encodes one synthetic dataset in memory. Seeds differ per dataset and image. */
export async function demoDatasetFiles(index: number): Promise<ImageFile[]> {
  const spec = DEMO_DATASETS[index]!;
  const params = { ...PRIMARY_PARAMS, ...spec.params };
  const files: ImageFile[] = [];
  for (let i = 0; i < spec.count; i++) {
    const { rgb, mask } = syntheticImage(params, (index + 1) * 100_003 + i);
    const raw = (channels: 1 | 3) => ({ raw: { width: params.size, height: params.size, channels } });
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
    taps: m.taps.map((t) => ({ name: t.name, reduction: t.reduction.kind, grid: t.reduction.kind === 'grid' ? t.reduction.g : null })),
    predictionOutput: m.predictionOutput,
  };
}

/**
 * On an empty store: imports the synthetic demo datasets, registers the bundled ONNX models and
 * queues their extraction, so a newcomer sees distances as soon as the jobs finish.
 */
export async function seedDemoIfEmpty(services: Services, log: (msg: string) => void): Promise<void> {
  if ((await services.datasets.list()).length > 0) return;
  log('Empty store: seeding the synthetic demo datasets…');
  for (let i = 0; i < DEMO_DATASETS.length; i++) {
    const result = await services.ingest.importImages(DEMO_DATASETS[i]!.name, await demoDatasetFiles(i));
    log(`  ${result.dataset}: ${result.added} images with masks`);
  }
  for (const bundled of BUNDLED_MODELS) {
    const model = await services.registry.registerOnnx(bundledRegistration(bundled), await fs.readFile(bundled.file));
    log(`  model ${model.name} v${model.version}: ${model.dimension} dimensions; extraction queued for every demo dataset`);
    for (const d of DEMO_DATASETS) await services.extraction.startExtraction({ name: model.name, version: model.version }, d.name);
  }
}
