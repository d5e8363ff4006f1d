import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError, ErrorCode } from '../errors.js';
import { unstorableText } from '../ids.js';
import { assertPageSize, decodeCursor, toConnection } from '../pagination/connection.js';
import { thumbnail } from './decode.js';
import type { ImageRepository } from './image.repository.js';

export function createDatasetService(repo: ImageRepository, limits: { maxPage: number }, importRoot: string) {
  async function requireDataset(name: string) {
    const dataset = unstorableText(name) ? null : await repo.findDataset(name);
    if (!dataset) throw new AppError(ErrorCode.NOT_FOUND, `No dataset named "${name}"`, { dataset: name });
    return dataset;
  }

  return {
    list: () => repo.listDatasets(),
    find: async (name: string) => (unstorableText(name) ? null : repo.findDataset(name)),
    requireDataset,
    byId: (id: number) => repo.datasetById(id),
    byIds: (ids: readonly number[]) => repo.datasetsByIds(ids),
    imagesByIds: (ids: readonly number[]) => repo.imagesByIds(ids),

    /** Image and mask counts of several datasets (0 for a dataset without images). */
    async counts(datasetIds: readonly number[]) {
      const found = await repo.countsByDataset(datasetIds);
      return datasetIds.map((id) => found.get(id) ?? { images: 0, masks: 0 });
    },

    /**
     * The same page (first, after) of several datasets' images, in two statements whatever their
     * number; totals come from `counts`.
     */
    async imagePages(datasetIds: readonly number[], first: number, after: string | null | undefined) {
      assertPageSize(first, limits.maxPage);
      const afterId = decodeCursor(after);
      const ids = await repo.pageImageIdsOfDatasets(datasetIds, afterId, first + 1);
      const rows = ids.length ? await repo.imagesByIds(ids) : [];
      rows.sort((a, b) => a.id - b.id);
      return datasetIds.map((datasetId) => rows.filter((r) => r.datasetId === datasetId));
    },
    countImages: (datasetId: number) => repo.countImages(datasetId),

    async imagesPage(datasetId: number, first: number, after: string | null | undefined) {
      assertPageSize(first, limits.maxPage);
      const afterId = decodeCursor(after);
      const [rows, total] = await Promise.all([
        repo.pageImages(datasetId, afterId, first + 1),
        repo.countImages(datasetId),
      ]);
      return toConnection(rows, first, (r) => r.id, total);
    },

    image: (id: number) => repo.imageById(id),

    /** The bytes behind an image's URLs: the original, a thumbnail, or the mask. */
    async imageFile(id: number, variant: 'original' | 'thumbnail' | 'mask') {
      const image = await repo.imageById(id);
      if (!image) return null;
      const sha = variant === 'mask' ? image.maskSha256 : image.sha256;
      if (!sha) return null;
      const blob = await repo.blob(sha);
      if (!blob) return null;
      if (variant === 'thumbnail') return { bytes: await thumbnail(blob.bytes), contentType: 'image/jpeg' };
      return { bytes: Buffer.from(blob.bytes), contentType: blob.contentType };
    },

    /**
     * Resolves a folder named by a GraphQL caller inside the import root. Symlinks are resolved
     * first, so a link pointing outside the root is refused like `..` is.
     */
    async resolveImportPath(folder: string): Promise<string> {
      const root = await fs.realpath(importRoot).catch(() => {
        console.error(`[import] the import root ${importRoot} does not exist; set IMPORT_ROOT`);
        throw new AppError(ErrorCode.NOT_FOUND, 'The import root does not exist on the server; set IMPORT_ROOT');
      });
      const shown = JSON.stringify(folder.slice(0, 200));
      if (unstorableText(folder))
        throw new AppError(ErrorCode.BAD_USER_INPUT, `Folder ${shown} contains a NUL byte`, { folder: shown });
      const candidate = path.resolve(root, folder);
      const real = await fs.realpath(candidate).catch(() => candidate);
      const relative = path.relative(root, real);
      if (relative.startsWith('..') || path.isAbsolute(relative) || folder.split(/[\\/]/).includes('..')) {
        // The message names the folder as given, never the server's absolute paths.
        throw new AppError(ErrorCode.PATH_OUTSIDE_IMPORT_ROOT, `Folder ${shown} is outside the import root`, {
          folder,
        });
      }
      return real;
    },
  };
}

export type DatasetService = ReturnType<typeof createDatasetService>;
