import { formatNumber, type Locale } from '../../shared/i18n';
import { DemoHinweis, Layout, Meldung as KernMeldung, type PageContext, Pagination, TabellenBereich } from '../../shared/layout';
import type { Zaehlregel } from '../../verlinkung/zaehlung';
import type { Meldung, SeitenQuery } from '../linkcheck.schemas';
import type { LinkcheckService } from '../linkcheck.service';

type Status = Awaited<ReturnType<LinkcheckService['status']>>;
type Uebersicht = Awaited<ReturnType<LinkcheckService['uebersicht']>>;
type Defekte = Awaited<ReturnType<LinkcheckService['defekte']>>;

export interface SeitenSettings {
  enabled: boolean;
  uhrzeit: string;
  timeoutMs: number;
  maxRedirects: number;
  syncMaxUrls: number;
  zaehlregel: Zaehlregel;
}

const dateTimeFormats = {
  de: new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }),
};
const dateFormats = {
  de: new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeZone: 'Europe/Berlin' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'Europe/Berlin' }),
};
const zeit = (l: Locale, iso: string) => dateTimeFormats[l].format(new Date(iso));
const datum = (l: Locale, iso: string) => dateFormats[l].format(new Date(iso));

const UMFANG: Record<string, { de: string; en: string }> = {
  alle: { de: 'alle Links', en: 'all links' },
  defekte: { de: 'defekte Links erneut', en: 'broken links again' },
  auswahl: { de: 'ausgewählte Adressen', en: 'selected addresses' },
};

const MELDUNG: Record<Meldung, { de: string; en: string; art: 'success' | 'info' | 'warning' }> = {
  fertig: { de: 'Die Prüfung ist abgeschlossen; das Ergebnis steht unten.', en: 'The check has finished; the result is shown below.', art: 'success' },
  hintergrund: {
    de: 'Die Prüfung läuft im Hintergrund. Laden Sie die Seite später neu, um das Ergebnis zu sehen.',
    en: 'The check runs in the background. Reload the page later to see the result.',
    art: 'info',
  },
  laeuft_bereits: { de: 'Es läuft bereits eine Prüfung. Bitte warten Sie, bis sie abgeschlossen ist.', en: 'A check is already running. Please wait until it has finished.', art: 'warning' },
  gesperrt: {
    de: 'Eine andere Instanz der Plattform prüft gerade alle Links. Bitte versuchen Sie es später erneut.',
    en: 'Another instance of the platform is checking all links. Please try again later.',
    art: 'warning',
  },
};

export function regelText(regel: Zaehlregel, l: Locale): string {
  const de = l === 'de';
  if (regel.defekteLinks === 'zaehlt') return de ? 'Defekte Links zählen weiter mit.' : 'Broken links keep counting.';
  if (regel.defekteLinks === 'zaehlt_nicht') return de ? 'Defekte Links zählen nicht, solange sie defekt sind.' : 'Broken links do not count while they are broken.';
  return de
    ? `Ein defekter Link zählt noch ${regel.karenzTage} Tage nach dem ersten Fehlschlag (Karenzzeit); danach zählt er nicht mehr, bis er wieder funktioniert.`
    : `A broken link keeps counting for ${regel.karenzTage} days after its first failure (grace period); after that it stops counting until it works again.`;
}

function ZaehltNoch({ item, l }: { item: Defekte['items'][number]; l: Locale }) {
  const de = l === 'de';
  if (item.zaehlt) {
    return (
      <>
        <span class="kern-badge kern-badge--warning">
          <span class="kern-label kern-label--small">{de ? 'zählt noch' : 'still counts'}</span>
        </span>
        {item.karenzBis && <span class="kern-body kern-body--small list-members">{de ? `bis ${zeit(l, item.karenzBis)}` : `until ${zeit(l, item.karenzBis)}`}</span>}
      </>
    );
  }
  return (
    <>
      <span class="kern-badge kern-badge--danger">
        <span class="kern-label kern-label--small">{de ? 'zählt nicht' : 'does not count'}</span>
      </span>
      {item.karenzBis && (
        <span class="kern-body kern-body--small list-members">{de ? `Karenz endete ${zeit(l, item.karenzBis)}` : `grace period ended ${zeit(l, item.karenzBis)}`}</span>
      )}
    </>
  );
}

const seitenLink = (q: SeitenQuery, page: number) => {
  const p = new URLSearchParams();
  if (q.regierungsbezirk) p.set('regierungsbezirk', q.regierungsbezirk);
  if (q.pageSize !== 100) p.set('pageSize', String(q.pageSize));
  p.set('page', String(page));
  return `/verwaltung/linkpruefung?${p.toString()}`;
};

export function LinkpruefungPage({
  ctx,
  query,
  status,
  uebersicht,
  defekte,
  bezirke,
  settings,
}: {
  ctx: PageContext;
  query: SeitenQuery;
  status: Status;
  uebersicht: Uebersicht;
  defekte: Defekte;
  bezirke: { key: string; name: string }[];
  settings: SeitenSettings;
}) {
  const l = ctx.locale;
  const de = l === 'de';
  const title = de ? 'Linkprüfung' : 'Link check';
  const { bestand, laeufe } = uebersicht;
  const meldung = query.meldung ? MELDUNG[query.meldung] : undefined;
  const pages = Math.max(1, Math.ceil(defekte.total / defekte.pageSize));
  const bezirkName = bezirke.find((b) => b.key === query.regierungsbezirk)?.name;
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        {de
          ? `Die Plattform ruft jede verlinkte Adresse eines Online-Verfahrens auf (erst HEAD, wenn der Server das ablehnt GET; Weiterleitungen bis zu ${settings.maxRedirects}; höchstens ${formatNumber(l, settings.timeoutMs / 1000)} s je Anfrage). Jede Adresse wird einmal geprüft, auch wenn viele Behörden sie verlinken. `
          : `The platform requests every linked address of an online procedure (HEAD first, GET where the server refuses HEAD; up to ${settings.maxRedirects} redirects; at most ${formatNumber(l, settings.timeoutMs / 1000)} s per request). Each address is checked once, however many authorities link it. `}
        {regelText(settings.zaehlregel, l)}
      </p>
      <p class="kern-body">
        {settings.enabled
          ? de
            ? `Täglicher Lauf um ${settings.uhrzeit} Uhr.`
            : `Daily run at ${settings.uhrzeit} (Berlin time).`
          : de
            ? 'Der tägliche Lauf ist abgeschaltet.'
            : 'The daily run is switched off.'}{' '}
        {ctx.demo &&
          (de
            ? 'Die Demodaten verwenden erfundene Adressen (.example): eine Prüfung meldet sie alle als defekt.'
            : 'The demo data use fictional addresses (.example): a check reports them all as broken.')}{' '}
        {ctx.demo && <DemoHinweis locale={l} />}
      </p>

      {meldung && <KernMeldung art={meldung.art} titel={meldung[l]} />}
      {status.laeuft && (
        <KernMeldung
          art="info"
          titel={
            status.andereInstanz
              ? de
                ? 'Läuft: eine andere Instanz der Plattform prüft gerade alle Links.'
                : 'Running: another instance of the platform is checking all links.'
              : de
                ? `Läuft: Prüfung (${UMFANG[status.umfang ?? 'alle'].de}) seit ${status.seit ? zeit(l, status.seit) : '–'}.`
                : `Running: check (${UMFANG[status.umfang ?? 'alle'].en}) since ${status.seit ? zeit(l, status.seit) : '–'}.`
          }
        />
      )}
      {status.letzterFehler && (
        <KernMeldung art="danger" titel={de ? 'Die letzte Prüfung im Hintergrund ist fehlgeschlagen.' : 'The last background check failed.'}>
          <p class="kern-body">{status.letzterFehler}</p>
        </KernMeldung>
      )}

      <h2 class="kern-heading-medium">{de ? 'Stand' : 'Status'}</h2>
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Verlinkte Adressen' : 'Linked addresses'}</dt>
          <dd class="kern-description-list-item__value">{formatNumber(l, bestand.urls)}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Erreichbar' : 'Working'}</dt>
          <dd class="kern-description-list-item__value">{formatNumber(l, bestand.ok)}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Defekt' : 'Broken'}</dt>
          <dd class="kern-description-list-item__value">{formatNumber(l, bestand.defekt)}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Noch nicht geprüft' : 'Not checked yet'}</dt>
          <dd class="kern-description-list-item__value">{formatNumber(l, bestand.ungeprueft)}</dd>
        </div>
      </dl>

      <form method="post" action="/verwaltung/linkpruefung" class="filter-form">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <p class="kern-body">
          {de
            ? `Bis zu ${settings.syncMaxUrls} Adressen werden sofort geprüft; mehr laufen im Hintergrund weiter.`
            : `Up to ${settings.syncMaxUrls} addresses are checked at once; more continue in the background.`}
        </p>
        <div class="filter-form__actions">
          <button type="submit" name="umfang" value="alle" class="kern-btn kern-btn--primary">
            <span class="kern-label">{de ? 'Alle Links jetzt prüfen' : 'Check all links now'}</span>
          </button>
          <button type="submit" name="umfang" value="defekte" class="kern-btn kern-btn--secondary">
            <span class="kern-label">{de ? 'Defekte Links erneut prüfen' : 'Re-check broken links'}</span>
          </button>
        </div>
      </form>

      <h2 class="kern-heading-medium">{de ? 'Letzte Läufe' : 'Recent runs'}</h2>
      {laeufe.length === 0 ? (
        <p class="kern-body">{de ? 'Es wurde noch nicht geprüft.' : 'No check has run yet.'}</p>
      ) : (
        <TabellenBereich label={de ? 'Letzte Läufe der Linkprüfung' : 'Recent link check runs'}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-sr-only">{de ? 'Letzte Läufe der Linkprüfung' : 'Recent link check runs'}</caption>
            <thead class="kern-table__header">
              <tr>
                <th scope="col" class="kern-table__header">{de ? 'Beginn' : 'Start'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Umfang' : 'Scope'}</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">{de ? 'Geprüft' : 'Checked'}</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">{de ? 'Erreichbar' : 'Working'}</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">{de ? 'Defekt' : 'Broken'}</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">{de ? 'Neu defekt' : 'Newly broken'}</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">{de ? 'Repariert' : 'Repaired'}</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">{de ? 'Dauer' : 'Duration'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Gestartet von' : 'Started by'}</th>
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {laeufe.map((r) => (
                <tr>
                  <th scope="row" class="kern-table__cell">
                    {zeit(l, r.gestartetAm)}
                  </th>
                  <td class="kern-table__cell">{UMFANG[r.umfang ?? 'alle']?.[l] ?? r.umfang}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{formatNumber(l, r.geprueft ?? 0)}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{formatNumber(l, r.ok ?? 0)}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{formatNumber(l, r.defekt ?? 0)}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{formatNumber(l, r.neuDefekt ?? 0)}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{formatNumber(l, r.repariert ?? 0)}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{formatNumber(l, Math.round((r.dauerMs ?? 0) / 100) / 10)} s</td>
                  <td class="kern-table__cell">{r.von}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TabellenBereich>
      )}

      <h2 class="kern-heading-medium" id="defekt">
        {de ? 'Defekte Adressen' : 'Broken addresses'}
      </h2>
      <form method="get" action="/verwaltung/linkpruefung#defekt" class="filter-form" role="search" aria-label={de ? 'Nach Regierungsbezirk filtern' : 'Filter by region'}>
        <div class="filter-form__grid">
          <div class="kern-form-input">
            <label class="kern-label" for="regierungsbezirk">
              {de ? 'Regierungsbezirk' : 'Administrative region'}
            </label>
            <div class="kern-form-input__select-wrapper">
              <select class="kern-form-input__select" id="regierungsbezirk" name="regierungsbezirk">
                <option value="">{de ? 'Alle Regierungsbezirke' : 'All regions'}</option>
                {bezirke.map((b) => (
                  <option value={b.key} selected={query.regierungsbezirk === b.key}>
                    {b.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </div>
        <div class="filter-form__actions">
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-label">{de ? 'Filtern' : 'Filter'}</span>
          </button>
          <a class="kern-link" href="/verwaltung/linkpruefung">
            {de ? 'Filter zurücksetzen' : 'Reset filter'}
          </a>
        </div>
      </form>

      <p class="kern-body" role="status">
        {defekte.total === 0
          ? de
            ? `Keine defekten Adressen${bezirkName ? ` in ${bezirkName}` : ''}.`
            : `No broken addresses${bezirkName ? ` in ${bezirkName}` : ''}.`
          : de
            ? `${formatNumber(l, defekte.total)} defekte Adressen${bezirkName ? ` mit Behörden in ${bezirkName}` : ''}, die am häufigsten verlinkten zuerst.`
            : `${formatNumber(l, defekte.total)} broken addresses${bezirkName ? ` linked by authorities in ${bezirkName}` : ''}, most linked first.`}
      </p>

      {defekte.items.length > 0 && (
        <TabellenBereich label={de ? 'Defekte Adressen' : 'Broken addresses'}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-sr-only">{de ? 'Defekte Adressen' : 'Broken addresses'}</caption>
            <thead class="kern-table__header">
              <tr>
                <th scope="col" class="kern-table__header">{de ? 'Adresse und Online-Verfahren' : 'Address and online procedure'}</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">{de ? 'Behörden' : 'Authorities'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Defekt seit' : 'Broken since'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Fehler' : 'Error'}</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">{de ? 'HTTP-Status' : 'HTTP status'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Zuletzt geprüft' : 'Last checked'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Zählt noch?' : 'Still counts?'}</th>
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {defekte.items.map((d) => (
                <tr>
                  <th scope="row" class="kern-table__cell break-all">
                    {/^https?:\/\//i.test(d.url) ? (
                      <a class="kern-link" href={d.url} rel="noopener noreferrer nofollow">
                        {d.url}
                      </a>
                    ) : (
                      d.url
                    )}
                    <span class="kern-body kern-body--small list-members">{d.verfahren.join(', ')}</span>
                    {d.zielUrl && (
                      <span class="kern-body kern-body--small list-members">
                        {de ? 'Weitergeleitet auf ' : 'Redirected to '}
                        {d.zielUrl}
                      </span>
                    )}
                  </th>
                  <td class="kern-table__cell kern-table__cell--numeric">{formatNumber(l, d.behoerden)}</td>
                  <td class="kern-table__cell">{d.defektSeit ? datum(l, d.defektSeit) : '–'}</td>
                  <td class="kern-table__cell">{d.fehler ?? '–'}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{d.httpStatus ?? '–'}</td>
                  <td class="kern-table__cell">{zeit(l, d.geprueftAm)}</td>
                  <td class="kern-table__cell">
                    <ZaehltNoch item={d} l={l} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TabellenBereich>
      )}

      <Pagination locale={ctx.locale} page={defekte.page} pages={pages} href={(p) => seitenLink(query, p)} label={de ? 'Seiten' : 'Pages'} />
    </Layout>
  );
}
