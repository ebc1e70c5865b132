/**
 * Fixture builders for GV100AD records (tests only): `aGemeinde({ bevoelkerung: 0 })` gives a
 * complete, valid record, tests state only what matters to them, and `formatGv100adSatz` writes
 * it exactly as Destatis would.
 */
import type { GemeindeSatz, GemeindeverbandSatz, Gv100adSatz, KreisSatz, LandSatz, RegierungsbezirkSatz } from './gv100ad.parser';
import { formatGv100adSatz, TEXTKENNZEICHEN } from './gv100ad.parser';

const STAND = '2025-11-30';

export const aLand = (o: Partial<LandSatz> = {}): LandSatz => ({
  satzart: '10', line: 0, gebietsstand: STAND, landKey: '09', ars: '09', name: 'Bayern', verwaltungssitz: 'München', ...o,
});

export const aRegierungsbezirk = (o: Partial<RegierungsbezirkSatz> = {}): RegierungsbezirkSatz => {
  const ars = o.ars ?? '091';
  return { satzart: '20', line: 0, gebietsstand: STAND, landKey: ars.slice(0, 2), ars, regbezKey: ars, name: 'Oberbayern', verwaltungssitz: 'München', ...o };
};

export const aKreis = (o: Partial<KreisSatz> = {}): KreisSatz => {
  const ars = o.ars ?? '09171';
  const textkennzeichen = o.textkennzeichen ?? '44';
  return {
    satzart: '40', line: 0, gebietsstand: STAND, landKey: ars.slice(0, 2), ars, regbezKey: ars.slice(0, 3), kreisKey: ars,
    name: 'Altötting', textkennzeichen, typ: TEXTKENNZEICHEN[textkennzeichen], verwaltungssitz: 'Altötting', ...o,
  };
};

export const aGemeindeverband = (o: Partial<GemeindeverbandSatz> = {}): GemeindeverbandSatz => {
  const ars = o.ars ?? '091715101';
  const textkennzeichen = o.textkennzeichen ?? '54';
  return {
    satzart: '50', line: 0, gebietsstand: STAND, landKey: ars.slice(0, 2), ars, regbezKey: ars.slice(0, 3), kreisKey: ars.slice(0, 5),
    name: 'Emmerting (VGem)', textkennzeichen, typ: TEXTKENNZEICHEN[textkennzeichen], verwaltungssitz: textkennzeichen === '50' ? null : 'Emmerting', ...o,
  };
};

export const aGemeinde = (o: Partial<GemeindeSatz> = {}): GemeindeSatz => {
  const ars = o.ars ?? '091715101114';
  const textkennzeichen = o.textkennzeichen ?? '64';
  const frei = textkennzeichen === '65' || textkennzeichen === '66';
  return {
    satzart: '60', line: 0, gebietsstand: STAND, landKey: ars.slice(0, 2), ars, ags: ars.slice(0, 5) + ars.slice(9),
    regbezKey: ars.slice(0, 3), kreisKey: ars.slice(0, 5), verbandArs: ars.slice(0, 9), name: 'Emmerting', textkennzeichen,
    typ: TEXTKENNZEICHEN[textkennzeichen], flaecheHa: 1066, bevoelkerung: frei ? 0 : 3762, bevoelkerungMaennlich: frei ? 0 : 1880,
    plz: frei ? null : '84547', plzEindeutig: true, finanzamtsbezirk: '9106', olgBezirk: '2', lgBezirk: '9', agBezirk: '08',
    arbeitsagenturbezirk: frei ? null : '85907', btwWahlkreisVon: '211', btwWahlkreisBis: null, ...o,
  };
};

/**
 * A small but complete Bavarian directory (plus one record of another Land): a kreisfreie Stadt,
 * a Landkreis with a VG of two members, a verbandsfreie Stadt and a gemeindefreies Gebiet.
 */
export function smallVerzeichnis(): Gv100adSatz[] {
  return [
    aLand(),
    aRegierungsbezirk(),
    aKreis({ ars: '09161', name: 'Ingolstadt', textkennzeichen: '41', typ: TEXTKENNZEICHEN['41'], verwaltungssitz: 'Ingolstadt' }),
    aGemeindeverband({ ars: '091610000', name: 'Ingolstadt', textkennzeichen: '50', typ: TEXTKENNZEICHEN['50'], verwaltungssitz: null }),
    aGemeinde({ ars: '091610000000', name: 'Ingolstadt', textkennzeichen: '61', typ: TEXTKENNZEICHEN['61'], flaecheHa: 13335, bevoelkerung: 141185, bevoelkerungMaennlich: 71791, plz: '85047', plzEindeutig: false }),
    aKreis(),
    aGemeindeverband({ ars: '091710111', name: 'Altötting, St', textkennzeichen: '50', typ: TEXTKENNZEICHEN['50'], verwaltungssitz: null }),
    aGemeindeverband(),
    aGemeindeverband({ ars: '091719452', name: 'Forst', textkennzeichen: '50', typ: TEXTKENNZEICHEN['50'], verwaltungssitz: null }),
    aGemeinde({ ars: '091710111111', name: 'Altötting, St', textkennzeichen: '63', typ: TEXTKENNZEICHEN['63'], bevoelkerung: 13138, bevoelkerungMaennlich: 6344, plz: '84503', flaecheHa: 2307 }),
    aGemeinde(),
    aGemeinde({ ars: '091715101116', name: 'Tüßling, M', textkennzeichen: '60', typ: TEXTKENNZEICHEN['60'], bevoelkerung: 4000, bevoelkerungMaennlich: 2000, plz: '84577', flaecheHa: 3000 }),
    aGemeinde({ ars: '091719452452', name: 'Forst', textkennzeichen: '66', typ: TEXTKENNZEICHEN['66'], flaecheHa: 500 }),
    aLand({ ars: '05', landKey: '05', name: 'Nordrhein-Westfalen', verwaltungssitz: 'Düsseldorf' }),
  ];
}

/** The records as file lines, with the line numbers they get. */
export function asLines(records: Gv100adSatz[]): string[] {
  return records.map(formatGv100adSatz);
}

export const withLines = <T extends Gv100adSatz>(records: T[]): T[] => records.map((r, i) => ({ ...r, line: i + 1 }));
