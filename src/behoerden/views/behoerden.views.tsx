import { formatDate, formatNumber, type Locale } from '../../shared/i18n';
import { normalizeQuery, searchKey } from '../../shared/text';
import { DemoHinweis, Layout, type PageContext } from '../../shared/layout';
import type { VerlinkungService } from '../../verlinkung/verlinkung.service';
import type { BehoerdenService } from '../behoerden.service';
import { BEHOERDE_TYPEN, type BehoerdenQuery, typLabel } from '../behoerden.schemas';

type ListResult = Awaited<ReturnType<BehoerdenService['list']>>;
type Detail = Awaited<ReturnType<BehoerdenService['get']>>;
type FilterOptions = Awaited<ReturnType<BehoerdenService['filterOptions']>>;
type Verfahren = Awaited<ReturnType<VerlinkungService['verlinkungen']>>;
type Chancen = Awaited<ReturnType<VerlinkungService['chancen']>>;

const STATUS_LABELS: Record<string, { de: string; en: string; badge: string }> = {
  gueltig: { de: 'Digitales Amt', en: 'Digitales Amt', badge: 'success' },
  ausgesetzt: { de: 'Prädikat ausgesetzt', en: 'Label suspended', badge: 'warning' },
  widerrufen: { de: 'Prädikat widerrufen', en: 'Label revoked', badge: 'danger' },
};

function PraedikatBadge({ status, locale }: { status: string; locale: Locale }) {
  const s = STATUS_LABELS[status] ?? { de: status, en: status, badge: 'info' };
  return (
    <span class={`kern-badge kern-badge--${s.badge}`}>
      <span class="kern-label kern-label--small">{s[locale]}</span>
    </span>
  );
}

function queryString(q: BehoerdenQuery, overrides: Partial<Record<string, string | number>>): string {
  const params = new URLSearchParams();
  if (q.q) params.set('q', q.q);
  for (const t of q.typ ?? []) params.append('typ', t);
  if (q.regierungsbezirk) params.set('regierungsbezirk', q.regierungsbezirk);
  if (q.landkreis) params.set('landkreis', q.landkreis);
  if (q.sort !== 'name') params.set('sort', q.sort);
  if (q.pageSize !== 50) params.set('pageSize', String(q.pageSize));
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function BehoerdenListPage({ ctx, query, result, filterOptions }: { ctx: PageContext; query: BehoerdenQuery; result: ListResult; filterOptions: FilterOptions }) {
  const l = ctx.locale;
  const de = l === 'de';
  const title = de ? 'Behörden in Bayern' : 'Authorities in Bavaria';
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const from = result.total === 0 ? 0 : (result.page - 1) * result.pageSize + 1;
  const to = Math.min(result.total, result.page * result.pageSize);
  const regbez = filterOptions.filter((g) => g.ebene === 'regierungsbezirk');
  const kreise = filterOptions.filter((g) => g.ebene === 'kreis');
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
          <div class="kern-form-input">
            <label class="kern-label" for="typ">
              {de ? 'Art' : 'Type'}
            </label>
            <div class="kern-form-input__select-wrapper">
              <select class="kern-form-input__select" id="typ" name="typ">
                <option value="">{de ? 'Alle Arten' : 'All types'}</option>
                {BEHOERDE_TYPEN.map((t) => (
                  <option value={t} selected={query.typ?.length === 1 && query.typ[0] === t}>
                    {typLabel(t, l)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div class="kern-form-input">
            <label class="kern-label" for="regierungsbezirk">
              {de ? 'Regierungsbezirk' : 'Administrative region'}
            </label>
            <div class="kern-form-input__select-wrapper">
              <select class="kern-form-input__select" id="regierungsbezirk" name="regierungsbezirk">
                <option value="">{de ? 'Alle Regierungsbezirke' : 'All regions'}</option>
                {regbez.map((r) => (
                  <option value={r.ars} selected={query.regierungsbezirk === r.ars}>
                    {r.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div class="kern-form-input">
            <label class="kern-label" for="landkreis">
              {de ? 'Landkreis / kreisfreie Stadt' : 'District / city'}
            </label>
            <div class="kern-form-input__select-wrapper">
              <select class="kern-form-input__select" id="landkreis" name="landkreis">
                <option value="">{de ? 'Alle' : 'All'}</option>
                {kreise.map((k) => (
                  <option value={k.ars} selected={query.landkreis === k.ars}>
                    {k.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div class="kern-form-input">
            <label class="kern-label" for="sort">
              {de ? 'Sortierung' : 'Sort by'}
            </label>
            <div class="kern-form-input__select-wrapper">
              <select class="kern-form-input__select" id="sort" name="sort">
                <option value="name" selected={query.sort === 'name'}>
                  {de ? 'Name' : 'Name'}
                </option>
                <option value="anzahl" selected={query.sort === 'anzahl'}>
                  {de ? 'Online-Verfahren (meiste zuerst)' : 'Online procedures (most first)'}
                </option>
                <option value="bevoelkerung" selected={query.sort === 'bevoelkerung'}>
                  {de ? 'Einwohnerzahl' : 'Population'}
                </option>
              </select>
            </div>
          </div>
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
          : de
            ? `${formatNumber(l, result.total)} Behörden, angezeigt ${formatNumber(l, from)}–${formatNumber(l, to)}`
            : `${formatNumber(l, result.total)} authorities, showing ${formatNumber(l, from)}–${formatNumber(l, to)}`}
      </p>

      {result.items.length > 0 && (
        <div class="kern-table-responsive">
          <table class="kern-table kern-table--striped">
            <caption class="kern-sr-only">{title}</caption>
            <thead class="kern-table__header">
              <tr>
                <th scope="col" class="kern-table__header">{de ? 'Behörde' : 'Authority'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Art' : 'Type'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Landkreis / Regierungsbezirk' : 'District / region'}</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">{de ? 'Online-Verfahren' : 'Online procedures'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Prädikat' : 'Label'}</th>
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {result.items.map((b) => (
                <tr>
                  <th scope="row" class="kern-table__cell">
                    <a class="kern-link" href={`/behoerden/${b.ars}`}>
                      {b.name}
                    </a>
                    {b.mitgliedsgemeinden.length > 0 && (
                      <span class="kern-body kern-body--small list-members">
                        {de ? 'Mitglieder: ' : 'Members: '}
                        {b.mitgliedsgemeinden.map((m, i) => (
                          <>
                            {i > 0 && ', '}
                            {suchbegriff && ` ${searchKey(m.name)} `.includes(` ${suchbegriff}`) ? <strong>{m.name}</strong> : m.name}
                          </>
                        ))}
                      </span>
                    )}
                  </th>
                  <td class="kern-table__cell">{typLabel(b.typ, l)}</td>
                  <td class="kern-table__cell">
                    {b.landkreis && b.typ !== 'landkreis' && b.typ !== 'kreisfreie_stadt' ? `${b.landkreis.name}, ` : ''}
                    {b.regierungsbezirk.name}
                  </td>
                  <td class="kern-table__cell kern-table__cell--numeric">
                    {formatNumber(l, b.onlineVerfahren)} / {b.schwelle}
                  </td>
                  <td class="kern-table__cell">
                    {b.praedikat ? (
                      <>
                        <PraedikatBadge status={b.praedikat.status} locale={l} /> <span class="kern-body kern-body--small">{formatDate(l, b.praedikat.verliehenAm)}</span>
                      </>
                    ) : (
                      <span class="kern-body kern-body--small">{de ? 'noch nicht' : 'not yet'}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {pages > 1 && (
        <nav aria-label={de ? 'Seitennavigation' : 'Pagination'} class="pagination">
          <ul class="pagination__list">
            {result.page > 1 && (
              <li>
                <a class="kern-link" href={`/behoerden${queryString(query, { page: result.page - 1 })}`} rel="prev">
                  {de ? '← Vorherige Seite' : '← Previous page'}
                </a>
              </li>
            )}
            <li>
              <span class="kern-body">{de ? `Seite ${result.page} von ${pages}` : `Page ${result.page} of ${pages}`}</span>
            </li>
            {result.page < pages && (
              <li>
                <a class="kern-link" href={`/behoerden${queryString(query, { page: result.page + 1 })}`} rel="next">
                  {de ? 'Nächste Seite →' : 'Next page →'}
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}
      <p class="kern-body kern-body--small">
        <a class="kern-link" href={`/api/v1/behoerden${queryString(query, {})}`}>
          {de ? 'Diese Liste als JSON (API)' : 'This list as JSON (API)'}
        </a>
      </p>
    </Layout>
  );
}

export function BehoerdePage({
  ctx,
  behoerde: b,
  verfahren,
  chancen,
  darfVerwalten,
}: { ctx: PageContext; behoerde: Detail; verfahren: Verfahren; chancen: Chancen; darfVerwalten: boolean }) {
  const l = ctx.locale;
  const de = l === 'de';
  const fehlend = Math.max(0, b.schwelle - b.onlineVerfahren);
  const zaehlend = verfahren.filter((v) => v.zaehlt);
  const nichtZaehlend = verfahren.filter((v) => !v.zaehlt);
  return (
    <Layout ctx={ctx} title={b.name} crumbs={[{ href: '/behoerden', label: de ? 'Behörden' : 'Authorities' }]}>
      <h1 class="kern-heading-large">{b.name}</h1>
      <p class="kern-body">
        {typLabel(b.typ, l)}
        {b.landkreis && b.typ !== 'landkreis' && b.typ !== 'kreisfreie_stadt' ? ` · ${de ? 'Landkreis' : 'District'} ${b.landkreis.name}` : ''} · {de ? 'Regierungsbezirk' : 'Region'}{' '}
        {b.regierungsbezirk.name}
      </p>
      {b.praedikat && (
        <p>
          <PraedikatBadge status={b.praedikat.status} locale={l} />{' '}
          <span class="kern-body">
            {de ? `Zertifikat ${b.praedikat.zertifikatNr}, verliehen am ${formatDate(l, b.praedikat.verliehenAm)}` : `Certificate ${b.praedikat.zertifikatNr}, awarded ${formatDate(l, b.praedikat.verliehenAm)}`}
          </span>
        </p>
      )}
      <section aria-labelledby="stand" class="kern-card kern-card--surface stand-card">
        <div class="kern-card__container">
          <div class="kern-card__header">
            <h2 class="kern-heading-medium" id="stand">
              {de ? 'Stand der Online-Verfahren' : 'Online procedures'} {ctx.demo && <DemoHinweis locale={l} />}
            </h2>
          </div>
          <div class="kern-card__body">
            <p class="kern-body kern-body--large">
              <strong>{formatNumber(l, b.onlineVerfahren)}</strong> {de ? `von ${b.schwelle} nötigen Online-Verfahren verlinkt` : `of ${b.schwelle} required online procedures linked`}
            </p>
            <progress class="kern-progress" max={b.schwelle} value={Math.min(b.onlineVerfahren, b.schwelle)} aria-label={de ? 'Fortschritt zur Schwelle' : 'Progress to threshold'} />
            <p class="kern-body">
              {fehlend === 0
                ? de
                  ? 'Die Schwelle für das Prädikat „Digitales Amt“ ist erreicht.'
                  : 'The threshold for the „Digitales Amt“ label is reached.'
                : de
                  ? `Es fehlen noch ${fehlend} Online-Verfahren bis zur Schwelle.`
                  : `${fehlend} more online procedures are needed to reach the threshold.`}
            </p>
          </div>
        </div>
      </section>

      <h2 class="kern-heading-medium">{de ? 'Angaben' : 'Details'}</h2>
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Schlüssel (ARS)' : 'Key (ARS)'}</dt>
          <dd class="kern-description-list-item__value">{b.ars}</dd>
        </div>
        {b.sitz && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{de ? 'Verwaltungssitz' : 'Seat'}</dt>
            <dd class="kern-description-list-item__value">{b.sitz}</dd>
          </div>
        )}
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Einwohner' : 'Population'}</dt>
          <dd class="kern-description-list-item__value">{formatNumber(l, b.bevoelkerung)}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Fläche' : 'Area'}</dt>
          <dd class="kern-description-list-item__value">{formatNumber(l, Math.round(b.flaecheHa / 100))} km²</dd>
        </div>
        {b.plz && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{de ? 'Postleitzahl' : 'Postcode'}</dt>
            <dd class="kern-description-list-item__value">{b.plz}</dd>
          </div>
        )}
      </dl>

      {b.mitgliedsgemeinden.length > 0 && (
        <>
          <h2 class="kern-heading-medium">{de ? 'Mitgliedsgemeinden' : 'Member municipalities'}</h2>
          <ul class="kern-list">
            {b.mitgliedsgemeinden.map((m) => (
              <li>
                {m.name} ({m.bevoelkerung === null ? '' : `${formatNumber(l, m.bevoelkerung)} ${de ? 'Einwohner' : 'inhabitants'}`})
              </li>
            ))}
          </ul>
        </>
      )}

      <h2 class="kern-heading-medium">{de ? 'Verlinkte Online-Verfahren' : 'Linked online procedures'}</h2>
      {darfVerwalten && (
        <p>
          <a class="kern-btn kern-btn--primary" href={`/verwaltung/behoerden/${b.ars}/verlinkungen`}>
            <span class="kern-label">{de ? 'Verlinkungen verwalten' : 'Manage links'}</span>
          </a>
        </p>
      )}
      {zaehlend.length === 0 ? (
        <p class="kern-body">{de ? 'Noch keine Online-Verfahren verlinkt.' : 'No online procedures linked yet.'}</p>
      ) : (
        <details class="verfahren-details">
          <summary class="kern-body">
            {de ? `${zaehlend.length} zählende Online-Verfahren anzeigen` : `Show ${zaehlend.length} counting online procedures`}
          </summary>
          <ul class="kern-list verfahren-list">
            {zaehlend.map((v) => (
              <li>
                {v.name} <span class="kern-body kern-body--small">({v.bereitstellung === 'zentral' ? (de ? 'zentral' : 'central') : de ? 'kommunal' : 'municipal'})</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {nichtZaehlend.length > 0 && (
        <>
          <h3 class="kern-heading-small">{de ? 'Verlinkt, aber nicht gezählt' : 'Linked but not counted'}</h3>
          <p class="kern-body">
            {de
              ? 'Informationsseiten und Formulare zum Ausdrucken sind keine Online-Verfahren: Sie haben keine elektronische Einreichung und zählen daher nicht für das Prädikat.'
              : 'Information pages and print-out forms are not online procedures: they have no electronic submission and do not count.'}
          </p>
          <ul class="kern-list">
            {nichtZaehlend.map((v) => (
              <li>
                {v.name} <span class="kern-body kern-body--small">({v.grundText})</span>
              </li>
            ))}
          </ul>
        </>
      )}

      <h2 class="kern-heading-medium" id="themenfelder">
        {de ? 'Abdeckung der OZG-Themenfelder' : 'Coverage of the OZG topic areas'}
      </h2>
      <ul class="themenfelder">
        {chancen.themenfelder.map((t) => (
          <li>
            <span class={`kern-badge ${t.abgedeckt ? 'kern-badge--success' : 'kern-badge--info'}`}>
              <span class="kern-label kern-label--small">
                {t.name}: {t.abgedeckt ? formatNumber(l, t.anzahl) : de ? 'keines' : 'none'}
              </span>
            </span>
          </li>
        ))}
      </ul>

      <h2 class="kern-heading-medium" id="chancen">
        {de ? 'Chancen: diese Verfahren können Sie heute verlinken' : 'Opportunities: procedures you can link today'}
      </h2>
      {chancen.mitDiesenErreichtManDasPraedikat !== null && (
        <div class="kern-alert kern-alert--info">
          <div class="kern-alert__header">
            <span class="kern-icon kern-icon--info" aria-hidden="true" />
            <p class="kern-title">
              {de
                ? `Mit diesen ${chancen.mitDiesenErreichtManDasPraedikat} Verlinkungen erreichen Sie das Prädikat „Digitales Amt“.`
                : `With these ${chancen.mitDiesenErreichtManDasPraedikat} links you reach the „Digitales Amt“ label.`}
            </p>
          </div>
          <div class="kern-alert__body">
            <p class="kern-body">
              {de
                ? 'Die markierten zentralen Online-Verfahren stellt der Freistaat bereit; ein Link im BayernPortal genügt.'
                : 'The marked central procedures are provided by the Free State; a link in the BayernPortal is all it takes.'}
            </p>
          </div>
        </div>
      )}
      {chancen.vorschlaege.length === 0 ? (
        <p class="kern-body">{de ? 'Alle zentralen Online-Verfahren sind bereits verlinkt.' : 'All central online procedures are linked already.'}</p>
      ) : (
        <>
          <p class="kern-body">
            {de
              ? `Zentrale Online-Verfahren, die ${b.name} noch nicht verlinkt, geordnet danach, wie viele ähnliche Behörden (gleiche Art, ähnliche Größe: ${formatNumber(l, chancen.vergleichsgruppe.anzahl)}) sie verlinken.`
              : `Central online procedures ${b.name} does not link yet, ordered by how many similar authorities (same type, similar size: ${formatNumber(l, chancen.vergleichsgruppe.anzahl)}) link them.`}
          </p>
          <ol class="kern-list kern-list--number chancen-list">
            {chancen.vorschlaege.map((v) => (
              <li>
                {v.reichtZurSchwelle ? <strong>{v.name}</strong> : v.name}{' '}
                <span class="kern-body kern-body--small">
                  ({de ? `${formatNumber(l, v.anteilVergleichsgruppe)} % der Vergleichsgruppe` : `${formatNumber(l, v.anteilVergleichsgruppe)} % of similar authorities`}
                  {v.themenfelder.length > 0 ? ` · ${v.themenfelder.join(', ')}` : ''})
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
    </Layout>
  );
}
