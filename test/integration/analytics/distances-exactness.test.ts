import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../../helpers/graphql.js';
import { forEachStore } from '../../helpers/stores.js';
import { type AnalyticsServer, EmbeddingWorld, newModel, startAnalyticsServer } from './analytics-fixtures.js';
import { closeRel, referenceDistances, referencePca, type Rows } from './reference.js';

const FIT = `fit { id componentsRequested componentsUsed clampReason rank reused method explainedVariance explainedVarianceRatio
  fittedOn { dataset { name } rows imagesWithoutEmbedding } }`;
const ODIST = `query($model: String!, $primary: String!, $secondaries: [String!]!, $components: Int, $fitOn: FitOn, $reduce: IdistReduce) {
  odist(scope: { model: { name: $model }, primary: $primary, components: $components }, secondaries: $secondaries, fitOn: $fitOn, reduce: $reduce) {
    fitOn reduce componentsRequested baseline scaledOver { name }
    secondaries { secondary { name } odist scaled baseline ${FIT} }
  }
}`;
const IDIST = `query($model: String!, $primary: String!, $secondary: String!, $components: Int, $order: SortOrder, $first: Int, $after: String, $reduce: IdistReduce) {
  idist(scope: { model: { name: $model }, primary: $primary, components: $components }, secondary: $secondary, order: $order, first: $first, after: $after, reduce: $reduce) {
    totalCount odist min max order pageInfo { hasNextPage endCursor }
    edges { node { image { id } idist scaled rank } }
    ${FIT}
  }
}`;
const MATRIX = `query($model: String!, $primary: String!, $secondary: String!, $components: Int, $rows: RowWindow) {
  distanceMatrix(scope: { model: { name: $model }, primary: $primary, components: $components }, secondary: $secondary, rows: $rows) {
    offset totalRows totalColumns columns { id } rows { image { id } distances }
  }
}`;
const STABILITY = `query($model: String!, $primary: String!, $secondaries: [String!]!, $components: [Int!]) {
  pcStability(model: { name: $model }, primary: $primary, secondaries: $secondaries, components: $components) {
    scaledOver { name } rows { componentsRequested entries { secondary { name } odist scaled fit { componentsUsed } } }
  }
}`;
const FARTHEST = `query($model: String!, $primary: String!, $secondary: String!, $k: Int) {
  farthestImages(scope: { model: { name: $model }, primary: $primary }, secondary: $secondary, k: $k) { items { image { id } idist rank } fit { id } }
}`;

/** Every value of `actual` within rel 1e-6 of `expected`. */
function expectClose(actual: number[], expected: number[], rel = 1e-6) {
  expect(actual).toHaveLength(expected.length);
  const bad = actual.map((a, i) => [i, a, expected[i]!] as const).filter(([, a, e]) => !closeRel(a, e, rel));
  expect(bad).toEqual([]);
}

/** The reference answer for P against secondaries fitted together (one stacked PCA). */
function reference(world: EmbeddingWorld, primary: string, fitted: string[], z: number) {
  const p = world.rows(primary);
  const blocks = fitted.map((s) => world.rows(s));
  const fit = referencePca([p, ...blocks].flat(), z);
  const pScores = fit.scores.slice(0, p.length);
  let start = p.length;
  const perSecondary = new Map<string, ReturnType<typeof referenceDistances>>();
  fitted.forEach((name, b) => {
    perSecondary.set(name, referenceDistances(pScores, fit.scores.slice(start, start + blocks[b]!.length) as Rows));
    start += blocks[b]!.length;
  });
  return { fit, perSecondary, baseline: referenceDistances(pScores, pScores).odist };
}

forEachStore('distances over GraphQL equal a brute-force float64 recomputation', (store) => {
  let server: AnalyticsServer;
  let wide: EmbeddingWorld;
  let narrow: EmbeddingWorld;
  beforeAll(async () => {
    server = await startAnalyticsServer(store());
    // q = 40 > rows: the dual (Gram) PCA; q = 6 < rows: the primal one, and z = 25 clamps to 6.
    wide = new EmbeddingWorld(server.services, (await newModel(server.services, 'wide', 40)).id, 40);
    await wide.add('prim', 7, 0, 1, 1);
    await wide.add('near', 6, 0.3, 1, 2);
    await wide.add('far', 5, 1.5, 1.4, 3);
    narrow = new EmbeddingWorld(server.services, (await newModel(server.services, 'narrow', 6)).id, 6);
    await narrow.add('nprim', 8, 0, 1, 4);
    await narrow.add('nsec', 7, 0.8, 2, 5);
  });
  afterAll(() => server?.close());

  describe('odist', () => {
    it('fits each pair on its own (PAIR) and matches ODist, scaled ODist and the ODist(P, P) baseline', async () => {
      const body = await gql(server.url, ODIST, {
        model: 'wide',
        primary: 'prim',
        secondaries: ['far', 'near'],
        components: 3,
      });
      expect(body.errors).toBeUndefined();
      const answer = body.data.odist;
      expect(answer).toMatchObject({
        fitOn: 'PAIR',
        reduce: 'SUM',
        componentsRequested: 3,
        baseline: null,
        scaledOver: [{ name: 'far' }, { name: 'near' }],
      });
      const refs = ['far', 'near'].map((s) => reference(wide, 'prim', [s], 3));
      const odists = refs.map((r, i) => r.perSecondary.get(['far', 'near'][i]!)!.odist);
      expectClose(
        answer.secondaries.map((e: any) => e.odist),
        odists,
      );
      expectClose(
        answer.secondaries.map((e: any) => e.scaled),
        odists.map((o) => o / (odists[0]! + odists[1]!)),
      );
      expectClose(
        answer.secondaries.map((e: any) => e.baseline),
        refs.map((r) => r.baseline),
      );
      expect(answer.secondaries[0].odist).toBeGreaterThan(answer.secondaries[1].odist); // the shifted set is farther
      const fit = answer.secondaries[0].fit;
      expect(fit).toMatchObject({
        componentsRequested: 3,
        componentsUsed: 3,
        clampReason: null,
        rank: 11,
        method: 'dual',
      });
      expect(fit.fittedOn).toEqual([
        { dataset: { name: 'prim' }, rows: 7, imagesWithoutEmbedding: 0 },
        { dataset: { name: 'far' }, rows: 5, imagesWithoutEmbedding: 0 },
      ]);
      expectClose(fit.explainedVariance, refs[0]!.fit.explainedVariance);
      expect(answer.secondaries[0].fit.id).not.toBe(answer.secondaries[1].fit.id);
    });

    it('fits P and all secondaries once with fitOn ALL, and reports the shared baseline', async () => {
      const answer = (
        await gql(server.url, ODIST, {
          model: 'wide',
          primary: 'prim',
          secondaries: ['near', 'far'],
          components: 4,
          fitOn: 'ALL',
        })
      ).data.odist;
      const ref = reference(wide, 'prim', ['near', 'far'], 4);
      expectClose(
        answer.secondaries.map((e: any) => e.odist),
        [ref.perSecondary.get('near')!.odist, ref.perSecondary.get('far')!.odist],
      );
      expectClose([answer.baseline], [ref.baseline]);
      expect(answer.secondaries[0].fit.id).toBe(answer.secondaries[1].fit.id);
      expect(answer.secondaries[0].fit.fittedOn.map((f: any) => f.dataset.name)).toEqual(['prim', 'near', 'far']);
      expect(answer.secondaries.reduce((a: number, e: any) => a + e.scaled, 0)).toBeCloseTo(1, 12);
    });

    it('clamps z to the rank and says why', async () => {
      const answer = (
        await gql(server.url, ODIST, {
          model: 'narrow',
          primary: 'nprim',
          secondaries: ['nsec'],
          components: 25,
          reduce: 'MEAN',
        })
      ).data.odist;
      const ref = reference(narrow, 'nprim', ['nsec'], 25);
      expect(ref.fit.zUsed).toBe(6);
      const fit = answer.secondaries[0].fit;
      expect(fit).toMatchObject({ componentsRequested: 25, componentsUsed: 6, rank: 6, method: 'primal' });
      expect(fit.clampReason).toMatch(/25 components were asked for.*rank 6.*6 were used/);
      expectClose([answer.secondaries[0].odist], [ref.perSecondary.get('nsec')!.odist / 8]); // MEAN: sum over 8 primaries / 8
      expectClose(
        fit.explainedVarianceRatio,
        ref.fit.explainedVariance.map((v) => v / ref.fit.explainedVariance.reduce((a, b) => a + b, 0)),
      );
    });
  });

  describe('idist', () => {
    it('lists every secondary image with its IDist, min-max scaled value and rank, paged by cursor', async () => {
      const vars = { model: 'wide', primary: 'prim', secondary: 'near', components: 5, order: 'ASC' };
      const full = (await gql(server.url, IDIST, { ...vars, first: 50 })).data.idist;
      const ref = reference(wide, 'prim', ['near'], 5).perSecondary.get('near')!;
      const ids = wide.datasets.get('near')!;
      const byId = new Map(ids.map((id, j) => [String(id), ref.idist[j]!]));
      expect(full.totalCount).toBe(6);
      expectClose(
        full.edges.map((e: any) => e.node.idist),
        full.edges.map((e: any) => byId.get(e.node.image.id)!),
      );
      const sorted = [...ref.idist].sort((a, b) => a - b);
      expectClose(
        full.edges.map((e: any) => e.node.idist),
        sorted,
      );
      expect(full.edges.map((e: any) => e.node.rank)).toEqual([1, 2, 3, 4, 5, 6]);
      expectClose(
        full.edges.map((e: any) => e.node.scaled),
        sorted.map((v) => (v - sorted[0]!) / (sorted[5]! - sorted[0]!)),
      );
      expectClose([full.odist, full.min, full.max], [ref.odist, sorted[0]!, sorted[5]!]);
      const page1 = (await gql(server.url, IDIST, { ...vars, first: 4 })).data.idist;
      const page2 = (await gql(server.url, IDIST, { ...vars, first: 4, after: page1.pageInfo.endCursor })).data.idist;
      expect([page1.pageInfo.hasNextPage, page2.pageInfo.hasNextPage]).toEqual([true, false]);
      expect([...page1.edges, ...page2.edges].map((e: any) => e.node.image.id)).toEqual(
        full.edges.map((e: any) => e.node.image.id),
      );
      const desc = (await gql(server.url, IDIST, { ...vars, order: 'DESC', first: 2 })).data.idist;
      expect(desc.edges.map((e: any) => e.node.rank)).toEqual([6, 5]);
    });
  });

  describe('distanceMatrix', () => {
    it('returns the asked rows of D(S, P), columns = primary images by id', async () => {
      const m = (
        await gql(server.url, MATRIX, {
          model: 'wide',
          primary: 'prim',
          secondary: 'far',
          components: 3,
          rows: { offset: 1, limit: 3 },
        })
      ).data.distanceMatrix;
      const ref = reference(wide, 'prim', ['far'], 3).perSecondary.get('far')!;
      expect(m).toMatchObject({ offset: 1, totalRows: 5, totalColumns: 7 });
      expect(m.columns.map((c: any) => Number(c.id))).toEqual(wide.datasets.get('prim'));
      expect(m.rows.map((r: any) => Number(r.image.id))).toEqual(wide.datasets.get('far')!.slice(1, 4));
      expectClose(
        m.rows.flatMap((r: any) => r.distances),
        ref.d.slice(1, 4).flat(),
      );
    });
  });

  describe('pcStability', () => {
    it('gives scaled ODist for each z, each from its own fit', async () => {
      const answer = (
        await gql(server.url, STABILITY, {
          model: 'wide',
          primary: 'prim',
          secondaries: ['near', 'far'],
          components: [2, 4, 25],
        })
      ).data.pcStability;
      expect(answer.rows.map((r: any) => r.componentsRequested)).toEqual([2, 4, 25]);
      for (const row of answer.rows) {
        const odists = ['near', 'far'].map(
          (s) => reference(wide, 'prim', [s], row.componentsRequested).perSecondary.get(s)!.odist,
        );
        expectClose(
          row.entries.map((e: any) => e.scaled),
          odists.map((o) => o / (odists[0]! + odists[1]!)),
        );
      }
      expect(answer.rows[2].entries.map((e: any) => e.fit.componentsUsed)).toEqual([12, 11]); // rank = rows - 1
    });
  });

  describe('farthestImages', () => {
    it('returns the k images with the largest IDist, farthest first', async () => {
      const answer = (await gql(server.url, FARTHEST, { model: 'wide', primary: 'prim', secondary: 'far', k: 2 })).data
        .farthestImages;
      const ref = reference(wide, 'prim', ['far'], 25).perSecondary.get('far')!;
      const ids = wide.datasets.get('far')!;
      const expected = ids
        .map((id, j) => ({ id, v: ref.idist[j]! }))
        .sort((a, b) => b.v - a.v)
        .slice(0, 2);
      expect(answer.items.map((i: any) => Number(i.image.id))).toEqual(expected.map((e) => e.id));
      expectClose(
        answer.items.map((i: any) => i.idist),
        expected.map((e) => e.v),
      );
      expect(answer.items.map((i: any) => i.rank)).toEqual([5, 4]);
    });
  });
});
