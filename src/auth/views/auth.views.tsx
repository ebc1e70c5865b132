
import { ErrorSummary, type FieldError, Layout, Meldung, type PageContext, TextField } from '../../shared/layout';
import { hatRolle, ROLE_LABELS } from '../roles';
import { type SessionUser } from '../../shared/handelnde';

const errorFor = (errors: FieldError[] | undefined, field: string) => errors?.find((e) => e.field === field)?.message;

export function LoginPage({
  ctx,
  email,
  zurueck,
  errors,
  oidc,
  passwortGesetzt,
}: {
  ctx: PageContext;
  email?: string;
  zurueck?: string;
  errors?: FieldError[];
  oidc?: boolean;
  /** Coming from an accepted invitation. */
  passwortGesetzt?: boolean;
}) {
  const de = ctx.locale === 'de';
  const title = de ? 'Anmelden' : 'Log in';
  return (
    <Layout ctx={ctx} title={title}>
      <div class="narrow">
        <h1 class="kern-heading-large">{title}</h1>
        {passwortGesetzt && <Meldung art="success" titel={de ? 'Ihr Passwort ist gespeichert. Melden Sie sich jetzt an.' : 'Your password has been saved. Log in now.'} />}
        <p class="kern-body">
          {de
            ? 'Für Redaktionen der Kommunen, IT-Dienstleister und das Staatsministerium für Digitales. Die öffentlichen Seiten sind ohne Anmeldung zugänglich.'
            : 'For municipal editors, IT service providers and the ministry. The public pages need no login.'}
        </p>
        <ErrorSummary locale={ctx.locale} errors={errors ?? []} />
        {oidc && (
          <>
            <p>
              <a class="kern-btn kern-btn--primary" href={`/anmelden/oidc${zurueck ? `?zurueck=${encodeURIComponent(zurueck)}` : ''}`}>
                <span class="kern-label">{de ? 'Mit Landes-Login anmelden' : 'Log in with the state ID'}</span>
              </a>
            </p>
            <h2 class="kern-heading-small">{de ? 'Oder mit E-Mail-Adresse und Passwort' : 'Or with e-mail address and password'}</h2>
          </>
        )}
        <form method="post" action="/anmelden" novalidate class="kern-stack">
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          {zurueck && <input type="hidden" name="zurueck" value={zurueck} />}
          <TextField name="email" type="email" label={de ? 'E-Mail-Adresse' : 'E-mail address'} value={email} autocomplete="username" error={errorFor(errors, 'email')} required />
          <TextField name="password" type="password" label={de ? 'Passwort' : 'Password'} autocomplete="current-password" error={errorFor(errors, 'password')} required />
          <div>
            <button type="submit" class="kern-btn kern-btn--primary">
              <span class="kern-label">{title}</span>
            </button>
          </div>
        </form>
        <p class="kern-body kern-body--small">
          {de
            ? 'Nach mehreren falschen Eingaben hintereinander wird die Anmeldung zum Schutz Ihres Kontos für einige Minuten gesperrt.'
            : 'After several wrong entries in a row, login is blocked for a few minutes to protect your account.'}
        </p>
        <p class="kern-body kern-body--small">
          {de
            ? 'Passwort vergessen? Wenden Sie sich an die Administration im Staatsministerium; sie schickt Ihnen einen Link, mit dem Sie ein neues Passwort festlegen.'
            : 'Forgot your password? Ask the ministry administration to send you a link to set a new one.'}
        </p>
      </div>
    </Layout>
  );
}

export function AccountPage({
  ctx,
  user,
  behoerden,
  kollegen = [],
}: {
  ctx: PageContext;
  user: SessionUser;
  behoerden: { ars: string; name: string }[];
  /** Who else serves each of the user's Behörden (editors and IT-Dienstleister only). */
  kollegen?: { ars: string; personen: { name: string; roles: SessionUser['roles'] }[] }[];
}) {
  const de = ctx.locale === 'de';
  const title = de ? 'Mein Konto' : 'My account';
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'Name' : 'Name'}</dt>
          <dd class="kern-description-list-item__value">{user.name}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{de ? 'E-Mail-Adresse' : 'E-mail'}</dt>
          <dd class="kern-description-list-item__value break-all">{user.email}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{user.roles.length > 1 ? (de ? 'Rollen' : 'Roles') : de ? 'Rolle' : 'Role'}</dt>
          <dd class="kern-description-list-item__value">{user.roles.map((r) => ROLE_LABELS[r][ctx.locale]).join(', ')}</dd>
        </div>
      </dl>
      <h2 class="kern-heading-medium">{de ? 'Ihre Aufgaben' : 'Your tasks'}</h2>
      <ul class="kern-list">
        {hatRolle(user, 'ministry_admin') && (
          <li>
            <a class="kern-link" href="/verwaltung/konten">
              {de ? 'Konten verwalten: einladen, Rollen und Behörden, deaktivieren' : 'Manage accounts: invite, roles and authorities, deactivate'}
            </a>
          </li>
        )}
        {(user.role === 'ministry_admin' || user.role === 'ministry_reviewer') && (
          <>
            <li>
              <a class="kern-link" href="/verwaltung/praedikat">
                {de ? 'Prüfung der Anträge auf das Prädikat' : 'Review of applications'}
              </a>
            </li>
            <li>
              <a class="kern-link" href="/verwaltung/linkpruefung">
                {de ? 'Linkprüfung' : 'Link check'}
              </a>
            </li>
            <li>
              <a class="kern-link" href="/verwaltung/outreach">
                {de ? 'Ansprache zögernder Kommunen' : 'Outreach to hesitant municipalities'}
              </a>
            </li>
            <li>
              <a class="kern-link" href="/verwaltung/digitallotse">
                {de ? 'Grundkurs Digitallotse verwalten' : 'Manage the Digitallotse course'}
              </a>
            </li>
            <li>
              <a class="kern-link" href="/verwaltung/checklisten">
                {de ? 'OZG-Checklisten verwalten' : 'Manage OZG checklists'}
              </a>
            </li>
            <li>
              <a class="kern-link" href="/verwaltung/veranstaltungen">
                {de ? 'Informationsveranstaltungen verwalten' : 'Manage information events'}
              </a>
            </li>
            <li>
              <a class="kern-link" href="/verwaltung/informationen">
                {de ? 'Informationspaket bearbeiten' : 'Edit the information package'}
              </a>
            </li>
          </>
        )}
        <li>
          <a class="kern-link" href="/digitallotse">
            {de ? 'Grundkurs Digitallotse' : 'Digitallotse course'}
          </a>
        </li>
        <li>
          <a class="kern-link" href="/veranstaltungen">
            {de ? 'Virtuelle Informationsveranstaltungen' : 'Virtual information events'}
          </a>
        </li>
        {user.role !== 'grant_officer' && (
          <li>
            <a class="kern-link" href="/verwaltung/uploads">
              {de ? 'Online-Verfahren hochladen (CSV, XZuFi)' : 'Upload online procedures (CSV, XZuFi)'}
            </a>
          </li>
        )}
        {user.role !== 'it_dienstleister' && (
          <li>
            <a class="kern-link" href="/foerderung">
              {de ? 'Förderprogramm „Digitales Rathaus“' : 'Funding programme “Digitales Rathaus”'}
            </a>
          </li>
        )}
        <li>
          <a class="kern-link" href="/verfahren">
            {de ? 'Katalog der Online-Verfahren' : 'Catalogue of online procedures'}
          </a>
        </li>
      </ul>
      {behoerden.length > 0 && (
        <>
          <h2 class="kern-heading-medium">{de ? 'Meine Behörden' : 'My authorities'}</h2>
          <ul class="kern-list">
            {behoerden.map((b) => (
              <li>
                <a class="kern-link" href={`/behoerden/${b.ars}`}>
                  {b.name}
                </a>{' '}
                ·{' '}
                <a class="kern-link" href={`/verwaltung/behoerden/${b.ars}/verlinkungen`}>
                  {de ? 'Verlinkungen verwalten' : 'Manage links'}
                  <span class="kern-sr-only">: {b.name}</span>
                </a>
                {user.role === 'kommune_editor' && (
                  <>
                    {' '}
                    ·{' '}
                    <a class="kern-link" href={`/verwaltung/behoerden/${b.ars}/praedikat`}>
                      {de ? 'Prädikat' : 'Label'}
                      <span class="kern-sr-only">: {b.name}</span>
                    </a>{' '}
                    ·{' '}
                    <a class="kern-link" href={`/verwaltung/behoerden/${b.ars}/akte`}>
                      {de ? 'Akte' : 'File'}
                      <span class="kern-sr-only">: {b.name}</span>
                    </a>{' '}
                    ·{' '}
                    <a class="kern-link" href={`/verwaltung/behoerden/${b.ars}/checklisten`}>
                      {de ? 'OZG-Checklisten' : 'OZG checklists'}
                      <span class="kern-sr-only">: {b.name}</span>
                    </a>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {kollegen.length > 0 && (
        <>
          <h2 class="kern-heading-medium">{de ? 'Wer Ihre Behörden noch betreut' : 'Who else serves your authorities'}</h2>
          <p class="kern-body">
            {de
              ? 'Weitere aktive Konten für Ihre Behörden, mit Name und Rolle. Änderungen veranlasst die Administration im Staatsministerium.'
              : 'Other active accounts for your authorities, with name and role. The ministry administration makes changes.'}
          </p>
          {kollegen.map((k) => {
            const name = behoerden.find((b) => b.ars === k.ars)?.name ?? k.ars;
            return (
              <>
                <h3 class="kern-heading-small">{name}</h3>
                {k.personen.length === 0 ? (
                  <p class="kern-body">{de ? 'Nur Sie.' : 'Only you.'}</p>
                ) : (
                  <ul class="kern-list kern-list--bullet">
                    {k.personen.map((p) => (
                      <li>
                        {p.name} ({p.roles.map((r) => ROLE_LABELS[r][ctx.locale]).join(', ')})
                      </li>
                    ))}
                  </ul>
                )}
              </>
            );
          })}
        </>
      )}
      <h2 class="kern-heading-medium">{de ? 'Sicherheit' : 'Security'}</h2>
      <ul class="kern-list">
        <li>
          <a class="kern-link" href="/konto/passwort">
            {de ? 'Passwort ändern' : 'Change password'}
          </a>
        </li>
        <li>
          <a class="kern-link" href="/konto/sitzungen">
            {de ? 'Angemeldete Geräte – auf allen Geräten abmelden' : 'Signed-in devices – sign out everywhere'}
          </a>
        </li>
        <li>
          <a class="kern-link" href="/konto/tokens">
            {de ? 'API-Tokens für andere Systeme' : 'API tokens for other systems'}
          </a>
        </li>
      </ul>
    </Layout>
  );
}

export function PasswordPage({ ctx, mustChange, errors }: { ctx: PageContext; mustChange: boolean; errors?: FieldError[] }) {
  const de = ctx.locale === 'de';
  const title = de ? 'Passwort ändern' : 'Change password';
  return (
    <Layout ctx={ctx} title={title}>
      <div class="narrow">
        <h1 class="kern-heading-large">{title}</h1>
        {mustChange && (
          <div class="kern-alert kern-alert--info" role="status">
            <div class="kern-alert__header">
              <span class="kern-icon kern-icon--info" aria-hidden="true" />
              <p class="kern-title">{de ? 'Bitte vergeben Sie ein eigenes Passwort.' : 'Please choose your own password.'}</p>
            </div>
          </div>
        )}
        <ErrorSummary locale={ctx.locale} errors={errors ?? []} />
        <form method="post" action="/konto/passwort" novalidate class="kern-stack">
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <TextField name="current" type="password" label={de ? 'Bisheriges Passwort' : 'Current password'} autocomplete="current-password" error={errorFor(errors, 'current')} required />
          <NeuesPasswortFelder de={de} errors={errors} />
          <div>
            <button type="submit" class="kern-btn kern-btn--primary">
              <span class="kern-label">{de ? 'Passwort speichern' : 'Save password'}</span>
            </button>
          </div>
        </form>
      </div>
    </Layout>
  );
}

/** New password and its repetition (password change and invitation). */
export function NeuesPasswortFelder({ de, errors }: { de: boolean; errors?: FieldError[] }) {
  return (
    <>
      <TextField
        name="password"
        type="password"
        label={de ? 'Neues Passwort' : 'New password'}
        hint={de ? 'Mindestens 12 Zeichen. Ein Satz aus mehreren Wörtern ist leicht zu merken und sicher.' : 'At least 12 characters. A phrase of several words is easy to remember and safe.'}
        autocomplete="new-password"
        error={errorFor(errors, 'password')}
        required
      />
      <TextField name="confirm" type="password" label={de ? 'Neues Passwort wiederholen' : 'Repeat new password'} autocomplete="new-password" error={errorFor(errors, 'confirm')} required />
    </>
  );
}
