-- Performance (issue 5): per-image TP/FP/FN at the 100 thresholds of ods-metric.md, stored so that
-- ODS of any subset (splits, curves) is a sum of rows and never touches pixels again.
--
-- A row is valid only for the prediction and mask bytes it was counted from: readers join on
-- prediction_sha256 = predictions.sha256 AND mask_sha256 = images.mask_sha256, so replacing a
-- prediction (re-import, re-extraction) or a mask makes the row stale at once, and the next
-- query recounts it. No trigger is needed, and a replacement by identical bytes keeps the row.
-- Deleting the prediction deletes its counts (the foreign key).
CREATE TABLE prediction_counts (
  model_id          integer NOT NULL,
  image_id          integer NOT NULL,
  prediction_sha256 text NOT NULL,
  mask_sha256       text NOT NULL,
  -- All pixels, and mask pixels > 127 (foreground): fn[k] = foreground - tp[k].
  pixels            integer NOT NULL CHECK (pixels > 0),
  foreground        integer NOT NULL CHECK (foreground >= 0 AND foreground <= pixels),
  -- Index k (1-based k+1 in SQL) = threshold k / 100, k = 0..99; a pixel of value v is
  -- predicted foreground iff v / 255 > k / 100 (strict).
  tp                integer[] NOT NULL CHECK (cardinality(tp) = 100),
  fp                integer[] NOT NULL CHECK (cardinality(fp) = 100),
  fn                integer[] NOT NULL CHECK (cardinality(fn) = 100),
  computed_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (model_id, image_id),
  FOREIGN KEY (model_id, image_id) REFERENCES predictions (model_id, image_id) ON DELETE CASCADE
);
CREATE INDEX prediction_counts_image_id_idx ON prediction_counts (image_id);
