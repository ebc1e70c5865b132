/** The ministry's work list of Prädikat applications: filters, sorting, paging, open four-eyes measures, sign orders. */

import { ArbeitslistenFilter, FilterHinweis, GEMEINSAME_FILTER_NAMEN } from '../../shared/filter-hinweis';
import type { IgnorierterFilter } from '../../shared/filter';
import type { Locale } from '../../shared/i18n';
import { Layout, type PageContext, Pagination, TabellenBereich, Erfolgsmeldung } from '../../shared/layout';
import type { ArbeitslisteZeile, MassnahmeRow } from '../praedikat.repository';
import type { PraedikatService, Vorpruefung } from '../praedikat.service';
import { ARBEITSLISTE_SORT, ANTRAG_STATUS } from '../praedikat.schemas';
import { antragStatus, empfehlungEn, schildStatus, Zeit } from './praedikat.views';
import { typLabel } from '../../shared/behoerde-typen';

type Schilder = Awaited<ReturnType<PraedikatService['offeneSchilder']>>;

export const REGIERUNGSBEZIRKE: [string, string][] = [
  ['091', 'Oberbayern'],
  ['092', 'Niederbayern'],
  ['093', 'Oberpfalz'],
  ['094', 'Oberfranken'],
  ['095', 'Mittelfranken'],
  ['096', 'Unterfranken'],
  ['097', 'Schwaben'],
];

export interface ArbeitslisteAnsicht {
  status: 'offen' | 'alle' | (typeof ANTRAG_STATUS)[number];
  regierungsbezirk?: string;
  typ?: string;
  mindestAlterTage?: number;
  maengel: boolean;
  unterSchwelle: boolean;
  fuerMich: boolean;
  sort: (typeof ARBEITSLISTE_SORT)[number];
  seite: number;
  proSeite: number;
}

export const FILTER_NAMEN: Record<string, { de: string; en: string }> = {
  ...GEMEINSAME_FILTER_NAMEN,
  status: { de: 'Stand', en: 'Status' },
  maengel: { de: 'Nur mit Mängeln', en: 'Only with shortcomings' },
  unterSchwelle: { de: 'Heute unter der Schwelle', en: 'Below the threshold today' },
  fuerMich: { de: 'Nur, was ich jetzt bearbeiten kann', en: 'Only what I can act on now' },
};

const STATUS_FILTER: Record<string, { de: string; en: string }> = {
  offen: { de: 'Alle offenen', en: 'All open' },
  eingereicht: { de: 'Wartet auf die erste Prüfung', en: 'Waiting for the first review' },
  empfohlen: { de: 'Wartet auf die Entscheidung', en: 'Waiting for the decision' },
  zurueckgegeben: { de: 'Bei der Kommune zur Überarbeitung', en: 'With the municipality for revision' },
  verliehen: { de: 'Verliehen', en: 'Awarded' },
  abgelehnt: { de: 'Abgelehnt', en: 'Refused' },
  zurueckgezogen: { de: 'Zurückgezogen', en: 'Withdrawn' },
  alle: { de: 'Alle (auch entschiedene)', en: 'All (decided too)' },
};
const SORT_TEXT: Record<string, { de: string; en: string }> = {
  alter: { de: 'Älteste zuerst', en: 'Oldest first' },
  neueste: { de: 'Neueste zuerst', en: 'Newest first' },
  name: { de: 'Behörde (A–Z)', en: 'Authority (A–Z)' },
  anzahl: { de: 'Meiste Online-Verfahren zuerst', en: 'Most online procedures first' },
};

/** The address of the list with these filters (and, optionally, another page). */
export function arbeitslisteHref(f: ArbeitslisteAnsicht, seite = f.seite) {
  const p = new URLSearchParams();
  if (f.status !== 'offen') p.set('status', f.status);
  if (f.regierungsbezirk) p.set('regierungsbezirk', f.regierungsbezirk);
  if (f.typ) p.set('typ', f.typ);
  if (f.mindestAlterTage !== undefined) p.set('mindestAlterTage', String(f.mindestAlterTage));
  if (f.maengel) p.set('maengel', 'ja');
  if (f.unterSchwelle) p.set('unterSchwelle', 'ja');
  if (f.fuerMich) p.set('fuerMich', 'ja');
  if (f.sort !== 'alter') p.set('sort', f.sort);
  if (f.proSeite !== 50) p.set('proSeite', String(f.proSeite));
  if (seite > 1) p.set('seite', String(seite));
  const s = p.toString();
  return `/verwaltung/praedikat${s ? `?${s}` : ''}`;
}

function Pruefergebnis({ vp, l }: { vp: Partial<Vorpruefung> | null; l: Locale }) {
  const de = l === 'de';
  if (!vp || !Array.isArray(vp.punkte)) return <>{de ? 'aus dem Bestand' : 'from the stock'}</>;
  const fehler = vp.punkte.filter((p) => p.status === 'fehler').length;
  const warnung = vp.punkte.filter((p) => p.status === 'warnung').length;
  if (fehler === 0 && warnung === 0) return <>{de ? 'bestanden' : 'passed'}</>;
  return (
    <span class={`kern-badge kern-badge--${fehler ? 'danger' : 'warning'}`}>
      <span class="kern-label kern-label--small">
        {[fehler ? (de ? `${fehler} nicht erfüllt` : `${fehler} not met`) : '', warnung ? (de ? `${warnung} Hinweis${warnung > 1 ? 'e' : ''}` : `${warnung} note${warnung > 1 ? 's' : ''}`) : ''].filter(Boolean).join(', ')}
      </span>
    </span>
  );
}

const MASSNAHME_TEXT: Record<string, { de: string; en: string }> = {
  widerrufen: { de: 'Widerruf', en: 'Revocation' },
  wiederherstellen: { de: 'Wiederherstellung', en: 'Reinstatement' },
};

export function ArbeitslistePage(props: {
  ctx: PageContext;
  liste: { total: number; items: ArbeitslisteZeile[] };
  massnahmen: (MassnahmeRow & { behoerdeArs: string; name: string })[];
  schilder: Schilder;
  filter: ArbeitslisteAnsicht;
  ignoriert: IgnorierterFilter[];
  jetzt: Date;
  userId: string;
  meldung?: string;
}) {
  const { ctx, liste, schilder, filter: f, jetzt, meldung, massnahmen, userId } = props;
  const l = ctx.locale;
  const de = l === 'de';
  const t = (x: { de: string; en: string }) => x[l];
  const title = de ? 'Prüfung: Anträge auf das Prädikat' : 'Review: applications for the label';
  const Csrf = () => <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
  const seiten = Math.max(1, Math.ceil(liste.total / f.proSeite));
  const erster = liste.total === 0 ? 0 : (f.seite - 1) * f.proSeite + 1;
  const letzter = Math.min(liste.total, f.seite * f.proSeite);
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <Erfolgsmeldung text={meldung} />
      <FilterHinweis ignoriert={props.ignoriert} namen={FILTER_NAMEN} locale={l} />
      {massnahmen.length > 0 && (
        <section aria-labelledby="massnahmen-offen" class="kern-alert kern-alert--warning form-spaced">
          <div class="kern-alert__header">
            <span class="kern-icon kern-icon--warning" aria-hidden="true" />
            <h2 class="kern-title" id="massnahmen-offen">
              {de ? `Vier-Augen-Maßnahmen, die auf eine zweite Person warten (${massnahmen.length})` : `Four-eyes measures waiting for a second person (${massnahmen.length})`}
            </h2>
          </div>
          <div class="kern-alert__body">
            <ul class="kern-list">
              {massnahmen.map((m) => (
                <li>
                  <a class="kern-link" href={`/verwaltung/behoerden/${m.behoerdeArs}/akte#massnahmen`}>
                    {t(MASSNAHME_TEXT[m.art] ?? { de: m.art, en: m.art })}: {m.name} ({m.zertifikatNr})
                  </a>{' '}
                  – {de ? 'beantragt von' : 'requested by'} {m.beantragtVonLabel}, <Zeit d={m.beantragtAm} l={l} />
                  {m.beantragtVon === userId && <>{de ? ' (von Ihnen; bestätigen muss eine andere Person)' : ' (by you; another person must confirm)'}</>}
                </li>
              ))}
            </ul>
          </div>
        </section>
      )}
      <ArbeitslistenFilter
        action="/verwaltung/praedikat"
        locale={l}
        namen={FILTER_NAMEN}
        werte={f}
        status={Object.entries(STATUS_FILTER).map(([value, x]) => ({ value, label: t(x) }))}
        regierungsbezirke={REGIERUNGSBEZIRKE.map(([value, label]) => ({ value, label }))}
        sortierungen={ARBEITSLISTE_SORT.map((value) => ({ value, label: t(SORT_TEXT[value]) }))}
      >
        <div class="kern-form-check foerder-filter-check">
          <input class="kern-form-check__checkbox" type="checkbox" id="maengel" name="maengel" value="ja" checked={f.maengel} />
          <label class="kern-label" for="maengel">
            {de ? 'Nur Anträge, deren Vorprüfung bei Einreichung Mängel oder Hinweise hatte' : 'Only applications whose pre-check at submission had shortcomings or notes'}
          </label>
        </div>
        <div class="kern-form-check foerder-filter-check">
          <input class="kern-form-check__checkbox" type="checkbox" id="unterSchwelle" name="unterSchwelle" value="ja" checked={f.unterSchwelle} />
          <label class="kern-label" for="unterSchwelle">
            {de ? 'Nur Behörden, die heute unter der Schwelle liegen (eine Verleihung würde abgelehnt)' : 'Only authorities below the threshold today (an award would be refused)'}
          </label>
        </div>
        <div class="kern-form-check foerder-filter-check">
          <input class="kern-form-check__checkbox" type="checkbox" id="fuerMich" name="fuerMich" value="ja" checked={f.fuerMich} />
          <label class="kern-label" for="fuerMich">
            {de ? 'Nur, was ich jetzt bearbeiten darf (nicht selbst empfohlen oder eingereicht)' : 'Only what I may act on now (not recommended or submitted by me)'}
          </label>
        </div>
      </ArbeitslistenFilter>
      <h2 class="kern-heading-medium" id="antraege">
        {de ? `${t(STATUS_FILTER[f.status])}: ${liste.total} Anträge` : `${t(STATUS_FILTER[f.status])}: ${liste.total} applications`}
      </h2>
      {liste.total === 0 ? (
        <p class="kern-body">{de ? 'Keine Anträge für diese Filter.' : 'No applications for these filters.'}</p>
      ) : (
        <>
          <p class="kern-body" role="status">
            {de ? `Einträge ${erster} bis ${letzter} von ${liste.total}` : `Entries ${erster} to ${letzter} of ${liste.total}`}
          </p>
          <TabellenBereich label={de ? 'Anträge auf das Prädikat' : 'Applications for the label'}>
            <table class="kern-table kern-table--striped">
              <caption class="kern-sr-only">{de ? 'Anträge auf das Prädikat' : 'Applications for the label'}</caption>
              <thead class="kern-table__header">
                <tr>
                  <th scope="col" class="kern-table__header">{de ? 'Behörde' : 'Authority'}</th>
                  <th scope="col" class="kern-table__header">{de ? 'Stand' : 'Status'}</th>
                  <th scope="col" class="kern-table__header">{de ? 'Eingereicht am' : 'Submitted on'}</th>
                  <th scope="col" class="kern-table__header kern-table__header--numeric">{de ? 'Alter (Tage)' : 'Age (days)'}</th>
                  <th scope="col" class="kern-table__header kern-table__header--numeric">{de ? 'Online-Verfahren heute' : 'Online procedures today'}</th>
                  <th scope="col" class="kern-table__header">{de ? 'Vorprüfung bei Einreichung' : 'Pre-check at submission'}</th>
                </tr>
              </thead>
              <tbody class="kern-table__body">
                {liste.items.map((a) => (
                  <tr>
                    <th scope="row" class="kern-table__cell">
                      <a class="kern-link" href={`/verwaltung/praedikat/antraege/${a.id}`}>
                        {a.name}
                      </a>
                      <span class="kern-body kern-body--small list-members">
                        {typLabel(a.typ, l)} · {REGIERUNGSBEZIRKE.find(([k]) => k === a.regbez_key)?.[1] ?? a.regbez_key}
                      </span>
                    </th>
                    <td class="kern-table__cell">
                      {antragStatus(a.status, l)}
                      {a.zertifikat_nr && <span class="kern-body kern-body--small list-members">{a.zertifikat_nr}</span>}
                      {a.empfohlen_von_email && a.status === 'empfohlen' && (
                        <span class="kern-body kern-body--small list-members">
                          {de ? `Empfehlung „${a.empfehlung}“ von ${a.empfohlen_von_email}` : `Recommendation “${empfehlungEn(a.empfehlung)}” by ${a.empfohlen_von_email}`}
                        </span>
                      )}
                      {(a.empfohlen_von === userId || a.eingereicht_von === userId) && ['eingereicht', 'empfohlen'].includes(a.status) && (
                        <span class="kern-body kern-body--small list-members">{de ? 'Vier Augen: eine andere Person ist dran' : 'Four eyes: another person must act'}</span>
                      )}
                    </td>
                    <td class="kern-table__cell">
                      <Zeit d={a.eingereicht_am} l={l} />
                    </td>
                    <td class="kern-table__cell kern-table__cell--numeric">{Math.floor((jetzt.getTime() - new Date(a.eingereicht_am).getTime()) / 86_400_000)}</td>
                    <td class="kern-table__cell kern-table__cell--numeric">{a.anzahl}</td>
                    <td class="kern-table__cell">
                      <Pruefergebnis vp={a.vorpruefung as Partial<Vorpruefung> | null} l={l} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TabellenBereich>
          <Pagination locale={l} page={f.seite} pages={seiten} href={(s) => arbeitslisteHref(f, s)} label={de ? 'Seiten der Antragsliste' : 'Pages of the application list'} />
        </>
      )}
      <h2 class="kern-heading-medium">{de ? 'Nachprüfung' : 'Re-check'}</h2>
      <p class="kern-body">
        {de
          ? 'Die Nachprüfung aller Prädikate läuft täglich. Liegt eine Behörde unter der Schwelle, beginnt die Karenzzeit; danach wird das Prädikat ausgesetzt.'
          : 'All labels are re-checked daily. If an authority is below the threshold, the grace period begins; after it, the label is suspended.'}
      </p>
      <form method="post" action="/verwaltung/praedikat/nachpruefung">
        <Csrf />
        <button type="submit" class="kern-btn kern-btn--secondary">
          <span class="kern-label">{de ? 'Nachprüfung jetzt ausführen' : 'Run the re-check now'}</span>
        </button>
      </form>
      <h2 class="kern-heading-medium">{de ? `Offene Schild-Bestellungen (${schilder.length})` : `Open sign orders (${schilder.length})`}</h2>
      {schilder.length === 0 ? (
        <p class="kern-body">{de ? 'Keine offenen Bestellungen.' : 'No open orders.'}</p>
      ) : (
        <ul class="kern-list">
          {schilder.map((s) => (
            <li>
              {s.name} ({s.zertifikat_nr}, {s.format}): {schildStatus(s.status, l)}{' '}
              <a class="kern-link" href={`/praedikat/${s.zertifikat_nr}/schild.pdf?format=${s.format}`}>
                {de ? 'Druckdatei' : 'Print file'}
                <span class="kern-sr-only">
                  {de ? ' für ' : ' for '}
                  {s.name}
                </span>
              </a>{' '}
              <form method="post" action={`/verwaltung/praedikat/schilder/${s.id}/weiter`} class="inline-form">
                <Csrf />
                <button type="submit" class="kern-btn kern-btn--tertiary kern-btn--x-small">
                  <span class="kern-label">
                    {s.status === 'bestellt' ? (de ? 'Als produziert melden' : 'Mark as produced') : de ? 'Als geliefert melden' : 'Mark as delivered'}
                    <span class="kern-sr-only">: {s.name}</span>
                  </span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
