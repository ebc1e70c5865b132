/**
 * Reader for the Destatis Gemeindeverzeichnis GV100AD: one fixed-width record of 220 characters per
 * line, UTF-8 (since the Sorbian names), every level of the territorial hierarchy in one file.
 * Layout: Destatis "Datensatzbeschreibung GV100AD", summarised in
 * `data/gemeindeverzeichnis/PROVENANCE.md`. Positions below are 1-based *characters*, not bytes:
 * "Tüßling, M" takes 10 positions although it is 12 bytes long.
 *
 * Every record of the file is validated (all Länder, not only the one imported): a file with a
 * broken record anywhere is not the file Destatis published. Every problem is reported with its
 * line and field; the caller decides to import nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { ImportFehler } from './import-fehler';

export const GV100AD_RECORD_LENGTH = 220;

/** Readable type per Textkennzeichen (PROVENANCE.md), the same wording as the derived CSVs. */
export const TEXTKENNZEICHEN = {
  '41': 'Kreisfreie Stadt',
  '42': 'Stadtkreis',
  '43': 'Kreis',
  '44': 'Landkreis',
  '45': 'Regionalverband',
  '50': 'verbandsfreie Gemeinde',
  '51': 'Amt',
  '52': 'Samtgemeinde',
  '53': 'Verbandsgemeinde',
  '54': 'Verwaltungsgemeinschaft',
  '55': 'Kirchspielslandgemeinde',
  '56': 'Verwaltungsverband',
  '57': 'Verwaltungsgemeinschaft (Trägermodell)',
  '58': 'Erfüllende Gemeinde',
  '60': 'Markt',
  '61': 'Kreisfreie Stadt',
  '62': 'Stadtkreis',
  '63': 'Stadt',
  '64': 'Kreisangehörige Gemeinde',
  '65': 'gemeindefreies Gebiet, bewohnt',
  '66': 'gemeindefreies Gebiet, unbewohnt',
  '67': 'Große Kreisstadt',
} as const;

export type Textkennzeichen = keyof typeof TEXTKENNZEICHEN;
export type KreisTextkennzeichen = '41' | '42' | '43' | '44' | '45';
export type VerbandTextkennzeichen = '50' | '51' | '52' | '53' | '54' | '55' | '56' | '57' | '58';
export type GemeindeTextkennzeichen = '60' | '61' | '62' | '63' | '64' | '65' | '66' | '67';

const KREIS_TKZ: readonly string[] = ['41', '42', '43', '44', '45'];
const VERBAND_TKZ: readonly string[] = ['50', '51', '52', '53', '54', '55', '56', '57', '58'];
const GEMEINDE_TKZ: readonly string[] = ['60', '61', '62', '63', '64', '65', '66', '67'];

/** Gemeindefreie Gebiete (Textkennzeichen 65, 66): forests, lakes, military areas without a council. */
export const isGemeindefrei = (tkz: string) => tkz === '65' || tkz === '66';

interface SatzBasis {
  /** Line in the file (1-based). */
  line: number;
  /** ISO date, e.g. 2025-11-30. */
  gebietsstand: string;
  landKey: string;
  /** Amtlicher Regionalschlüssel of this level: 2, 3, 4, 5, 9 or 12 digits. */
  ars: string;
  name: string;
}

export interface LandSatz extends SatzBasis {
  satzart: '10';
  verwaltungssitz: string | null;
}

export interface RegierungsbezirkSatz extends SatzBasis {
  satzart: '20';
  regbezKey: string;
  verwaltungssitz: string | null;
}

/** Region (Baden-Württemberg only): a planning region between Regierungsbezirk and Kreis. */
export interface RegionSatz extends SatzBasis {
  satzart: '30';
  regbezKey: string;
  verwaltungssitz: string | null;
}

export interface KreisSatz extends SatzBasis {
  satzart: '40';
  regbezKey: string;
  kreisKey: string;
  textkennzeichen: KreisTextkennzeichen;
  typ: string;
  verwaltungssitz: string | null;
}

export interface GemeindeverbandSatz extends SatzBasis {
  satzart: '50';
  regbezKey: string;
  /** null for the few Gemeindeverbände directly under a Land (Kreis part "00"). */
  kreisKey: string | null;
  textkennzeichen: VerbandTextkennzeichen;
  typ: string;
  verwaltungssitz: string | null;
}

export interface GemeindeSatz extends SatzBasis {
  satzart: '60';
  /** Amtlicher Gemeindeschlüssel, 8 digits. */
  ags: string;
  regbezKey: string;
  kreisKey: string | null;
  /** ARS of the Gemeindeverband (9 digits). */
  verbandArs: string;
  textkennzeichen: GemeindeTextkennzeichen;
  typ: string;
  flaecheHa: number;
  bevoelkerung: number;
  bevoelkerungMaennlich: number;
  /** PLZ of the Verwaltungssitz; null only for gemeindefreie Gebiete. */
  plz: string | null;
  /** false when the Gemeinde has several PLZ (positions 171–175 filled). */
  plzEindeutig: boolean;
  finanzamtsbezirk: string | null;
  olgBezirk: string | null;
  lgBezirk: string | null;
  agBezirk: string | null;
  arbeitsagenturbezirk: string | null;
  btwWahlkreisVon: string | null;
  btwWahlkreisBis: string | null;
}

export type Gv100adSatz = LandSatz | RegierungsbezirkSatz | RegionSatz | KreisSatz | GemeindeverbandSatz | GemeindeSatz;
export type Satzart = Gv100adSatz['satzart'];

/** The records of the selected Land (or all), per level, in file order. */
export interface Gv100adVerzeichnis {
  file: string;
  /** ISO date of the first record; null only when the file has no valid record. */
  gebietsstand: string | null;
  laender: LandSatz[];
  regierungsbezirke: RegierungsbezirkSatz[];
  regionen: RegionSatz[];
  kreise: KreisSatz[];
  gemeindeverbaende: GemeindeverbandSatz[];
  gemeinden: GemeindeSatz[];
  /** Records read in the whole file (all Länder). */
  recordCount: number;
  errors: ImportFehler[];
}

/** `'09'` (Bavaria), the key of any of the 16 Länder (`'01'`–`'16'`), or `'all'` for the whole of Germany. */
export type LandAuswahl = string;

export function assertLandAuswahl(land: string): void {
  if (!/^(0[1-9]|1[0-6]|all)$/.test(land)) throw new RangeError(`Ungültige Land-Auswahl „${land}“: Schlüssel eines Landes von 01 bis 16 (z. B. 09) oder „all“`);
}

/* ------------------------------------------------------------------ field positions */

/** [from, to], 1-based inclusive, as in the Destatis description. */
const POS = {
  satzart: [1, 2],
  gebietsstand: [3, 10],
  land: [11, 12],
  regbez: [13, 13],
  kreis: [14, 15],
  gemeinde: [16, 18],
  verband: [19, 22],
  name: [23, 72],
  verwaltungssitz: [73, 122],
  textkennzeichen: [123, 124],
  flaeche: [129, 139],
  bevoelkerung: [140, 150],
  maennlich: [151, 161],
  plz: [166, 170],
  plzMehrere: [171, 175],
  finanzamt: [178, 181],
  olg: [182, 182],
  lg: [183, 183],
  ag: [184, 185],
  arbeitsagentur: [186, 190],
  btwVon: [191, 193],
  btwBis: [194, 196],
} as const satisfies Record<string, readonly [number, number]>;

/** Field names as the administrator reads them in error messages. */
const FELD = {
  satzlaenge: 'Satzlänge',
  kodierung: 'Zeichenkodierung',
  satzart: 'Satzart',
  gebietsstand: 'Gebietsstand',
  schluessel: 'Regionalschlüssel',
  name: 'Name',
  textkennzeichen: 'Textkennzeichen',
  flaeche: 'Fläche',
  bevoelkerung: 'Bevölkerung',
  maennlich: 'Bevölkerung männlich',
  plz: 'Postleitzahl',
  plzMehrere: 'Mehrere Postleitzahlen',
  finanzamt: 'Finanzamtsbezirk',
  olg: 'OLG-Bezirk',
  lg: 'LG-Bezirk',
  ag: 'AG-Bezirk',
  arbeitsagentur: 'Arbeitsagenturbezirk',
  btwVon: 'Bundestagswahlkreis von',
  btwBis: 'Bundestagswahlkreis bis',
} as const;

/** Which key positions (11–22) each Satzart fills; the rest must be blank. */
const KEY_DIGITS: Record<Satzart, { digits: [number, number][]; blank: [number, number] | null }> = {
  '10': { digits: [[11, 12]], blank: [13, 22] },
  '20': { digits: [[11, 13]], blank: [14, 22] },
  '30': { digits: [[11, 14]], blank: [15, 22] },
  '40': { digits: [[11, 15]], blank: [16, 22] },
  '50': { digits: [[11, 15], [19, 22]], blank: [16, 18] },
  '60': { digits: [[11, 22]], blank: null },
};

const SATZARTEN = Object.keys(KEY_DIGITS) as Satzart[];

/* ------------------------------------------------------------------ one record */

/** Characters of a line: code points, so that a character outside the BMP counts once. */
function toChars(line: string): string | string[] {
  return /[\uD800-\uDFFF]/.test(line) ? Array.from(line) : line;
}

function slice(chars: string | string[], [from, to]: readonly [number, number]): string {
  return typeof chars === 'string' ? chars.slice(from - 1, to) : chars.slice(from - 1, to).join('');
}

const blank = (s: string) => s.trim() === '';
const isDigits = (s: string) => /^\d+$/.test(s);

/** YYYYMMDD → YYYY-MM-DD when it is a real calendar date. */
function toIsoDate(s: string): string | null {
  if (!/^\d{8}$/.test(s)) return null;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(4, 6));
  const d = Number(s.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

/**
 * Parses and validates one record. Returns the record when it is completely valid; otherwise
 * `satz` is null and `errors` lists every problem of the line (not only the first).
 */
export function parseGv100adSatz(rawLine: string, line: number, file: string): { satz: Gv100adSatz | null; errors: ImportFehler[] } {
  const errors: ImportFehler[] = [];
  const fail = (field: string | null, message: string) => errors.push({ file, line, field, message });

  if (rawLine.includes('\uFFFD')) {
    fail(FELD.kodierung, 'Satz enthält ungültige Zeichen: die Datei ist nicht in UTF-8 gespeichert');
    return { satz: null, errors };
  }
  const chars = toChars(rawLine);
  if (chars.length !== GV100AD_RECORD_LENGTH) {
    fail(FELD.satzlaenge, `Satz hat ${chars.length} statt ${GV100AD_RECORD_LENGTH} Zeichen`);
    return { satz: null, errors };
  }
  const get = (field: keyof typeof POS) => slice(chars, POS[field]);

  const satzart = get('satzart') as Satzart;
  if (!SATZARTEN.includes(satzart)) {
    fail(FELD.satzart, `„${satzart}“ ist keine bekannte Satzart (${SATZARTEN.join(', ')})`);
    return { satz: null, errors };
  }

  const gebietsstand = toIsoDate(get('gebietsstand'));
  if (!gebietsstand) fail(FELD.gebietsstand, `„${get('gebietsstand')}“ ist kein gültiges Datum (JJJJMMTT)`);

  const rule = KEY_DIGITS[satzart];
  for (const range of rule.digits) {
    const part = slice(chars, range);
    if (!isDigits(part)) {
      fail(FELD.schluessel, `„${part}“ an Stelle ${range[0]}–${range[1]} ist kein Schlüssel: bei Satzart ${satzart} stehen dort ${range[1] - range[0] + 1} Ziffern`);
    }
  }
  if (rule.blank && !blank(slice(chars, rule.blank))) {
    fail(FELD.schluessel, `Stelle ${rule.blank[0]}–${rule.blank[1]} muss bei Satzart ${satzart} leer sein, enthält „${slice(chars, rule.blank)}“`);
  }

  const name = get('name').trim();
  if (name === '') fail(FELD.name, 'Name fehlt');
  const sitz = get('verwaltungssitz').trim() || null;

  const tkz = get('textkennzeichen');
  const allowedTkz = satzart === '40' ? KREIS_TKZ : satzart === '50' ? VERBAND_TKZ : satzart === '60' ? GEMEINDE_TKZ : null;
  if (allowedTkz === null) {
    if (!blank(tkz)) fail(FELD.textkennzeichen, `„${tkz}“: Satzart ${satzart} hat kein Textkennzeichen`);
  } else if (!allowedTkz.includes(tkz)) {
    fail(FELD.textkennzeichen, `„${tkz}“ ist kein gültiges Textkennzeichen für Satzart ${satzart} (erlaubt: ${allowedTkz.join(', ')})`);
  }

  const land = get('land');
  const regbezKey = land + get('regbez');
  const kreisPart = get('kreis');
  const kreisKey = kreisPart === '00' ? null : regbezKey + kreisPart;
  const base = { line, gebietsstand: gebietsstand ?? '', landKey: land, name };

  if (satzart !== '60') {
    if (errors.length > 0) return { satz: null, errors };
    switch (satzart) {
      case '10':
        return { satz: { ...base, satzart, ars: land, verwaltungssitz: sitz }, errors };
      case '20':
        return { satz: { ...base, satzart, ars: regbezKey, regbezKey, verwaltungssitz: sitz }, errors };
      case '30':
        return { satz: { ...base, satzart, ars: get('land') + get('regbez') + slice(chars, [14, 14]), regbezKey, verwaltungssitz: sitz }, errors };
      case '40':
        return {
          satz: {
            ...base,
            satzart,
            ars: regbezKey + kreisPart,
            regbezKey,
            kreisKey: regbezKey + kreisPart,
            textkennzeichen: tkz as KreisTextkennzeichen,
            typ: TEXTKENNZEICHEN[tkz as KreisTextkennzeichen],
            verwaltungssitz: sitz,
          },
          errors,
        };
      case '50':
        return {
          satz: {
            ...base,
            satzart,
            ars: regbezKey + kreisPart + get('verband'),
            regbezKey,
            kreisKey,
            textkennzeichen: tkz as VerbandTextkennzeichen,
            typ: TEXTKENNZEICHEN[tkz as VerbandTextkennzeichen],
            verwaltungssitz: sitz,
          },
          errors,
        };
    }
  }

  // Satzart 60: the statistical part.
  const gemeindefrei = isGemeindefrei(tkz);
  const number = (field: 'flaeche' | 'bevoelkerung' | 'maennlich'): number => {
    const raw = get(field);
    if (/^\d{11}$/.test(raw)) return Number(raw);
    fail(FELD[field], blank(raw) ? 'Wert fehlt' : `„${raw}“ ist keine Zahl`);
    return Number.NaN;
  };
  const flaecheHa = number('flaeche');
  const bevoelkerung = number('bevoelkerung');
  const maennlich = number('maennlich');
  if (maennlich > bevoelkerung) {
    fail(FELD.maennlich, `${maennlich} ist größer als die Bevölkerung insgesamt (${bevoelkerung})`);
  }
  if (tkz === '66' && bevoelkerung > 0) {
    fail(FELD.bevoelkerung, `${bevoelkerung} Einwohner in einem unbewohnten gemeindefreien Gebiet (Textkennzeichen 66)`);
  }

  // Gemeindefreie Gebiete may lack the court, tax and postal assignments; every Gemeinde has them.
  const code = (field: keyof typeof FELD & keyof typeof POS, pattern: RegExp, what: string, optional = gemeindefrei): string | null => {
    const raw = get(field);
    if (blank(raw)) {
      if (!optional) fail(FELD[field], 'Wert fehlt');
      return null;
    }
    if (!pattern.test(raw)) {
      fail(FELD[field], `„${raw}“ ist ${what}`);
      return null;
    }
    return raw;
  };
  const plz = code('plz', /^\d{5}$/, 'keine fünfstellige Postleitzahl');
  const plzMehrere = get('plzMehrere');
  if (!blank(plzMehrere) && plzMehrere !== '*****') fail(FELD.plzMehrere, `„${plzMehrere}“: erwartet „*****“ oder leer`);
  const finanzamtsbezirk = code('finanzamt', /^\d{4}$/, 'kein vierstelliger Finanzamtsbezirk');
  const olgBezirk = code('olg', /^\d$/, 'keine Ziffer');
  const lgBezirk = code('lg', /^[0-9A-Z]$/, 'keine Ziffer und kein Großbuchstabe');
  const agBezirk = code('ag', /^\d{2}$/, 'keine zweistellige Zahl');
  const arbeitsagenturbezirk = code('arbeitsagentur', /^\d{5}$/, 'kein fünfstelliger Arbeitsagenturbezirk');
  const btwWahlkreisVon = code('btwVon', /^\d{3}$/, 'keine dreistellige Wahlkreisnummer');
  const btwWahlkreisBis = code('btwBis', /^\d{3}$/, 'keine dreistellige Wahlkreisnummer', true);

  if (errors.length > 0) return { satz: null, errors };
  const verband = get('verband');
  const gemeinde = get('gemeinde');
  return {
    satz: {
      ...base,
      satzart: '60',
      ars: regbezKey + kreisPart + verband + gemeinde,
      ags: regbezKey + kreisPart + gemeinde,
      regbezKey,
      kreisKey,
      verbandArs: regbezKey + kreisPart + verband,
      textkennzeichen: tkz as GemeindeTextkennzeichen,
      typ: TEXTKENNZEICHEN[tkz as GemeindeTextkennzeichen],
      flaecheHa,
      bevoelkerung,
      bevoelkerungMaennlich: maennlich,
      plz,
      plzEindeutig: blank(plzMehrere),
      finanzamtsbezirk,
      olgBezirk,
      lgBezirk,
      agBezirk,
      arbeitsagenturbezirk,
      btwWahlkreisVon,
      btwWahlkreisBis,
    },
    errors,
  };
}

/* ------------------------------------------------------------------ writing (fixtures, round trip) */

/**
 * Writes a record in the GV100AD layout: the inverse of {@link parseGv100adSatz}. Used by tests and
 * fixture builders to produce files exactly as Destatis does. Throws when a value does not fit.
 */
export function formatGv100adSatz(satz: Gv100adSatz): string {
  const out: string[] = new Array(GV100AD_RECORD_LENGTH).fill(' ');
  const put = ([from, to]: readonly [number, number], value: string, label: string) => {
    const chars = Array.from(value);
    if (chars.length > to - from + 1) throw new RangeError(`${label} „${value}“ ist länger als ${to - from + 1} Zeichen`);
    chars.forEach((c, i) => {
      out[from - 1 + i] = c;
    });
  };
  const ars = satz.ars;
  put(POS.satzart, satz.satzart, 'Satzart');
  put(POS.gebietsstand, satz.gebietsstand.replaceAll('-', ''), 'Gebietsstand');
  put([11, 10 + Math.min(ars.length, 5)], ars.slice(0, 5), 'Schlüssel');
  if (satz.satzart === '50') put(POS.verband, ars.slice(5, 9), 'Gemeindeverband');
  if (satz.satzart === '60') {
    put(POS.gemeinde, ars.slice(9, 12), 'Gemeinde');
    put(POS.verband, ars.slice(5, 9), 'Gemeindeverband');
  }
  put(POS.name, satz.name, 'Name');
  if (satz.satzart !== '60' && satz.verwaltungssitz) put(POS.verwaltungssitz, satz.verwaltungssitz, 'Verwaltungssitz');
  if (satz.satzart === '40' || satz.satzart === '50' || satz.satzart === '60') put(POS.textkennzeichen, satz.textkennzeichen, 'Textkennzeichen');
  if (satz.satzart === '60') {
    const num = (n: number) => String(n).padStart(11, '0');
    put(POS.flaeche, num(satz.flaecheHa), 'Fläche');
    put(POS.bevoelkerung, num(satz.bevoelkerung), 'Bevölkerung');
    put(POS.maennlich, num(satz.bevoelkerungMaennlich), 'Bevölkerung männlich');
    if (satz.plz) put(POS.plz, satz.plz, 'Postleitzahl');
    if (!satz.plzEindeutig) put(POS.plzMehrere, '*****', 'Mehrere Postleitzahlen');
    if (satz.finanzamtsbezirk) put(POS.finanzamt, satz.finanzamtsbezirk, 'Finanzamtsbezirk');
    if (satz.olgBezirk) put(POS.olg, satz.olgBezirk, 'OLG-Bezirk');
    if (satz.lgBezirk) put(POS.lg, satz.lgBezirk, 'LG-Bezirk');
    if (satz.agBezirk) put(POS.ag, satz.agBezirk, 'AG-Bezirk');
    if (satz.arbeitsagenturbezirk) put(POS.arbeitsagentur, satz.arbeitsagenturbezirk, 'Arbeitsagenturbezirk');
    if (satz.btwWahlkreisVon) put(POS.btwVon, satz.btwWahlkreisVon, 'Bundestagswahlkreis von');
    if (satz.btwWahlkreisBis) put(POS.btwBis, satz.btwWahlkreisBis, 'Bundestagswahlkreis bis');
  }
  return out.join('');
}

/* ------------------------------------------------------------------ the whole file */

export interface Gv100adOptions {
  /** `'09'` (default), another two-digit Land key, or `'all'`. */
  land?: LandAuswahl;
  /** Name used in error messages; defaults to the file's base name. */
  file?: string;
  /** Called now and then while reading: bytes (or lines) done of total. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Parses GV100AD records from any line source (tests pass arrays). Validates every record and the
 * references between them (each Gemeinde's Kreis and Gemeindeverband exist, keys are unique, one
 * Gebietsstand throughout), then keeps the records of the selected Land.
 */
export async function parseGv100adLines(lines: Iterable<string> | AsyncIterable<string>, options: Gv100adOptions & { file: string }): Promise<Gv100adVerzeichnis> {
  const land = options.land ?? '09';
  assertLandAuswahl(land);
  const file = options.file;
  const errors: ImportFehler[] = [];
  const all: Gv100adSatz[] = [];
  let lineNo = 0;
  let recordCount = 0;
  let firstStand: { value: string; line: number } | null = null;

  for await (const raw of lines) {
    lineNo++;
    const text = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    // An empty line (e.g. a second newline at the end) carries no record.
    if (text.trim() === '') continue;
    recordCount++;
    const { satz, errors: lineErrors } = parseGv100adSatz(text, lineNo, file);
    errors.push(...lineErrors);
    if (!satz) continue;
    if (!firstStand) firstStand = { value: satz.gebietsstand, line: lineNo };
    else if (satz.gebietsstand !== firstStand.value) {
      errors.push({
        file,
        line: lineNo,
        field: FELD.gebietsstand,
        message: `${satz.gebietsstand} weicht vom Gebietsstand der Datei ab (${firstStand.value}, Zeile ${firstStand.line})`,
      });
    }
    all.push(satz);
  }

  errors.push(...checkReferences(all, file));
  if (recordCount === 0) errors.push({ file, line: null, field: null, message: 'Die Datei enthält keinen Satz' });
  const selected = land === 'all' ? all : all.filter((s) => s.landKey === land);
  if (land !== 'all' && recordCount > 0 && !selected.some((s) => s.satzart === '10')) {
    errors.push({ file, line: null, field: 'Land', message: `Land „${land}“ kommt in der Datei nicht vor` });
  }
  errors.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));

  const by = <S extends Satzart>(satzart: S) => selected.filter((s): s is Extract<Gv100adSatz, { satzart: S }> => s.satzart === satzart);
  return {
    file,
    gebietsstand: firstStand?.value ?? null,
    laender: by('10'),
    regierungsbezirke: by('20'),
    regionen: by('30'),
    kreise: by('40'),
    gemeindeverbaende: by('50'),
    gemeinden: by('60'),
    recordCount,
    errors,
  };
}

/** Unique keys per level and existing parents. */
function checkReferences(records: Gv100adSatz[], file: string): ImportFehler[] {
  const errors: ImportFehler[] = [];
  const firstLine = new Map<string, number>();
  for (const s of records) {
    const key = `${s.satzart}:${s.ars}`;
    const seen = firstLine.get(key);
    if (seen !== undefined) {
      errors.push({ file, line: s.line, field: FELD.schluessel, message: `${s.ars} kommt doppelt vor (zuerst in Zeile ${seen})` });
    } else firstLine.set(key, s.line);
  }
  const exists = (satzart: Satzart, ars: string) => firstLine.has(`${satzart}:${ars}`);
  for (const s of records) {
    const missing = (what: string, key: string) =>
      errors.push({ file, line: s.line, field: FELD.schluessel, message: `${what} ${key} fehlt im Verzeichnis` });
    if (s.satzart !== '10' && !exists('10', s.landKey)) missing('Land', s.landKey);
    // Länder without Regierungsbezirke carry a 0 in position 13.
    if ((s.satzart === '40' || s.satzart === '50' || s.satzart === '60') && !s.regbezKey.endsWith('0') && !exists('20', s.regbezKey)) {
      missing('Regierungsbezirk', s.regbezKey);
    }
    if ((s.satzart === '50' || s.satzart === '60') && s.kreisKey && !exists('40', s.kreisKey)) missing('Kreis', s.kreisKey);
    if (s.satzart === '60' && !exists('50', s.verbandArs)) missing('Gemeindeverband', s.verbandArs);
  }
  return errors;
}

/**
 * Streams a GV100AD file line by line (it has 16,000 records for Germany; later editions may be
 * larger) and returns the validated records of the selected Land.
 */
export async function readGv100adFile(filePath: string, options: Gv100adOptions = {}): Promise<Gv100adVerzeichnis> {
  const file = options.file ?? path.basename(filePath);
  const total = fs.statSync(filePath).size;
  const stream = fs.createReadStream(filePath, { encoding: 'utf8' });
  const rl = readline.createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  async function* withProgress() {
    let n = 0;
    for await (const line of rl) {
      if (++n % 1000 === 0) options.onProgress?.(stream.bytesRead, total);
      yield line;
    }
    options.onProgress?.(total, total);
  }
  return parseGv100adLines(withProgress(), { ...options, file });
}
