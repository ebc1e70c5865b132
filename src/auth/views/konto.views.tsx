/** Account pages: active sessions (logout everywhere) and personal API tokens. */
import type { ApiTokenRow } from '../api-token.repository';
import { ErrorSummary, type FieldError, Layout, Meldung, type PageContext, SelectField, TabellenBereich, TextField } from '../../shared/layout';
import type { Locale } from '../../shared/i18n';

const zeitFormate = {
  de: new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }),
};
export const zeit = (l: Locale, d: Date) => zeitFormate[l].format(d);

/** A readable short form of a user agent: browser and system, not the whole string. */
export function kurzerUserAgent(ua: string | null | undefined, l: Locale): string {
  if (!ua) return l === 'de' ? 'unbekannt' : 'unknown';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : undefined;
  const system = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : undefined;
  if (browser || system) return [browser, system].filter(Boolean).join(l === 'de' ? ' unter ' : ' on ');
  return ua.length > 40 ? `${ua.slice(0, 40)}…` : ua;
}

export interface SitzungView {
  ref: string;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  current: boolean;
}

export function SitzungenPage({ ctx, sitzungen, beendet }: { ctx: PageContext; sitzungen: SitzungView[]; beendet?: boolean }) {
  const de = ctx.locale === 'de';
  const l = ctx.locale;
  const title = de ? 'Angemeldete Geräte' : 'Signed-in devices';
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/konto', label: de ? 'Mein Konto' : 'My account' }]}>
      <h1 class="kern-heading-large">{title}</h1>
      {beendet && (
        <Meldung art="success" titel={de ? 'Die Sitzung wurde beendet.' : 'The session has been ended.'} />
      )}
      <p class="kern-body">
        {de
          ? 'Hier sehen Sie, wo Sie gerade angemeldet sind. Kennen Sie eine Sitzung nicht, beenden Sie sie und ändern Sie Ihr Passwort.'
          : 'These are the places where you are signed in. If you do not recognise a session, end it and change your password.'}
      </p>
      <TabellenBereich label={title}>
        <table class="kern-table kern-table--striped">
          <caption class="kern-sr-only">{title}</caption>
          <thead class="kern-table__header">
            <tr>
              <th scope="col" class="kern-table__header">{de ? 'Gerät' : 'Device'}</th>
              <th scope="col" class="kern-table__header">{de ? 'Angemeldet seit' : 'Signed in since'}</th>
              <th scope="col" class="kern-table__header">{de ? 'Zuletzt aktiv' : 'Last active'}</th>
              <th scope="col" class="kern-table__header">{de ? 'Aktion' : 'Action'}</th>
            </tr>
          </thead>
          <tbody class="kern-table__body">
            {sitzungen.map((s) => (
              <tr>
                <th scope="row" class="kern-table__cell" title={s.userAgent ?? undefined}>
                  {kurzerUserAgent(s.userAgent, l)}
                </th>
                <td class="kern-table__cell">{zeit(l, s.createdAt)}</td>
                <td class="kern-table__cell">{zeit(l, s.lastSeenAt)}</td>
                <td class="kern-table__cell">
                  {s.current ? (
                    <strong>{de ? 'Dieses Gerät' : 'This device'}</strong>
                  ) : (
                    <form method="post" action="/konto/sitzungen/beenden">
                      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                      <input type="hidden" name="sitzung" value={s.ref} />
                      <button type="submit" class="kern-btn kern-btn--secondary">
                        <span class="kern-label">{de ? 'Beenden' : 'End'}</span>
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TabellenBereich>
      <h2 class="kern-heading-medium">{de ? 'Auf allen Geräten abmelden' : 'Sign out everywhere'}</h2>
      <p class="kern-body">
        {de ? 'Beendet alle Sitzungen, auch die auf diesem Gerät. API-Tokens bleiben gültig.' : 'Ends every session, this one included. API tokens stay valid.'}
      </p>
      <form method="post" action="/konto/sitzungen/alle-beenden">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <button type="submit" class="kern-btn kern-btn--primary">
          <span class="kern-label">{de ? 'Auf allen Geräten abmelden' : 'Sign out everywhere'}</span>
        </button>
      </form>
    </Layout>
  );
}

const UMFANG_LABEL = {
  lesen: { de: 'Lesen', en: 'Read' },
  schreiben: { de: 'Lesen und Schreiben', en: 'Read and write' },
} as const;

export function ApiTokensPage({
  ctx,
  tokens,
  neu,
  errors,
  eingabe,
  widerrufen,
}: {
  ctx: PageContext;
  tokens: ApiTokenRow[];
  /** The token just created: shown this once. */
  neu?: { name: string; token: string };
  errors?: FieldError[];
  eingabe?: { name?: string; umfang?: string; gueltigTage?: string };
  widerrufen?: boolean;
}) {
  const de = ctx.locale === 'de';
  const l = ctx.locale;
  const title = de ? 'API-Tokens' : 'API tokens';
  const errorFor = (field: string) => errors?.find((e) => e.field === field)?.message;
  const now = Date.now();
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/konto', label: de ? 'Mein Konto' : 'My account' }]}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        {de
          ? 'Mit einem API-Token kann ein anderes System – etwa das Redaktionssystem Ihrer Kommune oder Ihres IT-Dienstleisters – Verlinkungen über die JSON-API lesen oder pflegen, mit Ihren Rechten. Es wird als „Authorization: Bearer <Token>“ gesendet.'
          : 'An API token lets another system – such as your municipality’s CMS – read or maintain links through the JSON API, with your rights. Send it as “Authorization: Bearer <token>”.'}
      </p>
      {neu && (
        <Meldung art="success" titel={de ? `Token „${neu.name}“ angelegt` : `Token “${neu.name}” created`}>
          <p class="kern-body">
            {de
              ? 'Kopieren Sie das Token jetzt. Es wird nur dieses eine Mal angezeigt; gespeichert wird nur eine Prüfsumme.'
              : 'Copy the token now. It is shown only this once; only a checksum is stored.'}
          </p>
          <p class="kern-body">
            <code id="neues-token">{neu.token}</code>
          </p>
        </Meldung>
      )}
      {widerrufen && (
        <Meldung art="success" titel={de ? 'Das Token wurde widerrufen.' : 'The token has been revoked.'} />
      )}
      <h2 class="kern-heading-medium">{de ? 'Ihre Tokens' : 'Your tokens'}</h2>
      {tokens.length === 0 ? (
        <p class="kern-body">{de ? 'Sie haben noch kein API-Token.' : 'You have no API token yet.'}</p>
      ) : (
        <TabellenBereich label={de ? 'Ihre API-Tokens' : 'Your API tokens'}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-sr-only">{de ? 'Ihre API-Tokens' : 'Your API tokens'}</caption>
            <thead class="kern-table__header">
              <tr>
                <th scope="col" class="kern-table__header">Name</th>
                <th scope="col" class="kern-table__header">{de ? 'Beginnt mit' : 'Starts with'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Umfang' : 'Scope'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Gültig bis' : 'Valid until'}</th>
                <th scope="col" class="kern-table__header">{de ? 'Zuletzt genutzt' : 'Last used'}</th>
                <th scope="col" class="kern-table__header">Status</th>
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {tokens.map((t) => {
                const abgelaufen = t.laeuftAbAm.getTime() <= now;
                return (
                  <tr>
                    <th scope="row" class="kern-table__cell">
                      {t.name}
                    </th>
                    <td class="kern-table__cell">
                      <code>{t.praefix}…</code>
                    </td>
                    <td class="kern-table__cell">{UMFANG_LABEL[t.umfang][l]}</td>
                    <td class="kern-table__cell">{zeit(l, t.laeuftAbAm)}</td>
                    <td class="kern-table__cell">{t.zuletztGenutztAm ? zeit(l, t.zuletztGenutztAm) : de ? 'noch nie' : 'never'}</td>
                    <td class="kern-table__cell">
                      {t.widerrufenAm ? (
                        de ? `widerrufen am ${zeit(l, t.widerrufenAm)}` : `revoked on ${zeit(l, t.widerrufenAm)}`
                      ) : abgelaufen ? (
                        de ? 'abgelaufen' : 'expired'
                      ) : (
                        <form method="post" action={`/konto/tokens/${t.id}/widerrufen`}>
                          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                          <button type="submit" class="kern-btn kern-btn--secondary">
                            <span class="kern-label">
                              {de ? 'Widerrufen' : 'Revoke'}
                              <span class="kern-sr-only">: {t.name}</span>
                            </span>
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TabellenBereich>
      )}
      <h2 class="kern-heading-medium">{de ? 'Neues Token anlegen' : 'Create a new token'}</h2>
      <ErrorSummary locale={l} errors={errors ?? []} />
      <form method="post" action="/konto/tokens" novalidate class="kern-stack narrow">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <TextField name="name" label={de ? 'Name (wofür?)' : 'Name (what for?)'} value={eingabe?.name} error={errorFor('name')} required />
        <SelectField
          name="umfang"
          label={de ? 'Umfang' : 'Scope'}
          value={eingabe?.umfang ?? 'lesen'}
          options={[
            { value: 'lesen', label: de ? 'Verlinkungen lesen' : 'Read links' },
            { value: 'schreiben', label: de ? 'Verlinkungen lesen und ändern' : 'Read and change links' },
          ]}
        />
        {errorFor('umfang') && <p class="kern-error">{errorFor('umfang')}</p>}
        <SelectField
          name="gueltigTage"
          label={de ? 'Gültig für' : 'Valid for'}
          value={eingabe?.gueltigTage ?? '90'}
          options={[
            { value: '30', label: de ? '30 Tage' : '30 days' },
            { value: '90', label: de ? '90 Tage' : '90 days' },
            { value: '180', label: de ? '180 Tage' : '180 days' },
            { value: '365', label: de ? '1 Jahr (längste Gültigkeit)' : '1 year (longest)' },
          ]}
        />
        {errorFor('gueltigTage') && <p class="kern-error">{errorFor('gueltigTage')}</p>}
        <div>
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-label">{de ? 'Token anlegen' : 'Create token'}</span>
          </button>
        </div>
      </form>
    </Layout>
  );
}

export function OidcFehlerPage({ ctx, status, message }: { ctx: PageContext; status: number; message: string }) {
  const de = ctx.locale === 'de';
  const title = status === 403 ? (de ? 'Anmeldung nicht möglich' : 'Login not possible') : de ? 'Anmeldung über den Landes-Login fehlgeschlagen' : 'Login with the state ID failed';
  return (
    <Layout ctx={ctx} title={title}>
      <div class="narrow">
        <h1 class="kern-heading-large">{title}</h1>
        <p class="kern-body">{message}</p>
        <p>
          <a class="kern-link" href="/anmelden">
            {de ? 'Zurück zur Anmeldung' : 'Back to login'}
          </a>
        </p>
      </div>
    </Layout>
  );
}
