import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../../src/server.js';
import { errorCode, gql } from '../../helpers/graphql.js';
import { forEachStore, tempDataDir } from '../../helpers/stores.js';
import {
  grayPng,
  IMPORT_PREDICTIONS,
  PERFORMANCE,
  registerExternal,
  rgbPng,
  storedCounts,
  writeFolder,
} from './performance-fixtures.js';

// ods-metric.md section 5: two 3x3 images, GT 0/255, predictions 0..255 (row-major).
const A = { gt: [0, 0, 0, 255, 255, 255, 0, 0, 0], pred: [0, 20, 0, 200, 150, 60, 0, 100, 0] };
const B = { gt: [255, 0, 0, 255, 0, 0, 0, 0, 0], pred: [220, 51, 0, 40, 0, 0, 0, 0, 180] };

forEachStore('performance on the ods-metric.md test vector', (store) => {
  let server: RunningServer;
  let root: string;
  const importPredictions = (folder: string, model = 'vec', dataset = 'vector') =>
    gql(server.url, IMPORT_PREDICTIONS, { input: { model: { name: model }, dataset, folder } });
  const performance = (model = 'vec', dataset = 'vector') => gql(server.url, PERFORMANCE, { model, dataset });

  beforeAll(async () => {
    root = tempDataDir();
    server = await startServer(store().config({ IMPORT_ROOT: root }), () => {});
    const files = [
      {
        fileName: 'a.png',
        bytes: await rgbPng(3, 3, 1),
        mask: { fileName: 'a.png', bytes: await grayPng(3, 3, A.gt) },
      },
      {
        fileName: 'b.png',
        bytes: await rgbPng(3, 3, 2),
        mask: { fileName: 'b.png', bytes: await grayPng(3, 3, B.gt) },
      },
      { fileName: 'c.png', bytes: await rgbPng(3, 3, 3), mask: null },
    ];
    await server.services.ingest.importImages('vector', files);
    await registerExternal(server.url, 'vec', 'vec');
    writeFolder(path.join(root, 'preds'), {
      'a.png': await grayPng(3, 3, A.pred),
      'b.png': await grayPng(3, 3, B.pred),
    });
  });
  afterAll(() => server?.close());

  it('refuses a model without predictions, naming the import to run', async () => {
    const body = await performance();
    expect(errorCode(body)).toBe('PREDICTIONS_MISSING');
    expect(body.errors![0]!.message).toMatch(
      /importPredictions\(input: \{ model: \{ name: "vec", version: 1 \}, dataset: "vector"/,
    );
    expect(body.errors![0]!.message).toMatch(/import-predictions <folder> --model vec --version 1 --dataset vector/);
  });

  it('refuses unusable files one by one and writes nothing for them', async () => {
    writeFolder(path.join(root, 'bad'), {
      'a.png': await grayPng(2, 2, [0, 1, 2, 3]),
      'zzz.png': await grayPng(3, 3, A.pred),
      'b.png': 'not a png',
      'c.png': await sharp(Buffer.alloc(9 * 2), { raw: { width: 3, height: 3, channels: 1 } })
        .toColourspace('grey16')
        .png()
        .toBuffer(),
    });
    const body = await importPredictions('bad');
    expect(body.errors).toBeUndefined();
    const r = body.data.importPredictions;
    expect(r).toMatchObject({
      files: 4,
      imported: 0,
      added: 0,
      counted: 0,
      imagesWithoutPrediction: 3,
      missing: ['a.png', 'b.png', 'c.png'],
    });
    expect(r.skipped.map((s: { file: string }) => s.file)).toEqual(['a.png', 'b.png', 'c.png', 'zzz.png']);
    expect(r.skipped[0].reason).toMatch(/prediction is 2x2 but image a.png is 3x3/);
    expect(r.skipped[1].reason).toMatch(/not a PNG/);
    expect(r.skipped[2].reason).toMatch(/not 8-bit/);
    expect(r.skipped[3].reason).toMatch(/no image with the stem "zzz"/);
    expect(errorCode(await performance())).toBe('PREDICTIONS_MISSING');
  });

  it('refuses unknown models, datasets and folders, and folders outside the import root', async () => {
    expect(errorCode(await importPredictions('preds', 'nope'))).toBe('NOT_FOUND');
    expect(errorCode(await importPredictions('preds', 'vec', 'nope'))).toBe('NOT_FOUND');
    expect(errorCode(await importPredictions('missing-folder'))).toBe('NOT_FOUND');
    expect(errorCode(await importPredictions('../outside'))).toBe('PATH_OUTSIDE_IMPORT_ROOT');
    expect(errorCode(await performance('vec', 'nope'))).toBe('NOT_FOUND');
  });

  it('imports the predictions with their counts and reports the image left without one', async () => {
    const body = await importPredictions('preds');
    expect(body.errors).toBeUndefined();
    expect(body.data.importPredictions).toMatchObject({
      files: 2,
      imported: 2,
      added: 2,
      replaced: 0,
      counted: 2,
      skipped: [],
      imagesWithoutPrediction: 1,
      missing: ['c.png'],
    });
    const again = await importPredictions('preds');
    expect(again.data.importPredictions).toMatchObject({ imported: 0, unchanged: 2 });
  });

  it('answers ODS 10/13 at t = 0.08 and OIS-mean 16/21, with the strict and P = 1 rows', async () => {
    const body = await performance();
    expect(body.errors).toBeUndefined();
    const p = body.data.performance;
    expect(p.countsComputed).toBe(0); // the import wrote them
    expect(p.ods.f).toBeCloseTo(10 / 13, 12);
    expect(p.ods.threshold).toBe(0.08);
    expect(p.ods.precision).toBeCloseTo(0.625, 12);
    expect(p.ods.recall).toBe(1);
    expect(p.ois).toBeCloseTo(16 / 21, 12);
    expect(p.oisLeftOut).toBe(0);
    expect(p.curve).toHaveLength(100);
    expect(p.curve[20]).toMatchObject({ threshold: 0.2, tp: 4, fp: 2, fn: 1 });
    expect(p.curve[20].f).toBeCloseTo(8 / 11, 12);
    for (const row of p.curve.slice(87))
      expect(row).toMatchObject({ tp: 0, fp: 0, fn: 5, precision: 1, recall: 0, f: 0 });
    expect(p).toMatchObject({
      imageCount: 2,
      pixels: 18,
      foregroundPixels: 5,
      imagesWithoutPrediction: 1,
      imagesWithoutMask: 0,
      odsNullReason: null,
    });
    expect(p.fpRate[0]).toBeCloseTo(9 / 18, 12);
    expect(p.fpRateAt05).toBeCloseTo(4 / 18, 12); // 60, 100, 150, 200, 220, 180 > 127.5: 150 200 220 180
    expect(p.oisConvention).toMatch(/extension/);
  });

  it('invalidates stored counts when a prediction is replaced, and recounts model-written ones lazily', async () => {
    writeFolder(path.join(root, 'swap'), { 'a.png': await grayPng(3, 3, B.pred) });
    const swap = await importPredictions('swap');
    expect(swap.data.importPredictions).toMatchObject({ imported: 1, replaced: 1, counted: 1 });
    const swapped = (await performance()).data.performance;
    expect(swapped.curve[0]).toMatchObject({ tp: 3, fp: 5, fn: 2 }); // a scores 40 as its only hit
    await importPredictions('preds');
    expect((await performance()).data.performance.ods.f).toBeCloseTo(10 / 13, 12);

    // A prediction written the way extraction writes it (no counts): counted by the next query.
    const model = await server.services.registry.requireModel({ name: 'vec' });
    const png = await grayPng(3, 3, [0, 0, 0, 255, 255, 255, 0, 0, 0]);
    const { createModelRepository } = await import('../../../src/models/model.repository.js');
    const { sha256Hex } = await import('../../../src/images/image.repository.js');
    const imageA = (await server.services.store.prisma.image.findFirst({ where: { fileName: 'a.png' } }))!;
    await createModelRepository(server.services.store.prisma, server.services.store.pool).putPredictions(
      model.id,
      [{ imageId: imageA.id, sha256: sha256Hex(png), png, width: 3, height: 3 }],
      'model',
    );
    const lazy = (await performance()).data.performance;
    expect(lazy.countsComputed).toBe(1);
    expect(lazy.curve[0]).toMatchObject({ tp: 5, fp: 2, fn: 0 }); // a perfect on a; b: 220 40 hit, 51 180 false
    expect((await storedCounts(server.services, model.id)).get(imageA.id)!.tp[99]).toBe(3);
    expect((await performance()).data.performance.countsComputed).toBe(0);
  });

  describe('model versions', () => {
    it('scores the version asked for', async () => {
      const body = await gql(server.url, PERFORMANCE, { model: 'vec', version: 2, dataset: 'vector' });
      expect(errorCode(body)).toBe('NOT_FOUND');
    });
  });
});
