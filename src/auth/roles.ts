/** What a key may do. Each role includes everything the roles before it may do. */
export const ROLES = ['reader', 'writer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { reader: 1, writer: 2, admin: 3 };

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function roleAllows(have: Role, need: Role): boolean {
  return RANK[have] >= RANK[need];
}

/** Who is calling: a key, or anonymous (only when access control is off). */
export interface Principal {
  /** The key's name, or 'anonymous'. */
  readonly name: string;
  readonly role: Role;
  readonly anonymous: boolean;
}

/**
 * The access policy, in one place: the role each GraphQL field needs, by `Type.field`.
 * A field not listed needs `reader`, except root mutation fields, which need `admin` unless
 * listed: a new mutation is closed until someone decides who may call it.
 */
export const FIELD_ROLES: Readonly<Record<string, Role>> = {
  'Mutation.importFolder': 'writer',
  'Mutation.addImage': 'writer',
  'Mutation.importEmbeddings': 'writer',
  'Mutation.importPredictions': 'writer',
  'Mutation.extractEmbeddings': 'writer',
  'Mutation.computeDistances': 'writer',
  'Mutation.registerModel': 'admin',
  'Mutation.registerExternalModel': 'admin',
  'Mutation.createApiKey': 'admin',
  'Mutation.revokeApiKey': 'admin',
  'Query.apiKeys': 'admin',
  'Query.auditLog': 'admin',
};

export function requiredRole(typeName: string, fieldName: string, isMutationRoot: boolean): Role {
  return FIELD_ROLES[`${typeName}.${fieldName}`] ?? (isMutationRoot ? 'admin' : 'reader');
}
