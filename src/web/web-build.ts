import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Builds the dashboard and the GraphQL explorer (web/) into static files with esbuild: every
 * library (ECharts, GraphiQL, React, fonts) is bundled, so the pages work without the internet.
 *
 * A build lives in `dist/web/<key>/`, where the key hashes everything that goes into it (web/
 * sources, this file, package-lock.json, esbuild's version). A build is written to a temporary
 * folder and renamed into place, so concurrent builders (several servers, a test run beside
 * `npm start`) never see half a build, and an up-to-date build is never redone.
 */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB_SOURCE_DIR = path.join(REPO_ROOT, 'web');
export const WEB_BUILD_ROOT = path.join(REPO_ROOT, 'dist/web');

/** Bundles, each an entry point in web/ and the page that loads it. */
const PAGES = [
  { name: 'dashboard', entry: 'dashboard/main.ts', html: 'index.html' },
  { name: 'explorer', entry: 'explorer/main.tsx', html: 'explorer.html' },
] as const;

export interface WebBuild {
  key: string;
  /** Folder with index.html, explorer.html and assets/. */
  dir: string;
  /** True when this call ran esbuild; false when the build was already there. */
  built: boolean;
  ms: number;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(WEB_SOURCE_DIR, path.join(e.parentPath, e.name)))
    .sort();
}

/** The build key: a hash of every input of the build. Cheap (a few ms), so it can run per request. */
export async function webBuildKey(): Promise<string> {
  const hash = createHash('sha256');
  const { version } = await import('esbuild');
  hash.update(`esbuild ${version}\n`);
  for (const file of await listFiles(WEB_SOURCE_DIR)) {
    hash.update(`${file}\n`).update(await fs.readFile(path.join(WEB_SOURCE_DIR, file)));
  }
  hash.update(await fs.readFile(fileURLToPath(import.meta.url)));
  hash.update(await fs.readFile(path.join(REPO_ROOT, 'package-lock.json')).catch(() => Buffer.alloc(0)));
  return hash.digest('hex').slice(0, 16);
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

/** Runs esbuild for every page into `outDir` and writes the HTML pages beside the assets. */
async function bundle(outDir: string, key: string): Promise<void> {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: Object.fromEntries(PAGES.map((p) => [p.name, path.join(WEB_SOURCE_DIR, p.entry)])),
    outdir: path.join(outDir, 'assets'),
    bundle: true,
    format: 'esm',
    splitting: false,
    minify: true,
    sourcemap: 'linked',
    target: ['chrome110', 'firefox115', 'safari16'],
    jsx: 'automatic',
    // Fonts and images referenced from CSS are inlined: one request per page, nothing external.
    loader: { '.woff2': 'dataurl', '.woff': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl', '.png': 'dataurl' },
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'linked',
    logLevel: 'silent',
    tsconfig: path.join(WEB_SOURCE_DIR, 'tsconfig.json'),
  });
  for (const page of PAGES) {
    const template = await fs.readFile(path.join(WEB_SOURCE_DIR, page.html), 'utf8');
    const html = template.replaceAll('{{asset}}', `/assets/${key}/${page.name}`);
    await fs.writeFile(path.join(outDir, page.html), html);
  }
}

/** Keeps the newest few builds (a running server may still serve one), removes the rest. */
async function prune(keep: string): Promise<void> {
  const entries = await fs.readdir(WEB_BUILD_ROOT, { withFileTypes: true }).catch(() => []);
  const builds = await Promise.all(
    entries
      .filter((e) => e.isDirectory() && e.name !== keep && !e.name.startsWith('.tmp-'))
      .map(async (e) => ({ name: e.name, mtime: (await fs.stat(path.join(WEB_BUILD_ROOT, e.name))).mtimeMs })),
  );
  builds.sort((a, b) => b.mtime - a.mtime);
  for (const old of builds.slice(2)) await fs.rm(path.join(WEB_BUILD_ROOT, old.name), { recursive: true, force: true });
}

/** Builds the web UI unless a build of the current sources exists; answers where it is. */
export async function ensureWebBuild(log: (msg: string) => void = () => {}): Promise<WebBuild> {
  const started = performance.now();
  const key = await webBuildKey();
  const dir = path.join(WEB_BUILD_ROOT, key);
  if (await exists(path.join(dir, 'index.html'))) return { key, dir, built: false, ms: performance.now() - started };
  log(`Building the web UI (web/ -> ${path.relative(REPO_ROOT, dir)})…`);
  await fs.mkdir(WEB_BUILD_ROOT, { recursive: true });
  const tmp = await fs.mkdtemp(path.join(WEB_BUILD_ROOT, '.tmp-'));
  try {
    await fs.chmod(tmp, 0o755); // mkdtemp makes it private; the server may run as another user
    await bundle(tmp, key);
    await fs.rename(tmp, dir).catch(async (e: NodeJS.ErrnoException) => {
      // Another process finished the same build first: theirs is identical.
      if (!(await exists(path.join(dir, 'index.html')))) throw e;
      await fs.rm(tmp, { recursive: true, force: true });
    });
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw e;
  }
  await prune(key).catch(() => undefined);
  const ms = performance.now() - started;
  log(`Web UI built in ${(ms / 1000).toFixed(1)} s`);
  return { key, dir, built: true, ms };
}

async function main(): Promise<void> {
  if (!(await exists(WEB_SOURCE_DIR))) {
    // `npm ci` in the Dockerfile runs postinstall before the sources are copied in.
    console.log('web/ is absent: skipping the web UI build');
    return;
  }
  const build = await ensureWebBuild(console.log);
  if (!build.built) console.log(`Web UI is up to date (${path.relative(REPO_ROOT, build.dir)})`);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
