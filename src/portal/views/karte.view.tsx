/** The map pages: Bavaria or one Regierungsbezirk, with legend, layer choice and the table alternative. */

import type { ComponentChildren } from 'preact';
import { formatNumber, type Locale, zahlMitWort } from '../../shared/i18n';
import { DemoHinweis, Layout, type PageContext, SelectField, type SelectOption, TabellenBereich } from '../../shared/layout';
import type { KartenEbene, KartenFaerbung } from '../karte';
import { legende } from '../karte';
import type { PunktEbene } from '../portal.karte';
import type { BehoerdeUebersicht } from '../portal.kern';
import type { Abdeckung } from '../portal.statistik';
import { Legende } from './portal.parts';
import { typLabel } from '../../shared/behoerde-typen';
import { StandBadge } from '../../shared/stand';

export const EBENEN: { wert: KartenEbene; de: string; en: string }[] = [
  { wert: 'gemeinden', de: 'Gemeinden (nach ihrer Behörde)', en: 'Municipalities (by their authority)' },
  { wert: 'kreise', de: 'Landkreise und kreisfreie Städte', en: 'Districts and cities' },
  { wert: 'bezirke', de: 'Bezirke', en: 'Bezirke' },
];

export const FAERBUNGEN: { wert: KartenFaerbung; de: string; en: string }[] = [
  { wert: 'status', de: 'Stand beim Prädikat', en: 'Label status' },
  { wert: 'anzahl', de: 'Zahl der Online-Verfahren', en: 'Number of online procedures' },
];

export interface KartenSeite {
  ausschnitt: { key: string; name: string } | null;
  ebene: KartenEbene;
  faerbung: KartenFaerbung;
  svg: string;
  regierungsbezirke: Abdeckung[];
  /** Zoomed view: every Behörde of the Regierungsbezirk. */
  behoerden: BehoerdeUebersicht[];
  attribution: { text: string; href?: string } | undefined;
  /** The other imported Länder (empty with Bavaria alone): links to their point maps. */
  laender?: Abdeckung[];
}

const kartenHref = (key: string | null, ebene: KartenEbene, faerbung: KartenFaerbung) => {
  const p = new URLSearchParams();
  if (ebene !== 'gemeinden') p.set('ebene', ebene);
  if (faerbung !== 'status') p.set('farbe', faerbung);
  const qs = p.toString();
  return `/karte${key ? `/${key}` : ''}${qs ? `?${qs}` : ''}`;
};

/** The display form of both maps: which areas (or Behörden) and what the colour shows. */
function KartenForm({ locale: l, aktion, ebenenLabel, ebenen, ebene, faerbung }: { locale: Locale; aktion: string; ebenenLabel: string; ebenen: SelectOption[]; ebene: string; faerbung: KartenFaerbung }) {
  const de = l === 'de';
  return (
    <form method="get" action={aktion} class="filter-form karte-form" aria-label={de ? 'Kartendarstellung wählen' : 'Choose map display'}>
      <div class="filter-form__grid">
        <SelectField name="ebene" label={ebenenLabel} options={ebenen} value={ebene} />
        <SelectField name="farbe" label={de ? 'Farbe zeigt' : 'Colour shows'} options={FAERBUNGEN.map((f) => ({ value: f.wert, label: f[l] }))} value={faerbung} />
      </div>
      <div class="filter-form__actions">
        <button type="submit" class="kern-btn kern-btn--secondary">
          <span class="kern-label">{de ? 'Karte anzeigen' : 'Show map'}</span>
        </button>
      </div>
    </form>
  );
}

/** Skip link, the map (an SVG string escaped by its renderer), its source line and the legend. */
function KartenFigur({ locale: l, svg, legendeTitel, legende: eintraege, children }: { locale: Locale; svg: string; legendeTitel: string; legende: ReturnType<typeof legende>; children: ComponentChildren }) {
  const de = l === 'de';
  return (
    <>
      <p>
        <a class="kern-link skip-map" href="#karte-tabelle">
          {de ? 'Karte überspringen, zur Tabelle' : 'Skip the map, go to the table'}
        </a>
      </p>
      <div class="karte-layout">
        <figure class="karte">
          <div class="karte__bild" dangerouslySetInnerHTML={{ __html: svg }} />
          <figcaption class="kern-body kern-body--small karte__quelle">{children}</figcaption>
        </figure>
        <Legende titel={legendeTitel} eintraege={eintraege} />
      </div>
    </>
  );
}

/** The data source of a map: a link when it has an address. */
function Quelle({ attribution, ersatz }: { attribution?: { text: string; href?: string }; ersatz: string }) {
  return attribution?.href ? (
    <a class="kern-link kern-link--small" href={attribution.href}>
      {attribution.text}
    </a>
  ) : (
    <>{attribution?.text ?? ersatz}</>
  );
}

export function KartenPage({ ctx, seite }: { ctx: PageContext; seite: KartenSeite }) {
  const l: Locale = ctx.locale;
  const de = l === 'de';
  const { ausschnitt, ebene, faerbung } = seite;
  const title = ausschnitt ? (de ? `Karte: ${ausschnitt.name}` : `Map: ${ausschnitt.name}`) : de ? 'Karte der Digitalen Ämter in Bayern' : 'Map of the Digitale Ämter in Bavaria';
  const faerbungText = FAERBUNGEN.find((f) => f.wert === faerbung)?.[l] ?? '';
  return (
    <Layout ctx={ctx} title={title} crumbs={ausschnitt ? [{ href: kartenHref(null, ebene, faerbung), label: de ? 'Karte Bayern' : 'Map of Bavaria' }] : undefined}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        {de
          ? 'Jede Fläche führt zur Seite ihrer Behörde. Eine Verwaltungsgemeinschaft ist eine Behörde für alle ihre Mitgliedsgemeinden; ihr Prädikat gilt für jede von ihnen. Dieselben Angaben stehen unter der Karte als Tabelle.'
          : 'Every area links to its authority’s page. An administrative association is one authority for all its member municipalities; its label applies to each. The same information is in the table below the map.'}{' '}
        {ctx.demo && <DemoHinweis locale={l} />}
      </p>

      <nav aria-label={de ? 'Regierungsbezirk wählen' : 'Choose a region'} class="karte-zoom">
        <ul class="karte-zoom__liste">
          <li>
            <a class="kern-link" href={kartenHref(null, ebene, faerbung)} aria-current={ausschnitt === null ? 'page' : undefined}>
              {de ? 'Ganz Bayern' : 'All of Bavaria'}
            </a>
          </li>
          {seite.regierungsbezirke.map((r) => (
            <li>
              <a class="kern-link" href={kartenHref(r.ars, ebene, faerbung)} aria-current={ausschnitt?.key === r.ars ? 'page' : undefined}>
                {r.name}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      {seite.laender && seite.laender.length > 1 && <LaenderNav locale={l} laender={seite.laender} aktuell="09" faerbung={faerbung} />}

      <KartenForm
        locale={l}
        aktion={ausschnitt ? `/karte/${ausschnitt.key}` : '/karte'}
        ebenenLabel={de ? 'Flächen' : 'Areas'}
        ebenen={EBENEN.map((e) => ({ value: e.wert, label: e[l] }))}
        ebene={ebene}
        faerbung={faerbung}
      />

      {/* The SVG is built by karte.ts, which escapes every text it writes. */}
      <KartenFigur locale={l} svg={seite.svg} legendeTitel={faerbungText} legende={legende(faerbung, l)}>
        {de ? 'Grenzen: ' : 'Boundaries: '}
        <Quelle attribution={seite.attribution} ersatz="BKG VG5000" />
        {de ? ', vereinfacht.' : ', simplified.'}
      </KartenFigur>

      <h2 class="kern-heading-medium" id="karte-tabelle" tabIndex={-1}>
        {ausschnitt ? (de ? `Alle Behörden in ${ausschnitt.name}` : `All authorities in ${ausschnitt.name}`) : de ? 'Regierungsbezirke im Überblick' : 'Regions at a glance'}
      </h2>
      {ausschnitt ? <BehoerdenTabelle locale={l} behoerden={seite.behoerden} /> : (
        <AbdeckungTabelle
          locale={l}
          zeilen={seite.regierungsbezirke}
          caption={de ? 'Digitale Ämter je Regierungsbezirk' : 'Digitale Ämter per region'}
          spalte={de ? 'Regierungsbezirk' : 'Region'}
          href={(ars) => kartenHref(ars, ebene, faerbung)}
        />
      )}
    </Layout>
  );
}

/** Coverage per area (Regierungsbezirk or Land), each row linking to that area's map. */
function AbdeckungTabelle({ locale: l, zeilen, caption, spalte, href }: { locale: Locale; zeilen: Abdeckung[]; caption: string; spalte: string; href: (ars: string) => string }) {
  const de = l === 'de';
  return (
    <TabellenBereich label={caption}>
      <table class="kern-table kern-table--striped">
        <caption class="kern-sr-only">{caption}</caption>
        <thead class="kern-table__header">
          <tr>
            <th scope="col" class="kern-table__header">{spalte}</th>
            <th scope="col" class="kern-table__header kern-table__header--numeric">{de ? 'Behörden' : 'Authorities'}</th>
            <th scope="col" class="kern-table__header kern-table__header--numeric">{de ? 'Digitale Ämter' : 'Digitale Ämter'}</th>
            <th scope="col" class="kern-table__header kern-table__header--numeric">{de ? 'Anteil' : 'Share'}</th>
            <th scope="col" class="kern-table__header kern-table__header--numeric">{de ? 'Einwohner in Digitalen Ämtern' : 'Population covered'}</th>
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {zeilen.map((r) => (
            <tr>
              <th scope="row" class="kern-table__cell">
                <a class="kern-link" href={href(r.ars)}>
                  {r.name}
                </a>
              </th>
              <td class="kern-table__cell kern-table__cell--numeric">{formatNumber(l, r.behoerden)}</td>
              <td class="kern-table__cell kern-table__cell--numeric">{formatNumber(l, r.digitaleAemter)}</td>
              <td class="kern-table__cell kern-table__cell--numeric">{formatNumber(l, r.anteilBehoerden)} %</td>
              <td class="kern-table__cell kern-table__cell--numeric">{formatNumber(l, r.anteilEinwohner)} %</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TabellenBereich>
  );
}

export function BehoerdenTabelle({ locale: l, behoerden }: { locale: Locale; behoerden: BehoerdeUebersicht[] }) {
  const de = l === 'de';
  const titel = de ? 'Behörden mit Stand und Zahl der Online-Verfahren' : 'Authorities with status and number of online procedures';
  const spalten = { anzahl: de ? 'Online-Verfahren' : 'Online procedures', stand: de ? 'Stand' : 'Status', art: de ? 'Art' : 'Type', kreis: de ? 'Landkreis' : 'District' };
  // Name, count and Stand first; on a phone the rows stack (public/app.css `.stapel-tabelle`).
  return (
    <TabellenBereich label={titel}>
      <table class="kern-table kern-table--striped stapel-tabelle" role="table">
        <caption class="kern-sr-only">{titel}</caption>
        <thead class="kern-table__header" role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader" class="kern-table__header">{de ? 'Behörde' : 'Authority'}</th>
            <th scope="col" role="columnheader" class="kern-table__header kern-table__header--numeric">{spalten.anzahl}</th>
            <th scope="col" role="columnheader" class="kern-table__header">{spalten.stand}</th>
            <th scope="col" role="columnheader" class="kern-table__header">{spalten.art}</th>
            <th scope="col" role="columnheader" class="kern-table__header">{spalten.kreis}</th>
          </tr>
        </thead>
        <tbody class="kern-table__body" role="rowgroup">
          {behoerden.map((b) => (
            <tr role="row">
              <th scope="row" role="rowheader" class="kern-table__cell">
                <a class="kern-link" href={`/behoerden/${b.ars}`}>
                  {b.anzeigename}
                </a>
              </th>
              <td role="cell" class="kern-table__cell kern-table__cell--numeric" data-label={spalten.anzahl}>
                {formatNumber(l, b.anzahl)} / {b.schwelle}
              </td>
              <td role="cell" class="kern-table__cell" data-label={spalten.stand}>
                <StandBadge stand={b.stand} locale={l} />
              </td>
              <td role="cell" class="kern-table__cell" data-label={spalten.art}>
                {typLabel(b.typ, l)}
              </td>
              <td role="cell" class="kern-table__cell" data-label={spalten.kreis}>
                {b.kreis?.anzeigename ?? '–'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TabellenBereich>
  );
}

/* ------------------------------------------------------------------ point map (Länder without boundaries, Germany) */

const PUNKT_EBENEN: { wert: PunktEbene; de: string; en: string }[] = [
  { wert: 'gemeinden', de: 'Gemeinden und Gemeindeverbände', en: 'Municipalities and their associations' },
  { wert: 'kreise', de: 'Landkreise und kreisfreie Städte', en: 'Districts and cities' },
];

export interface PunktKartenSeite {
  /** null: all imported Länder. */
  land: { key: string; name: string } | null;
  ebene: PunktEbene;
  faerbung: KartenFaerbung;
  svg: string;
  /** Behörden without coordinates (only in the table). */
  ohneLage: number;
  laender: Abdeckung[];
  /** The Land's Behörden on this level (table alternative); empty for all of Germany. */
  behoerden: BehoerdeUebersicht[];
  attribution: { text: string; href?: string } | undefined;
}

const landHref = (key: string | null, ebene: string, faerbung: KartenFaerbung) => {
  const p = new URLSearchParams();
  if (ebene !== 'gemeinden') p.set('ebene', ebene);
  if (faerbung !== 'status') p.set('farbe', faerbung);
  const qs = p.toString();
  const pfad = key === null ? '/karte/deutschland' : key === '09' ? '/karte' : `/karte/land/${key}`;
  return `${pfad}${qs ? `?${qs}` : ''}`;
};

/** Links to the map of every imported Land and of all of them. */
function LaenderNav({ locale: l, laender, aktuell, faerbung }: { locale: Locale; laender: Abdeckung[]; aktuell: string | null; faerbung: KartenFaerbung }) {
  const de = l === 'de';
  return (
    <nav aria-label={de ? 'Land wählen' : 'Choose a state'} class="karte-zoom">
      <ul class="karte-zoom__liste">
        <li>
          <a class="kern-link" href={landHref(null, 'gemeinden', faerbung)} aria-current={aktuell === null ? 'page' : undefined}>
            {de ? 'Ganz Deutschland' : 'All of Germany'}
          </a>
        </li>
        {laender.map((x) => (
          <li>
            <a class="kern-link" href={landHref(x.ars, 'gemeinden', faerbung)} aria-current={aktuell === x.ars ? 'page' : undefined}>
              {x.name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function PunktKartenPage({ ctx, seite }: { ctx: PageContext; seite: PunktKartenSeite }) {
  const l: Locale = ctx.locale;
  const de = l === 'de';
  const { land, ebene, faerbung } = seite;
  const name = land ? land.name : de ? 'Deutschland' : 'Germany';
  const title = de ? `Karte der Digitalen Ämter: ${name}` : `Map of the Digitale Ämter: ${name}`;
  const aktion = land ? `/karte/land/${land.key}` : '/karte/deutschland';
  const faerbungText = FAERBUNGEN.find((f) => f.wert === faerbung)?.[l] ?? '';
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        {de
          ? 'Jeder Punkt ist eine Behörde an ihrem Sitz und führt zu ihrer Seite. Ein Amt, eine Samtgemeinde, Verbandsgemeinde oder Verwaltungsgemeinschaft ist eine Behörde für alle ihre Mitgliedsgemeinden. Für dieses Gebiet sind keine Gebietsgrenzen eingelesen; nur Bayern wird mit Flächen gezeigt. Dieselben Angaben stehen unter der Karte als Tabelle.'
          : 'Every dot is an authority at its seat and links to its page. An Amt, Samtgemeinde, Verbandsgemeinde or administrative association is one authority for all its member municipalities. No boundaries are imported for this area; only Bavaria is shown with areas. The same information is in the table below the map.'}{' '}
        {ctx.demo && <DemoHinweis locale={l} />}
      </p>

      <LaenderNav locale={l} laender={seite.laender} aktuell={land?.key ?? null} faerbung={faerbung} />

      <KartenForm
        locale={l}
        aktion={aktion}
        ebenenLabel={de ? 'Behörden' : 'Authorities'}
        ebenen={PUNKT_EBENEN.map((e) => ({ value: e.wert, label: e[l] }))}
        ebene={ebene}
        faerbung={faerbung}
      />

      {/* The SVG is built by karte-punkte.ts, which escapes every text it writes. */}
      <KartenFigur locale={l} svg={seite.svg} legendeTitel={faerbungText} legende={legende(faerbung, l).filter((e) => e.klasse !== 'ohne')}>
        {de ? 'Lage: Gemeindemittelpunkte aus dem Gemeindeverzeichnis, ' : 'Location: municipality centres from the Gemeindeverzeichnis, '}
        <Quelle attribution={seite.attribution} ersatz="Statistisches Bundesamt (Destatis)" />
        {seite.ohneLage > 0 && (de
            ? `. ${zahlMitWort(l, seite.ohneLage, 'Behörde ohne Lageangabe steht', 'Behörden ohne Lageangabe stehen')} nur in der Tabelle.`
            : `. ${zahlMitWort(l, seite.ohneLage, 'authority without a location is', 'authorities without a location are')} only in the table.`)}
      </KartenFigur>

      <h2 class="kern-heading-medium" id="karte-tabelle" tabIndex={-1}>
        {land ? (de ? `Alle Behörden: ${land.name}` : `All authorities: ${land.name}`) : de ? 'Länder im Überblick' : 'States at a glance'}
      </h2>
      {land ? <BehoerdenTabelle locale={l} behoerden={seite.behoerden} /> : (
        <AbdeckungTabelle
          locale={l}
          zeilen={seite.laender}
          caption={de ? 'Digitale Ämter je Land' : 'Digitale Ämter per state'}
          spalte={de ? 'Land' : 'State'}
          href={(ars) => landHref(ars, 'gemeinden', faerbung)}
        />
      )}
    </Layout>
  );
}