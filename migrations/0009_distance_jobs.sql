-- Distances beyond one request: exact IDist computed by distance jobs (chunks on the pg-boss
-- queue, shared by every worker process) and stored with the fit, so later answers read them.

-- IDist (float64 sums over the primary, little-endian bytea, in the block's row order) of one
-- dataset block of a fit to the fit's primary block; the primary's own block is ODist(P, P)'s.
-- Written by a finished distance job, or by a request that computed the sums itself.
CREATE TABLE analytics_idist (
  fit_id     integer NOT NULL REFERENCES analytics_fits(id) ON DELETE CASCADE,
  dataset_id integer NOT NULL,
  sums       bytea NOT NULL,
  source     text NOT NULL CHECK (source IN ('request', 'job')),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (fit_id, dataset_id)
);

-- What a distance job (a jobs row of kind 'distances') computes: every block of one fit against
-- its primary. fit_id becomes null when the fit is replaced (its datasets changed) and the job fails.
CREATE TABLE distance_jobs (
  job_id          integer PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
  fit_id          integer UNIQUE REFERENCES analytics_fits(id) ON DELETE SET NULL,
  primary_id      integer NOT NULL,
  secondary_ids   integer[] NOT NULL,
  z_requested     integer NOT NULL,
  pairs_per_chunk integer NOT NULL,
  pairs           bigint NOT NULL
);

-- Partial row sums of one chunk (secondary rows x primary rows of one block), written once:
-- a chunk retried after its worker died writes nothing new, so the assembled result is identical.
CREATE TABLE distance_chunks (
  fit_id     integer NOT NULL REFERENCES analytics_fits(id) ON DELETE CASCADE,
  chunk      integer NOT NULL,
  dataset_id integer NOT NULL,
  row_start  integer NOT NULL,
  row_end    integer NOT NULL,
  col_start  integer NOT NULL,
  col_end    integer NOT NULL,
  sums       bytea NOT NULL,
  PRIMARY KEY (fit_id, chunk)
);
