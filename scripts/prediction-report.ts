// The honest validation of predictedPerformance on the demo family, as the README reports it:
// a fresh embedded store seeded with the demo (as `npm start` seeds it), every extraction
// finished, then predictionValidation for each version of demo-crack-contrast, each demo
// secondary held out in turn. Run with `npx tsx scripts/prediction-report.ts`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { DEMO_CRACK_FAMILY } from '../src/demo/seed.js';
import { DEMO_DATASETS } from '../src/demo/synthetic.js';
import { startServer } from '../src/server.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'distmetrics-report-'));
const server = await startServer(
  loadConfig({ DISTMETRICS_DATA_DIR: dataDir, PORT: '0', EXECUTION_PROVIDERS: 'cpu', SEED_DEMO: 'true' }),
  () => {},
);
const gql = async (query: string, variables: Record<string, unknown> = {}) => {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: { message: string }[] };
  if (body.errors) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data;
};
try {
  for (;;) {
    const { jobs } = await gql('{ jobs(first: 100) { state } }');
    if (jobs.length > 0 && !jobs.some((j: any) => j.state === 'queued' || j.state === 'running')) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  const [primary, ...secondaries] = DEMO_DATASETS.map((d) => d.name);
  const { models } = await gql('{ models { name version family } }');
  const versions = models.filter((m: any) => m.family === DEMO_CRACK_FAMILY);
  console.log(
    '| version | held-out secondary | predicted ODS [90 % interval] | measured ODS | covered | per-image coverage |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const m of versions) {
    const { predictionValidation: v } = await gql(
      `query($m: String!, $v: Int, $p: String!, $s: [String!]!) {
        predictionValidation(scope: { model: { name: $m, version: $v }, primary: $p }, secondaries: $s, level: 0.9) {
          setCoverage imageCoverage meanAbsoluteError
          rows { dataset { name } predictedOds interval { low high } measuredOds covered imageCoverage }
        }
      }`,
      { m: m.name, v: m.version, p: primary, s: secondaries },
    );
    const f = (x: number | null) => (x === null ? '–' : x.toFixed(3));
    for (const r of v.rows)
      console.log(
        `| v${m.version} | ${r.dataset.name} | ${f(r.predictedOds)} [${f(r.interval.low)}, ${f(r.interval.high)}] | ${f(r.measuredOds)} | ${r.covered === null ? '–' : r.covered ? 'yes' : 'no'} | ${r.imageCoverage === null ? '–' : `${(100 * r.imageCoverage).toFixed(0)} %`} |`,
      );
    console.log(
      `| v${m.version} | **all** | MAE ${f(v.meanAbsoluteError)} | | ${v.setCoverage === null ? '–' : `${(100 * v.setCoverage).toFixed(0)} %`} | ${v.imageCoverage === null ? '–' : `${(100 * v.imageCoverage).toFixed(0)} %`} |`,
    );
  }
} finally {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
