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
