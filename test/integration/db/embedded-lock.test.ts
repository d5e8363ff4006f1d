import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { processStartTime } from '../../../src/db/embedded-store.js';
import { openStore } from '../../../src/db/store.js';
import { tempDataDir, templateDataDir } from '../../helpers/stores.js';

// The lock file exists only for the embedded store: PostgreSQL needs none.
describe.skipIf(process.platform !== 'linux')('the embedded store lock and PID reuse', () => {
  let unrelated: ChildProcess;
  beforeAll(async () => {
    // A live process that is not a distmetrics server: what a reused PID points at.
    unrelated = spawn('sleep', ['120'], { stdio: 'ignore' });
    await new Promise((r) => unrelated.once('spawn', r));
  });
  afterAll(() => {
    unrelated.kill();
  });

  const configFor = (dataDir: string) =>
    loadConfig({ DISTMETRICS_DATA_DIR: dataDir, SEED_DEMO: 'false', DATABASE_URL: '' });
  const writeLock = (dataDir: string, lock: Record<string, unknown>) => {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'store.lock.json'), JSON.stringify(lock));
  };

  it('opens the store when the recorded PID is alive but started at another time (reused)', async () => {
    const dataDir = await templateDataDir();
    writeLock(dataDir, { pid: unrelated.pid, startTime: '1', port: 5, role: 'server' });
    const store = await openStore(configFor(dataDir), { role: 'server', joinRunning: false });
    try {
      expect((await store.pool.query('SELECT 1 AS one')).rows[0].one).toBe(1);
      const lock = JSON.parse(fs.readFileSync(path.join(dataDir, 'store.lock.json'), 'utf8'));
      expect(lock).toMatchObject({ pid: process.pid, startTime: processStartTime(process.pid) });
    } finally {
      await store.close();
    }
  }, 60_000);

  it('opens the store over an old lock (no start time) naming a process started after it was written', async () => {
    const dataDir = await templateDataDir();
    writeLock(dataDir, { pid: unrelated.pid, port: 5, role: 'server' });
    const past = new Date(Date.now() - 3600_000);
    fs.utimesSync(path.join(dataDir, 'store.lock.json'), past, past);
    const store = await openStore(configFor(dataDir), { role: 'server', joinRunning: false });
    await store.close();
  }, 60_000);

  it('still refuses while the process that wrote the lock (same PID and start time) is alive', async () => {
    const dataDir = tempDataDir();
    const startTime = processStartTime(unrelated.pid!);
    expect(startTime).toMatch(/^\d+$/);
    writeLock(dataDir, { pid: unrelated.pid, startTime, port: null, role: 'server' });
    await expect(openStore(configFor(dataDir), { role: 'server', joinRunning: false })).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
    expect(fs.existsSync(path.join(dataDir, 'pgdata'))).toBe(false); // nothing was opened or written
  }, 60_000);
});
