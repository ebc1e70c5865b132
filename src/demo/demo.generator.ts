/**
 * Demodaten planner: which Behörde links which Online-Verfahren is not public data, so the platform
 * simulates it. This module is pure: given the Behörden, the LeiKa-Leistungen, a seed and "today"
 * it returns the complete plan (Verfahren, their Leistungen, Verlinkungen, Prädikate, count history).
 * Same input ⇒ byte-identical plan (`JSON.stringify`), so a demo, a screenshot or a failing test can
 * always be reproduced. Writing the plan is `demo.service.ts`'s job.
 *
 * Calibration follows the published figures (kommune21, 29.7.2021, and the StMD's later numbers,
 * see PRODUCT.md in the shared folder): threshold 50 (Bezirke 30, shared/schwellen.ts) counting Online-Verfahren; first seven awards on
 * 29.7.2021; VG Iphofen the 100th award; ~200 awards by Feb 2023, ~400 by Dec 2023; top counts
 * Erlangen 339 and Nürnberg 290. All figures are defaults in `DEFAULT_KALIBRIERUNG`, calibrated for
 * Bavaria's 1,463 Behörden; for a smaller or larger list the target counts scale with its size.
 *
 * How a plan is built:
 *  1. Every Behörde gets a "digital affinity" score (type, population relative to its type, noise);
 *     the best-scoring ones (plus the named awardees) end at or over the threshold, the next ones
 *     just below it, the rest form a long tail.
 *  2. Awardees are ordered (first seven fixed, VG Iphofen at place 100, then by score and chance)
 *     and get dates from a piecewise-linear award curve; each crossed the threshold 1–11 weeks
 *     before its award. A few awardees later lost links and are `ausgesetzt`.
 *  3. Each Behörde's counting links are split between zentrale Verfahren (weighted by popularity)
 *     and its own kommunale Verfahren; link dates put exactly `threshold` links before the crossing
 *     date, so the count history derived from them agrees with every award.
 *  4. Information pages and PDF forms (~5 %) are created and linked too, but never count.
 */
import { createHash } from 'node:crypto';
import { type Schwellen, schwelleFuer, STANDARD_SCHWELLEN } from '../shared/schwellen';
import { createRandom, type Random } from './demo.random';

/* ------------------------------------------------------------------------------------ input */

export interface DemoBehoerde {
  ars: string;
  /** Display name without official suffixes ("Erlangen"). */
  kurzname: string;
  /** gemeinde | markt | stadt | grosse_kreisstadt | kreisfreie_stadt | vg | amt | samtgemeinde | verbandsgemeinde | verwaltungsverband | landkreis | bezirk */
  typ: string;
  bevoelkerung: number;
  /** Two-digit Land key; missing means one Land (as before all of Germany could be imported). */
  land?: string;
}

export interface DemoLeistung {
  id: number;
  /** 14-digit LeiKa key, null for the catalogue's "nicht im LeiKa" entries. */
  schluessel: string | null;
  name: string;
  typisierung: string | null;
}

export interface DemoKalibrierung {
  /** Number of Behörden the absolute targets below are meant for (Bavaria, GV100AD 30.11.2025). */
  referenzBehoerden: number;
  /** Behörden at or over their threshold today. */
  amSchwellenwert: number;
  /** Behörden "close": 1–10 below their threshold today (includes the suspended awardees). */
  knappDarunter: number;
  /** Awardees who later fell below the threshold (status `ausgesetzt`). */
  ausgesetzt: number;
  /** Behörden over the threshold that have not (yet) received the Prädikat. */
  ohnePraedikat: number;
  /** Zentrale Online-Verfahren of the Freistaat (including the non-counting share). */
  zentraleVerfahren: number;
  /** Share of information pages and PDF forms among all Verfahren (never count). */
  anteilNichtZaehlend: number;
  /** Fixed counting-link counts of named Behörden (ARS). */
  spitzenwerte: Array<{ ars: string; anzahl: number }>;
  /** Highest count of any other Behörde (at threshold 50; scaled for Bezirke). */
  hoechsterUebrigerWert: number;
  /** The first awards: all on one date, certificate numbers in this order. */
  ersteVerleihung: { datum: string; behoerden: string[] };
  /** Awards at a fixed place in the overall order (1-based). */
  festePlaetze: Array<{ platz: number; ars: string }>;
  /** Cumulative number of awards by date (absolute, for `referenzBehoerden`). */
  verleihungsKurve: Array<{ bis: string; anzahl: number }>;
  /** Earliest date of a simulated link. */
  verlinkungenAb: string;
  /**
   * First point of the count history and its spacing: the 1st of every month (about 70 points per
   * Behörde, ~100k rows, about a second on PGlite) or every 7 days (~450k rows, several seconds).
   * A last point on "today" is always added.
   */
  historieAb: string;
  historieSchritt: 'monat' | 'woche';
}

export const DEFAULT_KALIBRIERUNG: DemoKalibrierung = {
  referenzBehoerden: 1463,
  amSchwellenwert: 415,
  knappDarunter: 40,
  ausgesetzt: 5,
  ohnePraedikat: 10,
  zentraleVerfahren: 120,
  anteilNichtZaehlend: 0.05,
  spitzenwerte: [
    { ars: '095620000000', anzahl: 339 }, // Erlangen
    { ars: '095640000000', anzahl: 290 }, // Nürnberg
  ],
  hoechsterUebrigerWert: 280,
  ersteVerleihung: {
    // kommune21, 29.7.2021: "Nürnberg, Augsburg, Straubing, Amberg, Ingolstadt, Bamberg und Bad Königshofen"
    datum: '2021-07-29',
    behoerden: [
      '095640000000', // Nürnberg
      '097610000000', // Augsburg
      '092630000000', // Straubing
      '093610000000', // Amberg, kreisfreie Stadt (not the Gemeinde Amberg in VG Türkheim)
      '091610000000', // Ingolstadt
      '094610000000', // Bamberg
      '096730141141', // Bad Königshofen i.Grabfeld, Stadt
    ],
  },
  festePlaetze: [{ platz: 100, ars: '096755616' }], // VG Iphofen (Main-Post: "das 100. Digitale Amt")
  verleihungsKurve: [
    { bis: '2021-07-29', anzahl: 7 },
    { bis: '2021-12-31', anzahl: 45 },
    { bis: '2022-07-15', anzahl: 100 },
    { bis: '2023-02-28', anzahl: 200 },
    { bis: '2023-12-31', anzahl: 400 },
  ],
  verlinkungenAb: '2019-10-01',
  historieAb: '2021-01-01',
  historieSchritt: 'monat',
};

export interface DemoPlanOptions {
  seed: string | number;
  /** The plan's "today" (YYYY-MM-DD): nothing happens after it. */
  today: string;
  schwellenwerte?: Schwellen;
  kalibrierung?: Partial<DemoKalibrierung>;
}

/* ------------------------------------------------------------------------------------ output */

export interface PlannedVerfahren {
  id: string;
  name: string;
  beschreibung: string;
  bereitstellung: 'zentral' | 'kommunal';
  art: 'online' | 'information' | 'formular_pdf';
  anbieterArs: string | null;
  url: string;
  vertrauensniveau: 'niedrig' | 'substanziell' | 'hoch';
  mobilOptimiert: boolean;
  /** ISO timestamp (UTC). */
  createdAt: string;
}

export interface PlannedVerlinkung {
  behoerdeArs: string;
  verfahrenId: string;
  /** URL for this Behörde where it differs from the catalogue's. */
  url: string | null;
  /** ISO timestamp (UTC). */
  linkedAt: string;
}

/** A link that existed and was removed again: part of the history, not of today's data. */
export interface RemovedVerlinkung extends PlannedVerlinkung {
  removedAt: string;
}

export interface PlannedPraedikat {
  zertifikatNr: string;
  behoerdeArs: string;
  verliehenAm: string;
  status: 'gueltig' | 'ausgesetzt';
}

export interface DemoPlan {
  seed: string;
  today: string;
  schwellenwerte: Schwellen;
  verfahren: PlannedVerfahren[];
  verfahrenLeistungen: Array<{ verfahrenId: string; leikaId: number }>;
  verlinkungen: PlannedVerlinkung[];
  entfernteVerlinkungen: RemovedVerlinkung[];
  praedikate: PlannedPraedikat[];
  /** Counting links per Behörde on each day of `tage` (same order). */
  zaehlstaende: { tage: string[]; reihen: Array<{ behoerdeArs: string; anzahl: number[] }> };
}

/** Thrown when the input cannot give a plan (no Leistungen, "today" before the first link date). */
export class DemoPlanError extends Error {
  readonly code = 'DEMO_PLAN_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'DemoPlanError';
  }
}

/* ------------------------------------------------------------------------------------ dates */

const DAY_MS = 86_400_000;
const toDay = (iso: string): number => Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY_MS);
const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** A weekend day becomes the Friday before (awards are handed over on working days). */
const toWorkingDay = (day: number): number => {
  const weekday = new Date(day * DAY_MS).getUTCDay();
  return weekday === 6 ? day - 1 : weekday === 0 ? day - 2 : day;
};
/** A timestamp on `day` during office hours (UTC). */
const officeTime = (day: number, rnd: Random): string =>
  new Date(day * DAY_MS + rnd.int(6 * 3600, 15 * 3600 + 3599) * 1000).toISOString().replace('.000Z', 'Z');

/* ------------------------------------------------------------------------------------ names */

const slugify = (text: string, max = 60): string =>
  text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');

const capitalize = (s: string) => (s ? s[0].toLocaleUpperCase('de-DE') + s.slice(1) : s);
/** "Denkmalrechtliche Genehmigung" → "denkmalrechtliche Genehmigung": an adjective in mid-sentence. */
const imSatz = (s: string) =>
  s.replace(/^(\p{Lu})(\p{Ll}+(?:lich|isch|ig|al|iv|ell)(?:e|er|es|en)\s)/u, (_, a: string, b: string) => a.toLocaleLowerCase('de-DE') + b);

/** Verrichtungen read as "Antrag auf <Leistungsobjekt>" (the application is for the thing itself). */
const ANTRAG_AUF_OBJEKT = new Set(['Erteilung', 'Ausstellung', 'Gewährung', 'Bewilligung', 'Beantragung', 'Ausgabe']);
/** Verrichtungen read as "Antrag auf <Verrichtung>: <Leistungsobjekt>". */
const ANTRAG_AUF_VERRICHTUNG = new Set([
  'Verlängerung',
  'Befreiung',
  'Ermäßigung',
  'Erstattung',
  'Änderung',
  'Anerkennung',
  'Zulassung',
  'Genehmigung',
  'Erlaubnis',
  'Förderung',
  'Übernahme',
  'Stundung',
  'Berichtigung',
  'Eintragung',
  'Löschung',
  'Zustimmung',
  'Ausnahme',
  'Umschreibung',
  'Ersatz',
  'Auskunft',
]);
/** Leistungsobjekte that read well after "Antrag auf". */
const ANTRAGSFAEHIG =
  /(geld|genehmigung|erlaubnis|zulassung|bescheinigung|ausweis|beihilfe|zuschuss|förderung|hilfe|karte|schein|urkunde|befreiung|leistung(en)?|pass|ausnahme|zuschlag|rente|gestattung|konzession|anerkennung|ermäßigung|erstattung|bewilligung|beitrag|zeugnis|auskunft|eintragung|sondernutzung|kostenübernahme|berechtigung|vergünstigung|erteilung|unterstützung)$/i;

interface LeikaGruppe {
  /** First 8 digits of the key: `99` + Leistungsgruppierung + Leistungskennung (the Leistungsobjekt). */
  key: string;
  objekt: string;
  mitglieder: DemoLeistung[];
  typisierung: string;
}

const verrichtungOf = (leistung: DemoLeistung, objekt: string): string | null => {
  const key = leistung.schluessel ?? '';
  if (key.endsWith('000000')) return null;
  const rest = leistung.name.startsWith(objekt) ? leistung.name.slice(objekt.length).trim() : '';
  return rest || null;
};

/** A readable procedure name from a LeiKa-Leistung ("Abbruchgenehmigung Erteilung" → "Antrag auf Abbruchgenehmigung"). */
export function verfahrensnameFuer(leistung: DemoLeistung, objekt: string, art: PlannedVerfahren['art']): string {
  const verrichtung = verrichtungOf(leistung, objekt);
  const obj = objekt.trim();
  if (/^(Antrag|Anmeldung|Anzeige|Meldung)\b/i.test(obj) && art === 'online') return capitalize(obj);
  if (art === 'information') return `Informationen: ${capitalize(obj)}`;
  if (art === 'formular_pdf') return `${capitalize(obj)} – Formular zum Ausdrucken (PDF)`;
  if (!verrichtung) return ANTRAGSFAEHIG.test(obj) ? `Antrag auf ${imSatz(obj)}` : `${capitalize(obj)} – Online-Antrag`;
  const first = verrichtung.split(/\s+/)[0];
  if (ANTRAG_AUF_OBJEKT.has(first) && verrichtung === first) return `Antrag auf ${imSatz(obj)}`;
  if (ANTRAG_AUF_VERRICHTUNG.has(first)) return `Antrag auf ${verrichtung}: ${obj}`;
  return `${capitalize(obj)}: ${verrichtung}`;
}

function groupLeistungen(leistungen: readonly DemoLeistung[]): LeikaGruppe[] {
  const byKey = new Map<string, DemoLeistung[]>();
  for (const l of leistungen) {
    if (!l.schluessel || !/^\d{14}$/.test(l.schluessel)) continue;
    const key = l.schluessel.slice(0, 8);
    const list = byKey.get(key);
    if (list) list.push(l);
    else byKey.set(key, [l]);
  }
  const gruppen: LeikaGruppe[] = [];
  for (const [key, list] of [...byKey.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    list.sort((a, b) => ((a.schluessel ?? '') < (b.schluessel ?? '') ? -1 : (a.schluessel ?? '') > (b.schluessel ?? '') ? 1 : a.id - b.id));
    const lo = list.find((l) => l.schluessel?.endsWith('000000'));
    const objekt = (lo ?? list.reduce((a, b) => (b.name.length < a.name.length ? b : a))).name.trim();
    const typen = new Map<string, number>();
    for (const l of list) typen.set(l.typisierung ?? '', (typen.get(l.typisierung ?? '') ?? 0) + 1);
    const typisierung = [...typen.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
    gruppen.push({ key, objekt, mitglieder: list, typisierung });
  }
  if (gruppen.length === 0) {
    // Only "nicht im LeiKa" entries (or a tiny fixture): every Leistung is its own group.
    for (const l of [...leistungen].sort((a, b) => a.id - b.id)) {
      gruppen.push({ key: `x${l.id}`, objekt: l.name.trim(), mitglieder: [l], typisierung: l.typisierung ?? '' });
    }
  }
  return gruppen;
}

/** Verrichtungen a citizen or business applies for, reports or requests: what an Online-Verfahren does. */
const BEANTRAGBAR = new Set([
  ...ANTRAG_AUF_OBJEKT,
  ...ANTRAG_AUF_VERRICHTUNG,
  'Anmeldung',
  'Abmeldung',
  'Ummeldung',
  'Anzeige',
  'Mitteilung',
  'Meldung',
  'Bestellung',
  'Beantragung',
  'Bescheinigung',
  'Einsicht',
  'Akteneinsicht',
  'Anmietung',
  'Reservierung',
  'Buchung',
]);

const ersteVerrichtung = (l: DemoLeistung, objekt: string) => verrichtungOf(l, objekt)?.split(/\s+/)[0] ?? null;
const istBeantragbar = (l: DemoLeistung, objekt: string) => {
  const v = ersteVerrichtung(l, objekt);
  return v ? BEANTRAGBAR.has(v) : ANTRAGSFAEHIG.test(objekt.trim());
};

/**
 * How suitable a Leistungsobjekt is for a simulated procedure: Land/Kommune execution first
 * (LeiKa-Typ 4, 5, 2/3), never federal execution (Typ 1); something one applies for or reports;
 * short, plain names.
 */
function gruppenGewicht(g: LeikaGruppe, bereitstellung: 'zentral' | 'kommunal'): number {
  const t = g.typisierung.replace(/\s/g, '');
  let w: number;
  if (bereitstellung === 'zentral') w = t === '4' ? 4 : t === '5' ? 3 : t === '2/3' ? 2 : t === '2' || t === '3' ? 1.5 : 0;
  else w = t === '5' ? 10 : t === '4' ? 4 : t === '2/3' ? 1.5 : t === '2' || t === '3' ? 1 : 0;
  w *= g.mitglieder.some((l) => istBeantragbar(l, g.objekt)) ? 1 : 0.08;
  if (g.objekt.length > 55) w *= 0.15;
  if (/[§()"„]|EU\/EWR|Schweiz|Ausland/.test(g.objekt)) w *= 0.2;
  return w;
}

/* ------------------------------------------------------------------------------------ ids */

/** Deterministic UUID (version-5 layout) from the seed and a name. */
function planUuid(seed: string, name: string): string {
  const h = createHash('sha1').update(`digitales-amt-demo\u241f${seed}\u241f${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/* ------------------------------------------------------------------------------ Bürgerdienste */

const GEMEINDE_EBENE = [
  'gemeinde',
  'markt',
  'stadt',
  'grosse_kreisstadt',
  'kreisfreie_stadt',
  'vg',
  'amt',
  'samtgemeinde',
  'verbandsgemeinde',
  'verwaltungsverband',
];
const KREIS_EBENE = ['landkreis', 'kreisfreie_stadt'];

/**
 * What residents most often do at their authorities, each a zentrale Online-Verfahren that the
 * Behörden of the level responsible for it link first (PRODUCT.md "Zuständigkeit across levels":
 * the Gemeinde or its VG registers a dog or a new residence, the Landkreis or the kreisfreie Stadt
 * grants building permits and driving licences, the Bezirk Eingliederungshilfe). Only which
 * procedures a Behörde links changes, never how many: the calibrated counts stay as they are.
 * A Bürgerdienst whose LeiKa-Leistungen are missing from the catalogue (a test fixture) is left out.
 */
export const BUERGERDIENSTE: readonly { name: string; leika: readonly string[]; typen: readonly string[] }[] = [
  { name: 'Hund anmelden oder abmelden (Hundesteuer)', leika: ['99102013000000', '99110009104000', '99110009070000'], typen: GEMEINDE_EBENE },
  { name: 'Wohnsitz anmelden oder ummelden', leika: ['99115005104000', '99115005011000', '99115005070000'], typen: GEMEINDE_EBENE },
  { name: 'Meldebescheinigung beantragen', leika: ['99115003012000', '99115003000000'], typen: GEMEINDE_EBENE },
  { name: 'Gewerbe anmelden, ummelden oder abmelden', leika: ['99050012104000', '99050012070000', '99050012000000'], typen: GEMEINDE_EBENE },
  { name: 'Bauantrag stellen (Baugenehmigung)', leika: ['99012008001000', '99012008000000', '99012010001000'], typen: KREIS_EBENE },
  { name: 'Führerschein beantragen oder verlängern (Fahrerlaubnis)', leika: ['99023002000000', '99023002020000', '99023002049000'], typen: KREIS_EBENE },
  { name: 'Antrag auf Eingliederungshilfe', leika: ['99107005080000', '99107005000000', '99060001000000'], typen: ['bezirk'] },
];

/* ------------------------------------------------------------------------------------ planner */

/** Type baseline of the affinity score and the share of counting links a Behörde takes from zentrale Verfahren. */
const TYP_PROFIL: Record<string, { basis: number; zentralAnteil: number; kommunalHost: string }> = {
  kreisfreie_stadt: { basis: 2.6, zentralAnteil: 0.5, kommunalHost: 'stadt-' },
  landkreis: { basis: 1.5, zentralAnteil: 0.7, kommunalHost: 'landkreis-' },
  bezirk: { basis: 0.2, zentralAnteil: 0.6, kommunalHost: 'bezirk-' },
  grosse_kreisstadt: { basis: 1.7, zentralAnteil: 0.72, kommunalHost: 'stadt-' },
  stadt: { basis: 0.45, zentralAnteil: 0.82, kommunalHost: 'stadt-' },
  markt: { basis: -0.1, zentralAnteil: 0.88, kommunalHost: 'markt-' },
  vg: { basis: -0.2, zentralAnteil: 0.9, kommunalHost: 'vg-' },
  // The Gemeindeverbände of the other Länder run the administration like a VG.
  amt: { basis: -0.2, zentralAnteil: 0.9, kommunalHost: 'amt-' },
  samtgemeinde: { basis: -0.2, zentralAnteil: 0.9, kommunalHost: 'samtgemeinde-' },
  verbandsgemeinde: { basis: -0.2, zentralAnteil: 0.9, kommunalHost: 'vgem-' },
  verwaltungsverband: { basis: -0.2, zentralAnteil: 0.9, kommunalHost: 'verwaltungsverband-' },
  gemeinde: { basis: -0.45, zentralAnteil: 0.92, kommunalHost: 'gemeinde-' },
};
const profilFuer = (typ: string) => TYP_PROFIL[typ] ?? TYP_PROFIL.gemeinde;

type Klasse = 'ueber' | 'knapp' | 'ausgesetzt' | 'rest';

interface Zustand {
  b: DemoBehoerde;
  schwelle: number;
  score: number;
  klasse: Klasse;
  /** Counting links today. */
  anzahl: number;
  /** Most counting links ever (> anzahl only for suspended awardees). */
  spitze: number;
  verleihung?: { tag: number; platz: number };
  /** Day the count reached the threshold. */
  ueberschritten?: number;
}

const median = (xs: number[]) => {
  if (xs.length === 0) return 1;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/**
 * Plans the complete demo data set. Pure and deterministic: the input lists are sorted first, all
 * randomness comes from `seed`.
 */
export function planDemoData(behoerdenInput: readonly DemoBehoerde[], leistungenInput: readonly DemoLeistung[], options: DemoPlanOptions): DemoPlan {
  const seed = String(options.seed);
  const schwellenwerte = options.schwellenwerte ?? STANDARD_SCHWELLEN;
  const kal: DemoKalibrierung = { ...DEFAULT_KALIBRIERUNG, ...options.kalibrierung };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.today)) throw new DemoPlanError(`Ungültiges Datum für "heute": ${options.today}`);
  const heute = toDay(options.today);
  const start = toDay(kal.verlinkungenAb);
  if (heute < start + 180) throw new DemoPlanError(`"Heute" (${options.today}) muss mindestens ein halbes Jahr nach ${kal.verlinkungenAb} liegen`);
  if (leistungenInput.length === 0) throw new DemoPlanError('Keine LeiKa-Leistungen: Demodaten brauchen den importierten Leistungskatalog');

  const behoerden = [...new Map(behoerdenInput.map((b) => [b.ars, b])).values()].sort((a, b) => (a.ars < b.ars ? -1 : 1));
  const leistungen = [...new Map(leistungenInput.map((l) => [l.id, l])).values()].sort((a, b) => a.id - b.id);
  const gruppen = groupLeistungen(leistungen);
  const letzterLinkTag = heute - 1;

  const n = behoerden.length;
  const scale = n / kal.referenzBehoerden;
  const scaled = (x: number) => Math.round(x * scale);
  const plan: DemoPlan = {
    seed,
    today: options.today,
    schwellenwerte,
    verfahren: [],
    verfahrenLeistungen: [],
    verlinkungen: [],
    entfernteVerlinkungen: [],
    praedikate: [],
    zaehlstaende: { tage: [], reihen: [] },
  };

  /* 1. Affinity score and classes ---------------------------------------------------------- */
  const medianByTyp = new Map<string, number>();
  for (const typ of new Set(behoerden.map((b) => b.typ))) {
    medianByTyp.set(typ, Math.max(1, median(behoerden.filter((b) => b.typ === typ).map((b) => b.bevoelkerung))));
  }
  const zustand = new Map<string, Zustand>();
  for (const b of behoerden) {
    const rnd = createRandom(seed, 'score', b.ars);
    const rel = Math.log(Math.max(b.bevoelkerung, 50) / (medianByTyp.get(b.typ) ?? 1));
    const score = profilFuer(b.typ).basis + 0.7 * rel + 0.9 * rnd.normal();
    zustand.set(b.ars, { b, schwelle: schwelleFuer(b.typ, schwellenwerte), score, klasse: 'rest', anzahl: 0, spitze: 0 });
  }
  const spitzen = new Map(kal.spitzenwerte.filter((s) => zustand.has(s.ars)).map((s) => [s.ars, s.anzahl]));
  const ersteArs = kal.ersteVerleihung.behoerden.filter((a) => zustand.has(a));
  const festePlaetze = kal.festePlaetze.filter((p) => zustand.has(p.ars));
  const gesetzt = new Set([...spitzen.keys(), ...ersteArs, ...festePlaetze.map((p) => p.ars)]);
  const nachScore = [...zustand.values()].sort(
    (x, y) => Number(gesetzt.has(y.b.ars)) - Number(gesetzt.has(x.b.ars)) || y.score - x.score || (x.b.ars < y.b.ars ? -1 : 1),
  );
  // Every Land in proportion (all of Germany imported): ranked by the place within its own Land
  // relative to the Land's size, so any top slice holds each Land's share. One Land: the order above.
  const landVon = (z: Zustand) => z.b.land ?? '';
  const proLand = new Map<string, number>();
  for (const z of nachScore) proLand.set(landVon(z), (proLand.get(landVon(z)) ?? 0) + 1);
  const platzImLand = new Map<string, number>();
  const quantil = new Map<string, number>();
  for (const z of nachScore) {
    const platz = platzImLand.get(landVon(z)) ?? 0;
    platzImLand.set(landVon(z), platz + 1);
    quantil.set(z.b.ars, (platz + 0.5) / (proLand.get(landVon(z)) as number));
  }
  const rangfolge =
    proLand.size <= 1
      ? nachScore
      : [...nachScore].sort(
          (x, y) =>
            Number(gesetzt.has(y.b.ars)) - Number(gesetzt.has(x.b.ars)) ||
            (quantil.get(x.b.ars) as number) - (quantil.get(y.b.ars) as number) ||
            y.score - x.score ||
            (x.b.ars < y.b.ars ? -1 : 1),
        );

  const zielUeber = Math.min(n, Math.max(gesetzt.size, scaled(kal.amSchwellenwert)));
  const zielAusgesetzt = Math.min(scaled(kal.ausgesetzt), Math.max(0, zielUeber - gesetzt.size));
  const zielOhne = Math.min(scaled(kal.ohnePraedikat), Math.max(0, zielUeber - gesetzt.size - zielAusgesetzt));
  const oben = rangfolge.slice(0, Math.min(n, zielUeber + zielAusgesetzt));
  const rndKlassen = createRandom(seed, 'klassen');

  // Not yet awarded: recently crossed, among the lower third of the top group.
  const ohneKandidaten = oben.filter((z, i) => !gesetzt.has(z.b.ars) && i >= Math.floor((oben.length * 2) / 3));
  const ohnePraedikat = new Set(
    rndKlassen
      .shuffle(ohneKandidaten)
      .slice(0, zielOhne)
      .map((z) => z.b.ars),
  );

  /* 2. Award order and dates ----------------------------------------------------------------- */
  const preisRnd = createRandom(seed, 'verleihung');
  const uebrige = oben
    .filter((z) => !ohnePraedikat.has(z.b.ars) && !ersteArs.includes(z.b.ars) && !festePlaetze.some((p) => p.ars === z.b.ars))
    .map((z) => ({ z, key: z.score + 1.2 * preisRnd.normal() }))
    .sort((x, y) => y.key - x.key || (x.z.b.ars < y.z.b.ars ? -1 : 1))
    .map((x) => x.z);
  const reihenfolge: Zustand[] = [...ersteArs.map((a) => zustand.get(a) as Zustand), ...uebrige];
  for (const p of [...festePlaetze].sort((a, b) => a.platz - b.platz)) {
    reihenfolge.splice(Math.min(Math.max(p.platz - 1, ersteArs.length), reihenfolge.length), 0, zustand.get(p.ars) as Zustand);
  }
  const verleihungsTage = verleihungsKurve(kal, ersteArs.length, reihenfolge.length, scaled, heute);
  reihenfolge.forEach((z, i) => {
    const tag = verleihungsTage[i];
    if (tag !== undefined && tag <= letzterLinkTag) z.verleihung = { tag, platz: i + 1 };
    else ohnePraedikat.add(z.b.ars); // award would lie after "today": over the threshold, not awarded yet
  });

  // Suspended: awarded at least eight months ago, lower half of the ranking, never a named one.
  const obenIndex = new Map(oben.map((z, i) => [z.b.ars, i]));
  const ausgesetztKandidaten = reihenfolge.filter(
    (z) => z.verleihung && !gesetzt.has(z.b.ars) && z.verleihung.tag <= heute - 240 && (obenIndex.get(z.b.ars) ?? 0) >= Math.floor(oben.length / 2),
  );
  for (const z of rndKlassen.shuffle(ausgesetztKandidaten).slice(0, zielAusgesetzt)) z.klasse = 'ausgesetzt';
  const ueber = oben.filter((z) => z.klasse !== 'ausgesetzt');
  for (const z of ueber) z.klasse = 'ueber';
  const ausgesetzt = oben.filter((z) => z.klasse === 'ausgesetzt');
  const zielKnapp = Math.max(0, scaled(kal.knappDarunter) - ausgesetzt.length);
  const knapp = rangfolge.slice(oben.length, oben.length + zielKnapp);
  for (const z of knapp) z.klasse = 'knapp';
  const rest = rangfolge.slice(oben.length + zielKnapp);

  /* 3. Counts -------------------------------------------------------------------------------- */
  const zaehlRnd = createRandom(seed, 'anzahl');
  // By score, not by rank: a named awardee (forced to the top of the ranking) may be a small town.
  const nichtGesetzt = ueber.filter((z) => !spitzen.has(z.b.ars)).sort((x, y) => y.score - x.score || (x.b.ars < y.b.ars ? -1 : 1));
  nichtGesetzt.forEach((z, i) => {
    // Long tail over the threshold: most just over it, a few far above (q = 0 is the best-scoring).
    const q = nichtGesetzt.length > 1 ? i / (nichtGesetzt.length - 1) : 1;
    const faktor = z.schwelle / schwellenwerte.default;
    const extra = (kal.hoechsterUebrigerWert - schwellenwerte.default) * faktor * (1 - q) ** 4 * zaehlRnd.between(0.7, 1);
    const obergrenze = Math.round(kal.hoechsterUebrigerWert * faktor);
    z.anzahl = Math.min(obergrenze, z.schwelle + Math.round(extra + zaehlRnd.between(0, 6) * faktor));
  });
  for (const z of ueber) if (spitzen.has(z.b.ars)) z.anzahl = spitzen.get(z.b.ars) as number;
  for (const z of [...knapp, ...ausgesetzt]) z.anzahl = z.schwelle - zaehlRnd.int(1, 10);
  rest.forEach((z, i) => {
    const q = rest.length > 1 ? i / (rest.length - 1) : 1;
    const faktor = z.schwelle / schwelleFuer('gemeinde', schwellenwerte);
    const hoch = z.schwelle - 11;
    const wert = 3 * faktor + (hoch - 3 * faktor) * (1 - q) ** 1.3 + zaehlRnd.between(-2.5, 2.5) * faktor;
    z.anzahl = Math.max(0, Math.min(hoch, Math.round(wert)));
  });
  for (const z of zustand.values()) z.spitze = z.anzahl;
  for (const z of ausgesetzt) z.spitze = z.schwelle + Math.round(zaehlRnd.between(0, 12) * (z.schwelle / schwellenwerte.default));

  // Crossing dates: awardees 1–11 weeks before the award and no later than the last history point
  // before it (so the history shows the threshold reached when the award came), the others recently.
  const tage = historienTage(kal, heute);
  for (const z of [...ueber, ...ausgesetzt]) {
    const rnd = createRandom(seed, 'ueberschritten', z.b.ars);
    if (z.verleihung) {
      const punkt = letzterPunktBis(tage, z.verleihung.tag);
      z.ueberschritten = Math.max(start + 30, Math.min(z.verleihung.tag - rnd.int(7, 77), punkt ?? z.verleihung.tag));
    } else {
      z.ueberschritten = Math.max(start + 30, letzterLinkTag - rnd.int(10, 150));
    }
  }

  /* 4. Zentrale Verfahren -------------------------------------------------------------------- */
  const zentralRnd = createRandom(seed, 'zentral');
  // The Bürgerdienste first (their Leistungsobjekte are taken out of the random choice).
  const leistungNachSchluessel = new Map(leistungen.filter((l) => l.schluessel).map((l) => [l.schluessel as string, l]));
  const dienste = BUERGERDIENSTE.map((d) => ({
    ...d,
    leistungen: d.leika.map((k) => leistungNachSchluessel.get(k)).filter((l): l is DemoLeistung => l !== undefined),
  })).filter((d) => d.leistungen.length > 0);
  const dienstGruppen = new Set(dienste.flatMap((d) => d.leistungen.map((l) => (l.schluessel as string).slice(0, 8))));
  const zentralGruppenIdx = zentralRnd.weightedSample(
    gruppen.map((g) => (dienstGruppen.has(g.key) ? 0 : gruppenGewicht(g, 'zentral'))),
    Math.max(0, Math.min(kal.zentraleVerfahren - dienste.length, gruppen.length)),
  );
  const zentralGruppen = new Set([...zentralGruppenIdx.map((i) => gruppen[i].key), ...dienstGruppen]);
  const nichtZaehlendZentral = Math.round(zentralGruppenIdx.length * kal.anteilNichtZaehlend);
  const nichtZaehlendPlaetze = new Set(zentralRnd.shuffle(zentralGruppenIdx.map((_, i) => i)).slice(0, nichtZaehlendZentral));
  const zentraleOnline: Array<{ id: string; gewicht: number; jeBehoerdeUrl: boolean }> = [];
  const zentraleAndere: string[] = [];
  const namen = new Set<string>();
  const urls = new Set<string>();
  const eindeutig = (set: Set<string>, wert: string, anhang: (k: number) => string) => {
    let w = wert;
    for (let k = 2; set.has(w); k++) w = `${wert}${anhang(k)}`;
    set.add(w);
    return w;
  };
  zentralGruppenIdx.forEach((gi, i) => {
    const g = gruppen[gi];
    const art: PlannedVerfahren['art'] = nichtZaehlendPlaetze.has(i) ? (i % 2 === 0 ? 'information' : 'formular_pdf') : 'online';
    const { leistungenIds, haupt } = waehleLeistungen(g, zentralRnd);
    const id = planUuid(seed, `zentral/${g.key}`);
    const name = eindeutig(namen, verfahrensnameFuer(haupt, g.objekt, art), (k) => ` (${k})`);
    const slug = slugify(name);
    const pfad =
      art === 'information'
        ? `https://informationen.freistaat.bayern.example/leistungen/${slug}`
        : art === 'formular_pdf'
          ? `https://formulare.freistaat.bayern.example/${slug}.pdf`
          : `https://${zentralRnd.pick(['antrag', 'www', 'onlinedienste'])}.freistaat.bayern.example/${zentralRnd.pick(['antrag', 'onlinedienst', 'service'])}/${slug}`;
    plan.verfahren.push({
      id,
      name,
      beschreibung: `Demodaten: simuliertes ${art === 'online' ? 'Online-Verfahren' : art === 'information' ? 'Informationsangebot' : 'Formular zum Ausdrucken'} des Freistaats Bayern zur LeiKa-Leistung „${haupt.name}“${haupt.schluessel ? ` (${haupt.schluessel})` : ''}.`,
      bereitstellung: 'zentral',
      art,
      anbieterArs: null,
      url: eindeutig(urls, pfad, (k) => `?v=${k}`),
      vertrauensniveau: zentralRnd.chance(0.12) ? 'hoch' : zentralRnd.chance(0.2) ? 'niedrig' : 'substanziell',
      mobilOptimiert: zentralRnd.chance(0.92),
      createdAt: officeTime(start - zentralRnd.int(1, 120), zentralRnd),
    });
    for (const leikaId of leistungenIds) plan.verfahrenLeistungen.push({ verfahrenId: id, leikaId });
    if (art === 'online') zentraleOnline.push({ id, gewicht: 0, jeBehoerdeUrl: zentralRnd.chance(0.15) });
    else zentraleAndere.push(id);
  });
  // Popularity: a Zipf-like weight in random order, so some zentrale Verfahren are linked almost
  // everywhere and others rarely (which the "what peers link" view then shows).
  zentralRnd.shuffle(zentraleOnline.map((_, i) => i)).forEach((pos, rank) => {
    zentraleOnline[pos].gewicht = 1 / (rank + 4) ** 0.9;
  });
  const buergerdienste: Array<{ id: string; typen: readonly string[] }> = [];
  for (const d of dienste) {
    const id = planUuid(seed, `buergerdienst/${d.leika[0]}`);
    const name = eindeutig(namen, d.name, (k) => ` (${k})`);
    plan.verfahren.push({
      id,
      name,
      beschreibung: `Demodaten: simuliertes Online-Verfahren des Freistaats Bayern für alle zuständigen Behörden zu den LeiKa-Leistungen ${d.leistungen.map((l) => `„${l.name}“`).join(', ')}.`,
      bereitstellung: 'zentral',
      art: 'online',
      anbieterArs: null,
      url: eindeutig(urls, `https://buergerservice.freistaat.bayern.example/${slugify(name)}`, (k) => `?v=${k}`),
      vertrauensniveau: 'substanziell',
      mobilOptimiert: true,
      createdAt: officeTime(start - 30, zentralRnd),
    });
    for (const l of d.leistungen) plan.verfahrenLeistungen.push({ verfahrenId: id, leikaId: l.id });
    buergerdienste.push({ id, typen: d.typen });
  }
  const zentralUrl = new Map(plan.verfahren.map((v) => [v.id, v.url]));
  const zentralMaximal = Math.max(0, zentraleOnline.length - 2);

  // Kommunale Verfahren realise other Leistungen than the zentrale ones (unless nothing else is left).
  const kommunalGewichte = gruppen.map((g) => (zentralGruppen.has(g.key) ? 0 : gruppenGewicht(g, 'kommunal')));
  const kommunalPool = kommunalGewichte.some((w) => w > 0) ? kommunalGewichte : gruppen.map(() => 1);
  const hosts = new Set<string>();

  /* 5. Links per Behörde --------------------------------------------------------------------- */
  for (const z of [...zustand.values()].sort((a, b) => (a.b.ars < b.b.ars ? -1 : 1))) {
    const b = z.b;
    const rnd = createRandom(seed, 'links', b.ars);
    const total = z.spitze;
    // Small Behörden link almost only zentrale Verfahren; larger ones add their own.
    let zentralAnzahl: number;
    if (total < 25) zentralAnzahl = rnd.chance(0.15) ? total - rnd.int(1, 2) : total;
    else zentralAnzahl = Math.round(total * Math.min(1, Math.max(0.2, profilFuer(b.typ).zentralAnteil + rnd.between(-0.08, 0.08))));
    // The Bürgerdienste of its level first: each routes to the Behörde (`?ars=`).
    const eigeneDienste = buergerdienste.filter((d) => d.typen.includes(b.typ));
    zentralAnzahl = Math.max(0, Math.min(zentralAnzahl, zentralMaximal + eigeneDienste.length, total));
    const dienstAuswahl = eigeneDienste.slice(0, zentralAnzahl);
    const kommunalAnzahl = total - zentralAnzahl;
    const nichtZaehlendKommunal = Math.floor((kommunalAnzahl * kal.anteilNichtZaehlend) / (1 - kal.anteilNichtZaehlend) + rnd.next());

    const zentralAuswahl = rnd.weightedSample(
      zentraleOnline.map((v) => v.gewicht),
      zentralAnzahl - dienstAuswahl.length,
    );
    let host = '';
    if (kommunalAnzahl + nichtZaehlendKommunal > 0) {
      const basis = `${profilFuer(b.typ).kommunalHost}${slugify(b.kurzname.replace(/^(landkreis|bezirk|vg|stadt|markt)\s+/i, ''), 40)}`;
      host = eindeutig(hosts, basis, () => `-${b.ars.slice(-6)}`);
    }
    const kommunalGruppen = sampleGruppen(kommunalPool, kommunalAnzahl + nichtZaehlendKommunal, rnd);
    const eigeneNamen = new Set<string>();

    // Counting links in random order; the first `schwelle` of a crossing Behörde lie before its crossing day.
    const zaehlend: Array<{ verfahrenId: string; url: string | null; kommunal?: LeikaGruppe }> = [];
    for (const d of dienstAuswahl) zaehlend.push({ verfahrenId: d.id, url: `${zentralUrl.get(d.id)}?ars=${b.ars}` });
    for (const idx of zentralAuswahl) {
      const v = zentraleOnline[idx];
      zaehlend.push({ verfahrenId: v.id, url: v.jeBehoerdeUrl ? `${zentralUrl.get(v.id)}?ars=${b.ars}` : null });
    }
    for (let k = 0; k < kommunalAnzahl; k++) {
      zaehlend.push({ verfahrenId: planUuid(seed, `kommunal/${b.ars}/${k}`), url: null, kommunal: gruppen[kommunalGruppen[k]] });
    }
    const reihe = rnd.shuffle(zaehlend);
    const linkTage = linkTageFuer(z, reihe.length, start, letzterLinkTag, heute, rnd);

    const entfernt = new Set<number>();
    const entferntAm = new Map<number, number>();
    if (z.klasse === 'ausgesetzt' && z.verleihung) {
      const von = Math.min(z.verleihung.tag + 60, letzterLinkTag);
      for (const i of rnd
        .shuffle(reihe.map((_, i) => i))
        .filter((i) => linkTage[i] < von)
        .slice(0, z.spitze - z.anzahl)) {
        entfernt.add(i);
        entferntAm.set(i, rnd.int(von, Math.max(von, letzterLinkTag - 14)));
      }
    }

    reihe.forEach((link, i) => {
      const linkedAt = officeTime(linkTage[i], rnd);
      if (link.kommunal) {
        const verfahren = kommunalesVerfahren(b, host, link.verfahrenId, link.kommunal, 'online', linkTage[i], eigeneNamen, rnd);
        plan.verfahren.push(verfahren.verfahren);
        for (const leikaId of verfahren.leistungenIds) plan.verfahrenLeistungen.push({ verfahrenId: link.verfahrenId, leikaId });
      }
      const row: PlannedVerlinkung = { behoerdeArs: b.ars, verfahrenId: link.verfahrenId, url: link.url, linkedAt };
      if (entfernt.has(i)) plan.entfernteVerlinkungen.push({ ...row, removedAt: officeTime(entferntAm.get(i) as number, rnd) });
      else plan.verlinkungen.push(row);
    });

    // Information pages and PDF forms: linked like anything else, never counted.
    const ersterTag = linkTage.length ? Math.min(...linkTage) : Math.min(letzterLinkTag, start + rnd.int(0, heute - start - 1));
    for (const id of zentraleAndere) {
      if (!rnd.chance(total >= 25 ? 0.45 : 0.2)) continue;
      plan.verlinkungen.push({ behoerdeArs: b.ars, verfahrenId: id, url: null, linkedAt: officeTime(rnd.int(ersterTag, letzterLinkTag), rnd) });
    }
    for (let k = 0; k < nichtZaehlendKommunal; k++) {
      const id = planUuid(seed, `kommunal/${b.ars}/n${k}`);
      const tag = rnd.int(ersterTag, letzterLinkTag);
      const art = rnd.chance(0.5) ? 'information' : 'formular_pdf';
      const verfahren = kommunalesVerfahren(b, host, id, gruppen[kommunalGruppen[kommunalAnzahl + k]], art, tag, eigeneNamen, rnd);
      plan.verfahren.push(verfahren.verfahren);
      for (const leikaId of verfahren.leistungenIds) plan.verfahrenLeistungen.push({ verfahrenId: id, leikaId });
      plan.verlinkungen.push({ behoerdeArs: b.ars, verfahrenId: id, url: null, linkedAt: officeTime(tag, rnd) });
    }
  }

  /* 6. Prädikate ----------------------------------------------------------------------------- */
  const verliehen = reihenfolge.filter((z) => z.verleihung).sort((x, y) => (x.verleihung?.platz ?? 0) - (y.verleihung?.platz ?? 0));
  const laufendeNr = new Map<string, number>();
  for (const z of verliehen) {
    const datum = isoDay(z.verleihung?.tag as number);
    const jahr = datum.slice(0, 4);
    const nr = (laufendeNr.get(jahr) ?? 0) + 1;
    laufendeNr.set(jahr, nr);
    plan.praedikate.push({
      zertifikatNr: `DA-${jahr}-${String(nr).padStart(4, '0')}`,
      behoerdeArs: z.b.ars,
      verliehenAm: datum,
      status: z.klasse === 'ausgesetzt' ? 'ausgesetzt' : 'gueltig',
    });
  }

  /* 7. Count history ------------------------------------------------------------------------- */
  const verfahrenArt = new Map(plan.verfahren.map((v) => [v.id, v.art]));
  plan.zaehlstaende.tage = tage.map(isoDay);
  const ereignisse = new Map<string, Array<[number, number]>>();
  const ereignis = (ars: string, tag: number, delta: number) => {
    const list = ereignisse.get(ars);
    if (list) list.push([tag, delta]);
    else ereignisse.set(ars, [[tag, delta]]);
  };
  for (const l of plan.verlinkungen) if (verfahrenArt.get(l.verfahrenId) === 'online') ereignis(l.behoerdeArs, toDay(l.linkedAt), 1);
  for (const l of plan.entfernteVerlinkungen) {
    ereignis(l.behoerdeArs, toDay(l.linkedAt), 1);
    ereignis(l.behoerdeArs, toDay(l.removedAt), -1);
  }
  for (const b of behoerden) {
    const ev = (ereignisse.get(b.ars) ?? []).sort((x, y) => x[0] - y[0]);
    const anzahl: number[] = [];
    let stand = 0;
    let j = 0;
    for (const t of tage) {
      while (j < ev.length && ev[j][0] <= t) stand += ev[j++][1];
      anzahl.push(stand);
    }
    plan.zaehlstaende.reihen.push({ behoerdeArs: b.ars, anzahl });
  }
  return plan;
}

/* ------------------------------------------------------------------------------------ helpers */

/** Days of the count history: weekly or on the 1st of each month from `historieAb`, and "today". */
function historienTage(kal: DemoKalibrierung, heute: number): number[] {
  const tage: number[] = [];
  const ab = toDay(kal.historieAb);
  if (kal.historieSchritt === 'woche') {
    for (let t = ab; t <= heute; t += 7) tage.push(t);
  } else {
    const d = new Date(ab * DAY_MS);
    for (let m = 0; ; m++) {
      const t = Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + m, 1) / DAY_MS);
      if (t > heute) break;
      if (t >= ab) tage.push(t);
    }
  }
  if (tage[tage.length - 1] !== heute) tage.push(heute);
  return tage;
}

/** The last history day on or before `tag` (binary search), undefined before the first. */
function letzterPunktBis(tage: number[], tag: number): number | undefined {
  let lo = 0;
  let hi = tage.length - 1;
  let best: number | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tage[mid] <= tag) {
      best = tage[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** Award day for each place 1..count, from the cumulative curve (scaled), on working days. */
function verleihungsKurve(kal: DemoKalibrierung, erste: number, count: number, scaled: (x: number) => number, heute: number): number[] {
  const ersterTag = toDay(kal.ersteVerleihung.datum);
  const punkte: Array<[number, number]> = [[ersterTag, erste]];
  for (const p of kal.verleihungsKurve) {
    const tag = toDay(p.bis);
    if (tag <= ersterTag) continue;
    const prev = punkte[punkte.length - 1][1];
    punkte.push([tag, Math.min(count, Math.max(prev, scaled(p.anzahl)))]);
  }
  // The remainder trickles in until two weeks before "today".
  const letzter = punkte[punkte.length - 1];
  if (letzter[1] < count) punkte.push([Math.max(letzter[0] + 30, heute - 14), count]);
  const tage: number[] = [];
  for (let platz = 1; platz <= count; platz++) {
    if (platz <= erste) {
      tage.push(ersterTag);
      continue;
    }
    let k = 1;
    while (k < punkte.length - 1 && punkte[k][1] < platz) k++;
    const [t0, c0] = punkte[k - 1];
    const [t1, c1] = punkte[k];
    const anteil = c1 > c0 ? (platz - c0) / (c1 - c0) : 1;
    tage.push(toWorkingDay(Math.max(ersterTag + 1, Math.round(t0 + (t1 - t0) * anteil))));
  }
  // Working-day snapping keeps the order; make sure of it anyway.
  for (let i = 1; i < tage.length; i++) if (tage[i] < tage[i - 1]) tage[i] = tage[i - 1];
  return tage;
}

/** Link days for `count` counting links of one Behörde, in the order of its shuffled link list. */
function linkTageFuer(z: Zustand, count: number, start: number, letzter: number, heute: number, rnd: Random): number[] {
  const tage: number[] = [];
  if (z.ueberschritten !== undefined && count >= z.schwelle) {
    const x = Math.min(z.ueberschritten, letzter);
    const beginn = Math.max(start, x - rnd.int(150, 700));
    for (let i = 0; i < count; i++) {
      if (i === z.schwelle - 1) tage.push(x);
      else if (i < z.schwelle) tage.push(rnd.int(beginn, x));
      else tage.push(x >= letzter ? letzter : x + 1 + Math.floor((letzter - x - 1) * rnd.next() ** 1.3));
    }
    return tage;
  }
  // Never crossed: links spread from the Behörde's own start until yesterday.
  const spanne = Math.max(0, heute - 120 - start);
  const beginn = Math.min(letzter, start + Math.floor(spanne * rnd.next() ** 1.3));
  for (let i = 0; i < count; i++) tage.push(rnd.int(beginn, letzter));
  return tage;
}

/** 1–3 Leistungen of a Leistungsobjekt; the "main" one (named) is preferably one with a Verrichtung. */
function waehleLeistungen(g: LeikaGruppe, rnd: Random): { leistungenIds: number[]; haupt: DemoLeistung } {
  const beantragbar = g.mitglieder.filter((l) => istBeantragbar(l, g.objekt));
  const haupt = beantragbar.length ? rnd.pick(beantragbar) : g.mitglieder[0];
  const anzahl = Math.min(g.mitglieder.length, rnd.chance(0.5) ? 1 : rnd.chance(0.7) ? 2 : 3);
  const weitere = rnd.shuffle(g.mitglieder.filter((l) => l !== haupt)).slice(0, anzahl - 1);
  return { leistungenIds: [haupt.id, ...weitere.map((l) => l.id)].sort((a, b) => a - b), haupt };
}

/** `count` group indices by weight; distinct while the pool lasts, then repeated. */
function sampleGruppen(weights: number[], count: number, rnd: Random): number[] {
  if (count <= 0) return [];
  const out: number[] = [];
  while (out.length < count) {
    const batch = rnd.weightedSample(weights, count - out.length);
    if (batch.length === 0) break;
    out.push(...batch);
  }
  return out;
}

function kommunalesVerfahren(
  b: DemoBehoerde,
  host: string,
  id: string,
  gruppe: LeikaGruppe,
  art: PlannedVerfahren['art'],
  linkTag: number,
  namen: Set<string>,
  rnd: Random,
): { verfahren: PlannedVerfahren; leistungenIds: number[] } {
  const { leistungenIds, haupt } = waehleLeistungen(gruppe, rnd);
  // A Kommune's own procedure mostly realises one Leistung, sometimes two.
  const zweite = leistungenIds.find((id) => id !== haupt.id);
  const ids = zweite !== undefined && rnd.chance(0.25) ? [haupt.id, zweite].sort((a, c) => a - c) : [haupt.id];
  let name = verfahrensnameFuer(haupt, gruppe.objekt, art);
  for (let k = 2; namen.has(name); k++) name = `${verfahrensnameFuer(haupt, gruppe.objekt, art)} (${k})`;
  namen.add(name);
  const slug = slugify(name);
  const url =
    art === 'information'
      ? `https://${host}.kommunal.bayern.example/rathaus/informationen/${slug}`
      : art === 'formular_pdf'
        ? `https://${host}.kommunal.bayern.example/formulare/${slug}.pdf`
        : `https://${host}.kommunal.bayern.example/buergerservice/${slug}`;
  return {
    verfahren: {
      id,
      name,
      beschreibung: `Demodaten: simuliertes ${art === 'online' ? 'Online-Verfahren' : art === 'information' ? 'Informationsangebot' : 'Formular zum Ausdrucken'} von ${b.kurzname} zur LeiKa-Leistung „${haupt.name}“${haupt.schluessel ? ` (${haupt.schluessel})` : ''}.`,
      bereitstellung: 'kommunal',
      art,
      anbieterArs: b.ars,
      url,
      vertrauensniveau: rnd.chance(0.25) ? 'niedrig' : rnd.chance(0.06) ? 'hoch' : 'substanziell',
      mobilOptimiert: rnd.chance(0.85),
      createdAt: officeTime(linkTag - rnd.int(0, 14), rnd),
    },
    leistungenIds: ids,
  };
}

/**
 * Counting links of a Behörde on a day (end of day), as the plan's history sees them: current links
 * to Online-Verfahren with art `online` plus removed ones that still existed then.
 */
export function countCountingLinksAt(plan: DemoPlan, behoerdeArs: string, day: string): number {
  const online = new Set(plan.verfahren.filter((v) => v.art === 'online').map((v) => v.id));
  const d = day.slice(0, 10);
  let count = 0;
  for (const l of plan.verlinkungen) if (l.behoerdeArs === behoerdeArs && online.has(l.verfahrenId) && l.linkedAt.slice(0, 10) <= d) count++;
  for (const l of plan.entfernteVerlinkungen) {
    if (l.behoerdeArs === behoerdeArs && online.has(l.verfahrenId) && l.linkedAt.slice(0, 10) <= d && l.removedAt.slice(0, 10) > d) count++;
  }
  return count;
}
