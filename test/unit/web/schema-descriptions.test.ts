import fs from 'node:fs';
import path from 'node:path';
import {
  buildASTSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isSpecifiedDirective,
  isSpecifiedScalarType,
  parse,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/paths.js';

/**
 * The explorer (/explorer) documents the API from the schema's descriptions: every type, field,
 * argument, input field, enum value and directive of schema.graphql has one.
 */
describe('schema.graphql', () => {
  it('describes every type, field, argument and enum value', () => {
    const schema = buildASTSchema(parse(fs.readFileSync(path.join(REPO_ROOT, 'schema.graphql'), 'utf8')));
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : [])
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name}:)`);
        }
      }
      if (isEnumType(type))
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
    for (const directive of schema.getDirectives()) {
      if (isSpecifiedDirective(directive)) continue;
      if (!directive.description) missing.push(`@${directive.name}`);
      for (const arg of directive.args) if (!arg.description) missing.push(`@${directive.name}(${arg.name}:)`);
    }
    expect(missing, 'add a "description" above each of these in schema.graphql').toEqual([]);
  });
});
