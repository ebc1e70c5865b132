/**
 * Large uploads for the 100,000-row test and the benchmark (bench/upload.bench.ts): an
 * IT-Dienstleister's procedures for the Behörden it serves, as CSV text.
 */
import { schreibeCsv } from './csv-upload.parser';

export interface GrosserUpload {
  /** Behörden (ARS) the rows are for. */
  behoerden: string[];
  /** Procedures per Behörde. */
  verfahrenProBehoerde: number;
  /**
   * `gemeinsam`: the same procedures for every Behörde (one catalogue entry each, linked by all,
   * with the Behörde in the URL's query); `eigen`: every row its own procedure.
   */
  art: 'gemeinsam' | 'eigen';
  /** Existing LeiKa keys to use (round robin). */
  leika: string[];
}

/** CSV text with `behoerden.length × verfahrenProBehoerde` data rows. Half the procedures carry an externe_id. */
export function grosseUploadCsv(o: GrosserUpload): string {
  const rows: string[][] = [];
  for (const ars of o.behoerden) {
    for (let i = 0; i < o.verfahrenProBehoerde; i++) {
      const n = o.art === 'gemeinsam' ? `${i}` : `${ars}-${i}`;
      const leika = `${o.leika[i % o.leika.length]}|${o.leika[(i * 7 + 3) % o.leika.length]}`;
      rows.push([
        ars,
        `Online-Antrag ${n}`,
        `Beschreibung des Online-Antrags ${n}; mit Postkorb und E-Payment.`,
        `https://formulare.rz.example.org/antrag/${n}?gemeinde=${ars}`,
        leika,
        i % 2 === 0 ? `RZ-${n}` : '',
      ]);
    }
  }
  return schreibeCsv(['ars', 'name', 'beschreibung', 'url', 'leika_schluessel', 'externe_id'], rows);
}
