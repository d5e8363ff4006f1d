import fs from 'node:fs/promises';
import path from 'node:path';
import { TRAINED_DIR, trainedFamilies } from '../../models/index.js';
import type { CliCommand } from '../command.js';
import { writeModelCards } from '../replication/model-cards.js';
import { replicate, writeLabelPicks } from '../replication/replicate.js';
import { replicationReport } from '../replication/report.js';

export const replicateCommand: CliCommand = {
  name: 'replicate',
  usage: 'replicate [--data <folder>] [--out <file.md>] [--picks <folder>]',
  summary:
    "Replicate the paper's experiment with the trained crack networks on the real data: writes docs/replication.md and its figures (--picks: only the label picks to fine-tune with)",
  options: { data: { type: 'string' }, out: { type: 'string' }, picks: { type: 'string' } },
  positionals: 0,
  async run({ values }, ctx) {
    const dataDir = path.resolve(typeof values.data === 'string' ? values.data : '../shared/data');
    await fs.access(path.join(dataDir, 'DeepCrack-train')).catch(() => {
      throw new Error(`${dataDir} has no DeepCrack-train folder: pass --data <the shared data folder>`);
    });
    const log = (line: string) => ctx.out(line);
    await ctx.withServices('cli replicate', async (services) => {
      await services.startQueue({ work: true });
      try {
        if (typeof values.picks === 'string') {
          await writeLabelPicks(services, dataDir, path.resolve(values.picks), log);
          return;
        }
        const out = path.resolve(typeof values.out === 'string' ? values.out : 'docs/replication.md');
        const figuresDir = path.join(path.dirname(out), 'replication');
        const result = await replicate(services, dataDir, figuresDir, log);
        await writeModelCards(TRAINED_DIR, trainedFamilies(), result.modelOds);
        const report = replicationReport(result, {
          dataDir: path.relative(process.cwd(), dataDir) || '.',
          figuresPath: path.relative(path.dirname(out), figuresDir),
          command: 'npm run replicate',
        });
        await fs.writeFile(out, report);
        log(
          `wrote ${path.relative(process.cwd(), out)} and ${result.architectures.length * 4} figures in ${(result.seconds / 60).toFixed(1)} min`,
        );
      } finally {
        await services.stop();
      }
    });
  },
};
