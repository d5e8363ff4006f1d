import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ODS_CHECK_IMAGES } from '../../src/cli/replication/replication-plan.js';
import { openStore, type Store } from '../../src/db/store.js';
import { registerTrainedFamilies, TRAINED_DIR, trainedFamilies } from '../../src/models/index.js';
import { createServices, type Services } from '../../src/services.js';
import { missingDataMessage, sharedDataset } from '../helpers/paths.js';
import { useStore } from '../helpers/stores.js';

const families = trainedFamilies();
const testSplit = sharedDataset('DeepCrack');
const DIMENSIONS: Record<string, number> = { 'U-Net': 8 + 16 + 32 + 64, 'DeepCrack/HED-style': 16 + 32 + 48 + 64 };

// Every committed network loads through the normal registry, exposes its taps and its map, and
// reproduces the ODS that `npm run replicate` recorded for it on the first 20 DeepCrack test
// images. The tolerance allows ONNX Runtime's CPU kernels to round a few map pixels differently
// on another machine (a pixel moving across a cut changes F in the fourth decimal at most).
describe.skipIf(families.length === 0 || !testSplit)('the crack networks trained in this repository', () => {
  const test = useStore('postgres');
  let store: Store;
  let services: Services;
  beforeAll(async () => {
    if (!testSplit) console.warn(missingDataMessage('DeepCrack'));
    const config = test().config({ RUN_WORKER: 'true' });
    store = await openStore(config, { role: 'test', joinRunning: false });
    services = createServices(store, config);
    await services.startQueue({ work: true });
  });
  afterAll(async () => {
    await services?.stop();
    await store?.close();
  });

  it('registers every family at start once, in version order, with its taps and prediction map', async () => {
    const first = (await registerTrainedFamilies(services.registry, () => {})).flatMap((f) => f.models);
    expect(first.length).toBe(families.reduce((n, f) => n + f.versions.length, 0));
    for (const family of families) {
      const versions = (await services.registry.family(family.name)).sort((a, b) => a.version - b.version);
      expect(versions.map((v) => v.version)).toEqual(family.versions.map((_, i) => i + 1));
      for (const [i, model] of versions.entries()) {
        const bytes = await fs.readFile(path.join(TRAINED_DIR, family.versions[i]!.file));
        expect(bytes.length).toBeLessThanOrEqual(10 * 1024 * 1024);
        expect(model.dimension).toBe(DIMENSIONS[family.architecture]);
        expect(model.tapShapes).toHaveLength(4);
      }
    }
    // A second start registers nothing new.
    const second = (await registerTrainedFamilies(services.registry, () => {})).flatMap((f) => f.models);
    expect(second.map((m) => m.id)).toEqual(first.map((m) => m.id));
    expect((await services.registry.list()).length).toBe(first.length);
  }, 300_000);

  it('after a retrain, registers each changed file once as a new version and later starts find them', async () => {
    // A family of three U-Net files; then the same family with its last two files retrained
    // (stood in for by the HED files, other bytes under the same name).
    const dirFor = async (files: string[]) => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'trained-'));
      for (const f of files) await fs.copyFile(path.join(TRAINED_DIR, f), path.join(dir, f));
      const versions = files.map((file, i) => ({ label: `+${i}`, file, card: '', ods20: null }));
      await fs.writeFile(
        path.join(dir, 'manifest.json'),
        JSON.stringify({ families: [{ name: 'retrained', architecture: 'U-Net', picks: 'rule', versions }] }),
      );
      return dir;
    };
    const register = async (dir: string) =>
      (await registerTrainedFamilies(services.registry, () => {}, { dir }))[0]!.models.map((m) => m.version);
    const before = await dirFor(['CrackUNet-q1-rule.onnx', 'CrackUNet-q3-rule.onnx', 'CrackUNet-q7-rule.onnx']);
    const after = await dirFor(['CrackUNet-q1-rule.onnx', 'CrackHED-q3-rule.onnx', 'CrackHED-q7-rule.onnx']);
    expect(await register(before)).toEqual([1, 2, 3]);
    expect(await register(after)).toEqual([1, 4, 5]);
    expect(await register(after)).toEqual([1, 4, 5]); // the next start: nothing new
    expect(await register(before)).toEqual([1, 2, 3]); // rolled back: the old versions again
    expect((await services.registry.family('retrained')).map((m) => m.version).sort()).toEqual([1, 2, 3, 4, 5]);
  }, 120_000);

  it(`each model file reproduces its recorded ODS on the first ${ODS_CHECK_IMAGES} DeepCrack test images`, async () => {
    const names = (await fs.readdir(path.join(testSplit!, 'images'))).sort().slice(0, ODS_CHECK_IMAGES);
    await services.ingest.importImages(
      'deepcrack-20',
      await Promise.all(
        names.map(async (fileName) => ({
          fileName,
          bytes: await fs.readFile(path.join(testSplit!, 'images', fileName)),
          mask: {
            fileName: `${path.parse(fileName).name}.png`,
            bytes: await fs.readFile(path.join(testSplit!, 'masks', `${path.parse(fileName).name}.png`)),
          },
        })),
      ),
    );
    const checked = new Set<string>();
    for (const family of families) {
      for (const [i, version] of family.versions.entries()) {
        if (checked.has(version.file)) continue;
        checked.add(version.file);
        expect(version.ods20, `${version.file} has a recorded ODS`).toBeTypeOf('number');
        const ref = { name: family.name, version: i + 1 };
        const job = await services.extraction.startExtraction(ref, 'deepcrack-20');
        expect((await services.extraction.waitForJob(job.id, () => {})).state).toBe('completed');
        const p = await services.performance.performance({ model: ref, dataset: 'deepcrack-20' });
        expect(p.imageCount).toBe(ODS_CHECK_IMAGES);
        expect(Math.abs(p.ods!.f - version.ods20!), version.file).toBeLessThan(2e-3);
      }
    }
    expect(checked.size).toBeGreaterThanOrEqual(2);
  }, 600_000);
});
