import { AppError, ErrorCode } from '../../errors.js';
import { fromBase64, imageUrl } from '../../images/index.js';
import type { Resolvers } from '../__generated__/resolvers-types.js';

export function parseImageId(id: string): number {
  if (!/^\d+$/.test(id)) throw new AppError(ErrorCode.BAD_USER_INPUT, `Image id "${id}" is not a number`, { id });
  return Number(id);
}

export const imageResolvers: Resolvers = {
  Query: {
    image: (_p, { id }, { services }) => services.datasets.image(parseImageId(id)),
  },
  Mutation: {
    addImage: (_p, { input }, { services }) => {
      const max = services.config.limits.maxUploadBytes;
      const image = fromBase64(input.imageBase64, 'imageBase64', max);
      const mask = input.maskBase64
        ? {
            fileName: input.maskFileName ?? `${input.fileName}.mask`,
            bytes: fromBase64(input.maskBase64, 'maskBase64', max),
          }
        : null;
      return services.ingest.addImage(
        input.dataset,
        { fileName: input.fileName, bytes: image, mask },
        input.models ?? null,
      );
    },
  },
  Image: {
    id: (i) => String(i.id),
    dataset: (i, _a, { loaders }) => loaders.dataset.load(i.datasetId),
    hasMask: (i) => i.maskSha256 !== null,
    url: (i, _a, { links }) => imageUrl(links, i.id, 'original'),
    thumbnailUrl: (i, _a, { links }) => imageUrl(links, i.id, 'thumbnail'),
    maskUrl: (i, _a, { links }) => (i.maskSha256 ? imageUrl(links, i.id, 'mask') : null),
  },
};
