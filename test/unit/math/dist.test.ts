import { describe, expect, it } from 'vitest';
import { idist, minMaxScale, odist, scaledOdist } from '../../../src/math/dist.js';
import { pairDistances, pcStability } from '../../helpers/pair-distances.js';
import {
  bruteDistances,
  expectClose,
  flat32,
  flat64,
  matMul,
  orthonormalRows,
  randomRows,
  referencePca,
  toRows,
  type Rows,
} from './reference.js';

const decaying = (c: number) => 1 / (1 + c / 3);

/** The method.md chain computed independently: Jacobi PCA of [P; S], brute distances. */
function referenceChain(p: Rows, s: Rows, z: number) {
  const ref = referencePca([...p, ...s], z);
  const d = bruteDistances(ref.scores.slice(p.length), ref.scores.slice(0, p.length));
  const id = d.map((row) => row.reduce((a, v) => a + v, 0));
  return { d, idist: id, odist: id.reduce((a, v) => a + v, 0) / id.length };
}

describe('dist', () => {
  describe('idist', () => {
    it('sums row distances over the primary, or averages them', () => {
      const d = Float64Array.of(1, 2, 3, 4, 5, 6); // 2 x 3
      expect(Array.from(idist(d, 2, 3))).toEqual([6, 15]);
      expect(Array.from(idist(d, 2, 3, { reduce: 'mean' }))).toEqual([2, 5]);
    });

    it('rejects an unknown reduction and a wrong shape', () => {
      expect(() => idist(new Float64Array(6), 2, 3, { reduce: 'max' as 'sum' })).toThrow(RangeError);
      expect(() => idist(new Float64Array(5), 2, 3)).toThrow(RangeError);
    });
  });

  describe('odist', () => {
    it('is the mean of IDist', () => {
      expect(odist(Float64Array.of(9, 15))).toBe(12);
      expect(() => odist(new Float64Array(0))).toThrow(RangeError);
    });
  });

  describe('scaledOdist', () => {
    it('divides by the total so that a row sums to 1', () => {
      const scaled = scaledOdist([1, 3, 4]);
      expect(Array.from(scaled)).toEqual([0.125, 0.375, 0.5]);
      const random = scaledOdist(Float64Array.from(randomRows(1, 6, 1)[0], (v) => v + 1));
      expect(random.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 14);
    });

    it('rejects negative values and a zero total', () => {
      expect(() => scaledOdist([1, -1])).toThrow(RangeError);
      expect(() => scaledOdist([0, 0])).toThrow(RangeError);
      expect(() => scaledOdist([])).toThrow(RangeError);
    });
  });

  describe('minMaxScale', () => {
    it('maps the minimum to 0 and the maximum to 1', () => {
      expect(Array.from(minMaxScale(Float64Array.of(2, 4, 3, 6)))).toEqual([0, 0.5, 0.25, 1]);
    });

    it('gives all zeros when all values are equal, for one value and for none', () => {
      expect(Array.from(minMaxScale(Float64Array.of(7, 7, 7)))).toEqual([0, 0, 0]);
      expect(Array.from(minMaxScale(Float64Array.of(7)))).toEqual([0]);
      expect(minMaxScale(new Float64Array(0)).length).toBe(0);
    });

    it('does not modify its input', () => {
      const x = Float64Array.of(3, 1, 2);
      minMaxScale(x);
      expect(Array.from(x)).toEqual([3, 1, 2]);
    });
  });

  describe('pairDistances', () => {
    it('matches the chain computed with a Jacobi SVD and brute-force distances', () => {
      const p = randomRows(14, 40, 2, decaying);
      const s = randomRows(9, 40, 3, decaying).map((row) => row.map((v) => v + 0.2));
      const result = pairDistances(flat64(p), 14, flat64(s), 9, 40, 5);
      const ref = referenceChain(p, s, 5);
      expect(result.fit.zUsed).toBe(5);
      expect(result.pScores.length).toBe(14 * 5);
      expect(result.sScores.length).toBe(9 * 5);
      expectClose(result.distances, ref.d.flat(), 1e-6, 'D');
      expectClose(result.idist, ref.idist, 1e-6, 'IDist');
      expect(result.odist).toBeCloseTo(ref.odist, 9);
    });

    it('matches the reference at the default z = 25 on 80 images of 200 features', () => {
      const p = randomRows(50, 200, 21, (c) => 1 / (1 + c / 10));
      const s = randomRows(30, 200, 22, (c) => 1 / (1 + c / 10));
      const result = pairDistances(flat32(p), 50, flat32(s), 30, 200, 25);
      const ref = referenceChain(toRows(flat32(p), 50, 200), toRows(flat32(s), 30, 200), 25);
      expectClose(result.distances, ref.d.flat(), 1e-6, 'D');
      expectClose(result.idist, ref.idist, 1e-6, 'IDist');
    });

    it('equals raw Euclidean distances once z reaches the rank', () => {
      // Keeping every component is a rotation of the centred data, whatever basis the solver
      // picks within repeated eigenvalues (isotropic data here), so distances are unchanged.
      const p = randomRows(6, 20, 23);
      const s = randomRows(5, 20, 24);
      const result = pairDistances(flat64(p), 6, flat64(s), 5, 20, 25);
      expect(result.fit.zUsed).toBe(10);
      expectClose(result.distances, bruteDistances(s, p).flat(), 1e-9, 'D');
    });

    it('gives the hand-computed distances for points on a line', () => {
      // 1-D data: PCA coordinates are positions along the line, so D = |t_j - t_k|.
      const w = [2 / 7, 3 / 7, 6 / 7];
      const line = (t: number[]) => t.map((tr) => w.map((c) => tr * c + 5));
      const result = pairDistances(flat64(line([0, 1, 2])), 3, flat64(line([4, 6])), 2, 3, 25);
      expect(result.fit.zUsed).toBe(1);
      expect(result.fit.clamped).toBe(true);
      expectClose(result.distances, [4, 3, 2, 6, 5, 4], 1e-12, 'D');
      expectClose(result.idist, [9, 15], 1e-12, 'IDist');
      expect(result.odist).toBeCloseTo(12, 12);
      expectClose(
        pairDistances(flat64(line([0, 1, 2])), 3, flat64(line([4, 6])), 2, 3, 1, { reduce: 'mean' }).idist,
        [3, 5],
        1e-12,
        'mean',
      );
    });

    it('permutes IDist with the secondary images and leaves ODist unchanged', () => {
      const p = randomRows(10, 30, 4, decaying);
      const s = randomRows(8, 30, 5, decaying);
      const perm = [3, 0, 7, 1, 6, 2, 5, 4];
      const a = pairDistances(flat64(p), 10, flat64(s), 8, 30, 4);
      const b = pairDistances(flat64(p), 10, flat64(perm.map((j) => s[j])), 8, 30, 4);
      expectClose(
        b.idist,
        perm.map((j) => a.idist[j]),
        1e-9,
        'IDist',
      );
      expect(b.odist).toBeCloseTo(a.odist, 9);
      const c = pairDistances(flat64([...p].reverse()), 10, flat64(s), 8, 30, 4);
      expectClose(c.idist, a.idist, 1e-9, 'IDist under a primary permutation');
    });

    it('gives duplicated images equal IDist, and zero distance to a primary copy', () => {
      const p = randomRows(10, 30, 6, decaying);
      const s = [...randomRows(4, 30, 7, decaying), p[2]];
      s.push(s[1]);
      const result = pairDistances(flat64(p), 10, flat64(s), 6, 30, 6);
      expect(result.idist[5]).toBeCloseTo(result.idist[1], 12);
      expect(result.distances[4 * 10 + 2]).toBeCloseTo(0, 12);
    });

    it('gives the same distances for wide data (dual form) as for the same points stored tall (primal)', () => {
      // 24 images with 6 intrinsic coordinates, stored as 6 features (tall) or embedded
      // isometrically in 100 features (wide). PCA distances are invariant to the embedding.
      const coords = randomRows(24, 6, 8, (c) => 4 - c / 2);
      const wide = matMul(coords, orthonormalRows(6, 100, 9));
      const tall = pairDistances(flat64(coords.slice(0, 14)), 14, flat64(coords.slice(14)), 10, 6, 4);
      const dual = pairDistances(flat64(wide.slice(0, 14)), 14, flat64(wide.slice(14)), 10, 100, 4);
      expect(tall.fit.method).toBe('primal');
      expect(dual.fit.method).toBe('dual');
      expectClose(dual.distances, tall.distances, 1e-6, 'D');
      expect(dual.odist).toBeCloseTo(tall.odist, 9);
    });

    it('gives strictly increasing ODist for secondaries shifted further from P', () => {
      for (const seed of [10, 20, 30]) {
        const p = randomRows(20, 50, seed, decaying);
        const base = randomRows(15, 50, seed + 1, decaying);
        const direction = orthonormalRows(1, 50, seed + 2)[0];
        const odists = [0, 0.5, 1, 2, 4].map((offset) => {
          const s = base.map((row) => row.map((v, c) => v + offset * direction[c]));
          return pairDistances(flat32(p), 20, flat32(s), 15, 50, 5).odist;
        });
        for (let i = 1; i < odists.length; i++) expect(odists[i]).toBeGreaterThan(odists[i - 1]);
      }
    });

    it('does not modify its inputs and rejects mismatched widths', () => {
      const p = flat32(randomRows(5, 8, 11));
      const s = flat32(randomRows(4, 8, 12));
      const before = [Float32Array.from(p), Float32Array.from(s)];
      pairDistances(p, 5, s, 4, 8, 2);
      expect([p, s]).toEqual(before);
      expect(() => pairDistances(p, 5, s, 4, 9, 2)).toThrow(RangeError);
    });
  });

  describe('pcStability', () => {
    it('gives per z the scaled ODist of separate pair fits, each row summing to 1', () => {
      const p = randomRows(12, 40, 13, decaying);
      const secondaries = [14, 15, 16].map((seed, i) =>
        randomRows(8 + i, 40, seed, decaying).map((row) => row.map((v) => v + 0.3 * i)),
      );
      const table = pcStability(
        flat64(p),
        12,
        secondaries.map((s) => ({ rows: flat64(s), m: s.length })),
        40,
        [2, 5, 30],
      );
      expect(table.map((row) => row.z)).toEqual([2, 5, 30]);
      for (const row of table) {
        const separate = secondaries.map((s) => pairDistances(flat64(p), 12, flat64(s), s.length, 40, row.z));
        expect(row.zUsed).toEqual(separate.map((r) => r.fit.zUsed));
        expectClose(row.scaled, scaledOdist(separate.map((r) => r.odist)), 1e-9, `z = ${row.z}`);
        expect(row.scaled.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 14);
      }
      expect(table[2].zUsed).toEqual([19, 20, 21]); // clamped to rank = n + m - 1
    });

    it('rejects an empty list of z or of secondaries', () => {
      const p = flat64(randomRows(3, 4, 17));
      expect(() => pcStability(p, 3, [], 4, [1])).toThrow(RangeError);
      expect(() => pcStability(p, 3, [{ rows: p, m: 3 }], 4, [])).toThrow(RangeError);
    });
  });
});
