import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Model } from '../generated/prisma/client.js';
import { sha256Hex } from '../images/image.repository.js';
import { IMAGENET_MEAN, IMAGENET_STD, type RegisterModelInput } from './model-config.js';
import type { ModelRegistry } from './registry.service.js';

/**
 * The crack segmentation networks trained in this repository (training/, models/crack/): each
 * family is one model name whose versions are the base network (DeepCrack-train only) and its
 * fine-tunes with q labelled images of each crack secondary added by the paper's rule; its
 * control family holds the fine-tunes with as many images picked at random (no base of its own).
 * `models/crack/manifest.json` lists them in version order; the server registers them at start
 * through the normal registry.
 */
export interface TrainedVersion {
  /** What the version adds to the base: "base", "+1", "+3", "+7". */
  label: string;
  /** The .onnx file, relative to models/crack/. */
  file: string;
  /** The model card beside it (Markdown). */
  card: string;
  /** ODS recorded by the server on the first 20 images (by file name) of DeepCrack test. */
  ods20: number | null;
}

export interface TrainedFamily {
  /** Model name and family (one name, a version per entry). */
  name: string;
  architecture: string;
  /** "rule": picks by the paper's label rule; "random": the control with uniform random picks. */
  picks: 'rule' | 'random';
  versions: TrainedVersion[];
}

/** models/crack/, found from this file (src/models or dist/src/models). */
export const TRAINED_DIR = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return path.join(dir, 'models', 'crack');
})();

/** The families in models/crack/manifest.json; none when the folder is absent. */
export function trainedFamilies(dir = TRAINED_DIR): TrainedFamily[] {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) return [];
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { families: TrainedFamily[] }).families;
}

/**
 * How every trained network is registered: DeepCrack's own size (the server resizes each image to
 * it), RGB with ImageNet's mean and std as training normalised, the four encoder stages globally
 * average pooled (the paper's "DeepCrack down-sampling outputs" / "UNet++ skip connections"), and
 * the sigmoid map as the prediction.
 */
export function trainedRegistration(name: string): RegisterModelInput {
  return {
    name,
    family: name,
    inputWidth: 544,
    inputHeight: 384,
    channelOrder: 'RGB',
    mean: IMAGENET_MEAN,
    std: IMAGENET_STD,
    scale: 1 / 255,
    taps: ['stage1', 'stage2', 'stage3', 'stage4'].map((t) => ({ name: t, reduction: 'gap' as const })),
    predictionOutput: 'prob',
  };
}

/** A trained family with its registered models, `models[i]` being `family.versions[i]`. */
export interface RegisteredFamily {
  family: TrainedFamily;
  models: Model[];
}

/**
 * Registers every trained family that is not registered yet, version by version, through the
 * normal registry, and answers each family's models in manifest order. Idempotent: a family whose
 * stored versions already hold these files in this order is left alone (registerOnnx alone
 * compares with the latest version only). A file whose bytes changed (retrained) becomes a new
 * version once, and later starts find it; the answer names the models that hold the manifest's
 * files now.
 */
export async function registerTrainedFamilies(
  registry: Pick<ModelRegistry, 'registerOnnx' | 'family'>,
  log: (msg: string) => void,
  options: { dir?: string; signal?: AbortSignal } = {},
): Promise<RegisteredFamily[]> {
  const out: RegisteredFamily[] = [];
  const dir = options.dir ?? TRAINED_DIR;
  for (const family of trainedFamilies(dir)) {
    const stored = (await registry.family(family.name)).sort((a, b) => a.version - b.version);
    const models: Model[] = [];
    for (const version of family.versions) {
      if (options.signal?.aborted) return out; // the server is stopping: the next start goes on
      const bytes = await fs.promises.readFile(path.join(dir, version.file));
      const sha256 = sha256Hex(bytes);
      // The newest stored version with these bytes that comes after the previous file's keeps the
      // family in manifest order; after a retrain the changed files' new versions follow the old.
      const after = models.at(-1)?.version ?? 0;
      const same = stored.filter((m) => m.onnxSha256 === sha256 && m.version > after).at(-1);
      if (same) {
        models.push(same);
        continue;
      }
      const model = await registry.registerOnnx(trainedRegistration(family.name), bytes);
      log(
        stored.some((m) => m.id === model.id)
          ? `  ${family.name}: ${version.file} is already v${model.version}`
          : `  model ${model.name} v${model.version} (${family.architecture}, ${version.label}): ${version.file}`,
      );
      models.push(model);
    }
    out.push({ family, models });
  }
  return out;
}
