// The public surface of images/ for the layers above the features (graphql/, routes of other
// folders): service types and upload parsing. Features below import its modules directly.
export type { DatasetService } from './dataset.service.js';
export type { IngestService, ImageFile, ImportResult } from './ingest.service.js';
export { fromBase64, readPathOrBase64 } from './uploads.js';
export { imageUrl } from './image.routes.js';
