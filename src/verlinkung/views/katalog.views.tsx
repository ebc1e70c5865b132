import type { z } from 'zod';
import { formatNumber, type Locale, zahlMitWort } from '../../shared/i18n';
import { DemoHinweis, Layout, type PageContext, Pagination, SelectField, TabellenBereich } from '../../shared/layout';
import type { katalogQuery, verfahrenSchema } from '../verlinkung.schemas';

type Verfahren = z.output<typeof verfahrenSchema>;
type Query = z.output<typeof katalogQuery>;

export const ART_LABEL: Record<string, { de: string; en: string }> = {
  online: { de: 'Online-Verfahren mit elektronischer Einreichung', en: 'Online procedure with electronic submission' },
  information: { de: 'Informationsseite', en: 'Information page' },
  formular_pdf: { de: 'Formular zum Ausdrucken (PDF)', en: 'Print-out form (PDF)' },
};

/** Why a procedure counts or not, in plain language. */
export function ZaehltHinweis({ v, locale }: { v: { art: string; aktiv: boolean; zaehlt: boolean }; locale: Locale }) {
  const de = locale === 'de';
  if (v.zaehlt) {
    return (
      <span class="kern-badge kern-badge--success">
        <span class="kern-label kern-label--small">{de ? 'zählt' : 'counts'}</span>
      </span>
    );
  }
  const text =
    v.art !== 'online'
      ? de
        ? 'zählt nicht: keine elektronische Einreichung'
        : 'does not count: no electronic submission'
      : de
        ? 'zählt nicht: außer Betrieb'
        : 'does not count: retired';
  return (
    <span class="kern-badge kern-badge--warning">
      <span class="kern-label kern-label--small">{text}</span>
    </span>
  );
}

export function KatalogPage({ ctx, query, result }: { ctx: PageContext; query: Query; result: { total: number; page: number; pageSize: number; items: Verfahren[] } }) {
  const l = ctx.locale;
  const de = l === 'de';
  const title = de ? 'Katalog der Online-Verfahren' : 'Catalogue of online procedures';
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const link = (page: number) => {
    const p = new URLSearchParams();
    if (query.q) p.set('q', query.q);
    if (query.bereitstellung) p.set('bereitstellung', query.bereitstellung);
    if (query.art) p.set('art', query.art);
    p.set('page', String(page));
    return `/verfahren?${p}`;
  };
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        {de
          ? 'Zentrale Online-Verfahren stellt der Freistaat für alle Behörden bereit; jede Behörde kann sie verlinken. Kommunale Online-Verfahren bietet eine Behörde oder ihr IT-Dienstleister selbst an. Für das Prädikat zählen nur Verfahren mit elektronischer Einreichung (einem „Senden“-Knopf); Informationsseiten und Formulare zum Ausdrucken zählen nie.'
          : 'Central online procedures are provided by the Free State for every authority; any authority can link them. Municipal ones are offered by an authority or its IT service provider. Only procedures with electronic submission (a “Send” button) count for the label; information pages and print-out forms never count.'}{' '}
        {ctx.demo && <DemoHinweis locale={l} />}
      </p>
      <form method="get" action="/verfahren" class="filter-form" role="search" aria-label={de ? 'Katalog durchsuchen' : 'Search the catalogue'}>
        <div class="filter-form__grid">
          <div class="kern-form-input">
            <label class="kern-label" for="q">
              {de ? 'Suchbegriff' : 'Search term'}
            </label>
            <input class="kern-form-input__input" id="q" name="q" type="search" value={query.q ?? ''} />
          </div>
          <SelectField
            name="bereitstellung"
            label={de ? 'Bereitstellung' : 'Provided by'}
            leer={de ? 'Alle' : 'All'}
            value={query.bereitstellung}
            options={[
              { value: 'zentral', label: de ? 'Zentral (Freistaat)' : 'Central (Free State)' },
              { value: 'kommunal', label: de ? 'Kommunal' : 'Municipal' },
            ]}
          />
          <SelectField name="art" label={de ? 'Art' : 'Kind'} leer={de ? 'Alle' : 'All'} value={query.art} options={Object.entries(ART_LABEL).map(([k, v]) => ({ value: k, label: v[l] }))} />
        </div>
        <div class="filter-form__actions">
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-label">{de ? 'Suchen' : 'Search'}</span>
          </button>
        </div>
      </form>
      <p class="kern-body" role="status">
        {de ? `${formatNumber(l, result.total)} Verfahren` : zahlMitWort('en', result.total, 'procedure', 'procedures')}
      </p>
      {result.items.length > 0 && (
        <TabellenBereich label={title}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-sr-only">{title}</caption>
            <thead class="kern-table__header">
              <tr>
                <th scope="col" class="kern-table__header">{de ? 'Verfahren' : 'Procedure'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Bereitstellung' : 'Provided by'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Zählt?' : 'Counts?'}</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">{de ? 'Verlinkt von' : 'Linked by'}</th>
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {result.items.map((v) => (
                <tr>
                  <th scope="row" class="kern-table__cell">
                    <a class="kern-link" href={`/verfahren/${v.id}`}>
                      {v.name}
                    </a>
                  </th>
                  <td class="kern-table__cell">{v.bereitstellung === 'zentral' ? (de ? 'zentral' : 'central') : (v.anbieter?.name ?? (de ? 'kommunal' : 'municipal'))}</td>
                  <td class="kern-table__cell">
                    <ZaehltHinweis v={v} locale={l} />
                  </td>
                  <td class="kern-table__cell kern-table__cell--numeric">{formatNumber(l, v.verlinktVon)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TabellenBereich>
      )}
      <Pagination locale={l} page={result.page} pages={pages} href={link} />
    </Layout>
  );
}

export function VerfahrenPage({ ctx, verfahren: v }: { ctx: PageContext; verfahren: Verfahren }) {
  const l = ctx.locale;
  const de = l === 'de';
  return (
    <Layout ctx={ctx} title={v.name} crumbs={[{ href: '/verfahren', label: de ? 'Katalog' : 'Catalogue' }]}>
      <h1 class="kern-heading-large">{v.name}</h1>
      <p>
        <ZaehltHinweis v={v} locale={l} /> {v.demo && ctx.demo && <DemoHinweis locale={l} />}
      </p>
      {v.beschreibung && <p class="kern-body">{v.beschreibung}</p>}
      {!v.zaehlt && (
        <p class="kern-body">
          {v.art !== 'online'
            ? de
              ? 'Dieses Angebot hat keine elektronische Einreichung. Es bleibt im Katalog und darf verlinkt werden, zählt aber nicht für das Prädikat „Digitales Amt“.'
              : 'This offer has no electronic submission. It stays in the catalogue and may be linked, but does not count for the label.'
            : de
              ? 'Dieses Verfahren ist außer Betrieb und zählt nicht mehr.'
              : 'This procedure has been retired and no longer counts.'}
        </p>
      )}
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Art' : 'Kind'}</dt>
          <dd class="kern-description-list-item__value">{ART_LABEL[v.art]?.[l] ?? v.art}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Bereitstellung' : 'Provided by'}</dt>
          <dd class="kern-description-list-item__value">
            {v.bereitstellung === 'zentral' ? (de ? 'Zentral durch den Freistaat Bayern' : 'Centrally by the Free State of Bavaria') : v.anbieter ? v.anbieter.name : de ? 'Kommunal' : 'Municipal'}
          </dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Adresse' : 'Address'}</dt>
          <dd class="kern-description-list-item__value">
            <span class="break-all">{v.url}</span>
          </dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Vertrauensniveau' : 'Level of assurance'}</dt>
          <dd class="kern-description-list-item__value">{v.vertrauensniveau}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Für Mobilgeräte' : 'Mobile-ready'}</dt>
          <dd class="kern-description-list-item__value">{v.mobilOptimiert ? (de ? 'ja' : 'yes') : de ? 'nein' : 'no'}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Verlinkt von' : 'Linked by'}</dt>
          <dd class="kern-description-list-item__value">
            {formatNumber(l, v.verlinktVon)} {de ? 'Behörden' : 'authorities'}
          </dd>
        </div>
      </dl>
      <h2 class="kern-heading-medium">{de ? 'Umgesetzte Leistungen (LeiKa)' : 'Services realised (LeiKa)'}</h2>
      <ul class="kern-list">
        {v.leistungen.map((x) => (
          <li>
            {x.name} {x.schluessel && <span class="kern-body kern-body--small">({x.schluessel})</span>}
          </li>
        ))}
      </ul>
    </Layout>
  );
}
