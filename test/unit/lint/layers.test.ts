import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layering rules of eslint.config.js, shown to refuse what they are meant to refuse: each
// source below is linted as if it were the named file, so nothing is written into src/.
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((m) => m.ruleId === 'boundaries/dependencies' || m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

const cases: [string, string, string][] = [
  ['a math kernel importing db/', 'src/math/probe.ts', "import { inTransaction } from '../db/pool.js';"],
  ['a math kernel importing pg', 'src/math/probe.ts', "import pg from 'pg';"],
  ['a math kernel importing node:fs', 'src/math/probe.ts', "import fs from 'node:fs';"],
  [
    'a metrics kernel importing a feature',
    'src/metrics/probe.ts',
    "import { sha256Hex } from '../images/image.repository.js';",
  ],
  ['images/ importing graphql/', 'src/images/probe.ts', "import type { GraphQLContext } from '../graphql/context.js';"],
  [
    'images/ importing models/ (up the order)',
    'src/images/probe.ts',
    "import { toNchw } from '../models/preprocess.js';",
  ],
  [
    'models/ importing analytics/ (up the order)',
    'src/models/probe.ts',
    "import type { AnalyticsService } from '../analytics/index.js';",
  ],
  [
    'performance/ importing an analytics internal',
    'src/performance/probe.ts',
    "import { blockOf } from '../analytics/fit-blocks.js';",
  ],
  ['a feature importing the composition root', 'src/demo/probe.ts', "import type { Services } from '../services.js';"],
  [
    'a resolver importing a repository',
    'src/graphql/resolvers/probe.ts',
    "import { createImageRepository } from '../../images/image.repository.js';",
  ],
  ['a resolver importing db/', 'src/graphql/resolvers/probe.ts', "import { inTransaction } from '../../db/pool.js';"],
  ['a resolver importing a kernel', 'src/graphql/resolvers/probe.ts', "import { fitPca } from '../../math/pca.js';"],
  [
    'graphql/ importing an analytics internal',
    'src/graphql/probe.ts',
    "import type { FitUse } from '../analytics/fit.service.js';",
  ],
];

describe('layer rules', () => {
  it.each(cases)('refuse %s', { timeout: 60_000 }, async (_what, filePath, code) => {
    expect(await boundaryErrors(filePath, `${code}\nexport {};\n`)).not.toEqual([]);
  });

  it('allow what the layers permit', { timeout: 60_000 }, async () => {
    const allowed: [string, string][] = [
      ['src/performance/probe.ts', "import type { Reduce } from '../analytics/index.js';"],
      ['src/graphql/resolvers/probe.ts', "import { fromBase64 } from '../../images/index.js';"],
      ['src/models/probe.ts', "import { decodeImage } from '../images/decode.js';"],
      ['src/math/probe.ts', "import { AppError } from '../errors.js';"],
      ['src/images/probe.ts', "import { toConnection } from '../pagination/connection.js';"],
    ];
    for (const [filePath, code] of allowed) expect(await boundaryErrors(filePath, `${code}\nexport {};\n`)).toEqual([]);
  });
});
