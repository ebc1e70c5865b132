/**
 * The OZG-Umsetzungskatalog with its LeiKa-Leistungen (2019 snapshot, `data/ozg-leika/`):
 * Themenfelder → Lebenslagen → OZG-Leistungen → LeiKa-Leistungen, four CSV files with header rows.
 * The files repeat the parent's name beside its id (`themenfeld_id`, `themenfeld`); both must agree,
 * otherwise the file was edited inconsistently and is rejected.
 */
import path from 'node:path';
import { parseCsv } from '../shared/csv';
import type { ImportFehler } from './import-fehler';
import { readUtf8TextFile } from './text-datei.reader';

export interface Themenfeld {
  id: number;
  name: string;
}

export interface Lebenslage {
  id: number;
  name: string;
  themenfeldId: number;
}

export interface OzgLeistung {
  /** Id of the catalogue database (stable across its exports; referenced by the LeiKa rows). */
  id: number;
  /** Official 5-digit OZG-ID, e.g. 10513 Abbruchgenehmigung. */
  ozgId: string;
  name: string;
  lebenslageId: number;
  themenfeldId: number;
}

export interface LeikaLeistung {
  id: number;
  /** 14-digit LeiKa-Leistungsschlüssel; null for the catalogue's "nicht im LeiKa" entries. */
  schluessel: string | null;
  name: string;
  /** LeiKa-Typ as written ("2/3", "1, 2/3"); null when the catalogue leaves it empty. */
  typisierung: string | null;
  ozgLeistungId: number | null;
  rechtsgrundlage: string | null;
  /** Relevance for the EU Single Digital Gateway, as flagged in the catalogue. */
  sdg1: boolean;
  sdg2: boolean;
}

export interface OzgKatalog {
  themenfelder: Themenfeld[];
  lebenslagen: Lebenslage[];
  ozgLeistungen: OzgLeistung[];
  leikaLeistungen: LeikaLeistung[];
  errors: ImportFehler[];
}

export const OZG_DATEIEN = {
  themenfelder: 'ozg_themenfelder.csv',
  lebenslagen: 'ozg_lebenslagen.csv',
  ozgLeistungen: 'ozg_leistungen.csv',
  leikaLeistungen: 'leika_leistungen.csv',
} as const;

export type OzgTexte = Record<keyof typeof OZG_DATEIEN, string>;

const NICHT_IM_LEIKA = 'nicht im LeiKa';
/** `99` + Leistungsgruppierung (3) + Kennung (3) + Verrichtung (3) + Detail (3). */
const LEIKA_SCHLUESSEL = /^99\d{12}$/;
/** "1", "2/3", "1, 2/3": LeiKa-Typen 1–6, alternatives with "/", several with ", ". */
const TYPISIERUNG = /^[1-6](\/[1-6])*(, ?[1-6](\/[1-6])*)*$/;

/** Reads rows of one file and offers validating accessors that record problems with line and column. */
function rowsOf(text: string, file: string, columns: readonly string[], errors: ImportFehler[]) {
  const csv = parseCsv(text, { requiredColumns: columns });
  errors.push(...csv.errors.map((e) => ({ file, line: e.line, field: e.column ?? null, message: e.message })));
  if (columns.some((c) => !csv.header.includes(c))) return [];
  return csv.records.map(({ line, values }) => {
    const fail = (field: string, message: string) => errors.push({ file, line, field, message });
    return {
      line,
      values,
      fail,
      text(column: string): string | null {
        const v = values[column].trim();
        if (v === '') fail(column, 'Wert fehlt');
        return v === '' ? null : v;
      },
      optionalText(column: string): string | null {
        return values[column].trim() || null;
      },
      id(column: string, optional = false): number | null {
        const v = values[column].trim();
        if (v === '') {
          if (!optional) fail(column, 'Wert fehlt');
          return null;
        }
        if (!/^\d{1,9}$/.test(v) || Number(v) === 0) {
          fail(column, `„${v}“ ist keine positive ganze Zahl`);
          return null;
        }
        return Number(v);
      },
      flag(column: string): boolean {
        const v = values[column].trim();
        if (v !== '0' && v !== '1') fail(column, `„${v}“: erwartet 0 oder 1`);
        return v === '1';
      },
    };
  });
}

/** Reports a second row with the same id. */
function uniqueIds<T extends { id: number }>(rows: { line: number; item: T }[], file: string, column: string, errors: ImportFehler[]): Map<number, T> {
  const byId = new Map<number, T>();
  const lineOf = new Map<number, number>();
  for (const { line, item } of rows) {
    const first = lineOf.get(item.id);
    if (first !== undefined) errors.push({ file, line, field: column, message: `${item.id} kommt doppelt vor (zuerst in Zeile ${first})` });
    else {
      lineOf.set(item.id, line);
      byId.set(item.id, item);
    }
  }
  return byId;
}

/** Validates the four files together (references between them included). */
export function parseOzgKatalog(texte: OzgTexte): OzgKatalog {
  const errors: ImportFehler[] = [];
  const F = OZG_DATEIEN;

  const tfRows: { line: number; item: Themenfeld }[] = [];
  for (const r of rowsOf(texte.themenfelder, F.themenfelder, ['themenfeld_id', 'name'], errors)) {
    const id = r.id('themenfeld_id');
    const name = r.text('name');
    if (id !== null && name !== null) tfRows.push({ line: r.line, item: { id, name } });
  }
  const themenfelder = uniqueIds(tfRows, F.themenfelder, 'themenfeld_id', errors);

  /** The parent exists and the repeated name is the parent's. */
  const checkParent = (
    r: ReturnType<typeof rowsOf>[number],
    idColumn: string,
    nameColumn: string,
    id: number | null,
    parents: Map<number, { name: string }>,
    what: string,
  ): boolean => {
    if (id === null) return false;
    const parent = parents.get(id);
    if (!parent) {
      r.fail(idColumn, `${what} ${id} gibt es nicht`);
      return false;
    }
    const repeated = r.values[nameColumn].trim();
    if (repeated !== parent.name) r.fail(nameColumn, `„${repeated}“ ist nicht der Name von ${what} ${id} („${parent.name}“)`);
    return true;
  };

  const llRows: { line: number; item: Lebenslage }[] = [];
  for (const r of rowsOf(texte.lebenslagen, F.lebenslagen, ['lebenslage_id', 'name', 'themenfeld_id', 'themenfeld'], errors)) {
    const id = r.id('lebenslage_id');
    const name = r.text('name');
    const themenfeldId = r.id('themenfeld_id');
    const ok = checkParent(r, 'themenfeld_id', 'themenfeld', themenfeldId, themenfelder, 'Themenfeld');
    if (id !== null && name !== null && ok && themenfeldId !== null) llRows.push({ line: r.line, item: { id, name, themenfeldId } });
  }
  const lebenslagen = uniqueIds(llRows, F.lebenslagen, 'lebenslage_id', errors);

  const olRows: { line: number; item: OzgLeistung }[] = [];
  const olColumns = ['ozg_leistung_id', 'ozg_id', 'name', 'lebenslage_id', 'lebenslage', 'themenfeld_id', 'themenfeld'];
  for (const r of rowsOf(texte.ozgLeistungen, F.ozgLeistungen, olColumns, errors)) {
    const id = r.id('ozg_leistung_id');
    const ozgId = r.values.ozg_id.trim();
    if (!/^\d{5}$/.test(ozgId)) r.fail('ozg_id', `„${ozgId}“ ist keine fünfstellige OZG-ID`);
    const name = r.text('name');
    const lebenslageId = r.id('lebenslage_id');
    const themenfeldId = r.id('themenfeld_id');
    const llOk = checkParent(r, 'lebenslage_id', 'lebenslage', lebenslageId, lebenslagen, 'Lebenslage');
    const tfOk = checkParent(r, 'themenfeld_id', 'themenfeld', themenfeldId, themenfelder, 'Themenfeld');
    if (id !== null && name !== null && llOk && tfOk && /^\d{5}$/.test(ozgId) && lebenslageId !== null && themenfeldId !== null) {
      olRows.push({ line: r.line, item: { id, ozgId, name, lebenslageId, themenfeldId } });
    }
  }
  const ozgLeistungen = uniqueIds(olRows, F.ozgLeistungen, 'ozg_leistung_id', errors);

  const lkRows: { line: number; item: LeikaLeistung }[] = [];
  const lkColumns = ['leika_leistung_id', 'leika_schluessel', 'name', 'typisierung', 'ozg_leistung_id', 'ozg_id', 'ozg_leistung', 'rechtsgrundlage', 'sdg1_relevant', 'sdg2_relevant'];
  for (const r of rowsOf(texte.leikaLeistungen, F.leikaLeistungen, lkColumns, errors)) {
    const id = r.id('leika_leistung_id');
    const rawKey = r.values.leika_schluessel.trim();
    let schluessel: string | null = null;
    let keyOk = true;
    if (rawKey !== NICHT_IM_LEIKA) {
      keyOk = LEIKA_SCHLUESSEL.test(rawKey);
      if (keyOk) schluessel = rawKey;
      else r.fail('leika_schluessel', `„${rawKey}“ ist kein 14-stelliger LeiKa-Schlüssel (99…) und nicht „${NICHT_IM_LEIKA}“`);
    }
    const name = r.text('name');
    const typisierung = r.optionalText('typisierung');
    if (typisierung !== null && !TYPISIERUNG.test(typisierung)) r.fail('typisierung', `„${typisierung}“ ist keine LeiKa-Typisierung (1–6, z. B. „2/3“)`);
    // An LeiKa-Leistung may belong to no OZG-Leistung (26 rows in 2019): then all three columns are empty.
    const ozgLeistungId = r.id('ozg_leistung_id', true);
    let ozgOk = r.values.ozg_leistung_id.trim() === '' || ozgLeistungId !== null;
    if (ozgLeistungId !== null) {
      const parent = ozgLeistungen.get(ozgLeistungId);
      if (!parent) {
        r.fail('ozg_leistung_id', `OZG-Leistung ${ozgLeistungId} gibt es nicht`);
        ozgOk = false;
      } else {
        if (r.values.ozg_id.trim() !== parent.ozgId) r.fail('ozg_id', `„${r.values.ozg_id}“ ist nicht die OZG-ID von OZG-Leistung ${ozgLeistungId} (${parent.ozgId})`);
        if (r.values.ozg_leistung.trim() !== parent.name) r.fail('ozg_leistung', `„${r.values.ozg_leistung}“ ist nicht der Name von OZG-Leistung ${ozgLeistungId} („${parent.name}“)`);
      }
    } else if (ozgOk && (r.values.ozg_id.trim() !== '' || r.values.ozg_leistung.trim() !== '')) {
      r.fail('ozg_leistung_id', 'Wert fehlt, obwohl OZG-ID oder OZG-Leistung angegeben sind');
    }
    const sdg1 = r.flag('sdg1_relevant');
    const sdg2 = r.flag('sdg2_relevant');
    const rechtsgrundlage = r.optionalText('rechtsgrundlage');
    if (id !== null && name !== null && keyOk && ozgOk) {
      lkRows.push({ line: r.line, item: { id, schluessel, name, typisierung, ozgLeistungId, rechtsgrundlage, sdg1, sdg2 } });
    }
  }
  const leikaLeistungen = uniqueIds(lkRows, F.leikaLeistungen, 'leika_leistung_id', errors);

  return {
    themenfelder: [...themenfelder.values()],
    lebenslagen: [...lebenslagen.values()],
    ozgLeistungen: [...ozgLeistungen.values()],
    leikaLeistungen: [...leikaLeistungen.values()],
    errors,
  };
}

/** Reads the four files from the `ozg-leika` folder. A missing file is reported, not thrown. */
export async function readOzgKatalog(dir: string): Promise<OzgKatalog> {
  const errors: ImportFehler[] = [];
  const texte = {} as OzgTexte;
  for (const [key, name] of Object.entries(OZG_DATEIEN) as [keyof OzgTexte, string][]) {
    try {
      const { text, errors: encodingErrors } = await readUtf8TextFile(path.join(dir, name));
      texte[key] = text;
      errors.push(...encodingErrors);
    } catch (e) {
      errors.push({ file: name, line: null, field: null, message: `Datei fehlt oder ist nicht lesbar (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
      texte[key] = '';
    }
  }
  if (errors.some((e) => e.line === null)) return { themenfelder: [], lebenslagen: [], ozgLeistungen: [], leikaLeistungen: [], errors };
  const katalog = parseOzgKatalog(texte);
  return { ...katalog, errors: [...errors, ...katalog.errors] };
}
