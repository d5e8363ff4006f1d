import fs from 'node:fs/promises';
import path from 'node:path';
import type { TrainedFamily } from '../../models/index.js';
import type { ModelOds } from './replicate.js';

/** What training/train.py records of a run (run.json, kept beside the model as <stem>.run.json). */
interface TrainingRun {
  architecture: string;
  parameters: number;
  steps: number;
  batch: number;
  crop: number;
  learningRate: number;
  seed: number;
  threads: number;
  trainingImages: number;
  addedImages: string[];
  addedShare?: number;
  init: string | null;
  seconds: number;
  finalLoss: number;
  torch: string;
}

const ARCHITECTURE_TEXT: Record<string, string> = {
  CrackUNet:
    'U-Net: four encoder stages (8, 16, 32, 64 channels; two 3x3 convolutions with batch norm and ReLU each, max-pooled between), ' +
    'a decoder that upsamples bilinearly and concatenates each encoder stage as a skip connection, and a 1x1 head.',
  CrackHED:
    'DeepCrack/HED-style: a VGG-like encoder of four stages (16, 32, 48, 64 channels; 2, 2, 3, 3 convolutions), a side output ' +
    'per stage (1x1 convolution, upsampled to full size), and a learned 1x1 fusion of the four sides; every side is supervised.',
};

/**
 * Writes models/crack/<stem>.md for every model file, from its training run and the ODS the server
 * measured, and records each file's 20-image ODS in the manifest (what CI re-checks).
 */
export async function writeModelCards(dir: string, families: TrainedFamily[], measured: ModelOds[]): Promise<void> {
  for (const family of families) {
    for (const version of family.versions) {
      const m = measured.find((x) => x.file === version.file);
      version.ods20 = m?.ods20 ?? null;
      const stem = version.file.replace(/\.onnx$/, '');
      const run = JSON.parse(await fs.readFile(path.join(dir, `${stem}.run.json`), 'utf8')) as TrainingRun;
      const bytes = (await fs.stat(path.join(dir, version.file))).size;
      const card = [
        `# ${family.name} ${version.label}${family.picks === 'random' && version.label !== 'base' ? ' (random control)' : ''}`,
        '',
        `- File: \`${version.file}\` (${(bytes / 1e6).toFixed(2)} MB), registered at start as a version of the family \`${family.name}\`.`,
        `- Architecture: ${ARCHITECTURE_TEXT[run.architecture] ?? run.architecture} ${run.parameters.toLocaleString('en-US')} parameters.`,
        '- Input: RGB, 544 x 384, scaled to [0, 1] and normalised with ImageNet mean and std. Outputs: `prob` (sigmoid crack probability, 1 x 1 x 384 x 544) and `stage1`..`stage4` (the encoder stages; the server pools each globally and concatenates them, 120 or 160 values).',
        `- Data: DeepCrack-train (${run.trainingImages} images, ../shared/data/DeepCrack-train)` +
          (run.addedImages.length
            ? `, plus ${run.addedImages.length} labelled images picked ${family.picks === 'rule' ? "by the paper's rule (random among min-max scaled IDist in [0.6, 1] under the base network's fit)" : 'uniformly at random from each secondary (control)'}: ${run.addedImages.join(', ')}; ${Math.round(100 * (run.addedShare ?? 0))} % of the crops come from them.`
            : '.'),
        run.init
          ? `- Fine-tuned from the base weights (${run.init}) for ${run.steps} steps.`
          : `- Trained from scratch for ${run.steps} steps.`,
        `- Training: batches of ${run.batch} random ${run.crop} x ${run.crop} crops with flips, Adam at ${run.learningRate} with warm-up and cosine decay, loss BCE + Dice${run.architecture === 'CrackHED' ? ' (each side output too, at half weight)' : ''}; seed ${run.seed}; PyTorch ${run.torch} on CPU, ${run.threads} thread(s).`,
        `- Time: ${(run.seconds / 60).toFixed(1)} min of wall time on this project's 2-core machine (${run.threads >= 2 ? `one training on ${run.threads} threads` : 'two trainings side by side, one core each'}, with other work running). Final loss (mean of the last 50 steps): ${run.finalLoss.toFixed(4)}.`,
        `- ODS on DeepCrack test, measured by the server (DeepSegmentor's rule): ${m?.ods?.toFixed(4) ?? 'not measured'} on all 237 images; ${m?.ods20?.toFixed(4) ?? 'not measured'} on the first 20 by file name, which CI re-checks.`,
        '',
        `![Training loss](${stem}.loss.png)`,
        '',
      ].join('\n');
      await fs.writeFile(path.join(dir, `${stem}.md`), card);
    }
  }
  await fs.writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify({ families }, null, 2)}\n`);
}
