/**
 * CSV export of the grant overview, for Excel with a German locale and for any RFC 4180 reader:
 * `;` separator, UTF-8 with byte order mark, CRLF, fields quoted where needed, amounts as
 * „1234,56“ and dates as „31.12.2021“.
 *
 * Formula injection (OWASP „CSV Injection“): a cell that begins with `=`, `+`, `-`, `@`, a tab or
 * a carriage return would be run as a formula by a spreadsheet; it gets a leading apostrophe.
 * Names and measures come from applicants, so this applies to every text cell.
 */
import { euroEingabe } from './foerderung.regeln';
import type { UebersichtRow } from './foerderung.repository';
import { STATUS_TEXT, type Status, tagInBayern } from './foerderung.status';

const FORMEL_ANFANG = /^[=+\-@\t\r]/;

/** Neutralises a spreadsheet formula and quotes the cell when it contains `;`, `"` or a line break. */
export function csvZelle(wert: string | null | undefined): string {
  let s = wert ?? '';
  if (FORMEL_ANFANG.test(s)) s = `'${s}`;
  if (/[;"\r\n]/.test(s) || s !== s.trim()) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

const datum = (iso: string | null | undefined) => (iso ? iso.slice(0, 10).split('-').reverse().join('.') : '');
const betrag = (cent: string | null | undefined) => (cent === null || cent === undefined ? '' : euroEingabe(BigInt(cent)));

export const CSV_SPALTEN = [
  'Aktenzeichen',
  'Zuwendungsempfänger',
  'ARS',
  'Regierungsbezirk',
  'Maßnahme',
  'Status',
  'Eingereicht am',
  'Bescheid vom',
  'Zuwendung (EUR)',
  'Verwendungsnachweis fällig am',
  'Verwendungsnachweis eingegangen am',
  'Verwendungsnachweis geprüft am',
  'Ausgezahlt (EUR)',
  'Ausgezahlt am',
  'Demodaten',
] as const;

export function uebersichtAlsCsv(rows: UebersichtRow[]): string {
  const zeilen = [CSV_SPALTEN.map(csvZelle).join(';')];
  for (const r of rows) {
    zeilen.push(
      [
        r.aktenzeichen,
        r.behoerde_name,
        r.behoerde_ars,
        r.regbez_name ?? '',
        r.massnahme,
        STATUS_TEXT[r.status as Status]?.de ?? r.status,
        r.eingereicht_am ? datum(tagInBayern(new Date(r.eingereicht_am))) : '',
        datum(r.bescheid_am),
        r.status === 'abgelehnt' ? '' : betrag(r.foerderbetrag_cent),
        datum(r.nachweis_faellig_am),
        datum(r.nachweis_eingegangen_am),
        datum(r.nachweis_geprueft_am),
        r.status === 'ausgezahlt' ? betrag(r.auszahlung_cent) : '',
        datum(r.ausgezahlt_am),
        r.demo ? 'ja' : 'nein',
      ]
        .map(csvZelle)
        .join(';'),
    );
  }
  return `\uFEFF${zeilen.join('\r\n')}\r\n`;
}
