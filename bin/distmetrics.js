#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so there is no build step between edit and use.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
