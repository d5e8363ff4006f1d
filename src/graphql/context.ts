import type { Services } from '../services.js';
import type { Loaders } from './loaders.js';

export interface GraphQLContext {
  services: Services;
  loaders: Loaders;
  /** Absolute base URL of this server as the caller reached it, for image and download links. */
  baseUrl: string;
}
