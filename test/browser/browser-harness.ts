import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { ensureWebBuild } from '../../src/web/web-build.js';
import { gql } from '../helpers/graphql.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { tempDataDir } from '../helpers/stores.js';

/** Debian's Chromium (no browser download): playwright-core drives it over CDP. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumMissing = fs.existsSync(CHROMIUM)
  ? null
  : `skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`;
if (chromiumMissing && process.env.CI) throw new Error(`CI needs Chromium at ${CHROMIUM}`);

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'docs');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** A server on a fresh embedded store, as `npm start` runs it, with the web UI built first. */
export async function startWebServer(env: Record<string, string> = {}): Promise<RunningServer> {
  await ensureWebBuild();
  const config = loadConfig({
    DISTMETRICS_DATA_DIR: tempDataDir(),
    PORT: '0',
    EXECUTION_PROVIDERS: 'cpu',
    REGISTER_TRAINED: 'false',
    ...env,
  });
  return startServer(config, () => {});
}

interface JobRow {
  id: string;
  state: string;
}

/** Waits, through the public `jobs` query, until no extraction is queued or running. */
export async function waitForJobs(baseUrl: string, timeoutMs = 480_000): Promise<JobRow[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const body = await gql<{ jobs: JobRow[] }>(baseUrl, '{ jobs(first: 100) { id state } }');
    const jobs = body.data?.jobs ?? [];
    if (!jobs.some((j) => j.state === 'queued' || j.state === 'running')) return jobs;
    if (Date.now() > until) throw new Error(`extraction still running after ${timeoutMs} ms: ${JSON.stringify(jobs)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * A page that records what the browser does: every request (to prove the UI is offline and uses
 * only POST /graphql plus the URLs the answers give), and any script error or console error.
 */
export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  requests: { method: string; url: string }[];
  errors: string[];
}

export async function watchedPage(browser: Browser): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const watched: WatchedPage = { page, context, requests: [], errors: [] };
  page.on('request', (r) => {
    if (!/^(data|blob):/.test(r.url())) watched.requests.push({ method: r.method(), url: r.url() });
  });
  page.on('pageerror', (e) => watched.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && watched.errors.push(`console: ${m.text()}`));
  return watched;
}

/** Waits until no element of the page (or under `scope`) shows a loading state. */
export async function settled(page: Page, scope = 'main'): Promise<void> {
  await page.waitForFunction((sel) => {
    const root = document.querySelector(sel);
    return (
      root !== null && root.childElementCount > 0 && root.querySelector('[data-state="loading"], td.pending') === null
    );
  }, scope);
}

/** Elements an SVG chart drew: paths with a non-empty outline. */
export function drawnPaths(page: Page, selector: string): Promise<number> {
  return page.$$eval(
    `${selector} svg path`,
    (paths) => paths.filter((p) => (p.getAttribute('d') ?? '').length > 4).length,
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true });
}
