// What resolvers return for each object type; field resolvers derive the rest from these.
import type { Dataset, Image } from '../generated/prisma/client.js';

export type DatasetMapper = Dataset;
export type ImageMapper = Image;
