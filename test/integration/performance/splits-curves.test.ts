import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/math/random.js';
import { sha256Hex } from '../../../src/images/image.repository.js';
import { createModelRepository } from '../../../src/models/model.repository.js';
import { type RunningServer, startServer } from '../../../src/server.js';
import { errorCode, gql } from '../../helpers/graphql.js';
import { forEachStore } from '../../helpers/stores.js';
import { syntheticVectors } from '../analytics/analytics-fixtures.js';
import { bruteForceOds, grayPng, registerExternal, rgbPng, storedCounts } from './performance-fixtures.js';
import { bruteForceCurve, bruteForceSplits, type IdistRow } from './reference.js';

const SIZE = 8;
const M = 13;
const N = 9;
const Q = 6;

const SPLITS = `query($model: String!, $k: Int, $primary: String = "prim", $secondary: String = "sec") {
  performanceSplits(scope: { model: { name: $model }, primary: $primary, components: 4 }, secondary: $secondary, k: $k) {
    model { name version } primary { name } secondary { name } k componentsRequested reduce fit { id componentsUsed }
    imageCount imagesNotScored imagesWithoutEmbedding countsComputed ods { f threshold }
    parts { part from to count ods odsThreshold scaledMean scaledStd idistMean idistStd label images { id } }
    nearest { part } farthest { part }
  }
}`;
const CURVE = `query($model: String!) {
  fScoreCurve(scope: { model: { name: $model }, primary: "prim", components: 4 }, secondary: "sec") {
    ods { f threshold } reason window spearman leftOut imageCount fit { id }
    points { image { id } rank idist scaled f smoothed }
  }
}`;
const IDIST = `query($model: String!) {
  idist(scope: { model: { name: $model }, primary: "prim", components: 4 }, secondary: "sec", order: ASC, first: 500) { edges { node { image { id } idist scaled } } }
}`;
const LABELS = `query($model: String!, $strategy: LabelStrategy, $count: Int, $seed: Int, $lower: Float, $upper: Float) {
  labelCandidates(scope: { model: { name: $model }, primary: "prim", components: 4 }, secondary: "sec", strategy: $strategy, count: $count, seed: $seed, lower: $lower, upper: $upper) {
    strategy count seed lower upper componentsRequested candidateCount csvUrl jsonUrl fit { id }
    picks { image { id fileName } idist scaled rank pick pValue }
  }
}`;
const COMPARE = `query($k: Int) {
  compareVersions(family: "seg", primary: "prim", secondary: "sec", k: $k, components: 4) {
    family k componentsRequested primary { name } secondary { name }
    versions { model { name version } unavailableReason performance { ods { f } } splits { parts { count ods } } curve { points { f } } }
  }
}`;

forEachStore('performance splits, curves and label candidates', (store) => {
  let server: RunningServer;
  const modelIds: Record<string, number> = {};
  const q = <T = any>(query: string, variables: Record<string, unknown>) => gql<T>(server.url, query, variables);

  /** A mask with about 20 % foreground, or none for `empty`, and a prediction of varying quality. */
  async function maskAndPrediction(random: () => number, empty: boolean) {
    const quality = random();
    const mask = Array.from({ length: SIZE * SIZE }, () => (!empty && random() < 0.2 ? 255 : 0));
    const pred = mask.map((v) =>
      Math.min(255, Math.max(0, Math.round((v ? 140 * quality + 60 : 90 * (1 - quality)) + 80 * random()))),
    );
    return { mask: await grayPng(SIZE, SIZE, mask), pred: await grayPng(SIZE, SIZE, pred) };
  }

  beforeAll(async () => {
    server = await startServer(store().config(), () => {});
    const random = mulberry32(7);
    const prim = Array.from({ length: N }, (_, i) => i);
    await server.services.ingest.importImages(
      'prim',
      await Promise.all(
        prim.map(async (i) => ({ fileName: `p${i}.png`, bytes: await rgbPng(SIZE, SIZE, 100 + i), mask: null })),
      ),
    );
    const pairs = [];
    for (let j = 0; j < M; j++) pairs.push(await maskAndPrediction(random, j === 3 || j === 8));
    await server.services.ingest.importImages(
      'sec',
      await Promise.all(
        pairs.map(async (p, j) => ({
          fileName: `s${j}.png`,
          bytes: await rgbPng(SIZE, SIZE, 200 + j),
          mask: { fileName: `s${j}.png`, bytes: p.mask },
        })),
      ),
    );
    const ids = async (d: string) =>
      (
        await server.services.store.prisma.image.findMany({ where: { dataset: { name: d } }, orderBy: { id: 'asc' } })
      ).map((i) => i.id);
    const [primIds, secIds] = [await ids('prim'), await ids('sec')];
    const repo = createModelRepository(server.services.store.prisma, server.services.store.pool);
    for (const [name, seed] of [
      ['seg', 1],
      ['seg-adapted', 2],
      ['seg-empty', 3],
    ] as const) {
      modelIds[name] = Number((await registerExternal(server.url, name, 'seg', Q)).id);
      await server.services.embeddingRepository.upsertEmbeddings(
        modelIds[name]!,
        primIds,
        syntheticVectors(N, Q, 0, 1, seed),
      );
      await server.services.embeddingRepository.upsertEmbeddings(
        modelIds[name]!,
        secIds,
        syntheticVectors(M, Q, 1.5, 1.2, seed + 10),
      );
      if (name === 'seg-empty') continue;
      // Predictions as extraction writes them (no counts yet): counted by the first query.
      const rows = [];
      for (const [j, imageId] of secIds.entries()) {
        const png = name === 'seg' ? pairs[j]!.pred : (await maskAndPrediction(random, false)).pred;
        rows.push({ imageId, sha256: sha256Hex(png), png, width: SIZE, height: SIZE });
      }
      await repo.putPredictions(modelIds[name]!, rows, 'model');
    }
  });
  afterAll(() => server?.close());

  /** IDist from the distance service's own query, and counts straight from the table. */
  async function reference(model: string): Promise<IdistRow[]> {
    const body = await q(IDIST, { model });
    const counts = await storedCounts(server.services, modelIds[model]!);
    return body.data.idist.edges.map((e: any) => ({
      imageId: Number(e.node.image.id),
      idist: e.node.idist,
      scaled: e.node.scaled,
      counts: counts.get(Number(e.node.image.id))!,
    }));
  }

  it('refuses bad input before counting or fitting anything', async () => {
    const fitsBefore = server.services.analytics.stats().fitsPerformed;
    expect(errorCode(await q(SPLITS, { model: 'seg', k: 0 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await q(SPLITS, { model: 'seg', k: 5000 }))).toBe('LIMIT_EXCEEDED');
    const tooMany = await q(SPLITS, { model: 'seg', k: M + 1 });
    expect(errorCode(tooMany)).toBe('BAD_USER_INPUT');
    expect(tooMany.errors![0]!.message).toMatch(/only 13 images of "sec" have an IDist and counts/);
    expect(errorCode(await q(SPLITS, { model: 'seg', k: 2, secondary: 'prim' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await q(SPLITS, { model: 'seg', k: 2, secondary: 'nope' }))).toBe('NOT_FOUND');
    expect(errorCode(await q(SPLITS, { model: 'seg-empty', k: 2 }))).toBe('PREDICTIONS_MISSING');
    expect(errorCode(await q(LABELS, { model: 'seg', lower: 0.9, upper: 0.1 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await q(LABELS, { model: 'seg', count: 0 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await q(COMPARE, { k: 0 }))).toBe('BAD_USER_INPUT');
    expect(
      errorCode(await gql(server.url, `{ compareVersions(family: "nope", primary: "prim", secondary: "sec") { k } }`)),
    ).toBe('NOT_FOUND');
    expect(server.services.analytics.stats().fitsPerformed).toBe(fitsBefore);
    expect((await storedCounts(server.services, modelIds.seg!)).size).toBe(0);
  });

  for (const k of [2, 3, 5, 13]) {
    it(`cuts S into k = ${k} parts that match a brute-force recomputation from the stored counts`, async () => {
      const body = await q(SPLITS, { model: 'seg', k });
      expect(body.errors).toBeUndefined();
      const s = body.data.performanceSplits;
      expect(s).toMatchObject({
        model: { name: 'seg', version: 1 },
        k,
        componentsRequested: 4,
        reduce: 'SUM',
        imageCount: M,
        imagesNotScored: 0,
        imagesWithoutEmbedding: 0,
      });
      const expected = bruteForceSplits(await reference('seg'), k);
      expect(s.parts).toHaveLength(k);
      s.parts.forEach((part: any, i: number) => {
        const e = expected[i]!;
        expect(part).toMatchObject({ part: i, from: e.from, to: e.to, count: e.imageIds.length });
        expect(part.images.map((im: any) => Number(im.id))).toEqual(e.imageIds);
        if (e.ods === null) {
          expect(part.ods).toBeNull();
        } else {
          expect(part.ods).toBeCloseTo(e.ods.f, 12);
          expect(part.odsThreshold).toBe(e.ods.threshold);
        }
        for (const key of ['scaledMean', 'scaledStd', 'idistMean', 'idistStd'] as const)
          expect(part[key]).toBeCloseTo(e[key], 9);
        expect(part.label).toBe(
          `${e.ods === null ? 'n/a' : e.ods.f.toFixed(4)} (${e.scaledMean.toFixed(4)}, ${e.scaledStd.toFixed(4)})`,
        );
      });
      expect(s.nearest.part).toBe(0);
      expect(s.farthest.part).toBe(k - 1);
      expect(s.ods.f).toBeCloseTo(bruteForceOds((await reference('seg')).map((r) => r.counts))!.f, 12);
    });
  }

  it('counted the model-written predictions once, on first use', async () => {
    const again = await q(SPLITS, { model: 'seg', k: 2 });
    expect(again.data.performanceSplits.countsComputed).toBe(0);
    expect((await storedCounts(server.services, modelIds.seg!)).size).toBe(M);
  });

  it('gives the F-score curve of a brute-force recomputation, with Spearman and the images left out', async () => {
    const body = await q(CURVE, { model: 'seg' });
    expect(body.errors).toBeUndefined();
    const c = body.data.fScoreCurve;
    const rows = await reference('seg');
    const e = bruteForceCurve(rows);
    expect(c.ods.threshold).toBe(e.threshold);
    expect(c).toMatchObject({ reason: null, leftOut: 2, window: e.window, imageCount: M });
    expect(c.points.map((p: any) => Number(p.image.id))).toEqual(e.points.map((p) => p.imageId));
    c.points.forEach((p: any, i: number) => {
      expect(p.rank).toBe(i + 1);
      expect(p.f).toBeCloseTo(e.points[i]!.f, 12);
      expect(p.smoothed).toBeCloseTo(e.points[i]!.smoothed, 12);
      expect(p.scaled).toBeCloseTo(e.points[i]!.scaled, 12);
    });
    expect(c.spearman).toBeCloseTo(e.spearman!, 12);
  });

  describe('label candidates', () => {
    it('picks the farthest candidates in [0.6, 1], with their IDist and rank', async () => {
      const body = await q(LABELS, { model: 'seg', strategy: 'FARTHEST', count: 3 });
      expect(body.errors).toBeUndefined();
      const l = body.data.labelCandidates;
      const rows = await reference('seg');
      const candidates = rows.filter((r) => r.scaled >= 0.6 && r.scaled <= 1);
      expect(l).toMatchObject({
        strategy: 'FARTHEST',
        count: 3,
        seed: 0,
        lower: 0.6,
        upper: 1,
        componentsRequested: 4,
        candidateCount: candidates.length,
      });
      const farthest = [...candidates].sort((a, b) => b.idist - a.idist).slice(0, 3);
      expect(l.picks.map((p: any) => Number(p.image.id))).toEqual(farthest.map((r) => r.imageId));
      expect(l.picks.map((p: any) => p.rank)).toEqual(farthest.map((r) => rows.indexOf(r) + 1));
      expect(l.picks.map((p: any) => p.pick)).toEqual([1, 2, 3].slice(0, farthest.length));
    });

    it('draws RANDOM picks reproducibly by seed, and DIVERSE picks starting at the farthest', async () => {
      const draw = async (seed: number) =>
        (await q(LABELS, { model: 'seg', strategy: 'RANDOM', count: 2, seed, lower: 0, upper: 1 })).data
          .labelCandidates;
      const [a, b] = [await draw(42), await draw(42)];
      expect(a.picks).toEqual(b.picks);
      expect(a).toMatchObject({ seed: 42, lower: 0, upper: 1, candidateCount: M });
      const diverse = (await q(LABELS, { model: 'seg', strategy: 'DIVERSE', count: 4, lower: 0, upper: 1 })).data
        .labelCandidates;
      const rows = await reference('seg');
      expect(Number(diverse.picks[0].image.id)).toBe(rows.at(-1)!.imageId);
      expect(new Set(diverse.picks.map((p: any) => p.image.id)).size).toBe(4);
    });

    it('exports the same picks as CSV and JSON over HTTP', async () => {
      const l = (await q(LABELS, { model: 'seg', strategy: 'RANDOM', count: 3, seed: 9, lower: 0.2, upper: 1 })).data
        .labelCandidates;
      const csv = await fetch(new URL(l.csvUrl, server.url));
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
      const lines = (await csv.text()).trim().split('\r\n');
      expect(lines[0]).toBe('pick,image_id,file_name,dataset,idist,scaled_idist,rank,p_value');
      expect(lines.slice(1).map((line) => line.split(','))).toEqual(
        l.picks.map((p: any) => [
          String(p.pick),
          p.image.id,
          p.image.fileName,
          'sec',
          String(p.idist),
          String(p.scaled),
          String(p.rank),
          String(p.pValue),
        ]),
      );
      const json = await (await fetch(new URL(l.jsonUrl, server.url))).json();
      expect(json).toMatchObject({
        model: { name: 'seg', version: 1 },
        strategy: 'RANDOM',
        seed: 9,
        lower: 0.2,
        upper: 1,
        components: 4,
        fitId: Number(l.fit.id),
      });
      expect(json.picks.map((p: any) => p.idist)).toEqual(l.picks.map((p: any) => p.idist));
      const bad = await fetch(
        `${server.url}/performance/label-candidates.csv?model=seg&primary=prim&secondary=sec&count=zero`,
      );
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.code).toBe('BAD_USER_INPUT');
      expect(
        (await fetch(`${server.url}/performance/label-candidates.json?model=nope&primary=prim&secondary=sec`)).status,
      ).toBe(404);
    });
  });

  it('compares the versions of a family, each on its own IDist, and says which one lacks predictions', async () => {
    const body = await q(COMPARE, { k: 3 });
    expect(body.errors).toBeUndefined();
    const c = body.data.compareVersions;
    expect(c).toMatchObject({
      family: 'seg',
      k: 3,
      componentsRequested: 4,
      primary: { name: 'prim' },
      secondary: { name: 'sec' },
    });
    expect(c.versions.map((v: any) => v.model.name)).toEqual(['seg', 'seg-adapted', 'seg-empty']);
    for (const [i, name] of ['seg', 'seg-adapted'].entries()) {
      const own = (await q(SPLITS, { model: name, k: 3 })).data.performanceSplits;
      expect(c.versions[i].unavailableReason).toBeNull();
      expect(c.versions[i].splits.parts).toEqual(own.parts.map((p: any) => ({ count: p.count, ods: p.ods })));
      expect(c.versions[i].curve.points.length).toBe(M - 2); // two masks without foreground, for every version
    }
    expect(c.versions[2]).toMatchObject({ performance: null, splits: null, curve: null });
    expect(c.versions[2].unavailableReason).toMatch(/has no predictions for dataset "sec"/);
  });
});
