import os from 'node:os';
import path from 'node:path';

/** Defaults, named so tests and docs can refer to them. */
export const DEFAULT_PORT = 4000;
export const DEFAULT_DATA_DIR = './.data';
export const DEFAULT_PCA_COMPONENTS = 25;
export const DEFAULT_MAX_PAIRS = 2_000_000;
export const DEFAULT_MAX_COMPONENTS = 200;
export const DEFAULT_MAX_K = 1000;
export const DEFAULT_MAX_PAGE = 500;
/** Image pairs per queued distance chunk: about 0.1-0.5 s of work on one core at z = 25. */
export const DEFAULT_DISTANCE_CHUNK_PAIRS = 16_000_000;
export const DEFAULT_SIGNED_URL_TTL_S = 3600;
export const DEFAULT_RATE_LIMIT_POINTS = 1200;
export const DEFAULT_RATE_LIMIT_DURATION_S = 60;

/** Who may call the API: `auto` = open on a loopback HOST while no key exists, keys required otherwise. */
export type AuthMode = 'auto' | 'on' | 'off';
// Statistics: the permutation test's (n + m)^2 float64 matrix at 4000 images is 122 MiB.
export const DEFAULT_PERMUTATION_MAX_IMAGES = 4000;
export const DEFAULT_MAX_PERMUTATIONS = 99_999;
export const DEFAULT_MAX_RESAMPLES = 10_000;
export const DEFAULT_ANALYTICS_TIMEOUT_MS = 300_000;
/** Limits on the work one request can cause (README "Limits and error handling"). */
export const DEFAULT_MAX_IMAGE_PIXELS = 40_000_000;
export const DEFAULT_INFERENCE_TIMEOUT_MS = 60_000;
export const DEFAULT_FIT_CACHE_MAX_BYTES = 1024 * 1024 * 1024;

export interface AppConfig {
  readonly db: {
    /** A PostgreSQL server's URL, or null for the embedded PGlite store. */
    readonly url: string | null;
    /** Where the embedded store, image blobs and model files live. */
    readonly dataDir: string;
    /** Port of the embedded store's wire-protocol socket; 0 = any free port. */
    readonly embeddedPort: number;
    readonly poolSize: number;
  };
  readonly server: {
    readonly port: number;
    readonly host: string;
    /** Server-side folders that the importFolder mutation may read; nothing outside. */
    readonly importRoot: string;
    /** Seed demo datasets (and models) when the store is empty. */
    readonly seedDemo: boolean;
    /** Register the crack networks trained in this repository (models/crack/) at start. */
    readonly registerTrained: boolean;
    readonly development: boolean;
  };
  readonly limits: {
    readonly maxPairs: number;
    readonly maxComponents: number;
    readonly maxK: number;
    readonly maxPage: number;
    readonly maxDepth: number;
    readonly maxCost: number;
    readonly maxUploadBytes: number;
    /** GraphQL: aliases, directives and tokens per document, and the document's size in bytes. */
    readonly maxAliases: number;
    readonly maxDirectives: number;
    readonly maxTokens: number;
    readonly maxDocumentBytes: number;
    /** Query cost added per PCA fit an operation would compute (not in the cache). */
    readonly fitCost: number;
    /** Images above this many pixels are refused from their header, before decoding. */
    readonly maxImagePixels: number;
    /** Wall-clock limit of one inference (and of the trial run at registration). */
    readonly inferenceTimeoutMs: number;
    /** Stored fits beyond this many bytes are evicted, least recently used first. */
    readonly fitCacheMaxBytes: number;
  };
  readonly ml: {
    readonly executionProviders: readonly string[];
    /** Images per queued extraction chunk: the unit of work a worker takes and, if killed, redoes. */
    readonly chunkSize: number;
  };
  readonly statistics: {
    /** n + m above which a permutation test (its (n + m)^2 distance matrix) is refused. */
    readonly maxPermutationImages: number;
    /** Largest R of a permutation test. */
    readonly maxPermutations: number;
    /** Largest number of bootstrap resamples. */
    readonly maxResamples: number;
  };
  readonly analytics: {
    /** Threads of the one worker pool (fits, distance sums and jobs, statistics, threshold counts); default: the cores. */
    readonly threads: number;
    /** A request's analytics computation still running after this long is cancelled; 0 = never. */
    readonly timeoutMs: number;
  };
  readonly jobs: {
    /** Whether the server process also works on queued jobs (extra workers: `distmetrics worker`). */
    readonly runWorker: boolean;
    /** A chunk still active after this long is taken as lost (its worker died) and retried. */
    readonly expireSeconds: number;
    readonly pollSeconds: number;
    readonly maintenanceSeconds: number;
  };
  /** Distances beyond one request: distance jobs (their threads: analytics.threads). */
  readonly distances: {
    /** Image pairs a request may compute itself; above, exact IDist needs stored job results (or an estimate). */
    readonly syncMaxPairs: number;
    /** Image pairs per queued distance chunk: the unit a worker takes and, if killed, redoes. */
    readonly chunkPairs: number;
  };
  readonly security: {
    readonly auth: AuthMode;
    /** Stored hashed at start as an admin key named adminTokenName: bootstraps the first key (docker-compose). */
    readonly adminToken: string | null;
    readonly adminTokenName: string;
    /** Origin that URLs in answers are built from (no trailing slash); null = relative URLs. */
    readonly publicUrl: string | null;
    /** Extra Host header names accepted (lower case, no port); '*' accepts any. */
    readonly allowedHosts: readonly string[];
    /** HMAC key of signed download URLs; null = generated once and stored in the database. */
    readonly urlSigningSecret: string | null;
    readonly signedUrlTtlSeconds: number;
    /** Requests per key (per address when anonymous) per window; 0 turns the limiter off. */
    readonly rateLimitPoints: number;
    readonly rateLimitDurationSeconds: number;
  };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
/** Whether a bind address or Host name only reaches this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return LOOPBACK_HOSTS.has(h) || /^127\.\d+\.\d+\.\d+$/.test(h) || h.endsWith('.localhost');
}

function securityConfig(env: Env, errors: string[]): AppConfig['security'] {
  const auth = (env.AUTH ?? 'auto').trim().toLowerCase() || 'auto';
  if (auth !== 'auto' && auth !== 'on' && auth !== 'off')
    errors.push(`AUTH must be auto, on or off, got "${env.AUTH}"`);
  const adminToken = env.ADMIN_TOKEN?.trim() || null;
  if (adminToken && adminToken.length < 32)
    errors.push('ADMIN_TOKEN must be at least 32 characters (e.g. openssl rand -hex 32)');
  const adminTokenName = env.ADMIN_TOKEN_NAME?.trim() || 'admin';
  if (!/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(adminTokenName))
    errors.push(`ADMIN_TOKEN_NAME must be a letter then letters, digits, _ . - (at most 64), got "${adminTokenName}"`);
  let publicUrl: string | null = env.PUBLIC_URL?.trim() || null;
  if (publicUrl) {
    try {
      const u = new URL(publicUrl);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
      publicUrl = `${u.origin}${u.pathname}`.replace(/\/+$/, '');
    } catch {
      errors.push(`PUBLIC_URL must be an absolute http(s) URL, got "${publicUrl}"`);
      publicUrl = null;
    }
  }
  const allowedHosts = (env.ALLOWED_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const urlSigningSecret = env.URL_SIGNING_SECRET?.trim() || null;
  if (urlSigningSecret && urlSigningSecret.length < 32)
    errors.push('URL_SIGNING_SECRET must be at least 32 characters');
  return {
    auth: auth as AuthMode,
    adminToken,
    adminTokenName,
    publicUrl,
    allowedHosts,
    urlSigningSecret,
    signedUrlTtlSeconds: intVar(env, 'SIGNED_URL_TTL_S', DEFAULT_SIGNED_URL_TTL_S, 10, errors),
    rateLimitPoints: intVar(env, 'RATE_LIMIT_POINTS', DEFAULT_RATE_LIMIT_POINTS, 0, errors),
    rateLimitDurationSeconds: intVar(env, 'RATE_LIMIT_DURATION_S', DEFAULT_RATE_LIMIT_DURATION_S, 1, errors),
  };
}

type Env = Record<string, string | undefined>;

function intVar(env: Env, name: string, fallback: number, min: number, errors: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    errors.push(`${name} must be an integer >= ${min}, got "${raw}"`);
    return fallback;
  }
  return value;
}

function boolVar(env: Env, name: string, fallback: boolean, errors: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes)$/i.test(raw)) return true;
  if (/^(0|false|no)$/i.test(raw)) return false;
  errors.push(`${name} must be true or false, got "${raw}"`);
  return fallback;
}

const KNOWN_PROVIDERS = new Set(['cuda', 'cpu']);

/**
 * Reads and validates every environment variable the app uses. The only reader of process.env.
 * Throws one error listing every invalid variable.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const errors: string[] = [];
  const url = env.DATABASE_URL?.trim() || null;
  if (url && !/^postgres(ql)?:\/\//.test(url)) errors.push(`DATABASE_URL must start with postgres:// or postgresql://`);
  const providers = (env.EXECUTION_PROVIDERS ?? 'cuda,cpu')
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  for (const p of providers)
    if (!KNOWN_PROVIDERS.has(p)) errors.push(`EXECUTION_PROVIDERS: unknown provider "${p}" (use cuda, cpu)`);
  const dataDir = path.resolve(env.DISTMETRICS_DATA_DIR ?? DEFAULT_DATA_DIR);
  const config: AppConfig = {
    db: {
      url,
      dataDir,
      embeddedPort: intVar(env, 'EMBEDDED_PORT', 0, 0, errors),
      poolSize: intVar(env, 'DB_POOL_SIZE', 10, 1, errors),
    },
    server: {
      port: intVar(env, 'PORT', DEFAULT_PORT, 0, errors),
      host: env.HOST ?? '127.0.0.1',
      importRoot: path.resolve(env.IMPORT_ROOT ?? path.join(dataDir, 'imports')),
      seedDemo: boolVar(env, 'SEED_DEMO', true, errors),
      registerTrained: boolVar(env, 'REGISTER_TRAINED', true, errors),
      development: env.NODE_ENV === 'development',
    },
    limits: {
      maxPairs: intVar(env, 'MAX_PAIRS', DEFAULT_MAX_PAIRS, 1, errors),
      maxComponents: intVar(env, 'MAX_COMPONENTS', DEFAULT_MAX_COMPONENTS, 1, errors),
      maxK: intVar(env, 'MAX_K', DEFAULT_MAX_K, 1, errors),
      maxPage: intVar(env, 'MAX_PAGE', DEFAULT_MAX_PAGE, 1, errors),
      maxDepth: intVar(env, 'MAX_QUERY_DEPTH', 12, 1, errors),
      maxCost: intVar(env, 'MAX_QUERY_COST', 100_000, 1, errors),
      maxUploadBytes: intVar(env, 'MAX_UPLOAD_BYTES', 50 * 1024 * 1024, 1, errors),
      maxAliases: intVar(env, 'MAX_QUERY_ALIASES', 30, 0, errors),
      maxDirectives: intVar(env, 'MAX_QUERY_DIRECTIVES', 20, 0, errors),
      maxTokens: intVar(env, 'MAX_QUERY_TOKENS', 5000, 1, errors),
      maxDocumentBytes: intVar(env, 'MAX_DOCUMENT_BYTES', 64 * 1024, 1, errors),
      fitCost: intVar(env, 'QUERY_COST_PER_FIT', 2000, 0, errors),
      maxImagePixels: intVar(env, 'MAX_IMAGE_PIXELS', DEFAULT_MAX_IMAGE_PIXELS, 1, errors),
      inferenceTimeoutMs: intVar(env, 'INFERENCE_TIMEOUT_MS', DEFAULT_INFERENCE_TIMEOUT_MS, 1, errors),
      fitCacheMaxBytes: intVar(env, 'FIT_CACHE_MAX_BYTES', DEFAULT_FIT_CACHE_MAX_BYTES, 0, errors),
    },
    ml: {
      executionProviders: providers.length ? providers : ['cpu'],
      chunkSize: intVar(env, 'EXTRACT_CHUNK_SIZE', 32, 1, errors),
    },
    statistics: {
      maxPermutationImages: intVar(env, 'PERMUTATION_MAX_IMAGES', DEFAULT_PERMUTATION_MAX_IMAGES, 2, errors),
      maxPermutations: intVar(env, 'MAX_PERMUTATIONS', DEFAULT_MAX_PERMUTATIONS, 1, errors),
      maxResamples: intVar(env, 'MAX_RESAMPLES', DEFAULT_MAX_RESAMPLES, 1, errors),
    },
    analytics: {
      threads: intVar(env, 'ANALYTICS_THREADS', os.availableParallelism(), 1, errors),
      timeoutMs: intVar(env, 'ANALYTICS_TIMEOUT_MS', DEFAULT_ANALYTICS_TIMEOUT_MS, 0, errors),
    },
    jobs: {
      runWorker: boolVar(env, 'RUN_WORKER', true, errors),
      expireSeconds: intVar(env, 'JOB_EXPIRE_SECONDS', 300, 1, errors),
      pollSeconds: intVar(env, 'JOB_POLL_SECONDS', 1, 1, errors),
      maintenanceSeconds: intVar(env, 'JOB_MAINTENANCE_SECONDS', 30, 1, errors),
    },
    distances: {
      syncMaxPairs: intVar(env, 'SYNC_MAX_PAIRS', intVar(env, 'MAX_PAIRS', DEFAULT_MAX_PAIRS, 1, []), 1, errors),
      chunkPairs: intVar(env, 'DISTANCE_CHUNK_PAIRS', DEFAULT_DISTANCE_CHUNK_PAIRS, 1, errors),
    },
    security: securityConfig(env, errors),
  };
  if (errors.length) throw new Error(`Invalid configuration:\n  - ${errors.join('\n  - ')}`);
  return deepFreeze(config);
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (v && typeof v === 'object') deepFreeze(v);
  return Object.freeze(o);
}
