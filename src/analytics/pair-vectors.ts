import type { Dataset, Model } from '../generated/prisma/client.js';
import { checkComponents, checkSecondaries } from './analytics-input.js';
import { type AnalyticsDeps, createScope, type ModelRef, reduceOf } from './analytics-scope.js';
import { blockOf } from './fit-blocks.js';
import { createFitIdist } from './fit-idist.js';
import type { FitView, Reduce } from './analytics-views.js';
import { minMaxScale } from '../math/dist.js';
import type { EmbeddingSetStatus } from './embedding.repository.js';
import { type ConformalScores, idistPValue } from './conformal-scores.js';

const pValuesOf = (ref: ConformalScores, idist: Float64Array, reduce: Reduce) =>
  idist.map((v) => idistPValue(ref, v, reduce === 'MEAN'));

/**
 * The whole IDist vector of one (model, primary, secondary) pair with its image ids and the
 * secondary's PCA scores, for features that relate distance to something per image
 * (performance splits and curves, label selection). Same fits and checks as the analytics
 * service's pair queries (fit.service.ts cache, method.md Distances 1-8).
 */

/** A pair resolved and checked, before any fit: `check` has refused bad input, nothing is written. */
export interface CheckedPair {
  model: Model;
  primary: Dataset;
  secondary: Dataset;
  components: number;
  reduce: Reduce;
  status: EmbeddingSetStatus[];
}

export interface PairVectors extends CheckedPair {
  fit: FitView;
  /** The secondary's images in the fit (those with an embedding), ascending id. */
  imageIds: number[];
  /** IDist of each of those images to the primary (method.md Distances 5), same order. */
  idist: Float64Array;
  /** Min-max scaled IDist over the secondary's images in the fit (method.md Distances 8). */
  scaled: Float64Array;
  /** The secondary's PCA scores S_L: imageIds.length x zUsed, row-major (row j = imageIds[j]). */
  scores: Float64Array;
  zUsed: number;
  /** Conformal p-value of each IDist against the primary's leave-one-out IDists (conformal-scores.ts), same order. */
  pValues: Float64Array;
}

/** Pair-level vectors over the analytics' cached fits. */
export function createPairVectors(deps: AnalyticsDeps) {
  const scope = createScope(deps);
  const fitIdist = createFitIdist(scope);

  /**
   * Resolves and checks a pair: components within MAX_COMPONENTS, distinct datasets that exist,
   * embeddings for both (EMBEDDINGS_MISSING names the extraction), pairs within MAX_PAIRS.
   */
  async function check(a: {
    model: ModelRef | Model;
    primary: string;
    secondary: string;
    components: number;
    reduce: Reduce;
  }): Promise<CheckedPair> {
    checkComponents(a.components, deps.limits);
    checkSecondaries(a.primary, [a.secondary]);
    const model = 'id' in a.model ? a.model : await scope.requireModel(a.model);
    const [primary, secondary] = await scope.datasets([a.primary, a.secondary]);
    const status = await scope.embedded(model, [primary!, secondary!]);
    const pairs = status[0]!.embedded * status[1]!.embedded;
    if (pairs > deps.syncMaxPairs) {
      // Above what a request computes itself, only IDist stored by a distance job will do.
      const use = await fitIdist.storedCurrentFit(model, primary!, [secondary!], a.components, status);
      if (!use || !(await deps.distanceJobs.stored(use.fit, secondary!.id))) {
        const job = use ? await deps.distanceJobs.jobOfFit(use.fit.id) : null;
        throw fitIdist.jobRequired('This pair', pairs, model, primary!, [secondary!], a.components, 'PAIR', job);
      }
    }
    return { model, primary: primary!, secondary: secondary!, components: a.components, reduce: a.reduce, status };
  }

  /** The current fit of a checked pair (cached, or fitted now) and the secondary's vectors in it. */
  async function vectors(c: CheckedPair): Promise<PairVectors> {
    const use = await scope.currentFit(c.model, c.primary, [c.secondary], c.components, c.status);
    // Remembered per stored fit (distance-memo.ts), read from a distance job's stored sums when
    // there are some: a dashboard's split, curve and label queries on one pair sum the m x n
    // distances once.
    const pair = await deps.distances.pair(use.fit, c.primary.id, c.secondary.id, reduceOf(c.reduce));
    const n = blockOf(use.fit, c.primary.id)!.rows;
    const conformal = await fitIdist.conformal(use.fit, null, () =>
      fitIdist.jobRequired('This pair', n * n, c.model, c.primary, [c.secondary], c.components, 'PAIR', null),
    );
    return {
      ...c,
      fit: scope.fitView(use, c.model, [c.primary, c.secondary], c.status),
      imageIds: [...pair.secondary.imageIds],
      idist: pair.idist,
      scaled: minMaxScale(pair.idist),
      scores: pair.secondary.scores.slice(),
      zUsed: use.fit.zUsed,
      pValues: pValuesOf(conformal, pair.idist, c.reduce),
    };
  }

  return { check, vectors };
}

export type PairVectorsService = ReturnType<typeof createPairVectors>;
