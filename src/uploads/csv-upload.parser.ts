/**
 * Reads a CSV upload of Online-Verfahren into `UploadZeile`s (docs/uploads.md describes the format).
 *
 * The CSV grammar (quotes, `;` or `,`, BOM, line ends) is `parseCsv` from shared/csv.ts; this module
 * maps its columns, splits the LeiKa keys, enforces the size limits and reports every problem with
 * its line and column. It does not check values: that is `pruefeZeilen` (upload.service.ts), which
 * the XZuFi import shares.
 */
import { parseCsv } from '../shared/csv';
import type { UploadFehler, UploadZeile } from './upload.types';

/** Largest file accepted (bytes). The routes' body limits use the same number. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** Most data rows accepted in one upload. */
export const MAX_UPLOAD_ZEILEN = 200_000;

export const PFLICHTSPALTEN = ['ars', 'name', 'beschreibung', 'url', 'leika_schluessel'] as const;
export const OPTIONALE_SPALTEN = ['verfahren_id', 'vertrauensniveau', 'art', 'externe_id'] as const;
export type UploadSpalte = (typeof PFLICHTSPALTEN)[number] | (typeof OPTIONALE_SPALTEN)[number];
const BEKANNTE_SPALTEN: readonly string[] = [...PFLICHTSPALTEN, ...OPTIONALE_SPALTEN];

/** Other spellings of a column name seen in exports (compared after `normalisiereSpalte`). */
const ALIASE: Record<string, UploadSpalte> = {
  leika_schlüssel: 'leika_schluessel',
  leika: 'leika_schluessel',
  leikaschluessel: 'leika_schluessel',
  verfahrenid: 'verfahren_id',
  externeid: 'externe_id',
};

/** `Leika-Schlüssel ` → `leika_schlüssel`: case, surrounding blanks, `-` and spaces do not matter. */
const normalisiereSpalte = (name: string) => name.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** LeiKa keys in one cell: separated by `|` or whitespace (a line break in a quoted cell too). */
export const splitLeika = (zelle: string): string[] => zelle.split(/[|\s]+/).filter((s) => s !== '');

export interface CsvUploadErgebnis {
  zeilen: UploadZeile[];
  /** Problems found while reading (encoding, size, CSV syntax, missing columns); each with its line. */
  fehler: UploadFehler[];
  /** Notes that do not stop the upload (ignored columns). */
  hinweise: string[];
  trennzeichen?: ',' | ';';
}

/** Line of the first byte that is not valid UTF-8 (1-based). */
function zeileDesKodierfehlers(buf: Uint8Array): number {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(buf);
  const pos = text.indexOf('\uFFFD');
  if (pos < 0) return 1;
  let zeile = 1;
  for (let i = 0; i < pos; i++) if (text.charCodeAt(i) === 10) zeile++;
  return zeile;
}

/**
 * Decodes the upload as UTF-8. A file saved as Windows-1252 ("CSV (Trennzeichen-getrennt)" in a
 * German Excel) fails here with a message saying how to save it instead of producing „MÃ¼nchen“.
 */
export function dekodiereUtf8(daten: Uint8Array): { text: string } | { fehler: UploadFehler } {
  if (daten.byteLength > MAX_UPLOAD_BYTES) {
    return { fehler: { zeile: 1, meldung: `Die Datei ist ${formatMb(daten.byteLength)} groß; erlaubt sind höchstens ${formatMb(MAX_UPLOAD_BYTES)}. Bitte teilen Sie sie auf.` } };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(daten) };
  } catch {
    return {
      fehler: {
        zeile: zeileDesKodierfehlers(daten),
        meldung: 'Die Datei ist nicht UTF-8-kodiert (ab dieser Zeile). Bitte speichern Sie sie als „CSV UTF-8“.',
      },
    };
  }
}

const formatMb = (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1 })} MB`;

/**
 * Parses an uploaded CSV (bytes or already decoded text) into rows.
 *
 * - Delimiter `;` or `,` is detected from the header; a UTF-8 byte order mark is removed.
 * - Column names are matched without regard to case, blanks and `-`; unknown columns are ignored
 *   and named in `hinweise`; a missing required column is an error on line 1 and no row is read
 *   (otherwise every row would repeat that error).
 * - Empty lines, also lines of delimiters only (Excel), are skipped.
 * - Values are trimmed; LeiKa keys are split at `|` and whitespace.
 * - More than 50 MB or 200,000 data rows: one error, no rows.
 */
export function parseUploadCsv(input: string | Uint8Array): CsvUploadErgebnis {
  let text: string;
  if (typeof input === 'string') {
    text = input;
    if (Buffer.byteLength(text, 'utf8') > MAX_UPLOAD_BYTES) {
      return { zeilen: [], hinweise: [], fehler: [{ zeile: 1, meldung: `Die Datei ist größer als ${formatMb(MAX_UPLOAD_BYTES)}. Bitte teilen Sie sie auf.` }] };
    }
  } else {
    const d = dekodiereUtf8(input);
    if ('fehler' in d) return { zeilen: [], hinweise: [], fehler: [d.fehler] };
    text = d.text;
  }

  const csv = parseCsv(text);
  const fehler: UploadFehler[] = csv.errors.map((e) => ({ zeile: e.line, spalte: e.column, meldung: e.message }));
  const hinweise: string[] = [];

  // Which header column feeds which field.
  const quelle = new Map<UploadSpalte, string>();
  for (const original of csv.header) {
    const n = normalisiereSpalte(original);
    const spalte = (BEKANNTE_SPALTEN.includes(n) ? n : ALIASE[n]) as UploadSpalte | undefined;
    if (!spalte) {
      if (original.trim() !== '') hinweise.push(`Die Spalte „${original.trim()}“ ist unbekannt und wird ignoriert.`);
      continue;
    }
    if (quelle.has(spalte)) {
      fehler.push({ zeile: 1, spalte, meldung: `Die Spalte „${spalte}“ kommt doppelt vor („${quelle.get(spalte)}“ und „${original}“).` });
      continue;
    }
    quelle.set(spalte, original);
  }
  const kopfzeile = csv.records[0] ? 1 : 1;
  const fehlend = csv.header.length > 0 ? PFLICHTSPALTEN.filter((s) => !quelle.has(s)) : [];
  for (const s of fehlend) {
    fehler.push({ zeile: kopfzeile, spalte: s, meldung: `Die Pflichtspalte „${s}“ fehlt in der Kopfzeile.` });
  }
  if (fehlend.length > 0) {
    return { zeilen: [], fehler: sortiereFehler(fehler), hinweise, trennzeichen: csv.delimiter };
  }

  const wert = (values: Record<string, string>, s: UploadSpalte) => {
    const q = quelle.get(s);
    return q === undefined ? '' : (values[q] ?? '').trim();
  };

  const zeilen: UploadZeile[] = [];
  for (const r of csv.records) {
    if (Object.values(r.values).every((v) => v.trim() === '')) continue;
    const z: UploadZeile = {
      zeile: r.line,
      ars: wert(r.values, 'ars'),
      name: wert(r.values, 'name'),
      beschreibung: wert(r.values, 'beschreibung'),
      url: wert(r.values, 'url'),
      leikaSchluessel: splitLeika(wert(r.values, 'leika_schluessel')),
    };
    const verfahrenId = wert(r.values, 'verfahren_id');
    const externeId = wert(r.values, 'externe_id');
    const vertrauensniveau = wert(r.values, 'vertrauensniveau');
    const art = wert(r.values, 'art');
    if (verfahrenId) z.verfahrenId = verfahrenId;
    if (externeId) z.externeId = externeId;
    if (vertrauensniveau) z.vertrauensniveau = vertrauensniveau;
    if (art) z.art = art;
    zeilen.push(z);
  }
  const datenzeilen = zeilen.length + fehler.filter((f) => f.zeile > 1).length;
  if (datenzeilen > MAX_UPLOAD_ZEILEN) {
    return {
      zeilen: [],
      hinweise,
      trennzeichen: csv.delimiter,
      fehler: [
        {
          zeile: zeilen[MAX_UPLOAD_ZEILEN]?.zeile ?? 1,
          meldung: `Die Datei hat ${datenzeilen.toLocaleString('de-DE')} Datenzeilen; erlaubt sind höchstens ${MAX_UPLOAD_ZEILEN.toLocaleString('de-DE')}. Bitte teilen Sie sie auf.`,
        },
      ],
    };
  }
  if (zeilen.length === 0 && fehler.length === 0) fehler.push({ zeile: 1, meldung: 'Die Datei enthält keine Datenzeilen.' });
  return { zeilen, fehler: sortiereFehler(fehler), hinweise, trennzeichen: csv.delimiter };
}

const SPALTEN_REIHENFOLGE: Record<string, number> = Object.fromEntries(BEKANNTE_SPALTEN.map((s, i) => [s, i]));

/** Errors by line, then in column order (the order of the template). */
export function sortiereFehler(fehler: UploadFehler[]): UploadFehler[] {
  return fehler.sort((a, b) => a.zeile - b.zeile || (SPALTEN_REIHENFOLGE[a.spalte ?? ''] ?? -1) - (SPALTEN_REIHENFOLGE[b.spalte ?? ''] ?? -1));
}

/** Quotes one CSV field when it needs it (delimiter, quote, line break, leading/trailing blank). */
export function csvFeld(value: string, delimiter: ',' | ';' = ';'): string {
  if (value === '' || (!value.includes(delimiter) && !/["\r\n]/.test(value) && value.trim() === value)) return value;
  return `"${value.replace(/"/g, '""')}"`;
}

/** Writes rows as CSV text (CRLF, with header) — for the template, the error list and tests. */
export function schreibeCsv(header: readonly string[], rows: readonly (readonly string[])[], delimiter: ',' | ';' = ';'): string {
  return [header, ...rows].map((r) => r.map((v) => csvFeld(v, delimiter)).join(delimiter)).join('\r\n') + '\r\n';
}
