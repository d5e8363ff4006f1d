import sharp from 'sharp';
import type { ImageFile } from '../images/ingest.service.js';
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

/** On an empty store, imports the synthetic demo datasets so a newcomer sees something. */
export async function seedDemoIfEmpty(services: Services, log: (msg: string) => void): Promise<void> {
  if ((await services.datasets.list()).length > 0) return;
  log('Empty store: seeding the synthetic demo datasets…');
  for (let i = 0; i < DEMO_DATASETS.length; i++) {
    const result = await services.ingest.importImages(DEMO_DATASETS[i]!.name, await demoDatasetFiles(i));
    log(`  ${result.dataset}: ${result.added} images with masks`);
  }
}
