import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { type AppConfig, isLoopbackHost } from '../config.js';
import { createAuditRepository } from './audit.repository.js';
import { createKeyRepository } from './keys.repository.js';
import { createRateLimiter } from './rate-limiter.js';
import type { Principal } from './roles.js';
import { createUrlSigner, type UrlSigner } from './url-signer.js';

/** Who calls one request, and whether this server checks callers at all right now. */
export interface Access {
  /** The caller's key; anonymous admin when access control is off; null when a key is required and none was valid. */
  principal: Principal | null;
  /** Whether callers must present a key (false: open, every caller is anonymous admin). */
  enforced: boolean;
  /** The client's address (rate limits and the audit trail). */
  address: string | null;
}

export const ANONYMOUS: Principal = Object.freeze({ name: 'anonymous', role: 'admin', anonymous: true });

/**
 * Access control: keys, the audit trail, signed URLs and rate limits.
 *
 * AUTH=auto (default): on a loopback HOST the server is open while no key exists (the demo's
 * `npm start`) and checks keys once one does; on any other HOST it always checks keys and refuses
 * to start without one. AUTH=on always checks; AUTH=off never does (and says so at start).
 */
export function createAuthService(pool: pg.Pool, config: AppConfig) {
  const security = config.security;
  const keys = createKeyRepository(pool);
  const audit = createAuditRepository(pool);
  const rateLimiter = createRateLimiter(pool, security);
  const alwaysEnforced = security.auth === 'on' || (security.auth === 'auto' && !isLoopbackHost(config.server.host));
  let signer: UrlSigner | null = null;
  let keysSeen = false;

  async function signingSecret(): Promise<string> {
    if (security.urlSigningSecret) return security.urlSigningSecret;
    // Generated once per store and shared by every process on it, so a URL signed by one server
    // is honoured by the others and after a restart.
    await pool.query(
      `INSERT INTO auth_secrets (name, value) VALUES ('url-signing', $1) ON CONFLICT (name) DO NOTHING`,
      [randomBytes(32).toString('base64url')],
    );
    const { rows } = await pool.query(`SELECT value FROM auth_secrets WHERE name = 'url-signing'`);
    return rows[0].value as string;
  }

  return {
    keys,
    audit,
    rateLimiter,

    /**
     * At server start: stores ADMIN_TOKEN (hashed) as an admin key, loads the signing secret,
     * and refuses to start open on a non-loopback address.
     */
    async prepare(log: (msg: string) => void): Promise<void> {
      if (security.adminToken) {
        const outcome = await keys.ensure(security.adminTokenName, 'admin', security.adminToken);
        if (outcome !== 'unchanged') {
          await audit.record([
            {
              actor: 'ADMIN_TOKEN',
              role: 'admin',
              operation: outcome === 'created' ? 'createApiKey' : 'replaceApiKey',
              arguments: { name: security.adminTokenName, role: 'admin' },
              address: null,
            },
          ]);
        }
      }
      signer = createUrlSigner({
        secret: await signingSecret(),
        ttlSeconds: security.signedUrlTtlSeconds,
        base: security.publicUrl ?? '',
      });
      const host = config.server.host;
      if (security.auth === 'off') {
        log(
          `WARNING: AUTH=off: anyone who can reach ${host}:${config.server.port} can read, write and register models, with no key.`,
        );
        return;
      }
      if (alwaysEnforced && !(await keys.anyActive())) {
        if (!isLoopbackHost(host)) {
          throw new Error(
            `Refusing to start on HOST=${host} without an API key: anyone on the network could read and write everything. ` +
              `Create one (npx distmetrics keys create --name admin --role admin), or set ADMIN_TOKEN to a secret of 32+ characters ` +
              `(stored hashed as an admin key), or set AUTH=off to serve without keys on purpose.`,
          );
        }
        log(
          'AUTH=on and no API key exists: every request is refused until one is created (npx distmetrics keys create).',
        );
      }
    },

    /** Signed download URLs; available once prepare() ran. */
    signer(): UrlSigner {
      if (!signer) throw new Error('The auth service is not prepared (call prepare() at start)');
      return signer;
    },

    /** Who calls, from the bearer token (null when absent), in at most one query. */
    async identify(token: string | null, address: string | null): Promise<Access> {
      if (security.auth === 'off') {
        const known = token === null ? null : (await keys.lookup(token)).principal;
        return { principal: known ?? ANONYMOUS, enforced: false, address };
      }
      if ((alwaysEnforced || keysSeen) && token === null) return { principal: null, enforced: true, address };
      const found = await keys.lookup(token);
      // Once a key has existed, this process keeps requiring keys (revoking every key does not
      // reopen it until a restart): failing closed, and no key-count query per request after.
      if (found.anyActiveKey) keysSeen = true;
      const enforced = alwaysEnforced || keysSeen;
      return { principal: found.principal ?? (enforced ? null : ANONYMOUS), enforced, address };
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
