import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../../src/server.js';
import { errorCode, gql } from '../../helpers/graphql.js';
import { useStore } from '../../helpers/stores.js';

// Query limits do not depend on the store; one store is enough here.
describe('query depth and cost limits', () => {
  const store = useStore('embedded');
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(store().config({ MAX_QUERY_COST: '2000', MAX_QUERY_DEPTH: '6' }), () => {});
  });
  afterAll(() => server?.close());

  it('refuses an operation whose estimated cost is over the limit before running it', async () => {
    const body = await gql(
      server.url,
      `{ datasets { images(first: 400) { edges { node { embeddings { vector } } } } } }`,
    );
    expect(errorCode(body)).toBe('LIMIT_EXCEEDED');
    expect(body.errors![0]!.message).toMatch(/Query cost \d+ exceeds the limit of 2000/);
    expect(body.data).toBeUndefined();
  });

  it('refuses an operation nested deeper than the limit', async () => {
    const body = await gql(
      server.url,
      `{ datasets { images(first: 1) { edges { node { dataset { images(first: 1) { edges { node { id } } } } } } } } }`,
    );
    expect(errorCode(body)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers a cheap, shallow query', async () => {
    const body = await gql(server.url, `{ health { ok store } datasets { name } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.health).toEqual({ ok: true, store: 'embedded' });
  });
});
