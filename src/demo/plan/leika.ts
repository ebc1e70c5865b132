/**
 * The LeiKa side of the demo planner: Leistungen grouped by Leistungsobjekt, readable procedure
 * names, how suitable a group is for a simulated procedure, and deterministic ids and names.
 */
import { createHash } from 'node:crypto';
import type { Random } from '../demo.random';
import type { DemoLeistung, PlannedVerfahren } from './plan.types';

export const slugify = (text: string, max = 60): string =>
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

export interface LeikaGruppe {
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

export function groupLeistungen(leistungen: readonly DemoLeistung[]): LeikaGruppe[] {
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
export const istBeantragbar = (l: DemoLeistung, objekt: string) => {
  const v = ersteVerrichtung(l, objekt);
  return v ? BEANTRAGBAR.has(v) : ANTRAGSFAEHIG.test(objekt.trim());
};

/**
 * How suitable a Leistungsobjekt is for a simulated procedure: Land/Kommune execution first
 * (LeiKa-Typ 4, 5, 2/3), never federal execution (Typ 1); something one applies for or reports;
 * short, plain names.
 */
export function gruppenGewicht(g: LeikaGruppe, bereitstellung: 'zentral' | 'kommunal'): number {
  const t = g.typisierung.replace(/\s/g, '');
  let w: number;
  if (bereitstellung === 'zentral') w = t === '4' ? 4 : t === '5' ? 3 : t === '2/3' ? 2 : t === '2' || t === '3' ? 1.5 : 0;
  else w = t === '5' ? 10 : t === '4' ? 4 : t === '2/3' ? 1.5 : t === '2' || t === '3' ? 1 : 0;
  w *= g.mitglieder.some((l) => istBeantragbar(l, g.objekt)) ? 1 : 0.08;
  if (g.objekt.length > 55) w *= 0.15;
  if (/[§()"„]|EU\/EWR|Schweiz|Ausland/.test(g.objekt)) w *= 0.2;
  return w;
}

/** Deterministic UUID (version-5 layout) from the seed and a name. */
export function planUuid(seed: string, name: string): string {
  const h = createHash('sha1').update(`digitales-amt-demo\u241f${seed}\u241f${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** `wert`, or `wert` with the first free suffix `anhang(2)`, `anhang(3)`, …; taken into `set`. */
export function eindeutig(set: Set<string>, wert: string, anhang: (k: number) => string): string {
  let w = wert;
  for (let k = 2; set.has(w); k++) w = `${wert}${anhang(k)}`;
  set.add(w);
  return w;
}

/** 1–3 Leistungen of a Leistungsobjekt; the "main" one (named) is preferably one with a Verrichtung. */
export function waehleLeistungen(g: LeikaGruppe, rnd: Random): { leistungenIds: number[]; haupt: DemoLeistung } {
  const beantragbar = g.mitglieder.filter((l) => istBeantragbar(l, g.objekt));
  const haupt = beantragbar.length ? rnd.pick(beantragbar) : g.mitglieder[0];
  const anzahl = Math.min(g.mitglieder.length, rnd.chance(0.5) ? 1 : rnd.chance(0.7) ? 2 : 3);
  const weitere = rnd.shuffle(g.mitglieder.filter((l) => l !== haupt)).slice(0, anzahl - 1);
  return { leistungenIds: [haupt.id, ...weitere.map((l) => l.id)].sort((a, b) => a - b), haupt };
}

/** `count` group indices by weight; distinct while the pool lasts, then repeated. */
export function sampleGruppen(weights: number[], count: number, rnd: Random): number[] {
  if (count <= 0) return [];
  const out: number[] = [];
  while (out.length < count) {
    const batch = rnd.weightedSample(weights, count - out.length);
    if (batch.length === 0) break;
    out.push(...batch);
  }
  return out;
}
