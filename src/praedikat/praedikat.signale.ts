/**
 * The review signals (src/verlinkung/pruefsignale.ts) as part of the Prädikat's automatic
 * pre-check: a structured `signale` in the pre-check result (stored with the application, so the
 * four-eyes check sees what was flagged at submission) and one checklist point that sums them up.
 * The signals never block an application: they tell the reviewers where to look.
 */
import type { Pruefsignale } from '../verlinkung/pruefsignale';
import { SIGNAL_TEXT, SIGNALE } from '../verlinkung/pruefsignale';
import type { Pruefpunkt } from './praedikat.service';

/** Entries kept per signal in the stored pre-check (the counts are complete; the reviewer's page lists more). */
export const SIGNAL_EINTRAEGE_IN_VORPRUEFUNG = 25;

/** The checklist point for the signals: a note when any entry carries one, with the count without them. */
export function signalPruefpunkt(s: Pruefsignale, stand: { anzahl: number; schwelle: number }): Pruefpunkt {
  const gesetzt = SIGNALE.filter((k) => s.signale[k].anzahl > 0);
  if (gesetzt.length === 0) {
    return { id: 'signale', titel: 'Prüfsignale', status: 'ok', text: 'Keine auffälligen Einträge: keine neuen eigenen Einträge, alle mit LeiKa-Schlüssel, keine geteilten Adressen, alle Links geprüft und erreichbar.' };
  }
  const liste = gesetzt.map((k) => `${SIGNAL_TEXT[k].titel}: ${s.signale[k].anzahl.toLocaleString('de-DE')}`).join('; ');
  const ohne = `Ohne die ${s.auffaelligZaehlend.toLocaleString('de-DE')} auffälligen zählenden Einträge zählte die Behörde ${s.anzahlOhneAuffaellige.toLocaleString('de-DE')} von ${stand.schwelle} nötigen`;
  return {
    id: 'signale',
    titel: 'Prüfsignale',
    status: 'warnung',
    text: `${liste}. ${ohne}${s.anzahlOhneAuffaellige >= stand.schwelle ? '; die Schwelle wäre auch dann erreicht.' : '; ohne sie wäre die Schwelle nicht erreicht – bitte diese Einträge prüfen.'}`,
  };
}
