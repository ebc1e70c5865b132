/** Programme pages: start (per role), officers' work list, grant overview, statistics, budget ledger. */
import { DemoHinweis, Layout, type PageContext, TabellenBereich, Erfolgsmeldung } from '../../shared/layout';
import { formatEuro } from '../foerderung.regeln';
import type { UebersichtRow } from '../foerderung.repository';
import type { FoerderungService } from '../foerderung.service';
import { STATUS, STATUS_TEXT } from '../foerderung.status';
import { Angaben, BalkenDiagramm, datum, euro, Hinweis, Seiten, sprache, StapelDiagramm, StatusBadge, statusText, Zeit } from './foerderung.parts';
import { zahlMitWort } from '../../shared/i18n';

type Settings = FoerderungService['settings'];
const crumbs = (ctx: PageContext) => [{ href: '/foerderung', label: ctx.locale === 'de' ? 'Förderprogramm' : 'Funding programme' }];

export function StartPage(props: {
  ctx: PageContext;
  settings: Settings;
  rolle: 'antragsteller' | 'sachbearbeitung' | 'ministerium' | 'andere';
  meine?: Awaited<ReturnType<FoerderungService['meineAntraege']>>;
  meldung?: string;
}) {
  const { ctx, settings: s, rolle, meine } = props;
  const t = sprache(ctx);
  const titel = t('Förderprogramm „Digitales Rathaus“', 'Funding programme “Digitales Rathaus”');
  return (
    <Layout ctx={ctx} title={titel}>
      <h1 class="kern-heading-large">{titel}</h1>
      <Erfolgsmeldung text={props.meldung} />
      <p class="kern-body">
        {t(
          `Der Freistaat fördert Gemeinden, Verwaltungsgemeinschaften, Landkreise und Bezirke, die Online-Dienste erstmals anbieten: ${s.satzProzent} % der zuwendungsfähigen Ausgaben (${s.satzRmbhProzent} % in einem Raum mit besonderem Handlungsbedarf), höchstens ${formatEuro(s.hoechstbetragCent)} je Antragsteller, mindestens ${formatEuro(s.mindestbetragCent)}. Voraussetzung: insgesamt mindestens ${s.mindestDienste} verlinkte Online-Dienste (Bezirke ${s.mindestDiensteBezirk}), BayernID, Postkorb und E-Payment wo nötig, mobilfähig.`,
          `The Free State funds municipalities, administrative associations, districts and Bezirke that offer online services for the first time: ${s.satzProzent} % of eligible costs (${s.satzRmbhProzent} % in areas with special need), at most ${formatEuro(s.hoechstbetragCent, 'en')} per applicant, at least ${formatEuro(s.mindestbetragCent, 'en')}. Conditions: at least ${s.mindestDienste} linked online services in total (Bezirke ${s.mindestDiensteBezirk}), BayernID, Postkorb and e-payment where needed, mobile-ready.`,
        )}
      </p>
      {rolle === 'antragsteller' && meine && (
        <>
          <h2 class="kern-heading-medium">{t('Neuen Antrag stellen', 'New application')}</h2>
          <ul class="kern-list foerder-liste">
            {meine.behoerden.map((b) => (
              <li>
                <a class="kern-link" href={`/foerderung/antraege/neu?ars=${b.ars}`}>
                  {t(`Förderantrag für ${b.name} stellen`, `Apply for ${b.name}`)}
                </a>
              </li>
            ))}
          </ul>
          <h2 class="kern-heading-medium">{t('Ihre Anträge, Entwürfe und Bescheide', 'Your applications, drafts and notices')}</h2>
          {meine.antraege.length === 0 ? (
            <p class="kern-body">{t('Sie haben noch keinen Förderantrag gestellt.', 'You have no applications yet.')}</p>
          ) : (
            <TabellenBereich label={t('Ihre Förderanträge', 'Your applications')}>
              <table class="kern-table kern-table--striped">
                <caption class="kern-sr-only">{t('Ihre Förderanträge', 'Your applications')}</caption>
                <thead class="kern-table__header">
                  <tr>
                    <th scope="col" class="kern-table__header">{t('Aktenzeichen', 'File number')}</th>
                    <th scope="col" class="kern-table__header">{t('Maßnahme', 'Measure')}</th>
                    <th scope="col" class="kern-table__header">{t('Status', 'Status')}</th>
                    <th scope="col" class="kern-table__header foerder-zahl">{t('Zuwendung', 'Grant')}</th>
                    <th scope="col" class="kern-table__header">{t('Nachweis fällig', 'Proof due')}</th>
                    <th scope="col" class="kern-table__header">{t('Bescheid', 'Notice')}</th>
                  </tr>
                </thead>
                <tbody class="kern-table__body">
                  {meine.antraege.map((a) => (
                    <tr>
                      <th scope="row" class="kern-table__cell">
                        <a class="kern-link" href={`/foerderung/antraege/${a.id}`}>
                          {a.aktenzeichen}
                        </a>
                        <span class="kern-body kern-body--small list-members">{a.behoerde_name}</span>
                      </th>
                      <td class="kern-table__cell">{a.massnahme || t('(Entwurf ohne Titel)', '(untitled draft)')}</td>
                      <td class="kern-table__cell">
                        <StatusBadge ctx={ctx} status={a.status} />
                      </td>
                      <td class="kern-table__cell foerder-zahl">{euro(ctx, a.foerderbetragCent)}</td>
                      <td class="kern-table__cell">{datum(a.nachweisFaelligAm)}</td>
                      <td class="kern-table__cell">
                        {a.bescheidAm ? (
                          <a class="kern-link" href={`/foerderung/antraege/${a.id}/bescheid.pdf`}>
                            PDF<span class="kern-sr-only">{t(`: Bescheid zu ${a.aktenzeichen}`, `: notice for ${a.aktenzeichen}`)}</span>
                          </a>
                        ) : (
                          '–'
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TabellenBereich>
          )}
        </>
      )}
      {(rolle === 'sachbearbeitung' || rolle === 'ministerium') && (
        <>
          <h2 class="kern-heading-medium">{t('Verwaltung', 'Administration')}</h2>
          <ul class="kern-list foerder-liste">
            {rolle === 'sachbearbeitung' && (
              <li>
                <a class="kern-link" href="/foerderung/arbeitsliste">
                  {t('Arbeitsliste: Anträge und Nachweise, die auf einen Schritt warten', 'Work list: applications and proofs waiting for a step')}
                </a>
              </li>
            )}
            <li>
              <a class="kern-link" href="/foerderung/uebersicht">
                {t('Förderübersicht (VV Nr. 9 zu Art. 44 BayHO) mit Export', 'Grant overview (VV No. 9 on Art. 44 BayHO) with export')}
              </a>
            </li>
            <li>
              <a class="kern-link" href="/foerderung/statistik">
                {t('Statistik', 'Statistics')}
              </a>
            </li>
            <li>
              <a class="kern-link" href="/foerderung/haushalt">
                {t('Haushalt: Mittelbindungen und Auszahlungen', 'Budget: commitments and payouts')}
              </a>
            </li>
          </ul>
        </>
      )}
      {rolle === 'andere' && <p class="kern-body">{t('Ihre Rolle hat im Förderprogramm keine Aufgaben.', 'Your role has no tasks in the funding programme.')}</p>}
    </Layout>
  );
}

function AntragsTabelle({ ctx, items, caption }: { ctx: PageContext; items: UebersichtRow[]; caption: string }) {
  const t = sprache(ctx);
  return (
    <TabellenBereich label={caption}>
      <table class="kern-table kern-table--striped">
        <caption class="kern-sr-only">{caption}</caption>
        <thead class="kern-table__header">
          <tr>
            <th scope="col" class="kern-table__header">{t('Aktenzeichen', 'File number')}</th>
            <th scope="col" class="kern-table__header">{t('Zuwendungsempfänger', 'Recipient')}</th>
            <th scope="col" class="kern-table__header">{t('Maßnahme', 'Measure')}</th>
            <th scope="col" class="kern-table__header">{t('Status', 'Status')}</th>
            <th scope="col" class="kern-table__header foerder-zahl">{t('Zuwendung', 'Grant')}</th>
            <th scope="col" class="kern-table__header">{t('Nachweis fällig', 'Proof due')}</th>
            <th scope="col" class="kern-table__header">{t('Nachweis eingegangen', 'Proof received')}</th>
            <th scope="col" class="kern-table__header">{t('Nachweis geprüft', 'Proof checked')}</th>
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {items.map((r) => (
            <tr>
              <th scope="row" class="kern-table__cell">
                <a class="kern-link" href={`/foerderung/antraege/${r.id}`}>
                  {r.aktenzeichen}
                </a>
                {r.demo && ctx.demo && <span class="kern-body kern-body--small list-members">{t('Demodaten', 'demo data')}</span>}
              </th>
              <td class="kern-table__cell">
                {r.behoerde_name}
                <span class="kern-body kern-body--small list-members">{r.regbez_name ?? ''}</span>
              </td>
              <td class="kern-table__cell">{r.massnahme}</td>
              <td class="kern-table__cell">
                <StatusBadge ctx={ctx} status={r.status} />
              </td>
              <td class="kern-table__cell foerder-zahl">{r.status === 'abgelehnt' ? '–' : euro(ctx, r.foerderbetrag_cent)}</td>
              <td class="kern-table__cell">{datum(r.nachweis_faellig_am)}</td>
              <td class="kern-table__cell">{datum(r.nachweis_eingegangen_am)}</td>
              <td class="kern-table__cell">{datum(r.nachweis_geprueft_am)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TabellenBereich>
  );
}

export interface UebersichtQuery {
  status?: string[];
  regierungsbezirk?: string;
  ueberfaellig: boolean;
  jahr?: number;
  q?: string;
  seite: number;
  proSeite: number;
}

export const uebersichtParams = (q: UebersichtQuery, extra: Record<string, string> = {}) => {
  const p = new URLSearchParams();
  if (q.status?.length) for (const s of q.status) p.append('status', s);
  if (q.regierungsbezirk) p.set('regierungsbezirk', q.regierungsbezirk);
  if (q.ueberfaellig) p.set('ueberfaellig', 'ja');
  if (q.jahr) p.set('jahr', String(q.jahr));
  if (q.q) p.set('q', q.q);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p.toString();
};

export function UebersichtPage(props: {
  ctx: PageContext;
  query: UebersichtQuery;
  result: Awaited<ReturnType<FoerderungService['uebersicht']>>;
  regierungsbezirke: { ars: string; name: string }[];
}) {
  const { ctx, query, result } = props;
  const t = sprache(ctx);
  const titel = t('Förderübersicht', 'Grant overview');
  return (
    <Layout ctx={ctx} title={titel} crumbs={crumbs(ctx)}>
      <h1 class="kern-heading-large">{titel}</h1>
      <p class="kern-body">
        {t(
          'Übersicht je Zuwendung nach VV Nr. 9 zu Art. 44 BayHO: Empfänger, Maßnahme, Betrag, Fälligkeit des Verwendungsnachweises, Eingang und Prüfung.',
          'Overview per grant as VV No. 9 on Art. 44 BayHO asks: recipient, measure, amount, proof-of-use due date, receipt and check.',
        )}{' '}
        {ctx.demo && <DemoHinweis locale={ctx.locale} />}
      </p>
      <form method="get" action="/foerderung/uebersicht" class="filter-form" role="search" aria-label={t('Förderübersicht filtern', 'Filter grant overview')}>
        <div class="filter-form__grid">
          <div class="kern-form-input">
            <label class="kern-label" for="q">
              {t('Suche (Empfänger, Maßnahme, Aktenzeichen)', 'Search (recipient, measure, file number)')}
            </label>
            <input class="kern-form-input__input" id="q" name="q" type="search" value={query.q ?? ''} />
          </div>
          <div class="kern-form-input">
            <label class="kern-label" for="status">
              {t('Status', 'Status')}
            </label>
            <div class="kern-form-input__select-wrapper">
              <select class="kern-form-input__select" id="status" name="status">
                <option value="">{t('Alle (außer Entwürfe)', 'All (except drafts)')}</option>
                {STATUS.filter((s) => s !== 'entwurf').map((s) => (
                  <option value={s} selected={query.status?.length === 1 && query.status[0] === s}>
                    {STATUS_TEXT[s][ctx.locale]}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div class="kern-form-input">
            <label class="kern-label" for="regierungsbezirk">
              {t('Regierungsbezirk', 'Administrative region')}
            </label>
            <div class="kern-form-input__select-wrapper">
              <select class="kern-form-input__select" id="regierungsbezirk" name="regierungsbezirk">
                <option value="">{t('Alle', 'All')}</option>
                {props.regierungsbezirke.map((r) => (
                  <option value={r.ars} selected={query.regierungsbezirk === r.ars}>
                    {r.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div class="kern-form-input">
            <label class="kern-label" for="jahr">
              {t('Jahr der Antragstellung', 'Year of application')}
            </label>
            <input class="kern-form-input__input kern-form-input__input--width-4" id="jahr" name="jahr" type="text" inputMode="numeric" value={query.jahr ? String(query.jahr) : ''} />
          </div>
        </div>
        <div class="kern-form-check foerder-filter-check">
          <input class="kern-form-check__checkbox" id="ueberfaellig" name="ueberfaellig" type="checkbox" value="ja" checked={query.ueberfaellig} />
          <label class="kern-label" for="ueberfaellig">
            {t('Nur überfällige Verwendungsnachweise', 'Only overdue proofs of use')}
          </label>
        </div>
        <div class="filter-form__actions">
          <button type="submit" class="kern-btn kern-btn--secondary">
            <span class="kern-label">{t('Filtern', 'Filter')}</span>
          </button>
        </div>
      </form>
      <p class="kern-body" role="status">
        {t(
          `${zahlMitWort('de', result.total, 'Antrag', 'Anträge')} · bewilligt: ${formatEuro(result.summeBewilligtCent)} · ausgezahlt: ${formatEuro(result.summeAusgezahltCent)}`,
          `${zahlMitWort('en', result.total, 'application', 'applications')} · granted: ${formatEuro(result.summeBewilligtCent, 'en')} · paid: ${formatEuro(result.summeAusgezahltCent, 'en')}`,
        )}
      </p>
      <p class="kern-body">
        <a class="kern-link" href={`/foerderung/uebersicht.csv?${uebersichtParams(query)}`} download>
          {t('Als CSV herunterladen (Excel-kompatibel)', 'Download as CSV (Excel-compatible)')}
        </a>
      </p>
      {result.items.length > 0 && <AntragsTabelle ctx={ctx} items={result.items} caption={titel} />}
      <Seiten ctx={ctx} total={result.total} seite={query.seite} proSeite={query.proSeite} href={(s) => `/foerderung/uebersicht?${uebersichtParams(query, { seite: String(s) })}`} />
    </Layout>
  );
}

const FARBE = { ausgezahlt: '#0a5a8f', gebunden: '#5a9bd5', frei: '#d8dde8' };

export function StatistikPage({ ctx, s }: { ctx: PageContext; s: Awaited<ReturnType<FoerderungService['statistik']>> }) {
  const t = sprache(ctx);
  const titel = t('Statistik des Förderprogramms', 'Funding programme statistics');
  const fmt = (c: bigint) => formatEuro(c, ctx.locale);
  const status = STATUS.filter((x) => x !== 'entwurf').map((x) => ({ status: x, anzahl: s.nachStatus.find((n) => n.status === x)?.anzahl ?? 0 }));
  const offen = s.offenCent;
  return (
    <Layout ctx={ctx} title={titel} crumbs={crumbs(ctx)}>
      <h1 class="kern-heading-large">{titel}</h1>
      {ctx.demo && (
        <p class="kern-body">
          <DemoHinweis locale={ctx.locale} />
        </p>
      )}
      <Angaben
        items={[
          [t('Eingereichte Anträge', 'Applications submitted'), s.eingereicht.toLocaleString('de-DE')],
          [t('Bewilligte Anträge', 'Applications approved'), s.bewilligt.toLocaleString('de-DE')],
          [t('Programmbudget', 'Programme budget'), fmt(s.stand.gesamtCent)],
          [t('Bewilligt (Mittelbindungen)', 'Granted (commitments)'), fmt(s.stand.gebundenCent)],
          [t('Davon wieder freigegeben (nicht benötigt)', 'Of which released (not needed)'), fmt(s.stand.entbundenCent)],
          [t('Ausgezahlt', 'Paid out'), fmt(s.stand.ausgezahltCent)],
          [t('Verbleibendes Budget', 'Remaining budget'), <strong>{fmt(s.restCent)}</strong>],
        ]}
      />

      <h2 class="kern-heading-medium" id="budget">
        {t('Budget', 'Budget')}
      </h2>
      <StapelDiagramm
        id="chart-budget"
        titel={t('Verwendung des Programmbudgets', 'Use of the programme budget')}
        beschreibung={t(`Ausgezahlt ${fmt(s.stand.ausgezahltCent)}, gebunden und noch nicht ausgezahlt ${fmt(offen)}, frei ${fmt(s.restCent)}.`, `Paid ${fmt(s.stand.ausgezahltCent)}, committed ${fmt(offen)}, free ${fmt(s.restCent)}.`)}
        segmente={[
          { label: t('ausgezahlt', 'paid out'), wert: s.stand.ausgezahltCent, farbe: FARBE.ausgezahlt, anzeige: fmt(s.stand.ausgezahltCent) },
          { label: t('gebunden, nicht ausgezahlt', 'committed, not paid'), wert: offen, farbe: FARBE.gebunden, anzeige: fmt(offen) },
          { label: t('frei', 'free'), wert: s.restCent, farbe: FARBE.frei, anzeige: fmt(s.restCent) },
        ]}
      />

      <h2 class="kern-heading-medium" id="status">
        {t('Anträge nach Status', 'Applications by status')}
      </h2>
      <BalkenDiagramm
        id="chart-status"
        titel={t('Anträge nach Status', 'Applications by status')}
        beschreibung={t('Anzahl der eingereichten Anträge je Status; die Werte stehen auch in der Tabelle darunter.', 'Number of submitted applications per status; the values are also in the table below.')}
        balken={status.map((x) => ({ label: STATUS_TEXT[x.status][ctx.locale], wert: BigInt(x.anzahl), anzeige: x.anzahl.toLocaleString('de-DE') }))}
      />
      <TabellenBereich label={t('Anträge nach Status', 'Applications by status')}>
        <table class="kern-table">
          <caption class="kern-sr-only">{t('Anträge nach Status', 'Applications by status')}</caption>
          <thead class="kern-table__header">
            <tr>
              <th scope="col" class="kern-table__header">{t('Status', 'Status')}</th>
              <th scope="col" class="kern-table__header foerder-zahl">{t('Anträge', 'Applications')}</th>
            </tr>
          </thead>
          <tbody class="kern-table__body">
            {status.map((x) => (
              <tr>
                <th scope="row" class="kern-table__cell">{statusText(ctx, x.status)}</th>
                <td class="kern-table__cell foerder-zahl">{x.anzahl.toLocaleString('de-DE')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TabellenBereich>

      <h2 class="kern-heading-medium" id="regierungsbezirke">
        {t('Nach Regierungsbezirk', 'By administrative region')}
      </h2>
      <BalkenDiagramm
        id="chart-regbez"
        titel={t('Bewilligte Zuwendungen nach Regierungsbezirk', 'Grants by administrative region')}
        beschreibung={t('Summe der bewilligten Zuwendungen je Regierungsbezirk; die Werte stehen auch in der Tabelle darunter.', 'Sum of grants per region; the values are also in the table below.')}
        balken={s.nachRegbez.map((r) => ({ label: r.name, wert: BigInt(r.summe), anzeige: fmt(BigInt(r.summe)) }))}
      />
      <ZahlenTabelle
        caption={t('Anträge und Zuwendungen nach Regierungsbezirk', 'Applications and grants by region')}
        spalte={t('Regierungsbezirk', 'Region')}
        zeilen={s.nachRegbez.map((r) => ({ ...r, label: r.name }))}
        t={t}
        fmt={fmt}
      />

      <h2 class="kern-heading-medium" id="jahre">
        {t('Nach Jahr der Antragstellung', 'By year of application')}
      </h2>
      <BalkenDiagramm
        id="chart-jahre"
        titel={t('Eingereichte Anträge nach Jahr', 'Applications by year')}
        beschreibung={t('Anzahl der eingereichten Anträge je Jahr; die Werte stehen auch in der Tabelle darunter.', 'Number of applications per year; the values are also in the table below.')}
        balken={s.nachJahr.map((j) => ({ label: String(j.jahr), wert: BigInt(j.antraege), anzeige: j.antraege.toLocaleString('de-DE') }))}
        farbe="#5a9bd5"
      />
      <ZahlenTabelle caption={t('Anträge nach Jahr', 'Applications by year')} spalte={t('Jahr', 'Year')} zeilen={s.nachJahr.map((j) => ({ ...j, label: String(j.jahr) }))} t={t} fmt={fmt} />
    </Layout>
  );
}

/** Applications, approvals and granted sum per group (Regierungsbezirk, year): the table beside a chart. */
function ZahlenTabelle({ caption, spalte, zeilen, t, fmt }: { caption: string; spalte: string; zeilen: { label: string; antraege: number; bewilligt: number; summe: string | bigint }[]; t: (de: string, en: string) => string; fmt: (cent: bigint) => string }) {
  return (
    <TabellenBereich label={caption}>
      <table class="kern-table">
        <caption class="kern-sr-only">{caption}</caption>
        <thead class="kern-table__header">
          <tr>
            <th scope="col" class="kern-table__header">{spalte}</th>
            <th scope="col" class="kern-table__header foerder-zahl">{t('Anträge', 'Applications')}</th>
            <th scope="col" class="kern-table__header foerder-zahl">{t('bewilligt', 'approved')}</th>
            <th scope="col" class="kern-table__header foerder-zahl">{t('Summe bewilligt', 'Sum granted')}</th>
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {zeilen.map((z) => (
            <tr>
              <th scope="row" class="kern-table__cell">{z.label}</th>
              <td class="kern-table__cell foerder-zahl">{z.antraege.toLocaleString('de-DE')}</td>
              <td class="kern-table__cell foerder-zahl">{z.bewilligt.toLocaleString('de-DE')}</td>
              <td class="kern-table__cell foerder-zahl">{fmt(BigInt(z.summe))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TabellenBereich>
  );
}

const BUCHUNG: Record<string, [string, string]> = {
  bindung: ['Mittelbindung', 'Commitment'],
  auszahlung: ['Auszahlung', 'Payout'],
  entbindung: ['Freigabe nicht benötigter Mittel', 'Release of unused funds'],
};

export function HaushaltPage({ ctx, h }: { ctx: PageContext; h: Awaited<ReturnType<FoerderungService['haushalt']>> }) {
  const t = sprache(ctx);
  const titel = t('Haushalt des Förderprogramms', 'Programme budget');
  const fmt = (c: bigint) => formatEuro(c, ctx.locale);
  return (
    <Layout ctx={ctx} title={titel} crumbs={crumbs(ctx)}>
      <h1 class="kern-heading-large">{titel}</h1>
      <Angaben
        items={[
          [t('Programmbudget', 'Programme budget'), fmt(h.stand.gesamtCent)],
          [t('Mittelbindungen (Summe)', 'Commitments (sum)'), fmt(h.stand.gebundenCent)],
          [t('Freigegebene, nicht benötigte Mittel', 'Released unused funds'), fmt(h.stand.entbundenCent)],
          [t('Auszahlungen', 'Payouts'), fmt(h.stand.ausgezahltCent)],
          [t('Gebunden, noch nicht ausgezahlt', 'Committed, not yet paid'), fmt(h.offenCent)],
          [t('Verbleibendes Budget', 'Remaining budget'), <strong>{fmt(h.restCent)}</strong>],
        ]}
      />
      {h.stimmtUeberein ? (
        <Hinweis titel={t('Abgleich stimmt', 'Reconciliation matches')}>
          <p class="kern-body">
            {t(
              `Die Summe der bewilligten Zuwendungen in der Förderübersicht (${fmt(h.summeBewilligtCent)}) stimmt mit den Mittelbindungen im Haushalt überein.`,
              `The sum of grants in the overview (${fmt(h.summeBewilligtCent)}) matches the ledger's commitments.`,
            )}
          </p>
        </Hinweis>
      ) : (
        <Hinweis titel={t('Abgleich stimmt nicht', 'Reconciliation does not match')} art="danger">
          <p class="kern-body">
            {t(`Förderübersicht ${fmt(h.summeBewilligtCent)}, Haushalt ${fmt(h.stand.gebundenCent)}. Bitte prüfen.`, `Overview ${fmt(h.summeBewilligtCent)}, ledger ${fmt(h.stand.gebundenCent)}. Please check.`)}
          </p>
        </Hinweis>
      )}
      <h2 class="kern-heading-medium" id="buchungen">
        {t(`Buchungen (${h.buchungen.total.toLocaleString('de-DE')})`, `Ledger entries (${h.buchungen.total.toLocaleString('en-GB')})`)}
      </h2>
      <TabellenBereich label={t('Buchungen, neueste zuerst', 'Ledger entries, newest first')}>
        <table class="kern-table kern-table--striped">
          <caption class="kern-sr-only">{t('Buchungen, neueste zuerst', 'Ledger entries, newest first')}</caption>
          <thead class="kern-table__header">
            <tr>
              <th scope="col" class="kern-table__header">{t('Zeitpunkt', 'Time')}</th>
              <th scope="col" class="kern-table__header">{t('Art', 'Kind')}</th>
              <th scope="col" class="kern-table__header">{t('Antrag', 'Application')}</th>
              <th scope="col" class="kern-table__header foerder-zahl">{t('Betrag', 'Amount')}</th>
              <th scope="col" class="kern-table__header">{t('Person', 'Person')}</th>
            </tr>
          </thead>
          <tbody class="kern-table__body">
            {h.buchungen.items.map((b) => (
              <tr>
                <td class="kern-table__cell">
                  <Zeit am={b.at} />
                </td>
                <td class="kern-table__cell">{t(...(BUCHUNG[b.art] ?? [b.art, b.art]))}</td>
                <td class="kern-table__cell">
                  <a class="kern-link" href={`/foerderung/antraege/${b.antragId}`}>
                    {b.aktenzeichen}
                  </a>
                  <span class="kern-body kern-body--small list-members">
                    {b.behoerde_name}
                    {b.demo && ctx.demo ? t(' · Demodaten', ' · demo data') : ''}
                  </span>
                </td>
                <td class="kern-table__cell foerder-zahl">{fmt(b.betragCent)}</td>
                <td class="kern-table__cell">{b.actorLabel}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TabellenBereich>
      <Seiten ctx={ctx} total={h.buchungen.total} seite={h.seite} proSeite={h.proSeite} href={(s) => `/foerderung/haushalt?seite=${s}`} />
    </Layout>
  );
}
