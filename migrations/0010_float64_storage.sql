-- Float64 arrays do not compress: pglz tried each value on every write (about 20 ms a MB, 70 ms
-- of a fit's save at q = 16000) and stored it uncompressed anyway. Stored out of line, as is.
ALTER TABLE analytics_fits
  ALTER COLUMN mean SET STORAGE EXTERNAL,
  ALTER COLUMN components SET STORAGE EXTERNAL,
  ALTER COLUMN scores SET STORAGE EXTERNAL;
ALTER TABLE analytics_idist ALTER COLUMN sums SET STORAGE EXTERNAL;
ALTER TABLE distance_chunks ALTER COLUMN sums SET STORAGE EXTERNAL;
