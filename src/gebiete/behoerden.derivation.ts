/**
 * From the Gemeindeverzeichnis to the rows we store: every territorial unit (`gebiete`) and the
 * Behörden derived from them (`behoerden`, `behoerde_gemeinden`). Pure functions, no database.
 *
 * Which unit is a Behörde (the authority that links Online-Verfahren and receives the Prädikat):
 * - every inhabited Gemeinde that keeps its own administration (verbandsfreie Gemeinden, including
 *   the kreisfreie Städte and the Stadtstaaten Berlin and Hamburg; Bremen and Bremerhaven), keyed by
 *   its 12-digit ARS;
 * - every Gemeindeverband that runs the administration for its members, 9-digit ARS (see
 *   `verbandRolle`): Ämter (51) and the Kirchspielslandgemeinden (55) in Schleswig-Holstein,
 *   Mecklenburg-Vorpommern and Brandenburg, Samtgemeinden (52, Niedersachsen), Verbandsgemeinden
 *   (53, Rheinland-Pfalz, Sachsen-Anhalt, Brandenburg), Verwaltungsgemeinschaften (54) in Bayern
 *   and Thüringen (VG Iphofen's award covered four Gemeinden), Verwaltungsverbände (56) in Sachsen;
 *   the member Gemeinden are then no Behörden of their own;
 * - where a Gemeinde does the work for its neighbours (Erfüllende Gemeinde 58 in Thüringen and
 *   Brandenburg, Verwaltungsgemeinschaft 54 in Sachsen), that Gemeinde – the Verwaltungssitz – is
 *   the Behörde for every member;
 * - in Baden-Württemberg the vereinbarte Verwaltungsgemeinschaften (54) and the
 *   Gemeindeverwaltungsverbände (56) only share some tasks: every member stays a Behörde;
 * - every Kreis with its own administration (Textkennzeichen 43 Kreis, 44 Landkreis, 45
 *   Regionalverband), 5-digit key; kreisfreie Städte and Stadtkreise (41, 42) are Behörden as Gemeinden;
 * - in Bavaria only, every Bezirk, the third communal level, keyed by its Regierungsbezirk (091–097).
 * Gemeindefreie Gebiete (65/66) have no council and are never Behörden.
 */
import { searchKey } from '../shared/text';
import type { GemeindeSatz, GemeindeverbandSatz, Gv100adVerzeichnis, KreisSatz, RegierungsbezirkSatz } from './gv100ad.parser';
import { isGemeindefrei } from './gv100ad.parser';
import type { Koordinate } from './koordinaten.parser';

export type BehoerdeTyp =
  | 'gemeinde'
  | 'markt'
  | 'stadt'
  | 'grosse_kreisstadt'
  | 'kreisfreie_stadt'
  | 'vg'
  | 'amt'
  | 'samtgemeinde'
  | 'verbandsgemeinde'
  | 'verwaltungsverband'
  | 'landkreis'
  | 'bezirk';

/** One row of the `gebiete` table. */
export interface GebietZeile {
  ars: string;
  ags: string | null;
  ebene: 'land' | 'regierungsbezirk' | 'kreis' | 'gemeindeverband' | 'gemeinde';
  satzart: number;
  name: string;
  textkennzeichen: string | null;
  typ: string | null;
  verwaltungssitz: string | null;
  landKey: string;
  regbezKey: string | null;
  kreisKey: string | null;
  verbandArs: string | null;
  /** For Gemeinden from GV100AD; for higher levels the sum over their Gemeinden. */
  flaecheHa: number;
  bevoelkerung: number;
  plz: string | null;
  plzEindeutig: boolean | null;
  lat: number | null;
  lon: number | null;
  gebietsstand: string;
}

/** One row of `behoerden` plus the Gemeinden it administers (`behoerde_gemeinden`). */
export interface AbgeleiteteBehoerde {
  ars: string;
  name: string;
  kurzname: string;
  typ: BehoerdeTyp;
  landKey: string;
  regbezKey: string;
  kreisKey: string | null;
  sitz: string | null;
  plz: string | null;
  bevoelkerung: number;
  flaecheHa: number;
  /** Seat: centre of the Gemeinde of the Verwaltungssitz (a Gemeinde: its own centre); null when the seat is not found. */
  lat: number | null;
  lon: number | null;
  /** Population-weighted centre of the Gemeinden the Behörde serves. */
  schwerpunktLat: number | null;
  schwerpunktLon: number | null;
  suchname: string;
  /** 12-digit ARS of the Gemeinden it administers: itself (Gemeinde), its members (VG), none (Landkreis, Bezirk). */
  gemeinden: string[];
}

const GEMEINDE_TYP: Record<string, BehoerdeTyp> = {
  '60': 'markt',
  '61': 'kreisfreie_stadt',
  '62': 'kreisfreie_stadt',
  '63': 'stadt',
  '64': 'gemeinde',
  '67': 'grosse_kreisstadt',
};

/**
 * What a Gemeindeverband is for the Behörden:
 * - `verband`: it runs the administration of its members and is the Behörde;
 * - `erfuellende_gemeinde`: one member (its Verwaltungssitz) administers all members and is the Behörde;
 * - `keine`: its members keep their own administration and are Behörden each (also 50 verbandsfrei).
 */
export type VerbandRolle = 'verband' | 'erfuellende_gemeinde' | 'keine';

const BADEN_WUERTTEMBERG = '08';
const SACHSEN = '14';

export function verbandRolle(textkennzeichen: string, landKey: string): VerbandRolle {
  switch (textkennzeichen) {
    case '51': // Amt
    case '52': // Samtgemeinde
    case '53': // Verbandsgemeinde
    case '55': // Kirchspielslandgemeinde (Schleswig-Holstein, administered like an Amt)
    case '57': // Verwaltungsgemeinschaft, Trägermodell
      return 'verband';
    case '54': // Verwaltungsgemeinschaft
      if (landKey === BADEN_WUERTTEMBERG) return 'keine'; // vereinbarte VG: only some tasks are shared
      if (landKey === SACHSEN) return 'erfuellende_gemeinde'; // § 36 SächsKomZG
      return 'verband'; // Bayern (Art. 4 VGemO), Thüringen
    case '56': // Verwaltungsverband
      return landKey === BADEN_WUERTTEMBERG ? 'keine' : 'verband'; // Gemeindeverwaltungsverband in BW
    case '58': // Erfüllende Gemeinde
      return 'erfuellende_gemeinde';
    default:
      return 'keine';
  }
}

const VERBAND_TYP: Record<string, BehoerdeTyp> = {
  '51': 'amt',
  '52': 'samtgemeinde',
  '53': 'verbandsgemeinde',
  '54': 'vg',
  '55': 'amt',
  '56': 'verwaltungsverband',
  '57': 'vg',
};

/** GV100AD names most Gemeindeverbände by their place ("Brome"); the Körperschaft is "Samtgemeinde Brome". */
const VERBAND_PRAEFIX: Record<string, string> = {
  '51': 'Amt',
  '52': 'Samtgemeinde',
  '53': 'Verbandsgemeinde',
  '54': 'Verwaltungsgemeinschaft',
  '55': 'Kirchspielslandgemeinde',
  '56': 'Verwaltungsverband',
  '57': 'Verwaltungsgemeinschaft',
};

function verbandName(vb: GemeindeverbandSatz): string {
  const praefix = VERBAND_PRAEFIX[vb.textkennzeichen];
  // Bavarian VGs carry "(VGem)" already: "Iphofen (VGem)".
  if (!praefix || /\(VGem\)$/.test(vb.name) || vb.name.startsWith(praefix) || /^(Amt|VG|VGem|VVG|GVV|EG)\b/.test(vb.name)) return vb.name;
  return `${praefix} ${vb.name}`;
}

/** Kreise that are Behörden of their own (kreisfreie Städte are Behörden as Gemeinden). */
const KREIS_TKZ_BEHOERDE = new Set(['43', '44', '45']);
/** Only Bavaria has Bezirke as a third communal level (Art. 1 BezO). */
const LAND_MIT_BEZIRKEN = '09';

/**
 * The name without the designation GV100AD appends: ", St" (Stadt), ", M" (Markt), ", GKSt"
 * (Große Kreisstadt), ", Landeshauptstadt", ", Hansestadt" … and " (VGem)". Parenthesised parts of
 * the name itself stay ("Krumbach (Schwaben)"). Two Behörden may share a short name ("Amberg" the
 * kreisfreie Stadt and "Amberg" in VG Türkheim): typ and Landkreis tell them apart.
 */
export function kurzname(name: string): string {
  return name
    .replace(/\s*\(VGem\)$/, '')
    .replace(/\s*,.*$/, '')
    .trim();
}

/** Name compared loosely: "Bad Neustadt a. d. Saale" finds "Bad Neustadt a.d.Saale, St". */
const sitzKey = (name: string) => searchKey(kurzname(name)).split(' | ')[0].replaceAll(' ', '');

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Population-weighted centre; the plain mean when nobody lives there; null without coordinates. */
function weightedCentre(gemeinden: GemeindeSatz[], koordinaten: Map<string, Koordinate>): { lat: number | null; lon: number | null } {
  let w = 0;
  let lat = 0;
  let lon = 0;
  let n = 0;
  let plainLat = 0;
  let plainLon = 0;
  for (const g of gemeinden) {
    const k = koordinaten.get(g.ags);
    if (!k) continue;
    n++;
    plainLat += k.lat;
    plainLon += k.lon;
    w += g.bevoelkerung;
    lat += k.lat * g.bevoelkerung;
    lon += k.lon * g.bevoelkerung;
  }
  if (n === 0) return { lat: null, lon: null };
  return w > 0 ? { lat: round6(lat / w), lon: round6(lon / w) } : { lat: round6(plainLat / n), lon: round6(plainLon / n) };
}

const sum = (gemeinden: GemeindeSatz[], field: 'bevoelkerung' | 'flaecheHa') => gemeinden.reduce((s, g) => s + g[field], 0);

/** Groups Gemeinden by a key function, keeping file order. */
function groupBy<K>(gemeinden: GemeindeSatz[], key: (g: GemeindeSatz) => K): Map<K, GemeindeSatz[]> {
  const map = new Map<K, GemeindeSatz[]>();
  for (const g of gemeinden) {
    const k = key(g);
    const list = map.get(k);
    if (list) list.push(g);
    else map.set(k, [g]);
  }
  return map;
}

/**
 * The Gemeinde a Verwaltungssitz names, searched in the given groups in order (members, then the
 * Kreis, then the Regierungsbezirk: VG Eichstätt sits in the Große Kreisstadt Eichstätt, which is
 * not a member). Exact loose match first, then a prefix ("Gemünden" → "Gemünden a.Main, St").
 */
function findSitz(sitz: string | null, groups: (GemeindeSatz[] | undefined)[]): GemeindeSatz | undefined {
  if (!sitz) return undefined;
  const key = sitzKey(sitz);
  const inhabited = (g: GemeindeSatz) => !isGemeindefrei(g.textkennzeichen);
  for (const group of groups) {
    const hit = group?.find((g) => inhabited(g) && sitzKey(g.name) === key);
    if (hit) return hit;
  }
  for (const group of groups) {
    const hit = group?.find((g) => inhabited(g) && sitzKey(g.name).startsWith(key));
    if (hit) return hit;
  }
  return undefined;
}

const mostPopulous = (gemeinden: GemeindeSatz[]) => gemeinden.reduce<GemeindeSatz | undefined>((a, g) => (!a || g.bevoelkerung > a.bevoelkerung ? g : a), undefined);

/** Rows for the `gebiete` table: every level except the Baden-Württemberg Regionen (planning regions, no Gebietskörperschaft). */
export function buildGebiete(v: Gv100adVerzeichnis, koordinaten: Map<string, Koordinate>): GebietZeile[] {
  const stand = v.gebietsstand ?? '';
  const regbezKeys = new Set(v.regierungsbezirke.map((r) => r.regbezKey));
  const regbez = (key: string) => (regbezKeys.has(key) ? key : null);
  const byLand = groupBy(v.gemeinden, (g) => g.landKey);
  const byRegbez = groupBy(v.gemeinden, (g) => g.regbezKey);
  const byKreis = groupBy(v.gemeinden, (g) => g.kreisKey);
  const byVerband = groupBy(v.gemeinden, (g) => g.verbandArs);
  const totals = (list: GemeindeSatz[] | undefined) => ({ flaecheHa: sum(list ?? [], 'flaecheHa'), bevoelkerung: sum(list ?? [], 'bevoelkerung') });
  const none = { plz: null, plzEindeutig: null, lat: null, lon: null, gebietsstand: stand };

  const rows: GebietZeile[] = [];
  for (const l of v.laender) {
    rows.push({
      ars: l.ars, ags: l.ars, ebene: 'land', satzart: 10, name: l.name, textkennzeichen: null, typ: null, verwaltungssitz: l.verwaltungssitz,
      landKey: l.landKey, regbezKey: null, kreisKey: null, verbandArs: null, ...totals(byLand.get(l.landKey)), ...none,
    });
  }
  for (const r of v.regierungsbezirke) {
    rows.push({
      ars: r.ars, ags: r.ars, ebene: 'regierungsbezirk', satzart: 20, name: r.name, textkennzeichen: null, typ: null, verwaltungssitz: r.verwaltungssitz,
      landKey: r.landKey, regbezKey: r.regbezKey, kreisKey: null, verbandArs: null, ...totals(byRegbez.get(r.regbezKey)), ...none,
    });
  }
  for (const k of v.kreise) {
    rows.push({
      ars: k.ars, ags: k.ars, ebene: 'kreis', satzart: 40, name: k.name, textkennzeichen: k.textkennzeichen, typ: k.typ, verwaltungssitz: k.verwaltungssitz,
      landKey: k.landKey, regbezKey: regbez(k.regbezKey), kreisKey: k.kreisKey, verbandArs: null, ...totals(byKreis.get(k.kreisKey)), ...none,
    });
  }
  for (const vb of v.gemeindeverbaende) {
    rows.push({
      ars: vb.ars, ags: null, ebene: 'gemeindeverband', satzart: 50, name: vb.name, textkennzeichen: vb.textkennzeichen, typ: vb.typ,
      verwaltungssitz: vb.verwaltungssitz, landKey: vb.landKey, regbezKey: regbez(vb.regbezKey), kreisKey: vb.kreisKey, verbandArs: vb.ars,
      ...totals(byVerband.get(vb.ars)), ...none,
    });
  }
  for (const g of v.gemeinden) {
    const k = koordinaten.get(g.ags);
    rows.push({
      ars: g.ars, ags: g.ags, ebene: 'gemeinde', satzart: 60, name: g.name, textkennzeichen: g.textkennzeichen, typ: g.typ, verwaltungssitz: null,
      landKey: g.landKey, regbezKey: regbez(g.regbezKey), kreisKey: g.kreisKey, verbandArs: g.verbandArs, flaecheHa: g.flaecheHa,
      bevoelkerung: g.bevoelkerung, plz: g.plz, plzEindeutig: g.plzEindeutig, lat: k?.lat ?? null, lon: k?.lon ?? null, gebietsstand: stand,
    });
  }
  return rows;
}

/** Derives the Behörden of the selected Land(s); see the rules at the top of this file. */
export function deriveBehoerden(v: Gv100adVerzeichnis, koordinaten: Map<string, Koordinate>): AbgeleiteteBehoerde[] {
  const verbaende = new Map<string, GemeindeverbandSatz>(v.gemeindeverbaende.map((vb) => [vb.ars, vb]));
  const byRegbez = groupBy(v.gemeinden, (g) => g.regbezKey);
  const byKreis = groupBy(v.gemeinden, (g) => g.kreisKey);
  const byVerband = groupBy(v.gemeinden, (g) => g.verbandArs);
  const byLand = groupBy(v.gemeinden, (g) => g.landKey);
  const behoerden: AbgeleiteteBehoerde[] = [];

  const schwerpunktVon = (gemeinden: GemeindeSatz[]) => {
    const w = weightedCentre(gemeinden, koordinaten);
    return { schwerpunktLat: w.lat, schwerpunktLon: w.lon };
  };
  /** Totals of the area, its weighted centre, and the seat's point (only the seat Gemeinde found by name, never a guess). */
  const fromGroup = (gemeinden: GemeindeSatz[], sitz: GemeindeSatz | undefined) => {
    const punkt = sitz ? koordinaten.get(sitz.ags) : undefined;
    return {
      bevoelkerung: sum(gemeinden, 'bevoelkerung'),
      flaecheHa: sum(gemeinden, 'flaecheHa'),
      lat: punkt?.lat ?? null,
      lon: punkt?.lon ?? null,
      ...schwerpunktVon(gemeinden),
    };
  };

  const rolle = (vb: GemeindeverbandSatz | undefined): VerbandRolle => (vb ? verbandRolle(vb.textkennzeichen, vb.landKey) : 'keine');
  const inhabitedMembers = (vb: GemeindeverbandSatz) => (byVerband.get(vb.ars) ?? []).filter((g) => !isGemeindefrei(g.textkennzeichen));
  /** Erfüllende Gemeinde (12-digit ARS) → the members it administers, itself included. */
  const erfuellend = new Map<string, GemeindeSatz[]>();
  for (const vb of v.gemeindeverbaende) {
    if (rolle(vb) !== 'erfuellende_gemeinde') continue;
    const members = inhabitedMembers(vb);
    const sitz = findSitz(vb.verwaltungssitz, [members]) ?? mostPopulous(members);
    if (sitz) erfuellend.set(sitz.ars, members);
  }

  for (const g of v.gemeinden) {
    if (isGemeindefrei(g.textkennzeichen)) continue;
    const r = rolle(verbaende.get(g.verbandArs));
    if (r === 'verband') continue;
    const verwaltet = r === 'erfuellende_gemeinde' ? erfuellend.get(g.ars) : [g];
    if (!verwaltet) continue; // administered by the erfüllende Gemeinde of its Verband
    const k = koordinaten.get(g.ags);
    const kurz = kurzname(g.name);
    behoerden.push({
      ars: g.ars,
      name: g.name,
      kurzname: kurz,
      typ: GEMEINDE_TYP[g.textkennzeichen],
      landKey: g.landKey,
      regbezKey: g.regbezKey,
      kreisKey: g.kreisKey,
      sitz: kurz,
      plz: g.plz,
      bevoelkerung: g.bevoelkerung,
      flaecheHa: g.flaecheHa,
      lat: k?.lat ?? null,
      lon: k?.lon ?? null,
      ...schwerpunktVon(verwaltet),
      // Searching for a Gemeinde it administers finds the erfüllende Gemeinde.
      suchname: [g, ...verwaltet.filter((m) => m !== g)].map((m) => searchKey(m.name)).join(' | '),
      gemeinden: [g, ...verwaltet.filter((m) => m !== g)].map((m) => m.ars),
    });
  }

  for (const vb of v.gemeindeverbaende) {
    if (rolle(vb) !== 'verband') continue;
    const members = inhabitedMembers(vb);
    if (members.length === 0) continue;
    const sitz = findSitz(vb.verwaltungssitz, [members, byKreis.get(vb.kreisKey), byRegbez.get(vb.regbezKey)]);
    const name = verbandName(vb);
    behoerden.push({
      ars: vb.ars,
      name,
      kurzname: kurzname(vb.name),
      typ: VERBAND_TYP[vb.textkennzeichen],
      landKey: vb.landKey,
      regbezKey: vb.regbezKey,
      kreisKey: vb.kreisKey,
      sitz: vb.verwaltungssitz,
      plz: (sitz ?? mostPopulous(members))?.plz ?? null,
      ...fromGroup(members, sitz),
      // Searching for a member ("Amberg" in Unterallgäu) finds the Verband that administers it.
      suchname: [name, ...members.map((g) => g.name)].map(searchKey).join(' | '),
      gemeinden: members.map((g) => g.ars),
    });
  }

  for (const k of v.kreise) {
    if (!KREIS_TKZ_BEHOERDE.has(k.textkennzeichen)) continue;
    const gemeinden = byKreis.get(k.kreisKey) ?? [];
    const sitz = findSitz(k.verwaltungssitz, [gemeinden, byRegbez.get(k.regbezKey), byLand.get(k.landKey)]);
    const name = landkreisName(k);
    behoerden.push({
      ars: k.ars,
      name,
      kurzname: k.name,
      typ: 'landkreis',
      landKey: k.landKey,
      regbezKey: k.regbezKey,
      kreisKey: k.kreisKey,
      sitz: k.verwaltungssitz,
      plz: (sitz ?? mostPopulous(gemeinden))?.plz ?? null,
      ...fromGroup(gemeinden, sitz),
      suchname: searchKey(name),
      gemeinden: [],
    });
  }

  for (const r of v.regierungsbezirke) {
    if (r.landKey !== LAND_MIT_BEZIRKEN) continue;
    const gemeinden = byRegbez.get(r.regbezKey) ?? [];
    const sitz = findSitz(r.verwaltungssitz, [gemeinden]);
    const name = bezirkName(r);
    behoerden.push({
      ars: r.ars,
      name,
      kurzname: r.name,
      typ: 'bezirk',
      landKey: r.landKey,
      regbezKey: r.regbezKey,
      kreisKey: null,
      sitz: r.verwaltungssitz,
      plz: sitz?.plz ?? null,
      ...fromGroup(gemeinden, sitz),
      suchname: searchKey(name),
      gemeinden: [],
    });
  }
  return behoerden;
}

/** GV100AD names a Kreis by its territory ("Altötting"); the Körperschaft is "Landkreis Altötting". */
function landkreisName(k: KreisSatz): string {
  // Names that say what they are already: "Rhein-Sieg-Kreis", "Eifelkreis Bitburg-Prüm", "Region Hannover", "Städteregion Aachen".
  if (/kreis|^(Region|Städteregion|Regionalverband) /i.test(k.name)) return k.name;
  if (k.textkennzeichen === '44') return `Landkreis ${k.name}`;
  if (k.textkennzeichen === '43' && !k.name.startsWith('Kreis')) return `Kreis ${k.name}`;
  return k.name;
}

/** The Bezirk has the territory and name of its Regierungsbezirk: "Bezirk Oberbayern". */
function bezirkName(r: RegierungsbezirkSatz): string {
  return `Bezirk ${r.name}`;
}
