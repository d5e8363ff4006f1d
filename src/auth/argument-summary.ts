/**
 * What the audit trail keeps of a write's arguments: names, ids, paths and options, never
 * secrets or payloads. Values under a key that names a secret or inline bytes (base64, token,
 * secret, password) become a length; long strings and arrays are cut. Pure.
 */
const SECRET_KEY = /base64|token|secret|password/i;
const MAX_STRING = 200;
const MAX_ITEMS = 20;

export function summariseArguments(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string')
    return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length} chars)` : value;
  if (typeof value !== 'object') return value;
  if (depth > 4) return '…';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => summariseArguments(v, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `… (${value.length} items)`] : items;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_KEY.test(k)) out[k] = typeof v === 'string' ? `<${v.length} chars omitted>` : '<omitted>';
    else out[k] = summariseArguments(v, depth + 1);
  }
  return out;
}
