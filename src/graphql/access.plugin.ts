import type { ApolloServerPlugin } from '@apollo/server';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getArgumentValues,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { ErrorCode } from '../errors.js';
import type { GraphQLContext } from './context.js';
import { type Principal, type Role, requiredRole, roleAllows, summariseArguments } from '../auth/index.js';

/** The fragments an operation uses, transitively: only what will run is checked. */
function usedFragments(document: DocumentNode, operation: OperationDefinitionNode): FragmentDefinitionNode[] {
  const byName = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) byName.set(d.name.value, d);
  const used = new Map<string, FragmentDefinitionNode>();
  const walk = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const f = byName.get(spread.name.value);
        if (f && !used.has(f.name.value)) {
          used.set(f.name.value, f);
          walk(f);
        }
      },
    });
  walk(operation);
  return [...used.values()];
}

/** The strictest role any field of the operation needs, with the field that needs it. */
export function operationRole(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): { role: Role; field: string } {
  const mutationType = schema.getMutationType();
  let strictest: { role: Role; field: string } = { role: 'reader', field: '' };
  for (const node of [operation, ...usedFragments(document, operation)]) {
    const typeInfo = new TypeInfo(schema);
    visit(
      node,
      visitWithTypeInfo(typeInfo, {
        Field(field) {
          const parent = typeInfo.getParentType();
          if (!parent) return;
          const role = requiredRole(parent.name, field.name.value, parent === mutationType);
          if (!roleAllows(strictest.role, role)) strictest = { role, field: `${parent.name}.${field.name.value}` };
        },
      }),
    );
  }
  return strictest;
}

function refusal(principal: Principal | null, need: { role: Role; field: string }): GraphQLError | null {
  if (!principal)
    return new GraphQLError('An API key is required: send Authorization: Bearer <token>', {
      extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
    });
  if (!roleAllows(principal.role, need.role))
    return new GraphQLError(
      `${need.field} needs the ${need.role} role; the key "${principal.name}" is a ${principal.role}`,
      { extensions: { code: ErrorCode.FORBIDDEN, field: need.field, requiredRole: need.role, http: { status: 403 } } },
    );
  return null;
}

/** Root mutation fields as they ran: response key, field node (fragments on Mutation flattened). */
function rootFields(document: DocumentNode, selectionSet: SelectionSetNode, out: FieldNode[] = []): FieldNode[] {
  for (const s of selectionSet.selections) {
    if (s.kind === Kind.FIELD) out.push(s);
    else if (s.kind === Kind.INLINE_FRAGMENT) rootFields(document, s.selectionSet, out);
    else {
      const f = document.definitions.find(
        (d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === s.name.value,
      );
      if (f) rootFields(document, f.selectionSet, out);
    }
  }
  return out;
}

/**
 * Access control for GraphQL, in one place: before any resolver runs, the operation's fields
 * are checked against FIELD_ROLES (src/auth/roles.ts) and refused whole, with HTTP 401 or 403,
 * when the caller's key does not allow one of them; nothing runs, so nothing is written.
 * After a mutation, each root field that succeeded is written to the audit trail.
 */
export function accessPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, contextValue }) {
          if (!operation) return; // Apollo answers a missing operation itself
          const error = refusal(contextValue.access.principal, operationRole(schema, document, operation));
          if (error) throw error;
        },
        async willSendResponse({ schema, document, operation, request, response, contextValue }) {
          if (!document || operation?.operation !== 'mutation' || response.body.kind !== 'single') return;
          const mutationType = schema.getMutationType();
          if (!mutationType) return;
          const { data, errors } = response.body.singleResult;
          const failed = new Set((errors ?? []).map((e) => e.path?.[0]).filter((k) => k !== undefined));
          const { principal, address } = contextValue.access;
          const entries = [];
          for (const field of rootFields(document, operation.selectionSet)) {
            const key = field.alias?.value ?? field.name.value;
            const def = mutationType.getFields()[field.name.value];
            if (!def || failed.has(key) || data?.[key] === undefined || data?.[key] === null) continue;
            let args: Record<string, unknown>;
            try {
              args = getArgumentValues(def, field, request.variables ?? {});
            } catch {
              args = {};
            }
            entries.push({
              actor: principal?.name ?? 'anonymous',
              role: principal && !principal.anonymous ? principal.role : null,
              operation: field.name.value,
              arguments: summariseArguments(args) as Record<string, unknown>,
              address,
            });
          }
          try {
            await contextValue.services.auth.audit.record(entries);
          } catch (e) {
            console.error('[audit] could not record writes:', e);
          }
        },
      };
    },
  };
}
