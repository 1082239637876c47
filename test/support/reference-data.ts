import * as path from 'path';

/** Absolute path of a reference data file (test/reference-data/, a copy of ../shared/reference/data/). */
export function referenceDataPath(...parts: string[]): string {
  return path.join(__dirname, '..', 'reference-data', ...parts);
}
