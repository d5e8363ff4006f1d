import { createAnalyticsPool } from './src/compute/analytics-pool.js';
import { decayingSpectrum } from './test/helpers/numpy-reference.js';
const pool = createAnalyticsPool({ threads: 2 });
const x = decayingSpectrum(650, 6000, { alpha: 0.5, rank: 300, seed: 1 });
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const f = await pool.fit(x, 650, 6000, 25);
  console.log('fit', (performance.now() - t).toFixed(0), 'ms worker', f.fitMs.toFixed(0), JSON.stringify(f.solver));
}
await pool.close();
