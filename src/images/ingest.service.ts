import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError, ErrorCode } from '../errors.js';
import { contentTypeOf, type DecodedImage, decodeImage, decodeMask, IMAGE_EXTENSIONS } from './decode.js';
import { type ImageRepository, type NewImageRow, sha256Hex } from './image.repository.js';
import { assertDatasetName, assertFileName } from './names.js';
import { DEFAULT_MAX_IMAGE_PIXELS } from '../config.js';

/** Files per transaction: a crash loses at most one uncommitted batch, and re-running completes it. */
export const IMPORT_BATCH_SIZE = 32;
/**
 * Stored batches being embedded at once (`embedWith`): two, so that one's database reads and
 * writes overlap the other's inference, as with two chunk handlers on the queue.
 */
const EMBED_AHEAD = 2;
/**
 * With `embedWith`, an image's pixels decoded to check it are kept for its embedding, saving a
 * second decode, when they take at most this much: at most 64 MB a batch, three batches at once.
 * Larger images are decoded again.
 */
const KEEP_DECODED_BYTES = 2 * 1024 * 1024;

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface ImportResult {
  dataset: string;
  datasetId: number | null;
  total: number;
  added: number;
  alreadyPresent: number;
  withMask: number;
  skipped: SkippedFile[];
  addedImageIds: number[];
}

export interface ImageFile {
  fileName: string;
  bytes: Uint8Array;
  mask: { fileName: string; bytes: Uint8Array } | null;
}

const stemOf = (fileName: string) => path.parse(fileName).name;
const isImageFile = (fileName: string) => IMAGE_EXTENSIONS.has(path.extname(fileName).toLowerCase());

/** A checked row, and the pixels its check decoded when the caller keeps them for embedding. */
export type PreparedImage = NewImageRow & { decoded: DecodedImage | null };

/**
 * Decodes and checks one image (and its mask) into a row; throws AppError with the reason.
 * `keepDecoded`: return the decoded pixels too when they are no larger than KEEP_DECODED_BYTES.
 */
export async function prepareImage(
  file: ImageFile,
  keepDecoded = false,
  maxPixels: number = DEFAULT_MAX_IMAGE_PIXELS,
): Promise<PreparedImage> {
  assertFileName(file.fileName);
  const image = await decodeImage(file.bytes, 3, maxPixels);
  let mask: NewImageRow['mask'] = null;
  if (file.mask) {
    assertFileName(file.mask.fileName);
    let decoded;
    try {
      decoded = await decodeMask(file.mask.bytes, maxPixels);
    } catch (e) {
      if (e instanceof AppError && e.code === ErrorCode.LIMIT_EXCEEDED)
        throw new AppError(e.code, `Mask ${file.mask.fileName}: ${e.message}`, e.details);
      throw new AppError(
        ErrorCode.IMAGE_DECODE_FAILED,
        `Cannot decode mask ${file.mask.fileName}: ${(e as Error).message}`,
      );
    }
    if (decoded.width !== image.width || decoded.height !== image.height) {
      throw new AppError(
        ErrorCode.MASK_SIZE_MISMATCH,
        `Mask ${file.mask.fileName} is ${decoded.width}x${decoded.height} but image ${file.fileName} is ${image.width}x${image.height}`,
        { image: file.fileName, mask: file.mask.fileName },
      );
    }
    mask = {
      sha256: sha256Hex(file.mask.bytes),
      bytes: file.mask.bytes,
      contentType: contentTypeOf(file.mask.fileName),
    };
  }
  return {
    fileName: file.fileName,
    stem: stemOf(file.fileName),
    sha256: sha256Hex(file.bytes),
    bytes: file.bytes,
    contentType: contentTypeOf(file.fileName),
    width: image.width,
    height: image.height,
    mask,
    decoded: keepDecoded && image.pixels.length <= KEEP_DECODED_BYTES ? image : null,
  };
}

/**
 * Regular files of a folder, sorted, and the entries skipped with their reason: symbolic links
 * (a link may point anywhere on the server, outside the import root included). Hidden files and
 * subfolders are ignored. `shownAs` names the folder in errors (never an absolute server path).
 */
async function listFiles(folder: string, shownAs: string): Promise<{ files: string[]; links: SkippedFile[] }> {
  let entries;
  try {
    entries = await fs.readdir(folder, { withFileTypes: true });
  } catch {
    throw new AppError(ErrorCode.NOT_FOUND, `Folder ${shownAs} does not exist or cannot be read`, {
      folder: shownAs,
    });
  }
  const visible = entries.filter((e) => !e.name.startsWith('.'));
  return {
    files: visible
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort(),
    links: visible
      .filter((e) => e.isSymbolicLink())
      .map((e) => ({ file: e.name, reason: 'symbolic link: only regular files are imported' })),
  };
}

export interface ImportFolderInput {
  folder: string;
  masks?: string | null;
  dataset: string;
  /**
   * Models (by name, latest version) that embed each batch once it is stored, while the next
   * batch is read, decoded and written: a new folder's files become embeddings in one pass.
   * An image left without an embedding (the process stopped) is done by a later extraction job.
   */
  embedWith?: string[] | null;
  onProgress?: (done: number, total: number) => void;
  /** How errors name a folder: relative to the import root for API callers (no server paths). */
  shownAs?: (folder: string) => string;
}

/**
 * Called after images are stored (an upload, a batch of an import with `embedWith`), so they are
 * embedded before the answer; `decoded` holds pixels already decoded, by image id.
 */
export type EmbedNew = (
  imageIds: number[],
  models: string[] | null,
  decoded?: ReadonlyMap<number, DecodedImage>,
) => Promise<void>;

export function createIngestService(
  repo: ImageRepository,
  hooks: { embedNew?: EmbedNew } = {},
  limits: { maxImagePixels: number } = { maxImagePixels: DEFAULT_MAX_IMAGE_PIXELS },
) {
  /**
   * Writes one batch in one transaction: all of it lands, or none of it. A file name already used
   * in the dataset by different content is refused rather than silently kept or overwritten.
   */
  async function writeBatch(datasetName: string, rows: NewImageRow[]) {
    return repo.transaction(async (tx) => {
      const dataset = await repo.ensureDataset(tx, datasetName);
      const existing = await repo.findImagesByName(
        tx,
        dataset.id,
        rows.map((r) => r.fileName),
      );
      const shaByName = new Map(existing.map((e) => [e.fileName, e.sha256]));
      const conflicts = rows.filter((r) => shaByName.has(r.fileName) && shaByName.get(r.fileName) !== r.sha256);
      const accepted = rows.filter((r) => !conflicts.includes(r));
      const added = accepted.length ? await repo.insertImages(tx, dataset.id, accepted) : [];
      const addedIds = added.map((a) => a.id);
      const rejected: SkippedFile[] = conflicts.map((r) => ({
        file: r.fileName,
        reason: `dataset "${datasetName}" already has a different image named ${r.fileName}`,
      }));
      return { dataset, added, addedIds, rejected, accepted };
    });
  }

  async function importFolder(input: ImportFolderInput): Promise<ImportResult> {
    assertDatasetName(input.dataset);
    const shownAs = input.shownAs ?? ((p: string) => p);
    const { files, links } = await listFiles(input.folder, shownAs(input.folder));
    const imageFiles = files.filter(isImageFile);
    const skipped: SkippedFile[] = [
      ...links,
      ...files
        .filter((f) => !isImageFile(f))
        .map((file) => ({ file, reason: `unsupported file type "${path.extname(file) || '(none)'}"` })),
    ];
    if (imageFiles.length === 0) {
      throw new AppError(ErrorCode.EMPTY_FOLDER, `Folder ${shownAs(input.folder)} contains no image files`, {
        folder: shownAs(input.folder),
        skipped,
      });
    }
    const maskByStem = new Map<string, string>();
    if (input.masks)
      for (const m of (await listFiles(input.masks, shownAs(input.masks))).files.filter(isImageFile))
        maskByStem.set(stemOf(m), m);

    const total = imageFiles.length;
    const batches = async function* () {
      for (let start = 0; start < total; start += IMPORT_BATCH_SIZE) {
        yield Promise.all(
          imageFiles.slice(start, start + IMPORT_BATCH_SIZE).map(async (fileName): Promise<ImageFile> => {
            const maskName = maskByStem.get(stemOf(fileName));
            return {
              fileName,
              bytes: await fs.readFile(path.join(input.folder, fileName)),
              mask:
                maskName && input.masks
                  ? { fileName: maskName, bytes: await fs.readFile(path.join(input.masks, maskName)) }
                  : null,
            };
          }),
        );
      }
    };
    if (input.embedWith?.length) {
      if (!hooks.embedNew)
        throw new AppError(ErrorCode.MODEL_UNAVAILABLE, 'No models can embed images in this process');
      await hooks.embedNew([], input.embedWith); // unknown model names are refused before anything is imported
    }
    return importBatches(input.dataset, batches(), total, skipped, input.onProgress, input.embedWith);
  }

  /** In-memory files (the demo seed, tests) through the same batched, all-or-nothing path. */
  async function importImages(dataset: string, files: ImageFile[], onProgress?: ImportFolderInput['onProgress']) {
    assertDatasetName(dataset);
    const batches = async function* () {
      for (let start = 0; start < files.length; start += IMPORT_BATCH_SIZE)
        yield files.slice(start, start + IMPORT_BATCH_SIZE);
    };
    return importBatches(dataset, batches(), files.length, [], onProgress);
  }

  async function importBatches(
    dataset: string,
    batches: AsyncIterable<ImageFile[]>,
    total: number,
    skipped: SkippedFile[],
    onProgress?: ImportFolderInput['onProgress'],
    embedWith?: string[] | null,
  ): Promise<ImportResult> {
    const addedImageIds: number[] = [];
    const skippedBefore = skipped.length;
    let withMask = 0;
    let datasetId: number | null = null;
    let done = 0;
    // Embeddings of stored batches, running while this loop prepares the next ones.
    const embeddings: Promise<void>[] = [];
    for await (const files of batches) {
      const prepared = await Promise.all(
        files.map((file) =>
          prepareImage(file, Boolean(embedWith?.length), limits.maxImagePixels).catch((e: unknown) => {
            if (!(e instanceof AppError)) throw e;
            skipped.push({ file: file.fileName, reason: e.message });
            return null;
          }),
        ),
      );
      const rows = prepared.filter((r): r is PreparedImage => r !== null);
      if (rows.length) {
        const result = await writeBatch(dataset, rows);
        datasetId = result.dataset.id;
        addedImageIds.push(...result.addedIds);
        if (embedWith?.length && result.addedIds.length) {
          if (embeddings.length >= EMBED_AHEAD) await embeddings.shift();
          const bySha = new Map(rows.map((r) => [r.sha256, r.decoded]));
          const decoded = new Map<number, DecodedImage>();
          for (const a of result.added) {
            const pixels = bySha.get(a.sha256);
            if (pixels) decoded.set(a.id, pixels);
          }
          const embedding = hooks.embedNew!(result.addedIds, embedWith, decoded);
          embedding.catch(() => undefined); // awaited later; an early failure must not go unhandled meanwhile
          embeddings.push(embedding);
        }
        skipped.push(...result.rejected);
        withMask += result.accepted.filter((r) => r.mask).length;
      }
      done += files.length;
      onProgress?.(done, total);
    }
    await Promise.all(embeddings);
    const refused = skipped.length - skippedBefore; // image files refused here (not links or other types)
    return {
      dataset,
      datasetId,
      total,
      added: addedImageIds.length,
      alreadyPresent: total - refused - addedImageIds.length,
      withMask,
      skipped,
      addedImageIds,
    };
  }

  /**
   * Adds one uploaded image (and optional mask) to a dataset; errors are thrown, not collected.
   * The image is embedded with the named models (default: all ONNX models) before this returns.
   */
  async function addImage(dataset: string, file: ImageFile, models: string[] | null = null) {
    assertDatasetName(dataset);
    if (!isImageFile(file.fileName)) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, `Unsupported file type for ${file.fileName}`, {
        file: file.fileName,
      });
    }
    const row = await prepareImage(file, true, limits.maxImagePixels);
    const { dataset: ds, addedIds, rejected } = await writeBatch(dataset, [row]);
    if (rejected.length) throw new AppError(ErrorCode.ALREADY_EXISTS, rejected[0]!.reason, { file: file.fileName });
    const [image] = await repo.findImagesBySha(ds.id, [row.sha256]);
    if (image) await hooks.embedNew?.([image.id], models, row.decoded ? new Map([[image.id, row.decoded]]) : undefined);
    return { image: image!, created: addedIds.length > 0 };
  }

  return { importFolder, importImages, addImage };
}

export type IngestService = ReturnType<typeof createIngestService>;
