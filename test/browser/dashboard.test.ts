import fs from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { gql } from '../helpers/graphql.js';
import {
  chromiumMissing,
  drawnPaths,
  launchChromium,
  screenshot,
  settled,
  startWebServer,
  waitForJobs,
  type WatchedPage,
  watchedPage,
} from './browser-harness.js';

/**
 * The dashboard and the explorer in a real browser, against a server seeded with the demo (as
 * `npm start` runs it): the numbers on screen equal the GraphQL answers, every figure is drawn,
 * the explorer runs a query, and nothing is fetched from anywhere but this server. Writes the
 * README's screenshots to docs/.
 */

interface Catalogue {
  datasets: { name: string }[];
  models: { name: string; version: number; predictionOutput: string | null }[];
}

(chromiumMissing ? describe.skip : describe)(
  `dashboard in Chromium, demo store${chromiumMissing ? ` (${chromiumMissing})` : ''}`,
  () => {
    let server: RunningServer;
    let browser: Browser;
    let watched: WatchedPage;
    let page: Page;
    let cat: Catalogue;
    let primary: string;
    let secondaries: string[];

    beforeAll(async () => {
      server = await startWebServer({ SEED_DEMO: 'true' });
      browser = await launchChromium();
      watched = await watchedPage(browser);
      page = watched.page;
      cat = (await gql<Catalogue>(server.url, '{ datasets { name } models { name version predictionOutput } }')).data!;
      primary = cat.datasets[0]!.name;
      secondaries = cat.datasets.slice(1).map((d) => d.name);
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('shows job progress while the demo extraction runs, then every job completed', async () => {
      await page.goto(`${server.url}/#/jobs`);
      await page.waitForSelector('#jobs-table tbody tr');
      const running = await page.$$('#jobs-table tr[data-state="running"], #jobs-table tr[data-state="queued"]');
      if (running.length > 0) {
        // Caught mid-extraction: the header badge and the progress bars say so.
        await expect
          .poll(() => page.textContent('[data-testid="job-badge"]'))
          .toMatch(/Extracting: \d+ jobs?, \d+\/\d+ images/);
        expect(await page.$$('#jobs-table .progress[role="progressbar"]')).not.toHaveLength(0);
      }
      const jobs = await waitForJobs(server.url);
      expect(jobs.length).toBe(cat.models.length * cat.datasets.length);
      // The page polls the jobs query and redraws itself: no reload.
      await page.waitForFunction(
        (n) => document.querySelectorAll('#jobs-table tr[data-state="completed"]').length === n,
        jobs.length,
        { timeout: 30_000 },
      );
      expect(await page.textContent('[data-testid="job-badge"]')).toBe('Jobs: idle');
      await screenshot(page, 'dashboard-jobs.png');
    }, 540_000);

    it('serves the scaled ODist table (Table 2) with the numbers of the GraphQL API', async () => {
      await page.goto(`${server.url}/`);
      await page.waitForSelector('#odist-table');
      await settled(page, '#odist');
      const models = await page.$$eval('#odist-table tbody tr', (rows) =>
        rows.map((r) => r.getAttribute('data-model')!),
      );
      expect(models.length).toBeGreaterThan(0);
      for (const key of models) {
        const [name, version] = [key.slice(0, key.lastIndexOf('@')), Number(key.slice(key.lastIndexOf('@') + 1))];
        const answer = await gql<{ odist: { secondaries: { secondary: { name: string }; scaled: number }[] } }>(
          server.url,
          'query($m: String!, $v: Int, $p: String!, $s: [String!]!) { odist(scope: { model: { name: $m, version: $v }, primary: $p }, secondaries: $s) { secondaries { secondary { name } scaled } } }',
          { m: name, v: version, p: primary, s: secondaries },
        );
        expect(answer.errors).toBeUndefined();
        const cells = await page.$$eval(`#odist-table tr[data-model="${key}"] td[data-secondary]`, (tds) =>
          tds.map((td) => ({
            secondary: td.getAttribute('data-secondary')!,
            text: td.textContent,
            scaled: td.getAttribute('data-scaled'),
            far: td.classList.contains('far'),
          })),
        );
        const entries = answer.data!.odist.secondaries;
        expect(cells.map((c) => c.secondary)).toEqual(entries.map((e) => e.secondary.name));
        for (const e of entries) {
          const cell = cells.find((c) => c.secondary === e.secondary.name)!;
          expect(cell.text).toBe(e.scaled.toFixed(3));
          expect(Number(cell.scaled)).toBe(e.scaled);
        }
        const farthest = [...entries]
          .sort((a, b) => b.scaled - a.scaled)
          .slice(0, 2)
          .map((e) => e.secondary.name);
        expect(
          cells
            .filter((c) => c.far)
            .map((c) => c.secondary)
            .sort(),
        ).toEqual(farthest.sort());
        expect(entries.reduce((a, e) => a + e.scaled, 0)).toBeCloseTo(1, 12);
        // The statistics arrive second: each cell then carries its permutation p-value and its
        // bootstrap interval, and cells not significant at alpha = 0.05 are marked.
        await page.waitForFunction(
          ([k, n]) => document.querySelectorAll(`#odist-table tr[data-model="${k}"] td[data-p]`).length === n,
          [key, entries.length] as const,
          { timeout: 120_000 },
        );
        const stats = await gql<{
          odist: {
            secondaries: {
              secondary: { name: string };
              energyTest: { pValue: number };
              scaledInterval: { low: number; high: number };
            }[];
          };
        }>(
          server.url,
          'query($m: String!, $v: Int, $p: String!, $s: [String!]!) { odist(scope: { model: { name: $m, version: $v }, primary: $p }, secondaries: $s) { secondaries { secondary { name } energyTest { pValue } scaledInterval { low high } } } }',
          { m: name, v: version, p: primary, s: secondaries },
        );
        const marked = await page.$$eval(`#odist-table tr[data-model="${key}"] td[data-secondary]`, (tds) =>
          tds.map((td) => ({
            secondary: td.getAttribute('data-secondary')!,
            p: Number(td.getAttribute('data-p')),
            low: Number(td.getAttribute('data-low')),
            ns: td.classList.contains('ns'),
            whisker: td.querySelector('.ci') !== null,
          })),
        );
        for (const e of stats.data!.odist.secondaries) {
          const cell = marked.find((c) => c.secondary === e.secondary.name)!;
          expect(cell.p).toBe(e.energyTest.pValue);
          expect(cell.low).toBe(e.scaledInterval.low);
          expect(cell.ns).toBe(e.energyTest.pValue > 0.05);
          expect(cell.whisker).toBe(true);
        }
      }
    });

    it('draws the IDist violins (Figure 3) and the PC stability table and plot (Table 6)', async () => {
      await settled(page);
      const violins = await page.$$('[data-chart="violin"]');
      // The default selection is the latest version of each model (the demo family has several).
      const latest = cat.models.filter((m) => !cat.models.some((o) => o.name === m.name && o.version > m.version));
      expect(violins).toHaveLength(latest.length);
      for (const m of latest)
        expect(await drawnPaths(page, `[data-chart="violin"][data-model="${m.name}@${m.version}"]`)).toBeGreaterThan(
          secondaries.length,
        );
      expect(await page.$$('#pc-stability-table tbody tr')).toHaveLength(5);
      expect(await drawnPaths(page, '[data-chart="pc-stability"]')).toBeGreaterThan(secondaries.length);
      expect(watched.errors).toEqual([]);
      await screenshot(page, 'dashboard-distances.png');
    });

    it('draws the F-score curves with Spearman (Figures 4-6), the ODS table and the split tables (Tables 3-5)', async () => {
      await page.click('nav a[data-page="performance"]');
      await page.waitForSelector('#curves');
      await settled(page);
      const scored = cat.models.filter((m) => m.predictionOutput !== null);
      expect(scored.length).toBeGreaterThan(0);
      // One panel per secondary and family; each either drew its lines or says why it cannot.
      const panels = await page.$$eval('[data-chart="f-curve"], #curves figure', (els) => els.length);
      expect(panels).toBeGreaterThan(0);
      const curves = await page.$$('[data-chart="f-curve"]');
      expect(curves.length).toBeGreaterThan(0);
      for (const c of curves)
        expect(
          await c.$$eval('svg path', (ps) => ps.filter((p) => (p.getAttribute('d') ?? '').length > 4).length),
        ).toBeGreaterThan(2);
      const figures = await page.$$eval('#curves figure', (figs) =>
        figs.map((f) => ({
          drawn: f.querySelector('svg') !== null,
          state: f.querySelector('[data-state]')?.getAttribute('data-state') ?? null,
          rho: f.querySelectorAll('.rho-item').length,
        })),
      );
      for (const f of figures) {
        expect(f.drawn || f.state === 'empty' || f.state === 'waiting').toBe(true);
        expect(f.rho).toBeGreaterThan(0);
      }
      // The page shows the latest version of each model by default: the demo crack family's.
      const m = scored.find((x) => !scored.some((y) => y.name === x.name && y.version > x.version))!;
      const splits = await gql<{
        k2: { nearest: { label: string }; farthest: { label: string } };
        k3: { nearest: { label: string }; farthest: { label: string } };
      }>(
        server.url,
        `query($m: String!, $v: Int, $p: String!, $s: String!) {
        k2: performanceSplits(scope: { model: { name: $m, version: $v }, primary: $p }, secondary: $s, k: 2) { nearest { label } farthest { label } }
        k3: performanceSplits(scope: { model: { name: $m, version: $v }, primary: $p }, secondary: $s, k: 3) { nearest { label } farthest { label } }
      }`,
        { m: m.name, v: m.version, p: primary, s: secondaries[0] },
      );
      expect(splits.errors).toBeUndefined();
      const row = await page.$$eval(
        `table.splits[data-model="${m.name}@${m.version}"] tr[data-secondary="${secondaries[0]}"] td`,
        (tds) => tds.map((td) => td.textContent),
      );
      const s = splits.data!;
      expect(row).toEqual([s.k2.nearest.label, s.k2.farthest.label, s.k3.nearest.label, s.k3.farthest.label]);
      expect(await page.$$(`#ods-table tr[data-model="${m.name}@${m.version}"] td`)).toHaveLength(cat.datasets.length);
      // The ODS predicted without labels, beside the measured one.
      const predicted = await gql<{ predictedPerformance: { predictedOds: number } }>(
        server.url,
        'query($m: String!, $v: Int, $p: String!, $s: String!) { predictedPerformance(scope: { model: { name: $m, version: $v }, primary: $p }, dataset: $s) { predictedOds } }',
        { m: m.name, v: m.version, p: primary, s: secondaries[0] },
      );
      const predictedCell = `table.predicted[data-model="${m.name}@${m.version}"] tr[data-secondary="${secondaries[0]}"] td[data-predicted]`;
      await page.waitForSelector(predictedCell, { timeout: 120_000 });
      expect(Number(await page.getAttribute(predictedCell, 'data-predicted'))).toBe(
        predicted.data!.predictedPerformance.predictedOds,
      );
      expect(watched.errors).toEqual([]);
      await screenshot(page, 'dashboard-performance.png');
    });

    it('shows the farthest images, an image’s nearest primary images, and label candidates to download', async () => {
      const m = cat.models.find((x) => x.predictionOutput !== null) ?? cat.models[0]!;
      const secondary = secondaries[0]!;
      await page.goto(`${server.url}/#/images?primary=${primary}&model=${m.name}@${m.version}&secondary=${secondary}`);
      await page.waitForSelector('#farthest-gallery .tile');
      const farthest = await gql<{ farthestImages: { items: { image: { id: string }; pValue: number }[] } }>(
        server.url,
        'query($m: String!, $v: Int, $p: String!, $s: String!) { farthestImages(scope: { model: { name: $m, version: $v }, primary: $p }, secondary: $s, k: 24) { items { image { id } pValue } } }',
        { m: m.name, v: m.version, p: primary, s: secondary },
      );
      const ids = farthest.data!.farthestImages.items.map((i) => i.image.id);
      expect(await page.$$eval('#farthest-gallery .tile', (ts) => ts.map((t) => t.getAttribute('data-image')))).toEqual(
        ids,
      );
      // Each tile shows its conformal p-value; the filter keeps only images at most that p.
      expect(
        await page.$$eval('#farthest-gallery .tile', (ts) => ts.map((t) => Number(t.getAttribute('data-p')))),
      ).toEqual(farthest.data!.farthestImages.items.map((i) => i.pValue));
      await page.selectOption('#farthest-filter', '0.05');
      await page.waitForFunction(() => document.querySelector('#farthest [data-state="loading"]') === null);
      const kept = await page.$$eval('#farthest-gallery .tile', (ts) =>
        ts.map((t) => Number(t.getAttribute('data-p'))),
      );
      expect(kept).toEqual(farthest.data!.farthestImages.items.map((i) => i.pValue).filter((p) => p <= 0.05));
      await page.selectOption('#farthest-filter', '');
      await page.waitForFunction((n) => document.querySelectorAll('#farthest-gallery .tile').length === n, ids.length);
      await page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>('#farthest-gallery img')].every(
          (i) => i.complete && i.naturalWidth > 0,
        ),
      );

      await page.click('#farthest-gallery .tile');
      await page.waitForSelector('#neighbour-gallery .tile');
      expect(await page.$$('#neighbour-gallery .tile')).toHaveLength(8);
      expect(await page.textContent('#image-detail .facts')).toMatch(/IDist \(mean per primary image\)/);

      await settled(page, '#label-candidates');
      const csvHref = await page.getAttribute('#download-csv', 'href');
      expect(csvHref).toMatch(/^\/performance\/label-candidates\.csv\?.*&exp=\d+&sig=/);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
      const csv = await fs.readFile((await download.path())!, 'utf8');
      expect(csv.split('\n')[0]).toMatch(/image|file/i);
      const json = await (
        await fetch(new URL((await page.getAttribute('#download-json', 'href'))!, server.url))
      ).json();
      expect(json).toBeTruthy();
      expect(watched.errors).toEqual([]);
      await page.click('#farthest-gallery .tile');
      await settled(page);
      await screenshot(page, 'dashboard-images.png');
    });

    it('runs a query in the offline explorer, with the schema documented', async () => {
      const explorer = await watchedPage(browser);
      const p = explorer.page;
      await p.goto(`${server.url}/explorer`);
      await p.waitForSelector('.graphiql-container .graphiql-query-editor .CodeMirror');
      await p.evaluate(() => {
        const cm = (
          document.querySelector('.graphiql-query-editor .CodeMirror') as unknown as {
            CodeMirror: { setValue(v: string): void };
          }
        ).CodeMirror;
        // Same operation name as the default query: GraphiQL takes the name from the editor with a debounce.
        cm.setValue('query Overview {\n  datasets { name imageCount }\n}\n');
      });
      await p.click('.graphiql-execute-button');
      await p.waitForFunction(() =>
        (document.querySelector('.result-window')?.textContent ?? '').includes('imageCount'),
      );
      const result = await p.textContent('.result-window');
      for (const d of cat.datasets) expect(result).toContain(d.name);
      // The schema's descriptions are in the documentation pane (introspection went through).
      await p.click('[aria-label="Show Documentation Explorer"]');
      await p.click('.graphiql-doc-explorer a:has-text("Query")');
      await p.waitForSelector('.graphiql-doc-explorer :text("how far images and datasets are")');
      await p.waitForSelector('.graphiql-doc-explorer :text("odist")');

      // For the screenshot: a distance query, and the documentation of its field.
      const m = cat.models[0]!;
      await p.evaluate(
        (q) => {
          const cm = (
            document.querySelector('.graphiql-query-editor .CodeMirror') as unknown as {
              CodeMirror: { setValue(v: string): void };
            }
          ).CodeMirror;
          cm.setValue(q);
        },
        `query Overview {\n  odist(\n    scope: { model: { name: "${m.name}" }, primary: "${primary}" }\n    secondaries: ${JSON.stringify(secondaries)}\n  ) {\n    secondaries { secondary { name } odist scaled }\n  }\n}\n`,
      );
      await p.click('.graphiql-execute-button');
      await p.waitForFunction(() => (document.querySelector('.result-window')?.textContent ?? '').includes('"scaled"'));
      await p.click('.graphiql-doc-explorer a.graphiql-doc-explorer-field-name:text-is("odist")');
      await p.waitForSelector('.graphiql-doc-explorer :text("Names of the secondary datasets")');
      expect(explorer.errors).toEqual([]);
      await p.evaluate(() => {
        for (const el of document.querySelectorAll(
          '.graphiql-plugin, .graphiql-doc-explorer, .graphiql-doc-explorer-content',
        ))
          el.scrollTop = 0;
      });
      await screenshot(p, 'explorer.png');
      const offsite = explorer.requests.filter((r) => !r.url.startsWith(server.url));
      expect(offsite).toEqual([]);
      await explorer.context.close();
    });

    it('fetched nothing but this server, and read data only through POST /graphql and the URLs it answered', () => {
      const offsite = watched.requests.filter((r) => !r.url.startsWith(server.url));
      expect(offsite).toEqual([]);
      const paths = watched.requests.map((r) => ({ method: r.method, path: new URL(r.url).pathname }));
      const allowed =
        /^\/(|graphql|assets\/[\w.-]+\/[\w.-]+|images\/\d+(\/thumbnail|\/mask)?|analytics\/fits\/\d+\/[\w-]+\.npy|performance\/label-candidates\.(csv|json))$/;
      expect(paths.filter((p) => !allowed.test(p.path))).toEqual([]);
      expect(paths.filter((p) => p.path === '/graphql' && p.method !== 'POST')).toEqual([]);
    });
  },
);

(chromiumMissing ? describe.skip : describe)('dashboard in Chromium, empty store', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startWebServer({ SEED_DEMO: 'false' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says what is missing instead of drawing nothing', async () => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(`${server.url}/`);
    await page.waitForSelector('main [data-state="empty"]');
    expect(await page.textContent('main')).toContain('No datasets yet');

    // Datasets but no model: the distance pages explain that a model is needed.
    const { DEMO_DATASETS } = await import('../../src/demo/synthetic.js');
    const { demoDatasetFiles } = await import('../../src/demo/seed.js');
    for (const i of [0, 1])
      await server.services.ingest.importImages(DEMO_DATASETS[i]!.name, (await demoDatasetFiles(i)).slice(0, 4));
    for (const pageName of ['distances', 'performance', 'images']) {
      await page.goto(`${server.url}/#/${pageName}`);
      await page.reload();
      await page.waitForSelector('main [data-state="empty"]');
      expect(await page.textContent('main')).toContain('No model registered yet');
    }
    await page.goto(`${server.url}/#/jobs`);
    await page.waitForSelector('#jobs [data-state="empty"]');
    expect(await page.textContent('#jobs')).toContain('No jobs yet');
    expect(errors).toEqual([]);
  });
});
