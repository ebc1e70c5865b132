/**
 * Imports the official data: Destatis Gemeindeverzeichnis (GV100AD) with coordinates, the derived
 * Behörden, the OZG/LeiKa catalogue and the BKG boundaries. A real deployment runs it again for each
 * new quarterly edition, so it is idempotent and reports what changed.
 *
 * All or nothing (STYLE "Persistence"): every file is read and validated first; any problem stops
 * the import with an ImportValidationError listing them all, before the database is touched. Then
 * everything is written in one transaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Clock, systemClock } from '../shared/clock';
import type { Database } from '../shared/db';
import { type AbgeleiteteBehoerde, buildGebiete, deriveBehoerden, type GebietZeile } from './behoerden.derivation';
import {
  analyzeImported,
  BEHOERDEN,
  deactivateMissingBehoerden,
  deleteMissingRows,
  GEBIETE,
  GEO_FLAECHEN,
  type ImportScope,
  importScope,
  type ImportZaehlung,
  insertImportRun,
  LEBENSLAGEN,
  LEIKA_LEISTUNGEN,
  lockImport,
  OZG_LEISTUNGEN,
  syncBehoerdeGemeinden,
  type TableSpec,
  THEMENFELDER,
  type Tx,
  upsertRows,
} from './gebiete-import.repository';
import { findGeoFiles, type GeoFlaeche, readGeoFlaechen } from './geo-flaechen.parser';
import { assertLandAuswahl, type Gv100adVerzeichnis, readGv100adFile } from './gv100ad.parser';
import { type ImportFehler, ImportValidationError } from './import-fehler';
import { type KoordinatenVerzeichnis, readKoordinatenFile } from './koordinaten.parser';
import { OZG_DATEIEN, type OzgKatalog, readOzgKatalog } from './ozg-katalog.parser';
import { zahlMitWort } from '../shared/i18n';

export type { ImportZaehlung } from './gebiete-import.repository';
export { ImportValidationError, formatImportFehler, type ImportFehler } from './import-fehler';

/** Folders below the official data directory (as in `data/`). */
export const OFFICIAL_DATA_FOLDERS = {
  gemeindeverzeichnis: 'gemeindeverzeichnis',
  ozgLeika: 'ozg-leika',
  geo: 'geo-bayern',
} as const;

/** What the report counts, in the order the summary shows it. */
export const IMPORT_BEREICHE = [
  'gebiete',
  'behoerden',
  'zuordnungen',
  'themenfelder',
  'lebenslagen',
  'ozgLeistungen',
  'leikaLeistungen',
  'geometrien',
] as const;
export type ImportBereich = (typeof IMPORT_BEREICHE)[number];

export const IMPORT_BEREICH_LABEL: Record<ImportBereich, string> = {
  gebiete: 'Gebiete',
  behoerden: 'Behörden',
  zuordnungen: 'Behörde–Gemeinde-Zuordnungen',
  themenfelder: 'OZG-Themenfelder',
  lebenslagen: 'OZG-Lebenslagen',
  ozgLeistungen: 'OZG-Leistungen',
  leikaLeistungen: 'LeiKa-Leistungen',
  geometrien: 'Geometrien',
};

export type ImportReport = Record<ImportBereich, ImportZaehlung> & {
  importRunId: number;
  /** ISO date of the Gemeindeverzeichnis. */
  gebietsstand: string;
  land: string;
  dauerMs: number;
  /** Things worth knowing that are not errors (Gemeinden without coordinates, kept entries). */
  hinweise: string[];
};

export interface ImportOptions {
  /** Folder with `gemeindeverzeichnis/`, `ozg-leika/`, `geo-bayern/`. */
  officialDataDir: string;
  /** `'09'`, another two-digit Land key, or `'all'`. */
  land: string;
  /** Progress within the current step, e.g. ("Gemeindeverzeichnis lesen", 812_000, 3_520_000). */
  onProgress?: (step: string, done: number, total: number) => void;
  /** Who runs it, recorded in `import_runs` (e.g. "cli:admin", a user's e-mail). */
  actor: string;
  /** Time source for `import_runs`; tests may fix it. */
  clock?: Clock;
}

/** Everything read from the files, validated. */
export interface OfficialData {
  verzeichnis: Gv100adVerzeichnis;
  koordinaten: KoordinatenVerzeichnis;
  katalog: OzgKatalog;
  geometrien: GeoFlaeche[];
  /** File names, for the import record. */
  quellen: string[];
}

export const IMPORT_SCHRITTE = {
  gemeindeverzeichnis: 'Gemeindeverzeichnis lesen',
  koordinaten: 'Koordinaten lesen',
  katalog: 'OZG-/LeiKa-Katalog lesen',
  geometrien: 'Geometrien lesen',
  ableiten: 'Behörden ableiten',
  schreiben: 'Datenbank schreiben',
} as const;

/** The newest GV100AD edition in a folder (file names carry the Gebietsstand as TTMMJJJJ). */
function findGv100adFile(dir: string): string | null {
  const candidates = fs
    .readdirSync(dir)
    .map((name) => ({ name, m: /^GV100AD_(\d{2})(\d{2})(\d{4})\.txt$/i.exec(name) }))
    .filter((c) => c.m)
    .sort((a, b) => {
      const key = (m: RegExpExecArray) => `${m[3]}${m[2]}${m[1]}`;
      return key(b.m as RegExpExecArray).localeCompare(key(a.m as RegExpExecArray));
    });
  return candidates.length > 0 ? path.join(dir, candidates[0].name) : null;
}

function findKoordinatenFile(dir: string): string | null {
  const name = fs
    .readdirSync(dir)
    .filter((n) => /koordinaten.*\.csv$/i.test(n))
    .sort()
    .at(-1);
  return name ? path.join(dir, name) : null;
}

const missingFile = (folder: string, message: string): ImportFehler => ({ file: folder, line: null, field: null, message });

/** One message per boundary level without a GeoJSON file among `files`. */
function missingGeoEbenen(files: { ebene: string }[]): string[] {
  const muster = { gemeinde: 'gemeinden', kreis: 'kreise', regierungsbezirk: 'regierungsbezirke' } as const;
  return (Object.keys(muster) as (keyof typeof muster)[])
    .filter((ebene) => !files.some((f) => f.ebene === ebene))
    .map((ebene) => `Keine GeoJSON-Datei für die Ebene „${ebene}“ (*_${muster[ebene]}_vg5000_JJJJ-MM-TT.geojson)`);
}

/**
 * What an official data folder lacks for an import, checked without reading the files: the
 * server checks it at every start (the first start imports from it, every page's footer quotes
 * its PROVENANCE.md), so a wrong OFFICIAL_DATA_DIR stops the start at once with the list.
 * Empty when every expected folder and file is there.
 */
export function officialDataProblems(officialDataDir: string): string[] {
  const isDir = (p: string) => fs.existsSync(p) && fs.statSync(p).isDirectory();
  if (!isDir(officialDataDir)) return [`Ordner ${officialDataDir} gibt es nicht (erwartet: ${Object.values(OFFICIAL_DATA_FOLDERS).join(', ')})`];
  const problems: string[] = [];
  const folder = (name: string) => {
    const dir = path.join(officialDataDir, name);
    if (isDir(dir)) return dir;
    problems.push(`Ordner fehlt: ${dir}`);
    return null;
  };
  const gv = folder(OFFICIAL_DATA_FOLDERS.gemeindeverzeichnis);
  if (gv && !findGv100adFile(gv)) problems.push(`${gv}: keine Datei GV100AD_TTMMJJJJ.txt`);
  if (gv && !findKoordinatenFile(gv)) problems.push(`${gv}: keine Koordinaten-Datei (*koordinaten*.csv)`);
  const ozg = folder(OFFICIAL_DATA_FOLDERS.ozgLeika);
  for (const name of ozg ? Object.values(OZG_DATEIEN) : []) {
    if (!fs.existsSync(path.join(ozg as string, name))) problems.push(`Datei fehlt: ${path.join(ozg as string, name)}`);
  }
  const geo = folder(OFFICIAL_DATA_FOLDERS.geo);
  if (geo) problems.push(...missingGeoEbenen(findGeoFiles(geo)).map((m) => `${geo}: ${m}`));
  return problems;
}

/**
 * Reads and validates every official file. Throws an ImportValidationError with every problem of
 * every file; writes nothing.
 */
export async function readOfficialData(options: Pick<ImportOptions, 'officialDataDir' | 'land' | 'onProgress'>): Promise<OfficialData> {
  const { officialDataDir, land, onProgress } = options;
  assertLandAuswahl(land);
  const errors: ImportFehler[] = [];
  const dir = (folder: string) => path.join(officialDataDir, folder);
  const exists = (folder: string) => {
    if (fs.existsSync(dir(folder)) && fs.statSync(dir(folder)).isDirectory()) return true;
    errors.push(missingFile(folder, `Ordner fehlt: ${dir(folder)}`));
    return false;
  };
  const quellen: string[] = [];

  const empty: Gv100adVerzeichnis = {
    file: '',
    gebietsstand: null,
    laender: [],
    regierungsbezirke: [],
    regionen: [],
    kreise: [],
    gemeindeverbaende: [],
    gemeinden: [],
    recordCount: 0,
    errors: [],
  };
  let verzeichnis = empty;
  let koordinaten: KoordinatenVerzeichnis = { file: '', byAgs: new Map(), errors: [] };
  if (exists(OFFICIAL_DATA_FOLDERS.gemeindeverzeichnis)) {
    const gvDir = dir(OFFICIAL_DATA_FOLDERS.gemeindeverzeichnis);
    const gvFile = findGv100adFile(gvDir);
    if (!gvFile) errors.push(missingFile(OFFICIAL_DATA_FOLDERS.gemeindeverzeichnis, 'Keine Datei GV100AD_TTMMJJJJ.txt gefunden'));
    else {
      verzeichnis = await readGv100adFile(gvFile, { land, onProgress: (d, t) => onProgress?.(IMPORT_SCHRITTE.gemeindeverzeichnis, d, t) });
      errors.push(...verzeichnis.errors);
      // The file name carries the Gebietsstand too; a mismatch means a renamed or mixed-up file.
      const [, tt, mm, jjjj] = /_(\d{2})(\d{2})(\d{4})\./.exec(path.basename(gvFile)) ?? [];
      if (verzeichnis.gebietsstand && verzeichnis.gebietsstand !== `${jjjj}-${mm}-${tt}`) {
        errors.push({
          file: path.basename(gvFile),
          line: null,
          field: 'Gebietsstand',
          message: `Der Dateiname nennt ${tt}.${mm}.${jjjj}, die Sätze haben ${verzeichnis.gebietsstand.split('-').reverse().join('.')}`,
        });
      }
      quellen.push(path.basename(gvFile));
    }
    const kFile = findKoordinatenFile(gvDir);
    if (!kFile) errors.push(missingFile(OFFICIAL_DATA_FOLDERS.gemeindeverzeichnis, 'Keine Koordinaten-Datei (*koordinaten*.csv) gefunden'));
    else {
      onProgress?.(IMPORT_SCHRITTE.koordinaten, 0, 1);
      koordinaten = await readKoordinatenFile(kFile);
      errors.push(...koordinaten.errors);
      quellen.push(path.basename(kFile));
      onProgress?.(IMPORT_SCHRITTE.koordinaten, 1, 1);
    }
  }

  let katalog: OzgKatalog = { themenfelder: [], lebenslagen: [], ozgLeistungen: [], leikaLeistungen: [], errors: [] };
  if (exists(OFFICIAL_DATA_FOLDERS.ozgLeika)) {
    onProgress?.(IMPORT_SCHRITTE.katalog, 0, 1);
    katalog = await readOzgKatalog(dir(OFFICIAL_DATA_FOLDERS.ozgLeika));
    errors.push(...katalog.errors);
    quellen.push(`${OFFICIAL_DATA_FOLDERS.ozgLeika}/*.csv`);
    onProgress?.(IMPORT_SCHRITTE.katalog, 1, 1);
  }

  const geometrien: GeoFlaeche[] = [];
  if (exists(OFFICIAL_DATA_FOLDERS.geo)) {
    const files = findGeoFiles(dir(OFFICIAL_DATA_FOLDERS.geo));
    for (const message of missingGeoEbenen(files)) errors.push(missingFile(OFFICIAL_DATA_FOLDERS.geo, message));
    for (const [i, f] of files.entries()) {
      onProgress?.(IMPORT_SCHRITTE.geometrien, i, files.length);
      const result = await readGeoFlaechen(f.file, { ebene: f.ebene, stand: f.stand, land });
      errors.push(...result.errors);
      geometrien.push(...result.flaechen);
      quellen.push(path.basename(f.file));
    }
    onProgress?.(IMPORT_SCHRITTE.geometrien, files.length, files.length);
  }

  if (errors.length > 0) throw new ImportValidationError(errors);
  return { verzeichnis, koordinaten, katalog, geometrien, quellen };
}

/* ------------------------------------------------------------------ rows for the tables */

const gebietRow = (g: GebietZeile) => ({
  ars: g.ars,
  ags: g.ags,
  ebene: g.ebene,
  satzart: g.satzart,
  name: g.name,
  textkennzeichen: g.textkennzeichen,
  typ: g.typ,
  verwaltungssitz: g.verwaltungssitz,
  land_key: g.landKey,
  regbez_key: g.regbezKey,
  kreis_key: g.kreisKey,
  verband_ars: g.verbandArs,
  flaeche_ha: g.flaecheHa,
  bevoelkerung: g.bevoelkerung,
  plz: g.plz,
  plz_eindeutig: g.plzEindeutig,
  lat: g.lat,
  lon: g.lon,
  gebietsstand: g.gebietsstand,
});

const behoerdeRow = (b: AbgeleiteteBehoerde) => ({
  ars: b.ars,
  name: b.name,
  kurzname: b.kurzname,
  typ: b.typ,
  land_key: b.landKey,
  regbez_key: b.regbezKey,
  kreis_key: b.kreisKey,
  sitz: b.sitz,
  plz: b.plz,
  bevoelkerung: b.bevoelkerung,
  flaeche_ha: b.flaecheHa,
  lat: b.lat,
  lon: b.lon,
  schwerpunkt_lat: b.schwerpunktLat,
  schwerpunkt_lon: b.schwerpunktLon,
  suchname: b.suchname,
  aktiv: true,
});

/** Writes one table: upsert, then remove what disappeared (within scope). */
async function syncTable(
  tx: Tx,
  spec: TableSpec,
  rows: Record<string, unknown>[],
  scope: ImportScope[keyof ImportScope],
  hinweise: string[],
  label: string,
): Promise<ImportZaehlung> {
  const upserted = await upsertRows(tx, spec, rows);
  const keys = rows.map((r) => Object.fromEntries(spec.key.map((k) => [k, r[k]])));
  const { entfallen, behalten } = await deleteMissingRows(tx, spec, keys, scope);
  if (behalten > 0) hinweise.push(`${behalten} entfallene ${label} werden noch referenziert und bleiben deshalb gespeichert.`);
  return { ...upserted, entfallen };
}

/**
 * Imports the official data into the database and returns what changed per area. Throws an
 * ImportValidationError (code IMPORT_INVALID) when a file has problems; the database is unchanged
 * then. Safe to run again: unchanged data is reported as "unverändert" and not rewritten.
 */
export async function importOfficialData(database: Database, options: ImportOptions): Promise<ImportReport> {
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const t0 = performance.now();
  const { land, onProgress } = options;
  const data = await readOfficialData(options);

  onProgress?.(IMPORT_SCHRITTE.ableiten, 0, 1);
  const { verzeichnis, koordinaten, katalog } = data;
  const gebiete = buildGebiete(verzeichnis, koordinaten.byAgs);
  const behoerden = deriveBehoerden(verzeichnis, koordinaten.byAgs);
  const zuordnungen = behoerden.flatMap((b) => b.gemeinden.map((g) => ({ behoerde_ars: b.ars, gemeinde_ars: g })));
  onProgress?.(IMPORT_SCHRITTE.ableiten, 1, 1);

  const hinweise: string[] = [];
  const ohneKoordinaten = verzeichnis.gemeinden.filter((g) => !koordinaten.byAgs.has(g.ags));
  if (ohneKoordinaten.length > 0) {
    const beispiele = ohneKoordinaten
      .slice(0, 5)
      .map((g) => `${g.ags} ${g.name}`)
      .join(', ');
    hinweise.push(
      `${zahlMitWort('de', ohneKoordinaten.length, 'Gemeinde', 'Gemeinden')} ohne Koordinaten (${beispiele}${ohneKoordinaten.length > 5 ? ', …' : ''}).`,
    );
  }

  // Scopes: importing one Land must not declare the others "entfallen".
  const scope = importScope(land);
  const step = (done: number) => onProgress?.(IMPORT_SCHRITTE.schreiben, done, 8);

  const report = await database.db.transaction(async (tx) => {
    await lockImport(tx);
    step(0);
    // Parents before children (foreign keys); deletions further down in the reverse order.
    const themenfelder = await upsertRows(
      tx,
      THEMENFELDER,
      katalog.themenfelder.map((t) => ({ id: t.id, name: t.name })),
    );
    const lebenslagen = await upsertRows(
      tx,
      LEBENSLAGEN,
      katalog.lebenslagen.map((l) => ({ id: l.id, name: l.name, themenfeld_id: l.themenfeldId })),
    );
    const ozgLeistungen = await upsertRows(
      tx,
      OZG_LEISTUNGEN,
      katalog.ozgLeistungen.map((o) => ({ id: o.id, ozg_id: o.ozgId, name: o.name, lebenslage_id: o.lebenslageId, themenfeld_id: o.themenfeldId })),
    );
    const leikaRows = katalog.leikaLeistungen.map((l) => ({
      id: l.id,
      schluessel: l.schluessel,
      name: l.name,
      typisierung: l.typisierung,
      ozg_leistung_id: l.ozgLeistungId,
      rechtsgrundlage: l.rechtsgrundlage,
      sdg1: l.sdg1,
      sdg2: l.sdg2,
    }));
    const leika = await syncTable(tx, LEIKA_LEISTUNGEN, leikaRows, scope.alles, hinweise, IMPORT_BEREICH_LABEL.leikaLeistungen);
    step(1);
    const idKeys = (items: { id: number }[]) => items.map((i) => ({ id: i.id }));
    const ozgGone = await deleteMissingRows(tx, OZG_LEISTUNGEN, idKeys(katalog.ozgLeistungen), scope.alles);
    const llGone = await deleteMissingRows(tx, LEBENSLAGEN, idKeys(katalog.lebenslagen), scope.alles);
    const tfGone = await deleteMissingRows(tx, THEMENFELDER, idKeys(katalog.themenfelder), scope.alles);
    for (const [gone, label] of [
      [ozgGone, 'OZG-Leistungen'],
      [llGone, 'OZG-Lebenslagen'],
      [tfGone, 'OZG-Themenfelder'],
    ] as const) {
      if (gone.behalten > 0) hinweise.push(`${gone.behalten} entfallene ${label} werden noch referenziert und bleiben deshalb gespeichert.`);
    }
    step(2);

    const gebieteCount = await upsertRows(tx, GEBIETE, gebiete.map(gebietRow));
    step(3);
    const behoerdenCount = await upsertRows(tx, BEHOERDEN, behoerden.map(behoerdeRow));
    step(4);
    const zuordnungenCount = await syncBehoerdeGemeinden(tx, zuordnungen, scope.zuordnung);
    const behoerdenEntfallen = await deactivateMissingBehoerden(
      tx,
      behoerden.map((b) => b.ars),
      scope.land,
    );
    step(5);
    const gebieteGone = await deleteMissingRows(
      tx,
      GEBIETE,
      gebiete.map((g) => ({ ars: g.ars })),
      scope.land,
    );
    if (gebieteGone.behalten > 0) hinweise.push(`${gebieteGone.behalten} entfallene Gebiete werden noch referenziert und bleiben deshalb gespeichert.`);
    step(6);
    const geoRows = data.geometrien.map((g) => ({ ebene: g.ebene, ars: g.ars, name: g.name, bez: g.bez, geometry: g.geometry, stand: g.stand }));
    const geometrien = await syncTable(tx, GEO_FLAECHEN, geoRows, scope.ars, hinweise, IMPORT_BEREICH_LABEL.geometrien);
    step(7);

    const counts: Record<ImportBereich, ImportZaehlung> = {
      gebiete: { ...gebieteCount, entfallen: gebieteGone.entfallen },
      behoerden: { ...behoerdenCount, entfallen: behoerdenEntfallen },
      zuordnungen: zuordnungenCount,
      themenfelder: { ...themenfelder, entfallen: tfGone.entfallen },
      lebenslagen: { ...lebenslagen, entfallen: llGone.entfallen },
      ozgLeistungen: { ...ozgLeistungen, entfallen: ozgGone.entfallen },
      leikaLeistungen: leika,
      geometrien,
    };
    const finishedAt = clock.now();
    const meta = { gebietsstand: verzeichnis.gebietsstand ?? '', land, dauerMs: Math.round(performance.now() - t0), hinweise };
    const importRunId = await insertImportRun(tx, {
      quelle: `Amtliche Daten (Land ${land}): ${data.quellen.join(', ')}`,
      startedAt,
      finishedAt,
      statistik: { ...counts, ...meta },
      actor: options.actor,
    });
    step(8);
    return { ...counts, ...meta, importRunId };
  });
  await analyzeImported(database.db);
  report.dauerMs = Math.round(performance.now() - t0);
  return report;
}
