import { equalStrings, hmacBase64url } from './tokens.js';

export type SignatureCheck = 'valid' | 'unsigned' | 'invalid' | 'expired';

/**
 * Short-lived signed URLs for byte downloads (images, masks, .npy, CSV), so `<img src>` and
 * plain links work without an Authorization header while an id alone reads nothing.
 *
 * The signature is HMAC-SHA256 over the path and query (the expiry included) as URLSearchParams
 * serialises them, so signer and verifier agree on one canonical form. Expiries are rounded up
 * to a quarter of the lifetime: the same image keeps the same URL for a while, so browsers can
 * cache it, and every URL lives between ttl and 1.25 ttl.
 */
export interface UrlSigner {
  /** `path` (starting with /) with `params`, signed; prefixed with the public origin or left relative. */
  url(path: string, params?: Record<string, string | number> | URLSearchParams): string;
  /** Checks a request's URL (path and query, as received). */
  check(originalUrl: string): SignatureCheck;
}

export function createUrlSigner(options: {
  secret: string;
  ttlSeconds: number;
  /** Origin (and path prefix) that URLs start with; '' for relative URLs. */
  base: string;
  now?: () => number;
}): UrlSigner {
  const { secret, ttlSeconds, base } = options;
  const now = options.now ?? Date.now;
  const bucket = Math.max(1, Math.floor(ttlSeconds / 4));
  return {
    url(path, params = {}) {
      const query = new URLSearchParams(params instanceof URLSearchParams ? params : stringify(params));
      query.delete('exp');
      query.delete('sig');
      query.set('exp', String(Math.ceil((now() / 1000 + ttlSeconds) / bucket) * bucket));
      const unsigned = `${path}?${query}`;
      return `${base}${unsigned}&sig=${hmacBase64url(secret, unsigned)}`;
    },
    check(originalUrl) {
      const u = new URL(originalUrl, 'http://localhost');
      const sig = u.searchParams.get('sig');
      if (sig === null) return u.searchParams.has('exp') ? 'invalid' : 'unsigned';
      u.searchParams.delete('sig');
      if (!equalStrings(sig, hmacBase64url(secret, `${u.pathname}?${u.searchParams}`))) return 'invalid';
      const exp = Number(u.searchParams.get('exp'));
      return Number.isFinite(exp) && exp * 1000 > now() ? 'valid' : 'expired';
    },
  };
}

function stringify(params: Record<string, string | number>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
}
