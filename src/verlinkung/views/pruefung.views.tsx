/** The reviewer's page of a Behörde's links: review signals with counts, „zählt nicht“ marks and decisions. */
import type { z } from 'zod';
import { formatDate, formatNumber, zahlMitWort } from '../../shared/i18n';
import { Erfolgsmeldung, ErrorSummary, type FieldError, Layout, type PageContext, TabellenBereich } from '../../shared/layout';
import { SIGNAL_TEXT, SIGNALE, type Pruefsignale } from '../pruefsignale';
import type { zaehlstandSchema } from '../verlinkung.schemas';
import { BegruendungForm, KnopfMitName, StandKarte, type Verlinkung, VermerkKopf } from './verlinkungen.views';

type Zaehlstand = z.output<typeof zaehlstandSchema>;

/** Entries listed per signal on the page (the API lists up to 200). */
const JE_SIGNAL = 50;

/** The signals as a table with counts: the summary the four-eyes check starts from. */
export function SignalTabelle({ signale, hrefBasis, en }: { signale: Pruefsignale; hrefBasis?: string; en?: boolean }) {
  return (
    <TabellenBereich label={en ? 'Review signals' : 'Prüfsignale'}>
      <table class="kern-table kern-table--small">
        <caption class="kern-sr-only">{en ? 'Review signals' : 'Prüfsignale'}</caption>
        <thead class="kern-table__header">
          <tr>
            <th scope="col" class="kern-table__header">{en ? 'Signal' : 'Signal'}</th>
            <th scope="col" class="kern-table__header kern-table__header--numeric">{en ? 'Entries' : 'Einträge'}</th>
            <th scope="col" class="kern-table__header">{en ? 'What it means' : 'Bedeutung'}</th>
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {SIGNALE.map((s) => (
            <tr>
              <th scope="row" class="kern-table__cell">
                {hrefBasis && signale.signale[s].anzahl > 0 ? (
                  <a class="kern-link" href={`${hrefBasis}#signal-${s}`}>
                    {SIGNAL_TEXT[s].titel}
                  </a>
                ) : (
                  SIGNAL_TEXT[s].titel
                )}
              </th>
              <td class="kern-table__cell kern-table__cell--numeric">{formatNumber('de', signale.signale[s].anzahl)}</td>
              <td class="kern-table__cell" lang="de">
                {SIGNAL_TEXT[s].erklaerung}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TabellenBereich>
  );
}

export function PruefungPage(props: { ctx: PageContext; zaehlstand: Zaehlstand; signale: Pruefsignale; vermerkt: Verlinkung[]; meldung?: string; errors: FieldError[] }) {
  const { ctx, zaehlstand, signale, vermerkt, meldung, errors } = props;
  const l = ctx.locale;
  const de = l === 'de';
  const ars = zaehlstand.ars;
  const base = `/verwaltung/behoerden/${ars}/pruefung`;
  const title = de ? `Prüfung der Verlinkungen: ${zaehlstand.name}` : `Review of the links: ${zaehlstand.name}`;
  return (
    <Layout
      ctx={ctx}
      title={title}
      crumbs={[
        { href: `/behoerden/${ars}`, label: zaehlstand.name },
        { href: `/verwaltung/behoerden/${ars}/akte`, label: de ? 'Akte' : 'File' },
      ]}
    >
      <div class="kern-stack">
        <h1 class="kern-heading-large">{title}</h1>
        <Erfolgsmeldung text={meldung} />
        <ErrorSummary locale={l} errors={errors} />
        <StandKarte ctx={ctx} zaehlstand={zaehlstand} />
        <p class="kern-body">
          {de
            ? `${zahlMitWort('de', signale.auffaelligZaehlend, 'zählender Eintrag trägt', 'zählende Einträge tragen')} mindestens ein Signal. Ohne sie zählte die Behörde ${formatNumber(l, signale.anzahlOhneAuffaellige)} von ${formatNumber(l, zaehlstand.schwelle)} nötigen Online-Verfahren.`
            : `${zahlMitWort('en', signale.auffaelligZaehlend, 'counting entry carries', 'counting entries carry')} at least one signal. Without them the authority would count ${formatNumber(l, signale.anzahlOhneAuffaellige)} of ${formatNumber(l, zaehlstand.schwelle)} required.`}{' '}
          {signale.seit
            ? de
              ? `„Neue eigene Einträge“ zählen ab der letzten Prüfung am ${formatDate(l, signale.seit)}.`
              : `“New own entries” count from the last review on ${formatDate(l, signale.seit)}.`
            : de
              ? 'Die Behörde wurde noch nie geprüft: alle eigenen Einträge sind neu.'
              : 'The authority was never reviewed: all own entries are new.'}
        </p>

        <h2 class="kern-heading-medium" id="signale" tabIndex={-1}>
          {de ? 'Prüfsignale' : 'Review signals'}
        </h2>
        <SignalTabelle signale={signale} hrefBasis={base} en={!de} />

        {SIGNALE.filter((s) => signale.signale[s].anzahl > 0).map((s) => {
          const g = signale.signale[s];
          return (
            <section aria-labelledby={`signal-${s}`} class="kern-stack">
              <h3 class="kern-heading-small" id={`signal-${s}`}>
                {SIGNAL_TEXT[s].titel} ({formatNumber(l, g.anzahl)})
              </h3>
              {g.anzahl > JE_SIGNAL && (
                <p class="kern-body kern-body--small">
                  {de
                    ? `Gezeigt werden die ersten ${formatNumber(l, JE_SIGNAL)}; bis zu 200 liefert GET /api/v1/behoerden/${ars}/pruefsignale.`
                    : `The first ${formatNumber(l, JE_SIGNAL)} are shown; GET /api/v1/behoerden/${ars}/pruefsignale lists up to 200.`}
                </p>
              )}
              <ul class="kern-list signal-liste">
                {g.eintraege.slice(0, JE_SIGNAL).map((e) => (
                  <li>
                    <p class="kern-body">
                      <a class="kern-link" href={`/verfahren/${e.verfahrenId}`}>
                        <bdi>{e.name}</bdi>
                      </a>{' '}
                      <span class="kern-body kern-body--small" lang="de">
                        ({e.hinweis}; {e.vermerkt ? 'als „zählt nicht“ markiert' : e.zaehlt ? 'zählt' : 'zählt nicht'})
                      </span>
                      <span class="kern-body kern-body--small list-members break-all">
                        <bdi>{e.url}</bdi>
                      </span>
                    </p>
                    {e.zaehlt && !e.vermerkt && (
                      <details>
                        <summary class="kern-body kern-body--small">{de ? '„Zählt nicht“ markieren …' : 'Mark “does not count” …'}</summary>
                        <BegruendungForm
                          ctx={ctx}
                          action={`${base}/zaehlt-nicht`}
                          verfahrenId={e.verfahrenId}
                          feld="grund"
                          id={`grund-${s}-${e.verfahrenId}`}
                          label={de ? 'Grund (die Kommune sieht ihn)' : 'Reason (shown to the municipality)'}
                          knoepfe={<KnopfMitName label={de ? 'Zählt nicht' : 'Does not count'} name={e.name} />}
                        />
                      </details>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          );
        })}

        <h2 class="kern-heading-medium" id="vermerke">
          {de ? '„Zählt nicht“-Vermerke' : '“Does not count” marks'}
        </h2>
        {vermerkt.length === 0 ? (
          <p class="kern-body">{de ? 'Kein Eintrag ist als „zählt nicht“ markiert.' : 'No entry is marked “does not count”.'}</p>
        ) : (
          <ul class="kern-list vermerk-liste">
            {vermerkt.map((v) => {
              const m = v.zaehltNicht!;
              return (
                <li>
                  <VermerkKopf locale={l} v={v} />
                  {m.status === 'einspruch' && (
                    <p class="kern-body" lang={de ? undefined : 'de'}>
                      <strong>{de ? 'Einspruch der Kommune: ' : 'Objection of the municipality: '}</strong>
                      <bdi>{m.einspruch}</bdi>
                    </p>
                  )}
                  <BegruendungForm
                    ctx={ctx}
                    action={`${base}/entscheidung`}
                    verfahrenId={v.verfahrenId}
                    feld="grund"
                    id={`grund-vermerk-${v.verfahrenId}`}
                    label={de ? 'Begründung der Entscheidung (die Kommune sieht sie)' : 'Reason for the decision (shown to the municipality)'}
                    knoepfe={
                      <>
                        <KnopfMitName label={de ? 'Aufheben: zählt wieder' : 'Lift: counts again'} name={v.name} wert="aufheben" />
                        {m.status === 'einspruch' && <KnopfMitName label={de ? 'Einspruch zurückweisen' : 'Turn down the objection'} name={v.name} wert="zurueckweisen" tertiaer />}
                      </>
                    }
                  />
                </li>
              );
            })}
          </ul>
        )}
        <p class="kern-body">
          <a class="kern-link" href={`/verwaltung/behoerden/${ars}/verlinkungen`}>
            {de ? 'Zur Seite der Verlinkungen' : 'To the links page'}
          </a>
        </p>
      </div>
    </Layout>
  );
}
