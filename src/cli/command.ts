import type { ParseArgsConfig } from 'node:util';
import cliProgress from 'cli-progress';
import { type AppConfig, loadConfig } from '../config.js';
import { openStore } from '../db/store.js';
import { createServices, type Services } from '../services.js';

export type CliValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Positional arguments required. */
  positionals: number;
  /** When set, up to this many positionals are accepted (a command with subcommands). */
  maxPositionals?: number;
  run(args: { values: CliValues; positionals: string[] }, ctx: CliContext): Promise<void>;
}

export interface CliContext {
  config: AppConfig;
  out: (line: string) => void;
  /** Opens the store (joining a running server's embedded store) for the duration of fn. */
  withServices<T>(role: string, fn: (services: Services) => Promise<T>): Promise<T>;
  progress(label: string): { update(done: number, total: number): void; stop(): void };
}

export function createCliContext(env = process.env): CliContext {
  const config = loadConfig(env);
  return {
    config,
    out: (line) => process.stdout.write(`${line}\n`),
    async withServices(role, fn) {
      const store = await openStore(config, { role, joinRunning: true });
      try {
        return await fn(createServices(store, config));
      } finally {
        await store.close();
      }
    },
    progress(label) {
      const bar = new cliProgress.SingleBar(
        {
          format: `${label} [{bar}] {value}/{total} {percentage}% | ETA {eta}s`,
          stream: process.stderr,
          noTTYOutput: !process.stderr.isTTY,
          notTTYSchedule: 2000,
        },
        cliProgress.Presets.shades_classic,
      );
      let started = false;
      return {
        update(done, total) {
          if (!started) {
            bar.start(total, 0);
            started = true;
          }
          bar.setTotal(total);
          bar.update(done);
        },
        stop: () => started && bar.stop(),
      };
    },
  };
}

export function requireString(values: CliValues, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new Error(`--${name} is required`);
  return v;
}
