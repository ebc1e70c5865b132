/**
 * What the public sees of an award's history. Reviewers' comments and the reasons given to the
 * Kommune are internal; the public pages and the public API show the public reason a reviewer
 * wrote separately, or else a neutral standard text. The re-check's own reasons (the count and the
 * grace period) are facts and stay public. No staff names: the public sees the ministry.
 */

export interface EreignisZeile {
  ereignis: string;
  vonStatus: string | null;
  nachStatus: string;
  grund: string | null;
  oeffentlicherGrund: string | null;
  automatisch: boolean;
  at: Date;
}

/** Neutral texts for steps by the ministry when no public reason was written. */
export const STANDARD_TEXT: Record<string, string> = {
  verleihung: 'Verliehen nach Prüfung im Vier-Augen-Prinzip.',
  aussetzung: 'Vom Ministerium ausgesetzt.',
  wiederherstellung: 'Vom Ministerium wiederhergestellt.',
  widerruf: 'Vom Ministerium widerrufen.',
};

export const MINISTERIUM_LABEL = 'Bayerisches Staatsministerium für Digitales';
export const NACHPRUEFUNG_LABEL = 'Tägliche Nachprüfung';

/** The public text of one event. */
export function oeffentlicherText(e: Pick<EreignisZeile, 'ereignis' | 'grund' | 'oeffentlicherGrund' | 'automatisch'>): string | null {
  if (e.oeffentlicherGrund?.trim()) return e.oeffentlicherGrund.trim();
  if (e.automatisch) return e.grund;
  return STANDARD_TEXT[e.ereignis] ?? null;
}

/** The history as the public sees it (same shape as the internal one). */
export function oeffentlicheHistorie(ereignisse: EreignisZeile[]) {
  return ereignisse.map((e) => ({
    ereignis: e.ereignis,
    vonStatus: e.vonStatus,
    nachStatus: e.nachStatus,
    grund: oeffentlicherText(e),
    automatisch: e.automatisch,
    von: e.automatisch ? NACHPRUEFUNG_LABEL : MINISTERIUM_LABEL,
    am: e.at.toISOString(),
  }));
}
