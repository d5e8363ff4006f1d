// Lint and layering, run by `npm test` before vitest (scripts/test.sh) and by `npm run lint`.
//
// Layers of src/, lowest first. A folder imports only folders below it; nothing runs back up:
//
//   kernel      math/, metrics/, statistics/   pure computation on typed arrays: no I/O, no other folder
//   base        errors.ts, ids.ts, config.ts, pagination/, http/ (one error-to-status layer), generated/ (Prisma types)
//   db/         pool, Prisma, migrations, embedded store
//   compute/    the one worker-thread pool and its tasks (fits, distances, the statistics' loops), ONNX Runtime GEMM, request cancellation
//   auth/       API keys, roles, audit trail, signed URLs, rate limits (routes see auth/index.ts)
//   images/     decode, ingestion, datasets
//   jobs/       the pg-boss queue and its workers (knows chunks, not what processes them)
//   models/     ONNX registry and extraction
//   analytics/  PCA fits, distances; performance/ uses it only through analytics/index.ts
//   performance/ counts, splits, curves, label picks; demo/ uses it only through performance/index.ts
//   uncertainty/ permutation tests, bootstrap intervals, conformal scores, predicted F (sees analytics/ and performance/ through their index.ts; its loops run on compute/'s pool)
//   demo/       the bundled demo data and models
//   graphql/    schema wiring, loaders, limits; graphql/resolvers/ call services only
//   cli/, services.ts, server.ts, http.ts   the composition root and process entry points
//
// Nothing outside the composition root imports from graphql/ (the resolvers and the server
// wiring are the only users), and services.ts is imported by the entry points only.
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

/** Each folder of src/ is an element; the files directly in src/ form the element `root`. */
const FOLDERS = [
  'math',
  'metrics',
  'pagination',
  'http',
  'generated',
  'db',
  'compute',
  'auth',
  'images',
  'jobs',
  'models',
  'analytics',
];
FOLDERS.push('distances', 'performance', 'statistics', 'uncertainty', 'demo', 'web', 'cli');

/**
 * The layers the policies below speak of: an element, optionally narrowed to a category of
 * its files (a folder's public surface is its index.ts).
 */
const LAYERS = {
  ...Object.fromEntries(FOLDERS.map((f) => [f, { element: { type: f } }])),
  'prisma-types': { element: { type: 'generated' } },
  errors: { element: { type: 'root' }, file: { categories: 'errors' } },
  ids: { element: { type: 'root' }, file: { categories: 'ids' } },
  config: { element: { type: 'root' }, file: { categories: 'config' } },
  wiring: { element: { type: 'root' }, file: { categories: 'wiring' } },
  'auth-public': { element: { type: 'auth' }, file: { categories: 'public' } },
  'images-public': { element: { type: 'images' }, file: { categories: 'public' } },
  'models-public': { element: { type: 'models' }, file: { categories: 'public' } },
  'analytics-public': { element: { type: 'analytics' }, file: { categories: 'public' } },
  'distances-public': { element: { type: 'distances' }, file: { categories: 'public' } },
  'performance-public': { element: { type: 'performance' }, file: { categories: 'public' } },
  'uncertainty-public': { element: { type: 'uncertainty' }, file: { categories: 'public' } },
  graphql: { element: { type: 'graphql' } },
};

const ELEMENTS = [
  ...FOLDERS.map((f) => ({ type: f, pattern: `src/${f}`, partialMatch: false })),
  { type: 'graphql', pattern: 'src/graphql', partialMatch: false },
  { type: 'root', pattern: 'src', partialMatch: false },
];
const FILES = [
  { category: 'public', pattern: 'src/*/index.ts' },
  { category: 'errors', pattern: 'src/errors.ts' },
  { category: 'ids', pattern: 'src/ids.ts' },
  { category: 'config', pattern: 'src/config.ts' },
  { category: 'wiring', pattern: 'src/{services,server,http}.ts' },
];

const BASE = ['errors', 'ids', 'config', 'pagination', 'http', 'prisma-types'];
const PUBLIC = [
  'auth-public',
  'images-public',
  'models-public',
  'analytics-public',
  'distances-public',
  'performance-public',
  'uncertainty-public',
];
/**
 * Whom each element may import. A folder sees itself, the kernels, db/ and the folders below it;
 * analytics/ and performance/ are seen from outside only through their index.ts. graphql/
 * (resolvers included) sees the features only through their index.ts: service types, views and
 * argument parsing, never a repository, db/ or a kernel.
 */
const ALLOWED = {
  math: ['math', 'errors'],
  metrics: ['metrics', 'math', 'errors'],
  statistics: ['statistics', 'math', 'metrics', 'errors'],
  config: ['errors'],
  ids: ['errors'],
  pagination: ['errors', 'ids'],
  http: ['http', 'errors', 'ids'],
  'prisma-types': ['prisma-types'],
  db: ['db', ...BASE],
  compute: ['compute', 'db', 'math', 'metrics', 'statistics', ...BASE],
  auth: ['auth', 'db', ...BASE],
  images: ['images', 'auth-public', 'db', 'math', ...BASE],
  jobs: ['jobs', 'db', ...BASE],
  models: ['models', 'jobs', 'images', 'db', 'math', ...BASE],
  analytics: ['analytics', 'compute', 'auth-public', 'images', 'db', 'math', 'statistics', ...BASE],
  distances: ['distances', 'analytics-public', 'compute', 'db', 'math', 'jobs', ...BASE],
  performance: [
    'performance',
    'compute',
    'auth-public',
    'analytics-public',
    'images',
    'db',
    'math',
    'metrics',
    ...BASE,
  ],
  uncertainty: [
    'uncertainty',
    'statistics',
    'compute',
    'analytics-public',
    'performance-public',
    'math',
    'metrics',
    ...BASE,
  ],
  demo: ['demo', 'models', 'images', 'math', 'metrics', ...BASE],
  web: ['web', ...BASE],
  graphql: ['graphql', ...PUBLIC, ...BASE],
  // The composition root and the entry points: everything but the resolvers themselves.
  cli: ['cli', 'wiring', 'demo', 'models', 'images', 'jobs', 'db', ...PUBLIC, ...BASE],
  wiring: [
    'wiring',
    'graphql',
    'web',
    'demo',
    'uncertainty',
    'performance',
    'distances',
    'analytics',
    'models',
    'jobs',
    'images',
    'auth',
    'compute',
    'db',
    ...PUBLIC,
    ...BASE,
  ],
};

/** Packages that do I/O: the pure kernels may not import them. */
const IO_MODULES = [
  'node:fs',
  'node:fs/promises',
  'fs',
  'pg',
  'pg-*',
  '@prisma/*',
  'sharp',
  'onnxruntime-node',
  'pg-boss',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'coverage/**',
      'src/generated/**',
      'src/graphql/__generated__/**',
      'web/**/dist/**',
      '.data*/**',
      'scratch/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    // Tests and benchmarks read GraphQL responses, which are untyped JSON.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { project: './tsconfig.json' } },
      'boundaries/include': ['src/**/*'],
      'boundaries/elements': ELEMENTS,
      'boundaries/files': FILES,
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: Object.entries(ALLOWED).flatMap(([from, to]) =>
            to.map((target) => ({ from: LAYERS[from], allow: { to: LAYERS[target] } })),
          ),
        },
      ],
      'boundaries/no-unknown-files': 'error',
    },
  },
  {
    files: ['src/math/**/*.ts', 'src/metrics/**/*.ts', 'src/statistics/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: IO_MODULES, message: 'The pure kernels do no I/O: pass data in as typed arrays.' }] },
      ],
    },
  },
);
