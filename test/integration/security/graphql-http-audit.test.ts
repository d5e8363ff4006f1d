import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../../src/server.js';
import { useStore } from '../../helpers/stores.js';

/**
 * The audits that stay as warnings, each with the reason (the README lists them too). Keyed by
 * audit id, so a reworded audit does not pass unnoticed; anything else must pass.
 */
export const ACCEPTED_WARNINGS: Record<string, string> = {};

// The GraphQL over HTTP transport does not depend on the store; one store is enough.
describe('graphql-http audit suite against the running server', () => {
  const store = useStore('embedded');
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(store().config(), () => {});
  });
  afterAll(() => server?.close());

  it('passes every required audit; the remaining warnings are the listed ones', async () => {
    const results = await auditServer({ url: `${server.url}/graphql` });
    const failed = results.filter((r) => r.status === 'error');
    const warnings = results.filter((r) => r.status === 'warn' || r.status === 'notice');
    const describe = (r: (typeof results)[number]) => `${r.id} ${r.name}${'reason' in r ? `: ${r.reason}` : ''}`;
    console.log(`graphql-http audits: ${results.length} run, ${failed.length} failed, ${warnings.length} warnings`);
    for (const w of warnings) console.log(`  warn ${describe(w)}`);
    expect(failed.map(describe)).toEqual([]);
    expect(Object.fromEntries(warnings.map((w) => [w.id, w.name]))).toEqual(
      Object.fromEntries(Object.keys(ACCEPTED_WARNINGS).map((id) => [id, results.find((r) => r.id === id)?.name])),
    );
  }, 120_000);
});
