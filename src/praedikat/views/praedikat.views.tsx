import { fehlendeVerfahren, formatDate, type Locale } from '../../shared/i18n';
import { Erfolgsmeldung, ErrorSummary, type FieldError, Layout, type PageContext, TabellenBereich, TextField } from '../../shared/layout';
import type { MassnahmeRow } from '../praedikat.repository';
import type { PraedikatService, Vorpruefung } from '../praedikat.service';
import { ANTRAG_STATUS_TEXT, type AntragStatus, BEFANGEN, STATUS_TEXT } from '../praedikat.zustand';
import { Massnahmen, MassnahmenVerlauf } from './massnahmen.views';
import { VorpruefungVergleich } from './vorpruefung.views';
import { EreignisText } from '../../verlinkung/views/verlinkungen.views';
import { SignalAbschnitt } from './signale.views';

type Antrag = Awaited<ReturnType<PraedikatService['antrag']>>;
type Praedikat = Awaited<ReturnType<PraedikatService['praedikatVon']>>;
type Akte = Awaited<ReturnType<PraedikatService['akte']>>;

const zeitFormate = {
  de: new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }),
};
const zeit = (l: Locale, d: Date) => zeitFormate[l].format(d);
export const Zeit = ({ d, l }: { d: Date | string; l: Locale }) => {
  const date = typeof d === 'string' ? new Date(d) : d;
  return <time dateTime={date.toISOString()}>{zeit(l, date)}</time>;
};

const SCHRITT_TEXT: Record<string, Record<Locale, string>> = {
  eingereicht: { de: 'Antrag eingereicht', en: 'Application submitted' },
  erneut_einreichen: { de: 'Überarbeitet erneut eingereicht', en: 'Revised and submitted again' },
  empfehlung_verleihen: { de: 'Erste Prüfung: Verleihung empfohlen', en: 'First review: award recommended' },
  empfehlung_ablehnen: { de: 'Erste Prüfung: Ablehnung empfohlen', en: 'First review: refusal recommended' },
  empfehlung_zurueckgeben: { de: 'Erste Prüfung: Rückgabe empfohlen', en: 'First review: return recommended' },
  entscheidung_verleihen: { de: 'Zweite Prüfung: Prädikat verliehen', en: 'Second review: label awarded' },
  entscheidung_ablehnen: { de: 'Zweite Prüfung: abgelehnt', en: 'Second review: refused' },
  entscheidung_zurueckgeben: { de: 'Zweite Prüfung: zur Überarbeitung zurückgegeben', en: 'Second review: returned for revision' },
  zurueckziehen: { de: 'Antrag zurückgezogen', en: 'Application withdrawn' },
};
/** Steps whose comment is the reviewers' internal note: only the ministry sees it. */
const INTERNE_SCHRITTE = ['empfehlung_verleihen', 'empfehlung_ablehnen', 'empfehlung_zurueckgeben', 'entscheidung_verleihen'];

const EREIGNIS_TEXT: Record<string, Record<Locale, string>> = {
  verleihung: { de: 'Verliehen', en: 'Awarded' },
  unterschreitung: { de: 'Unter der Schwelle, Karenzzeit begonnen', en: 'Below the threshold, grace period started' },
  erholung: { de: 'Wieder an der Schwelle, Karenzzeit beendet', en: 'At the threshold again, grace period ended' },
  aussetzung: { de: 'Ausgesetzt', en: 'Suspended' },
  wiederherstellung: { de: 'Wieder gültig', en: 'Valid again' },
  widerruf: { de: 'Widerrufen (endgültig)', en: 'Revoked (final)' },
};

/** Status of an application; the German text is the one in praedikat.zustand.ts. */
const ANTRAG_STATUS_EN: Record<AntragStatus, string> = {
  eingereicht: 'submitted, waiting for the first review',
  empfohlen: 'reviewed, waiting for the decision',
  zurueckgegeben: 'returned for revision',
  verliehen: 'label awarded',
  abgelehnt: 'refused',
  zurueckgezogen: 'withdrawn',
};
export const antragStatus = (status: string, l: Locale) => (l === 'de' ? ANTRAG_STATUS_TEXT[status as AntragStatus] : (ANTRAG_STATUS_EN[status as AntragStatus] ?? status));

/** A recommendation as stored (verleihen, ablehnen, zurueckgeben), in English. */
const EMPFEHLUNG_EN: Record<string, string> = { verleihen: 'award', ablehnen: 'refuse', zurueckgeben: 'return' };
export const empfehlungEn = (e: string | null | undefined) => (e ? (EMPFEHLUNG_EN[e] ?? e) : '');

const SCHILD_STATUS_EN: Record<string, string> = { bestellt: 'ordered', produziert: 'produced', geliefert: 'delivered', storniert: 'cancelled' };
export const schildStatus = (status: string, l: Locale) => (l === 'de' ? status : (SCHILD_STATUS_EN[status] ?? status));

const MELDUNGEN: Record<string, Record<Locale, string>> = {
  empfehlung: { de: 'Die Empfehlung ist gespeichert. Entscheiden muss eine zweite Person.', en: 'The recommendation is saved. A second person must decide.' },
  entscheidung: { de: 'Die Entscheidung ist gespeichert; die Kommune ist benachrichtigt.', en: 'The decision is saved; the municipality has been notified.' },
};

const BADGE: Record<string, string> = { ok: 'success', warnung: 'warning', fehler: 'danger' };
const PRUEF_TEXT: Record<string, Record<Locale, string>> = {
  ok: { de: 'erfüllt', en: 'met' },
  warnung: { de: 'Hinweis', en: 'note' },
  fehler: { de: 'nicht erfüllt', en: 'not met' },
};

/** The automatic pre-check as a checklist (the points themselves are stored in German). */
export function Checkliste({ vp, titel, l = 'de' }: { vp: Vorpruefung; titel: string; l?: Locale }) {
  return (
    <section aria-label={titel} class="checkliste">
      <h3 class="kern-heading-small">{titel}</h3>
      <p class="kern-body kern-body--small">
        {l === 'de' ? 'Stand' : 'As of'}: <Zeit d={vp.am} l={l} />
      </p>
      <ul class="kern-list">
        {vp.punkte.map((p) => (
          <li>
            <span class={`kern-badge kern-badge--${BADGE[p.status]}`}>
              <span class="kern-label kern-label--small">{PRUEF_TEXT[p.status]?.[l] ?? p.status}</span>
            </span>{' '}
            <span lang={l === 'de' ? undefined : 'de'}>
              <strong>{p.titel}:</strong> {p.text}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The steps of an application; `intern`: with the reviewers' own notes (ministry only). */
function Schritte({ schritte, l, intern }: { schritte: Antrag['schritte']; l: Locale; intern: boolean }) {
  const de = l === 'de';
  return (
    <TabellenBereich label={de ? 'Verlauf des Antrags' : 'History of the application'}>
      <table class="kern-table kern-table--small">
        <caption class="kern-sr-only">{de ? 'Verlauf des Antrags' : 'History of the application'}</caption>
        <thead class="kern-table__header">
          <tr>
            <th scope="col" class="kern-table__header">{de ? 'Zeitpunkt' : 'Time'}</th>
            <th scope="col" class="kern-table__header">{de ? 'Schritt' : 'Step'}</th>
            <th scope="col" class="kern-table__header">{de ? 'Von' : 'By'}</th>
            <th scope="col" class="kern-table__header">{de ? 'Begründung' : 'Reason'}</th>
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {schritte.map((s) => (
            <tr>
              <td class="kern-table__cell">
                <Zeit d={s.at} l={l} />
              </td>
              <td class="kern-table__cell">{SCHRITT_TEXT[s.schritt]?.[l] ?? s.schritt}</td>
              <td class="kern-table__cell">
                <bdi>{s.actorLabel}</bdi>
              </td>
              <td class="kern-table__cell" lang={de || !s.kommentar ? undefined : 'de'}>
                <bdi>{!intern && INTERNE_SCHRITTE.includes(s.schritt) ? (de ? '(interne Begründung der Prüfung)' : '(internal note of the review)') : (s.kommentar ?? '')}</bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TabellenBereich>
  );
}

const errorFor = (errors: FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

function AntragFelder({ errors, werte, l }: { errors: FieldError[]; werte?: Partial<Antrag> | Partial<{ [k: string]: unknown }>; l: Locale }) {
  const de = l === 'de';
  const w = (werte ?? {}) as Record<string, unknown>;
  const str = (k: string) => (typeof w[k] === 'string' ? (w[k] as string) : undefined);
  return (
    <>
      <TextField name="kontaktName" label={de ? 'Ansprechperson' : 'Contact person'} value={str('kontaktName')} autocomplete="name" error={errorFor(errors, 'kontaktName')} required />
      <TextField name="kontaktEmail" type="email" label={de ? 'E-Mail-Adresse der Ansprechperson' : 'Email address of the contact person'} value={str('kontaktEmail')} autocomplete="email" error={errorFor(errors, 'kontaktEmail')} required />
      <TextField name="kontaktTelefon" type="tel" label={de ? 'Telefon (freiwillig)' : 'Telephone (optional)'} value={str('kontaktTelefon') ?? undefined} autocomplete="tel" error={errorFor(errors, 'kontaktTelefon')} />
      <TextField
        name="websiteUrl"
        type="url"
        label={de ? 'Website, auf der das Online-Signet erscheinen soll' : 'Website on which the online signet is to appear'}
        hint={de ? 'Vollständige Adresse mit https://' : 'Full address with https://'}
        value={str('websiteUrl')}
        error={errorFor(errors, 'websiteUrl')}
        required
      />
      <fieldset class="kern-fieldset">
        <legend class="kern-label">{de ? 'Schild für das Rathaus' : 'Sign for the town hall'}</legend>
        <div class="kern-fieldset__body">
          <div class="kern-form-check">
            <input class="kern-form-check__checkbox" type="checkbox" id="schildGewuenscht" name="schildGewuenscht" value="ja" checked={w.schildGewuenscht === true} />
            <label class="kern-label" for="schildGewuenscht">
              {de ? 'Ja, wir möchten ein Schild „Digitales Amt“' : 'Yes, we would like a “Digitales Amt” sign'}
            </label>
          </div>
          <div class={`kern-form-input${errorFor(errors, 'schildFormat') ? ' kern-form-input--error' : ''}`}>
            <label class="kern-label" for="schildFormat">
              {de ? 'Format des Schildes' : 'Format of the sign'}
            </label>
            <div class="kern-form-input__select-wrapper">
              <select class="kern-form-input__select" id="schildFormat" name="schildFormat" aria-invalid={errorFor(errors, 'schildFormat') ? 'true' : undefined}>
                <option value="A3" selected={w.schildFormat !== 'A4'}>
                  A3 (420 × 297 mm)
                </option>
                <option value="A4" selected={w.schildFormat === 'A4'}>
                  A4 (297 × 210 mm)
                </option>
              </select>
            </div>
            {errorFor(errors, 'schildFormat') && (
              <p class="kern-error" id="schildFormat-fehler">
                <span class="kern-body">{errorFor(errors, 'schildFormat')}</span>
              </p>
            )}
          </div>
          <div class={`kern-form-input${errorFor(errors, 'lieferadresse') ? ' kern-form-input--error' : ''}`}>
            <label class="kern-label" for="lieferadresse">
              {de ? 'Lieferadresse für das Schild' : 'Delivery address for the sign'}
            </label>
            <textarea
              class="kern-form-input__input"
              id="lieferadresse"
              name="lieferadresse"
              rows={3}
              aria-invalid={errorFor(errors, 'lieferadresse') ? 'true' : undefined}
              aria-describedby={errorFor(errors, 'lieferadresse') ? 'lieferadresse-fehler' : undefined}
            >
              {str('lieferadresse') ?? ''}
            </textarea>
            {errorFor(errors, 'lieferadresse') && (
              <p class="kern-error" id="lieferadresse-fehler">
                <span class="kern-body">{errorFor(errors, 'lieferadresse')}</span>
              </p>
            )}
          </div>
        </div>
      </fieldset>
    </>
  );
}

export function PraedikatBox({ p, l = 'de' }: { p: NonNullable<Praedikat>; l?: Locale }) {
  const de = l === 'de';
  const badge = p.status === 'gueltig' ? 'success' : p.status === 'ausgesetzt' ? 'warning' : 'danger';
  return (
    <div class="kern-card kern-card--surface stand-card">
      <div class="kern-card__container">
        <div class="kern-card__body">
          <p class="kern-body kern-body--large">
            <span class={`kern-badge kern-badge--${badge}`}>
              <span class="kern-label">
                {de ? 'Prädikat' : 'Label'} {STATUS_TEXT[p.status][l]}
              </span>
            </span>{' '}
            {de ? 'Zertifikat' : 'Certificate'} <strong>{p.zertifikatNr}</strong>, {de ? 'verliehen am' : 'awarded on'} {formatDate(l, p.verliehenAm)}
          </p>
          {p.status === 'widerrufen' && p.widerrufenAm && (
            <p class="kern-body">
              {de ? `Widerrufen am ${formatDate(l, p.widerrufenAm)}.` : `Revoked on ${formatDate(l, p.widerrufenAm)}.`}
              {p.statusGrund && (
                <>
                  {de ? ' Grund: ' : ' Reason: '}
                  <span lang={de ? undefined : 'de'}>{p.statusGrund}</span>
                </>
              )}
              {p.neuerAntragAb && (de ? ` Ein neuer Antrag ist ab dem ${formatDate(l, p.neuerAntragAb)} möglich.` : ` A new application is possible from ${formatDate(l, p.neuerAntragAb)}.`)}
            </p>
          )}
          {p.status === 'ausgesetzt' && p.manuellAusgesetzt && (
            <p class="kern-body">
              {de ? 'Vom Ministerium ausgesetzt.' : 'Suspended by the ministry.'}
              {p.statusGrund && (
                <>
                  {de ? ' Grund: ' : ' Reason: '}
                  <span lang={de ? undefined : 'de'}>{p.statusGrund}</span>
                </>
              )}
            </p>
          )}
          {p.karenzBis && p.status === 'gueltig' && (
            <p class="kern-body">
              {de
                ? `Die Zahl der Online-Verfahren liegt unter der Schwelle. Das Prädikat bleibt bis einschließlich ${formatDate(l, p.karenzBis)} gültig; danach wird es ausgesetzt, wenn die Schwelle dann nicht wieder erreicht ist.`
                : `The number of online procedures is below the threshold. The label stays valid up to and including ${formatDate(l, p.karenzBis)}; after that it is suspended if the threshold has not been reached again.`}
            </p>
          )}
          <p>
            <a class="kern-link" href={`/pruefen/${p.zertifikatNr}`}>
              {de ? 'Signet und öffentlicher Nachweis' : 'Signet and public proof'}
            </a>
          </p>
        </div>
      </div>
    </div>
  );
}

function Ereignisse({ historie, l }: { historie: (NonNullable<Praedikat>['historie'][number] & { oeffentlich?: string | null })[]; l: Locale }) {
  const de = l === 'de';
  return (
    <ul class="kern-list">
      {historie.map((h) => (
        <li>
          <Zeit d={h.am} l={l} />: {EREIGNIS_TEXT[h.ereignis]?.[l] ?? h.ereignis} ({h.automatisch ? (de ? 'automatisch' : 'automatic') : <bdi>{h.von}</bdi>})
          {h.grund ? (
            <>
              {' – '}
              <bdi lang={de ? undefined : 'de'}>{h.grund}</bdi>
            </>
          ) : (
            ''
          )}
          {h.oeffentlich && (
            <>
              {de ? ' (öffentlich: ' : ' (public: '}
              <span lang={de ? undefined : 'de'}>{h.oeffentlich}</span>)
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

export function KommunePraedikatPage(props: {
  ctx: PageContext;
  ars: string;
  name: string;
  vorpruefung: Vorpruefung;
  praedikat: Praedikat;
  antrag?: Antrag;
  errors: FieldError[];
  werte?: Record<string, unknown>;
  meldung?: string;
  /** The viewer is ministry staff (sees the reviewers' internal notes). */
  intern: boolean;
}) {
  const { ctx, ars, name, vorpruefung: vp, praedikat, antrag, errors, werte, meldung, intern } = props;
  const l = ctx.locale;
  const de = l === 'de';
  const title = de ? `Prädikat „Digitales Amt“: ${name}` : `“Digitales Amt” label: ${name}`;
  const base = `/verwaltung/behoerden/${ars}/praedikat`;
  const Csrf = () => <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
  const aktiv = praedikat && praedikat.status !== 'widerrufen';
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: `/behoerden/${ars}`, label: name }]}>
      <h1 class="kern-heading-large">{title}</h1>
      <Erfolgsmeldung text={meldung} />
      <ErrorSummary locale={ctx.locale} errors={errors} />
      {aktiv && (
        <>
          <PraedikatBox p={praedikat} l={l} />
          <h2 class="kern-heading-medium">{de ? 'Verlauf des Prädikats' : 'History of the label'}</h2>
          <Ereignisse historie={praedikat.historie} l={l} />
          <h2 class="kern-heading-medium">{de ? 'Schild' : 'Sign'}</h2>
          <p class="kern-body">
            {de ? 'Druckdateien für einen Schilderhersteller:' : 'Print files for a sign maker (German):'}{' '}
            <a class="kern-link" href={`/praedikat/${praedikat.zertifikatNr}/schild.pdf?format=A3`}>
              {de ? 'Schild A3 (PDF)' : 'Sign A3 (PDF)'}
            </a>{' '}
            ·{' '}
            <a class="kern-link" href={`/praedikat/${praedikat.zertifikatNr}/schild.pdf?format=A4`}>
              {de ? 'Schild A4 (PDF)' : 'Sign A4 (PDF)'}
            </a>
          </p>
        </>
      )}
      {antrag && (
        <>
          <h2 class="kern-heading-medium">{de ? 'Ihr Antrag' : 'Your application'}</h2>
          <p class="kern-body">
            {de ? 'Stand' : 'Status'}: <strong>{antragStatus(antrag.status, l)}</strong>
          </p>
          <Schritte schritte={antrag.schritte} l={l} intern={intern} />
          {antrag.status === 'zurueckgegeben' && (
            <form method="post" action={`${base}/erneut`} class="kern-stack" novalidate id="antrag">
              <Csrf />
              <h3 class="kern-heading-small">{de ? 'Antrag überarbeiten und erneut einreichen' : 'Revise the application and submit it again'}</h3>
              <AntragFelder errors={errors} werte={werte ?? antrag} l={l} />
              <button type="submit" class="kern-btn kern-btn--primary">
                <span class="kern-label">{de ? 'Erneut einreichen' : 'Submit again'}</span>
              </button>
            </form>
          )}
          {['eingereicht', 'zurueckgegeben'].includes(antrag.status) && (
            <form method="post" action={`${base}/zurueckziehen`} class="form-spaced">
              <Csrf />
              <button type="submit" class="kern-btn kern-btn--secondary">
                <span class="kern-label">{de ? 'Antrag zurückziehen' : 'Withdraw the application'}</span>
              </button>
            </form>
          )}
        </>
      )}
      {praedikat && praedikat.status === 'widerrufen' && <PraedikatBox p={praedikat} l={l} />}
      {!aktiv && !antrag && (
        <>
          <Checkliste vp={vp} titel={de ? 'Automatische Vorprüfung' : 'Automatic pre-check'} l={l} />
          {vp.erreicht && vp.bestanden ? (
            <form method="post" action={`${base}/antrag`} class="kern-stack" novalidate id="antrag">
              <Csrf />
              <h2 class="kern-heading-medium">{de ? 'Prädikat beantragen' : 'Apply for the label'}</h2>
              <p class="kern-body">
                {de
                  ? 'Das Staatsministerium für Digitales prüft Ihren Antrag im Vier-Augen-Prinzip. Nach der Verleihung erscheinen Sie sofort auf der öffentlichen Liste und erhalten das Online-Signet für Ihre Website.'
                  : 'The Bavarian State Ministry for Digital Affairs reviews your application under the four-eyes principle. Once the label is awarded, you appear on the public list at once and receive the online signet for your website.'}
              </p>
              <AntragFelder errors={errors} werte={werte} l={l} />
              <button type="submit" class="kern-btn kern-btn--primary">
                <span class="kern-label">{de ? 'Antrag einreichen' : 'Submit the application'}</span>
              </button>
            </form>
          ) : (
            <div class="kern-alert kern-alert--info" id="antrag">
              <div class="kern-alert__header">
                <span class="kern-icon kern-icon--info" aria-hidden="true" />
                <p class="kern-title">
                  {vp.fehlend > 0
                    ? de
                      ? `Ein Antrag ist noch nicht möglich: ${fehlendeVerfahren(vp.fehlend, false)}.`
                      : `An application is not possible yet: ${vp.fehlend === 1 ? '1 counting online procedure is' : `${vp.fehlend} counting online procedures are`} missing.`
                    : de
                      ? 'Ein Antrag ist derzeit nicht möglich:'
                      : 'An application is not possible at present:'}
                </p>
              </div>
              <div class="kern-alert__body">
                {vp.fehlend === 0 && (
                  <ul class="kern-list">
                    {vp.punkte
                      .filter((p) => p.status === 'fehler')
                      .map((p) => (
                        <li lang={de ? undefined : 'de'}>{p.text}</li>
                      ))}
                  </ul>
                )}
                {vp.fehlend > 0 && (
                  <p class="kern-body">
                    <a class="kern-link" href={`/behoerden/${ars}#chancen`}>
                      {de ? 'Diese Verfahren können Sie heute verlinken' : 'Procedures you can link today'}
                    </a>
                  </p>
                )}
              </div>
            </div>
          )}
        </>
      )}
      <p class="form-spaced">
        <a class="kern-link" href={`/verwaltung/behoerden/${ars}/akte`}>
          {de ? 'Vollständige Akte' : 'Complete file'}
        </a>{' '}
        ·{' '}
        <a class="kern-link" href={`/verwaltung/behoerden/${ars}/verlinkungen`}>
          {de ? 'Verlinkungen verwalten' : 'Manage links'}
        </a>
      </p>
    </Layout>
  );
}

export function AntragPage(props: {
  ctx: PageContext;
  antrag: Antrag;
  name: string;
  aktuelleVorpruefung: Vorpruefung;
  istMinisterium: boolean;
  userId: string;
  errors: FieldError[];
  meldung?: string;
}) {
  const { ctx, antrag: a, name, aktuelleVorpruefung, istMinisterium, userId, errors, meldung } = props;
  const l = ctx.locale;
  const de = l === 'de';
  const Csrf = () => <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
  const title = de ? `Antrag: ${name}` : `Application: ${name}`;
  const selbstEmpfohlen = a.empfohlenVon === userId;
  // No self-decisions: whoever submitted the application (any role) neither recommends nor decides it.
  const befangen = a.eingereichtVonIds.includes(userId);
  const Befangen = () => (
    <div class="kern-alert kern-alert--warning">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--warning" aria-hidden="true" />
        <p class="kern-title">{de ? BEFANGEN : 'Conflict of interest: whoever submitted the application may neither recommend nor decide it. Two other people do that.'}</p>
      </div>
    </div>
  );
  const Wahl = ({ legend }: { legend: string }) => (
    <fieldset class={`kern-fieldset${errorFor(errors, 'wahl') ? ' kern-fieldset--error' : ''}`} id="wahl">
      <legend class="kern-label">{legend}</legend>
      <div class="kern-fieldset__body">
        {(
          [
            ['verleihen', de ? 'Prädikat verleihen' : 'Award the label'],
            ['ablehnen', de ? 'Ablehnen' : 'Refuse'],
            ['zurueckgeben', de ? 'Zur Überarbeitung zurückgeben' : 'Return for revision'],
          ] as const
        ).map(([v, text]) => (
          <div class="kern-form-check">
            <input class="kern-form-check__radio" type="radio" id={`wahl-${v}`} name="wahl" value={v} />
            <label class="kern-label" for={`wahl-${v}`}>
              {text}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
  return (
    <Layout ctx={ctx} title={title} crumbs={istMinisterium ? [{ href: '/verwaltung/praedikat', label: de ? 'Prüfung' : 'Review' }] : [{ href: `/verwaltung/behoerden/${a.behoerdeArs}/praedikat`, label: name }]}>
      <h1 class="kern-heading-large">{title}</h1>
      <Erfolgsmeldung text={meldung ? MELDUNGEN[meldung]?.[l] : undefined} />
      <ErrorSummary locale={ctx.locale} errors={errors} />
      <p class="kern-body">
        {de ? 'Stand' : 'Status'}: <strong>{antragStatus(a.status, l)}</strong>
        {a.zertifikatNr && (de ? ` · Zertifikat ${a.zertifikatNr}` : ` · Certificate ${a.zertifikatNr}`)}
      </p>
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Ansprechperson' : 'Contact person'}</dt>
          <dd class="kern-description-list-item__value">
            <bdi>{a.kontaktName}</bdi>, <bdi>{a.kontaktEmail}</bdi>
            {a.kontaktTelefon ? <>, <bdi>{a.kontaktTelefon}</bdi></> : ''}
          </dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Website für das Signet' : 'Website for the signet'}</dt>
          <dd class="kern-description-list-item__value break-all">
            <bdi>{a.websiteUrl}</bdi>
          </dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Schild' : 'Sign'}</dt>
          <dd class="kern-description-list-item__value">
            {a.schildGewuenscht ? (
              <>
                {de ? `ja, ${a.schildFormat}, Lieferung an: ` : `yes, ${a.schildFormat}, deliver to: `}
                <bdi>{a.lieferadresse}</bdi>
              </>
            ) : de ? (
              'nein'
            ) : (
              'no'
            )}
          </dd>
        </div>
      </dl>
      <VorpruefungVergleich gespeichert={a.vorpruefungBeiEinreichung} aktuell={aktuelleVorpruefung} l={l} />
      {istMinisterium && <SignalAbschnitt signale={aktuelleVorpruefung.signale} ars={a.behoerdeArs} l={l} />}
      <h2 class="kern-heading-medium">{de ? 'Verlauf' : 'History'}</h2>
      <Schritte schritte={a.schritte} l={l} intern={istMinisterium} />
      {istMinisterium && befangen && ['eingereicht', 'empfohlen'].includes(a.status) && (
        <section class="form-spaced">
          <h2 class="kern-heading-medium">{a.status === 'eingereicht' ? (de ? 'Erste Prüfung: Empfehlung' : 'First review: recommendation') : de ? 'Zweite Prüfung: Entscheidung' : 'Second review: decision'}</h2>
          <Befangen />
        </section>
      )}
      {istMinisterium && !befangen && a.status === 'eingereicht' && (
        <form method="post" action={`/verwaltung/praedikat/antraege/${a.id}/empfehlung`} class="kern-stack form-spaced" novalidate>
          <Csrf />
          <h2 class="kern-heading-medium">{de ? 'Erste Prüfung: Empfehlung' : 'First review: recommendation'}</h2>
          <Wahl legend={de ? 'Ihre Empfehlung' : 'Your recommendation'} />
          <div class="kern-form-input">
            <label class="kern-label" for="kommentar">
              {de ? 'Begründung' : 'Reason'}
            </label>
            <textarea class="kern-form-input__input" id="kommentar" name="kommentar" rows={4} />
          </div>
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-label">{de ? 'Empfehlung speichern' : 'Save the recommendation'}</span>
          </button>
        </form>
      )}
      {istMinisterium && !befangen && a.status === 'empfohlen' && (
        <section class="form-spaced">
          <h2 class="kern-heading-medium">{de ? 'Zweite Prüfung: Entscheidung' : 'Second review: decision'}</h2>
          {selbstEmpfohlen ? (
            <div class="kern-alert kern-alert--warning">
              <div class="kern-alert__header">
                <span class="kern-icon kern-icon--warning" aria-hidden="true" />
                <p class="kern-title">
                  {de
                    ? 'Vier-Augen-Prinzip: Sie haben die Empfehlung abgegeben. Entscheiden muss eine andere Person.'
                    : 'Four-eyes principle: you gave the recommendation. Another person must decide.'}
                </p>
              </div>
            </div>
          ) : (
            <form method="post" action={`/verwaltung/praedikat/antraege/${a.id}/entscheidung`} class="kern-stack" novalidate>
              <Csrf />
              <p class="kern-body">{de ? `Empfehlung der ersten Prüfung: „${a.empfehlung}“.` : `Recommendation of the first review: “${empfehlungEn(a.empfehlung)}”.`}</p>
              <Wahl legend={de ? 'Ihre Entscheidung' : 'Your decision'} />
              <div class="kern-form-input">
                <label class="kern-label" for="kommentar">
                  {de ? 'Begründung (bei Ablehnung und Rückgabe Pflicht; geht an die Kommune)' : 'Reason (required for refusal and return; sent to the municipality)'}
                </label>
                <textarea class="kern-form-input__input" id="kommentar" name="kommentar" rows={4} />
              </div>
              <button type="submit" class="kern-btn kern-btn--primary">
                <span class="kern-label">{de ? 'Entscheidung speichern' : 'Save the decision'}</span>
              </button>
            </form>
          )}
        </section>
      )}
      <p class="form-spaced">
        <a class="kern-link" href={`/verwaltung/behoerden/${a.behoerdeArs}/akte`}>
          {de ? 'Akte der Behörde' : 'File of the authority'}
        </a>
      </p>
    </Layout>
  );
}

/** Notices after a measure, by code (no text from the address is shown). */
export const MASSNAHME_MELDUNGEN: Record<string, Record<Locale, string>> = {
  ausgesetzt: { de: 'Das Prädikat ist ausgesetzt; die Kommune ist benachrichtigt.', en: 'The label is suspended; the municipality has been notified.' },
  widerruf_beantragt: { de: 'Der Widerruf ist beantragt. Wirksam wird er, wenn eine zweite Person ihn bestätigt.', en: 'The revocation is requested. It takes effect when a second person confirms it.' },
  widerrufen: { de: 'Das Prädikat ist widerrufen; Kommune und Druckerei sind benachrichtigt.', en: 'The label is revoked; the municipality and the print shop have been notified.' },
  wiederherstellung_beantragt: { de: 'Die Wiederherstellung ist beantragt. Wirksam wird sie, wenn eine zweite Person sie bestätigt.', en: 'The reinstatement is requested. It takes effect when a second person confirms it.' },
  wiederhergestellt: { de: 'Das Prädikat ist wiederhergestellt; die Kommune ist benachrichtigt.', en: 'The label is reinstated; the municipality has been notified.' },
  zurueckgenommen: { de: 'Der Antrag ist zurückgenommen; am Prädikat hat sich nichts geändert.', en: 'The request is withdrawn; nothing has changed on the label.' },
};

export function AktePage(props: {
  ctx: PageContext;
  ars: string;
  name: string;
  akte: Akte;
  praedikat: Praedikat;
  istMinisterium: boolean;
  userId: string;
  offeneMassnahme: MassnahmeRow | null;
  errors: FieldError[];
  meldung?: string;
}) {
  const { ctx, ars, name, akte, praedikat, istMinisterium, errors, meldung } = props;
  const l = ctx.locale;
  const de = l === 'de';
  const title = de ? `Akte: ${name}` : `File: ${name}`;
  const safeMeldung = meldung ? MASSNAHME_MELDUNGEN[meldung]?.[l] : undefined;
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: `/behoerden/${ars}`, label: name }]}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        {de
          ? 'Alle Anträge, Entscheidungen, Statusänderungen, E-Mails und Änderungen der Verlinkungen. Nichts wird gelöscht.'
          : 'All applications, decisions, status changes, emails and changes of links. Nothing is deleted.'}
      </p>
      {istMinisterium && (
        <p class="kern-body">
          <a class="kern-link" href={`/verwaltung/behoerden/${ars}/pruefung`}>
            {de ? 'Prüfsignale der Verlinkungen und „zählt nicht“-Vermerke' : 'Review signals of the links and “does not count” marks'}
          </a>
        </p>
      )}
      <Erfolgsmeldung text={safeMeldung} />
      <ErrorSummary locale={ctx.locale} errors={errors} />
      {praedikat && <PraedikatBox p={praedikat} l={l} />}
      {istMinisterium && praedikat && praedikat.status !== 'widerrufen' && (
        <Massnahmen ctx={ctx} nr={praedikat.zertifikatNr} status={praedikat.status} offen={props.offeneMassnahme} userId={props.userId} errors={errors} />
      )}
      <h2 class="kern-heading-medium">{de ? 'Prädikate' : 'Labels'}</h2>
      {akte.praedikate.length === 0 ? (
        <p class="kern-body">{de ? 'Noch kein Prädikat.' : 'No label yet.'}</p>
      ) : (
        akte.praedikate.map((p) => (
          <section aria-label={de ? `Prädikat ${p.zertifikatNr}` : `Label ${p.zertifikatNr}`}>
            <h3 class="kern-heading-small">
              {p.zertifikatNr} ({STATUS_TEXT[p.status as keyof typeof STATUS_TEXT]?.[l] ?? p.status})
            </h3>
            <Ereignisse
              l={l}
              historie={p.ereignisse.map((e) => ({
                ereignis: e.ereignis,
                vonStatus: e.vonStatus,
                nachStatus: e.nachStatus,
                // Reviewers' own notes (the decision's comment on an award) only for the ministry.
                grund: istMinisterium || e.ereignis !== 'verleihung' ? e.grund : null,
                oeffentlich: e.oeffentlicherGrund,
                automatisch: e.automatisch,
                von: e.actorLabel,
                am: e.at.toISOString(),
              }))}
            />
            {p.schilder.map((s) => (
              <p class="kern-body">
                {de ? 'Schild' : 'Sign'} {s.format}: {schildStatus(s.status, l)} ({de ? 'bestellt' : 'ordered'} <Zeit d={s.bestelltAm} l={l} />)
              </p>
            ))}
            {istMinisterium && <MassnahmenVerlauf ctx={ctx} massnahmen={p.massnahmen} />}
          </section>
        ))
      )}
      <h2 class="kern-heading-medium">{de ? 'Anträge' : 'Applications'}</h2>
      {akte.antraege.length === 0 ? (
        <p class="kern-body">{de ? 'Keine Anträge.' : 'No applications.'}</p>
      ) : (
        akte.antraege.map((a) => (
          <section aria-label={de ? `Antrag vom ${zeit(l, a.eingereichtAm)}` : `Application of ${zeit(l, a.eingereichtAm)}`}>
            <h3 class="kern-heading-small">
              <a class="kern-link" href={`/verwaltung/praedikat/antraege/${a.id}`}>
                {de ? 'Antrag vom' : 'Application of'} <Zeit d={a.eingereichtAm} l={l} />
              </a>
              : {antragStatus(a.status, l)}
            </h3>
            <Schritte schritte={a.schritte} l={l} intern={istMinisterium} />
          </section>
        ))
      )}
      <h2 class="kern-heading-medium">{de ? `E-Mails (${akte.mails.length})` : `Emails (${akte.mails.length})`}</h2>
      {akte.mails.length > 0 && (
        <ul class="kern-list">
          {akte.mails.map((m) =>
            de ? (
              <li>
                <Zeit d={m.erstelltAm} l={l} />: „<bdi>{m.betreff}</bdi>“ an <bdi>{m.an}</bdi> – {m.status === 'versendet' ? 'versendet' : m.status === 'fehlgeschlagen' ? `fehlgeschlagen (${m.fehler})` : 'nicht versendet (kein Mailserver eingerichtet)'}
              </li>
            ) : (
              <li>
                <Zeit d={m.erstelltAm} l={l} />: “<bdi lang="de">{m.betreff}</bdi>” to <bdi>{m.an}</bdi> –{' '}
                {m.status === 'versendet' ? 'sent' : m.status === 'fehlgeschlagen' ? `failed (${m.fehler})` : 'not sent (no mail server configured)'}
              </li>
            ),
          )}
        </ul>
      )}
      <h2 class="kern-heading-medium">{de ? `Änderungen der Verlinkungen (${akte.verlinkungen.length})` : `Changes of links (${akte.verlinkungen.length})`}</h2>
      {akte.verlinkungen.length > 0 && (
        <ul class="kern-list">
          {akte.verlinkungen.slice(0, 200).map((e) => (
            <li>
              <Zeit d={e.am} l={l} />: <EreignisText e={e} l={l} /> (<bdi>{e.von}</bdi>, {e.quelle})
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
