/**
 * A small, strict CSV reader for official files and user uploads.
 *
 * Follows RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180) with the liberties German exports take:
 * `;` instead of `,` (Excel with a German locale), a UTF-8 byte order mark, CRLF or LF line ends.
 * It never stops at the first problem: every malformed record is reported with its line number so
 * an upload can be corrected in one go.
 */

/** One problem in a CSV text; `line` is 1-based and counts physical lines (a quoted field may span several). */
export interface CsvError {
  line: number;
  /** Header name of the column, when the problem belongs to one. */
  column?: string;
  message: string;
}

/** One data record: `line` is the physical line it starts on, `values` maps header name → raw text. */
export interface CsvRecord {
  line: number;
  values: Record<string, string>;
}

export interface CsvParseResult {
  /** Column names from the first record, byte order mark removed. */
  header: string[];
  /** Records with the right number of fields; others only appear in `errors`. */
  records: CsvRecord[];
  errors: CsvError[];
  delimiter: ',' | ';';
}

export interface CsvParseOptions {
  /** Field separator; `auto` (default) takes the one that occurs more often in the header line outside quotes. */
  delimiter?: ',' | ';' | 'auto';
  /** Columns that must be present in the header; each missing one is reported on line 1. */
  requiredColumns?: readonly string[];
}

const BOM = '\uFEFF';

/** Picks `;` or `,` by counting them in the first line, outside quotes. */
function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c === ',') commas++;
    else if (!quoted && c === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

interface RawRecord {
  line: number;
  fields: string[];
  error?: string;
}

/** Splits the text into records of raw fields, tracking the line each record starts on. */
function* readRecords(text: string, delimiter: string): Generator<RawRecord> {
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let error: string | undefined;
    // One record: fields until an unquoted line end or the end of the text.
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        // Quoted field: "" is a quote, delimiters and line ends are content.
        i++;
        let closed = false;
        while (i < n) {
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n') line++;
          else if (c === '\r' && text[i + 1] !== '\n') line++;
          value += c;
          i++;
        }
        if (!closed) {
          error ??= `Anführungszeichen in Feld ${fields.length + 1} wird nicht geschlossen`;
        } else if (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
          error ??= `Nach dem schließenden Anführungszeichen in Feld ${fields.length + 1} folgt „${text[i]}“ statt eines Trennzeichens`;
          // Skip the rest of the field so the following fields stay aligned.
          while (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') value += text[i++];
        }
      } else {
        const start = i;
        while (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') i++;
        value = text.slice(start, i);
        if (value.includes('"')) {
          error ??= `Anführungszeichen mitten in Feld ${fields.length + 1}: ein Feld mit Anführungszeichen muss ganz in Anführungszeichen stehen`;
        }
      }
      fields.push(value);
      if (i < n && text[i] === delimiter) {
        i++;
        continue;
      }
      break;
    }
    // Consume the line end (CRLF, LF or a lone CR).
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    yield { line: startLine, fields, error };
  }
}

/**
 * Parses CSV text with a header row into records keyed by column name.
 *
 * - Quoted fields may contain the delimiter, line breaks and doubled quotes (`""`).
 * - A leading byte order mark is removed; CRLF, LF and CR line ends are accepted.
 * - Empty lines are skipped (a trailing newline is not a record).
 * - Every problem is collected in `errors` with its line: unclosed or stray quotes, a record with
 *   too many or too few fields, empty or duplicate column names, missing required columns.
 *   Records with a problem are left out of `records`.
 *
 * Values are returned exactly as written (no trimming, no number conversion): what a value means
 * is for the caller to decide and to report with the line number.
 *
 * @example
 * const { records, errors } = parseCsv('ags;name\r\n09161000;"Ingolstadt"\r\n');
 * // records[0] → { line: 2, values: { ags: '09161000', name: 'Ingolstadt' } }
 */
export function parseCsv(input: string, options: CsvParseOptions = {}): CsvParseResult {
  const text = input.startsWith(BOM) ? input.slice(1) : input;
  const delimiter = !options.delimiter || options.delimiter === 'auto' ? detectDelimiter(text) : options.delimiter;
  const errors: CsvError[] = [];
  const records: CsvRecord[] = [];
  let header: string[] | undefined;

  for (const raw of readRecords(text, delimiter)) {
    const blank = raw.fields.length === 1 && raw.fields[0] === '' && !raw.error;
    if (blank) continue;
    if (!header) {
      header = raw.fields;
      if (raw.error) errors.push({ line: raw.line, message: `Kopfzeile: ${raw.error}` });
      const seen = new Set<string>();
      header.forEach((name, index) => {
        if (name.trim() === '') errors.push({ line: raw.line, message: `Spalte ${index + 1} hat keinen Namen` });
        else if (seen.has(name)) errors.push({ line: raw.line, column: name, message: `Spalte „${name}“ kommt doppelt vor` });
        seen.add(name);
      });
      for (const required of options.requiredColumns ?? []) {
        if (!seen.has(required)) errors.push({ line: raw.line, column: required, message: `Pflichtspalte „${required}“ fehlt` });
      }
      continue;
    }
    if (raw.error) {
      errors.push({ line: raw.line, message: raw.error });
      continue;
    }
    if (raw.fields.length !== header.length) {
      errors.push({
        line: raw.line,
        message: `${raw.fields.length} Felder statt ${header.length} (Trennzeichen „${delimiter}“; Felder mit „${delimiter}“ müssen in Anführungszeichen stehen)`,
      });
      continue;
    }
    const values: Record<string, string> = {};
    for (let k = 0; k < header.length; k++) values[header[k]] = raw.fields[k];
    records.push({ line: raw.line, values });
  }

  if (!header) errors.push({ line: 1, message: 'Die Datei ist leer: Kopfzeile fehlt' });
  return { header: header ?? [], records, errors, delimiter };
}

const FORMEL_ANFANG = /^[=+\-@\t\r]/;

/**
 * Neutralises a text cell a spreadsheet would treat as a formula (starting with `=`, `+`, `-`,
 * `@`, tab or carriage return) with a leading apostrophe (OWASP "CSV Injection"). For every CSV
 * the platform writes from data a user could have typed or uploaded.
 */
export function entschaerfe(text: string): string {
  return FORMEL_ANFANG.test(text) ? `'${text}` : text;
}
