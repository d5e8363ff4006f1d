import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../src/auth/rate-limiter.js';
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

// Servers here bind 0.0.0.0 as the Dockerfile does, but every request goes to 127.0.0.1.
const ADMIN_TOKEN = 'bootstrap-admin-token-0123456789abcdefghij';
const SECRET = 'network-test-signing-secret-0123456789';
const PUBLIC = 'https://metrics.example.com';

forEachStore('a server on a non-loopback address', (store, kind) => {
  it('refuses to start without a key, saying how to create one, and leaves the store usable', async () => {
    const logs: string[] = [];
    await expect(startServer(store().config({ HOST: '0.0.0.0' }), (m) => logs.push(m))).rejects.toThrow(
      /Refusing to start on HOST=0\.0\.0\.0 without an API key.*keys create.*ADMIN_TOKEN.*AUTH=off/s,
    );
    // AUTH=off is explicit and says so at start (bound to loopback here: no need to expose it)
    const open = await startServer(store().config({ AUTH: 'off' }), (m) => logs.push(m));
    try {
      expect(logs.join('\n')).toMatch(/WARNING: AUTH=off/);
      expect((await call(open.url, '{ datasets { name } }')).status).toBe(200);
    } finally {
      await open.close();
    }
  });

  describe('with ADMIN_TOKEN', () => {
    let server: RunningServer;
    const tokens = { reader: '', writer: '' };
    beforeAll(async () => {
      server = await startServer(
        store().config({
          HOST: '0.0.0.0',
          ADMIN_TOKEN,
          URL_SIGNING_SECRET: SECRET,
          RATE_LIMIT_POINTS: '0',
          PUBLIC_URL: PUBLIC,
        }),
        () => {},
      );
    }, 120_000);
    afterAll(() => server?.close());

    it('stores the bootstrap token hashed as an admin key, once', async () => {
      const { rows } = await server.services.store.pool.query(
        `SELECT name, role, token_hash FROM api_keys WHERE revoked_at IS NULL`,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ name: 'admin', role: 'admin' });
      expect(rows[0].token_hash).not.toContain(ADMIN_TOKEN);
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    });

    it('answers 401 without a token, on a query and on an image URL', async () => {
      const q = await call(server.url, '{ datasets { name } }');
      expect(q.status).toBe(401);
      expect(q.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      const img = await fetch(`${server.url}/images/1`);
      expect(img.status).toBe(401);
      expect((await fetch(`${server.url}/analytics/fits/1/projections.npy`)).status).toBe(401);
      expect((await fetch(`${server.url}/performance/label-candidates.csv?model=m&primary=p&secondary=s`)).status).toBe(
        401,
      );
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    });

    it('gives each role what it may do: reader 403 on addImage, writer adds, admin registers a model', async () => {
      for (const role of ['reader', 'writer'] as const) {
        const created = await call(
          server.url,
          `mutation($name: String!, $role: ApiKeyRole!) { createApiKey(name: $name, role: $role) { token } }`,
          { name: `net-${role}`, role: role.toUpperCase() },
          ADMIN_TOKEN,
        );
        expect(created.status).toBe(200);
        tokens[role] = created.body.data.createApiKey.token;
      }
      const input = { dataset: 'net', fileName: 'n.png', imageBase64: await pngBase64(16, 16, 77) };
      const before = await tableCounts(server);
      const refused = await call(server.url, ADD_IMAGE, { input }, tokens.reader);
      expect(refused.status).toBe(403);
      expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(await tableCounts(server)).toEqual(before);
      const added = await call(server.url, ADD_IMAGE, { input }, tokens.writer);
      expect(added.status).toBe(200);
      expect(added.body.data.addImage.created).toBe(true);
      const image = added.body.data.addImage.image;

      const registered = await call(server.url, REGISTER_MODEL, { input: crackModelInput('net-crack') }, ADMIN_TOKEN);
      expect(registered.body.errors).toBeUndefined();
      expect(registered.body.data.registerModel.name).toBe('net-crack');

      // URLs start with PUBLIC_URL, never with the Host the request used; fetched here from 127.0.0.1
      expect(image.url).toMatch(new RegExp(`^${PUBLIC}/images/${image.id}\\?exp=\\d+&sig=`));
      const local = (u: string) => `${server.url}${u.slice(PUBLIC.length)}`;
      expect((await getWithHost(server.port, '/', 'metrics.example.com')).status).toBe(200);
      expect((await getWithHost(server.port, '/', `evil.example:${server.port}`)).status).toBe(421);
      // signed URLs work without a header; a tampered or expired one gets 403
      const signed = await fetch(local(image.url));
      expect(signed.status).toBe(200);
      expect(signed.headers.get('content-type')).toBe('image/png');
      const forged = image.url.replace(/sig=(.)/, (_m: string, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`);
      expect((await fetch(local(forged))).status).toBe(403);
      const past = createUrlSigner({ secret: SECRET, ttlSeconds: 30, base: '', now: () => Date.now() - 600_000 });
      const expired = await fetch(new URL(past.url(`/images/${image.id}`), server.url));
      expect(expired.status).toBe(403);
      expect((await expired.json()).error.code).toBe('FORBIDDEN');
    });

    it('keeps the bootstrap key as it is when restarted with the same token', async () => {
      await server.close();
      server = await startServer(
        store().config({ HOST: '0.0.0.0', ADMIN_TOKEN, URL_SIGNING_SECRET: SECRET, RATE_LIMIT_POINTS: '0' }),
        () => {},
      );
      const { rows } = await server.services.store.pool.query(
        `SELECT count(*)::int AS n FROM api_keys WHERE name = 'admin'`,
      );
      expect(rows[0].n).toBe(1);
      expect((await call(server.url, '{ apiKeys { name } }', {}, ADMIN_TOKEN)).status).toBe(200);
    }, 120_000);
  });

  describe('rate limits', () => {
    let server: RunningServer;
    let second: RunningServer | null = null;
    const config = () =>
      store().config({ ADMIN_TOKEN, RATE_LIMIT_POINTS: '3', RATE_LIMIT_DURATION_S: '120', AUTH: 'on' });
    beforeAll(async () => {
      server = await startServer(config(), () => {});
      // budgets spent by the servers above on this store (same address) start afresh here
      await server.services.store.pool.query('DELETE FROM rate_limits');
    }, 120_000);
    afterAll(async () => {
      await second?.close();
      await server?.close();
    });

    it('answers 429 with Retry-After past a key budget, counted in the store', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(server.url, '{ health { ok } }', {}, ADMIN_TOKEN)).status);
      expect(statuses).toEqual([200, 200, 200]);
      const limited = await call(server.url, '{ health { ok } }', {}, ADMIN_TOKEN);
      expect(limited.status).toBe(429);
      expect(limited.body.errors[0].extensions.code).toBe('RATE_LIMITED');
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(120);
      const before = await tableCounts(server);
      const write = await call(
        server.url,
        ADD_IMAGE,
        { input: { dataset: 'limited', fileName: 'l.png', imageBase64: await pngBase64(8, 8, 5) } },
        ADMIN_TOKEN,
      );
      expect(write.status).toBe(429);
      expect(write.body.errors[0].extensions.code).toBe('RATE_LIMITED');
      expect(await tableCounts(server)).toEqual(before);
      const image = await fetch(`${server.url}/images/1`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(image.status).toBe(429);
      expect((await image.json()).error.code).toBe('RATE_LIMITED');
      // the budget lives in the store (RateLimiterPostgres), on the embedded store too
      const { rows } = await server.services.store.pool.query(`SELECT key, points FROM rate_limits`);
      expect(rows).toContainEqual({ key: `api:token:${hashToken(ADMIN_TOKEN).slice(0, 32)}`, points: 6 });
      // anonymous callers have a budget per address, apart from the keys'
      const anonymous = await call(server.url, '{ health { ok } }');
      expect(anonymous.status).toBe(401);
      // a made-up token counts against the address and leaves no budget row of its own
      for (let i = 0; i < 2; i++)
        expect((await call(server.url, '{ health { ok } }', {}, `dm_made-up-${i}`)).status).toBe(401);
      const limitedAnonymous = await call(server.url, '{ health { ok } }', {}, 'dm_made-up-3');
      expect(limitedAnonymous.status).toBe(429);
      // (made-up tokens' budgets are dropped without waiting: poll briefly)
      let after: { key: string; points: number }[] = [];
      for (let i = 0; i < 50; i++) {
        after = (await server.services.store.pool.query(`SELECT key, points FROM rate_limits ORDER BY key`)).rows;
        if (after.filter((r) => r.key.startsWith('api:token:')).length === 1) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(after.filter((r) => r.key.startsWith('api:token:'))).toHaveLength(1);
      expect(after.filter((r) => r.key.startsWith('api:ip:')).map((r) => r.points)).toEqual([4]);
      expect((await fetch(`${server.url}/health`)).status).toBe(200); // probes are never limited
    });

    it('counts every request exactly, though far from the limit points are written to the store in batches', async () => {
      const limiter = createRateLimiter(server.services.store.pool, {
        ...server.services.config.security,
        rateLimitPoints: 100,
      })!;
      let allowed = 0;
      for (let i = 0; i < 20; i++) if ((await limiter.consume('batch')).allowed) allowed++;
      expect(allowed).toBe(20);
      let points = 0;
      for (let i = 0; i < 50 && points !== 20; i++) {
        await new Promise((r) => setTimeout(r, 50));
        points = (await server.services.store.pool.query(`SELECT points FROM rate_limits WHERE key = 'api:batch'`))
          .rows[0]?.points;
      }
      expect(points).toBe(20);
      const decisions = [];
      for (let i = 0; i < 100; i++) decisions.push(await limiter.consume('batch'));
      expect(decisions.filter((d) => d.allowed)).toHaveLength(80);
      expect(decisions.at(-1)).toMatchObject({ allowed: false });
    });

    it.runIf(kind === 'postgres')('shares one budget between server processes on one database', async () => {
      second = await startServer(config(), () => {});
      const other = await call(second.url, '{ health { ok } }', {}, ADMIN_TOKEN);
      expect(other.status).toBe(429);
    });
  });
});
