-- Distances (issue 4): stored PCA fits, their projected vectors, and sketches that let
-- similarity search index models whose embeddings exceed HNSW's 2000-dimension limit.

-- One PCA fit of (model, primary, set of secondaries, z). The set is sorted and distinct:
-- {S} is the paper's per-pair fit, {S1..Sk} a shared fit (fitOn ALL), {} a fit on P alone.
-- Rows are stacked in blocks: the primary, then each secondary in ascending dataset id; inside a
-- block, ascending image id. Numbers that answers are computed from are float64 (bytea,
-- little-endian) so a cached answer equals a fresh one bit for bit.
CREATE TABLE analytics_fits (
  id                 serial PRIMARY KEY,
  model_id           integer NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  primary_id         integer NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  secondary_ids      integer[] NOT NULL,
  z_requested        integer NOT NULL CHECK (z_requested >= 1),
  z_used             integer NOT NULL CHECK (z_used >= 1),
  rank               integer NOT NULL,
  method             text NOT NULL CHECK (method IN ('dual', 'primal')),
  -- Hash of every (image id, embedding created_at) of the fitted sets: a changed, added or
  -- removed embedding changes it, and the next dataset-level query refits.
  fingerprint        text NOT NULL,
  block_dataset_ids  integer[] NOT NULL,
  block_rows         integer[] NOT NULL,
  image_ids          integer[] NOT NULL,
  cols               integer NOT NULL CHECK (cols >= 1),
  mean               bytea NOT NULL,            -- cols float64
  components         bytea NOT NULL,            -- z_used x cols float64, row-major
  scores             bytea NOT NULL,            -- rows x z_used float64: the projected rows
  explained_variance double precision[] NOT NULL,
  total_variance     double precision NOT NULL,
  fit_ms             double precision NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (model_id, primary_id, secondary_ids, z_requested)
);

-- The same projected rows as vector(z_used), for distances computed in the database (`<->`).
-- float32, like every pgvector value: answers from here agree with the float64 ones to ~1e-6.
CREATE TABLE analytics_projections (
  fit_id     integer NOT NULL REFERENCES analytics_fits(id) ON DELETE CASCADE,
  image_id   integer NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  dataset_id integer NOT NULL,
  projection vector NOT NULL,
  PRIMARY KEY (fit_id, image_id)
);
CREATE INDEX analytics_projections_fit_dataset_idx ON analytics_projections (fit_id, dataset_id, image_id);

-- A signed-hashing sketch (1024 dimensions) of each embedding of a model above 2000
-- dimensions, written with the embedding. Similarity search walks an HNSW index on the
-- sketches, then re-ranks the candidates by exact distance on the full embeddings.
-- Per-model HNSW indexes (on embeddings and on sketches) are partial indexes created by the
-- similarity repository when a model is first searched, so no dimension is fixed here.
CREATE TABLE embedding_sketches (
  model_id integer NOT NULL,
  image_id integer NOT NULL,
  sketch   vector(1024) NOT NULL,
  PRIMARY KEY (model_id, image_id),
  FOREIGN KEY (model_id, image_id) REFERENCES embeddings (model_id, image_id) ON DELETE CASCADE
);
