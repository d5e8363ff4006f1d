import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('defaults to the embedded store in ./.data on port 4000', () => {
    const c = loadConfig({});
    expect(c.db.url).toBeNull();
    expect(c.db.dataDir).toBe(path.resolve('.data'));
    expect(c.server.port).toBe(DEFAULT_PORT);
    expect(c.ml.executionProviders).toEqual(['cuda', 'cpu']);
    expect(Object.isFrozen(c.limits)).toBe(true);
  });
  it('lists every invalid variable in one error', () => {
    const bad = () =>
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', EXECUTION_PROVIDERS: 'tpu', SEED_DEMO: 'maybe' });
    for (const expected of [
      /PORT must be an integer/,
      /DATABASE_URL must start/,
      /unknown provider "tpu"/,
      /SEED_DEMO must be true or false/,
    ]) {
      expect(bad).toThrow(expected);
    }
  });
});
