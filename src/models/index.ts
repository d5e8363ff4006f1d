// The public surface of models/ for the layers above the features: service types and the
// model view the API shows.
export type { ModelRegistry, ModelRef } from './registry.service.js';
export type { ExtractionService } from './extraction.service.js';
export type { EmbeddingImportService } from './embedding-import.service.js';
export { type ModelConfig, modelJson, type TapShape } from './model-config.js';
export {
  registerTrainedFamilies,
  type RegisteredFamily,
  TRAINED_DIR,
  trainedFamilies,
  type TrainedFamily,
} from './trained.js';
