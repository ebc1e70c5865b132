/**
 * Where a Behörde stands on the way to the Prädikat, as the public portal shows it: one of six
 * disjoint classes, used alike by the list filter, the map colours, the statistics and the open
 * data column `status`. The award decides first (a current award's status), the count second.
 *
 * The SQL form of the same rule is `standSql` in portal/portal.repository.ts; a test checks both agree.
 */
import type { Locale } from './i18n';

export const STAENDE = ['digitales_amt', 'ausgesetzt', 'widerrufen', 'schwelle_erreicht', 'nah_dran', 'unter_schwelle'] as const;
export type Stand = (typeof STAENDE)[number];

/** "Close" means at most this many counting Online-Verfahren are missing (issue 6: "within 10"). */
export const NAH_DRAN_ABSTAND = 10;

export interface StandEingabe {
  anzahl: number;
  schwelle: number;
  /** Status of the Behörde's current (latest) award, or null without one. */
  praedikatStatus: string | null;
}

export function standVon({ anzahl, schwelle, praedikatStatus }: StandEingabe): Stand {
  if (praedikatStatus === 'gueltig') return 'digitales_amt';
  if (praedikatStatus === 'ausgesetzt') return 'ausgesetzt';
  if (praedikatStatus === 'widerrufen') return 'widerrufen';
  if (anzahl >= schwelle) return 'schwelle_erreicht';
  if (anzahl >= schwelle - NAH_DRAN_ABSTAND) return 'nah_dran';
  return 'unter_schwelle';
}

export const STAND_LABELS: Record<Stand, Record<Locale, string>> = {
  digitales_amt: { de: 'Digitales Amt', en: 'Digitales Amt (label held)' },
  ausgesetzt: { de: 'Prädikat ausgesetzt', en: 'Label suspended' },
  widerrufen: { de: 'Prädikat widerrufen', en: 'Label revoked' },
  schwelle_erreicht: { de: 'Schwelle erreicht, noch ohne Prädikat', en: 'Threshold reached, no label yet' },
  nah_dran: { de: `Nah dran (höchstens ${NAH_DRAN_ABSTAND} fehlen)`, en: `Close (${NAH_DRAN_ABSTAND} or fewer missing)` },
  unter_schwelle: { de: 'Noch unter der Schwelle', en: 'Below the threshold' },
};

/** KERN badge variant per Stand. */
export const STAND_BADGE: Record<Stand, 'success' | 'warning' | 'danger' | 'info'> = {
  digitales_amt: 'success',
  ausgesetzt: 'warning',
  widerrufen: 'danger',
  schwelle_erreicht: 'info',
  nah_dran: 'info',
  unter_schwelle: 'info',
};

/**
 * Map colours (presentation attributes, never `style=`: the CSP forbids inline styles). Chosen to
 * stay apart for the common colour-vision deficiencies (green / orange / purple / grey, with
 * different lightness); the map always has a table beside it, colour is never the only carrier.
 */
export const STAND_FARBE: Record<Stand, string> = {
  digitales_amt: '#1b7837',
  schwelle_erreicht: '#a6dba0',
  nah_dran: '#f4a340',
  unter_schwelle: '#e3e6ea',
  ausgesetzt: '#9970ab',
  widerrufen: '#762a83',
};

/** Colour of areas without a Behörde (gemeindefreie Gebiete: forests, lakes). */
export const OHNE_BEHOERDE_FARBE = '#ffffff';

/** The Stand as a KERN badge (lists, the Behörde page, the Bürgerservice). */
export function StandBadge({ stand, locale }: { stand: Stand; locale: Locale }) {
  return (
    <span class={`kern-badge kern-badge--${STAND_BADGE[stand]}`}>
      <span class="kern-label kern-label--small">{STAND_LABELS[stand][locale]}</span>
    </span>
  );
}
