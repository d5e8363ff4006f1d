// The public surface of auth/ for the layers above the features: the service, the per-request
// access record, roles, URL signing, and the rows the API shows.
export { createAuthService, ANONYMOUS } from './auth.service.js';
export type { Access, AuthService } from './auth.service.js';
export type { Role, Principal } from './roles.js';
export type { UrlSigner } from './url-signer.js';
export type { ApiKeyRow } from './keys.repository.js';
export type { AuditRow } from './audit.repository.js';
export { summariseArguments } from './argument-summary.js';
export { requiredRole, roleAllows } from './roles.js';
