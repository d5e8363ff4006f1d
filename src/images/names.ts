import { AppError, ErrorCode } from '../errors.js';

/** Dataset names are identifiers: they appear in URLs, CLI flags and file names. */
export const DATASET_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;

export function assertDatasetName(name: string): void {
  if (!DATASET_NAME.test(name)) {
    throw new AppError(
      ErrorCode.INVALID_NAME,
      `Dataset name "${name}" is not valid: use a letter followed by up to 62 letters, digits, "_" or "-"`,
      { name },
    );
  }
}

/**
 * File names are stored and shown as given and end up in download names and CSV files: no path
 * separators (a name is never a path), no control characters (NUL included), at most 255 bytes.
 */
export function assertFileName(name: string): void {
  // eslint-disable-next-line no-control-regex
  const bad = /[/\\\x00-\x1f\x7f]/.exec(name);
  if (bad || name === '' || name === '.' || name === '..' || Buffer.byteLength(name) > 255) {
    const shown = JSON.stringify(name.slice(0, 80));
    throw new AppError(
      ErrorCode.INVALID_NAME,
      bad
        ? `File name ${shown} contains ${bad[0] === '/' || bad[0] === '\\' ? 'a path separator' : 'a control character'}`
        : `File name ${shown} is not valid: 1 to 255 bytes, not "." or ".."`,
      { name: name.slice(0, 80) },
    );
  }
}
