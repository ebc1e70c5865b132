/**
 * The start page: how many Behörden are Digitale Ämter, how many are close, the newest awards, the
 * map, and in plain language what the Prädikat is and what counts.
 */

import type { PortalService } from '../../portal/portal.service';
import { formatDate, formatNumber, mitAnzahl, NOMEN } from '../../shared/i18n';
import { BuergerserviceFormular } from '../../buergerservice/views/buergerservice.views';
import { legende } from '../../portal/karte';
import { Legende } from '../../portal/views/portal.parts';
import { DemoHinweis, Layout, type PageContext } from '../../shared/layout';
import { typLabel } from '../../shared/behoerde-typen';

type Zahlen = Awaited<ReturnType<PortalService['startseite']>>;

export function StartPage({
  ctx,
  counts,
  zahlen,
  schwellen,
}: { ctx: PageContext; counts: { typ: string; n: number }[]; zahlen: Zahlen; schwellen: { default: number; bezirk: number } }) {
  const l = ctx.locale;
  const de = l === 'de';
  const n = (x: number) => formatNumber(l, x);
  const total = counts.reduce((s, c) => s + Number(c.n), 0);
  return (
    <Layout ctx={ctx} title={de ? 'Start' : 'Home'}>
      <h1 class="kern-heading-x-large">{de ? 'Digitales Amt' : 'Digitales Amt'}</h1>
      <p class="kern-body kern-body--large">
        {de
          ? `Mit dem Prädikat „Digitales Amt“ zeichnet der Freistaat Bayern Kommunen aus, die mindestens ${schwellen.default} Online-Verfahren im BayernPortal anbieten (Bezirke: ${schwellen.bezirk}). Hier sehen Sie, welche Behörden schon digital sind und wie viele Online-Verfahren jede anbietet.`
          : `With the “Digitales Amt” label the Free State of Bavaria honours municipalities that offer at least ${schwellen.default} online procedures in the BayernPortal (Bezirke: ${schwellen.bezirk}). See which authorities are digital already and how many online procedures each offers.`}
      </p>
      {ctx.demo && (
        <p class="kern-body">
          <DemoHinweis locale={l} />{' '}
          {de
            ? 'Welche Behörde welche Verfahren verlinkt und wer das Prädikat hält, ist auf dieser Demonstrationsplattform simuliert.'
            : 'On this demonstration platform, which authority links which procedures and who holds the label is simulated.'}
        </p>
      )}

      <section aria-labelledby="buergerservice-start" class="buergerservice-start">
        <h2 class="kern-heading-medium" id="buergerservice-start">
          {de ? 'Was kann ich an meinem Wohnort online erledigen?' : 'What can I do online where I live?'}
        </h2>
        <p class="kern-body">
          {de
            ? 'Der Bürgerservice zeigt alle Online-Verfahren Ihrer Gemeinde oder Verwaltungsgemeinschaft, Ihres Landkreises, Ihres Bezirks und des Freistaats.'
            : 'The citizen service shows every online procedure of your municipality or administrative association, your district, your Bezirk and the Free State.'}{' '}
          <a class="kern-link" href="/buergerservice">
            {de ? 'Zum Bürgerservice' : 'To the citizen service'}
          </a>
        </p>
        <BuergerserviceFormular locale={l} ort="" q="" kompakt />
      </section>

      <section aria-labelledby="kennzahlen">
        <h2 class="kern-heading-medium" id="kennzahlen">
          {de ? 'Auf einen Blick' : 'At a glance'}
        </h2>
        <ul class="kennzahlen">
          <li class="kennzahl">
            <a class="kennzahl__link" href="/behoerden?status=digitales_amt&sort=verliehen">
              <span class="kennzahl__wert">{n(zahlen.digitaleAemter)}</span>
              <span class="kennzahl__text">{de ? 'Behörden tragen das Prädikat „Digitales Amt“' : 'authorities hold the “Digitales Amt” label'}</span>
            </a>
          </li>
          <li class="kennzahl">
            <a class="kennzahl__link" href="/behoerden?status=nah_dran&sort=anzahl">
              <span class="kennzahl__wert">{n(zahlen.nahDran)}</span>
              <span class="kennzahl__text">
                {de ? `sind nah dran: ihnen fehlen höchstens ${zahlen.nahDranAbstand} Online-Verfahren` : `are close: ${zahlen.nahDranAbstand} or fewer online procedures missing`}
              </span>
            </a>
          </li>
          <li class="kennzahl">
            <a class="kennzahl__link" href="/behoerden?status=schwelle_erreicht&sort=anzahl">
              <span class="kennzahl__wert">{n(zahlen.schwelleErreicht)}</span>
              <span class="kennzahl__text">{de ? 'haben die Schwelle erreicht und können sich bewerben' : 'have reached the threshold and can apply'}</span>
            </a>
          </li>
          <li class="kennzahl">
            <a class="kennzahl__link" href="/statistik#regierungsbezirke">
              <span class="kennzahl__wert">{n(zahlen.einwohnerAnteil)} %</span>
              <span class="kennzahl__text">{de ? 'der Einwohner Bayerns leben in einem Digitalen Amt' : 'of Bavaria’s population live in a Digitales Amt'}</span>
            </a>
          </li>
        </ul>
      </section>

      <div class="start-spalten">
        <section aria-labelledby="neueste">
          <h2 class="kern-heading-medium" id="neueste">
            {de ? 'Neueste Verleihungen' : 'Newest awards'}
          </h2>
          {zahlen.neueste.length === 0 ? (
            <p class="kern-body">{de ? 'Noch keine Verleihungen.' : 'No awards yet.'}</p>
          ) : (
            <ul class="kern-list neueste-liste">
              {zahlen.neueste.map((p) => (
                <li>
                  <a class="kern-link" href={`/behoerden/${p.behoerde_ars}`}>
                    {p.anzeigename}
                  </a>{' '}
                  <span class="kern-body kern-body--small">
                    ({typLabel(p.typ, l)}, {de ? 'verliehen am' : 'awarded'} {formatDate(l, p.verliehen_am)}, {n(p.anzahl)} {de ? 'Online-Verfahren' : 'online procedures'})
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p class="kern-body">
            <a class="kern-link" href="/behoerden?status=digitales_amt&sort=verliehen">
              {de ? 'Alle Digitalen Ämter' : 'All Digitale Ämter'}
            </a>
            {' · '}
            <a class="kern-link" href="/feeds/praedikate.atom" type="application/atom+xml">
              {de ? 'Neue Prädikate als Feed (Atom)' : 'New labels as a feed (Atom)'}
            </a>
          </p>
          {zahlen.nahDranBeispiele.length > 0 && (
            <>
              <h3 class="kern-heading-small">{de ? 'Kurz vor dem Ziel' : 'Almost there'}</h3>
              <ul class="kern-list">
                {zahlen.nahDranBeispiele.map((b) => (
                  <li>
                    <a class="kern-link" href={`/behoerden/${b.ars}#chancen`}>
                      {b.anzeigename}
                    </a>{' '}
                    <span class="kern-body kern-body--small">
                      ({de ? `es fehlen ${b.fehlend}` : `${b.fehlend} missing`})
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        <section aria-labelledby="karte-start">
          <h2 class="kern-heading-medium" id="karte-start">
            {de ? 'Karte' : 'Map'}
          </h2>
          <a href="/karte" class="start-karte">
            <img
              src="/karte/bayern.svg"
              width="1000"
              height="1042"
              class="start-karte__bild"
              alt={
                de
                  ? `Karte Bayerns: ${n(zahlen.digitaleAemter)} Digitale Ämter farbig markiert. Zur Karte mit allen Gemeinden.`
                  : `Map of Bavaria: ${n(zahlen.digitaleAemter)} Digitale Ämter marked in colour. To the map of all municipalities.`
              }
            />
          </a>
          {/* Every colour of the picture, from the same list the map page uses. */}
          <Legende titel={de ? 'Farben der Karte' : 'Colours of the map'} eintraege={legende('status', l)} />
          <p class="kern-body kern-body--small">
            <a class="kern-link" href="/karte">
              {de ? 'Zur Karte mit Tabelle' : 'To the map with table'}
            </a>
          </p>
        </section>
      </div>

      <section aria-labelledby="so-gehts">
        <h2 class="kern-heading-medium" id="so-gehts">
          {de ? 'So funktioniert das Prädikat' : 'How the label works'}
        </h2>
        <ol class="kern-list kern-list--number">
          <li>
            {de
              ? 'Eine Kommune verlinkt ihre Online-Verfahren im BayernPortal – eigene und die zentralen Verfahren, die der Freistaat für alle bereitstellt.'
              : 'A municipality links its online procedures in the BayernPortal – its own and the central ones the Free State provides for everybody.'}
          </li>
          <li>
            {de
              ? `Sobald mindestens ${schwellen.default} verschiedene Online-Verfahren zählen (bei Bezirken ${schwellen.bezirk}), kann sie das Prädikat beantragen.`
              : `As soon as at least ${schwellen.default} different online procedures count (Bezirke: ${schwellen.bezirk}), it can apply for the label.`}
          </li>
          <li>
            {de
              ? 'Das Digitalministerium prüft den Antrag und verleiht das Prädikat: ein Schild für das Rathaus, ein Signet für die Website und die Veröffentlichung hier.'
              : 'The digital ministry checks the application and awards the label: a sign for the town hall, a signet for the website and publication here.'}
          </li>
        </ol>
        <h3 class="kern-heading-small">{de ? 'Was zählt' : 'What counts'}</h3>
        <ul class="kern-list">
          <li>
            {de
              ? 'Nur echte Online-Verfahren: Man kann den Antrag elektronisch absenden. Informationsseiten und Formulare zum Ausdrucken zählen nicht.'
              : 'Only real online procedures: the application can be sent electronically. Information pages and print-out forms do not count.'}
          </li>
          <li>{de ? 'Jedes Verfahren zählt einmal, auch wenn es mehrfach verlinkt ist.' : 'Each procedure counts once, even when linked twice.'}</li>
          <li>{de ? 'Das Verfahren muss in Betrieb und erreichbar sein.' : 'The procedure must be in operation and reachable.'}</li>
          <li>
            {de
              ? 'Eine Verwaltungsgemeinschaft ist eine Behörde für alle ihre Mitgliedsgemeinden: Ihr Prädikat gilt für jede von ihnen.'
              : 'An administrative association is one authority for all its member municipalities: its label applies to each.'}
          </li>
        </ul>
      </section>

      <section aria-labelledby="mehr">
        <h2 class="kern-heading-medium" id="mehr">
          {de ? 'Mehr erfahren' : 'Find out more'}
        </h2>
        <ul class="kern-list">
          <li>
            <a class="kern-link" href="/behoerden">{de ? 'Alle Behörden suchen und filtern' : 'Search and filter all authorities'}</a>{' '}
            <span class="kern-body kern-body--small">({mitAnzahl(l, total, NOMEN.behoerde)}: {counts.map((c) => `${typLabel(c.typ, l)} ${n(Number(c.n))}`).join(', ')})</span>
          </li>
          <li>
            <a class="kern-link" href="/karte">{de ? 'Karte mit allen Gemeinden' : 'Map of all municipalities'}</a>
          </li>
          <li>
            <a class="kern-link" href="/statistik">{de ? 'Statistik' : 'Statistics'}</a>
          </li>
          <li>
            <a class="kern-link" href="/opendata/">{de ? 'Offene Daten zum Herunterladen' : 'Open data downloads'}</a>
          </li>
          <li>
            <a class="kern-link" href="/leichte-sprache">{de ? 'Leichte Sprache' : 'Easy language'}</a>
          </li>
        </ul>
      </section>
    </Layout>
  );
}
