/**
 * Problems found while reading the official files. Every parser collects them instead of stopping
 * at the first, so an administrator can fix a file in one go (STYLE: "report every error with its
 * line").
 */
import { AppError } from '../shared/errors';

/** One problem in one official file. */
export interface ImportFehler {
  /** File name as the administrator knows it (no directory), e.g. `GV100AD_30112025.txt`. */
  file: string;
  /** 1-based line; null when the problem concerns the whole file or a file that has no lines to speak of (GeoJSON features). */
  line: number | null;
  /** Field in the language of the file's own description, e.g. „Bevölkerung“; null when the whole record or file is meant. */
  field: string | null;
  /** German, says what is wrong and shows the offending value in „…“. */
  message: string;
}

/**
 * Thrown by the import when any official file has a problem; nothing has been written then.
 * `errors` holds every problem of every file (also as `details` for the shared error handler).
 */
export class ImportValidationError extends AppError {
  readonly code = 'IMPORT_INVALID';
  readonly status = 422;
  constructor(readonly errors: ImportFehler[]) {
    super(
      `Die amtlichen Daten enthalten ${errors.length === 1 ? 'einen Fehler' : `${errors.length.toLocaleString('de-DE')} Fehler`}; es wurde nichts importiert.`,
      errors.map((e) => ({ file: e.file, line: e.line ?? undefined, field: e.field ?? undefined, message: e.message })),
    );
  }
}

/**
 * One line per problem, e.g.
 * `GV100AD_30112025.txt, Zeile 8620, Feld „Bevölkerung“: „00x00141185“ ist keine Zahl`.
 */
export function formatImportFehler(fehler: ImportFehler): string {
  const where = [fehler.file];
  if (fehler.line !== null) where.push(`Zeile ${fehler.line}`);
  if (fehler.field !== null) where.push(`Feld „${fehler.field}“`);
  return `${where.join(', ')}: ${fehler.message}`;
}
