import { createRequire } from 'node:module';
import os from 'node:os';
import { defineConfig } from 'vitest/config';

// graphql 16 ships CJS (main) and ESM (module). Node, and so Apollo and graphql-tools, load the
// CJS build; Vite would give the sources the ESM one, a second copy whose classes fail graphql's
// instanceof checks ("from another module or realm"). One copy, as in production:
const graphqlCjs = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlCjs }] },
  test: {
    // Vitest's default (cores - 1) is one worker on a 2-core machine. Unit and integration files
    // run two or more at a time (each integration file has its own stores and ports); then the
    // system tier and then the browser tier run alone, one file at a time (sequence.groupOrder),
    // since they start processes and some measure latency.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        // Tests that start processes: the CLI through bin/distmetrics.js, worker processes sharing
        // a job, the server's SIGINT shutdown. Left out of the fast tier (npm run test:fast).
        extends: true,
        test: {
          name: 'system',
          include: ['test/system/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // The dashboard and explorer in headless Chromium against a server seeded with the demo.
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 600_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
