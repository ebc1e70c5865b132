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

import type { Database, Db } from '../shared/db';
import { createUploadRepository } from './upload.repository';
import type { AufrufOptionen, UploadEingabe, UploadErgebnis } from './upload.pruefung';
import type { UploadFehler, UploadZeile } from './upload.types';
import type { XzufiErgebnis } from './xzufi.parser';
import { type Handelnde } from '../shared/handelnde';

/**
 * The Behörde keys a gebietID may stand for, most specific first:
 * - 12 digits: the Gemeinde itself; the Verwaltungsgemeinschaft whose 9-digit key it starts with
 *   (a member Gemeinde is served by its VG; `096735634000`, zero-padded, is that VG); with 7
 *   trailing zeros the Kreis (5), with 9 the Bezirk (3);
 * - 9 digits (Gemeindeverband): the VG;
 * - 5 digits (Kreis): the Landkreis;
 * - 3 digits (Regierungsbezirk): the Bezirk, whose Behörde has that key;
 * - 2 digits (Land): none — an Online-Verfahren for a whole Land is a zentrales Verfahren.
 * A verbandsfreie Gemeinde (9 digits) and a kreisfreie Stadt (5 digits) have no Behörde of that
 * length: `ordneBehoerdenZu` then takes the one Behörde that administers every Gemeinde under the key.
 */
export function behoerdenKandidaten(gebietId: string): string[] {
  if (/^\d{12}$/.test(gebietId)) {
    const k = [gebietId, gebietId.slice(0, 9)];
    if (gebietId.endsWith('0000000')) k.push(gebietId.slice(0, 5));
    if (gebietId.endsWith('000000000')) k.push(gebietId.slice(0, 3));
    return k;
  }
  if (/^(\d{3}|\d{5}|\d{9})$/.test(gebietId)) return [gebietId];
  return [];
}

/** The shorter key a zero-padded 12-digit one denotes (`094710000000` → `09471`), for the one-Behörde fallback. */
const ohneNullen = (k: string) => (/^\d{12}$/.test(k) ? (k.endsWith('000000000') ? k.slice(0, 3) : k.endsWith('0000000') ? k.slice(0, 5) : k.endsWith('000') ? k.slice(0, 9) : k) : k);

/**
 * Replaces each row's gebietID by the key of an existing Behörde (two or three queries for the
 * file); a gebietID without one stays as it is and the check reports it. An 8-digit AGS is looked
 * up in the Gemeindeverzeichnis first. Rows that end up twice for the same onlinedienst and Behörde
 * (two member Gemeinden of one VG) become one. Returns the notes and errors of the mapping.
 */
export async function ordneBehoerdenZu(zeilen: readonly UploadZeile[], db: Db): Promise<{ zeilen: UploadZeile[]; hinweise: string[]; fehler: UploadFehler[] }> {
  const repo = createUploadRepository(db);
  const ags = [...new Set(zeilen.map((z) => z.ars).filter((a) => /^\d{8}$/.test(a)))];
  const agsZuArs = await repo.arsVonAgs(ags);
  const schluessel = (a: string) => agsZuArs.get(a) ?? a;
  const kandidaten = [...new Set(zeilen.flatMap((z) => behoerdenKandidaten(schluessel(z.ars))))];
  const vorhanden = new Set((await repo.behoerden(kandidaten)).map((b) => b.ars));
  // Keys without a Behörde of their own (verbandsfreie Gemeinde, kreisfreie Stadt): the one Behörde for all Gemeinden under them.
  const offen = [...new Set(zeilen.map((z) => schluessel(z.ars)).filter((a) => /^\d{3,12}$/.test(a) && !behoerdenKandidaten(a).some((k) => vorhanden.has(k))).map(ohneNullen))];
  const einzige = await repo.einzigeBehoerdeUnter(offen);
  const ergebnis: UploadZeile[] = [];
  const fehler: UploadFehler[] = [];
  const gesehen = new Set<string>();
  const umgeschluesselt = new Map<string, string>();
  let zusammengefasst = 0;
  for (const z of zeilen) {
    const k = schluessel(z.ars);
    if (/^\d{2}$/.test(k)) {
      fehler.push({
        zeile: z.zeile,
        spalte: 'gebietID',
        meldung: `gebietID „${k}“ ist der Schlüssel eines ganzen Landes. Online-Verfahren werden der Behörde eines Gebiets zugeordnet (Gemeinde, Verwaltungsgemeinschaft, Landkreis oder Bezirk); landesweite Verfahren sind zentrale Verfahren des Freistaats.`,
      });
      continue;
    }
    const ars = behoerdenKandidaten(k).find((c) => vorhanden.has(c)) ?? einzige.get(ohneNullen(k)) ?? k;
    if (ars !== z.ars) umgeschluesselt.set(z.ars, ars);
    const paar = `${z.externeId ?? z.zeile}\u0000${ars}`;
    if (gesehen.has(paar)) {
      zusammengefasst += 1;
      continue;
    }
    gesehen.add(paar);
    ergebnis.push(ars === z.ars ? z : { ...z, ars });
  }
  const hinweise: string[] = [];
  if (umgeschluesselt.size > 0) {
    const beispiele = [...umgeschluesselt].slice(0, 3).map(([von, nach]) => `${von} → ${nach}`);
    hinweise.push(
      `${umgeschluesselt.size.toLocaleString('de-DE')} gebietID ${umgeschluesselt.size === 1 ? 'wurde' : 'wurden'} der Behörde zugeordnet, die für das Gebiet handelt (Gemeinde, Verwaltungsgemeinschaft, Landkreis oder Bezirk), z. B. ${beispiele.join(', ')}.`,
    );
  }
  if (zusammengefasst > 0) {
    hinweise.push(
      zusammengefasst === 1
        ? '1 Zuständigkeit betraf dieselbe Behörde wie eine andere desselben onlinedienst und wurde mit ihr zu einer Verlinkung zusammengefasst.'
        : `${zusammengefasst.toLocaleString('de-DE')} Zuständigkeiten betrafen dieselbe Behörde wie eine andere desselben onlinedienst und wurden zu einer Verlinkung zusammengefasst.`,
    );
  }
  return { zeilen: ergebnis, hinweise, fehler };
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
  const { zeilen, hinweise, fehler } = await ordneBehoerdenZu(gelesen.zeilen, executor(deps.database));
  return deps.pruefeUndSpeichere(
    user,
    { format: 'xzufi', dateiname: eingabe.dateiname, zeilen, lesefehler: [...gelesen.fehler, ...fehler], hinweise, datensaetze: gelesen.anzahl.onlinedienste },
    opts,
  );
}
