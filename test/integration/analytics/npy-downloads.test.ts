import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../../helpers/graphql.js';
import { forEachStore } from '../../helpers/stores.js';
import { type AnalyticsServer, EmbeddingWorld, newModel, startAnalyticsServer } from './analytics-fixtures.js';

const ODIST = `query { odist(scope: { model: { name: "m" }, primary: "prim", components: 3 }, secondaries: ["sec"]) {
  secondaries { idistUrl distanceMatrixUrl fit { id projectionsUrl imageIdsUrl componentsUsed } } } }`;
const MATRIX = `query { distanceMatrix(scope: { model: { name: "m" }, primary: "prim", components: 3 }, secondary: "sec", rows: { offset: 0, limit: 70 }) {
  npyUrl rowImageIdsUrl columnImageIdsUrl columns { id } rows { image { id } distances } } }`;
const IDIST = `query { idist(scope: { model: { name: "m" }, primary: "prim", components: 3 }, secondary: "sec", first: 100) { npyUrl edges { node { image { id } idist } } } }`;

/** A minimal, independent .npy reader: header fields and the raw data bytes. */
function parseNpy(bytes: Buffer) {
  expect([...bytes.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const headerLength = bytes.readUInt16LE(8);
  expect((10 + headerLength) % 64).toBe(0); // numpy aligns the data to 64 bytes
  const header = bytes.subarray(10, 10 + headerLength).toString('latin1');
  expect(header.endsWith('\n')).toBe(true);
  const descr = /'descr': '([^']+)'/.exec(header)![1]!;
  expect(header).toContain("'fortran_order': False");
  const shape = /'shape': \(([^)]*)\)/
    .exec(header)![1]!
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const data = Buffer.from(bytes.subarray(10 + headerLength)); // aligned copy
  return { descr, shape, data };
}

/** Answers carry relative URLs (or PUBLIC_URL's): resolved against the server here. */
async function download(base: string, url: string) {
  const res = await fetch(new URL(url, base));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/octet-stream');
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
  return bytes;
}

const f64 = (b: Buffer) => Array.from(new Float64Array(b.buffer, b.byteOffset, b.length / 8));
const i32 = (b: Buffer) => Array.from(new Int32Array(b.buffer, b.byteOffset, b.length / 4));

forEachStore('.npy downloads', (store) => {
  let server: AnalyticsServer;
  let world: EmbeddingWorld;
  beforeAll(async () => {
    server = await startAnalyticsServer(store());
    world = new EmbeddingWorld(server.services, (await newModel(server.services, 'm', 20)).id, 20);
    await world.add('prim', 7, 0, 1, 41);
    await world.add('sec', 70, 0.4, 1, 42); // more rows than one streamed chunk (64)
  });
  afterAll(() => server?.close());

  describe('distance matrix, IDist, projections and image ids', () => {
    it('parse back to the numbers the GraphQL answers give', async () => {
      const entry = (await gql(server.url, ODIST)).data.odist.secondaries[0];
      const matrix = (await gql(server.url, MATRIX)).data.distanceMatrix;
      expect(matrix.npyUrl).toBe(entry.distanceMatrixUrl);

      const d = parseNpy(await download(server.url, matrix.npyUrl));
      expect(d.descr).toBe('<f8');
      expect(d.shape).toEqual([70, 7]);
      expect(f64(d.data)).toEqual(matrix.rows.flatMap((r: any) => r.distances));

      const rowIds = parseNpy(await download(server.url, matrix.rowImageIdsUrl));
      expect(rowIds).toMatchObject({ descr: '<i4', shape: [70] });
      expect(i32(rowIds.data)).toEqual(matrix.rows.map((r: any) => Number(r.image.id)));
      expect(i32(parseNpy(await download(server.url, matrix.columnImageIdsUrl)).data)).toEqual(
        matrix.columns.map((c: any) => Number(c.id)),
      );

      const idist = (await gql(server.url, IDIST)).data.idist;
      expect(idist.npyUrl).toBe(entry.idistUrl);
      const v = parseNpy(await download(server.url, idist.npyUrl));
      expect(v.shape).toEqual([70]);
      const byId = new Map(idist.edges.map((e: any) => [Number(e.node.image.id), e.node.idist]));
      expect(f64(v.data)).toEqual(world.datasets.get('sec')!.map((id) => byId.get(id)));
      // IDist is the row sum of the downloaded matrix.
      const sums = Array.from({ length: 70 }, (_, j) =>
        f64(d.data)
          .slice(j * 7, j * 7 + 7)
          .reduce((a, b) => a + b, 0),
      );
      f64(v.data).forEach((x, j) => expect(x).toBeCloseTo(sums[j]!, 10));

      const p = parseNpy(await download(server.url, entry.fit.projectionsUrl));
      expect(p.shape).toEqual([77, entry.fit.componentsUsed]);
      const ids = parseNpy(await download(server.url, entry.fit.imageIdsUrl));
      expect(i32(ids.data)).toEqual([...world.datasets.get('prim')!, ...world.datasets.get('sec')!]);
      // The distance between projected rows is D: row j of sec against column k of prim.
      const rows = f64(p.data);
      const z = entry.fit.componentsUsed;
      const at = (r: number) => rows.slice(r * z, r * z + z);
      const dist = Math.hypot(...at(7 + 5).map((x, c) => x - at(2)[c]!));
      expect(dist).toBeCloseTo(f64(d.data)[5 * 7 + 2]!, 12);
    });

    it('read with numpy.load to the same values (when numpy is available)', async (ctx) => {
      let hasNumpy = true;
      try {
        execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
      } catch {
        hasNumpy = false;
      }
      if (!hasNumpy) ctx.skip();
      const matrix = (await gql(server.url, MATRIX)).data.distanceMatrix;
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'npy-')), 'd.npy');
      fs.writeFileSync(file, await download(server.url, matrix.npyUrl));
      const out = execFileSync('python3', [
        '-c',
        `import numpy as np, json; a = np.load(${JSON.stringify(file)}); print(json.dumps({"shape": list(a.shape), "dtype": str(a.dtype), "values": a.ravel().tolist()}))`,
      ]).toString();
      const parsed = JSON.parse(out);
      expect(parsed.shape).toEqual([70, 7]);
      expect(parsed.dtype).toBe('float64');
      expect(parsed.values).toEqual(matrix.rows.flatMap((r: any) => r.distances));
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    });
  });
});
