/**
 * The counting rules of the Prädikat, as one pure module. The SQL in verlinkung.repository.ts
 * implements the same rules set-based; a test checks that both agree on the full demo data.
 *
 * A Behörde's count is the number of DISTINCT services among the Online-Verfahren it links that
 *  1. have electronic submission (art `online`): information pages and print-out PDFs never count,
 *  2. are still in operation (`aktiv`),
 *  3. are not marked „zählt nicht“ by a ministry reviewer (with a reason the Kommune sees),
 *  4. are reachable, by the configured rule for broken links:
 *     `zaehlt` (broken links count), `zaehlt_nicht` (they do not), or `karenz` (they count until
 *     they have failed without interruption for more than `karenzTage` days).
 * Two links are the same service (`derselbeDienst`) when they point to the same normalised address
 * (url-normalisierung.ts), or to the same host and path and share a LeiKa key. „Same service“ is
 * followed through (A = B and B = C: one service), and each service counts once: its link that was
 * made first (then the smaller procedure id) counts, the others are „doppelt“ with a pointer to it.
 * A Verwaltungsgemeinschaft is one Behörde for all its members: every member Gemeinde has the
 * count of its VG.
 */
import { type Schwellen, schwelleFuer } from '../shared/schwellen';
import { normalisiereUrl } from './url-normalisierung';

export { type Schwellen, schwelleFuer } from '../shared/schwellen';

export type DefekteLinksRegel = 'zaehlt' | 'karenz' | 'zaehlt_nicht';

export interface Zaehlregel {
  defekteLinks: DefekteLinksRegel;
  karenzTage: number;
}

export type VerfahrensArt = 'online' | 'information' | 'formular_pdf';

export interface VerlinkungFuerZaehlung {
  verfahrenId: string;
  art: string;
  aktiv: boolean;
  /** Since when the linked URL fails without interruption; null/undefined when it works or is unchecked. */
  defektSeit?: Date | null;
  /** The address the link opens (the Behörde's own or the catalogue's). */
  url?: string | null;
  /** Normalised address and host+path as stored; computed from `url` where missing. */
  urlSchluessel?: string | null;
  hostPfad?: string | null;
  /** LeiKa keys the procedure realises. */
  leika?: readonly string[];
  /** When the link was made: the first link of a service is the one that counts. */
  verlinktSeit?: Date | string | null;
  /** A ministry reviewer marked it „zählt nicht“ (and did not lift the mark). */
  zaehltNicht?: boolean;
}

export type NichtGezaehltGrund = 'keine_elektronische_einreichung' | 'ausser_betrieb' | 'zaehlt_nicht_pruefung' | 'link_defekt' | 'doppelt';

export interface NichtGezaehlt {
  verfahrenId: string;
  grund: NichtGezaehltGrund;
  /** For `doppelt`: the procedure whose link counts for this service. */
  doppeltVon?: string;
}

export interface Zaehlergebnis {
  anzahl: number;
  gezaehlt: string[];
  nichtGezaehlt: NichtGezaehlt[];
}

const DAY_MS = 86_400_000;

/** Whether a link whose URL fails since `defektSeit` still counts at `jetzt`. */
export function linkZaehlt(defektSeit: Date | null | undefined, regel: Zaehlregel, jetzt: Date): boolean {
  if (!defektSeit) return true;
  if (regel.defekteLinks === 'zaehlt') return true;
  if (regel.defekteLinks === 'zaehlt_nicht') return false;
  return jetzt.getTime() - defektSeit.getTime() <= regel.karenzTage * DAY_MS;
}

/** What „same service“ compares of a link. */
export interface DienstMerkmale {
  urlSchluessel: string | null;
  hostPfad: string | null;
  leika: readonly string[];
}

/** The keys of a link: stored ones where given, else computed from its address. */
export function dienstMerkmale(l: Pick<VerlinkungFuerZaehlung, 'url' | 'urlSchluessel' | 'hostPfad' | 'leika'>): DienstMerkmale {
  const n = (l.urlSchluessel == null || l.hostPfad == null) && l.url ? normalisiereUrl(l.url) : undefined;
  return { urlSchluessel: l.urlSchluessel ?? n?.schluessel ?? null, hostPfad: l.hostPfad ?? n?.hostPfad ?? null, leika: l.leika ?? [] };
}

export type DienstGrund = 'gleiche_adresse' | 'gleiche_leistung_und_adresse';

/**
 * Are two links the same service? Same normalised address, or same host and path with a LeiKa key
 * in common. Returns why, or undefined.
 */
export function derselbeDienst(a: DienstMerkmale, b: DienstMerkmale): DienstGrund | undefined {
  if (a.urlSchluessel !== null && a.urlSchluessel === b.urlSchluessel) return 'gleiche_adresse';
  if (a.hostPfad !== null && a.hostPfad === b.hostPfad && a.leika.some((k) => b.leika.includes(k))) return 'gleiche_leistung_und_adresse';
  return undefined;
}

const zeitwert = (d: Date | string | null | undefined) => (d == null ? Number.POSITIVE_INFINITY : Math.floor(new Date(d).getTime()));

/**
 * Which links of one Behörde are the same service: a union-find over the links, joined by the same
 * procedure, the same address, or the same host+path with a common LeiKa key. Returns for every link
 * (by index) the index of its service's first link (earliest `verlinktSeit`, then the smaller id).
 */
export function dienstGruppen(links: readonly (VerlinkungFuerZaehlung & { merkmale?: DienstMerkmale })[]): number[] {
  const eltern = links.map((_, i) => i);
  const wurzel = (i: number): number => {
    while (eltern[i] !== i) {
      eltern[i] = eltern[eltern[i]];
      i = eltern[i];
    }
    return i;
  };
  const vereinige = (a: number, b: number) => {
    const ra = wurzel(a);
    const rb = wurzel(b);
    if (ra !== rb) eltern[rb] = ra;
  };
  const merkmale = links.map((l) => l.merkmale ?? dienstMerkmale(l));
  // Join through maps (linear), not by comparing every pair.
  const erster = new Map<string, number>();
  const verbinde = (schluessel: string, i: number) => {
    const j = erster.get(schluessel);
    if (j === undefined) erster.set(schluessel, i);
    else vereinige(j, i);
  };
  links.forEach((l, i) => {
    const m = merkmale[i];
    verbinde(`id\u0000${l.verfahrenId}`, i);
    if (m.urlSchluessel !== null) verbinde(`u\u0000${m.urlSchluessel}`, i);
    if (m.hostPfad !== null) for (const k of new Set(m.leika)) verbinde(`h\u0000${m.hostPfad}\u0000${k}`, i);
  });
  const erstes = new Map<number, number>();
  const frueher = (i: number, j: number) => {
    const d = zeitwert(links[i].verlinktSeit) - zeitwert(links[j].verlinktSeit);
    return d < 0 || (d === 0 && links[i].verfahrenId < links[j].verfahrenId);
  };
  links.forEach((_, i) => {
    const r = wurzel(i);
    const e = erstes.get(r);
    if (e === undefined || frueher(i, e)) erstes.set(r, i);
  });
  return links.map((_, i) => erstes.get(wurzel(i)) as number);
}

/** Counts a Behörde's links by the rules above and says for each link that does not count why. */
export function zaehleVerlinkungen(links: readonly VerlinkungFuerZaehlung[], regel: Zaehlregel, jetzt: Date): Zaehlergebnis {
  const nichtGezaehlt: NichtGezaehlt[] = [];
  const kandidaten: VerlinkungFuerZaehlung[] = [];
  for (const l of links) {
    if (l.art !== 'online') nichtGezaehlt.push({ verfahrenId: l.verfahrenId, grund: 'keine_elektronische_einreichung' });
    else if (!l.aktiv) nichtGezaehlt.push({ verfahrenId: l.verfahrenId, grund: 'ausser_betrieb' });
    else if (l.zaehltNicht) nichtGezaehlt.push({ verfahrenId: l.verfahrenId, grund: 'zaehlt_nicht_pruefung' });
    else if (!linkZaehlt(l.defektSeit, regel, jetzt)) nichtGezaehlt.push({ verfahrenId: l.verfahrenId, grund: 'link_defekt' });
    else kandidaten.push(l);
  }
  const erstes = dienstGruppen(kandidaten);
  const gezaehlt: string[] = [];
  kandidaten.forEach((l, i) => {
    if (erstes[i] === i) gezaehlt.push(l.verfahrenId);
    else nichtGezaehlt.push({ verfahrenId: l.verfahrenId, grund: 'doppelt', doppeltVon: kandidaten[erstes[i]].verfahrenId });
  });
  return { anzahl: gezaehlt.length, gezaehlt, nichtGezaehlt };
}

export interface Eignung {
  anzahl: number;
  schwelle: number;
  erreicht: boolean;
  /** How many counting procedures are missing (0 when reached). */
  fehlend: number;
}

/** Eligibility for the Prädikat: at least the threshold of its type (shared/schwellen.ts). */
export function bewerteEignung(anzahl: number, typ: string, schwellen: Schwellen): Eignung {
  const schwelle = schwelleFuer(typ, schwellen);
  return { anzahl, schwelle, erreicht: anzahl >= schwelle, fehlend: Math.max(0, schwelle - anzahl) };
}

export const GRUND_TEXT: Record<NichtGezaehltGrund, { de: string; en: string }> = {
  keine_elektronische_einreichung: {
    de: 'Zählt nicht: keine elektronische Einreichung (Informationsseite oder Formular zum Ausdrucken).',
    en: 'Does not count: no electronic submission (information page or print-out form).',
  },
  ausser_betrieb: { de: 'Zählt nicht: das Verfahren ist außer Betrieb.', en: 'Does not count: the procedure has been retired.' },
  link_defekt: { de: 'Zählt nicht: der Link ist seit längerem nicht erreichbar.', en: 'Does not count: the link has been unreachable for too long.' },
  zaehlt_nicht_pruefung: {
    de: 'Zählt nicht: bei der Prüfung durch das Staatsministerium als nicht zählend markiert.',
    en: 'Does not count: marked as not counting by the ministry’s review.',
  },
  doppelt: {
    de: 'Zählt nicht doppelt: derselbe Dienst ist bereits verlinkt (gleiche Adresse, oder gleiche Leistung unter gleicher Adresse).',
    en: 'Not counted twice: the same service is linked already (same address, or same service under the same address).',
  },
};
