/**
 * The box on the public Behörde page for an award that is revoked or suspended: since when and the
 * public reason (never the reviewers' comments or the reason given to the Kommune).
 */
import { formatDate, type Locale } from '../../shared/i18n';

export interface OeffentlicherStatus {
  zertifikatNr: string;
  status: 'gueltig' | 'ausgesetzt' | 'widerrufen';
  manuellAusgesetzt: boolean;
  statusSeit: string | null;
  statusGrund: string | null;
  neuerAntragAb: string | null;
}

/** „Widerrufen am … — Grund“ or „Vom Ministerium ausgesetzt …“ for the Behörde page; nothing for a valid award. */
export function PraedikatStatusHinweis({ p, l, anzahl, schwelle }: { p: OeffentlicherStatus; l: Locale; anzahl?: number; schwelle?: number }) {
  const de = l === 'de';
  if (p.status === 'gueltig') return null;
  const seit = p.statusSeit ? formatDate(l, p.statusSeit) : undefined;
  const widerrufen = p.status === 'widerrufen';
  const titel = widerrufen
    ? de
      ? `Prädikat widerrufen${seit ? ` am ${seit}` : ''}`
      : `Label revoked${seit ? ` on ${seit}` : ''}`
    : p.manuellAusgesetzt
      ? de
        ? `Vom Ministerium ausgesetzt${seit ? ` am ${seit}` : ''}`
        : `Suspended by the ministry${seit ? ` on ${seit}` : ''}`
      : de
        ? `Prädikat ausgesetzt${seit ? ` seit ${seit}` : ''}`
        : `Label suspended${seit ? ` since ${seit}` : ''}`;
  return (
    <div class={`kern-alert kern-alert--${widerrufen ? 'danger' : 'warning'} praedikat-status-hinweis`} role="note" aria-label={titel}>
      <div class="kern-alert__header">
        <span class={`kern-icon kern-icon--${widerrufen ? 'danger' : 'warning'}`} aria-hidden="true" />
        <p class="kern-title">{titel}</p>
      </div>
      <div class="kern-alert__body">
        {p.statusGrund && (
          <p class="kern-body">
            {de ? 'Grund: ' : 'Reason: '}
            <span lang="de">{p.statusGrund}</span>
          </p>
        )}
        <p class="kern-body">
          {widerrufen
            ? de
              ? `Das Prädikat ${p.zertifikatNr} gilt nicht mehr; ein Signet dieser Behörde ist ungültig.`
              : `Label ${p.zertifikatNr} is no longer valid; a signet of this authority is invalid.`
            : p.manuellAusgesetzt
              ? de
                ? `Das Prädikat ${p.zertifikatNr} gilt derzeit nicht.`
                : `Label ${p.zertifikatNr} is not valid at present.`
              : de
                ? `Das Prädikat ${p.zertifikatNr} gilt derzeit nicht: Nach Ablauf der Karenzzeit lag die Zahl der Online-Verfahren unter der Schwelle${anzahl !== undefined && schwelle !== undefined ? ` (heute ${anzahl} von ${schwelle})` : ''}.`
                : `Label ${p.zertifikatNr} is not valid at present: after the grace period the number of online procedures was below the threshold${anzahl !== undefined && schwelle !== undefined ? ` (today ${anzahl} of ${schwelle})` : ''}.`}
          {widerrufen && p.neuerAntragAb && (de ? ` Ein neuer Antrag ist ab dem ${formatDate(l, p.neuerAntragAb)} möglich.` : ` A new application is possible from ${formatDate(l, p.neuerAntragAb)}.`)}
        </p>
      </div>
    </div>
  );
}

