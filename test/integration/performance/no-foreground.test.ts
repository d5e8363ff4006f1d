import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../../src/server.js';
import { gql } from '../../helpers/graphql.js';
import { missingDataMessage, sharedDataset } from '../../helpers/paths.js';
import { forEachStore, tempDataDir } from '../../helpers/stores.js';
import { syntheticVectors } from '../analytics/analytics-fixtures.js';
import { IMPORT_PREDICTIONS, PERFORMANCE, registerExternal, rgbPng } from './performance-fixtures.js';

const BSDS = 'BSDS500-test';
const bsdsDir = sharedDataset(BSDS);
/** Images of the set used: every one has an all-background mask, so a subset tests the same policy. */
const IMAGES = 40;

describe.skipIf(!bsdsDir)(
  `the no-foreground policy on ${BSDS} (${bsdsDir ? 'present' : missingDataMessage(BSDS)})`,
  () => {
    /** Predicted-foreground pixels at each threshold index, counted naively over the written maps. */
    const positives = new Float64Array(100);
    let pixels = 0;
    /** The first IMAGES of the set (images, masks) and their maps, written once for both stores. */
    const root = tempDataDir();
    beforeAll(async () => {
      for (const sub of ['images', 'masks', 'bsds-preds']) fs.mkdirSync(path.join(root, sub));
      const files = fs.readdirSync(path.join(bsdsDir!, 'images')).sort().slice(0, IMAGES);
      const maskByStem = new Map(fs.readdirSync(path.join(bsdsDir!, 'masks')).map((m) => [path.parse(m).name, m]));
      const histogram = new Float64Array(256);
      for (const file of files) {
        const stem = path.parse(file).name;
        fs.copyFileSync(path.join(bsdsDir!, 'images', file), path.join(root, 'images', file));
        const mask = maskByStem.get(stem)!;
        fs.copyFileSync(path.join(bsdsDir!, 'masks', mask), path.join(root, 'masks', mask));
        // An edge-like "model": the image's own luminance is its probability map.
        const { data, info } = await sharp(path.join(bsdsDir!, 'images', file))
          .extractChannel(1)
          .raw()
          .toBuffer({ resolveWithObject: true });
        fs.writeFileSync(
          path.join(root, 'bsds-preds', `${stem}.png`),
          await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } })
            .png()
            .toBuffer(),
        );
        for (const v of data) histogram[v]!++;
        pixels += data.length;
      }
      // The rule of ods-metric.md written out per value: v counts at t = k / 100 iff v / 255 > t.
      for (let v = 0; v < 256; v++) for (let k = 0; k < 100; k++) if (v / 255 > k / 100) positives[k]! += histogram[v]!;
    });

    forEachStore('a set without foreground', (store) => {
      let server: RunningServer;

      beforeAll(async () => {
        server = await startServer(store().config({ IMPORT_ROOT: root }), () => {});
        const imported = await server.services.ingest.importFolder({
          folder: path.join(root, 'images'),
          masks: path.join(root, 'masks'),
          dataset: 'bsds',
        });
        expect(imported).toMatchObject({ added: IMAGES, withMask: IMAGES, skipped: [] });
        await registerExternal(server.url, 'edges', 'edges', 4);
        const body = await gql(server.url, IMPORT_PREDICTIONS, {
          input: { model: { name: 'edges' }, dataset: 'bsds', folder: 'bsds-preds' },
        });
        expect(body.data.importPredictions).toMatchObject({ imported: IMAGES, counted: IMAGES, skipped: [] });
        // Embeddings, so splits and curves can be asked for too.
        await server.services.ingest.importImages(
          'crackprim',
          await Promise.all(
            [1, 2, 3, 4, 5].map(async (i) => ({ fileName: `c${i}.png`, bytes: await rgbPng(4, 4, i), mask: null })),
          ),
        );
        const model = await server.services.registry.requireModel({ name: 'edges' });
        for (const [dataset, count, shift] of [
          ['crackprim', 5, 0],
          ['bsds', IMAGES, 2],
        ] as const) {
          const ids = (
            await server.services.store.prisma.image.findMany({
              where: { dataset: { name: dataset } },
              orderBy: { id: 'asc' },
            })
          ).map((i) => i.id);
          await server.services.embeddingRepository.upsertEmbeddings(
            model.id,
            ids,
            syntheticVectors(count, 4, shift, 1, count),
          );
        }
      });
      afterAll(() => server?.close());

      it('answers ODS null with the reason, and the false-positive pixel rate instead', async () => {
        const body = await gql(server.url, PERFORMANCE, { model: 'edges', dataset: 'bsds' });
        expect(body.errors).toBeUndefined();
        const p = body.data.performance;
        expect(p.ods).toBeNull();
        expect(p.odsNullReason).toMatch(/No mask of the set has a foreground pixel/);
        expect(p).toMatchObject({ ois: null, oisLeftOut: IMAGES, imageCount: IMAGES, foregroundPixels: 0, pixels });
        expect(
          p.curve.every(
            (row: { recall: number | null; f: number | null; tp: number }) =>
              row.recall === null && row.f === null && row.tp === 0,
          ),
        ).toBe(true);
        expect(p.fpRate).toHaveLength(100);
        p.fpRate.forEach((rate: number, k: number) => expect(rate).toBeCloseTo(positives[k]! / pixels, 14));
        expect(p.fpRateAt05).toBeCloseTo(positives[50]! / pixels, 14);
      });

      it('leaves every image out of the curve and gives splits without ODS', async () => {
        const curve = await gql(
          server.url,
          `{ fScoreCurve(scope: { model: { name: "edges" }, primary: "crackprim", components: 3 }, secondary: "bsds") { ods { f } reason leftOut points { f } spearman } }`,
        );
        expect(curve.errors).toBeUndefined();
        expect(curve.data.fScoreCurve).toMatchObject({ ods: null, leftOut: IMAGES, points: [], spearman: null });
        expect(curve.data.fScoreCurve.reason).toMatch(/no ODS threshold/);
        const splits = await gql(
          server.url,
          `{ performanceSplits(scope: { model: { name: "edges" }, primary: "crackprim", components: 3 }, secondary: "bsds", k: 3) { ods { f } parts { count ods label } } }`,
        );
        expect(splits.errors).toBeUndefined();
        expect(splits.data.performanceSplits.ods).toBeNull();
        expect(splits.data.performanceSplits.parts.map((p: { count: number }) => p.count)).toEqual([13, 13, 14]);
        for (const part of splits.data.performanceSplits.parts) expect(part.label).toMatch(/^n\/a \(/);
      });
    });
  },
);
