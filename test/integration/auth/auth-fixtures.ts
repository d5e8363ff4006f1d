import http from 'node:http';
import pg from 'pg';
import sharp from 'sharp';
import { buildCrackModel, CRACK_INPUT, CRACK_PREDICTION, CRACK_TAPS } from '../../../src/demo/crack-model.js';
import type { RunningServer } from '../../../src/server.js';

/** POSTs one GraphQL operation with an optional bearer token; status and body. */
export async function call(
  base: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string | null,
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

/** GET with a chosen Host header (fetch does not let a caller set it). Always to 127.0.0.1. */
export function getWithHost(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Row counts of the tables a write could touch: a refused request must leave them all equal. */
export async function tableCounts(server: RunningServer): Promise<Record<string, number>> {
  const tables = ['datasets', 'images', 'blobs', 'models', 'embeddings', 'api_keys', 'audit_log', 'jobs'];
  const out: Record<string, number> = {};
  for (const t of tables) {
    const { rows } = await server.services.store.pool.query(`SELECT count(*)::int AS n FROM ${t}`);
    out[t] = rows[0].n;
  }
  return out;
}

export async function pngBase64(width = 12, height = 10, value = 128): Promise<string> {
  const png = await sharp(Buffer.alloc(width * height * 3, value), { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
  return png.toString('base64');
}

export const ADD_IMAGE = `mutation($input: AddImageInput!) { addImage(input: $input) { created image { id url thumbnailUrl } } }`;
export const REGISTER_MODEL = `mutation($input: RegisterModelInput!) { registerModel(input: $input) { name version dimension } }`;

/** The demo's crack detector as a registerModel input (a real ONNX graph, built in code). */
export function crackModelInput(name: string) {
  return {
    name,
    onnxBase64: Buffer.from(buildCrackModel({ window: 13, smoothing: 0.4, gain: 20, bias: -2 }, 'test')).toString(
      'base64',
    ),
    inputWidth: CRACK_INPUT.width,
    inputHeight: CRACK_INPUT.height,
    channelOrder: CRACK_INPUT.channelOrder,
    mean: [...CRACK_INPUT.mean],
    std: [...CRACK_INPUT.std],
    scale: CRACK_INPUT.scale,
    taps: CRACK_TAPS.map((t) => ({
      name: t.name,
      reduction: t.reduction.toUpperCase(),
      ...('grid' in t ? { grid: t.grid } : {}),
    })),
    predictionOutput: CRACK_PREDICTION,
  };
}

export async function directQuery(url: string, sql: string): Promise<any[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}
