import { DEFAULT_PCA_COMPONENTS } from '../config.js';
import { AppError, ErrorCode, invariant } from '../errors.js';
import type { Dataset, Model } from '../generated/prisma/client.js';
import { decodeCursorOf, encodeCursorOf, pageInfoOf } from '../pagination/connection.js';
import {
  checkComponentList,
  checkComponents,
  checkK,
  checkPage,
  checkPairs,
  checkSecondaries,
  checkSize,
} from './analytics-input.js';
import { type AnalyticsDeps, type AnalyticsScope, createScope, type ModelRef } from './analytics-scope.js';
import type {
  DistanceEngine,
  DistanceMatrixView,
  FitOn,
  IdistConnectionView,
  OdistEntryView,
  Reduce,
  SortOrder,
} from './analytics-views.js';
import { minMaxScale, scaledOdist } from '../math/dist.js';
import type { EmbeddingSetStatus } from './embedding.repository.js';
import { blockOf } from './fit-blocks.js';
import { distanceRows } from './fit-distances.js';
import type { FitUse } from './fit.service.js';
import { createAnalyticsDownloads } from './analytics-downloads.js';
import { createImageAnalytics } from './image-analytics.service.js';
import { type BlockIdist, checkEstimate, createFitIdist, type EstimateArgs } from './fit-idist.js';
import { odist as meanOf } from '../math/dist.js';

/** IDist values of a block under `reduce` (MEAN: over the n primary images), with intervals when estimated. */
function reduced(b: BlockIdist, reduce: Reduce, n: number) {
  const f = reduce === 'MEAN' ? n : 1;
  const values = f === 1 ? b.sums : b.sums.map((v) => v / f);
  const scale = (x: { low: number; high: number; level: number; method: string }) => ({
    ...x,
    low: x.low / f,
    high: x.high / f,
  });
  return {
    values,
    low: b.low && (f === 1 ? b.low : b.low.map((v) => v / f)),
    high: b.high && (f === 1 ? b.high : b.high.map((v) => v / f)),
    // Exact: the mean of the values, as method.md 6 defines it (bit for bit the synchronous path's).
    odist: b.odistInterval ? b.odist / f : meanOf(values),
    odistInterval: b.odistInterval && scale(b.odistInterval),
    estimated: b.odistInterval !== null,
    samples: b.samples,
  };
}
import { idistPValue } from './conformal-scores.js';
import type { StoredFit } from './fit-cache.repository.js';
import { checkMaxPValue } from './analytics-input.js';

interface PairArgs {
  model: ModelRef;
  primary: string;
  secondary: string;
  components: number;
}

/** The level and method of an estimate's intervals. */
const levelOf = (e: { odistInterval: { level: number; method: string } | null }) => ({
  level: e.odistInterval!.level,
  method: e.odistInterval!.method,
});

/** Positions sorted by ascending value, ties by ascending image id: rank r is position r - 1. */
function ascending(values: Float64Array, imageIds: readonly number[]): number[] {
  return Array.from(values.keys()).sort((a, b) => values[a] - values[b] || imageIds[a] - imageIds[b]);
}

/** An idist cursor names the fit its order came from and the position it points after. */
const IDIST_CURSOR = 'idist';
function decodeIdistCursor(cursor: string | null | undefined): { fitId: number; position: number } | null {
  const parts = decodeCursorOf(cursor, IDIST_CURSOR, 2);
  return parts && { fitId: parts[0]!, position: parts[1]! };
}

/** Where a page starts; refuses a cursor of another fit, whose order may differ. */
function pageStart(after: { fitId: number; position: number } | null, fitId: number): number {
  if (!after) return 0;
  if (after.fitId !== fitId) {
    throw new AppError(
      ErrorCode.BAD_USER_INPUT,
      `This cursor belongs to fit ${after.fitId}, which was replaced by fit ${fitId} after the datasets changed: page again from the start`,
    );
  }
  return after.position + 1;
}

/**
 * The Distances of method.md as answers: one model, one primary, one or more
 * secondaries; fits from the cache (fit.service.ts), distances from the fit's stored scores.
 * Every method validates and resolves its arguments before any work, so bad input changes nothing.
 */
export function createAnalyticsService(deps: AnalyticsDeps) {
  const scope: AnalyticsScope = createScope(deps);
  const { limits } = scope;
  const fitIdist = createFitIdist(scope);

  /** Model, primary and secondaries with their embedding status (block order irrelevant here). */
  async function resolve(model: ModelRef, primary: string, secondaries: readonly string[]) {
    checkSecondaries(primary, secondaries);
    const m = await scope.requireModel(model);
    const [p, ...s] = await scope.datasets([primary, ...secondaries]);
    const status = await scope.embedded(m, [p!, ...s]);
    const n = status[0]!.embedded;
    const secondaryRows = status.slice(1).reduce((a, x) => a + x.embedded, 0);
    return { model: m, primary: p!, secondaries: s, status, pairs: n * secondaryRows };
  }

  /** ODist of each secondary under its fit (PAIR) or the shared one (ALL), scaled over them all. */
  async function odistEntries(
    model: Model,
    primary: Dataset,
    secondaries: Dataset[],
    z: number,
    fitOn: FitOn,
    reduce: Reduce,
    status: EmbeddingSetStatus[],
    estimate: EstimateArgs | null = null,
  ): Promise<OdistEntryView[]> {
    const all = [primary, ...secondaries];
    const common = { what: 'This odist', model, primary, asked: secondaries, fitOn, z, status, estimate };
    const found: { use: FitUse; blocks: Map<number, BlockIdist> }[] = [];
    if (fitOn === 'ALL') {
      const shared = await fitIdist.blocks({
        ...common,
        fitSecondaries: secondaries,
        needed: [primary.id, ...secondaries.map((s) => s.id)],
      });
      secondaries.forEach(() => found.push(shared));
    } else {
      for (const s of secondaries)
        found.push(await fitIdist.blocks({ ...common, fitSecondaries: [s], needed: [s.id, primary.id] }));
    }
    const rows = secondaries.map((s, i) => {
      const n = blockOf(found[i]!.use.fit, primary.id)!.rows;
      return {
        own: reduced(found[i]!.blocks.get(s.id)!, reduce, n),
        base: reduced(found[i]!.blocks.get(primary.id)!, reduce, n),
      };
    });
    const odists = rows.map((r) => r.own.odist);
    const scaled = scaledOdist(odists);
    const entries: OdistEntryView[] = secondaries.map((secondary, i) => ({
      secondary,
      odist: odists[i]!,
      scaled: scaled[i]!,
      baseline: rows[i]!.base.odist,
      fit: scope.fitView(found[i]!.use, model, all, status),
      reduce,
      estimated: rows[i]!.own.estimated || rows[i]!.base.estimated,
      interval: rows[i]!.own.odistInterval,
      samples: rows[i]!.own.samples ?? rows[i]!.base.samples,
      // For the statistics beside each entry (energy test, intervals): its stored fit and the
      // entries it is scaled with.
      storedFit: found[i]!.use.fit,
      primaryId: primary.id,
      peers: [],
    }));
    for (const e of entries) e.peers = entries;
    return entries;
  }

  /** One (P, S) pair's current fit, after the checks every pair query makes. */
  async function pairFit(a: PairArgs, what: string) {
    checkComponents(a.components, limits);
    const { model, primary, secondaries, status, pairs } = await resolve(a.model, a.primary, [a.secondary]);
    checkPairs(pairs, limits, what);
    const secondary = secondaries[0]!;
    const use = await scope.currentFit(model, primary, [secondary], a.components, status);
    return { model, primary, secondary, use, fit: scope.fitView(use, model, [primary, secondary], status) };
  }

  /**
   * The conformal reference of a pair fit's primary, for p-values: exact when stored or within
   * SYNC_MAX_PAIRS, else estimated with `estimate`, else DISTANCE_JOB_REQUIRED.
   */
  async function conformalFor(
    model: Model,
    primary: Dataset,
    secondary: Dataset,
    fit: StoredFit,
    z: number,
    estimate: EstimateArgs | null,
  ) {
    const n = blockOf(fit, primary.id)!.rows;
    return fitIdist.conformal(fit, estimate, () =>
      fitIdist.jobRequired('The p-values of this answer', n * n, model, primary, [secondary], z, 'PAIR', null),
    );
  }

  /** One (P, S) pair's IDist: stored, computed now within SYNC_MAX_PAIRS, or estimated (fit-idist.ts). */
  async function pairIdist(a: PairArgs & { reduce: Reduce }, what: string, estimate: EstimateArgs | null) {
    checkComponents(a.components, limits);
    const { model, primary, secondaries, status } = await resolve(a.model, a.primary, [a.secondary]);
    const secondary = secondaries[0]!;
    const { use, blocks } = await fitIdist.blocks({
      what,
      model,
      primary,
      fitSecondaries: [secondary],
      asked: [secondary],
      fitOn: 'PAIR',
      z: a.components,
      status,
      needed: [secondary.id],
      estimate,
    });
    const n = blockOf(use.fit, primary.id)!.rows;
    const values = reduced(blocks.get(secondary.id)!, a.reduce, n);
    return { model, primary, secondary, use, fit: scope.fitView(use, model, [primary, secondary], status), values };
  }

  return {
    ...createImageAnalytics(scope, fitIdist),
    /** Queues the exact distances of each fit of the request as a distance job (one per fit); answers the jobs' ids. */
    async computeDistances(a: {
      model: ModelRef;
      primary: string;
      secondaries: string[];
      components: number;
      fitOn: FitOn;
    }): Promise<number[]> {
      checkComponents(a.components, limits);
      const { model, primary, secondaries, status } = await resolve(a.model, a.primary, a.secondaries);
      const groups = a.fitOn === 'ALL' ? [secondaries] : secondaries.map((s) => [s]);
      const jobs: number[] = [];
      for (const group of groups) {
        const use = await scope.currentFit(model, primary, group, a.components, status);
        jobs.push(await deps.distanceJobs.start(use.fit));
      }
      return jobs;
    },

    /** The .npy downloads behind the answers' URLs (download.routes.ts). */
    downloads: createAnalyticsDownloads(deps.fits, deps.distances),

    /** ODist(S_i, P) per secondary, scaled over them, with ODist(P, P) baselines (method.md 6-7). */
    /**
     * The PCA fits that a query with these arguments would compute because the cache lacks them
     * (as keys, so a request asking for one fit twice counts it once); the query cost estimate
     * charges each. Arguments are those of odist, pcStability and the pair queries: the model, primary
     * and components in their `scope` (a DistanceScope), or beside the secondaries (pcStability).
     */
    async uncachedFits(a: Record<string, unknown>): Promise<string[]> {
      const s = (a.scope ?? a) as Record<string, unknown>;
      const ref = s.model as { name?: unknown; version?: unknown } | undefined;
      if (typeof ref?.name !== 'string') return []; // compareVersions names a family, not a model
      const names = Array.isArray(a.secondaries) ? a.secondaries.map(String) : [String(a.secondary)];
      const zs = (Array.isArray(a.components) ? a.components : [s.components ?? DEFAULT_PCA_COMPONENTS]).map(Number);
      const version = typeof ref.version === 'number' ? ref.version : null;
      const { model, primary, secondaries, status } = await resolve(
        { name: ref.name, version },
        String(s.primary),
        names,
      );
      const groups = a.fitOn === 'ALL' ? [secondaries] : secondaries.map((s) => [s]);
      const keys: string[] = [];
      for (const z of zs.slice(0, limits.maxComponents)) {
        for (const g of groups) {
          if (!(await scope.fitIsCurrent(model, primary, g, z, status)))
            keys.push(`${model.id}:${primary.id}:${g.map((d) => d.id).sort((x, y) => x - y)}:${z}`);
        }
      }
      return keys;
    },

    async odist(a: {
      model: ModelRef;
      primary: string;
      secondaries: string[];
      components: number;
      fitOn: FitOn;
      reduce: Reduce;
      estimate?: EstimateArgs | null;
    }) {
      checkComponents(a.components, limits);
      const estimate = checkEstimate(a.estimate);
      const { model, primary, secondaries, status } = await resolve(a.model, a.primary, a.secondaries);
      const entries = await odistEntries(
        model,
        primary,
        secondaries,
        a.components,
        a.fitOn,
        a.reduce,
        status,
        estimate,
      );
      return {
        model,
        primary,
        fitOn: a.fitOn,
        reduce: a.reduce,
        componentsRequested: a.components,
        scaledOver: secondaries,
        secondaries: entries,
        baseline: a.fitOn === 'ALL' ? entries[0]!.baseline : null,
      };
    },

    /** Scaled ODist for each z of a list (method.md 10, paper Table 6). */
    async pcStability(a: {
      model: ModelRef;
      primary: string;
      secondaries: string[];
      components: number[];
      fitOn: FitOn;
      reduce: Reduce;
    }) {
      checkComponentList(a.components, limits);
      const { model, primary, secondaries, status, pairs } = await resolve(a.model, a.primary, a.secondaries);
      checkPairs(pairs * a.components.length, limits, `pcStability over ${a.components.length} components values`);
      const rows = [];
      for (const z of a.components)
        rows.push({
          componentsRequested: z,
          entries: await odistEntries(model, primary, secondaries, z, a.fitOn, a.reduce, status),
        });
      return { model, primary, fitOn: a.fitOn, reduce: a.reduce, scaledOver: secondaries, rows };
    },

    /** IDist of each secondary image as a sorted connection, computed in the server or the database. */
    async idist(
      a: PairArgs & {
        reduce: Reduce;
        order: SortOrder;
        first: number;
        after?: string | null;
        engine: DistanceEngine;
        maxPValue?: number | null;
        estimate?: EstimateArgs | null;
      },
    ): Promise<IdistConnectionView> {
      checkPage(a.first, limits);
      checkMaxPValue(a.maxPValue);
      const after = decodeIdistCursor(a.after);
      const estimate = checkEstimate(a.estimate);
      let values: Float64Array;
      let found;
      let interval: { low: Float64Array | null; high: Float64Array | null; odist: number } | null = null;
      let estimated = null;
      if (a.engine === 'DATABASE') {
        // Distances summed by pgvector over the stored vector(z) projections; nothing m x n here.
        found = await pairFit(a, 'This idist');
        const ids = blockOf(found.use.fit, found.secondary.id)!.imageIds;
        const db = await deps.fits.idistInDatabase(found.use.fit.id, found.secondary.id, found.primary.id);
        invariant(db.imageIds.join() === ids.join(), "the stored projections hold the fit's rows");
        const n = a.reduce === 'MEAN' ? blockOf(found.use.fit, found.primary.id)!.rows : 1;
        values = db.sums.map((v) => v / n);
      } else {
        const pair = await pairIdist(a, 'This idist', estimate);
        found = pair;
        values = pair.values.values;
        if (pair.values.estimated) {
          interval = { low: pair.values.low, high: pair.values.high, odist: pair.values.odist };
          estimated = pair.values;
        }
      }
      const { model, primary, secondary, use, fit } = found;
      const ids = blockOf(use.fit, secondary.id)!.imageIds;
      const scaled = minMaxScale(values);
      const asc = ascending(values, ids);
      const rankOf = new Int32Array(asc.length);
      asc.forEach((pos, r) => (rankOf[pos] = r + 1));
      const conformal = await conformalFor(model, primary, secondary, use.fit, a.components, estimate);
      const pValues = values.map((v) => idistPValue(conformal, v, a.reduce === 'MEAN'));
      // p is non-increasing in IDist, so filtering keeps the order and the cursors' positions.
      const ordered = (a.order === 'ASC' ? asc : [...asc].reverse()).filter(
        (i) => a.maxPValue === null || a.maxPValue === undefined || pValues[i]! <= a.maxPValue,
      );
      const start = pageStart(after, use.fit.id);
      const page = ordered.slice(start, start + a.first);
      const images = await scope.images(page.map((i) => ids[i]!));
      const edges = page.map((i, j) => ({
        cursor: encodeCursorOf(IDIST_CURSOR, [use.fit.id, start + j]),
        node: {
          image: images[j]!,
          idist: values[i]!,
          scaled: scaled[i]!,
          rank: rankOf[i]!,
          pValue: pValues[i]!,
          interval: estimated && { low: interval!.low![i]!, high: interval!.high![i]!, ...levelOf(estimated) },
        },
      }));
      return {
        edges,
        pageInfo: pageInfoOf(edges, start + a.first < ordered.length),
        totalCount: ordered.length,
        model,
        primary,
        secondary,
        reduce: a.reduce,
        order: a.order,
        engine: a.engine,
        odist: estimated ? estimated.odist : values.reduce((x, v) => x + v, 0) / values.length,
        estimated: estimated !== null,
        odistInterval: estimated?.odistInterval ?? null,
        samples: estimated?.samples ?? null,
        min: values[asc[0]!]!,
        max: values[asc.at(-1)!]!,
        fit,
      };
    },

    /** Rows [offset, offset + limit) of D(S, P); the whole matrix is a download. */
    async distanceMatrix(a: PairArgs & { offset: number; limit: number }): Promise<DistanceMatrixView> {
      checkSize('rows.offset', a.offset, 0, Number.MAX_SAFE_INTEGER, 'none');
      checkSize('rows.limit', a.limit, 0, limits.maxPage, 'MAX_PAGE');
      const { model, primary, secondary, use, fit } = await pairFit(a, 'This distanceMatrix');
      const p = blockOf(use.fit, primary.id)!;
      const s = blockOf(use.fit, secondary.id)!;
      const from = Math.min(a.offset, s.rows);
      const to = Math.min(s.rows, from + a.limit);
      const d = distanceRows(use.fit, primary.id, secondary.id, from, to);
      const n = p.rows;
      const [columns, rowImages] = await Promise.all([
        scope.images(p.imageIds),
        scope.images(s.imageIds.slice(from, to)),
      ]);
      return {
        model,
        primary,
        secondary,
        fit,
        offset: from,
        totalRows: s.rows,
        totalColumns: n,
        columns,
        rows: rowImages.map((image, j) => ({ image, distances: Array.from(d.subarray(j * n, (j + 1) * n)) })),
      };
    },

    /** The k images of S with the largest IDist to P, farthest first. */
    async farthestImages(a: PairArgs & { k: number; reduce: Reduce; maxPValue?: number | null }) {
      checkK(a.k, limits);
      checkMaxPValue(a.maxPValue);
      const { model, primary, secondary, use, fit, values } = await pairIdist(a, 'This farthestImages', null);
      const ids = blockOf(use.fit, secondary.id)!.imageIds;
      const idist = values.values;
      const asc = ascending(idist, ids);
      const scaled = minMaxScale(idist);
      const conformal = await conformalFor(model, primary, secondary, use.fit, a.components, null);
      const pValueAt = (pos: number) => idistPValue(conformal, idist[pos]!, a.reduce === 'MEAN');
      const picked = asc
        .map((pos, r) => ({ pos, rank: r + 1 }))
        .slice(-a.k)
        .reverse()
        .filter((x) => a.maxPValue === null || a.maxPValue === undefined || pValueAt(x.pos) <= a.maxPValue);
      const images = await scope.images(picked.map((x) => ids[x.pos]!));
      return {
        model,
        primary,
        secondary,
        reduce: a.reduce,
        fit,
        items: picked.map((x, j) => ({
          image: images[j]!,
          idist: idist[x.pos]!,
          scaled: scaled[x.pos]!,
          rank: x.rank,
          pValue: pValueAt(x.pos),
          interval: null,
        })),
      };
    },

    /** Fits computed by this process (a cache hit adds none). */
    stats: () => deps.fitService.stats(),

    /** Fits computing now in this process, with the requests waiting on each. */
    inFlight: () => deps.fitService.inFlight(),
  };
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>;
