import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The shared datasets live beside the repository, never inside it. */
export const SHARED_DATA = path.resolve(REPO_ROOT, '../shared/data');

export function sharedDataset(name: string): string | null {
  const dir = path.join(SHARED_DATA, name);
  return fs.existsSync(dir) ? dir : null;
}

export const missingDataMessage = (name: string) =>
  `skipped: ${path.join(SHARED_DATA, name)} is absent (shared datasets not available)`;
