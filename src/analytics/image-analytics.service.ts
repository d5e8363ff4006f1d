import { AppError, ErrorCode } from '../errors.js';
import type { Dataset, Image, Model } from '../generated/prisma/client.js';
import { checkComponents, checkK, checkPairs } from './analytics-input.js';
import { type AnalyticsScope, type ModelRef, reduceOf } from './analytics-scope.js';
import type { Reduce } from './analytics-views.js';
import { blockOf, scoresOfImage } from './fit-blocks.js';
import { distancesToBlock, projectWithStoredFit } from './fit-distances.js';
import { searchPlan } from './similarity.repository.js';
import { conformalOf, idistPValue } from './conformal-scores.js';

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
export function createImageAnalytics(scope: AnalyticsScope) {
  const { deps, limits } = scope;

  /** The image's coordinates in the stored (or new) fit of (P, its dataset), and that fit. */
  async function imageInFit(a: ImageArgs) {
    checkComponents(a.components, limits);
    const model = await scope.requireModel(a.model);
    const image = await scope.requireImage(a.image);
    const [primary] = await scope.datasets([a.primary]);
    const own = await scope.datasetOf(image);
    // An image of P itself is measured in a fit of P alone.
    const secondaries: Dataset[] = own.id === primary!.id ? [] : [own];
    const status = await scope.embedded(model, [primary!, ...secondaries]);
    checkPairs(status[0]!.embedded * (status[1]?.embedded ?? status[0]!.embedded), limits, 'This fit');
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

  return {
    /** IDist of one image to P; scaled against the IDists of its dataset's images in the same fit. */
    async imageIdist(a: ImageArgs & { reduce: Reduce }) {
      const { image, primary, own, use, fit, point, projected } = await imageInFit(a);
      const p = blockOf(use.fit, primary.id)!;
      const d = distancesToBlock(point, p, use.fit.zUsed);
      const sum = d.reduce((x, v) => x + v, 0);
      const idist = a.reduce === 'MEAN' ? sum / p.rows : sum;
      const peers = (await deps.distances.pair(use.fit, primary.id, own.id, reduceOf(a.reduce))).idist;
      const min = peers.reduce((x, v) => Math.min(x, v), Infinity);
      const range = peers.reduce((x, v) => Math.max(x, v), -Infinity) - min;
      // Against the primary's own leave-one-out IDists in the same fit: new uploads included.
      const pValue = idistPValue(await conformalOf(deps.distances, use.fit, primary.id), idist, a.reduce === 'MEAN');
      return {
        image,
        primary,
        reduce: a.reduce,
        idist,
        scaled: range > 0 ? (idist - min) / range : 0,
        pValue,
        projected,
        fit,
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
