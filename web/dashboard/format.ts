/** Number formats shared by tables and charts. */

/** Fixed decimals, as the paper prints its tables (3 for scaled ODist). */
export const fixed = (x: number | null | undefined, digits = 3) =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);

/** Large raw distances: 4 significant digits with thousands separators. */
export function num(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return x.toExponential(3);
  return x.toLocaleString('en-US', { maximumSignificantDigits: 4 });
}

export const pct = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined ? '–' : `${(100 * x).toFixed(digits)} %`;

export function duration(fromIso: string | null, toIso: string | null): string {
  if (!fromIso) return '';
  const ms = (toIso ? Date.parse(toIso) : Date.now()) - Date.parse(fromIso);
  if (!(ms >= 0)) return '';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
