import sharp from 'sharp';
import { expect } from 'vitest';
import { gql } from './graphql.js';

export const REGISTER_EXTERNAL = `mutation($input: RegisterExternalModelInput!) { registerExternalModel(input: $input) { id name version external dimension } }`;
export const IMAGE_EMBEDDINGS = `query($dataset: String!) { images(dataset: $dataset, first: 10) { edges { node { fileName embeddings { model { name } dimension } } } } }`;

/**
 * The precomputed-embeddings fixture: dataset `ext` with one small grey PNG per name (uploaded
 * through addImage), and the external model `sam_external` of dimension 5, registered over GraphQL.
 */
export async function seedExternalModel(url: string, names: readonly string[]): Promise<void> {
  for (const [i, name] of names.entries()) {
    const png = await sharp(Buffer.alloc(16 * 16 * 3, i * 40), { raw: { width: 16, height: 16, channels: 3 } })
      .png()
      .toBuffer();
    const body = await gql(url, `mutation($input: AddImageInput!) { addImage(input: $input) { created } }`, {
      input: { dataset: 'ext', fileName: name, imageBase64: png.toString('base64') },
    });
    expect(body.errors).toBeUndefined();
  }
  const reg = await gql(url, REGISTER_EXTERNAL, { input: { name: 'sam_external', dimension: 5 } });
  expect(reg.data.registerExternalModel).toMatchObject({
    name: 'sam_external',
    version: 1,
    external: true,
    dimension: 5,
  });
}
