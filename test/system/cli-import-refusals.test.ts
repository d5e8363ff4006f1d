import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openStore } from '../../src/db/store.js';
import { bombPng } from '../helpers/bomb.js';
import { runCli } from '../helpers/cli.js';
import { forEachStore, tempDataDir } from '../helpers/stores.js';

forEachStore('npx distmetrics import with nothing importable', (store) => {
  it('lists every file with its reason and exits non-zero, creating no dataset', async () => {
    const folder = tempDataDir();
    fs.writeFileSync(path.join(folder, 'bomb.png'), bombPng(16000));
    fs.writeFileSync(path.join(folder, 'garbage.jpg'), Buffer.from('not an image at all'));
    const jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 9, g: 80, b: 200 } } })
      .jpeg()
      .toBuffer();
    fs.writeFileSync(path.join(folder, 'cut.jpg'), jpeg.subarray(0, jpeg.length - 40));
    fs.symlinkSync(path.join(folder, 'cut.jpg'), path.join(folder, 'link.jpg'));
    const run = await runCli(['import', folder, '--dataset', 'nothing'], store().env);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/0 added, 0 already present, 0 with masks, 4 skipped \(of 3 image files\)/);
    expect(run.stdout).toMatch(/skipped bomb\.png: .*MAX_IMAGE_PIXELS/);
    expect(run.stdout).toMatch(/skipped garbage\.jpg: Cannot decode image/);
    expect(run.stdout).toMatch(/skipped cut\.jpg: Cannot decode image/);
    expect(run.stdout).toMatch(/skipped link\.jpg: symbolic link/);
    expect(run.stderr).toMatch(/Nothing was imported/);
    const opened = await openStore(loadConfig({ ...store().env }), { role: 'test', joinRunning: true });
    try {
      const { rows } = await opened.pool.query<{ n: string }>('SELECT count(*) AS n FROM datasets');
      expect(Number(rows[0]!.n)).toBe(0);
    } finally {
      await opened.close();
    }
  }, 120_000);
});
