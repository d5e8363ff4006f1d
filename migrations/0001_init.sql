-- First schema: datasets, images (pixels as content-addressed blobs), models, embeddings, jobs.
CREATE EXTENSION IF NOT EXISTS vector;

-- Content-addressed bytes (images, masks, model files). Keeping them in the database means one
-- backup of the store holds everything, and workers on other machines read the same pixels.
CREATE TABLE blobs (
  sha256       text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content_type text NOT NULL,
  size         integer NOT NULL,
  bytes        bytea NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE datasets (
  id          serial PRIMARY KEY,
  name        text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z][A-Za-z0-9_-]{0,62}$'),
  description text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE images (
  id          serial PRIMARY KEY,
  dataset_id  integer NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  file_name   text NOT NULL,
  stem        text NOT NULL,
  sha256      text NOT NULL REFERENCES blobs(sha256),
  width       integer NOT NULL CHECK (width > 0),
  height      integer NOT NULL CHECK (height > 0),
  mask_sha256 text REFERENCES blobs(sha256),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (dataset_id, sha256),
  UNIQUE (dataset_id, file_name)
);
CREATE INDEX images_dataset_id_idx ON images (dataset_id, id);

CREATE TABLE models (
  id          serial PRIMARY KEY,
  name        text NOT NULL CHECK (name ~ '^[A-Za-z][A-Za-z0-9_.-]{0,62}$'),
  version     integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  family      text,
  onnx_sha256 text REFERENCES blobs(sha256),
  config      jsonb NOT NULL DEFAULT '{}'::jsonb,
  dimension   integer CHECK (dimension > 0),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (name, version)
);

-- One vector per (model, image). No fixed dimension here: models differ; the model row says it.
CREATE TABLE embeddings (
  model_id   integer NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  image_id   integer NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  embedding  vector NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (model_id, image_id)
);
CREATE INDEX embeddings_image_id_idx ON embeddings (image_id);

-- User-visible progress of long work (extraction, imports); the queue itself is pg-boss's.
CREATE TABLE jobs (
  id          serial PRIMARY KEY,
  kind        text NOT NULL,
  model_id    integer REFERENCES models(id) ON DELETE CASCADE,
  dataset_id  integer REFERENCES datasets(id) ON DELETE CASCADE,
  state       text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'completed', 'failed')),
  done        integer NOT NULL DEFAULT 0,
  total       integer NOT NULL DEFAULT 0,
  errors      jsonb NOT NULL DEFAULT '[]'::jsonb,
  provider    text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
