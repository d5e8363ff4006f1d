import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError, ErrorCode } from '../errors.js';
import type { Dataset, Model } from '../generated/prisma/client.js';
import { sha256Hex } from '../images/image.repository.js';
import type { CountsRepository, NewPrediction } from './counts.repository.js';
import { countMaps } from './counts.service.js';
import { decodeGray8, encodeGray8Png, Gray8Error } from './gray8.js';

/** Files decoded at once: bounds memory while keeping sharp's threads busy. */
const DECODE_BATCH = 16;
/** At most this many file names of images left without a prediction are listed in an answer. */
export const MISSING_LISTED = 100;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface SkippedPrediction {
  file: string;
  reason: string;
}

export interface PredictionImportResult {
  model: Model;
  dataset: Dataset;
  /** Files seen in the folder. */
  files: number;
  /** Predictions written: new ones plus replaced ones. */
  imported: number;
  added: number;
  /** Predictions that replaced different bytes (their old counts no longer apply). */
  replaced: number;
  /** Files identical to the stored prediction: nothing written. */
  unchanged: number;
  /** Written predictions whose image has a mask: their counts were written with them. */
  counted: number;
  skipped: SkippedPrediction[];
  /** Images of the dataset with no prediction for the model after this import, and the first names. */
  imagesWithoutPrediction: number;
  missing: string[];
}

type DatasetImage = Awaited<ReturnType<CountsRepository['datasetImages']>>[number];

interface Deps {
  repo: CountsRepository;
  requireModel: (ref: { name: string; version?: number | null }) => Promise<Model>;
  requireDataset: (name: string) => Promise<Dataset>;
}

async function listFiles(folder: string): Promise<string[]> {
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => {
    throw new AppError(ErrorCode.NOT_FOUND, `Folder ${folder} does not exist or cannot be read`, { folder });
  });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

const isPng = (bytes: Uint8Array) => PNG_SIGNATURE.every((b, i) => bytes[i] === b);

/**
 * Imports 8-bit PNG probability maps for a (model, dataset) pair from a folder,
 * matched to the dataset's images by file stem. Every file is checked first; a file that cannot
 * be used (not a PNG, not 8-bit, no image of that stem, another size than its image) is refused
 * with its reason and the rest is written in ONE transaction, predictions together with their
 * counts, so nothing is ever half-written.
 */
export function createPredictionImportService(deps: Deps) {
  /** Decodes and checks one file; returns the prediction to write, or the reason it is refused. */
  async function prepare(
    folder: string,
    file: string,
    image: DatasetImage,
    masks: Map<string, Uint8Array>,
  ): Promise<NewPrediction | string> {
    const bytes = new Uint8Array(await fs.readFile(path.join(folder, file)));
    if (!isPng(bytes)) return 'not a PNG file (predictions are imported as 8-bit PNGs)';
    let map;
    try {
      map = await decodeGray8(bytes);
    } catch (e) {
      if (e instanceof Gray8Error) return e.message;
      throw e;
    }
    if (map.width !== image.width || map.height !== image.height) {
      return `prediction is ${map.width}x${map.height} but image ${image.fileName} is ${image.width}x${image.height}`;
    }
    const png = await encodeGray8Png(map);
    const sha256 = sha256Hex(png);
    const maskBytes = image.maskSha256 ? masks.get(image.maskSha256) : undefined;
    const counts =
      image.maskSha256 && maskBytes
        ? countMaps(
            { imageId: image.id, predictionSha256: sha256, maskSha256: image.maskSha256 },
            map,
            await decodeGray8(maskBytes),
          )
        : null;
    return { imageId: image.id, sha256, png, width: map.width, height: map.height, counts };
  }

  /** Matches files to images by stem; files without a unique image are refused here. */
  function match(files: string[], images: DatasetImage[], dataset: Dataset, skipped: SkippedPrediction[]) {
    const byStem = new Map<string, DatasetImage[]>();
    for (const image of images) byStem.set(image.stem, [...(byStem.get(image.stem) ?? []), image]);
    const seen = new Map<number, string>();
    const matched: { file: string; image: DatasetImage }[] = [];
    for (const file of files) {
      const candidates = byStem.get(path.parse(file).name) ?? [];
      const taken = candidates[0] ? seen.get(candidates[0].id) : undefined;
      if (candidates.length === 0)
        skipped.push({
          file,
          reason: `no image with the stem "${path.parse(file).name}" in dataset "${dataset.name}"`,
        });
      else if (candidates.length > 1)
        skipped.push({
          file,
          reason: `the stem matches ${candidates.length} images (${candidates.map((c) => c.fileName).join(', ')})`,
        });
      else if (taken)
        skipped.push({ file, reason: `${taken} is already the prediction of ${candidates[0]!.fileName}` });
      else {
        seen.set(candidates[0]!.id, file);
        matched.push({ file, image: candidates[0]! });
      }
    }
    return matched;
  }

  return {
    /**
     * @param folder an absolute folder (the CLI's argument, or a GraphQL path already resolved
     *   inside IMPORT_ROOT).
     */
    async importFolder(a: {
      model: { name: string; version?: number | null };
      dataset: string;
      folder: string;
      onProgress?: (done: number, total: number) => void;
    }): Promise<PredictionImportResult> {
      const model = await deps.requireModel(a.model);
      const dataset = await deps.requireDataset(a.dataset);
      const files = await listFiles(a.folder);
      if (files.length === 0)
        throw new AppError(ErrorCode.EMPTY_FOLDER, `Folder ${a.folder} contains no files`, { folder: a.folder });
      const images = await deps.repo.datasetImages(dataset.id);
      const skipped: SkippedPrediction[] = [];
      const matched = match(files, images, dataset, skipped);
      const masks = await deps.repo.blobs(matched.flatMap((m) => (m.image.maskSha256 ? [m.image.maskSha256] : [])));
      const current = await deps.repo.currentPredictions(model.id, dataset.id);
      const write: NewPrediction[] = [];
      let unchanged = 0;
      for (let i = 0; i < matched.length; i += DECODE_BATCH) {
        const batch = matched.slice(i, i + DECODE_BATCH);
        const prepared = await Promise.all(batch.map((m) => prepare(a.folder, m.file, m.image, masks)));
        prepared.forEach((p, j) => {
          if (typeof p === 'string') skipped.push({ file: batch[j]!.file, reason: p });
          else if (current.get(p.imageId) === p.sha256) unchanged++;
          else write.push(p);
        });
        a.onProgress?.(Math.min(i + DECODE_BATCH, matched.length), matched.length);
      }
      await deps.repo.writeImport(model.id, write);
      const predicted = new Set([...current.keys(), ...write.map((w) => w.imageId)]);
      const missing = images.filter((im) => !predicted.has(im.id));
      const replaced = write.filter((w) => current.has(w.imageId)).length;
      return {
        model,
        dataset,
        files: files.length,
        imported: write.length,
        added: write.length - replaced,
        replaced,
        unchanged,
        counted: write.filter((w) => w.counts).length,
        skipped: skipped.sort((x, y) => x.file.localeCompare(y.file)),
        imagesWithoutPrediction: missing.length,
        missing: missing.slice(0, MISSING_LISTED).map((m) => m.fileName),
      };
    },
  };
}

export type PredictionImportService = ReturnType<typeof createPredictionImportService>;
