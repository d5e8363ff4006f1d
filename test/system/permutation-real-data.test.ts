import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/images/decode.js';
import { fitPca } from '../../src/math/pca.js';
import { BUNDLED_MODELS } from '../../src/models/bundled.js';
import { exposeTensors } from '../../src/models/onnx-graph.js';
import { createSession, runTaps } from '../../src/models/onnx-session.js';
import { modelInput } from '../../src/models/preprocess.js';
import { distanceMatrix, permutationTest } from '../../src/statistics/energy.js';
import { missingDataMessage, sharedDataset } from '../helpers/paths.js';

// The permutation test on real images: the bundled PP-OCR direction classifier's embeddings of
// BSDS500 (natural images, no cracks) against DeepCrack (the primary), in their pair's PCA space.
const PRIMARY = sharedDataset('DeepCrack/images');
const SECONDARY = sharedDataset('BSDS500-test/images');
const missing = !PRIMARY ? 'DeepCrack/images' : !SECONDARY ? 'BSDS500-test/images' : null;
if (missing) console.warn(missingDataMessage(missing));

const cls = BUNDLED_MODELS.find((m) => m.name === 'PP-OCR-mobile-v2.0-cls')!;
const files = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => /\.(jpe?g|png)$/i.test(f))
    .sort()
    .map((f) => path.join(dir, f));

describe.skipIf(missing !== null)('permutation test on real data', () => {
  it('BSDS500 against DeepCrack (PP-OCR classifier, z = 25): p < 0.01 at R = 999', { timeout: 300_000 }, async () => {
    const { session } = await createSession(
      exposeTensors(
        fs.readFileSync(cls.file),
        cls.taps.map((t) => t.name),
      ),
      ['cpu'],
    );
    const dims = [1, 3, cls.input.height, cls.input.width];
    const embed = async (file: string) =>
      (
        await runTaps(
          session,
          session.inputNames[0]!,
          modelInput(await decodeImage(file, 3), cls.input),
          dims,
          cls.taps,
        )
      ).embedding;
    const p = [];
    for (const f of files(PRIMARY!)) p.push(await embed(f));
    const s = [];
    for (const f of files(SECONDARY!)) s.push(await embed(f));
    const [n, m] = [p.length, s.length];
    const x = new Float64Array((n + m) * cls.dimension);
    [...p, ...s].forEach((v, i) => x.set(v, i * cls.dimension));
    const pca = fitPca(x, n + m, cls.dimension, 25);
    const r = permutationTest(distanceMatrix(pca.scores, n + m, pca.zUsed), n, m, { resamples: 999, seed: 0 });
    expect(r.exact).toBe(false);
    expect(r.pValue).toBeLessThan(0.01);
    console.info(
      `BSDS500 (m = ${m}) vs DeepCrack (n = ${n}): E = ${r.statistic.toFixed(4)}, p = ${r.pValue} (b = ${r.exceedances}, R = 999)`,
    );
  });
});
