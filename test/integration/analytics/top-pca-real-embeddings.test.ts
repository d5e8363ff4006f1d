import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOrtGemm } from '../../../src/compute/ort-gemm.js';
import { decodeImage } from '../../../src/images/decode.js';
import { jsGemm } from '../../../src/math/gemm.js';
import { pairRowSums, selfDistanceTotal } from '../../../src/math/pair-sums.js';
import { fitTopPca, type TopPcaOptions } from '../../../src/math/top-pca.js';
import { BUNDLED_MODELS } from '../../../src/models/bundled.js';
import { exposeTensors } from '../../../src/models/onnx-graph.js';
import { createSession, runTaps } from '../../../src/models/onnx-session.js';
import { modelInput } from '../../../src/models/preprocess.js';
import { HAS_NUMPY, NUMPY_MISSING, numpyDistances } from '../../helpers/numpy-reference.js';
import { missingDataMessage, sharedDataset } from '../../helpers/paths.js';

/**
 * Every solver path of the top-z PCA on real embeddings: the bundled PP-OCR direction classifier
 * (200 dimensions) of DeepCrack (primary) and GAPs384 crops (secondary), against numpy's full SVD.
 */
const PRIMARY = sharedDataset('DeepCrack/images');
const SECONDARY = sharedDataset('GAPs384-crops/images');
const ready = PRIMARY && SECONDARY && HAS_NUMPY;
if (!PRIMARY || !SECONDARY) console.warn(missingDataMessage('DeepCrack/images and GAPs384-crops/images'));
if (!HAS_NUMPY) console.warn(NUMPY_MISSING);

const cls = BUNDLED_MODELS.find((m) => m.name === 'PP-OCR-mobile-v2.0-cls')!;

async function embedFolder(dir: string, count: number, session: Awaited<ReturnType<typeof createSession>>['session']) {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.(jpe?g|png)$/i.test(f))
    .sort()
    .slice(0, count);
  const dims = [1, 3, cls.input.height, cls.input.width];
  const out: Float32Array[] = [];
  for (const f of files) {
    const input = modelInput(await decodeImage(path.join(dir, f), 3), cls.input);
    out.push((await runTaps(session, 'x', input, dims, cls.taps)).embedding);
  }
  return out;
}

describe.skipIf(!ready)('top-z PCA on real embeddings (PP-OCR cls, DeepCrack vs GAPs384) against numpy', () => {
  let x: Float32Array;
  let n: number;
  let rows: number;
  const q = 200;
  beforeAll(async () => {
    const { session } = await createSession(
      exposeTensors(
        fs.readFileSync(cls.file),
        cls.taps.map((t) => t.name),
      ),
      ['cpu'],
    );
    const p = await embedFolder(PRIMARY!, 237, session);
    const s = await embedFolder(SECONDARY!, 200, session);
    n = p.length;
    rows = n + s.length;
    x = new Float32Array(rows * q);
    [...p, ...s].forEach((v, r) => x.set(v, r * q));
  }, 600_000);

  const paths: [string, Partial<TopPcaOptions>, string, number][] = [
    ['exact-primal, full tridiagonal eigen of the formed covariance', {}, 'exact-primal', 437],
    ['exact-primal, subspace iteration on the formed covariance', { directOrder: 0 }, 'exact-primal', 437],
    ['randomized, streamed power iterations', { force: 'randomized', blockBytes: 64 * 1024 }, 'randomized', 437],
    [
      'exact-dual, subspace iteration on the formed Gram (150 images)',
      { smallOrder: 50, directOrder: 0 },
      'exact-dual',
      150,
    ],
  ];
  for (const [name, options, kind, take] of paths) {
    for (const z of [5, 25]) {
      it(`${name}, z = ${z}: IDist, ODist and ODist(P, P) within 1e-6`, async () => {
        const used = Math.min(take, rows);
        const primary = Math.min(n, Math.floor(used / 2));
        const data =
          take === rows
            ? x
            : Float32Array.from([...x.subarray(0, primary * q), ...x.subarray(n * q, (n + used - primary) * q)]);
        const gemm = (await createOrtGemm(1)) ?? jsGemm;
        const fit = await fitTopPca(data, used, q, z, { gemm, ...options });
        expect(fit.solver.kind).toBe(kind);
        expect(fit.solver.converged).toBe(true);
        const ref = numpyDistances(data, used, q, take === rows ? n : primary, z);
        const pRows = take === rows ? n : primary;
        const k = fit.zUsed;
        expect(k).toBe(ref.zUsed);
        const pScores = fit.scores.subarray(0, pRows * k);
        const idist = pairRowSums(fit.scores.subarray(pRows * k), used - pRows, pScores, pRows, k);
        let worst = 0;
        idist.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - ref.idist[j]!) / ref.idist[j]!)));
        expect(worst).toBeLessThan(1e-6);
        const odist = idist.reduce((a, b) => a + b, 0) / idist.length;
        expect(Math.abs(odist - ref.odist) / ref.odist).toBeLessThan(1e-6);
        const baseline = selfDistanceTotal(pScores, pRows, k) / pRows;
        expect(Math.abs(baseline - ref.baseline) / ref.baseline).toBeLessThan(1e-6);
      }, 120_000);
    }
  }
});
