import type { AppConfig } from './config.js';
import type { Store } from './db/store.js';
import { createDatasetService } from './images/dataset.service.js';
import { createImageRepository } from './images/image.repository.js';
import { createIngestService } from './images/ingest.service.js';

/** Composition root: builds every service from the store and config, once per process. */
export function createServices(store: Store, config: AppConfig) {
  const imageRepository = createImageRepository(store.prisma);
  const datasets = createDatasetService(imageRepository, config.limits, config.server.importRoot);
  const ingest = createIngestService(imageRepository);
  return { config, store, imageRepository, datasets, ingest };
}

export type Services = ReturnType<typeof createServices>;
