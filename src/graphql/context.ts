import type { Access } from '../auth/auth.service.js';
import type { UrlSigner } from '../auth/url-signer.js';
import type { Services } from '../services.js';
import type { Loaders } from './loaders.js';

export interface GraphQLContext {
  services: Services;
  loaders: Loaders;
  /** Who calls (key or anonymous) and whether keys are checked; the access plugin reads it. */
  access: Access;
  /**
   * Builds the signed image and download URLs of answers, from PUBLIC_URL or relative: never
   * from the request's Host header. Each route module exports the builder for its own URLs.
   */
  links: UrlSigner;
}
