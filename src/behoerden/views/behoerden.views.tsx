import { formatDate, formatNumber, type Locale, mitAnzahl, NOMEN } from '../../shared/i18n';
import { normalizeQuery, searchKey } from '../../shared/text';
import { Aufzaehlung, DemoHinweis, Layout, type PageContext, Pagination, SelectField, TabellenBereich } from '../../shared/layout';
import { STAENDE, STAND_LABELS, StandBadge, standVon } from '../../shared/stand';
import type { BehoerdenService } from '../behoerden.service';
import type { BehoerdenQuery } from '../behoerden.schemas';
import { BEHOERDE_TYPEN, typLabel } from '../../shared/behoerde-typen';
import { PraedikatBadge } from './behoerden.parts';

type ListResult = Awaited<ReturnType<BehoerdenService['list']>>;
type FilterOptions = Awaited<ReturnType<BehoerdenService['filterOptions']>>;

/** Without an award: "noch nicht", or how close the Behörde is. */
function OhnePraedikat({ anzahl, schwelle, locale }: { anzahl: number; schwelle: number; locale: Locale }) {
  const stand = standVon({ anzahl, schwelle, praedikatStatus: null });
  if (stand === 'unter_schwelle') return <span class="kern-body kern-body--small">{locale === 'de' ? 'noch nicht' : 'not yet'}</span>;
  return <StandBadge stand={stand} locale={locale} />;
}

function queryString(q: BehoerdenQuery, overrides: Partial<Record<string, string | number>>): string {
  const params = new URLSearchParams();
  if (q.q) params.set('q', q.q);
  for (const t of q.typ ?? []) params.append('typ', t);
  if (q.land) params.set('land', q.land);
  if (q.regierungsbezirk) params.set('regierungsbezirk', q.regierungsbezirk);
  if (q.landkreis) params.set('landkreis', q.landkreis);
  for (const st of q.status ?? []) params.append('status', st);
  if (q.jahr) params.set('jahr', String(q.jahr));
  if (q.sort !== 'name' && !('sort' in overrides)) params.set('sort', q.sort);
  if (q.pageSize !== 50 && !('pageSize' in overrides)) params.set('pageSize', String(q.pageSize));
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function BehoerdenListPage({
  ctx,
  query,
  result,
  filterOptions,
  jahre = [],
  laender = [],
  typen = [],
}: {
  ctx: PageContext;
  query: BehoerdenQuery;
  result: ListResult;
  filterOptions: FilterOptions;
  jahre?: number[];
  /** Länder with Behörden: the Land filter appears only when there is more than one. */
  laender?: { key: string; name: string }[];
  /** Types that occur (Ämter, Samtgemeinden … only where those Länder are imported). */
  typen?: string[];
}) {
  const l = ctx.locale;
  const de = l === 'de';
  const nurDigitaleAemter = query.status?.length === 1 && query.status[0] === 'digitales_amt';
  const mehrereLaender = laender.length > 1;
  const gewaehltesLand = laender.find((x) => x.key === query.land);
  const gebiet = gewaehltesLand ? gewaehltesLand.name : mehrereLaender ? (de ? 'Deutschland' : 'Germany') : de ? 'Bayern' : 'Bavaria';
  const title = nurDigitaleAemter ? `Digitale Ämter in ${gebiet}` : de ? `Behörden in ${gebiet}` : `Authorities in ${gebiet}`;
  const typOptionen = BEHOERDE_TYPEN.filter((t) => typen.length === 0 || typen.includes(t) || query.typ?.includes(t));
  // Exports take the same filters, never the paging: the whole selection.
  const exportQs = queryString(query, { sort: undefined, pageSize: undefined });
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const from = result.total === 0 ? 0 : (result.page - 1) * result.pageSize + 1;
  const to = Math.min(result.total, result.page * result.pageSize);
  const regbez = filterOptions.filter((g) => g.ebene === 'regierungsbezirk');
  const kreise = filterOptions.filter((g) => g.ebene === 'kreis');
  const spalten = {
    anzahl: de ? 'Online-Verfahren' : 'Online procedures',
    praedikat: de ? 'Prädikat' : 'Label',
    art: de ? 'Art' : 'Type',
    gebiet: de ? 'Landkreis / Regierungsbezirk' : 'District / region',
  };
  // Members that match the search are emphasised: "Amberg" in VG Türkheim is found through it.
  const suchbegriff = query.q && !/^\d+$/.test(query.q.trim()) ? normalizeQuery(query.q) : '';
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        {de
          ? 'Alle Gemeinden, Verwaltungsgemeinschaften, Landkreise und Bezirke, die Online-Verfahren im BayernPortal verlinken, mit der Zahl ihrer zählenden Online-Verfahren.'
          : 'All municipalities, administrative associations, districts and Bezirke that link online procedures in the BayernPortal, with their number of counting online procedures.'}{' '}
        {ctx.demo && <DemoHinweis locale={l} />}
      </p>
      <form method="get" action="/behoerden" class="filter-form" role="search" aria-label={de ? 'Behörden suchen und filtern' : 'Search and filter authorities'}>
        <div class="filter-form__grid">
          <div class="kern-form-input">
            <label class="kern-label" for="q">
              {de ? 'Name, PLZ oder Schlüssel' : 'Name, postcode or key'}
            </label>
            <input class="kern-form-input__input" id="q" name="q" type="search" value={query.q ?? ''} />
          </div>
          {mehrereLaender && (
            <SelectField name="land" label={de ? 'Land' : 'State'} leer={de ? 'Alle Länder' : 'All states'} value={query.land} options={laender.map((x) => ({ value: x.key, label: x.name }))} />
          )}
          <SelectField name="typ" label={de ? 'Art' : 'Type'} leer={de ? 'Alle Arten' : 'All types'} value={query.typ?.length === 1 ? query.typ[0] : undefined} options={typOptionen.map((t) => ({ value: t, label: typLabel(t, l) }))} />
          <SelectField
            name="regierungsbezirk"
            label={de ? 'Regierungsbezirk' : 'Administrative region'}
            leer={de ? 'Alle Regierungsbezirke' : 'All regions'}
            value={query.regierungsbezirk}
            options={regbez.map((r) => ({ value: r.ars, label: r.name }))}
          />
          <SelectField
            name="landkreis"
            label={de ? 'Landkreis / kreisfreie Stadt' : 'District / city'}
            leer={de ? 'Alle' : 'All'}
            value={query.landkreis}
            options={kreise.map((k) => ({ value: k.ars, label: k.anzeigename }))}
          />
          <SelectField
            name="status"
            label={de ? 'Stand beim Prädikat' : 'Label status'}
            leer={de ? 'Alle' : 'All'}
            value={query.status?.length === 1 ? query.status[0] : undefined}
            options={STAENDE.map((st) => ({ value: st, label: STAND_LABELS[st][l] }))}
          />
          <SelectField name="jahr" label={de ? 'Jahr der Verleihung' : 'Year of award'} leer={de ? 'Alle Jahre' : 'All years'} value={query.jahr === undefined ? undefined : String(query.jahr)} options={jahre.map((j) => ({ value: String(j), label: String(j) }))} />
          <SelectField
            name="sort"
            label={de ? 'Sortierung' : 'Sort by'}
            value={query.sort}
            options={[
              { value: 'name', label: 'Name' },
              { value: 'anzahl', label: de ? 'Online-Verfahren (meiste zuerst)' : 'Online procedures (most first)' },
              { value: 'bevoelkerung', label: de ? 'Einwohnerzahl' : 'Population' },
              { value: 'verliehen', label: de ? 'Verleihung (neueste zuerst)' : 'Award (newest first)' },
            ]}
          />
        </div>
        <div class="filter-form__actions">
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-label">{de ? 'Suchen' : 'Search'}</span>
          </button>
          <a class="kern-link" href="/behoerden">
            {de ? 'Filter zurücksetzen' : 'Reset filters'}
          </a>
        </div>
      </form>

      <p class="kern-body" role="status">
        {result.total === 0
          ? de
            ? 'Keine Behörde gefunden. Prüfen Sie die Schreibweise oder entfernen Sie Filter.'
            : 'No authority found. Check the spelling or remove filters.'
          : result.total <= result.pageSize
            ? mitAnzahl(l, result.total, NOMEN.behoerde)
            : de
              ? `${mitAnzahl(l, result.total, NOMEN.behoerde)}, angezeigt ${formatNumber(l, from)}–${formatNumber(l, to)}`
              : `${mitAnzahl(l, result.total, NOMEN.behoerde)}, showing ${formatNumber(l, from)}–${formatNumber(l, to)}`}
      </p>

      {result.items.length > 0 && (
        <TabellenBereich label={title} class="behoerden-tabelle">
          {/*
            The columns a phone user needs first: name, count, label; type and area after them. On a
            phone every row stacks (public/app.css `.stapel-tabelle`), each value with its column
            name; the ARIA roles keep it a table for screen readers whatever the CSS display is.
          */}
          <table class="kern-table kern-table--striped stapel-tabelle" role="table">
            <caption class="kern-sr-only">{title}</caption>
            <thead class="kern-table__header" role="rowgroup">
              <tr role="row">
                <th scope="col" role="columnheader" class="kern-table__header">{de ? 'Behörde' : 'Authority'}</th>
                <th scope="col" role="columnheader" class="kern-table__header kern-table__header--numeric">{spalten.anzahl}</th>
                <th scope="col" role="columnheader" class="kern-table__header">{spalten.praedikat}</th>
                <th scope="col" role="columnheader" class="kern-table__header">{spalten.art}</th>
                <th scope="col" role="columnheader" class="kern-table__header">{spalten.gebiet}</th>
              </tr>
            </thead>
            <tbody class="kern-table__body" role="rowgroup">
              {result.items.map((b) => (
                <tr role="row">
                  <th scope="row" role="rowheader" class="kern-table__cell">
                    <a class="kern-link" href={`/behoerden/${b.ars}`}>
                      {b.anzeigename}
                    </a>
                    {b.mitgliedsgemeinden.length > 0 && (
                      <span class="kern-body kern-body--small list-members">
                        {de ? 'Mitglieder: ' : 'Members: '}
                        <Aufzaehlung
                          locale={l}
                          teile={b.mitgliedsgemeinden.map((m) =>
                            suchbegriff && ` ${searchKey(m.name)} `.includes(` ${suchbegriff}`) ? <strong>{m.anzeigename}</strong> : m.anzeigename,
                          )}
                        />
                      </span>
                    )}
                  </th>
                  <td role="cell" class="kern-table__cell kern-table__cell--numeric" data-label={spalten.anzahl}>
                    {formatNumber(l, b.onlineVerfahren)} / {b.schwelle}
                  </td>
                  <td role="cell" class="kern-table__cell" data-label={spalten.praedikat}>
                    {b.praedikat ? (
                      <>
                        <PraedikatBadge status={b.praedikat.status} locale={l} /> <span class="kern-body kern-body--small">{formatDate(l, b.praedikat.verliehenAm)}</span>
                      </>
                    ) : (
                      <OhnePraedikat anzahl={b.onlineVerfahren} schwelle={b.schwelle} locale={l} />
                    )}
                  </td>
                  <td role="cell" class="kern-table__cell" data-label={spalten.art}>
                    {typLabel(b.typ, l)}
                  </td>
                  <td role="cell" class="kern-table__cell" data-label={spalten.gebiet}>
                    {b.landkreis && b.typ !== 'landkreis' && b.typ !== 'kreisfreie_stadt' ? (
                      <>
                        {b.landkreis.anzeigename}
                        <br />
                      </>
                    ) : (
                      ''
                    )}
                    {b.regierungsbezirk.name}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TabellenBereich>
      )}

      <Pagination locale={l} page={result.page} pages={pages} href={(p) => `/behoerden${queryString(query, { page: p })}`} />
      <p class="kern-body kern-body--small list-downloads">
        {de ? 'Diese Auswahl herunterladen: ' : 'Download this selection: '}
        <a class="kern-link" href={`/opendata/behoerden.csv${exportQs}`} download>
          CSV
        </a>
        {' · '}
        <a class="kern-link" href={`/opendata/behoerden.json${exportQs}`} download>
          JSON
        </a>
        {' · '}
        <a class="kern-link" href={`/opendata/behoerden.geojson${exportQs}`} download>
          GeoJSON
        </a>
        {' · '}
        <a class="kern-link" href={`/api/v1/behoerden${queryString(query, {})}`}>
          {de ? 'API (seitenweise)' : 'API (paged)'}
        </a>
        {' · '}
        <a class="kern-link" href="/feeds/praedikate.atom" type="application/atom+xml">
          {de ? 'Neue Prädikate als Atom-Feed' : 'New labels as an Atom feed'}
        </a>
        {' · '}
        <a class="kern-link" href="/opendata/datenlexikon">
          {de ? 'Datenlexikon' : 'Data dictionary'}
        </a>
      </p>
    </Layout>
  );
}
