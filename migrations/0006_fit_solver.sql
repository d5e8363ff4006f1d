-- How a fit's top-z components were computed (src/math/top-pca.ts's PcaSolver as JSON):
-- exact-dual / exact-primal / randomized, the eigensolver, block size, iterations, the bound on
-- the subspace error reached, the GEMM used. Null for fits stored before it was recorded.
ALTER TABLE analytics_fits ADD COLUMN solver jsonb;
