import { AppError, ErrorCode } from '../errors.js';
import type { Dataset, Image, Model } from '../generated/prisma/client.js';
import { checkComponents, checkK, checkPairs, requireEmbedded } from './analytics-input.js';
import { type AnalyticsScope, type ModelRef } from './analytics-scope.js';
import type { Reduce } from './analytics-views.js';
import type { EmbeddingSetStatus } from './embedding.repository.js';
import { type Block, blockOf, scoresOfImage } from './fit-blocks.js';
import { distancesToBlock, projectWithStoredFit } from './fit-distances.js';
import { checkEstimate, type EstimateArgs, type FitIdist } from './fit-idist.js';
import { estimateIdist, sampleWithoutReplacement } from '../math/idist-estimate.js';
import { searchPlan } from './similarity.repository.js';
import { idistPValue } from './conformal-scores.js';

interface ImageArgs {
  image: number;
  model: ModelRef;
  primary: string;
  components: number;
}

function missingVector(model: Model, image: Image): AppError {
  return new AppError(
    ErrorCode.EMBEDDINGS_MISSING,
    `Image ${image.id} (${image.fileName}) has no embedding for model "${model.name}" v${model.version}: run extractEmbeddings for its dataset, or addImage with this model`,
    { model: model.name, modelVersion: model.version, image: image.id },
  );
}

/**
 * Per-image answers (method.md 9). They use the stored fit of (P, the image's
 * dataset) even when that dataset changed since: an image added after the fit is projected with
 * the fit's mean and components, and the answer says so. A fit is computed only when none is stored.
 */
export function createImageAnalytics(scope: AnalyticsScope, fitIdist: FitIdist) {
  const { deps, limits } = scope;

  // Embedding counts for answers over a stored fit (fit.fittedOn.imagesWithoutEmbedding), kept for
  // COUNTS_TTL_MS: counting 50,000 embeddings costs more than the rest of a new image's answer, and
  // other services call this once per image.
  const COUNTS_TTL_MS = 1000;
  const counts = new Map<string, { at: number; value: Promise<EmbeddingSetStatus[]> }>();
  function countsOf(modelId: number, datasets: readonly Dataset[]): Promise<EmbeddingSetStatus[]> {
    const key = `${modelId}:${datasets.map((d) => d.id).join(',')}`;
    const kept = counts.get(key);
    if (kept && Date.now() - kept.at < COUNTS_TTL_MS) return kept.value;
    const value = deps.embeddings.embeddingCounts(
      modelId,
      datasets.map((d) => d.id),
    );
    value.catch(() => counts.delete(key));
    counts.set(key, { at: Date.now(), value });
    if (counts.size > 256) counts.delete(counts.keys().next().value!);
    return value;
  }

  /** The image's coordinates in the stored (or new) fit of (P, its dataset), and that fit. */
  async function imageInFit(a: ImageArgs) {
    checkComponents(a.components, limits);
    const model = await scope.requireModel(a.model);
    const image = await scope.requireImage(a.image);
    const [primary] = await scope.datasets([a.primary]);
    const own = await scope.datasetOf(image);
    // An image of P itself is measured in a fit of P alone.
    const secondaries: Dataset[] = own.id === primary!.id ? [] : [own];
    const stored = await deps.fits.find({
      modelId: model.id,
      primaryId: primary!.id,
      secondaryIds: secondaries.map((s) => s.id),
      zRequested: a.components,
    });
    // Over a stored fit the fingerprint is not needed (it is used whatever changed since): counts only.
    const datasets = [primary!, ...secondaries];
    const status = stored ? await countsOf(model.id, datasets) : await scope.embedded(model, datasets);
    if (stored) requireEmbedded(model, datasets, status);
    // Only a new fit costs pairs here: with a stored one, the image costs its projection and n distances.
    if (!stored) checkPairs(status[0]!.embedded * (status[1]?.embedded ?? status[0]!.embedded), limits, 'This fit');
    // Checked before any fit: an image without an embedding is in no fit and cannot be projected.
    const vector = await deps.embeddings.loadVector(model.id, image.id);
    if (!vector) throw missingVector(model, image);
    const use = await deps.fitService.storedOrNew({
      model,
      primaryId: primary!.id,
      secondaryIds: secondaries.map((s) => s.id),
      z: a.components,
    });
    let point = scoresOfImage(use.fit, image.id);
    const projected = point === null;
    if (!point) {
      if (vector.length !== use.fit.cols) {
        throw new AppError(
          ErrorCode.DIMENSION_MISMATCH,
          `Image ${image.id}'s embedding has ${vector.length} dimensions; fit ${use.fit.id} has ${use.fit.cols}`,
        );
      }
      point = projectWithStoredFit(use.fit, (await deps.fits.basis(use.fit.id))!, vector);
    }
    const fit = scope.fitView(use, model, [primary!, ...secondaries], status);
    return { model, image, primary: primary!, own, use, fit, point, projected };
  }

  /** The IDist sum of a point to the primary block, on the analytics pool's threads (off the event loop). */
  async function sumOnPool(point: Float64Array, p: Block, z: number): Promise<number> {
    const r = await deps.distancePool.pointIdist({
      vector: null,
      mean: null,
      components: null,
      cols: 0,
      point,
      p: p.scores,
      n: p.rows,
      dim: z,
    });
    return r.sum;
  }

  return {
    /**
     * IDist of one image to P; scaled against the IDists of its dataset's images in the same fit
     * (stored with the fit after the first call). The projection and the n distances run on the
     * analytics pool's threads, off the event loop.
     */
    async imageIdist(a: ImageArgs & { reduce: Reduce; estimate?: EstimateArgs | null }) {
      const estimate = checkEstimate(a.estimate);
      const { model, image, primary, own, use, fit, projected, point } = await imageInFit(a);
      const p = blockOf(use.fit, primary.id)!;
      const z = use.fit.zUsed;
      const scale = a.reduce === 'MEAN' ? p.rows : 1;
      let sum: number;
      let interval = null;
      if (estimate && estimate.samples < p.rows) {
        const sample = sampleWithoutReplacement(p.rows, estimate.samples, estimate.seed);
        const e = estimateIdist(point, 1, p.scores, p.rows, z, sample, estimate.confidence);
        sum = e.idist[0]!;
        interval = { low: e.low[0]! / scale, high: e.high[0]! / scale, level: estimate.confidence, method: e.method };
      } else {
        sum = await sumOnPool(point, p, z);
      }
      const idist = sum / scale;
      // Sums of this fit above SYNC_MAX_PAIRS that no job stored: the error names the job to run.
      const jobRequired = (what: string, pairs: number) => () =>
        fitIdist.jobRequired(
          what,
          pairs,
          model,
          primary,
          own.id === primary.id ? [] : [own],
          a.components,
          'PAIR',
          null,
        );
      const peers = await fitIdist.ofFit(
        use.fit,
        own.id,
        estimate,
        jobRequired('Scaling this imageIdist against its dataset', blockOf(use.fit, own.id)!.rows * p.rows),
      );
      const min = peers.sums.reduce((x, v) => Math.min(x, v), Infinity) / scale;
      const range = peers.sums.reduce((x, v) => Math.max(x, v), -Infinity) / scale - min;
      // Against the primary's own leave-one-out IDists in the same fit: new uploads included.
      const conformal = await fitIdist.conformal(
        use.fit,
        estimate,
        jobRequired('The p-value of this imageIdist', p.rows * p.rows),
      );
      const pValue = idistPValue(conformal, idist, a.reduce === 'MEAN');
      return {
        image,
        primary,
        reduce: a.reduce,
        idist,
        scaled: range > 0 ? (idist - min) / range : 0,
        pValue,
        projected,
        fit,
        estimated: interval !== null || peers.odistInterval !== null,
        interval,
      };
    },

    /** The k primary images nearest to the image in the pair's PCA space (the image itself left out). */
    async nearestPrimaryImages(a: ImageArgs & { k: number }) {
      checkK(a.k, limits);
      const { image, primary, use, fit, point, projected } = await imageInFit(a);
      const p = blockOf(use.fit, primary.id)!;
      const d = distancesToBlock(point, p, use.fit.zUsed);
      const order = Array.from(d.keys())
        .filter((i) => p.imageIds[i] !== image.id)
        .sort((x, y) => d[x] - d[y] || p.imageIds[x]! - p.imageIds[y]!)
        .slice(0, a.k);
      const images = await scope.images(order.map((i) => p.imageIds[i]!));
      return {
        image,
        primary,
        projected,
        fit,
        neighbors: order.map((i, r) => ({ image: images[r]!, distance: d[i]!, rank: r + 1 })),
      };
    },

    /**
     * Builds the model's similarity index now (idempotent) instead of at its first search; for the
     * extraction job to call once a model's embeddings are written. No-op without embeddings.
     */
    async prepareSimilarity(modelId: number): Promise<void> {
      const dimension = await deps.embeddings.storedDimension(modelId);
      if (dimension !== null) await deps.similarity.ensureIndex(searchPlan(modelId, dimension));
    },

    /** The k nearest images in the model's raw embedding space, through the model's HNSW index. */
    async similarImages(a: { image: number; model: ModelRef; k: number; dataset?: string | null }) {
      checkK(a.k, limits);
      const model = await scope.requireModel(a.model);
      const image = await scope.requireImage(a.image);
      const dataset = a.dataset ? (await scope.datasets([a.dataset]))[0]! : null;
      const vector = await deps.embeddings.loadVector(model.id, image.id);
      if (!vector) throw missingVector(model, image);
      const plan = searchPlan(model.id, vector.length);
      await deps.similarity.ensureIndex(plan);
      const found = await deps.similarity.nearest(plan, vector, image.id, dataset?.id ?? null, a.k);
      const images = await scope.images(found.map((f) => f.imageId));
      return {
        image,
        model,
        dataset,
        searchedOn: plan.searchedOn,
        reduced: plan.reduced,
        index: plan.indexName,
        neighbors: found.map((f, r) => ({ image: images[r]!, distance: f.distance, rank: r + 1 })),
      };
    },
  };
}
