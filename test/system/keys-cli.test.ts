import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashToken } from '../../src/auth/tokens.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { runCli } from '../helpers/cli.js';
import { forEachStore } from '../helpers/stores.js';
import { call } from '../integration/auth/auth-fixtures.js';

// `distmetrics keys` in a child process beside a running server: tokens printed once, only their
// hashes stored, and the server honouring a creation or a revocation at its next request.

forEachStore('keys from the CLI while the server runs', (store) => {
  let server: RunningServer;
  const tokens: Record<'reader' | 'admin', string> = { reader: '', admin: '' };

  beforeAll(async () => {
    server = await startServer(store().config(), () => {});
  }, 120_000);
  afterAll(() => server?.close());

  it('creates keys, prints each token once and stores only its hash; refuses a duplicate and an unknown role', async () => {
    for (const role of ['reader', 'admin'] as const) {
      const run = await runCli(['keys', 'create', '--name', `k-${role}`, '--role', role], store().env);
      expect(run.code, run.stderr).toBe(0);
      tokens[role] = run.stdout.trim();
      expect(tokens[role]).toMatch(/^dm_[\w-]{43}$/);
      expect(run.stderr).toMatch(/shown only now/);
    }
    const { rows } = await server.services.store.pool.query(
      `SELECT name, role, token_hash, row_to_json(k)::text AS row FROM api_keys k ORDER BY id`,
    );
    expect(rows.map((r) => [r.name, r.role, r.token_hash])).toEqual([
      ['k-reader', 'reader', hashToken(tokens.reader)],
      ['k-admin', 'admin', hashToken(tokens.admin)],
    ]);
    for (const [i, role] of (['reader', 'admin'] as const).entries()) expect(rows[i].row).not.toContain(tokens[role]);
    // the server, open while no key existed, now asks for one
    expect((await call(server.url, '{ datasets { name } }')).status).toBe(401);
    expect((await call(server.url, '{ datasets { name } }', {}, tokens.reader)).status).toBe(200);
    const dup = await runCli(['keys', 'create', '--name', 'k-reader', '--role', 'reader'], store().env);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/ALREADY_EXISTS/);
    const badRole = await runCli(['keys', 'create', '--name', 'x', '--role', 'root'], store().env);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toMatch(/BAD_USER_INPUT/);
    const list = await runCli(['keys', 'list'], store().env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/k-reader\s+reader .* active/);
    expect(list.stdout).not.toContain(tokens.reader);
  }, 120_000);

  it('revokes a key: refused at once, named in the audit trail as the CLI; a second revoke is NOT_FOUND', async () => {
    const run = await runCli(['keys', 'revoke', 'k-reader'], store().env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Revoked reader key "k-reader"/);
    expect((await call(server.url, '{ datasets { name } }', {}, tokens.reader)).status).toBe(401);
    const audit = await call(
      server.url,
      `{ auditLog(first: 10) { edges { node { actor operation } } } }`,
      {},
      tokens.admin,
    );
    expect(audit.body.data.auditLog.edges.map((e: any) => [e.node.actor, e.node.operation])).toEqual([
      ['cli', 'revokeApiKey'],
      ['cli', 'createApiKey'],
      ['cli', 'createApiKey'],
    ]);
    const again = await runCli(['keys', 'revoke', 'k-reader'], store().env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/NOT_FOUND/);
  }, 60_000);
});
