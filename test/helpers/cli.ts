import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (bin/distmetrics.js) in a child process with the given environment. */
export function runCli(
  args: string[],
  env: Record<string, string>,
  onStderr?: (chunk: string) => void,
): Promise<CliRun> & { kill(signal?: NodeJS.Signals): void } {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/distmetrics.js'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    onStderr?.(String(d));
  });
  const done = new Promise<CliRun>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return Object.assign(done, { kill: (signal: NodeJS.Signals = 'SIGKILL') => void child.kill(signal) });
}
