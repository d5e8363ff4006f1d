import { parseArgs } from 'node:util';
import { AppError } from '../errors.js';
import { type CliCommand, createCliContext } from './command.js';
import { importCommand } from './commands/import.js';
import {
  extractCommand,
  importEmbeddingsCommand,
  inspectModelCommand,
  registerModelCommand,
  workerCommand,
} from './commands/models.js';
import { keysCommand } from './commands/keys.js';
import { importPredictionsCommand } from './commands/predictions.js';
import { replicateCommand } from './commands/replicate.js';

export const COMMANDS: CliCommand[] = [
  importCommand,
  inspectModelCommand,
  registerModelCommand,
  extractCommand,
  workerCommand,
  importEmbeddingsCommand,
  importPredictionsCommand,
  keysCommand,
  replicateCommand,
];

function help(): string {
  return [
    'Usage: distmetrics <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.usage.padEnd(60)} ${c.summary}`),
  ].join('\n');
}

/** Runs one CLI command; returns the process exit code (0 ok, 1 failed, 2 usage). */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`${name && name !== '--help' ? `Unknown command "${name}"\n\n` : ''}${help()}\n`);
    return name && name !== '--help' ? 2 : 0;
  }
  let args;
  try {
    args = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    const n = args.positionals.length;
    const max = command.maxPositionals ?? command.positionals;
    if (n < command.positionals || n > max)
      throw new Error(`expected ${command.positionals}${max > command.positionals ? `-${max}` : ''} argument(s)`);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\nUsage: distmetrics ${command.usage}\n`);
    return 2;
  }
  try {
    await command.run(args, createCliContext());
    return 0;
  } catch (e) {
    process.stderr.write(
      e instanceof AppError ? `error ${e.code}: ${e.message}\n` : `error: ${(e as Error).message}\n`,
    );
    if (!(e instanceof AppError) && process.env.DEBUG) console.error(e);
    return 1;
  }
}
