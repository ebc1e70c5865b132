/**
 * The mail-merge file of a campaign's letters (Behörden without an account): RFC 4180 CSV (comma,
 * CRLF, UTF-8, quoted where needed; https://www.rfc-editor.org/rfc/rfc4180), one row per Behörde
 * with its postal details, its gap and the full letter text. Text cells a spreadsheet would run as
 * a formula get a leading apostrophe (the platform's CSV writer).
 */

import { toCsv, type CsvSpalte } from '../portal/csv-export';
import type { BriefZeile } from './outreach.repository';
import { typLabel } from '../shared/behoerde-typen';

const SPALTEN: CsvSpalte<BriefZeile>[] = [
  { name: 'ARS', wert: (b) => b.behoerde_ars },
  { name: 'Behörde', wert: (b) => b.name },
  { name: 'Art', wert: (b) => typLabel(b.typ) },
  { name: 'Sitz', wert: (b) => b.sitz },
  { name: 'PLZ', wert: (b) => b.plz },
  { name: 'Zählende Online-Verfahren', wert: (b) => b.anzahl },
  { name: 'Schwelle', wert: (b) => b.schwelle },
  { name: 'Es fehlen', wert: (b) => Math.max(0, b.schwelle - b.anzahl) },
  { name: 'Betreff', wert: (b) => b.betreff },
  // Line breaks inside the quoted field as CRLF, like the record ends.
  { name: 'Brieftext', wert: (b) => b.text.replace(/\r?\n/g, '\r\n') },
];

export const serienbriefCsv = (briefe: BriefZeile[]) => toCsv(SPALTEN, briefe);
