import type { z } from 'zod';
import { formatDate, formatNumber } from '../../shared/i18n';
import { DemoHinweis, ErrorSummary, type FieldError, Layout, type PageContext, Pagination, TabellenBereich } from '../../shared/layout';
import type { historieSchema, verfahrenSchema, verlinkungSchema, zaehlstandSchema } from '../verlinkung.schemas';
import { EinbettenSnippet } from './einbetten.snippet';
import { ZaehltHinweis } from './katalog.views';

type Zaehlstand = z.output<typeof zaehlstandSchema>;
type Verlinkung = z.output<typeof verlinkungSchema>;
type Ereignis = z.output<typeof historieSchema>[number];
type Verfuegbar = z.output<typeof verfahrenSchema> & { verlinkt: boolean };

const dateTime = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' });

const AKTION: Record<string, string> = { verlinkt: 'verlinkt', entfernt: 'entfernt', geaendert: 'Adresse geändert' };
const QUELLE: Record<string, string> = { formular: 'Formular', api: 'API', csv: 'CSV-Upload', xzufi: 'XZuFi-Import', system: 'System' };

export function StandKarte({ ctx, zaehlstand: z }: { ctx: PageContext; zaehlstand: Zaehlstand }) {
  const de = ctx.locale === 'de';
  return (
    <section aria-labelledby="stand" class="kern-card kern-card--surface stand-card">
      <div class="kern-card__container">
        <div class="kern-card__header">
          <h2 class="kern-heading-medium" id="stand">
            {de ? 'Stand der Online-Verfahren' : 'Online procedures'}
          </h2>
        </div>
        <div class="kern-card__body">
          <p class="kern-body kern-body--large">
            <strong>{formatNumber(ctx.locale, z.anzahl)}</strong> {de ? `von ${z.schwelle} nötigen zählenden Online-Verfahren` : `of ${z.schwelle} required counting online procedures`}
          </p>
          <progress class="kern-progress" max={z.schwelle} value={Math.min(z.anzahl, z.schwelle)} aria-label={de ? 'Fortschritt zur Schwelle' : 'Progress to threshold'} />
          <p class="kern-body">
            {z.erreicht
              ? de
                ? 'Die Schwelle für das Prädikat „Digitales Amt“ ist erreicht.'
                : 'The threshold for the “Digitales Amt” label is reached.'
              : de
                ? `Es fehlen noch ${z.fehlend} zählende Online-Verfahren bis zur Schwelle.`
                : `${z.fehlend} more counting online procedures are needed.`}
          </p>
        </div>
      </div>
    </section>
  );
}

export function VerlinkungenPage(props: {
  ctx: PageContext;
  zaehlstand: Zaehlstand;
  verlinkungen: Verlinkung[];
  historie: Ereignis[];
  verfuegbar: { total: number; page: number; pageSize: number; items: Verfuegbar[] };
  suche: string;
  meldung?: string;
  errors: FieldError[];
}) {
  const { ctx, zaehlstand, verlinkungen, historie, verfuegbar, suche, meldung, errors } = props;
  const de = ctx.locale === 'de';
  const ars = zaehlstand.ars;
  const base = `/verwaltung/behoerden/${ars}/verlinkungen`;
  const title = de ? `Verlinkungen: ${zaehlstand.name}` : `Links: ${zaehlstand.name}`;
  const Csrf = () => <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
  const pages = Math.max(1, Math.ceil(verfuegbar.total / verfuegbar.pageSize));
  const seitenLink = (seite: number) => `${base}?${new URLSearchParams({ ...(suche ? { q: suche } : {}), seite: String(seite) })}#verfahren`;
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: `/behoerden/${ars}`, label: zaehlstand.name }]}>
      <h1 class="kern-heading-large">{title}</h1>
      {meldung && (
        <div class="kern-alert kern-alert--success" role="status">
          <div class="kern-alert__header">
            <span class="kern-icon kern-icon--success" aria-hidden="true" />
            <p class="kern-title">{meldung}</p>
          </div>
        </div>
      )}
      <ErrorSummary locale={ctx.locale} errors={errors} />
      <StandKarte ctx={ctx} zaehlstand={zaehlstand} />

      <h2 class="kern-heading-medium" id="verlinkt">
        {de ? `Verlinkte Verfahren (${verlinkungen.length})` : `Linked procedures (${verlinkungen.length})`}
      </h2>
      {verlinkungen.length === 0 ? (
        <p class="kern-body">{de ? 'Noch keine Verfahren verlinkt.' : 'No procedures linked yet.'}</p>
      ) : (
        <TabellenBereich label={de ? 'Verlinkte Verfahren' : 'Linked procedures'}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-sr-only">{de ? 'Verlinkte Verfahren' : 'Linked procedures'}</caption>
            <thead class="kern-table__header">
              <tr>
                <th scope="col" class="kern-table__header">{de ? 'Verfahren' : 'Procedure'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Zählt?' : 'Counts?'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Adresse' : 'Address'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Aktion' : 'Action'}</th>
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {verlinkungen.map((v) => (
                <tr>
                  <th scope="row" class="kern-table__cell">
                    <a class="kern-link" href={`/verfahren/${v.verfahrenId}`}>
                      {v.name}
                    </a>
                    <span class="kern-body kern-body--small list-members">
                      {v.bereitstellung === 'zentral' ? (de ? 'zentral' : 'central') : de ? 'kommunal' : 'municipal'}
                      {v.demo && ctx.demo ? (de ? ' · Demodaten' : ' · demo data') : ''}
                    </span>
                  </th>
                  <td class="kern-table__cell">
                    <ZaehltHinweis v={{ art: v.art, aktiv: v.grund !== 'ausser_betrieb', zaehlt: v.zaehlt }} locale={ctx.locale} />
                    {v.grundText && <span class="kern-body kern-body--small list-members">{v.grundText}</span>}
                    {v.link?.status === 'defekt' && (
                      <span class="kern-body kern-body--small list-members">
                        {de ? 'Link nicht erreichbar' : 'Link unreachable'}
                        {v.link.defektSeit ? ` ${de ? 'seit' : 'since'} ${formatDate(ctx.locale, v.link.defektSeit)}` : ''}
                        {v.link.fehler ? `: ${v.link.fehler}` : v.link.httpStatus ? ` (HTTP ${v.link.httpStatus})` : ''}
                      </span>
                    )}
                  </td>
                  <td class="kern-table__cell">
                    <details>
                      <summary class="kern-body kern-body--small break-all">{v.url}</summary>
                      <form method="post" action={`${base}/adresse`} class="kern-stack url-form">
                        <Csrf />
                        <input type="hidden" name="verfahrenId" value={v.verfahrenId} />
                        <div class="kern-form-input">
                          <label class="kern-label" for={`url-${v.verfahrenId}`}>
                            {de ? `Eigene Adresse für „${v.name}“` : `Own address for “${v.name}”`}
                          </label>
                          <div class="kern-hint" id={`url-${v.verfahrenId}-hinweis`}>
                            {de ? 'Leer lassen, um die Adresse aus dem Katalog zu verwenden.' : 'Leave empty to use the catalogue address.'}
                          </div>
                          <input
                            class="kern-form-input__input"
                            id={`url-${v.verfahrenId}`}
                            name="url"
                            type="url"
                            value={v.eigeneUrl ?? ''}
                            aria-describedby={`url-${v.verfahrenId}-hinweis`}
                          />
                        </div>
                        <button type="submit" class="kern-btn kern-btn--secondary kern-btn--x-small">
                          <span class="kern-label">{de ? 'Adresse speichern' : 'Save address'}</span>
                        </button>
                      </form>
                    </details>
                  </td>
                  <td class="kern-table__cell">
                    <form method="post" action={`${base}/entfernen`} class="inline-form">
                      <Csrf />
                      <input type="hidden" name="verfahrenId" value={v.verfahrenId} />
                      <button type="submit" class="kern-btn kern-btn--tertiary kern-btn--x-small">
                        <span class="kern-label">
                          {de ? 'Entfernen' : 'Remove'}
                          <span class="kern-sr-only">: {v.name}</span>
                        </span>
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TabellenBereich>
      )}

      <h2 class="kern-heading-medium" id="verfahren" tabIndex={-1}>
        {de ? 'Verfahren hinzufügen' : 'Add procedures'}
      </h2>
      <p class="kern-body">
        {de
          ? 'Sie sehen alle Verfahren, die diese Behörde verlinken darf: die zentralen des Freistaats, ihre eigenen kommunalen und die ihres IT-Dienstleisters.'
          : 'You see every procedure this authority may link: the central ones, its own municipal ones and those of its IT service provider.'}{' '}
        {ctx.demo && <DemoHinweis locale={ctx.locale} />}
      </p>
      <form method="get" action={`${base}#verfahren`} class="filter-form" role="search" aria-label={de ? 'Verfahren suchen' : 'Search procedures'}>
        <div class="kern-form-input">
          <label class="kern-label" for="q">
            {de ? 'Suchbegriff' : 'Search term'}
          </label>
          <input class="kern-form-input__input" id="q" name="q" type="search" value={suche} />
        </div>
        <div class="filter-form__actions">
          <button type="submit" class="kern-btn kern-btn--secondary">
            <span class="kern-label">{de ? 'Suchen' : 'Search'}</span>
          </button>
        </div>
      </form>
      <p class="kern-body" role="status">
        {de ? `${formatNumber(ctx.locale, verfuegbar.total)} verlinkbare Verfahren` : `${formatNumber(ctx.locale, verfuegbar.total)} linkable procedures`}
      </p>
      <ul class="kern-list add-list">
        {verfuegbar.items.map((v) => (
          <li>
            <span class="kern-body">{v.name}</span> <ZaehltHinweis v={v} locale={ctx.locale} />{' '}
            {v.verlinkt ? (
              <span class="kern-body kern-body--small">{de ? '(bereits verlinkt)' : '(linked already)'}</span>
            ) : (
              <form method="post" action={`${base}/verlinken`} class="inline-form">
                <Csrf />
                <input type="hidden" name="verfahrenId" value={v.id} />
                <button type="submit" class="kern-btn kern-btn--secondary kern-btn--x-small">
                  <span class="kern-label">
                    {de ? 'Verlinken' : 'Link'}
                    <span class="kern-sr-only">: {v.name}</span>
                  </span>
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <Pagination locale={ctx.locale} page={verfuegbar.page} pages={pages} href={seitenLink} label={de ? 'Seiten der verlinkbaren Verfahren' : 'Pages of linkable procedures'} />

      <h2 class="kern-heading-medium">{de ? 'Änderungsverlauf' : 'History of changes'}</h2>
      {historie.length === 0 ? (
        <p class="kern-body">{de ? 'Noch keine Änderungen auf der Plattform.' : 'No changes on the platform yet.'}</p>
      ) : (
        <TabellenBereich label={de ? 'Änderungsverlauf (neueste zuerst)' : 'History (newest first)'}>
          <table class="kern-table kern-table--small">
            <caption class="kern-sr-only">{de ? 'Änderungsverlauf (neueste zuerst)' : 'History (newest first)'}</caption>
            <thead class="kern-table__header">
              <tr>
                <th scope="col" class="kern-table__header">{de ? 'Zeitpunkt' : 'Time'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Verfahren' : 'Procedure'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Änderung' : 'Change'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Von' : 'By'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Weg' : 'Channel'}</th>
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {historie.map((e) => (
                <tr>
                  <td class="kern-table__cell">
                    <time dateTime={e.am}>{dateTime.format(new Date(e.am))}</time>
                  </td>
                  <td class="kern-table__cell">{e.verfahren}</td>
                  <td class="kern-table__cell">
                    {AKTION[e.aktion] ?? e.aktion}
                    {e.aktion === 'geaendert' && (
                      <span class="kern-body kern-body--small list-members break-all">
                        {(e.vorher as { url?: string })?.url} → {(e.nachher as { url?: string })?.url}
                      </span>
                    )}
                  </td>
                  <td class="kern-table__cell">{e.von}</td>
                  <td class="kern-table__cell">{QUELLE[e.quelle] ?? e.quelle}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TabellenBereich>
      )}
      <EinbettenSnippet ctx={ctx} ars={ars} name={zaehlstand.anzeigename} />
    </Layout>
  );
}
