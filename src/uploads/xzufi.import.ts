/**
 * The XZuFi 2.2 import after reading: turn each gebietID into the key of the Behörde that acts for
 * that territory, then hand the rows to the upload's dry run (upload.service.ts), which checks them
 * like CSV rows and stores the upload. No Fastify here: the API, the page and a CLI call the same.
 *
 * Why the mapping: XZuFi names territories by their 12-digit ARS, padded with zeros above the
 * Gemeinde level (Landkreis Rhön-Grabfeld 096730000000, Bezirk Unterfranken 096000000000). The
 * platform keys a Behörde by the ARS of what it administers: 12 digits for a Gemeinde, 9 for a
 * Verwaltungsgemeinschaft, 5 for a Landkreis, 3 for a Bezirk (gebiete/behoerden.derivation.ts).
 */
import type { Handelnde } from '../auth/berechtigung';
import type { Database, Db } from '../shared/db';
import { createUploadRepository } from './upload.repository';
import type { AufrufOptionen, UploadEingabe, UploadErgebnis } from './upload.service';
import type { UploadZeile } from './upload.types';
import type { XzufiErgebnis } from './xzufi.parser';

/**
 * The Behörde keys a 12-digit gebietID may stand for, most specific first: the Gemeinde itself;
 * the Verwaltungsgemeinschaft whose 9-digit key it starts with (a member Gemeinde is served by
 * its VG); with trailing zeros the Landkreis (5) and the Bezirk (3).
 */
export function behoerdenKandidaten(gebietId: string): string[] {
  if (!/^\d{12}$/.test(gebietId)) return [gebietId];
  const k = [gebietId, gebietId.slice(0, 9)];
  if (gebietId.endsWith('0000000')) k.push(gebietId.slice(0, 5));
  if (gebietId.endsWith('000000000')) k.push(gebietId.slice(0, 3));
  return k;
}

/**
 * Replaces each row's gebietID by the key of an existing Behörde (one query for the file); an ARS
 * without one stays as it is and the check reports it. Rows that end up twice for the same
 * onlinedienst and Behörde (two member Gemeinden of one VG) become one. Returns the notes.
 */
export async function ordneBehoerdenZu(zeilen: readonly UploadZeile[], db: Db): Promise<{ zeilen: UploadZeile[]; hinweise: string[] }> {
  const kandidaten = [...new Set(zeilen.flatMap((z) => behoerdenKandidaten(z.ars)))];
  const vorhanden = new Set((await createUploadRepository(db).behoerden(kandidaten)).map((b) => b.ars));
  const ergebnis: UploadZeile[] = [];
  const gesehen = new Set<string>();
  const umgeschluesselt = new Map<string, string>();
  let zusammengefasst = 0;
  for (const z of zeilen) {
    const ars = behoerdenKandidaten(z.ars).find((k) => vorhanden.has(k)) ?? z.ars;
    if (ars !== z.ars) umgeschluesselt.set(z.ars, ars);
    const schluessel = `${z.externeId ?? z.zeile}\u0000${ars}`;
    if (gesehen.has(schluessel)) {
      zusammengefasst += 1;
      continue;
    }
    gesehen.add(schluessel);
    ergebnis.push(ars === z.ars ? z : { ...z, ars });
  }
  const hinweise: string[] = [];
  if (umgeschluesselt.size > 0) {
    const beispiele = [...umgeschluesselt].slice(0, 3).map(([von, nach]) => `${von} → ${nach}`);
    hinweise.push(
      `${umgeschluesselt.size.toLocaleString('de-DE')} gebietID wurden der Behörde zugeordnet, die für das Gebiet handelt (Verwaltungsgemeinschaft, Landkreis oder Bezirk), z. B. ${beispiele.join(', ')}.`,
    );
  }
  if (zusammengefasst > 0) {
    hinweise.push(`${zusammengefasst.toLocaleString('de-DE')} Zuständigkeiten betrafen dieselbe Behörde wie eine andere desselben onlinedienst und wurden zu einer Verlinkung zusammengefasst.`);
  }
  return { zeilen: ergebnis, hinweise };
}

export interface XzufiPruefung {
  /** The dry run of the upload service (`upload.service.ts` `pruefeUndSpeichere`). */
  pruefeUndSpeichere: (user: Handelnde, eingabe: UploadEingabe, opts?: AufrufOptionen) => Promise<UploadErgebnis>;
  database: Database | Db;
}

const executor = (database: Database | Db): Db => ('close' in database && 'kind' in database ? (database as Database).db : (database as Db));

/**
 * Stores the dry run of a read XZuFi file. A refused file (`abgewiesen`: security, limit, not
 * well-formed) must not get here: the caller answers with its error and stores nothing.
 */
export async function pruefeXzufi(
  deps: XzufiPruefung,
  user: Handelnde,
  gelesen: XzufiErgebnis,
  eingabe: { dateiname: string },
  opts: AufrufOptionen = {},
): Promise<UploadErgebnis> {
  if (gelesen.abgewiesen) throw new Error('pruefeXzufi: a refused XZuFi file is never stored');
  const { zeilen, hinweise } = await ordneBehoerdenZu(gelesen.zeilen, executor(deps.database));
  return deps.pruefeUndSpeichere(user, { format: 'xzufi', dateiname: eingabe.dateiname, zeilen, lesefehler: gelesen.fehler, hinweise }, opts);
}
