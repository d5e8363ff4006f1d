import fs from 'node:fs';
import path from 'node:path';
import { buildASTSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as queries from '../../../web/dashboard/queries.js';
import { REPO_ROOT } from '../../helpers/paths.js';

/** The dashboard's operations against schema.graphql: a renamed field breaks this, not the page. */
describe('dashboard queries', () => {
  const schema = buildASTSchema(parse(fs.readFileSync(path.join(REPO_ROOT, 'schema.graphql'), 'utf8')));
  const operations = Object.entries(queries as Record<string, unknown>).filter(
    (e): e is [string, string] => typeof e[1] === 'string' && /^\s*query\b/.test(e[1]),
  );

  it('has operations', () => expect(operations.length).toBeGreaterThan(10));

  for (const [name, document] of operations) {
    it(`${name} is valid against the schema`, () => {
      expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
    });
  }
});
