import type { Image } from '../generated/prisma/client.js';
import type { LabelCandidatesView } from './performance-views.js';

/**
 * The label picks (method.md "Which images to label") as files to hand to annotators: CSV (one
 * row per pick) and JSON (the picks with every parameter of the answer, so the file says how it was chosen). Pure.
 */

export const LABEL_CSV_COLUMNS = [
  'pick',
  'image_id',
  'file_name',
  'dataset',
  'idist',
  'scaled_idist',
  'rank',
  'p_value',
] as const;

/**
 * RFC 4180 quoting: only when needed, quotes doubled. A text cell starting with = + - @ (or a tab
 * or carriage return) is one a spreadsheet runs as a formula: it gets a leading apostrophe (OWASP's
 * advice), so a file name cannot inject one. Numbers are written as they are.
 */
function csvField(value: string | number): string {
  const s = typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Full float64 precision (shortest round-trip form), so the file reproduces the answer exactly. */
export function labelCsv(view: LabelCandidatesView, images: ReadonlyMap<number, Image>): string {
  const lines = [LABEL_CSV_COLUMNS.join(',')];
  for (const p of view.picks) {
    lines.push(
      [
        p.pick,
        p.imageId,
        images.get(p.imageId)?.fileName ?? '',
        view.secondary.name,
        p.idist,
        p.scaled,
        p.rank,
        p.pValue,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function labelJson(view: LabelCandidatesView, images: ReadonlyMap<number, Image>) {
  return {
    model: { name: view.model.name, version: view.model.version },
    primary: view.primary.name,
    secondary: view.secondary.name,
    strategy: view.strategy,
    count: view.count,
    seed: view.seed,
    lower: view.lower,
    upper: view.upper,
    components: view.componentsRequested,
    componentsUsed: view.fit.componentsUsed,
    reduce: view.reduce,
    fitId: view.fit.id,
    candidateCount: view.candidateCount,
    picks: view.picks.map((p) => ({
      pick: p.pick,
      imageId: p.imageId,
      fileName: images.get(p.imageId)?.fileName ?? null,
      idist: p.idist,
      scaled: p.scaled,
      rank: p.rank,
      pValue: p.pValue,
    })),
  };
}

/** The query string of the download URLs: every parameter of the answer, so the file is the same pick. */
export function labelQueryString(view: LabelCandidatesView): string {
  return new URLSearchParams({
    model: view.model.name,
    modelVersion: String(view.model.version),
    primary: view.primary.name,
    secondary: view.secondary.name,
    strategy: view.strategy,
    count: String(view.count),
    seed: String(view.seed),
    lower: String(view.lower),
    upper: String(view.upper),
    components: String(view.componentsRequested),
    reduce: view.reduce,
  }).toString();
}
