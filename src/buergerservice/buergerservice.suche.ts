/**
 * The Leistungs-search of the Bürgerservice: does an Online-Verfahren fit what a citizen typed
 * ("Hund", "Bauantrag", "Wohnsitz ummelden")? Pure functions, no database.
 *
 * The candidates are the procedures open to the residents of one place (a few hundred at most),
 * so matching happens here, on the same folded spelling as the name search (shared/text.ts: ä =
 * ae = a, punctuation as word gaps), identically on PGlite and PostgreSQL:
 *
 * - every word typed must occur in the procedure's search text: its name, the names of its
 *   LeiKa-Leistungen, their OZG-Leistungen and Lebenslagen — anywhere in a word, so "hund" finds
 *   "Hundesteuer" and "Hundehaltung" (German compounds);
 * - word forms: common inflection endings are cut off first ("Hunde" → "hund", "Anmeldungen" →
 *   "anmeldung", "Wohnsitzes" → "wohnsitz");
 * - everyday words find the official term (`SYNONYME`: "Bauantrag" → "Baugenehmigung",
 *   "Führerschein" → "Fahrerlaubnis", "Umzug" → "Wohnsitz").
 */
import { normalizeQuery, searchKey } from '../shared/text';

/** Everyday word (folded as by normalizeQuery) → the official terms that also count as a match. */
export const SYNONYME: Readonly<Record<string, readonly string[]>> = {
  bauantrag: ['baugenehmigung', 'bauvorbescheid'],
  bauen: ['baugenehmigung', 'bauvorbescheid'],
  umzug: ['wohnsitz'],
  ummelden: ['wohnsitz'],
  ummeldung: ['wohnsitz'],
  wohnung: ['wohnsitz', 'wohnungsgeber'],
  fuehrerschein: ['fahrerlaubnis'],
  auto: ['fahrzeug', 'kraftfahrzeug', 'kfz'],
  kfz: ['fahrzeug', 'kraftfahrzeug'],
  perso: ['personalausweis'],
  ausweis: ['personalausweis', 'ausweis'],
  pass: ['reisepass'],
  heirat: ['eheschliessung', 'ehefaehigkeit'],
  hochzeit: ['eheschliessung'],
  muell: ['abfall'],
  kita: ['kindertages', 'kinderbetreuung'],
  kindergarten: ['kindertages', 'kinderbetreuung'],
  firma: ['gewerbe', 'unternehmen'],
};

/** Inflection endings cut from a typed word (longest first), if at least four letters remain. */
const ENDUNGEN = ['ern', 'en', 'er', 'es', 'e', 'n', 's'];

/** The stem of a folded word: "hunde" → "hund", "anmeldungen" → "anmeldung", "kfz" → "kfz". */
export function wortstamm(wort: string): string {
  for (const e of ENDUNGEN) {
    if (wort.endsWith(e) && wort.length - e.length >= 4) return wort.slice(0, -e.length);
  }
  return wort;
}

/** A typed word: its own forms (as typed, its stem) and the official terms it stands for. */
export interface Suchwort {
  formen: string[];
  synonyme: string[];
}

/** A query: every word must be found. */
export type Suchanfrage = Suchwort[];

/** The official terms of an everyday word; own keys only ("constructor" is a word, not a lookup into Object.prototype). */
const synonymeVon = (wort: string) => (Object.hasOwn(SYNONYME, wort) ? SYNONYME[wort] : undefined);

/** Parses what a citizen typed; an empty result means "no filter". */
export function suchanfrage(eingabe: string | undefined): Suchanfrage {
  const gefaltet = normalizeQuery(eingabe ?? '');
  if (!gefaltet) return [];
  const woerter = [...new Set(gefaltet.split(' '))].filter((w) => w.length >= 2);
  return woerter.map((w) => ({ formen: [...new Set([w, wortstamm(w)])], synonyme: [...(synonymeVon(w) ?? synonymeVon(wortstamm(w)) ?? [])] }));
}

/** What a procedure is searched by: its name, its Leistungen and where they belong (OZG). */
export interface Suchbares {
  name: string;
  leistungen: readonly { name: string; ozgLeistung: string | null; lebenslage: string | null }[];
}

/** The folded search text of a procedure (both spellings, see shared/text.ts `searchKey`). */
export function suchtext(v: Suchbares): { name: string; alles: string } {
  const name = searchKey(v.name);
  const teile = [name, ...v.leistungen.flatMap((l) => [l.name, l.ozgLeistung, l.lebenslage]).filter((x): x is string => Boolean(x)).map(searchKey)];
  return { name, alles: teile.join(' | ') };
}

/**
 * How well a procedure fits: null when some word is missing, else a rank (higher first). Per word:
 * 3 when it stands in the procedure's name as typed, 2 when an official term it stands for does,
 * 1 when it is found only in the Leistungen.
 */
export function treffer(anfrage: Suchanfrage, text: { name: string; alles: string }): number | null {
  let rang = 0;
  for (const w of anfrage) {
    const steht = (wo: string, liste: string[]) => liste.some((a) => wo.includes(a));
    if (steht(text.name, w.formen)) rang += 3;
    else if (steht(text.name, w.synonyme)) rang += 2;
    else if (steht(text.alles, w.formen) || steht(text.alles, w.synonyme)) rang += 1;
    else return null;
  }
  return rang;
}
