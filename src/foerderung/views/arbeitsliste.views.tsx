/**
 * The grant officers' work list: filters (status incl. decided ones, Regierungsbezirk, type, age,
 * amount, flags), sorting, pages of at most 100, the submission date and age, the amounts and the
 * rule warnings. Works without JavaScript; an unknown filter value is named and left out.
 */

import type { IgnorierterFilter } from '../../shared/filter';
import { ArbeitslistenFilter, FilterHinweis, GEMEINSAME_FILTER_NAMEN } from '../../shared/filter-hinweis';
import { Layout, type PageContext, Pagination, SelectField, TabellenBereich, Erfolgsmeldung } from '../../shared/layout';
import { formatEuro } from '../foerderung.regeln';
import type { FoerderungService } from '../foerderung.service';
import { STATUS, STATUS_TEXT } from '../foerderung.status';
import { Csrf, datum, euro, sprache, StatusBadge } from './foerderung.parts';
import { typLabel } from '../../shared/behoerde-typen';

export const SORTIERUNGEN = ['eingang', 'eingang_neu', 'betrag', 'betrag_klein', 'name', 'aktenzeichen'] as const;
/**
 * Ranges of the amount applied for (sum of the cost items), from the programme's numbers: below what
 * can reach the minimum grant at the standard rate, up to what reaches the cap, and above the cap.
 */
export function betragsStufen(r: { satzProzent: number; mindestbetragCent: bigint; hoechstbetragCent: bigint }, l: 'de' | 'en') {
  const unter = (r.mindestbetragCent * 100n + BigInt(r.satzProzent) - 1n) / BigInt(r.satzProzent);
  const ueber = (r.hoechstbetragCent * 100n) / BigInt(r.satzProzent);
  const f = (c: bigint) => formatEuro(c, l);
  return {
    'unter-mindest': { max: unter - 1n, text: l === 'de' ? `unter ${f(unter)} (erreicht bei ${r.satzProzent} % die Mindestzuwendung nicht)` : `below ${f(unter)} (does not reach the minimum grant at ${r.satzProzent} %)` },
    regulaer: { min: unter, max: ueber, text: l === 'de' ? `${f(unter)} bis ${f(ueber)}` : `${f(unter)} to ${f(ueber)}` },
    'ueber-hoechst': { min: ueber + 1n, text: l === 'de' ? `über ${f(ueber)} (bei ${r.satzProzent} % über dem Höchstbetrag)` : `over ${f(ueber)} (above the cap at ${r.satzProzent} %)` },
  } as Record<string, { min?: bigint; max?: bigint; text: string }>;
}
export const BETRAGS_STUFEN = ['unter-mindest', 'regulaer', 'ueber-hoechst'] as const;
export const STATUS_WAHL = ['offen', ...STATUS.filter((s) => s !== 'entwurf'), 'alle'] as const;

export interface ArbeitslisteAnsicht {
  status: (typeof STATUS_WAHL)[number];
  regierungsbezirk?: string;
  typ?: string;
  mindestAlterTage?: number;
  betrag?: string;
  regelwarnung: boolean;
  nichtFoerderfaehig: boolean;
  satzOffen: boolean;
  ueberfaellig: boolean;
  fuerMich: boolean;
  sort: (typeof SORTIERUNGEN)[number];
  seite: number;
  proSeite: number;
}

export const FILTER_NAMEN: Record<string, { de: string; en: string }> = {
  ...GEMEINSAME_FILTER_NAMEN,
  status: { de: 'Status', en: 'Status' },
  betrag: { de: 'Beantragter Betrag', en: 'Amount applied for' },
  regelwarnung: { de: 'Regelwarnungen', en: 'Rule warnings' },
  nichtFoerderfaehig: { de: 'Nicht bewilligungsfähig eingereicht', en: 'Submitted though not grantable' },
  satzOffen: { de: 'Erhöhter Fördersatz zu bestätigen', en: 'Higher rate to confirm' },
  ueberfaellig: { de: 'Überfälliger Verwendungsnachweis', en: 'Proof of use overdue' },
  fuerMich: { de: 'Nur, was ich bearbeiten darf', en: 'Only what I may act on' },
  erinnert: { de: 'Erinnerungen', en: 'Reminders' },
};

const STATUS_FILTER_TEXT = (s: string, l: 'de' | 'en') =>
  s === 'offen' ? (l === 'de' ? 'Zu bearbeiten (alle offenen Schritte)' : 'To do (every open step)') : s === 'alle' ? (l === 'de' ? 'Alle (auch entschiedene)' : 'All (decided too)') : STATUS_TEXT[s as (typeof STATUS)[number]][l];
const SORT_TEXT: Record<string, { de: string; en: string }> = {
  eingang: { de: 'Eingang: älteste zuerst', en: 'Submitted: oldest first' },
  eingang_neu: { de: 'Eingang: neueste zuerst', en: 'Submitted: newest first' },
  betrag: { de: 'Beantragter Betrag: höchster zuerst', en: 'Amount applied for: highest first' },
  betrag_klein: { de: 'Beantragter Betrag: niedrigster zuerst', en: 'Amount applied for: lowest first' },
  name: { de: 'Zuwendungsempfänger (A–Z)', en: 'Recipient (A–Z)' },
  aktenzeichen: { de: 'Aktenzeichen', en: 'File number' },
};

export function arbeitslisteHref(f: ArbeitslisteAnsicht, seite = f.seite) {
  const p = new URLSearchParams();
  if (f.status !== 'offen') p.set('status', f.status);
  if (f.regierungsbezirk) p.set('regierungsbezirk', f.regierungsbezirk);
  if (f.typ) p.set('typ', f.typ);
  if (f.mindestAlterTage !== undefined) p.set('mindestAlterTage', String(f.mindestAlterTage));
  if (f.betrag) p.set('betrag', f.betrag);
  for (const k of ['regelwarnung', 'nichtFoerderfaehig', 'satzOffen', 'ueberfaellig', 'fuerMich'] as const) if (f[k]) p.set(k, 'ja');
  if (f.sort !== 'eingang') p.set('sort', f.sort);
  if (f.proSeite !== 100) p.set('proSeite', String(f.proSeite));
  if (seite > 1) p.set('seite', String(seite));
  const s = p.toString();
  return `/foerderung/arbeitsliste${s ? `?${s}` : ''}`;
}

const tageSeit = (stichtag: string, am: Date | string | null) => {
  if (!am) return undefined;
  const tag = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date(am));
  return Math.round((Date.parse(`${stichtag}T00:00:00Z`) - Date.parse(`${tag}T00:00:00Z`)) / 86_400_000);
};

function Pruefhinweise({ ctx, r }: { ctx: PageContext; r: Awaited<ReturnType<FoerderungService['arbeitsliste']>>['items'][number] }) {
  const t = sprache(ctx);
  const marken: [string, string][] = [];
  if (r.nicht_erfuellt > 0) marken.push(['danger', t(`${r.nicht_erfuellt} Regel${r.nicht_erfuellt > 1 ? 'n' : ''} nicht erfüllt`, `${r.nicht_erfuellt} rule${r.nicht_erfuellt > 1 ? 's' : ''} not met`)]);
  if (r.offen > 0) marken.push(['warning', t(`${r.offen} offen`, `${r.offen} open`)]);
  if (r.nicht_foerderfaehig_bestaetigt) marken.push(['danger', t('trotz Hinweis eingereicht', 'submitted despite the warning')]);
  if (r.satz_offen) marken.push(['warning', t('erhöhter Satz zu bestätigen', 'higher rate to confirm')]);
  if (marken.length === 0) return <>{r.status === 'entwurf' ? '–' : t('keine', 'none')}</>;
  return (
    <ul class="foerder-marken">
      {marken.map(([art, text]) => (
        <li>
          <span class={`kern-badge kern-badge--${art}`}>
            <span class="kern-label kern-label--small">{text}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

export function ArbeitslistePage(props: {
  ctx: PageContext;
  liste: Awaited<ReturnType<FoerderungService['arbeitsliste']>>;
  filter: ArbeitslisteAnsicht;
  ignoriert: IgnorierterFilter[];
  regierungsbezirke: { ars: string; name: string }[];
  regeln: { satzProzent: number; mindestbetragCent: bigint; hoechstbetragCent: bigint };
  darfErinnern: boolean;
  meldung?: string;
}) {
  const { ctx, liste, filter: f } = props;
  const t = sprache(ctx);
  const l = ctx.locale;
  const titel = t('Arbeitsliste Förder-Sachbearbeitung', 'Grant officers’ work list');
  const seiten = Math.max(1, Math.ceil(liste.total / f.proSeite));
  const erster = liste.total === 0 ? 0 : (f.seite - 1) * f.proSeite + 1;
  const letzter = Math.min(liste.total, f.seite * f.proSeite);
  const Merkmal = ({ name, text }: { name: 'regelwarnung' | 'nichtFoerderfaehig' | 'satzOffen' | 'ueberfaellig' | 'fuerMich'; text: string }) => (
    <div class="kern-form-check">
      <input class="kern-form-check__checkbox" type="checkbox" id={name} name={name} value="ja" checked={f[name]} />
      <label class="kern-label" for={name}>
        {text}
      </label>
    </div>
  );
  return (
    <Layout ctx={ctx} title={titel} crumbs={[{ href: '/foerderung', label: t('Förderprogramm', 'Funding programme') }]}>
      <h1 class="kern-heading-large">{titel}</h1>
      <Erfolgsmeldung text={props.meldung} />
      <FilterHinweis ignoriert={props.ignoriert} namen={FILTER_NAMEN} locale={l} />
      <ArbeitslistenFilter
        action="/foerderung/arbeitsliste"
        locale={l}
        namen={FILTER_NAMEN}
        werte={f}
        status={STATUS_WAHL.map((value) => ({ value, label: STATUS_FILTER_TEXT(value, l) }))}
        regierungsbezirke={props.regierungsbezirke.map((r) => ({ value: r.ars, label: r.name }))}
        sortierungen={SORTIERUNGEN.map((value) => ({ value, label: SORT_TEXT[value][l] }))}
        weitereAuswahl={
          <SelectField name="betrag" label={FILTER_NAMEN.betrag[l]} value={f.betrag} leer={t('beliebig', 'any')} options={Object.entries(betragsStufen(props.regeln, l)).map(([value, b]) => ({ value, label: b.text }))} />
        }
      >
        <fieldset class="kern-fieldset foerder-fieldset">
          <legend class="kern-label">{t('Nur Anträge mit diesen Merkmalen', 'Only applications with these flags')}</legend>
          <div class="kern-fieldset__body">
            <Merkmal name="regelwarnung" text={t('Regelwarnungen (nicht erfüllt oder offen)', 'Rule warnings (not met or open)')} />
            <Merkmal name="nichtFoerderfaehig" text={t('Nicht bewilligungsfähig eingereicht', 'Submitted though not grantable')} />
            <Merkmal name="satzOffen" text={t('Erhöhter Fördersatz wartet auf Bestätigung', 'Higher rate waiting for confirmation')} />
            <Merkmal name="ueberfaellig" text={t('Verwendungsnachweis überfällig', 'Proof of use overdue')} />
            <Merkmal name="fuerMich" text={t('Nur, was ich jetzt bearbeiten darf (Vier Augen, nicht selbst eingereicht)', 'Only what I may act on now (four eyes, not submitted by me)')} />
          </div>
        </fieldset>
      </ArbeitslistenFilter>
      <h2 class="kern-heading-medium" id="antraege">
        {STATUS_FILTER_TEXT(f.status, l)}: {t(`${liste.total.toLocaleString('de-DE')} Anträge`, `${liste.total.toLocaleString('en-GB')} applications`)}
      </h2>
      {liste.total === 0 ? (
        <p class="kern-body">{t('Keine Anträge für diese Filter.', 'No applications for these filters.')}</p>
      ) : (
        <>
          <p class="kern-body" role="status">
            {t(`Einträge ${erster} bis ${letzter} von ${liste.total.toLocaleString('de-DE')}`, `Entries ${erster} to ${letzter} of ${liste.total.toLocaleString('en-GB')}`)}
          </p>
          <TabellenBereich label={titel}>
            <table class="kern-table kern-table--striped foerder-arbeitsliste">
              <caption class="kern-sr-only">{titel}</caption>
              <thead class="kern-table__header">
                <tr>
                  <th scope="col" class="kern-table__header">{t('Aktenzeichen', 'File number')}</th>
                  <th scope="col" class="kern-table__header">{t('Zuwendungsempfänger', 'Recipient')}</th>
                  <th scope="col" class="kern-table__header">{t('Status', 'Status')}</th>
                  <th scope="col" class="kern-table__header">{t('Eingereicht am', 'Submitted on')}</th>
                  <th scope="col" class="kern-table__header foerder-zahl">{t('Alter (Tage)', 'Age (days)')}</th>
                  <th scope="col" class="kern-table__header foerder-zahl">{t('Beantragt', 'Applied for')}</th>
                  <th scope="col" class="kern-table__header foerder-zahl">{t('Zuwendung', 'Grant')}</th>
                  <th scope="col" class="kern-table__header">{t('Regelprüfung', 'Rule check')}</th>
                  <th scope="col" class="kern-table__header">{t('Hinweis', 'Note')}</th>
                </tr>
              </thead>
              <tbody class="kern-table__body">
                {liste.items.map((r) => (
                  <tr>
                    <th scope="row" class="kern-table__cell">
                      <a class="kern-link" href={`/foerderung/antraege/${r.id}`}>
                        {r.aktenzeichen}
                      </a>
                      {r.demo && ctx.demo && <span class="kern-body kern-body--small list-members">{t('Demodaten', 'demo data')}</span>}
                    </th>
                    <td class="kern-table__cell">
                      {r.behoerde_name}
                      <span class="kern-body kern-body--small list-members">
                        {typLabel(r.behoerde_typ, l)}
                        {r.regbez_name ? ` · ${r.regbez_name}` : ''}
                      </span>
                      <span class="kern-body kern-body--small list-members">{r.massnahme}</span>
                    </td>
                    <td class="kern-table__cell">
                      <StatusBadge ctx={ctx} status={r.status} />
                      {r.status === 'bewilligt' && r.nachweis_faellig_am && (
                        <span class="kern-body kern-body--small list-members">
                          {t('Nachweis fällig', 'Proof due')} {datum(r.nachweis_faellig_am)}
                        </span>
                      )}
                    </td>
                    <td class="kern-table__cell">{datum(r.eingereicht_am)}</td>
                    <td class="kern-table__cell foerder-zahl">{tageSeit(liste.stichtag, r.eingereicht_am) ?? '–'}</td>
                    <td class="kern-table__cell foerder-zahl">{euro(ctx, r.beantragt_cent)}</td>
                    <td class="kern-table__cell foerder-zahl">
                      {r.status === 'abgelehnt'
                        ? '–'
                        : r.foerderbetrag_cent !== null
                          ? euro(ctx, r.foerderbetrag_cent)
                          : r.berechnet_cent !== null && (
                              <>
                                {euro(ctx, r.berechnet_cent)}
                                <span class="kern-body kern-body--small list-members">{t('berechnet', 'computed')}</span>
                              </>
                            )}
                      {r.foerdersatz_prozent !== null && <span class="kern-body kern-body--small list-members">{r.foerdersatz_prozent} %</span>}
                    </td>
                    <td class="kern-table__cell">
                      <Pruefhinweise ctx={ctx} r={r} />
                    </td>
                    <td class="kern-table__cell">{r.vierAugenSperre ? <span class="kern-body kern-body--small">{r.vierAugenSperre.split(':')[0]}: {t('eine andere Person ist dran', 'another person must act')}</span> : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TabellenBereich>
          <Pagination locale={l} page={f.seite} pages={seiten} href={(s) => arbeitslisteHref(f, s)} label={t('Seiten der Arbeitsliste', 'Pages of the work list')} />
        </>
      )}
      {props.darfErinnern && (
        <>
          <h2 class="kern-heading-medium" id="erinnerungen">
            {t('Verwendungsnachweise', 'Proofs of use')}
          </h2>
          <p class="kern-body">
            <a class="kern-link" href={arbeitslisteHref({ ...f, status: 'bewilligt', ueberfaellig: true, seite: 1 })}>
              {t('Überfällige Verwendungsnachweise anzeigen', 'Show overdue proofs of use')}
            </a>
          </p>
          <form method="post" action="/foerderung/erinnerungen" class="inline-form">
            <Csrf ctx={ctx} />
            <button type="submit" class="kern-btn kern-btn--secondary">
              <span class="kern-label">{t('Erinnerungen an bald fällige und überfällige Nachweise versenden', 'Send reminders for proofs due soon or overdue')}</span>
            </button>
          </form>
        </>
      )}
    </Layout>
  );
}
