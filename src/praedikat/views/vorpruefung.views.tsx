/**
 * The pre-check on the decision page: the record stored at submission beside a fresh one, and a
 * field-by-field comparison with every difference marked (generic over the result's fields, so
 * new parts of the pre-check show up here without a change).
 */
import { TabellenBereich } from '../../shared/layout';
import type { Locale } from '../../shared/i18n';
import { vergleiche } from '../praedikat.vergleich';
import type { Vorpruefung } from '../praedikat.service';
import { Checkliste, Zeit } from './praedikat.views';

/** Names of the pre-check's own fields; anything else is shown by its key. */
const FELD: Record<string, { de: string; en: string }> = {
  anzahl: { de: 'Zählende Online-Verfahren', en: 'Counting online procedures' },
  schwelle: { de: 'Schwelle', en: 'Threshold' },
  erreicht: { de: 'Schwelle erreicht', en: 'Threshold reached' },
  fehlend: { de: 'Es fehlen', en: 'Missing' },
  bestanden: { de: 'Vorprüfung bestanden', en: 'Pre-check passed' },
  punkte: { de: 'Prüfpunkt', en: 'Check' },
  status: { de: 'Ergebnis', en: 'Result' },
  text: { de: 'Erläuterung', en: 'Explanation' },
  links: { de: 'Verlinkung', en: 'Link' },
  zaehlt: { de: 'zählt', en: 'counts' },
  linkpruefung: { de: 'Linkprüfung', en: 'Link check' },
};
const WERT: Record<string, { de: string; en: string }> = {
  true: { de: 'ja', en: 'yes' },
  false: { de: 'nein', en: 'no' },
  ok: { de: 'erfüllt', en: 'met' },
  warnung: { de: 'Hinweis', en: 'note' },
  fehler: { de: 'nicht erfüllt', en: 'not met' },
};

/** Stored texts stay German: marked as such on English pages. */
const gespeicherteSprache = (v: string | undefined, l: Locale) => (l === 'en' && v !== undefined && !WERT[v] && /[a-zäöüß]{3}/i.test(v) ? 'de' : undefined);
const name = (n: string, l: Locale) => FELD[n]?.[l] ?? n;
const wert = (v: string | undefined, l: Locale) => (v === undefined ? (l === 'de' ? '(nicht enthalten)' : '(not included)') : (WERT[v]?.[l] ?? v));

export function VorpruefungVergleich({ gespeichert, aktuell, l }: { gespeichert: { ergebnis: unknown; am: Date; anlass: string } | null; aktuell: Vorpruefung; l: Locale }) {
  const de = l === 'de';
  if (!gespeichert) {
    return (
      <section aria-labelledby="vorpruefung">
        <h2 class="kern-heading-medium" id="vorpruefung">
          {de ? 'Vorprüfung' : 'Pre-check'}
        </h2>
        <p class="kern-body">
          {de
            ? 'Für diesen Antrag (aus dem Bestand vor der Plattform übernommen) ist keine Vorprüfung bei Einreichung aufgezeichnet.'
            : 'No pre-check at submission is recorded for this application (taken over from the stock before the platform).'}
        </p>
        <Checkliste vp={aktuell} titel={de ? 'Vorprüfung jetzt' : 'Pre-check now'} l={l} />
      </section>
    );
  }
  const zeilen = vergleiche(gespeichert.ergebnis, aktuell);
  const geaendert = zeilen.filter((z) => z.geaendert).length;
  const alt = gespeichert.ergebnis as Vorpruefung;
  return (
    <section aria-labelledby="vorpruefung">
      <h2 class="kern-heading-medium" id="vorpruefung">
        {de ? 'Vorprüfung bei Einreichung und jetzt' : 'Pre-check at submission and now'}
      </h2>
      <p class="kern-body">
        {de ? 'Aufgezeichnet bei ' : 'Recorded at '}
        {gespeichert.anlass === 'erneute_einreichung' ? (de ? 'der erneuten Einreichung' : 'the resubmission') : de ? 'der Einreichung' : 'the submission'}: <Zeit d={gespeichert.am} l={l} />
        {de ? ' (unveränderlich gespeichert). ' : ' (stored, never changed). '}
        <strong>
          {geaendert === 0
            ? de
              ? 'Seitdem hat sich nichts geändert.'
              : 'Nothing has changed since.'
            : de
              ? `Seitdem ${geaendert === 1 ? 'hat sich 1 Angabe' : `haben sich ${geaendert} Angaben`} geändert (markiert).`
              : `${geaendert} ${geaendert === 1 ? 'entry has' : 'entries have'} changed since (marked).`}
        </strong>
      </p>
      {Array.isArray(alt?.punkte) && (
        <div class="checklisten">
          <Checkliste vp={alt} titel={de ? 'Vorprüfung bei Einreichung' : 'Pre-check at submission'} l={l} />
          <Checkliste vp={aktuell} titel={de ? 'Vorprüfung jetzt' : 'Pre-check now'} l={l} />
        </div>
      )}
      {geaendert > 0 && <VergleichTabelle zeilen={zeilen.filter((z) => z.geaendert)} titel={de ? 'Geänderte Angaben' : 'Changed entries'} l={l} />}
      {zeilen.length > geaendert && (
        <details class="vorpruefung-unveraendert">
          <summary class="kern-body">
            {de ? `Unveränderte Angaben (${zeilen.length - geaendert}) anzeigen` : `Show unchanged entries (${zeilen.length - geaendert})`}
          </summary>
          <VergleichTabelle zeilen={zeilen.filter((z) => !z.geaendert)} titel={de ? 'Unveränderte Angaben' : 'Unchanged entries'} l={l} />
        </details>
      )}
    </section>
  );
}

/** One table of the comparison: entry, value at submission, value now; changes struck and underlined. */
function VergleichTabelle({ zeilen, titel, l }: { zeilen: ReturnType<typeof vergleiche>; titel: string; l: Locale }) {
  const de = l === 'de';
  return (
    <TabellenBereich label={titel}>
      <table class="kern-table kern-table--small vorpruefung-vergleich">
        <caption class="kern-title">{titel}</caption>
        <thead class="kern-table__header">
          <tr>
            <th scope="col" class="kern-table__header">{de ? 'Angabe' : 'Entry'}</th>
            <th scope="col" class="kern-table__header">{de ? 'Bei Einreichung' : 'At submission'}</th>
            <th scope="col" class="kern-table__header">{de ? 'Jetzt' : 'Now'}</th>
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {zeilen.map((z) => (
            <tr class={z.geaendert ? 'vorpruefung-vergleich__geaendert' : undefined}>
              <th scope="row" class="kern-table__cell">
                {z.namen.map((n) => name(n, l)).join(' › ')}
                {z.geaendert && (
                  <>
                    {' '}
                    <span class="kern-badge kern-badge--warning">
                      <span class="kern-label kern-label--small">{de ? 'geändert' : 'changed'}</span>
                    </span>
                  </>
                )}
              </th>
              <td class="kern-table__cell" lang={gespeicherteSprache(z.alt, l)}>
                {z.geaendert ? <del>{wert(z.alt, l)}</del> : wert(z.alt, l)}
              </td>
              <td class="kern-table__cell" lang={gespeicherteSprache(z.neu, l)}>
                {z.geaendert ? <ins>{wert(z.neu, l)}</ins> : wert(z.neu, l)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TabellenBereich>
  );
}
