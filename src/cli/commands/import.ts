import path from 'node:path';
import { AppError, ErrorCode } from '../../errors.js';
import { type CliCommand, requireString } from '../command.js';

export const importCommand: CliCommand = {
  name: 'import',
  usage: 'import <folder> --dataset <name> [--masks <folder>] [--extract <model>]...',
  summary:
    'Import a folder of images (and masks matched by file stem) into a dataset; --extract embeds each batch with the model as it lands',
  options: { dataset: { type: 'string' }, masks: { type: 'string' }, extract: { type: 'string', multiple: true } },
  positionals: 1,
  async run({ values, positionals }, ctx) {
    const dataset = requireString(values, 'dataset');
    const folder = path.resolve(positionals[0]!);
    const masks = typeof values.masks === 'string' ? path.resolve(values.masks) : null;
    const embedWith = Array.isArray(values.extract)
      ? values.extract.filter((m): m is string => typeof m === 'string')
      : [];
    const { result, embedded } = await ctx.withServices('cli import', async (services) => {
      const bar = ctx.progress(`import ${dataset}`);
      try {
        const result = await services.ingest.importFolder({
          folder,
          masks,
          dataset,
          embedWith,
          onProgress: bar.update,
        });
        const embedded = [];
        for (const name of embedWith) {
          const model = await services.registry.requireModel({ name });
          const [status] =
            result.datasetId === null
              ? [null]
              : await services.embeddingRepository.embeddingStatus(model.id, [result.datasetId]);
          embedded.push(
            `${model.name} v${model.version}: ${status?.embedded ?? 0} of ${status?.images ?? 0} images embedded`,
          );
        }
        return { result, embedded };
      } finally {
        bar.stop();
        await services.stop(); // the models' inference threads
      }
    });
    ctx.out(
      `${result.dataset}: ${result.added} added, ${result.alreadyPresent} already present, ${result.withMask} with masks, ${result.skipped.length} skipped (of ${result.total} image files)`,
    );
    for (const s of result.skipped) ctx.out(`  skipped ${s.file}: ${s.reason}`);
    for (const line of embedded) ctx.out(line);
    // Every image refused: a script running the import must see the failure.
    if (result.added + result.alreadyPresent === 0) {
      throw new AppError(
        ErrorCode.IMAGE_DECODE_FAILED,
        `Nothing was imported: all ${result.total} image files were skipped (reasons above)`,
      );
    }
  },
};
