-- Models: what registration measured; predictions (8-bit probability maps); job bookkeeping.
ALTER TABLE models ADD COLUMN provider text;
ALTER TABLE models ADD COLUMN tap_shapes jsonb;
CREATE INDEX models_family_idx ON models (family, version);

-- One stored prediction per (model, image): an 8-bit grayscale PNG in blobs, 0..255 = probability.
CREATE TABLE predictions (
  model_id   integer NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  image_id   integer NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  sha256     text NOT NULL REFERENCES blobs(sha256),
  width      integer NOT NULL,
  height     integer NOT NULL,
  source     text NOT NULL CHECK (source IN ('model', 'import')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (model_id, image_id)
);
CREATE INDEX predictions_image_id_idx ON predictions (image_id);

ALTER TABLE jobs ADD COLUMN started_at timestamptz;
ALTER TABLE jobs ADD COLUMN finished_at timestamptz;
-- Two requests for the same (model, dataset) while one is in flight share that job.
CREATE UNIQUE INDEX jobs_one_active_per_pair ON jobs (kind, model_id, dataset_id) WHERE state IN ('queued', 'running');
