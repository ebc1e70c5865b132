/**
 * The counting rules of the Prädikat, as one pure module. The SQL in verlinkung.repository.ts
 * implements the same rules set-based; a test checks that both agree on the full demo data.
 *
 * A Behörde's count is the number of DISTINCT Online-Verfahren it links that
 *  1. have electronic submission (art `online`): information pages and print-out PDFs never count,
 *  2. are still in operation (`aktiv`),
 *  3. are reachable, by the configured rule for broken links:
 *     `zaehlt` (broken links count), `zaehlt_nicht` (they do not), or `karenz` (they count until
 *     they have failed without interruption for more than `karenzTage` days).
 * A Verwaltungsgemeinschaft is one Behörde for all its members: every member Gemeinde has the
 * count of its VG.
 */

export type DefekteLinksRegel = 'zaehlt' | 'karenz' | 'zaehlt_nicht';

export interface Zaehlregel {
  defekteLinks: DefekteLinksRegel;
  karenzTage: number;
}

export interface Schwellen {
  default: number;
  bezirk: number;
}

export type VerfahrensArt = 'online' | 'information' | 'formular_pdf';

export interface VerlinkungFuerZaehlung {
  verfahrenId: string;
  art: string;
  aktiv: boolean;
  /** Since when the linked URL fails without interruption; null/undefined when it works or is unchecked. */
  defektSeit?: Date | null;
}

export type NichtGezaehltGrund = 'keine_elektronische_einreichung' | 'ausser_betrieb' | 'link_defekt' | 'doppelt';

export interface Zaehlergebnis {
  anzahl: number;
  gezaehlt: string[];
  nichtGezaehlt: { verfahrenId: string; grund: NichtGezaehltGrund }[];
}

const DAY_MS = 86_400_000;

/** Whether a link whose URL fails since `defektSeit` still counts at `jetzt`. */
export function linkZaehlt(defektSeit: Date | null | undefined, regel: Zaehlregel, jetzt: Date): boolean {
  if (!defektSeit) return true;
  if (regel.defekteLinks === 'zaehlt') return true;
  if (regel.defekteLinks === 'zaehlt_nicht') return false;
  return jetzt.getTime() - defektSeit.getTime() <= regel.karenzTage * DAY_MS;
}

/** Counts a Behörde's links by the rules above and says for each link that does not count why. */
export function zaehleVerlinkungen(links: readonly VerlinkungFuerZaehlung[], regel: Zaehlregel, jetzt: Date): Zaehlergebnis {
  const gezaehlt = new Set<string>();
  const nichtGezaehlt: Zaehlergebnis['nichtGezaehlt'] = [];
  // Links of one procedure (e.g. twice with different URLs) count once if any of them counts.
  const sorted = [...links].sort((a, b) => Number(linkZaehlt(b.defektSeit, regel, jetzt)) - Number(linkZaehlt(a.defektSeit, regel, jetzt)));
  for (const l of sorted) {
    if (l.art !== 'online') nichtGezaehlt.push({ verfahrenId: l.verfahrenId, grund: 'keine_elektronische_einreichung' });
    else if (!l.aktiv) nichtGezaehlt.push({ verfahrenId: l.verfahrenId, grund: 'ausser_betrieb' });
    else if (!linkZaehlt(l.defektSeit, regel, jetzt)) nichtGezaehlt.push({ verfahrenId: l.verfahrenId, grund: 'link_defekt' });
    else if (gezaehlt.has(l.verfahrenId)) nichtGezaehlt.push({ verfahrenId: l.verfahrenId, grund: 'doppelt' });
    else gezaehlt.add(l.verfahrenId);
  }
  return { anzahl: gezaehlt.size, gezaehlt: [...gezaehlt], nichtGezaehlt };
}

export const schwelleFuer = (typ: string, schwellen: Schwellen) => (typ === 'bezirk' ? schwellen.bezirk : schwellen.default);

export interface Eignung {
  anzahl: number;
  schwelle: number;
  erreicht: boolean;
  /** How many counting procedures are missing (0 when reached). */
  fehlend: number;
}

/** Eligibility for the Prädikat: ≥ 50 counting procedures, ≥ 30 for Bezirke (both configuration). */
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
  doppelt: { de: 'Zählt nicht doppelt: das Verfahren ist bereits verlinkt.', en: 'Not counted twice: the procedure is linked already.' },
};
