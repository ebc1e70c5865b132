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

/**
 * `standard`: RFC 4180 as above. `excel`: the same rows for a spreadsheet with German settings
 * (Excel, LibreOffice), which reads a double-clicked CSV with the system's list separator and
 * code page: `;` as separator, a UTF-8 byte order mark (so umlauts survive), decimal comma in
 * numbers that have decimals; quoting by RFC 4180 with `;` as the separator.
 */
export type CsvFormat = 'standard' | 'excel';

function zelle(v: CsvWert, format: CsvFormat): string {
  const trenner = format === 'excel' ? ';' : ',';
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    return format === 'excel' ? String(v).replace('.', ',') : String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const text = entschaerfe(v);
  return text.includes(trenner) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole CSV text of `rows` with the given columns. */
export function toCsv<T>(spalten: readonly CsvSpalte<T>[], rows: Iterable<T>, format: CsvFormat = 'standard'): string {
  const trenner = format === 'excel' ? ';' : ',';
  const lines = [spalten.map((s) => zelle(s.name, format)).join(trenner)];
  for (const r of rows) lines.push(spalten.map((s) => zelle(s.wert(r), format)).join(trenner));
  return `${format === 'excel' ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}
