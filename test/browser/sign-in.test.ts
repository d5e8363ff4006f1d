import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { chromiumMissing, launchChromium, startWebServer, watchedPage } from './browser-harness.js';

/**
 * The dashboard and the explorer on a server that requires keys: a sign-in box on 401, the
 * token kept for the tab (sessionStorage) and sent as a bearer token, and signed image URLs
 * that load in <img> without any header.
 */
(chromiumMissing ? describe.skip : describe)('dashboard and explorer with an API key', () => {
  let server: RunningServer;
  let browser: Browser;
  let token = '';

  beforeAll(async () => {
    server = await startWebServer({ SEED_DEMO: 'false', AUTH: 'on' });
    token = (await server.services.auth.keys.create('browser-reader', 'reader')).token;
    const { DEMO_DATASETS } = await import('../../src/demo/synthetic.js');
    const { demoDatasetFiles } = await import('../../src/demo/seed.js');
    await server.services.ingest.importImages(DEMO_DATASETS[0]!.name, (await demoDatasetFiles(0)).slice(0, 2));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('asks for a key, refuses a wrong one, then shows the dashboard with signed images', async () => {
    const { page, context } = await watchedPage(browser);
    await page.goto(`${server.url}/`);
    await page.waitForSelector('#sign-in');
    expect(await page.textContent('#sign-in-reason')).toMatch(/needs an API key/);

    await page.fill('#sign-in-token', 'dm_wrong');
    await Promise.all([page.waitForEvent('load'), page.click('#sign-in-submit')]);
    await page.waitForSelector('#sign-in');
    expect(await page.textContent('#sign-in-reason')).toMatch(/Unknown or revoked API key/);

    await page.fill('#sign-in-token', token);
    await Promise.all([page.waitForEvent('load'), page.click('#sign-in-submit')]);
    await page.waitForSelector('main [data-state="empty"]');
    expect(await page.$('#sign-in')).toBeNull();
    expect(await page.textContent('main')).toContain('No model registered yet');
    expect(await page.evaluate(() => sessionStorage.getItem('distmetrics.token'))).toBe(token);

    // An answer's signed image URL loads in <img> with no header; the bare path does not.
    const loaded = await page.evaluate(async (t) => {
      const res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` },
        body: JSON.stringify({
          query: '{ images(dataset: "demo_primary", first: 1) { edges { node { id thumbnailUrl } } } }',
        }),
      });
      const node = (await res.json()).data.images.edges[0].node;
      const load = (src: string) =>
        new Promise<number>((resolve) => {
          const img = new Image();
          img.onload = () => resolve(img.naturalWidth);
          img.onerror = () => resolve(-1);
          img.src = src;
        });
      return { signed: await load(node.thumbnailUrl), bare: await load(`/images/${node.id}/thumbnail`) };
    }, token);
    expect(loaded.signed).toBeGreaterThan(0);
    expect(loaded.bare).toBe(-1);

    // Another tab of a new session has no token: the box again.
    const other = await context.browser()!.newContext();
    const otherPage = await other.newPage();
    await otherPage.goto(`${server.url}/`);
    await otherPage.waitForSelector('#sign-in');
    await other.close();

    // Signing out forgets the token.
    await Promise.all([page.waitForEvent('load'), page.click('#sign-out')]);
    await page.waitForSelector('#sign-in');
    expect(await page.evaluate(() => sessionStorage.getItem('distmetrics.token'))).toBeNull();
  });

  it('lets the explorer sign in and run a query with the key', async () => {
    const { page } = await watchedPage(browser);
    await page.goto(`${server.url}/explorer`);
    await page.waitForSelector('#sign-in');
    await page.fill('#sign-in-token', token);
    await Promise.all([page.waitForEvent('load'), page.click('#sign-in-submit')]);
    await page.waitForSelector('.graphiql-container .graphiql-query-editor .CodeMirror');
    await page.evaluate(() => {
      const cm = (
        document.querySelector('.graphiql-query-editor .CodeMirror') as unknown as {
          CodeMirror: { setValue(v: string): void };
        }
      ).CodeMirror;
      cm.setValue('query Overview {\n  datasets { name imageCount }\n}\n');
    });
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(() =>
      (document.querySelector('.result-window')?.textContent ?? '').includes('imageCount'),
    );
    expect(await page.textContent('.result-window')).toContain('demo_primary');
    expect(await page.$('#sign-in')).toBeNull();
  });
});
