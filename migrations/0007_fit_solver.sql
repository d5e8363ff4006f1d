-- How a fit's top-z components were computed (src/math/top-pca.ts's PcaSolver as JSON):
-- exact-dual / exact-primal / randomized, the eigensolver, block size, iterations, the bound on
-- the subspace error reached, the GEMM used. Null for fits stored before it was recorded.
ALTER TABLE analytics_fits ADD COLUMN solver jsonb;

-- Float64 arrays do not compress: storing them without pglz attempts saves the time of a futile
-- compression, which the embedded store (PGlite) spends on the event loop (1 MB of components: ~1 s).
ALTER TABLE analytics_fits ALTER COLUMN mean SET STORAGE EXTERNAL;
ALTER TABLE analytics_fits ALTER COLUMN components SET STORAGE EXTERNAL;
ALTER TABLE analytics_fits ALTER COLUMN scores SET STORAGE EXTERNAL;
