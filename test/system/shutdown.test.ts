import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';
import { tempDataDir } from '../helpers/stores.js';

function withoutNodeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_ENV: _, ...rest } = env;
  return rest;
}

/** `npm start`'s process: the server on a fresh embedded store, stopped by a signal. */
async function startAndSignal(signal: NodeJS.Signals) {
  const dataDir = tempDataDir();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src/server.ts')], {
    cwd: REPO_ROOT,
    // NODE_ENV as `npm start` has it (unset), not vitest's "test", under which Apollo installs no signal handlers
    env: {
      ...withoutNodeEnv(process.env),
      DISTMETRICS_DATA_DIR: dataDir,
      PORT: '0',
      SEED_DEMO: 'false',
      REGISTER_TRAINED: 'false',
      DATABASE_URL: '',
    },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line in 60 s:\n${output}`)), 60_000);
    child.stdout.on('data', () => {
      const m = /ready: (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  expect((await fetch(`${url}/health`)).status).toBe(200);
  const signalledAt = Date.now();
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000); // a hung shutdown fails the test, not the run
  const code = await exited;
  clearTimeout(timer);
  return { code, seconds: (Date.now() - signalledAt) / 1000, output, dataDir };
}

it.each(['SIGINT', 'SIGTERM'] as const)(
  'stops on %s: exit code 0, the store closed and its lock released',
  async (signal) => {
    const first = await startAndSignal(signal);
    expect(first.code, first.output).toBe(0);
    expect(first.seconds).toBeLessThan(20);
    expect(first.output).toMatch(/Stopping/);
    // a clean stop removes the lock file (a killed process leaves one that the next start must judge stale)
    expect(fs.existsSync(path.join(first.dataDir, 'store.lock.json'))).toBe(false);
  },
  100_000,
);
