import path from 'node:path';
import { type CliCommand, requireString } from '../command.js';

export const importCommand: CliCommand = {
  name: 'import',
  usage: 'import <folder> --dataset <name> [--masks <folder>]',
  summary: 'Import a folder of images (and masks matched by file stem) into a dataset',
  options: { dataset: { type: 'string' }, masks: { type: 'string' } },
  positionals: 1,
  async run({ values, positionals }, ctx) {
    const dataset = requireString(values, 'dataset');
    const folder = path.resolve(positionals[0]!);
    const masks = typeof values.masks === 'string' ? path.resolve(values.masks) : null;
    const result = await ctx.withServices('cli import', async (services) => {
      const bar = ctx.progress(`import ${dataset}`);
      try {
        return await services.ingest.importFolder({ folder, masks, dataset, onProgress: bar.update });
      } finally {
        bar.stop();
      }
    });
    ctx.out(
      `${result.dataset}: ${result.added} added, ${result.alreadyPresent} already present, ${result.withMask} with masks, ${result.skipped.length} skipped (of ${result.total} image files)`,
    );
    for (const s of result.skipped) ctx.out(`  skipped ${s.file}: ${s.reason}`);
  },
};
