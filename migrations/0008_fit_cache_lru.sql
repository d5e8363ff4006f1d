-- The fit cache is bounded (FIT_CACHE_MAX_BYTES): each fit records its size (its float64 arrays
-- and its projections) and when an answer last used it; past the bound, the least recently used
-- fits are deleted (their projections go with them).
ALTER TABLE analytics_fits
  ADD COLUMN bytes bigint NOT NULL DEFAULT 0,
  ADD COLUMN last_used_at timestamptz NOT NULL DEFAULT clock_timestamp();
CREATE INDEX analytics_fits_last_used_idx ON analytics_fits (last_used_at DESC, id DESC);
