import type { Role } from '../../auth/index.js';
import type { Resolvers } from '../__generated__/resolvers-types.js';

// Access control: keys and the audit trail (who may call these: src/auth/roles.ts).

const toRole = (r: 'READER' | 'WRITER' | 'ADMIN') => r.toLowerCase() as Role;
const fromRole = (r: string) => r.toUpperCase() as 'READER' | 'WRITER' | 'ADMIN';

export const securityResolvers: Resolvers = {
  Query: {
    apiKeys: (_p, _a, { services }) => services.auth.keys.list(),
    auditLog: (_p, { first, after }, { services }) =>
      services.auth.audit.page(first, after, services.config.limits.maxPage),
  },
  Mutation: {
    createApiKey: (_p, { name, role }, { services }) => services.auth.keys.create(name, toRole(role)),
    revokeApiKey: (_p, { name }, { services }) => services.auth.keys.revoke(name),
  },
  ApiKey: {
    id: (k) => String(k.id),
    role: (k) => fromRole(k.role),
  },
  AuditEntry: {
    id: (e) => String(e.id),
    role: (e) => (e.role ? fromRole(e.role) : null),
    arguments: (e) => JSON.stringify(e.arguments),
  },
};
