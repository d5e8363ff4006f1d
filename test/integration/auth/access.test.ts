import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashToken } from '../../../src/auth/tokens.js';
import { createUrlSigner } from '../../../src/auth/url-signer.js';
import { type RunningServer, startServer } from '../../../src/server.js';
import { forEachStore } from '../../helpers/stores.js';
import {
  ADD_IMAGE,
  call,
  crackModelInput,
  getWithHost,
  pngBase64,
  REGISTER_MODEL,
  tableCounts,
} from './auth-fixtures.js';

const SECRET = 'test-signing-secret-0123456789abcdef';
const AUDIT = `{ auditLog(first: 10) { totalCount edges { node { actor role operation arguments address } } } }`;

forEachStore('API keys, roles, signed URLs and the audit trail', (store) => {
  let server: RunningServer;
  const tokens: Record<'reader' | 'writer' | 'admin', string> = { reader: '', writer: '', admin: '' };
  let imageUrl = '';
  let imageId = '';
  const abs = (u: string) => new URL(u, server.url).toString();

  beforeAll(async () => {
    server = await startServer(store().config({ URL_SIGNING_SECRET: SECRET }), () => {});
  }, 120_000);
  afterAll(() => server?.close());

  it('is open on a loopback HOST while no key exists, with relative signed URLs in answers', async () => {
    const added = await call(server.url, ADD_IMAGE, {
      input: { dataset: 'open', fileName: 'a.png', imageBase64: await pngBase64() },
    });
    expect(added.status).toBe(200);
    expect(added.body.errors).toBeUndefined();
    const image = added.body.data.addImage.image;
    imageId = image.id;
    imageUrl = image.url;
    // relative (never from the Host header), signed
    expect(image.url).toMatch(new RegExp(`^/images/${image.id}\\?exp=\\d+&sig=[\\w-]+$`));
    expect(image.thumbnailUrl).toMatch(new RegExp(`^/images/${image.id}/thumbnail\\?exp=\\d+&sig=`));
    expect((await fetch(abs(image.url))).status).toBe(200);
    // open: the bare id works too, as before keys existed
    expect((await fetch(`${server.url}/images/${image.id}`)).status).toBe(200);
    // the write is audited as anonymous, without the payload
    const { rows } = await server.services.store.pool.query(
      `SELECT actor, operation, arguments FROM audit_log ORDER BY id`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'anonymous', operation: 'addImage' });
    expect(rows[0].arguments.input.fileName).toBe('a.png');
    expect(rows[0].arguments.input.imageBase64).toMatch(/^<\d+ chars omitted>$/);
  });

  it('creates a key per role while the server runs, storing only its hash (the CLI path: test/system/keys-cli.test.ts)', async () => {
    for (const role of ['reader', 'writer', 'admin'] as const) {
      const { token } = await server.services.auth.keys.create(`k-${role}`, role);
      tokens[role] = token;
      expect(token).toMatch(/^dm_[\w-]{43}$/);
    }
    const { rows } = await server.services.store.pool.query(
      `SELECT name, role, token_hash, row_to_json(k)::text AS row FROM api_keys k ORDER BY id`,
    );
    expect(rows.map((r) => [r.name, r.role])).toEqual([
      ['k-reader', 'reader'],
      ['k-writer', 'writer'],
      ['k-admin', 'admin'],
    ]);
    for (const [i, role] of (['reader', 'writer', 'admin'] as const).entries()) {
      expect(rows[i].token_hash).toBe(hashToken(tokens[role]));
      expect(rows[i].row).not.toContain(tokens[role]);
    }
    await expect(server.services.auth.keys.create('k-reader', 'reader')).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
    });
    await expect(server.services.auth.keys.create('x', 'root')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('refuses a caller without a key: 401 on a query and on a bare image URL, nothing written', async () => {
    const before = await tableCounts(server);
    const q = await call(server.url, '{ datasets { name } }');
    expect(q.status).toBe(401);
    expect(q.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(q.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const add = await call(server.url, ADD_IMAGE, {
      input: { dataset: 'open', fileName: 'b.png', imageBase64: await pngBase64(8, 8, 3) },
    });
    expect(add.status).toBe(401);
    const bare = await fetch(`${server.url}/images/${imageId}`);
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const unknown = await call(server.url, '{ datasets { name } }', {}, 'dm_not-a-key');
    expect(unknown.status).toBe(401);
    expect(unknown.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await tableCounts(server)).toEqual(before);
  });

  it('lets a reader query and download, and refuses its writes with 403, nothing written', async () => {
    const q = await call(server.url, '{ datasets { name imageCount } }', {}, tokens.reader);
    expect(q.status).toBe(200);
    expect(q.body.data.datasets).toEqual([{ name: 'open', imageCount: 1 }]);
    const bare = await fetch(`${server.url}/images/${imageId}`, {
      headers: { authorization: `Bearer ${tokens.reader}` },
    });
    expect(bare.status).toBe(200);
    const before = await tableCounts(server);
    const add = await call(
      server.url,
      ADD_IMAGE,
      { input: { dataset: 'open', fileName: 'c.png', imageBase64: await pngBase64(8, 8, 9) } },
      tokens.reader,
    );
    expect(add.status).toBe(403);
    expect(add.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'writer' });
    expect(add.body.data).toBeUndefined();
    // a mutation hidden in a fragment is found too
    const viaFragment = await call(
      server.url,
      `mutation M($input: AddImageInput!) { ...F } fragment F on Mutation { addImage(input: $input) { created } }`,
      { input: { dataset: 'open', fileName: 'd.png', imageBase64: await pngBase64(8, 8, 10) } },
      tokens.reader,
    );
    expect(viaFragment.status).toBe(403);
    const audit = await call(server.url, AUDIT, {}, tokens.reader);
    expect(audit.status).toBe(403);
    expect(audit.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'admin' });
    expect(await tableCounts(server)).toEqual(before);
  });

  it('lets a writer add images but not register models', async () => {
    const add = await call(
      server.url,
      ADD_IMAGE,
      { input: { dataset: 'open', fileName: 'w.png', imageBase64: await pngBase64(8, 8, 200) } },
      tokens.writer,
    );
    expect(add.status).toBe(200);
    expect(add.body.data.addImage.created).toBe(true);
    const before = await tableCounts(server);
    const reg = await call(server.url, REGISTER_MODEL, { input: crackModelInput('crack-w') }, tokens.writer);
    expect(reg.status).toBe(403);
    expect(reg.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const key = await call(
      server.url,
      `mutation { createApiKey(name: "sneaky", role: ADMIN) { token } }`,
      {},
      tokens.writer,
    );
    expect(key.status).toBe(403);
    expect(await tableCounts(server)).toEqual(before);
  });

  it('lets an admin register a model, manage keys and read the audit trail', async () => {
    const reg = await call(server.url, REGISTER_MODEL, { input: crackModelInput('crack-a') }, tokens.admin);
    expect(reg.body.errors).toBeUndefined();
    expect(reg.body.data.registerModel).toMatchObject({ name: 'crack-a', version: 1, dimension: 28 });
    const created = await call(
      server.url,
      `mutation { createApiKey(name: "gql-reader", role: READER) { key { name role revokedAt } token } }`,
      {},
      tokens.admin,
    );
    expect(created.body.data.createApiKey.key).toEqual({ name: 'gql-reader', role: 'READER', revokedAt: null });
    const gqlReader = created.body.data.createApiKey.token as string;
    expect((await call(server.url, '{ datasets { name } }', {}, gqlReader)).status).toBe(200);
    const audit = await call(server.url, AUDIT, {}, tokens.admin);
    expect(audit.status).toBe(200);
    const nodes = audit.body.data.auditLog.edges.map((e: any) => e.node);
    expect(nodes.slice(0, 3).map((n: any) => [n.actor, n.role, n.operation])).toEqual([
      ['k-admin', 'ADMIN', 'createApiKey'],
      ['k-admin', 'ADMIN', 'registerModel'],
      ['k-writer', 'WRITER', 'addImage'],
    ]);
    const regArgs = JSON.parse(nodes[1].arguments);
    expect(regArgs.input.name).toBe('crack-a');
    expect(regArgs.input.onnxBase64).toMatch(/omitted/);
    expect(nodes[0].arguments).not.toContain(gqlReader);
    expect(nodes[0].address).toMatch(/127\.0\.0\.1/);
    expect(audit.body.data.auditLog.totalCount).toBe(4); // the writes above; refusals write nothing
    const page2 = await call(
      server.url,
      `{ auditLog(first: 2) { pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
      {},
      tokens.admin,
    );
    const next = await call(
      server.url,
      `query($after: String) { auditLog(first: 2, after: $after) { edges { node { id } } } }`,
      { after: page2.body.data.auditLog.pageInfo.endCursor },
      tokens.admin,
    );
    const ids = [...page2.body.data.auditLog.edges, ...next.body.data.auditLog.edges].map((e: any) =>
      Number(e.node.id),
    );
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(4);
  });

  it('serves signed URLs without a header and refuses tampered or expired ones with 403', async () => {
    const ok = await fetch(abs(imageUrl));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/png');
    const fresh = await call(server.url, `{ image(id: "${imageId}") { url thumbnailUrl } }`, {}, tokens.reader);
    expect((await fetch(abs(fresh.body.data.image.thumbnailUrl))).status).toBe(200);
    const other = Number(imageId) + 1;
    const tampered = [
      imageUrl.replace(`/images/${imageId}?`, `/images/${other}?`), // another image, same signature
      imageUrl.replace(/sig=([\w-])/, (_m, c) => `sig=${c === 'A' ? 'B' : 'A'}`),
      imageUrl.replace(/exp=(\d+)/, (_m, e) => `exp=${Number(e) + 3600}`), // a later expiry
      imageUrl.replace(`/images/${imageId}?`, `/images/${imageId}/mask?`),
    ];
    for (const u of tampered) {
      const res = await fetch(abs(u));
      expect(res.status, u).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'FORBIDDEN', message: 'Invalid URL signature' } });
    }
    const past = createUrlSigner({ secret: SECRET, ttlSeconds: 60, base: '', now: () => Date.now() - 3_600_000 });
    const expired = await fetch(abs(past.url(`/images/${imageId}`)));
    expect(expired.status).toBe(403);
    expect(await expired.json()).toMatchObject({ error: { code: 'FORBIDDEN', message: /expired/ } });
    const future = createUrlSigner({ secret: 'another-secret-of-sufficient-length!', ttlSeconds: 60, base: '' });
    expect((await fetch(abs(future.url(`/images/${imageId}`)))).status).toBe(403);
  });

  it('refuses a revoked key at once', async () => {
    await server.services.auth.keys.revoke('k-reader');
    const q = await call(server.url, '{ datasets { name } }', {}, tokens.reader);
    expect(q.status).toBe(401);
    await expect(server.services.auth.keys.revoke('k-reader')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a Host header it does not answer to (DNS rebinding) with a JSON 421', async () => {
    const evil = await getWithHost(server.port, `/images/${imageId}`, `evil.example:${server.port}`);
    expect(evil.status).toBe(421);
    expect(JSON.parse(evil.body)).toMatchObject({ error: { code: 'HOST_NOT_ALLOWED' } });
    const page = await getWithHost(server.port, '/', 'evil.example');
    expect(page.status).toBe(421);
    expect((await getWithHost(server.port, '/health', 'evil.example')).status).toBe(200);
    expect((await getWithHost(server.port, '/health', `localhost:${server.port}`)).status).toBe(200);
  });
});
