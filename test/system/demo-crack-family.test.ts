import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CrackVersion } from '../../src/demo/crack-fit.js';
import { DEMO_CRACK_FAMILY, demoDatasetFiles, seedDemoCrackFamily } from '../../src/demo/seed.js';
import { DEMO_DATASETS } from '../../src/demo/synthetic.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { gql } from '../helpers/graphql.js';
import { forEachStore } from '../helpers/stores.js';

/**
 * The demo's crack detector family on the demo datasets, end to end: fitted and registered as the
 * seed does it, extracted by the job queue, scored through GraphQL. The assertions are what the
 * construction guarantees, not recorded numbers: the base version was fitted on demo_primary, the
 * secondaries ramp their shift over their images, and base+7 was fitted on images including
 * seven of each secondary.
 */

const PRIMARY = 'demo_primary';
const SHIFTED = ['demo_blur', 'demo_noise'];

interface Ods {
  f: number;
  threshold: number;
}

const PERFORMANCE = `query($m: String!, $v: Int, $d: String!) {
  performance(model: { name: $m, version: $v }, dataset: $d) { ods { f threshold } odsNullReason fpRateAt05 imageCount }
}`;

const COMPARE = `query($f: String!, $p: String!, $s: String!) {
  compareVersions(family: $f, primary: $p, secondary: $s, k: 2) {
    versions {
      model { version }
      unavailableReason
      performance { ods { f } }
      splits { nearest { ods } farthest { ods } }
      curve { spearman points { f } }
    }
  }
}`;

interface Compared {
  model: { version: number };
  unavailableReason: string | null;
  performance: { ods: { f: number } | null } | null;
  splits: { nearest: { ods: number | null }; farthest: { ods: number | null } } | null;
  curve: { spearman: number | null; points: { f: number }[] } | null;
}

async function waitForJobs(url: string): Promise<void> {
  for (;;) {
    const body = await gql<{ jobs: { state: string }[] }>(url, '{ jobs(first: 100) { state } }');
    const jobs = body.data!.jobs;
    if (jobs.some((j) => j.state === 'failed')) throw new Error(`a job failed: ${JSON.stringify(jobs)}`);
    if (!jobs.some((j) => j.state === 'queued' || j.state === 'running')) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

forEachStore('demo crack detector family', (store) => {
  let server: RunningServer;
  let versions: CrackVersion[];
  const ods = new Map<string, Ods | null>();
  const key = (version: number, dataset: string) => `${version}/${dataset}`;

  async function performance(version: number, dataset: string) {
    const body = await gql(server.url, PERFORMANCE, { m: DEMO_CRACK_FAMILY, v: version, d: dataset });
    expect(body.errors).toBeUndefined();
    return body.data.performance as {
      ods: Ods | null;
      odsNullReason: string | null;
      fpRateAt05: number | null;
      imageCount: number;
    };
  }

  beforeAll(async () => {
    server = await startServer(store().config(), () => {});
    for (let i = 0; i < DEMO_DATASETS.length; i++)
      await server.services.ingest.importImages(DEMO_DATASETS[i]!.name, await demoDatasetFiles(i));
    versions = await seedDemoCrackFamily(server.services, () => {});
    await waitForJobs(server.url);
    for (let v = 1; v <= versions.length; v++)
      for (const d of [PRIMARY, ...SHIFTED]) ods.set(key(v, d), (await performance(v, d)).ods);
  });

  afterAll(() => server?.close());

  it('registers base, base+1, +3 and +7 as versions of one family of segmentation models', async () => {
    expect(versions.map((v) => v.label)).toEqual(['base', 'base+1', 'base+3', 'base+7']);
    const body = await gql(server.url, '{ models { name version family predictionOutput dimension } }');
    const family = body.data.models.filter((m: { family: string }) => m.family === DEMO_CRACK_FAMILY);
    expect(family.map((m: { version: number }) => m.version)).toEqual([1, 2, 3, 4]);
    for (const m of family)
      expect(m).toMatchObject({ name: DEMO_CRACK_FAMILY, predictionOutput: 'prob', dimension: 28 });
  });

  it('scores the base version on its own training set as the fit did: the server pipeline equals the JS forward pass', () => {
    const primary = ods.get(key(1, PRIMARY))!;
    expect(primary.f).toBeGreaterThan(0.9);
    expect(primary.f).toBeCloseTo(versions[0]!.fit.ods, 2);
  });

  it('loses F on the blurred and noisy sets with the base version, and the +7 version recovers some', () => {
    const base = ods.get(key(1, PRIMARY))!.f;
    for (const d of SHIFTED) {
      expect(ods.get(key(1, d))!.f).toBeLessThan(base);
      expect(ods.get(key(4, d))!.f).toBeGreaterThanOrEqual(ods.get(key(1, d))!.f);
    }
  });

  it('predicts (almost) no crack pixels on crack-free surfaces', async () => {
    const p = await performance(1, 'demo_no_cracks');
    expect(p.ods).toBeNull();
    expect(p.odsNullReason).toBeTruthy();
    expect(p.fpRateAt05).toBeLessThan(0.01);
  });

  it('compares every version on the noisy set: F falls with distance for base, and less for base+7', async () => {
    const body = await gql<{ compareVersions: { versions: Compared[] } }>(server.url, COMPARE, {
      f: DEMO_CRACK_FAMILY,
      p: PRIMARY,
      s: 'demo_noise',
    });
    expect(body.errors).toBeUndefined();
    const compared = body.data!.compareVersions.versions;
    expect(compared.map((v) => v.model.version)).toEqual([1, 2, 3, 4]);
    for (const v of compared) {
      expect(v.unavailableReason).toBeNull();
      expect(v.curve!.points).toHaveLength(DEMO_DATASETS.find((d) => d.name === 'demo_noise')!.count);
    }
    const drop = (v: Compared) => v.splits!.nearest.ods! - v.splits!.farthest.ods!;
    const [base, , , plus7] = compared as [Compared, Compared, Compared, Compared];
    // The noisier half is farther and scores lower; the version fitted on noisy images too is
    // better on it, so its drop is smaller.
    expect(drop(base)).toBeGreaterThan(0);
    expect(base.curve!.spearman!).toBeLessThan(0);
    expect(plus7.splits!.farthest.ods!).toBeGreaterThan(base.splits!.farthest.ods!);
    expect(drop(plus7)).toBeLessThan(drop(base));
  });
});
