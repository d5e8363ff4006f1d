-- Blobs are images, masks, PNG maps and ONNX files: already compressed, or (float weights) not
-- worth it. EXTERNAL keeps them out of line without PostgreSQL trying pglz on every value, which
-- made writing a batch of JPEGs about 1.5x slower for nothing (extraction bench). Applies to rows
-- written from now on; older rows read the same either way.
ALTER TABLE blobs ALTER COLUMN bytes SET STORAGE EXTERNAL;
