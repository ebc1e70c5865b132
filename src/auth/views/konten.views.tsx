/**
 * Account administration for the ministry admin (list with filters, invite, one account with its
 * roles, Behörden, access and history) and the page where an invited person sets their password.
 */
import { type Locale, zahlMitWort } from '../../shared/i18n';
import { ErrorSummary, type FieldError, Layout, Meldung, type PageContext, Pagination, SelectField, TabellenBereich, TextField } from '../../shared/layout';
import type { AuthService } from '../auth.service';
import type { KontoZeile } from '../auth.repository';
import { ANMELDUNG_FILTER, KONTO_STATUS, type KontenQuery, type KontoStatus, kontoStatus } from '../konten.schemas';
import { BEHOERDEN_BOUND_ROLES, ROLE_LABELS, rollenVon, UNVEREINBARE_ROLLEN } from '../roles';
import { NeuesPasswortFelder } from './auth.views';
import { zeit } from './konto.views';
import { ROLES, type Role } from '../../shared/handelnde';

type KontoDetail = Awaited<ReturnType<AuthService['account']>>;

const STATUS_TEXT: Record<KontoStatus, Record<Locale, string>> = {
  aktiv: { de: 'aktiv', en: 'active' },
  eingeladen: { de: 'eingeladen, noch kein Passwort', en: 'invited, no password yet' },
  deaktiviert: { de: 'deaktiviert', en: 'deactivated' },
};

const ANMELDUNG_TEXT: Record<(typeof ANMELDUNG_FILTER)[number], Record<Locale, string>> = {
  nie: { de: 'noch nie angemeldet', en: 'never logged in' },
  '7': { de: 'in den letzten 7 Tagen', en: 'in the last 7 days' },
  '30': { de: 'in den letzten 30 Tagen', en: 'in the last 30 days' },
  '90': { de: 'in den letzten 90 Tagen', en: 'in the last 90 days' },
  nicht90: { de: 'seit 90 Tagen nicht (oder nie)', en: 'not in 90 days (or never)' },
  nicht365: { de: 'seit einem Jahr nicht (oder nie)', en: 'not in a year (or never)' },
};

/** Readable names of the audit actions about accounts. */
const AKTION_TEXT: Record<string, Record<Locale, string>> = {
  'user.create': { de: 'Konto angelegt', en: 'Account created' },
  'user.invite': { de: 'Eingeladen', en: 'Invited' },
  'user.invite_again': { de: 'Erneut eingeladen', en: 'Invited again' },
  'user.password_link': { de: 'Link für ein neues Passwort gesendet', en: 'Link to set a new password sent' },
  'user.invitation_accept': { de: 'Einladung angenommen, Passwort gesetzt', en: 'Invitation accepted, password set' },
  'user.roles_change': { de: 'Rollen oder Behörden geändert', en: 'Roles or authorities changed' },
  'user.deactivate': { de: 'Deaktiviert', en: 'Deactivated' },
  'user.reactivate': { de: 'Reaktiviert', en: 'Reactivated' },
  'user.password_reset': { de: 'Einmal-Passwort neu gesetzt', en: 'One-time password reset' },
  'user.password_change': { de: 'Passwort geändert', en: 'Password changed' },
  'user.locked': { de: 'Nach Fehlversuchen vorübergehend gesperrt', en: 'Locked after failed logins' },
  'session.end': { de: 'Eine Sitzung beendet', en: 'One session ended' },
  'session.end_all': { de: 'Alle Sitzungen beendet', en: 'All sessions ended' },
  'oidc.login': { de: 'Anmeldung über den Landes-Login', en: 'Login through the state ID' },
};

const rollenText = (roles: readonly Role[], l: Locale) => roles.map((r) => ROLE_LABELS[r][l]).join(', ');

/** An audit entry's before/after as short readable text: `key: value; …`, lists joined by commas. */
function protokollText(v: unknown): string {
  if (v === null || v === undefined) return '–';
  const wert = (x: unknown): string => (Array.isArray(x) ? (x.length ? x.map(wert).join(', ') : '–') : x !== null && typeof x === 'object' ? JSON.stringify(x) : String(x));
  const text = typeof v === 'object' && !Array.isArray(v) ? Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${wert(x)}`).join('; ') : wert(v);
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

const crumbs = (de: boolean) => [
  { href: '/konto', label: de ? 'Mein Konto' : 'My account' },
  { href: '/verwaltung/konten', label: de ? 'Konten verwalten' : 'Manage accounts' },
];

/** The query string of a list page (filters kept, page changed). */
export function kontenParams(q: KontenQuery, seite: number): string {
  const p = new URLSearchParams();
  if (q.q) p.set('q', q.q);
  if (q.rolle) p.set('rolle', q.rolle);
  if (q.behoerde) p.set('behoerde', q.behoerde);
  if (q.status) p.set('status', q.status);
  if (q.anmeldung) p.set('anmeldung', q.anmeldung);
  if (seite > 1) p.set('seite', String(seite));
  return p.toString();
}

export function KontenListePage({ ctx, query, total, items }: { ctx: PageContext; query: KontenQuery; total: number; items: KontoZeile[] }) {
  const de = ctx.locale === 'de';
  const l = ctx.locale;
  const title = de ? 'Konten verwalten' : 'Manage accounts';
  const seiten = Math.max(1, Math.ceil(total / query.proSeite));
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/konto', label: de ? 'Mein Konto' : 'My account' }]}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        {de
          ? 'Alle Konten der Plattform. Neue Personen laden Sie per E-Mail ein; sie legen ihr Passwort über einen Einmal-Link selbst fest. Jede Änderung steht im Änderungsprotokoll.'
          : 'All accounts of the platform. Invite new people by e-mail; they set their own password through a one-time link. Every change is recorded in the audit trail.'}
      </p>
      <p>
        <a class="kern-btn kern-btn--primary" href="/verwaltung/konten/einladen">
          <span class="kern-label">{de ? 'Person einladen' : 'Invite a person'}</span>
        </a>
      </p>
      <form method="get" action="/verwaltung/konten" class="filter-form" role="search" aria-label={de ? 'Konten filtern' : 'Filter accounts'}>
        <div class="filter-form__grid">
          <TextField name="q" type="search" label={de ? 'Name oder E-Mail-Adresse' : 'Name or e-mail address'} value={query.q ?? ''} />
          <SelectField
            name="rolle"
            label={de ? 'Rolle' : 'Role'}
            leer={de ? 'Alle Rollen' : 'All roles'}
            value={query.rolle}
            options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r][l] }))}
          />
          <TextField name="behoerde" label={de ? 'Behörde (Name oder ARS)' : 'Authority (name or ARS)'} value={query.behoerde ?? ''} />
          <SelectField
            name="status"
            label="Status"
            leer={de ? 'Alle' : 'All'}
            value={query.status}
            options={KONTO_STATUS.map((s) => ({ value: s, label: STATUS_TEXT[s][l] }))}
          />
          <SelectField
            name="anmeldung"
            label={de ? 'Letzte Anmeldung' : 'Last login'}
            leer={de ? 'Egal' : 'Any'}
            value={query.anmeldung}
            options={ANMELDUNG_FILTER.map((a) => ({ value: a, label: ANMELDUNG_TEXT[a][l] }))}
          />
        </div>
        <div class="filter-form__actions">
          <button type="submit" class="kern-btn kern-btn--secondary">
            <span class="kern-label">{de ? 'Filtern' : 'Filter'}</span>
          </button>
        </div>
      </form>
      <p class="kern-body" role="status">
        {de ? zahlMitWort('de', total, 'Konto', 'Konten') : zahlMitWort('en', total, 'account', 'accounts')}
      </p>
      {items.length > 0 && (
        <TabellenBereich label={title}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-sr-only">{title}</caption>
            <thead class="kern-table__header">
              <tr>
                <th scope="col" class="kern-table__header">{de ? 'Name und E-Mail-Adresse' : 'Name and e-mail address'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Rollen' : 'Roles'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Behörden' : 'Authorities'}</th>
                <th scope="col" class="kern-table__header">Status</th>
                <th scope="col" class="kern-table__header">{de ? 'Letzte Anmeldung' : 'Last login'}</th>
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {items.map((k) => (
                <tr>
                  <th scope="row" class="kern-table__cell">
                    <a class="kern-link" href={`/verwaltung/konten/${k.id}`}>
                      {k.name}
                    </a>
                    <br />
                    <span class="break-all">{k.email}</span>
                  </th>
                  <td class="kern-table__cell">{rollenText(rollenVon(k), l)}</td>
                  <td class="kern-table__cell">
                    {k.behoerden.length === 0 ? '–' : k.behoerden.slice(0, 3).map((b) => b.name).join(', ') + (k.behoerden.length > 3 ? (de ? ` und ${k.behoerden.length - 3} weitere` : ` and ${k.behoerden.length - 3} more`) : '')}
                  </td>
                  <td class="kern-table__cell">
                    {STATUS_TEXT[kontoStatus(k)][l]}
                    {k.landesLogin ? (de ? ' (Landes-Login)' : ' (state ID)') : ''}
                  </td>
                  <td class="kern-table__cell">{k.lastLoginAt ? zeit(l, k.lastLoginAt) : de ? 'noch nie' : 'never'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TabellenBereich>
      )}
      <Pagination locale={l} page={query.seite} pages={seiten} href={(s) => `/verwaltung/konten?${kontenParams(query, s)}`} label={de ? 'Seiten der Kontenliste' : 'Pages of the account list'} />
    </Layout>
  );
}

/** Checkboxes for the roles, a text area for the Behörden, and the rule on roles that exclude each other. */
function RollenFelder({ l, rollen, behoerden, errors }: { l: Locale; rollen: readonly string[]; behoerden: string; errors?: FieldError[] }) {
  const de = l === 'de';
  const fehler = (f: string) => errors?.filter((e) => e.field === f).map((e) => e.message) ?? [];
  const rollenFehler = fehler('rollen');
  const behoerdenFehler = fehler('behoerden');
  return (
    <>
      <fieldset class="kern-fieldset" id="rollen" aria-describedby="rollen-hinweis">
        <legend class="kern-label">{de ? 'Rollen' : 'Roles'}</legend>
        <div class="kern-hint" id="rollen-hinweis">
          {de
            ? 'Mehrere Rollen sind möglich, aber nie zwei, mit denen eine Person beide Seiten einer Vier-Augen-Entscheidung übernehmen könnte (siehe unten).'
            : 'Several roles are possible, but never two that would let one person act on both sides of a four-eyes decision (see below).'}
        </div>
        <div class="kern-fieldset__body">
          {ROLES.map((r) => (
            <div class="kern-form-check">
              <input class="kern-form-check__checkbox" type="checkbox" id={`rolle-${r}`} name="rollen" value={r} checked={rollen.includes(r)} />
              <label class="kern-label" for={`rolle-${r}`}>
                {ROLE_LABELS[r][l]}
                {BEHOERDEN_BOUND_ROLES.includes(r) ? (de ? ' (für die unten genannten Behörden)' : ' (for the authorities below)') : ''}
              </label>
            </div>
          ))}
        </div>
        {rollenFehler.map((m) => (
          <p class="kern-error">
            <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
            <span class="kern-body">{m}</span>
          </p>
        ))}
      </fieldset>
      <details class="daten-details">
        <summary class="kern-body">{de ? 'Welche Rollen sich ausschließen' : 'Which roles exclude each other'}</summary>
        <ul class="kern-list kern-list--bullet">
          {UNVEREINBARE_ROLLEN.map((k) => (
            <li>
              <strong>
                {ROLE_LABELS[k.rollen[0]][l]} + {ROLE_LABELS[k.rollen[1]][l]}
              </strong>
              : {k.grund[l]}
            </li>
          ))}
        </ul>
      </details>
      <div class={`kern-form-input${behoerdenFehler.length ? ' kern-form-input--error' : ''}`}>
        <label class="kern-label" for="behoerden">
          {de ? 'Behörden (Amtlicher Regionalschlüssel)' : 'Authorities (official regional key, ARS)'}
        </label>
        <div class="kern-hint" id="behoerden-hinweis">
          {de
            ? 'Nur für „Redaktion einer Kommune“ und „IT-Dienstleister“: je Zeile ein ARS, z. B. 095640000000 für die Stadt Nürnberg. Den ARS zeigt die Seite der Behörde.'
            : 'Only for municipal editors and IT service providers: one ARS per line, e.g. 095640000000 for the city of Nürnberg. The authority’s page shows its ARS.'}
        </div>
        <textarea
          class={`kern-form-input__input${behoerdenFehler.length ? ' kern-form-input__input--error' : ''}`}
          id="behoerden"
          name="behoerden"
          rows={4}
          aria-describedby={['behoerden-hinweis', behoerdenFehler.length ? 'behoerden-fehler' : ''].filter(Boolean).join(' ')}
          aria-invalid={behoerdenFehler.length ? 'true' : undefined}
        >
          {behoerden}
        </textarea>
        {behoerdenFehler.length > 0 && (
          <div class="kern-error" id="behoerden-fehler">
            {behoerdenFehler.map((m) => (
              <p class="kern-body">{m}</p>
            ))}
          </div>
        )}
      </div>
    </>
  );
}

export interface EinladenEingabe {
  email?: string;
  name?: string;
  rollen?: string[];
  behoerden?: string;
}

export function EinladenPage({ ctx, eingabe = {}, errors, gueltigStunden }: { ctx: PageContext; eingabe?: EinladenEingabe; errors?: FieldError[]; gueltigStunden: number }) {
  const de = ctx.locale === 'de';
  const title = de ? 'Person einladen' : 'Invite a person';
  const errorFor = (f: string) => errors?.find((e) => e.field === f)?.message;
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(de)}>
      <div class="narrow">
        <h1 class="kern-heading-large">{title}</h1>
        <p class="kern-body">
          {de
            ? `Die Person erhält eine E-Mail mit einem Link, über den sie ihr Passwort selbst festlegt. Der Link gilt einmal und ${gueltigStunden} Stunden lang.`
            : `The person receives an e-mail with a link to set their own password. The link works once and for ${gueltigStunden} hours.`}
        </p>
        <ErrorSummary locale={ctx.locale} errors={errors ?? []} />
        <form method="post" action="/verwaltung/konten/einladen" novalidate class="kern-stack">
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <TextField name="email" type="email" label={de ? 'Dienstliche E-Mail-Adresse' : 'Work e-mail address'} value={eingabe.email} error={errorFor('email')} autocomplete="off" required />
          <TextField name="name" label={de ? 'Name' : 'Name'} value={eingabe.name} error={errorFor('name')} autocomplete="off" required />
          <RollenFelder l={ctx.locale} rollen={eingabe.rollen ?? []} behoerden={eingabe.behoerden ?? ''} errors={errors} />
          <div>
            <button type="submit" class="kern-btn kern-btn--primary">
              <span class="kern-label">{de ? 'Einladung senden' : 'Send invitation'}</span>
            </button>
          </div>
        </form>
      </div>
    </Layout>
  );
}

/** Shown when the invitation mail could not be delivered: the link, this once. */
export function EinladungLinkPage({ ctx, name, email, link, laeuftAbAm, fehler, kontoId }: { ctx: PageContext; name: string; email: string; link: string; laeuftAbAm: Date; fehler?: string; kontoId: string }) {
  const de = ctx.locale === 'de';
  const title = de ? 'Einladung angelegt – E-Mail nicht versendet' : 'Invitation created – e-mail not sent';
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(de)}>
      <h1 class="kern-heading-large">{title}</h1>
      <Meldung art="warning" titel={de ? 'Die Einladungs-E-Mail konnte nicht versendet werden.' : 'The invitation e-mail could not be sent.'}>
        <p class="kern-body">
          {de ? 'Empfänger: ' : 'Recipient: '}
          <span class="break-all">{email}</span>
        </p>
        <p class="kern-body">
          {de ? 'Grund: ' : 'Reason: '}
          {fehler ?? (de ? 'unbekannt' : 'unknown')}
        </p>
        <p class="kern-body">
          {de
            ? `Geben Sie ${name} diesen Link auf sicherem Weg weiter. Er wird nur jetzt angezeigt und gilt einmal bis ${zeit('de', laeuftAbAm)} Uhr:`
            : `Pass this link on to ${name} by a safe channel. It is shown only now and works once until ${zeit('en', laeuftAbAm)}:`}
        </p>
        <p class="kern-body">
          <code id="einladungslink" class="break-all">
            {link}
          </code>
        </p>
      </Meldung>
      <p>
        <a class="kern-link" href={`/verwaltung/konten/${kontoId}`}>
          {de ? `Zum Konto von ${name}` : `To the account of ${name}`}
        </a>
      </p>
    </Layout>
  );
}

const MELDUNGEN: Record<string, Record<Locale, string>> = {
  eingeladen: { de: 'Die Einladung wurde per E-Mail verschickt.', en: 'The invitation has been sent by e-mail.' },
  link: { de: 'Der Link für ein neues Passwort wurde per E-Mail verschickt.', en: 'The link to set a new password has been sent by e-mail.' },
  rollen: { de: 'Rollen und Behörden wurden gespeichert.', en: 'Roles and authorities have been saved.' },
  unveraendert: { de: 'Es gab nichts zu ändern.', en: 'There was nothing to change.' },
  deaktiviert: { de: 'Das Konto wurde deaktiviert. Alle Sitzungen sind beendet, die API-Tokens widerrufen.', en: 'The account has been deactivated. All sessions ended, API tokens revoked.' },
  reaktiviert: { de: 'Das Konto wurde reaktiviert.', en: 'The account has been reactivated.' },
  sitzungen: { de: 'Alle Sitzungen des Kontos wurden beendet.', en: 'All sessions of the account have been ended.' },
};

export function KontoPage({
  ctx,
  konto,
  selbst,
  meldung,
  fehler,
  errors,
  eingabe,
}: {
  ctx: PageContext;
  konto: KontoDetail;
  /** The admin looks at their own account. */
  selbst: boolean;
  meldung?: string;
  /** A refused action (not a form error), e.g. deactivating the last administrator. */
  fehler?: string;
  errors?: FieldError[];
  eingabe?: { rollen: string[]; behoerden: string };
}) {
  const de = ctx.locale === 'de';
  const l = ctx.locale;
  const status = kontoStatus(konto);
  const jetzt = Date.now();
  const gesperrt = konto.gesperrtBis && konto.gesperrtBis.getTime() > jetzt;
  const aktionsKnopf = (pfad: string, text: string, primaer = false) => (
    <form method="post" action={`/verwaltung/konten/${konto.id}/${pfad}`} class="inline-form">
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      <button type="submit" class={`kern-btn ${primaer ? 'kern-btn--primary' : 'kern-btn--secondary'}`}>
        <span class="kern-label">{text}</span>
      </button>
    </form>
  );
  return (
    <Layout ctx={ctx} title={konto.name} crumbs={crumbs(de)}>
      <h1 class="kern-heading-large">{konto.name}</h1>
      {meldung && MELDUNGEN[meldung] && <Meldung art="success" titel={MELDUNGEN[meldung][l]} />}
      {fehler && <Meldung art="danger" titel={fehler} />}
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'E-Mail-Adresse' : 'E-mail'}</dt>
          <dd class="kern-description-list-item__value break-all">{konto.email}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Status</dt>
          <dd class="kern-description-list-item__value">
            {STATUS_TEXT[status][l]}
            {gesperrt && konto.gesperrtBis ? (de ? ` – nach Fehlversuchen gesperrt bis ${zeit(l, konto.gesperrtBis)}` : ` – locked after failed logins until ${zeit(l, konto.gesperrtBis)}`) : ''}
            {konto.mustChangePassword ? (de ? ' – muss das Einmal-Passwort noch ändern' : ' – must still change the one-time password') : ''}
          </dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Anmeldung' : 'Login'}</dt>
          <dd class="kern-description-list-item__value">
            {[
              konto.hatPasswort ? (de ? 'mit Passwort' : 'with password') : '',
              konto.landesLogin ? (de ? 'über den Landes-Login' : 'through the state ID') : '',
              status === 'eingeladen' && konto.einladungLaeuftAb
                ? konto.einladungLaeuftAb.getTime() > jetzt
                  ? de
                    ? `Einladung offen bis ${zeit(l, konto.einladungLaeuftAb)}`
                    : `invitation open until ${zeit(l, konto.einladungLaeuftAb)}`
                  : de
                    ? `Einladung abgelaufen am ${zeit(l, konto.einladungLaeuftAb)}`
                    : `invitation expired on ${zeit(l, konto.einladungLaeuftAb)}`
                : '',
            ]
              .filter(Boolean)
              .join(' · ') || (de ? 'noch kein Zugang' : 'no access yet')}
          </dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Angelegt' : 'Created'}</dt>
          <dd class="kern-description-list-item__value">{zeit(l, konto.createdAt)}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Letzte Anmeldung' : 'Last login'}</dt>
          <dd class="kern-description-list-item__value">{konto.lastLoginAt ? zeit(l, konto.lastLoginAt) : de ? 'noch nie' : 'never'}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Angemeldete Geräte' : 'Signed-in devices'}</dt>
          <dd class="kern-description-list-item__value">{konto.sitzungen}</dd>
        </div>
      </dl>

      <h2 class="kern-heading-medium">{de ? 'Rollen und Behörden' : 'Roles and authorities'}</h2>
      {konto.rollenVomLandesLogin || selbst ? (
        <>
          <p class="kern-body">
            <strong>{de ? 'Rollen: ' : 'Roles: '}</strong>
            {rollenText(konto.roles, l)}
          </p>
          {konto.behoerden.length > 0 && (
            <ul class="kern-list kern-list--bullet">
              {konto.behoerden.map((b) => (
                <li>
                  <a class="kern-link" href={`/behoerden/${b.ars}`}>
                    {b.name}
                  </a>{' '}
                  ({b.ars})
                </li>
              ))}
            </ul>
          )}
          <p class="kern-body">
            {selbst
              ? de
                ? 'Ihre eigenen Rollen ändert eine andere Person der Administration.'
                : 'Another administrator changes your own roles.'
              : de
                ? 'Dieses Konto meldet sich über den Landes-Login an. Rollen und Behörden kommen bei jeder Anmeldung aus dessen Gruppen; ändern Sie sie dort. Deaktivieren können Sie das Konto hier.'
                : 'This account logs in through the state ID. Roles and authorities come from its groups at every login; change them there. You can deactivate the account here.'}
          </p>
        </>
      ) : (
        <>
          <ErrorSummary locale={l} errors={errors ?? []} />
          <form method="post" action={`/verwaltung/konten/${konto.id}/rollen`} novalidate class="kern-stack narrow">
            <input type="hidden" name="_csrf" value={ctx.csrfToken} />
            <RollenFelder l={l} rollen={eingabe?.rollen ?? konto.roles} behoerden={eingabe?.behoerden ?? konto.behoerden.map((b) => b.ars).join('\n')} errors={errors} />
            {konto.behoerden.length > 0 && (
              <p class="kern-body kern-body--small">
                {de ? 'Derzeit: ' : 'Currently: '}
                {konto.behoerden.map((b) => `${b.name} (${b.ars})`).join(', ')}
              </p>
            )}
            <div>
              <button type="submit" class="kern-btn kern-btn--primary">
                <span class="kern-label">{de ? 'Rollen und Behörden speichern' : 'Save roles and authorities'}</span>
              </button>
            </div>
          </form>
        </>
      )}

      <h2 class="kern-heading-medium">{de ? 'Zugang' : 'Access'}</h2>
      <div class="btn-row">
        {status === 'eingeladen' && aktionsKnopf('einladung', de ? 'Einladung erneut senden' : 'Send the invitation again')}
        {konto.active && konto.hatPasswort && aktionsKnopf('einladung', de ? 'Link für ein neues Passwort senden' : 'Send a link to set a new password')}
        {konto.sitzungen > 0 && aktionsKnopf('sitzungen-beenden', de ? 'Alle Sitzungen beenden' : 'End all sessions')}
        {!selbst && (konto.active ? aktionsKnopf('deaktivieren', de ? 'Konto deaktivieren' : 'Deactivate account') : aktionsKnopf('reaktivieren', de ? 'Konto reaktivieren' : 'Reactivate account', true))}
      </div>
      <p class="kern-body kern-body--small">
        {de
          ? 'Deaktivieren beendet alle Sitzungen, widerruft die API-Tokens und macht offene Einladungen ungültig; auch eine Anmeldung über den Landes-Login wird dann abgewiesen. Hat jemand sein Passwort vergessen, schicken Sie ihm einen Link für ein neues Passwort: Das bisherige gilt, bis der Link verwendet wird.'
          : 'Deactivating ends all sessions, revokes the API tokens and voids open invitations; a login through the state ID is refused as well. If someone forgot their password, send them a link to set a new one: the old one stays valid until the link is used.'}
      </p>

      <h2 class="kern-heading-medium">{de ? 'Verlauf' : 'History'}</h2>
      {konto.verlauf.length === 0 ? (
        <p class="kern-body">{de ? 'Keine Einträge.' : 'No entries.'}</p>
      ) : (
        <TabellenBereich label={de ? 'Verlauf' : 'History'}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-sr-only">{de ? 'Änderungsprotokoll dieses Kontos' : 'Audit trail of this account'}</caption>
            <thead class="kern-table__header">
              <tr>
                <th scope="col" class="kern-table__header">{de ? 'Zeitpunkt' : 'Time'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Was' : 'What'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Von' : 'By'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Vorher' : 'Before'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Nachher' : 'After'}</th>
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {konto.verlauf.map((v) => (
                <tr>
                  <td class="kern-table__cell">{zeit(l, v.at)}</td>
                  <th scope="row" class="kern-table__cell">
                    {AKTION_TEXT[v.aktion]?.[l] ?? v.aktion}
                  </th>
                  <td class="kern-table__cell break-all">{v.von}</td>
                  <td class="kern-table__cell break-all">{protokollText(v.vorher)}</td>
                  <td class="kern-table__cell break-all">{protokollText(v.nachher)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TabellenBereich>
      )}
    </Layout>
  );
}

/** The page of an invitation link: set a password, or why the link no longer works. */
export function EinladungPage({
  ctx,
  token,
  person,
  fehler,
  errors,
}: {
  ctx: PageContext;
  token: string;
  /** `neuesPasswort`: the account has a password already; the link replaces it. */
  person?: { name: string; email: string; laeuftAbAm: Date; neuesPasswort: boolean };
  /** The link cannot be used (unknown, expired, used, revoked). */
  fehler?: string;
  errors?: FieldError[];
}) {
  const de = ctx.locale === 'de';
  const title = person?.neuesPasswort ? (de ? 'Neues Passwort festlegen' : 'Set a new password') : de ? 'Einladung annehmen' : 'Accept the invitation';
  return (
    <Layout ctx={ctx} title={title}>
      <div class="narrow">
        <h1 class="kern-heading-large">{title}</h1>
        {fehler || !person ? (
          <>
            <Meldung art="warning" titel={fehler ?? ''} />
            <p>
              <a class="kern-link" href="/anmelden">
                {de ? 'Zur Anmeldung' : 'To the login'}
              </a>
            </p>
          </>
        ) : (
          <>
            <p class="kern-body">
              {de ? `Willkommen, ${person.name}. Legen Sie jetzt Ihr Passwort für die Anmeldung mit ` : `Welcome, ${person.name}. Set your password for logging in with `}
              <span class="break-all">{person.email}</span>
              {de ? ` fest. Der Link gilt bis ${zeit('de', person.laeuftAbAm)} Uhr.` : `. The link is valid until ${zeit('en', person.laeuftAbAm)}.`}
            </p>
            <ErrorSummary locale={ctx.locale} errors={errors ?? []} />
            <form method="post" action={`/einladung/${encodeURIComponent(token)}`} novalidate class="kern-stack">
              <input type="hidden" name="_csrf" value={ctx.csrfToken} />
              <input type="text" name="username" value={person.email} autocomplete="username" hidden readOnly />
              <NeuesPasswortFelder de={de} errors={errors} />
              <div>
                <button type="submit" class="kern-btn kern-btn--primary">
                  <span class="kern-label">{de ? 'Passwort speichern' : 'Save password'}</span>
                </button>
              </div>
            </form>
          </>
        )}
      </div>
    </Layout>
  );
}
