/** Statistics: every chart with its data table and a CSV download. */
import { formatNumber, type Locale, mitAnzahl, NOMEN } from '../../shared/i18n';
import { DemoHinweis, Layout, type PageContext, TabellenBereich } from '../../shared/layout';
import { Balkendiagramm, Liniendiagramm, Saeulendiagramm } from '../../shared/charts';
import type { PortalService } from '../portal.service';
import type { Abdeckung } from '../portal.statistik';
import { STAND_LABELS } from '../../shared/stand';
import { Download } from './portal.parts';

type Statistik = Awaited<ReturnType<PortalService['statistik']>>;

function Tabelle({ caption, kopf, zeilen, numerisch }: { caption: string; kopf: string[]; zeilen: (string | number)[][]; numerisch: boolean[] }) {
  return (
    <TabellenBereich label={caption}>
      <table class="kern-table kern-table--striped">
        <caption class="kern-sr-only">{caption}</caption>
        <thead class="kern-table__header">
          <tr>
            {kopf.map((k, i) => (
              <th scope="col" class={`kern-table__header${numerisch[i] ? ' kern-table__header--numeric' : ''}`}>
                {k}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {zeilen.map((z) => (
            <tr>
              {z.map((c, i) =>
                i === 0 ? (
                  <th scope="row" class="kern-table__cell">
                    {c}
                  </th>
                ) : (
                  <td class={`kern-table__cell${numerisch[i] ? ' kern-table__cell--numeric' : ''}`}>{c}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TabellenBereich>
  );
}

function AufklappTabelle({ locale, children, anzahl }: { locale: Locale; children: preact.ComponentChildren; anzahl: number }) {
  return (
    <details class="daten-details">
      <summary class="kern-body">{locale === 'de' ? `Daten als Tabelle (${mitAnzahl(locale, anzahl, NOMEN.zeile)})` : `Data as a table (${mitAnzahl(locale, anzahl, NOMEN.zeile)})`}</summary>
      {children}
    </details>
  );
}

export function StatistikPage({ ctx, s }: { ctx: PageContext; s: Statistik }) {
  const l = ctx.locale;
  const de = l === 'de';
  const n = (x: number) => formatNumber(l, x);
  const pct = (x: number) => `${formatNumber(l, x)} %`;
  const title = de ? 'Statistik' : 'Statistics';
  const monatFmt = new Intl.DateTimeFormat(de ? 'de-DE' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const monat = (m: string) => monatFmt.format(new Date(`${m}-01T00:00:00Z`));
  const letzter = s.monate[s.monate.length - 1];
  const abdeckungKopf = de
    ? ['Gebiet', 'Behörden', 'Digitale Ämter', 'Anteil Behörden', 'Einwohner', 'Einwohner in Digitalen Ämtern', 'Anteil Einwohner']
    : ['Area', 'Authorities', 'Digitale Ämter', 'Share of authorities', 'Population', 'Population covered', 'Share of population'];
  const abdeckungZeilen = (rows: Abdeckung[]) => rows.map((r) => [r.anzeigename, n(r.behoerden), n(r.digitaleAemter), pct(r.anteilBehoerden), n(r.einwohner), n(r.einwohnerDigitalesAmt), pct(r.anteilEinwohner)]);
  const abdeckungNum = [false, true, true, true, true, true, true];
  const mehrereLaender = s.abdeckung.laender.length > 1;
  const gesamtName = mehrereLaender ? (de ? 'Deutschland insgesamt' : 'Germany in total') : de ? 'Bayern insgesamt' : 'Bavaria in total';
  const verteilungLabel = (v: Statistik['verteilung'][number]) => (v.bis === null ? `${v.von}+` : `${v.von}–${v.bis}`);
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        {de
          ? `${mitAnzahl(l, s.behoerden, NOMEN.behoerde)}, davon ${n(s.staende.find((x) => x.stand === 'digitales_amt')?.behoerden ?? 0)} mit dem Prädikat „Digitales Amt“; ${mitAnzahl(l, s.verleihungen, NOMEN.verleihung)} insgesamt. Jede Grafik steht auch als Tabelle und als CSV-Datei zur Verfügung.`
          : `${mitAnzahl(l, s.behoerden, NOMEN.behoerde)}, ${n(s.staende.find((x) => x.stand === 'digitales_amt')?.behoerden ?? 0)} of them holding the “Digitales Amt” label; ${mitAnzahl(l, s.verleihungen, NOMEN.verleihung)} in total. Every chart is also available as a table and as a CSV file.`}{' '}
        {ctx.demo && <DemoHinweis locale={l} />}
      </p>
      <nav aria-label={de ? 'Inhalt dieser Seite' : 'On this page'}>
        <ul class="kern-list">
          <li><a class="kern-link" href="#verleihungen">{de ? 'Verleihungen im Zeitverlauf' : 'Awards over time'}</a></li>
          <li><a class="kern-link" href="#stand">{de ? 'Stand aller Behörden' : 'Status of all authorities'}</a></li>
          {mehrereLaender && <li><a class="kern-link" href="#laender">{de ? 'Abdeckung je Land' : 'Coverage per state'}</a></li>}
          <li><a class="kern-link" href="#regierungsbezirke">{de ? 'Abdeckung je Regierungsbezirk' : 'Coverage per region'}</a></li>
          <li><a class="kern-link" href="#landkreise">{de ? 'Abdeckung je Landkreis' : 'Coverage per district'}</a></li>
          <li><a class="kern-link" href="#verteilung">{de ? 'Verteilung der Zahl der Online-Verfahren' : 'Distribution of counts'}</a></li>
          <li><a class="kern-link" href="#verfahren">{de ? 'Meistverlinkte Online-Verfahren' : 'Most linked online procedures'}</a></li>
          <li><a class="kern-link" href="#themenfelder">{de ? 'Abdeckung der OZG-Themenfelder' : 'Coverage of the OZG topic areas'}</a></li>
        </ul>
      </nav>

      <section aria-labelledby="verleihungen" class="statistik-abschnitt">
        <h2 class="kern-heading-medium" id="verleihungen">{de ? 'Verleihungen im Zeitverlauf' : 'Awards over time'}</h2>
        <Liniendiagramm
          id="d-verleihungen"
          locale={l}
          titel={de ? 'Verleihungen des Prädikats insgesamt, je Monat' : 'Total awards of the label, per month'}
          beschreibung={
            letzter
              ? de
                ? `Von ${monat(s.monate[0].monat)} bis ${monat(letzter.monat)} stieg die Zahl der Verleihungen auf ${n(letzter.insgesamt)}.`
                : `From ${monat(s.monate[0].monat)} to ${monat(letzter.monat)} the number of awards rose to ${n(letzter.insgesamt)}.`
              : de
                ? 'Noch keine Verleihungen.'
                : 'No awards yet.'
          }
          punkte={s.monate.map((m) => ({ tag: `${m.monat}-01`, wert: m.insgesamt }))}
        />
        <AufklappTabelle locale={l} anzahl={s.monate.length}>
          <Tabelle
            caption={de ? 'Verleihungen je Monat' : 'Awards per month'}
            kopf={de ? ['Monat', 'Neu', 'Insgesamt'] : ['Month', 'New', 'Total']}
            numerisch={[false, true, true]}
            zeilen={s.monate.map((m) => [monat(m.monat), n(m.neu), n(m.insgesamt)])}
          />
        </AufklappTabelle>
        <p><Download href="/statistik/verleihungen.csv" label={de ? 'Verleihungen je Monat herunterladen' : 'Download awards per month'} format="CSV" /></p>
      </section>

      <section aria-labelledby="stand" class="statistik-abschnitt">
        <h2 class="kern-heading-medium" id="stand">{de ? 'Stand aller Behörden' : 'Status of all authorities'}</h2>
        <Balkendiagramm
          id="d-stand"
          locale={l}
          titel={de ? 'Behörden nach Stand beim Prädikat' : 'Authorities by label status'}
          beschreibung={s.staende.map((x) => `${STAND_LABELS[x.stand][l]}: ${n(x.behoerden)}`).join('; ')}
          balken={s.staende.map((x) => ({ label: STAND_LABELS[x.stand][l], wert: x.behoerden }))}
        />
        <Tabelle
          caption={de ? 'Behörden nach Stand' : 'Authorities by status'}
          kopf={de ? ['Stand', 'Behörden'] : ['Status', 'Authorities']}
          numerisch={[false, true]}
          zeilen={s.staende.map((x) => [STAND_LABELS[x.stand][l], n(x.behoerden)])}
        />
      </section>

      {mehrereLaender && (
        <section aria-labelledby="laender" class="statistik-abschnitt">
          <h2 class="kern-heading-medium" id="laender">{de ? 'Abdeckung je Land' : 'Coverage per state'}</h2>
          <Balkendiagramm
            id="d-laender"
            locale={l}
            maximum={100}
            titel={de ? 'Anteil der Einwohner in Digitalen Ämtern je Land' : 'Share of the population covered per state'}
            beschreibung={s.abdeckung.laender.map((r) => `${r.name}: ${pct(r.anteilEinwohner)}`).join('; ')}
            balken={s.abdeckung.laender.map((r) => ({ label: r.name, wert: r.anteilEinwohner, anzeige: pct(r.anteilEinwohner) }))}
          />
          <Tabelle caption={de ? 'Abdeckung je Land' : 'Coverage per state'} kopf={abdeckungKopf} numerisch={abdeckungNum} zeilen={[...abdeckungZeilen(s.abdeckung.laender), ...abdeckungZeilen([{ ...s.abdeckung.bayern, name: gesamtName, anzeigename: gesamtName }])]} />
          <p><Download href="/statistik/laender.csv" label={de ? 'Abdeckung je Land herunterladen' : 'Download coverage per state'} format="CSV" /></p>
        </section>
      )}

      <section aria-labelledby="regierungsbezirke" class="statistik-abschnitt">
        <h2 class="kern-heading-medium" id="regierungsbezirke">{de ? 'Abdeckung je Regierungsbezirk' : 'Coverage per region'}</h2>
        <p class="kern-body">
          {de
            ? 'Anteil der Behörden mit Prädikat und Anteil der Einwohner, deren Gemeinde (oder Verwaltungsgemeinschaft) ein Digitales Amt ist.'
            : 'Share of authorities holding the label, and share of the population whose municipality (or administrative association) is a Digitales Amt.'}
        </p>
        <Balkendiagramm
          id="d-regbez"
          locale={l}
          maximum={100}
          titel={de ? 'Anteil der Einwohner in Digitalen Ämtern je Regierungsbezirk' : 'Share of the population covered per region'}
          beschreibung={s.abdeckung.regierungsbezirke.map((r) => `${r.name}: ${pct(r.anteilEinwohner)}`).join('; ')}
          balken={s.abdeckung.regierungsbezirke.map((r) => ({ label: r.name, wert: r.anteilEinwohner, anzeige: pct(r.anteilEinwohner) }))}
        />
        <Tabelle caption={de ? 'Abdeckung je Regierungsbezirk' : 'Coverage per region'} kopf={abdeckungKopf} numerisch={abdeckungNum} zeilen={[...abdeckungZeilen(s.abdeckung.regierungsbezirke), ...(mehrereLaender ? [] : abdeckungZeilen([{ ...s.abdeckung.bayern, name: gesamtName, anzeigename: gesamtName }]))]} />
        <p><Download href="/statistik/regierungsbezirke.csv" label={de ? 'Abdeckung je Regierungsbezirk herunterladen' : 'Download coverage per region'} format="CSV" /></p>
      </section>

      <section aria-labelledby="landkreise" class="statistik-abschnitt">
        <h2 class="kern-heading-medium" id="landkreise">{de ? 'Abdeckung je Landkreis und kreisfreier Stadt' : 'Coverage per district and city'}</h2>
        <AufklappTabelle locale={l} anzahl={s.abdeckung.kreise.length}>
          <Tabelle caption={de ? 'Abdeckung je Landkreis' : 'Coverage per district'} kopf={abdeckungKopf} numerisch={abdeckungNum} zeilen={abdeckungZeilen(s.abdeckung.kreise)} />
        </AufklappTabelle>
        <p><Download href="/statistik/landkreise.csv" label={de ? 'Abdeckung je Landkreis herunterladen' : 'Download coverage per district'} format="CSV" /></p>
      </section>

      <section aria-labelledby="verteilung" class="statistik-abschnitt">
        <h2 class="kern-heading-medium" id="verteilung">{de ? 'Verteilung der Zahl der Online-Verfahren' : 'Distribution of the number of online procedures'}</h2>
        <Saeulendiagramm
          id="d-verteilung"
          locale={l}
          titel={de ? 'Behörden nach Zahl ihrer zählenden Online-Verfahren' : 'Authorities by number of counting online procedures'}
          beschreibung={s.verteilung.map((v) => `${verteilungLabel(v)}: ${n(v.behoerden)}`).join('; ')}
          balken={s.verteilung.map((v) => ({ label: verteilungLabel(v), wert: v.behoerden }))}
          markeVor={s.verteilung.findIndex((v) => v.von === 50)}
          markeText={de ? 'Schwelle 50' : 'Threshold 50'}
        />
        <Tabelle
          caption={de ? 'Verteilung' : 'Distribution'}
          kopf={de ? ['Online-Verfahren', 'Behörden'] : ['Online procedures', 'Authorities']}
          numerisch={[false, true]}
          zeilen={s.verteilung.map((v) => [verteilungLabel(v), n(v.behoerden)])}
        />
        <p><Download href="/statistik/verteilung.csv" label={de ? 'Verteilung herunterladen' : 'Download distribution'} format="CSV" /></p>
      </section>

      <section aria-labelledby="verfahren" class="statistik-abschnitt">
        <h2 class="kern-heading-medium" id="verfahren">{de ? 'Meistverlinkte Online-Verfahren' : 'Most linked online procedures'}</h2>
        <Balkendiagramm
          id="d-verfahren"
          locale={l}
          titel={de ? 'Die 20 Online-Verfahren, die die meisten Behörden verlinken' : 'The 20 online procedures linked by the most authorities'}
          beschreibung={s.meistVerlinkt.slice(0, 5).map((v) => `${v.name}: ${n(v.behoerden)}`).join('; ')}
          balken={s.meistVerlinkt.map((v) => ({ label: v.name, wert: v.behoerden }))}
        />
        <AufklappTabelle locale={l} anzahl={s.meistVerlinkt.length}>
          <Tabelle
            caption={de ? 'Meistverlinkte Online-Verfahren' : 'Most linked online procedures'}
            kopf={de ? ['Online-Verfahren', 'Bereitstellung', 'Behörden'] : ['Online procedure', 'Provision', 'Authorities']}
            numerisch={[false, false, true]}
            zeilen={s.meistVerlinkt.map((v) => [v.name, v.bereitstellung === 'zentral' ? (de ? 'zentral' : 'central') : de ? 'kommunal' : 'municipal', n(v.behoerden)])}
          />
        </AufklappTabelle>
        <p><Download href="/statistik/verfahren.csv" label={de ? 'Meistverlinkte Verfahren herunterladen' : 'Download most linked procedures'} format="CSV" /></p>
      </section>

      <section aria-labelledby="themenfelder" class="statistik-abschnitt">
        <h2 class="kern-heading-medium" id="themenfelder">{de ? 'Abdeckung der OZG-Themenfelder' : 'Coverage of the OZG topic areas'}</h2>
        <Balkendiagramm
          id="d-themenfelder"
          locale={l}
          maximum={100}
          titel={de ? 'Anteil der Behörden mit mindestens einem zählenden Verfahren je Themenfeld' : 'Share of authorities with at least one counting procedure per topic area'}
          beschreibung={s.themenfelder.map((t) => `${t.name}: ${pct(t.anteilBehoerden)}`).join('; ')}
          balken={s.themenfelder.map((t) => ({ label: t.name, wert: t.anteilBehoerden, anzeige: pct(t.anteilBehoerden) }))}
        />
        <Tabelle
          caption={de ? 'Abdeckung der Themenfelder' : 'Coverage of topic areas'}
          kopf={de ? ['Themenfeld', 'Behörden', 'Anteil', 'Verlinkungen'] : ['Topic area', 'Authorities', 'Share', 'Links']}
          numerisch={[false, true, true, true]}
          zeilen={s.themenfelder.map((t) => [t.name, n(t.behoerden), pct(t.anteilBehoerden), n(t.verlinkungen)])}
        />
        <p><Download href="/statistik/themenfelder.csv" label={de ? 'Themenfelder herunterladen' : 'Download topic areas'} format="CSV" /></p>
      </section>
      <p class="kern-body">
        <a class="kern-link" href="/opendata/">{de ? 'Alle Daten als offene Daten' : 'All data as open data'}</a>
      </p>
    </Layout>
  );
}
