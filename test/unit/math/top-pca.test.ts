import { beforeAll, describe, expect, it } from 'vitest';
import { createOrtGemm } from '../../../src/compute/ort-gemm.js';
import { type Gemm, jsGemm } from '../../../src/math/gemm.js';
import { pairRowSums, pairRowSumsAgainst, pairRowSumsJs, selfDistanceTotal } from '../../../src/math/pair-sums.js';
import { fitTopPca, type TopPcaFit, type TopPcaOptions } from '../../../src/math/top-pca.js';
import { decayingSpectrum, HAS_NUMPY, NUMPY_MISSING, numpyDistances } from '../../helpers/numpy-reference.js';

/** IDist of the secondary rows (n.. of the fit) and ODist, plus ODist(P, P), from a fit's scores. */
function distancesOf(fit: TopPcaFit, n: number) {
  const z = fit.zUsed;
  const p = fit.scores.subarray(0, n * z);
  const s = fit.scores.subarray(n * z);
  const m = fit.rows - n;
  const idist = pairRowSums(s, m, p, n, z);
  return {
    idist,
    odist: idist.reduce((a, b) => a + b, 0) / m,
    baseline: selfDistanceTotal(p, n, z) / n,
  };
}

function maxRelative(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++)
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.abs(expected[i]!));
  return worst;
}

let ortGemm: Gemm;
beforeAll(async () => {
  ortGemm = (await createOrtGemm(1)) ?? jsGemm;
});

const cases: {
  name: string;
  rows: number;
  cols: number;
  n: number;
  z: number;
  spectrum: Parameters<typeof decayingSpectrum>[2];
  options: Partial<TopPcaOptions>;
  kind: string;
  eigensolver?: string;
}[] = [
  {
    name: "dual shape, Gram formed, full tridiagonal eigen (the paper's 575 images)",
    rows: 575,
    cols: 1600,
    n: 260,
    z: 25,
    spectrum: { alpha: 0.5, rank: 500, noise: 0.01, seed: 6 },
    options: {},
    kind: 'exact-dual',
    eigensolver: 'tridiagonal',
  },
  {
    name: 'dual shape, Gram formed, subspace iteration (slow decay, alpha 0.5)',
    rows: 500,
    cols: 1200,
    n: 240,
    z: 25,
    spectrum: { alpha: 0.5, rank: 400, noise: 0.01, seed: 1 },
    options: { directOrder: 0 },
    kind: 'exact-dual',
    eigensolver: 'subspace',
  },
  {
    name: 'primal shape, covariance formed in row blocks',
    rows: 1400,
    cols: 300,
    n: 700,
    z: 25,
    spectrum: { alpha: 0.5, rank: 300, noise: 0.01, seed: 2 },
    options: { blockBytes: 256 * 1024, directOrder: 0 },
    kind: 'exact-primal',
    eigensolver: 'subspace',
  },
  {
    name: 'randomized: streamed power iterations, no order^2 matrix (slow decay, alpha 0.3)',
    rows: 900,
    cols: 700,
    n: 400,
    z: 25,
    spectrum: { alpha: 0.3, rank: 600, noise: 0.01, seed: 3 },
    options: { force: 'randomized', blockBytes: 512 * 1024 },
    kind: 'randomized',
    eigensolver: 'subspace',
  },
  {
    name: 'rank below z: clamped to the rank on the randomized path',
    rows: 400,
    cols: 600,
    n: 200,
    z: 25,
    spectrum: { alpha: 0.5, rank: 12, seed: 4 },
    options: { force: 'randomized' },
    kind: 'randomized',
  },
];

describe.skipIf(!HAS_NUMPY)('fitTopPca against numpy full SVD (float64 reference, 1e-6)', () => {
  for (const c of cases) {
    it(
      c.name,
      async () => {
        const x = decayingSpectrum(c.rows, c.cols, c.spectrum);
        const fit = await fitTopPca(x, c.rows, c.cols, c.z, { gemm: ortGemm, gemmName: 'ort', ...c.options });
        const ref = numpyDistances(x, c.rows, c.cols, c.n, c.z);
        expect(fit.solver.kind).toBe(c.kind);
        if (c.eigensolver) expect(fit.solver.eigensolver).toBe(c.eigensolver);
        expect(fit.zUsed).toBe(ref.zUsed);
        if (c.eigensolver !== 'tridiagonal') expect(fit.solver.converged).toBe(true);
        const ours = distancesOf(fit, c.n);
        expect(maxRelative(ours.idist, ref.idist)).toBeLessThan(1e-6);
        expect(Math.abs(ours.odist - ref.odist) / ref.odist).toBeLessThan(1e-6);
        expect(Math.abs(ours.baseline - ref.baseline) / ref.baseline).toBeLessThan(1e-6);
        // Explained variance = sigma^2 / (rows - 1), against numpy's singular values.
        const sigma2 = Array.from(ref.singularValues.slice(0, fit.zUsed), (s) => (s * s) / (c.rows - 1));
        expect(maxRelative(fit.explainedVariance, sigma2)).toBeLessThan(1e-6);
      },
      120_000,
    );
  }
});
if (!HAS_NUMPY) console.warn(NUMPY_MISSING);

describe('fitTopPca', () => {
  it('agrees with the exact fitPca path on every solver, with the scalar GEMM too', async () => {
    const rows = 420,
      cols = 380,
      n = 200,
      z = 10;
    const x = decayingSpectrum(rows, cols, { alpha: 0.7, rank: 300, noise: 0.001, seed: 9 });
    const exact = await fitTopPca(x, rows, cols, z, { gemm: jsGemm, smallOrder: 10_000 });
    expect(exact.solver).toMatchObject({ kind: 'exact-primal', eigensolver: 'tridiagonal', gemm: 'js' });
    const reference = distancesOf(exact, n);
    for (const force of ['exact', 'randomized'] as const) {
      for (const gemm of [jsGemm, ortGemm]) {
        const fit = await fitTopPca(x, rows, cols, z, { gemm, force });
        expect(fit.solver.converged).toBe(true);
        const d = distancesOf(fit, n);
        expect(maxRelative(d.idist, reference.idist)).toBeLessThan(1e-8);
        // Same sign convention: components agree entry by entry.
        expect(maxRelative(fit.components.subarray(0, 5), exact.components.subarray(0, 5))).toBeLessThan(1e-6);
      }
    }
  }, 120_000);

  it('falls back to the exact eigen, and says so, when eigenvalues z and z + 1 coincide (no top-z subspace)', async () => {
    const rows = 600,
      cols = 400;
    // sigma_21 .. sigma_200 equal: any 25-dimensional subspace containing the first 20 axes is "the" top 25.
    const x = decayingSpectrum(rows, cols, { alpha: 0.5, rank: 200, flatFrom: 20, orthogonal: true, seed: 5 });
    const fit = await fitTopPca(x, rows, cols, 25, { gemm: ortGemm, maxIterationsFormed: 150, directOrder: 0 });
    expect(fit.solver).toMatchObject({ kind: 'exact-primal', eigensolver: 'tridiagonal', converged: true });
    expect(fit.solver.fallback).toMatch(/eigenvalues 25 and 26 nearly coincide/);
    // Below the cluster the subspace is well defined, and the iteration converges and agrees with numpy.
    if (!HAS_NUMPY) return;
    const twenty = await fitTopPca(x, rows, cols, 20, { gemm: ortGemm, directOrder: 0 });
    expect(twenty.solver).toMatchObject({ eigensolver: 'subspace', converged: true });
    const ref = numpyDistances(x, rows, cols, 300, 20);
    expect(maxRelative(distancesOf(twenty, 300).idist, ref.idist)).toBeLessThan(1e-6);
  }, 120_000);

  it('stops at the checkpoint: a cancelled fit throws between blocks', async () => {
    const x = decayingSpectrum(300, 500, { alpha: 0.5, seed: 11 });
    let calls = 0;
    const checkpoint = () => {
      if (++calls > 3) throw new Error('cancelled');
    };
    await expect(fitTopPca(x, 300, 500, 25, { gemm: jsGemm, force: 'randomized', checkpoint })).rejects.toThrow(
      'cancelled',
    );
    expect(calls).toBe(4);
  });
});

describe('pairRowSums (the IDist block kernel)', () => {
  it('equals the scalar loop bit for bit-ish for every dimension parity, and blocks add up', () => {
    for (const dim of [1, 2, 3, 24, 25]) {
      const m = 37,
        n = 53;
      const s = Float64Array.from({ length: m * dim }, (_, i) => Math.sin(i * 0.37) * 3);
      const p = Float64Array.from({ length: n * dim }, (_, i) => Math.cos(i * 0.11) * 2);
      const simd = pairRowSums(s, m, p, n, dim);
      const scalar = pairRowSumsJs(s, m, p, n, dim);
      expect(maxRelative(simd, scalar)).toBeLessThan(1e-14);
      // Brute force from the definition, as two primary blocks added.
      const direct = Array.from({ length: m }, (_, j) => {
        let sum = 0;
        for (let k = 0; k < n; k++)
          sum += Math.hypot(...Array.from({ length: dim }, (_, c) => s[j * dim + c]! - p[k * dim + c]!));
        return sum;
      });
      const halves = pairRowSums(s, m, p.subarray(0, 20 * dim), 20, dim).map(
        (v, j) => v + pairRowSums(s, m, p.subarray(20 * dim), n - 20, dim)[j]!,
      );
      expect(maxRelative(halves, direct)).toBeLessThan(1e-13);
      // A sweep of secondary blocks against one packed primary gives the same sums.
      const sweep = pairRowSumsAgainst(p, n, dim);
      const swept = new Float64Array(m);
      for (let j0 = 0; j0 < m; j0 += 10)
        swept.set(sweep(s.subarray(j0 * dim, Math.min(m, j0 + 10) * dim), Math.min(10, m - j0)), j0);
      expect(Array.from(swept)).toEqual(Array.from(simd));
      const self = selfDistanceTotal(p, n, dim, 7);
      const all = pairRowSumsJs(p, n, p, n, dim).reduce((a, b) => a + b, 0);
      expect(Math.abs(self - all) / all).toBeLessThan(1e-13);
    }
  });
});
