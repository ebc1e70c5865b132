/**
 * Writes the portal's CSV downloads: RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180), comma,
 * CRLF, UTF-8 without byte order mark, one header row of stable snake_case names and nothing else —
 * no comment or licence line, so every CSV parser reads the file as it is. Licence and attribution
 * travel in the HTTP `Link` header, the JSON metadata and the data dictionary (docs/opendata.md).
 *
 * Text cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or
 * carriage return) get a leading apostrophe (OWASP "CSV Injection"). Numbers and booleans are
 * written as they are, so a numeric column never changes.
 */
import { entschaerfe } from '../shared/csv';

export { entschaerfe };

export type CsvWert = string | number | boolean | null | undefined;

export interface CsvSpalte<T> {
  name: string;
  wert: (row: T) => CsvWert;
}

function zelle(v: CsvWert): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const text = entschaerfe(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole CSV text of `rows` with the given columns. */
export function toCsv<T>(spalten: readonly CsvSpalte<T>[], rows: Iterable<T>): string {
  const lines = [spalten.map((s) => zelle(s.name)).join(',')];
  for (const r of rows) lines.push(spalten.map((s) => zelle(s.wert(r))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
