import type pg from 'pg';
import { AppError, ErrorCode } from '../errors.js';
import { isRole, type Principal, type Role } from './roles.js';
import { generateToken, hashToken } from './tokens.js';

export interface ApiKeyRow {
  id: number;
  name: string;
  role: Role;
  createdAt: Date;
  revokedAt: Date | null;
}

const KEY_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

function toRow(r: { id: number; name: string; role: string; created_at: Date; revoked_at: Date | null }): ApiKeyRow {
  return { id: r.id, name: r.name, role: r.role as Role, createdAt: r.created_at, revokedAt: r.revoked_at };
}

/** The caller of one request as the key table sees it, in one round trip. */
export interface TokenLookup {
  principal: Principal | null;
  /** Whether any key is active: on a loopback HOST in AUTH=auto mode, none means open. */
  anyActiveKey: boolean;
}

/** API keys: only token hashes are stored; the token is shown once, at creation. */
export function createKeyRepository(pool: pg.Pool) {
  const validate = (name: string, role: string) => {
    if (!KEY_NAME.test(name))
      throw new AppError(
        ErrorCode.INVALID_NAME,
        `Key name "${name}" must be a letter, then letters, digits, _ . - (at most 64)`,
        { name },
      );
    if (!isRole(role))
      throw new AppError(ErrorCode.BAD_USER_INPUT, `Role must be reader, writer or admin, got "${role}"`, { role });
  };

  return {
    /** Creates a key and returns its token, which is not stored and cannot be shown again. */
    async create(name: string, role: string): Promise<{ key: ApiKeyRow; token: string }> {
      validate(name, role);
      const token = generateToken();
      try {
        const { rows } = await pool.query(
          `INSERT INTO api_keys (name, role, token_hash) VALUES ($1, $2, $3)
           RETURNING id, name, role, created_at, revoked_at`,
          [name, role, hashToken(token)],
        );
        return { key: toRow(rows[0]), token };
      } catch (e) {
        if ((e as { code?: string }).code === '23505')
          throw new AppError(ErrorCode.ALREADY_EXISTS, `A key named "${name}" exists; revoke it first`, { name });
        throw e;
      }
    },

    /**
     * Makes `token` the active admin key `name` (the ADMIN_TOKEN bootstrap): idempotent at each
     * start, and a changed token replaces the previous one under that name.
     */
    async ensure(name: string, role: Role, token: string): Promise<'created' | 'unchanged' | 'replaced'> {
      validate(name, role);
      const hash = hashToken(token);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<{ token_hash: string; role: string }>(
          'SELECT token_hash, role FROM api_keys WHERE name = $1 AND revoked_at IS NULL FOR UPDATE',
          [name],
        );
        let outcome: 'created' | 'unchanged' | 'replaced' = 'created';
        if (rows[0] && rows[0].token_hash === hash && rows[0].role === role) outcome = 'unchanged';
        else {
          if (rows[0]) {
            outcome = 'replaced';
            await client.query('UPDATE api_keys SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL', [name]);
          }
          // The same token may have been revoked under this name before: bring that row back.
          await client.query(
            `INSERT INTO api_keys (name, role, token_hash) VALUES ($1, $2, $3)
             ON CONFLICT (token_hash) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, revoked_at = NULL`,
            [name, role, hash],
          );
        }
        await client.query('COMMIT');
        return outcome;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },

    async list(includeRevoked = true): Promise<ApiKeyRow[]> {
      const { rows } = await pool.query(
        `SELECT id, name, role, created_at, revoked_at FROM api_keys
         ${includeRevoked ? '' : 'WHERE revoked_at IS NULL'} ORDER BY id`,
      );
      return rows.map(toRow);
    },

    async revoke(name: string): Promise<ApiKeyRow> {
      const { rows } = await pool.query(
        `UPDATE api_keys SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL
         RETURNING id, name, role, created_at, revoked_at`,
        [name],
      );
      if (!rows[0]) throw new AppError(ErrorCode.NOT_FOUND, `No active key named "${name}"`, { name });
      return toRow(rows[0]);
    },

    async anyActive(): Promise<boolean> {
      const { rows } = await pool.query('SELECT EXISTS (SELECT 1 FROM api_keys WHERE revoked_at IS NULL) AS any');
      return rows[0].any as boolean;
    },

    /** The key holding `token` (null for none or a revoked one), and whether any key is active. */
    async lookup(token: string | null): Promise<TokenLookup> {
      const { rows } = await pool.query<{ name: string | null; role: string | null; any: boolean }>(
        `SELECT k.name, k.role, EXISTS (SELECT 1 FROM api_keys WHERE revoked_at IS NULL) AS any
         FROM (SELECT 1) one LEFT JOIN api_keys k ON k.token_hash = $1 AND k.revoked_at IS NULL`,
        [token === null ? '' : hashToken(token)],
      );
      const r = rows[0]!;
      return {
        principal: r.name ? { name: r.name, role: r.role as Role, anonymous: false } : null,
        anyActiveKey: r.any,
      };
    },
  };
}
export type KeyRepository = ReturnType<typeof createKeyRepository>;
