import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { mulberry32 } from '../../../src/math/random.js';
import { THRESHOLD_COUNT, type ThresholdCounts } from '../../../src/metrics/threshold-counts.js';
import type { Services } from '../../../src/services.js';
import { gql } from '../../helpers/graphql.js';

/** An 8-bit grayscale PNG of the given row-major values. */
export function grayPng(width: number, height: number, values: ArrayLike<number>): Promise<Buffer> {
  return sharp(Buffer.from(Uint8Array.from(values)), { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}

/** An RGB PNG whose content is unique to `seed` (images must differ to be distinct rows). */
export function rgbPng(width: number, height: number, seed: number): Promise<Buffer> {
  const random = mulberry32(seed);
  const pixels = Buffer.from(Uint8Array.from({ length: width * height * 3 }, () => (random() * 256) | 0));
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

/** Writes files into a folder (created) and returns it. */
export function writeFolder(dir: string, files: Record<string, Buffer | string>): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes);
  return dir;
}

/** Registers an external model over GraphQL (the way a user would). */
export async function registerExternal(url: string, name: string, family: string, dimension: number | null = null) {
  const body = await gql(
    url,
    `mutation($input: RegisterExternalModelInput!) { registerExternalModel(input: $input) { id name version family } }`,
    {
      input: { name, family, dimension },
    },
  );
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data.registerExternalModel as { id: string; name: string; version: number; family: string };
}

export const IMPORT_PREDICTIONS = `mutation($input: ImportPredictionsInput!) {
  importPredictions(input: $input) { files imported added replaced unchanged counted skipped { file reason } imagesWithoutPrediction missing model { name version } dataset { name } }
}`;

export const PERFORMANCE = `query($model: String!, $version: Int, $dataset: String!) {
  performance(model: { name: $model, version: $version }, dataset: $dataset) {
    model { name version } dataset { name } thresholdRule
    ods { f threshold precision recall } odsNullReason ois oisConvention oisLeftOut
    curve { threshold tp fp fn precision recall f } fpRate fpRateAt05
    imageCount pixels foregroundPixels imagesWithoutPrediction imagesWithoutMask countsComputed
  }
}`;

/** Every stored counts row of a model, by image id, straight from the table (for brute-force checks). */
export async function storedCounts(
  services: Services,
  modelId: number,
): Promise<Map<number, ThresholdCounts & { pixels: number }>> {
  const { rows } = await services.store.pool.query(
    'SELECT image_id, pixels, tp, fp, fn FROM prediction_counts WHERE model_id = $1',
    [modelId],
  );
  return new Map(
    rows.map((r) => [
      r.image_id,
      { pixels: r.pixels, tp: Float64Array.from(r.tp), fp: Float64Array.from(r.fp), fn: Float64Array.from(r.fn) },
    ]),
  );
}

/** ODS by the definition, written out independently of src/metrics: the first maximum of defined F. */
export function bruteForceOds(list: ThresholdCounts[]): { f: number; threshold: number } | null {
  let best: { f: number; threshold: number } | null = null;
  for (let k = 0; k < THRESHOLD_COUNT; k++) {
    let tp = 0,
      fp = 0,
      fn = 0;
    for (const c of list) {
      tp += c.tp[k]!;
      fp += c.fp[k]!;
      fn += c.fn[k]!;
    }
    if (tp + fn === 0) continue;
    const p = tp + fp === 0 ? 1 : tp / (tp + fp);
    const r = tp / (tp + fn);
    if (p + r === 0) continue;
    const f = (2 * p * r) / (p + r);
    if (!best || f > best.f) best = { f, threshold: k / 100 };
  }
  return best;
}
