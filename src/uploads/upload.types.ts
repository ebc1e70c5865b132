/**
 * The common shape of bulk uploads. The CSV upload and the XZuFi 2.2 import both turn their file
 * into `UploadZeile`s (with the line each came from); one validator and one all-or-nothing writer
 * (upload.service.ts) handle both.
 */

/** One procedure for one Behörde, as read from a file (not yet validated against the database). */
export interface UploadZeile {
  /** Line in the file the row came from (1-based; CSV: the data line incl. header = line 1). */
  zeile: number;
  /** Behörde key (ARS of the territory it administers: 12, 9, 5 or 3 digits). */
  ars: string;
  name: string;
  beschreibung: string;
  url: string;
  /** One or more 14-digit LeiKa-Schlüssel the procedure realises. */
  leikaSchluessel: string[];
  /** Reuse an existing catalogue entry (its UUID) instead of creating one. */
  verfahrenId?: string;
  /** The id in the source system (XZuFi `onlinedienst/id`); same id = same catalogue entry. */
  externeId?: string;
  vertrauensniveau?: string;
  /** online (default) | information | formular_pdf */
  art?: string;
}

/** An error in an uploaded file: where (line, column/field) and what, in German. */
export interface UploadFehler {
  zeile: number;
  spalte?: string;
  meldung: string;
}
