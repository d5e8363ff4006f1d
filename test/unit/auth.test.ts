import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { operationRole } from '../../src/graphql/access.plugin.js';
import { summariseArguments } from '../../src/auth/argument-summary.js';
import { FIELD_ROLES, requiredRole, roleAllows } from '../../src/auth/roles.js';
import { bearerToken, generateToken, hashToken } from '../../src/auth/tokens.js';
import { createUrlSigner } from '../../src/auth/url-signer.js';
import { isLoopbackHost, loadConfig } from '../../src/config.js';
import { buildSchema } from '../../src/graphql/apollo.js';

describe('signed URLs', () => {
  const at = (ms: number) => createUrlSigner({ secret: 's'.repeat(32), ttlSeconds: 400, base: '', now: () => ms });
  const t0 = 1_700_000_000_000;

  it('accepts its own URLs until they expire, between ttl and 1.25 ttl later', () => {
    const url = at(t0).url('/images/7');
    expect(url).toMatch(/^\/images\/7\?exp=\d+&sig=[\w-]{43}$/);
    const exp = Number(/exp=(\d+)/.exec(url)![1]);
    expect(exp * 1000 - t0).toBeGreaterThanOrEqual(400_000);
    expect(exp * 1000 - t0).toBeLessThanOrEqual(500_000);
    expect(at(t0).check(url)).toBe('valid');
    expect(at(exp * 1000 - 1).check(url)).toBe('valid');
    expect(at(exp * 1000).check(url)).toBe('expired');
  });

  it('gives the same URL within a quarter of the lifetime, so browsers can cache it', () => {
    const a = at(t0).url('/images/7');
    const sameBucket = Math.ceil((t0 / 1000 + 400) / 100) * 100 * 1000 - 400_000 - 1;
    expect(at(sameBucket).url('/images/7')).toBe(a);
  });

  it('refuses any change to path, query, expiry or signature, and another secret', () => {
    const signer = at(t0);
    const url = signer.url('/analytics/fits/3/idist.npy', { secondary: 5, reduce: 'sum' });
    expect(signer.check(url)).toBe('valid');
    for (const forged of [
      url.replace('/fits/3/', '/fits/4/'),
      url.replace('secondary=5', 'secondary=6'),
      url.replace('reduce=sum', 'reduce=mean'),
      url.replace(/exp=(\d+)/, (_m, e) => `exp=${Number(e) + 1}`),
      url.replace(/sig=./, (m) => (m.endsWith('A') ? 'sig=B' : 'sig=A')),
      url.replace(/&sig=.*/, ''),
      `${url}&secondary=9`,
    ])
      expect(signer.check(forged), forged).toBe('invalid');
    const other = createUrlSigner({ secret: 't'.repeat(32), ttlSeconds: 400, base: '', now: () => t0 });
    expect(other.check(url)).toBe('invalid');
    expect(signer.check('/images/7')).toBe('unsigned');
  });

  it('prefixes PUBLIC_URL and still checks the path the server sees', () => {
    const signer = createUrlSigner({ secret: 's'.repeat(32), ttlSeconds: 60, base: 'https://m.example.com/dm' });
    const url = signer.url('/images/1/mask');
    expect(url.startsWith('https://m.example.com/dm/images/1/mask?exp=')).toBe(true);
    expect(signer.check(url.slice('https://m.example.com/dm'.length))).toBe('valid');
  });
});

describe('tokens', () => {
  it('are 256 random bits with a prefix; only a SHA-256 is stored', () => {
    const a = generateToken();
    expect(a).toMatch(/^dm_[\w-]{43}$/);
    expect(generateToken()).not.toBe(a);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).not.toContain(a.slice(3));
  });
  it('are read from Authorization: Bearer only', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});

describe('roles', () => {
  const schema = buildSchema();
  const roleOf = (doc: string, name?: string) => {
    const document = parse(doc);
    const op = document.definitions.find(
      (d) => d.kind === 'OperationDefinition' && (!name || d.name?.value === name),
    ) as never;
    return operationRole(schema, document, op).role;
  };

  it('orders reader < writer < admin', () => {
    expect(roleAllows('admin', 'writer')).toBe(true);
    expect(roleAllows('writer', 'admin')).toBe(false);
    expect(roleAllows('reader', 'reader')).toBe(true);
  });

  it('lists every mutation of the schema, so none is admin-only by omission without a decision', () => {
    const mutations = Object.keys(schema.getMutationType()!.getFields()).sort();
    expect(mutations.filter((m) => !(`Mutation.${m}` in FIELD_ROLES))).toEqual([]);
    expect(requiredRole('Mutation', 'someNewMutation', true)).toBe('admin');
    expect(requiredRole('Query', 'datasets', false)).toBe('reader');
  });

  it('finds the strictest field of the operation that runs, through fragments, and only that operation', () => {
    expect(roleOf('{ datasets { name } }')).toBe('reader');
    expect(roleOf('mutation { addImage(input: { dataset: "d", fileName: "f", imageBase64: "" }) { created } }')).toBe(
      'writer',
    );
    expect(roleOf('query { ...F } fragment F on Query { auditLog { totalCount } }')).toBe('admin');
    const doc = 'query Q { datasets { name } } mutation M { revokeApiKey(name: "x") { name } }';
    expect(roleOf(doc, 'Q')).toBe('reader');
    expect(roleOf(doc, 'M')).toBe('admin');
  });
});

describe('audit argument summaries', () => {
  it('keep names and options, drop payloads and secrets, cut long values', () => {
    const s = summariseArguments({
      input: { dataset: 'd', fileName: 'a.png', imageBase64: 'x'.repeat(5000), maskBase64: null, token: 'dm_x' },
      names: Array.from({ length: 30 }, (_, i) => `n${i}`),
      folder: 'f'.repeat(300),
    }) as any;
    expect(s.input).toEqual({
      dataset: 'd',
      fileName: 'a.png',
      imageBase64: '<5000 chars omitted>',
      maskBase64: '<omitted>',
      token: '<4 chars omitted>',
    });
    expect(s.names).toHaveLength(21);
    expect(s.names.at(-1)).toBe('… (30 items)');
    expect(s.folder).toMatch(/… \(300 chars\)$/);
  });
});

describe('security configuration', () => {
  it('defaults to auto, relative URLs and a generous rate limit', () => {
    const c = loadConfig({});
    expect(c.security).toMatchObject({
      auth: 'auto',
      publicUrl: null,
      adminToken: null,
      adminTokenName: 'admin',
      rateLimitPoints: 1200,
      rateLimitDurationSeconds: 60,
      signedUrlTtlSeconds: 3600,
    });
  });
  it('validates every variable in one error', () => {
    const bad = () =>
      loadConfig({ AUTH: 'maybe', ADMIN_TOKEN: 'short', PUBLIC_URL: 'ftp://x', URL_SIGNING_SECRET: 'tiny' });
    for (const m of [/AUTH must be/, /ADMIN_TOKEN must be at least 32/, /PUBLIC_URL must be/, /URL_SIGNING_SECRET/])
      expect(bad).toThrow(m);
    expect(loadConfig({ PUBLIC_URL: 'https://m.example.com/dm/' }).security.publicUrl).toBe('https://m.example.com/dm');
  });
  it('knows loopback hosts', () => {
    for (const h of ['127.0.0.1', 'localhost', '::1', '127.1.2.3']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '192.168.1.2', 'example.com', '::']) expect(isLoopbackHost(h)).toBe(false);
  });
});
