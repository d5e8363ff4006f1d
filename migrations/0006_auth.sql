-- API keys, the audit trail of writes, the URL-signing secret and the shared rate-limit budget.
--
-- Only a SHA-256 of each token is stored: tokens are 256 random bits, so a fast hash is enough
-- (nothing to brute-force) and a lookup is one index probe. A revoked key keeps its row (the
-- audit trail names it); a name is unique among the keys not revoked.
CREATE TABLE api_keys (
  id          serial PRIMARY KEY,
  name        text NOT NULL CHECK (name ~ '^[A-Za-z][A-Za-z0-9_.-]{0,63}$'),
  role        text NOT NULL CHECK (role IN ('reader', 'writer', 'admin')),
  token_hash  text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);
CREATE UNIQUE INDEX api_keys_active_name ON api_keys (name) WHERE revoked_at IS NULL;

-- Who wrote what: one row per successful write (GraphQL mutation field or key management).
CREATE TABLE audit_log (
  id         bigserial PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  actor      text NOT NULL,
  role       text,
  operation  text NOT NULL,
  arguments  jsonb NOT NULL DEFAULT '{}',
  address    text
);

-- Server-wide secrets generated once and shared by every process (the URL-signing key).
CREATE TABLE auth_secrets (
  name   text PRIMARY KEY,
  value  text NOT NULL
);

-- rate-limiter-flexible's RateLimiterPostgres table (its own layout), created here so that no
-- process needs CREATE rights at run time; every server process shares the budgets in it.
CREATE TABLE rate_limits (
  key     varchar(255) PRIMARY KEY,
  points  integer NOT NULL DEFAULT 0,
  expire  bigint
);
