import path from 'node:path';
import { type CliCommand, requireString } from '../command.js';

export const importPredictionsCommand: CliCommand = {
  name: 'import-predictions',
  usage: 'import-predictions <folder> --model <name> [--version N] --dataset <name>',
  summary: 'Import 8-bit PNG probability maps for a (model, dataset), matched to images by file stem',
  options: { model: { type: 'string' }, version: { type: 'string' }, dataset: { type: 'string' } },
  positionals: 1,
  async run({ values, positionals }, ctx) {
    const version = typeof values.version === 'string' ? Number(values.version) : null;
    if (version !== null && !(Number.isInteger(version) && version >= 1))
      throw new Error('--version must be a positive integer');
    const dataset = requireString(values, 'dataset');
    const result = await ctx.withServices('cli import-predictions', async (services) => {
      const bar = ctx.progress(`predictions ${dataset}`);
      try {
        return await services.predictionImport.importFolder({
          model: { name: requireString(values, 'model'), version },
          dataset,
          folder: path.resolve(positionals[0]!),
          onProgress: bar.update,
        });
      } finally {
        bar.stop();
      }
    });
    ctx.out(
      `${result.model.name} v${result.model.version} / ${result.dataset.name}: ${result.imported} predictions written (${result.added} new, ${result.replaced} replaced), ` +
        `${result.unchanged} unchanged, ${result.counted} counted, ${result.skipped.length} skipped (of ${result.files} files)`,
    );
    for (const s of result.skipped) ctx.out(`  skipped ${s.file}: ${s.reason}`);
    if (result.imagesWithoutPrediction > 0) {
      ctx.out(
        `  ${result.imagesWithoutPrediction} images of ${result.dataset.name} have no prediction: ${result.missing.slice(0, 10).join(', ')}${result.imagesWithoutPrediction > 10 ? ', ...' : ''}`,
      );
    }
  },
};
