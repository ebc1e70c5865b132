/**
 * The Gebietskulisse „Raum mit besonderem Handlungsbedarf“ (RmbH) of the Landesentwicklungsprogramm
 * Bayern (LEP Nr. 2.2.3 with Anhang 2 „Strukturkarte“): the official list that decides the higher
 * grant rate of the FöRdR (Nr. 5). It is read like the other official data from OFFICIAL_DATA_DIR,
 * never typed in by the applicant, and never shipped with the project:
 *
 *   ${OFFICIAL_DATA_DIR}/rmbh/gebietskulisse.csv   one row per Landkreis (ARS, 5 digits; also a
 *                                                 kreisfreie Stadt) or Gemeinde (ARS, 12 digits)
 *   ${OFFICIAL_DATA_DIR}/rmbh/PROVENANCE.md        „Quelle: …“ and „Stand: YYYY-MM-DD“ lines
 *
 * The file format is documented in docs/foerderung.md. A list with any error is not used at all
 * (all or nothing); the officers see why. The rule (which Behörde counts) is `liegtImRmbh`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { provenanceFeld } from '../shared/attributions';
import { parseCsv } from '../shared/csv';

export const RMBH_ORDNER = 'rmbh';
export const RMBH_DATEI = 'gebietskulisse.csv';

export type Gebietskulisse =
  | { status: 'fehlt'; datei: string }
  | { status: 'fehlerhaft'; datei: string; fehler: string[] }
  | { status: 'ok'; datei: string; quelle: string; stand: string; sha256: string; eintraege: Map<string, string> };

const ARS = /^09(\d{3}|\d{10})$/;

/** Reads `Quelle:` and `Stand:` from the PROVENANCE.md text (Markdown list or plain lines). */
export function leseHerkunft(markdown: string): { quelle?: string; stand?: string } {
  return { quelle: provenanceFeld(markdown, 'Quelle'), stand: provenanceFeld(markdown, 'Stand') };
}

/** Parses and checks the list; every problem with its line. Pure. */
export function parseGebietskulisse(csv: string, provenance: string | undefined, datei: string): Gebietskulisse {
  const fehler: string[] = [];
  const { quelle, stand } = provenance === undefined ? {} : leseHerkunft(provenance);
  if (provenance === undefined) fehler.push(`${RMBH_ORDNER}/PROVENANCE.md fehlt: Quelle und Stand der Liste müssen angegeben sein.`);
  else {
    if (!quelle) fehler.push(`${RMBH_ORDNER}/PROVENANCE.md: Zeile „Quelle: …“ fehlt.`);
    if (!stand || !/^\d{4}-\d{2}-\d{2}$/.test(stand) || Number.isNaN(Date.parse(stand))) fehler.push(`${RMBH_ORDNER}/PROVENANCE.md: Zeile „Stand: JJJJ-MM-TT“ fehlt oder ist kein Datum.`);
  }
  const r = parseCsv(csv, { requiredColumns: ['ars', 'name'] });
  for (const e of r.errors) fehler.push(`${RMBH_DATEI}, Zeile ${e.line}${e.column ? `, Spalte ${e.column}` : ''}: ${e.message}`);
  const eintraege = new Map<string, string>();
  const spaltenDa = r.header.includes('ars') && r.header.includes('name');
  for (const rec of spaltenDa ? r.records : []) {
    const ars = (rec.values.ars ?? '').trim();
    const name = (rec.values.name ?? '').trim();
    if (!ARS.test(ars)) fehler.push(`${RMBH_DATEI}, Zeile ${rec.line}, Spalte ars: „${ars}“ ist kein bayerischer Regionalschlüssel eines Landkreises (5 Ziffern) oder einer Gemeinde (12 Ziffern).`);
    else if (eintraege.has(ars)) fehler.push(`${RMBH_DATEI}, Zeile ${rec.line}, Spalte ars: ${ars} steht doppelt in der Liste.`);
    if (!name) fehler.push(`${RMBH_DATEI}, Zeile ${rec.line}, Spalte name: Der Name fehlt.`);
    if (ARS.test(ars) && name) eintraege.set(ars, name);
  }
  if (spaltenDa && r.errors.length === 0 && r.records.length === 0) fehler.push(`${RMBH_DATEI}: Die Liste enthält keinen Eintrag.`);
  if (fehler.length > 0) return { status: 'fehlerhaft', datei, fehler };
  return { status: 'ok', datei, quelle: quelle as string, stand: stand as string, sha256: crypto.createHash('sha256').update(csv).digest('hex'), eintraege };
}

/**
 * A loader for the list under `officialDataDir`: read on first use and again whenever the file
 * changes (size or time), so an installed or updated list needs no restart.
 */
export function gebietskulisseAus(officialDataDir: string): () => Gebietskulisse {
  const datei = path.join(officialDataDir, RMBH_ORDNER, RMBH_DATEI);
  const prov = path.join(officialDataDir, RMBH_ORDNER, 'PROVENANCE.md');
  let cache: { key: string; wert: Gebietskulisse } | undefined;
  return () => {
    let key: string;
    try {
      const s = fs.statSync(datei);
      const p = fs.existsSync(prov) ? fs.statSync(prov) : undefined;
      key = `${s.size}|${s.mtimeMs}|${p?.size ?? '-'}|${p?.mtimeMs ?? '-'}`;
    } catch {
      return { status: 'fehlt', datei };
    }
    if (cache?.key === key) return cache.wert;
    const wert = parseGebietskulisse(fs.readFileSync(datei, 'utf8'), fs.existsSync(prov) ? fs.readFileSync(prov, 'utf8') : undefined, datei);
    cache = { key, wert };
    return wert;
  };
}

export interface BehoerdeImRaum {
  ars: string;
  typ: string;
  name: string;
  /** For a Verwaltungsgemeinschaft: the ARS of its member Gemeinden. */
  mitglieder: string[];
}

export type RmbhErgebnis = { imRaum: true; grund: string } | { imRaum: false; grund: string };

const KREISANGEHOERIG = ['gemeinde', 'markt', 'stadt', 'grosse_kreisstadt', 'kreisfreie_stadt', 'vg'];

/**
 * Whether a Behörde lies in the Raum mit besonderem Handlungsbedarf by the list: listed itself
 * (a Landkreis, a kreisfreie Stadt or a Gemeinde), or a Gemeinde (or VG) whose Landkreis is listed —
 * the LEP lays the Gebietskulisse down as whole Landkreise and as single Gemeinden — or a VG all of
 * whose member Gemeinden are listed. A Bezirk is not part of the Gebietskulisse.
 */
export function liegtImRmbh(b: BehoerdeImRaum, liste: Map<string, string>, stand: string): RmbhErgebnis {
  const datum = stand.split('-').reverse().join('.');
  // A kreisfreie Stadt may be listed by its Kreis key (5 digits) as well as by its Gemeinde key.
  const selbst = liste.get(b.ars) ?? (b.typ === 'kreisfreie_stadt' ? liste.get(b.ars.slice(0, 5)) : undefined);
  if (selbst) return { imRaum: true, grund: `${selbst} (${b.ars}) steht auf der Gebietskulisse „Raum mit besonderem Handlungsbedarf“ (Stand ${datum}).` };
  if (KREISANGEHOERIG.includes(b.typ) && b.ars.length >= 9) {
    const kreis = liste.get(b.ars.slice(0, 5));
    if (kreis) return { imRaum: true, grund: `${b.name} liegt in ${kreis} (${b.ars.slice(0, 5)}), der auf der Gebietskulisse „Raum mit besonderem Handlungsbedarf“ steht (Stand ${datum}).` };
  }
  if (b.typ === 'vg' && b.mitglieder.length > 0 && b.mitglieder.every((m) => liste.has(m))) {
    return { imRaum: true, grund: `Alle Mitgliedsgemeinden von ${b.name} stehen auf der Gebietskulisse „Raum mit besonderem Handlungsbedarf“ (Stand ${datum}).` };
  }
  return { imRaum: false, grund: `${b.name} steht nicht auf der Gebietskulisse „Raum mit besonderem Handlungsbedarf“ (Stand ${datum}), weder selbst noch über ihren Landkreis.` };
}
