import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countThresholdsNaive } from '../../helpers/threshold-counts-naive.js';
import { type RunningServer, startServer } from '../../../src/server.js';
import { runCli } from '../../helpers/cli.js';
import { gql } from '../../helpers/graphql.js';
import { missingDataMessage, SHARED_DATA, sharedDataset } from '../../helpers/paths.js';
import { forEachStore } from '../../helpers/stores.js';
import { IMPORT_PREDICTIONS, PERFORMANCE, registerExternal, storedCounts } from './performance-fixtures.js';

const DEMO = 'DeepSegmentor-demo-predictions';
const demoDir = sharedDataset(DEMO);

/** From that folder's SOURCE.md (checked there against the original cal_prf_metrics). */
const EXPECTED = {
  'deepcrack-fused': {
    folder: 'predictions_fused',
    ods: 0.837052,
    t: 0.31,
    p: 0.847777,
    r: 0.826595,
    ois: 0.811734,
    row0: [0.055599, 0.987768, 0.105273],
  },
  'deepcrack-gf': {
    folder: 'predictions_gf',
    ods: 0.858823,
    t: 0.45,
    p: 0.870893,
    r: 0.847083,
    ois: 0.831895,
    row0: [0.547546, 0.936933, 0.69117],
  },
} as const;

/** One channel of a PNG (the files are RGB with R = G = B). */
async function channel0(file: string): Promise<Uint8Array> {
  const { data } = await sharp(file).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}

describe.skipIf(!demoDir)(`end to end on ${DEMO} (${demoDir ? 'present' : missingDataMessage(DEMO)})`, () => {
  forEachStore('DeepSegmentor demo predictions', (store) => {
    let server: RunningServer;

    beforeAll(async () => {
      // The shared data folder is the import root, so GraphQL can name the prediction folders.
      server = await startServer(store().config({ IMPORT_ROOT: SHARED_DATA }), () => {});
      const imported = await server.services.ingest.importFolder({
        folder: path.join(demoDir!, 'images'),
        masks: path.join(demoDir!, 'masks'),
        dataset: 'demo',
      });
      expect(imported).toMatchObject({ added: 12, withMask: 12, skipped: [] });
      for (const name of Object.keys(EXPECTED)) await registerExternal(server.url, name, 'deepcrack');
    });
    afterAll(() => server?.close());

    it('imports the fused maps with the CLI and the guided-filter maps over GraphQL', async () => {
      const cli = await runCli(
        [
          'import-predictions',
          path.join(demoDir!, 'predictions_fused'),
          '--model',
          'deepcrack-fused',
          '--dataset',
          'demo',
        ],
        store().env,
      );
      expect(cli.stderr).not.toMatch(/error/);
      expect(cli.code).toBe(0);
      expect(cli.stdout).toMatch(
        /deepcrack-fused v1 \/ demo: 12 predictions written \(12 new, 0 replaced\), 0 unchanged, 12 counted, 0 skipped \(of 12 files\)/,
      );
      const body = await gql(server.url, IMPORT_PREDICTIONS, {
        input: { model: { name: 'deepcrack-gf' }, dataset: 'demo', folder: `${DEMO}/predictions_gf` },
      });
      expect(body.errors).toBeUndefined();
      expect(body.data.importPredictions).toMatchObject({
        files: 12,
        imported: 12,
        counted: 12,
        skipped: [],
        imagesWithoutPrediction: 0,
      });
    });

    for (const [model, e] of Object.entries(EXPECTED)) {
      it(`answers ODS ${e.ods} at t = ${e.t} and OIS-mean ${e.ois} for ${model}`, async () => {
        const body = await gql(server.url, PERFORMANCE, { model, dataset: 'demo' });
        expect(body.errors).toBeUndefined();
        const p = body.data.performance;
        expect(p.ods.f).toBeCloseTo(e.ods, 6);
        expect(p.ods.threshold).toBe(e.t);
        expect(p.ods.precision).toBeCloseTo(e.p, 6);
        expect(p.ods.recall).toBeCloseTo(e.r, 6);
        expect(p.ois).toBeCloseTo(e.ois, 6);
        expect([p.curve[0].precision, p.curve[0].recall, p.curve[0].f].map((x: number) => x.toFixed(6))).toEqual(
          e.row0.map((x) => x.toFixed(6)),
        );
        expect(p).toMatchObject({
          imageCount: 12,
          oisLeftOut: 0,
          imagesWithoutPrediction: 0,
          imagesWithoutMask: 0,
          countsComputed: 0,
          odsNullReason: null,
        });
      });

      it(`stores for ${model} exactly the counts of the naive 100-threshold loop on the original files`, async () => {
        const modelRow = await server.services.registry.requireModel({ name: model });
        const counts = await storedCounts(server.services, modelRow.id);
        const images = await server.services.store.prisma.image.findMany({ where: { dataset: { name: 'demo' } } });
        expect(counts.size).toBe(12);
        for (const image of images) {
          const pred = await channel0(path.join(demoDir!, e.folder, image.fileName));
          const mask = await channel0(path.join(demoDir!, 'masks', image.fileName));
          const naive = countThresholdsNaive(pred, mask);
          const stored = counts.get(image.id)!;
          expect(Array.from(stored.tp), image.fileName).toEqual(Array.from(naive.tp));
          expect(Array.from(stored.fp), image.fileName).toEqual(Array.from(naive.fp));
          expect(Array.from(stored.fn), image.fileName).toEqual(Array.from(naive.fn));
          expect(stored.pixels).toBe(pred.length);
        }
      });
    }

    it('keeps the file list of the fixture (12 ids, same names in every folder)', () => {
      for (const folder of ['images', 'masks', 'predictions_fused', 'predictions_gf'])
        expect(fs.readdirSync(path.join(demoDir!, folder))).toHaveLength(12);
    });
  });
});
