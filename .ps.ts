import { pairRowSums, pairRowSumsJs, selfDistanceTotal } from './src/math/pair-sums.js';
for (const dim of [1, 2, 5, 25]) {
  const m = 7, n = 13;
  const s = Float64Array.from({ length: m * dim }, () => Math.random() - 0.5);
  const p = Float64Array.from({ length: n * dim }, () => Math.random() - 0.5);
  const a = pairRowSums(s, m, p, n, dim), b = pairRowSumsJs(s, m, p, n, dim);
  console.log(dim, Math.max(...a.map((v, i) => Math.abs(v - b[i]) / b[i])));
}
const dim = 25, m = 2000, n = 50000;
const s = Float64Array.from({ length: m * dim }, () => Math.random() - 0.5);
const p = Float64Array.from({ length: n * dim }, () => Math.random() - 0.5);
let t = performance.now(); pairRowSums(s, m, p, n, dim); const w = performance.now() - t;
t = performance.now(); pairRowSumsJs(s, 200, p, n, dim); const j = (performance.now() - t) * 10;
console.log('wasm ns/pair', (w * 1e6 / (m * n)).toFixed(2), 'js ns/pair', (j * 1e6 / (m * n)).toFixed(2));
const q = p.subarray(0, 300 * dim); const full = pairRowSumsJs(q, 300, q, 300, dim).reduce((a, b) => a + b, 0);
console.log('self', selfDistanceTotal(q, 300, dim, 64) / full - 1);
