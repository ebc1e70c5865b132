/**
 * The page frame (KERN UX): Kopfzeile, header with navigation and language switch, main, footer
 * with the legal pages and the data attributions of every source in use.
 */
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { assetUrl } from './assets';
import { type Locale, type MessageKey, t } from './i18n';

/** Fonts every page needs at once (text, headings, `strong`), fetched before the stylesheets ask for them. */
const VORGELADENE_SCHRIFTEN = ['fonts/fira-sans-400.woff2', 'fonts/fira-sans-600.woff2', 'fonts/fira-sans-700.woff2'];

export interface PageUser {
  name: string;
  email: string;
  role: string;
}

export interface PageContext {
  locale: Locale;
  path: string;
  /** The query string of the request without `?` (kept by the language switch). */
  query?: string;
  /** Absolute base of the platform (PUBLIC_BASE_URL), for the hreflang alternates. */
  baseUrl?: string;
  user?: PageUser;
  csrfToken: string;
  /** Attributions shown in the footer (from the PROVENANCE files of the data in use). */
  attributions: { text: string; href?: string }[];
  demo: boolean;
}

export interface LayoutProps {
  ctx: PageContext;
  title: string;
  children: ComponentChildren;
  /** Optional breadcrumb trail, shown above the heading. */
  crumbs?: { href: string; label: string }[];
}

/** Renders a complete HTML document with the German (or English) `lang` attribute. */
export function renderDocument(node: preact.VNode): string {
  return `<!doctype html>${renderToString(node)}`;
}

const Flagge = () => (
  <span class="kern-kopfzeile__flagge" aria-hidden="true">
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 20" width="24" height="20" focusable="false">
      <rect width="24" height="20" fill="#fff" />
      <path d="M0 0h6v5H0zM12 0h6v5h-6zM6 5h6v5H6zM18 5h6v5h-6zM0 10h6v5H0zM12 10h6v5h-6zM6 15h6v5H6zM18 15h6v5h-6z" fill="#0a7bc2" />
    </svg>
  </span>
);

export function Layout({ ctx, title, children, crumbs }: LayoutProps) {
  const { locale, user } = ctx;
  const tr = (k: MessageKey) => t(locale, k);
  const nav: { href: string; key: MessageKey }[] = [
    { href: '/', key: 'nav.home' },
    { href: '/buergerservice', key: 'nav.buergerservice' },
    { href: '/behoerden', key: 'nav.behoerden' },
    { href: '/karte', key: 'nav.karte' },
    { href: '/statistik', key: 'nav.statistik' },
    { href: '/verfahren', key: 'nav.verfahren' },
    { href: '/opendata/', key: 'nav.opendata' },
  ];
  const langTarget = locale === 'de' ? 'en' : 'de';
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – ${tr('site.name')}`}</title>
        {VORGELADENE_SCHRIFTEN.map((name) => (
          <link rel="preload" href={assetUrl(name)} as="font" type="font/woff2" crossorigin="anonymous" />
        ))}
        <link rel="stylesheet" href={assetUrl('kern/kern.min.css')} />
        <link rel="stylesheet" href={assetUrl('app.css')} />
        <link rel="icon" href={assetUrl('favicon.svg')} type="image/svg+xml" />
        <link
          rel="alternate"
          type="application/atom+xml"
          href={locale === 'de' ? '/feeds/praedikate.atom' : '/feeds/praedikate.atom?lang=en'}
          title={locale === 'de' ? 'Neue Prädikate (Atom)' : 'New awards (Atom)'}
        />
        {!ctx.user && (
          <>
            <link rel="alternate" hreflang="de" href={sprachAdresse(ctx, 'de', true)} />
            <link rel="alternate" hreflang="en" href={sprachAdresse(ctx, 'en', true)} />
            <link rel="alternate" hreflang="x-default" href={sprachAdresse(ctx, 'de', true)} />
          </>
        )}
      </head>
      <body>
        <a class="skip-link" href="#inhalt">
          {tr('nav.skip')}
        </a>
        <header class="site-header">
          <div class="kern-kopfzeile">
            <div class="kern-container">
              <div class="kern-kopfzeile__content">
                <Flagge />
                <span class="kern-kopfzeile__label">{tr('site.official')}</span>
              </div>
            </div>
          </div>
          <div class="kern-container site-header__inner">
            <a class="site-brand" href="/">
              <span class="site-brand__name">{tr('site.name')}</span>
              <span class="site-brand__tagline">{tr('site.tagline')}</span>
            </a>
            <nav aria-label={tr('nav.main')} class="site-nav">
              <ul class="site-nav__list">
                {nav.map((n) => (
                  <li>
                    <a class="kern-link" href={n.href} aria-current={isCurrent(ctx.path, n.href) ? 'page' : undefined}>
                      {tr(n.key)}
                    </a>
                  </li>
                ))}
                {user ? (
                  <>
                    <li>
                      <a class="kern-link" href="/konto" aria-current={isCurrent(ctx.path, '/konto') ? 'page' : undefined}>
                        {tr('nav.account')}
                      </a>
                    </li>
                    <li>
                      <form method="post" action="/abmelden" class="inline-form">
                        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                        <button type="submit" class="kern-btn kern-btn--tertiary kern-btn--x-small">
                          <span class="kern-label">{tr('nav.logout')}</span>
                        </button>
                      </form>
                    </li>
                  </>
                ) : (
                  <li>
                    <a class="kern-link" href="/anmelden" aria-current={isCurrent(ctx.path, '/anmelden') ? 'page' : undefined}>
                      {tr('nav.login')}
                    </a>
                  </li>
                )}
                <li>
                  <a
                    class="kern-link"
                    href={sprachAdresse(ctx, langTarget)}
                    lang={langTarget}
                    hreflang={langTarget}
                    aria-label={tr('nav.languageLabel')}
                  >
                    {tr('nav.language')}
                  </a>
                </li>
              </ul>
            </nav>
          </div>
        </header>
        <main id="inhalt" class="kern-container site-main" tabIndex={-1}>
          {crumbs && crumbs.length > 0 && (
            <nav aria-label={locale === 'de' ? 'Brotkrumennavigation' : 'Breadcrumb'} class="crumbs">
              <ol class="crumbs__list">
                {crumbs.map((c) => (
                  <li>
                    <a class="kern-link" href={c.href}>
                      {c.label}
                    </a>
                  </li>
                ))}
              </ol>
            </nav>
          )}
          {children}
        </main>
        <footer class="site-footer">
          <div class="kern-container">
            <nav aria-label={tr('footer.legal')}>
              <ul class="site-footer__links">
                <li>
                  <a class="kern-link" href="/impressum">{tr('footer.impressum')}</a>
                </li>
                <li>
                  <a class="kern-link" href="/datenschutz">{tr('footer.datenschutz')}</a>
                </li>
                <li>
                  <a class="kern-link" href="/barrierefreiheit">{tr('footer.barrierefreiheit')}</a>
                </li>
                <li>
                  <a class="kern-link" href="/leichte-sprache">{tr('footer.leichteSprache')}</a>
                </li>
                <li>
                  <a class="kern-link" href="/datenquellen">{tr('footer.sources')}</a>
                </li>
                <li>
                  <a class="kern-link" href="/informationen">{locale === 'de' ? 'Informationspaket' : 'Information package'}</a>
                </li>
                <li>
                  <a class="kern-link" href="/veranstaltungen">{locale === 'de' ? 'Veranstaltungen' : 'Events'}</a>
                </li>
                <li>
                  <a class="kern-link" href="/digitallotse">{locale === 'de' ? 'Digitallotse' : 'Digital pilot course'}</a>
                </li>
                <li>
                  <a class="kern-link" href="/api/openapi.json">{tr('footer.api')}</a>
                </li>
              </ul>
            </nav>
            <div class="site-footer__sources">
              <p class="kern-body kern-body--small">
                <strong>{tr('footer.sources')}:</strong>{' '}
                <span lang="de">
                {ctx.attributions.map((a, i) => (
                  <>
                    {i > 0 && ' · '}
                    {a.href ? (
                      <a class="kern-link kern-link--small" href={a.href}>
                        {a.text}
                      </a>
                    ) : (
                      a.text
                    )}
                  </>
                ))}
                {' · '}
                <a class="kern-link kern-link--small" href="https://www.govdata.de/dl-de/by-2-0">
                  Datenlizenz Deutschland – Namensnennung – Version 2.0
                </a>
                </span>
              </p>
              {ctx.demo && <p class="kern-body kern-body--small">{tr('footer.demo')}</p>}
            </div>
          </div>
        </footer>
      </body>
    </html>
  );
}

/**
 * The address of the current page in a language: the same path and query with `lang=de|en`
 * (the platform reads it on every page and remembers it in the `lang` cookie), so a page can be
 * linked in English and the language switch keeps the search and filters.
 */
export function sprachAdresse(ctx: Pick<PageContext, 'path' | 'query' | 'baseUrl'>, lang: Locale, absolut = false): string {
  const params = new URLSearchParams(ctx.query ?? '');
  params.delete('lang');
  params.set('lang', lang);
  return `${absolut ? (ctx.baseUrl ?? '') : ''}${ctx.path}?${params.toString()}`;
}

/**
 * Joins parts into a readable enumeration without comma ambiguity: "Amberg, Rammingen,
 * Markt Türkheim und Wiedergeltingen" (official names contain commas: "Türkheim, M").
 */
export function Aufzaehlung({ locale, teile }: { locale: Locale; teile: ComponentChildren[] }) {
  const und = locale === 'de' ? ' und ' : ' and ';
  return (
    <>
      {teile.map((t, i) => (
        <>
          {i === 0 ? '' : i === teile.length - 1 ? und : ', '}
          {t}
        </>
      ))}
    </>
  );
}

/**
 * The scrolling wrapper of a wide table (KERN `kern-table-responsive`), reachable with the keyboard
 * and named, so a table wider than a phone can be scrolled without a mouse (WCAG 2.1.1; axe
 * `scrollable-region-focusable`). Every table of the platform sits in one.
 */
export function TabellenBereich({ label, children, class: klasse }: { label: string; children: ComponentChildren; class?: string }) {
  return (
    <div class={`kern-table-responsive${klasse ? ` ${klasse}` : ''}`} tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

function isCurrent(path: string, href: string): boolean {
  if (href === '/') return path === '/';
  return path === href || path.startsWith(`${href}/`);
}

/** The demo label shown wherever simulated data appears. */
export function DemoHinweis({ locale }: { locale: Locale }) {
  return (
    <span class="kern-badge kern-badge--info demo-badge">
      <span class="kern-label kern-label--small">{locale === 'de' ? 'Demodaten (simuliert)' : 'Demo data (simulated)'}</span>
    </span>
  );
}

export interface FieldError {
  field: string;
  message: string;
}

/**
 * The confirmation after a successful action (POST → redirect → GET with a message): the one
 * success message of every page; nothing without a text.
 */
export function Erfolgsmeldung({ text }: { text?: string }) {
  return text ? <Meldung art="success" titel={text} /> : null;
}

/** GOV.UK / KERN error summary: a list of links to each field with an error. */
export function ErrorSummary({ locale, errors }: { locale: Locale; errors: FieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <div class="kern-alert kern-alert--danger" role="alert" aria-labelledby="fehler-titel">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--danger" aria-hidden="true" />
        <h2 class="kern-title" id="fehler-titel">
          {t(locale, 'error.summary')}
        </h2>
      </div>
      <div class="kern-alert__body">
        <ul class="kern-list">
          {errors.map((e) => (
            <li>
              <a class="kern-link" href={`#${e.field}`}>
                <bdi>{e.message}</bdi>
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

export interface TextFieldProps {
  name: string;
  label: string;
  type?: string;
  value?: string;
  hint?: string;
  error?: string;
  autocomplete?: string;
  required?: boolean;
  maxLength?: number;
  /** Id of a `<datalist>` with suggestions, rendered after the input (`vorschlaege`). */
  list?: string;
  vorschlaege?: ComponentChildren;
}

/** A KERN text input with label, hint and error message wired up for screen readers. */
export function TextField({ name, label, type = 'text', value, hint, error, autocomplete, required, maxLength, list, vorschlaege }: TextFieldProps) {
  const describedBy = [hint ? `${name}-hinweis` : '', error ? `${name}-fehler` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label class="kern-label" for={name}>
        {label}
      </label>
      {hint && (
        <div class="kern-hint" id={`${name}-hinweis`}>
          {hint}
        </div>
      )}
      <input
        class={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
        id={name}
        name={name}
        type={type}
        value={value}
        autocomplete={autocomplete}
        required={required}
        maxLength={maxLength}
        list={list}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
      {vorschlaege}
      {error && (
        <p class="kern-error" id={`${name}-fehler`}>
          <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
          <span class="kern-body">{error}</span>
        </p>
      )}
    </div>
  );
}

/**
 * Previous/next paging as plain links (works without JavaScript). Renders nothing for one page.
 * `href(page)` builds the address of a page; `label` names the list for screen readers.
 */
export function Pagination({ locale, page, pages, href, label }: { locale: Locale; page: number; pages: number; href: (page: number) => string; label?: string }) {
  if (pages <= 1) return null;
  const de = locale === 'de';
  return (
    <nav aria-label={label ?? (de ? 'Seitennavigation' : 'Pagination')} class="pagination">
      <ul class="pagination__list">
        {page > 1 && (
          <li>
            <a class="kern-link" href={href(page - 1)} rel="prev">
              {de ? '← Vorherige Seite' : '← Previous page'}
            </a>
          </li>
        )}
        <li>
          <span class="kern-body">{de ? `Seite ${page} von ${pages}` : `Page ${page} of ${pages}`}</span>
        </li>
        {page < pages && (
          <li>
            <a class="kern-link" href={href(page + 1)} rel="next">
              {de ? 'Nächste Seite →' : 'Next page →'}
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

/** A KERN select with its label; `leer` adds a first „all“ option with an empty value. */
export function SelectField({ name, label, options, value, leer }: { name: string; label: string; options: SelectOption[]; value?: string; leer?: string }) {
  return (
    <div class="kern-form-input">
      <label class="kern-label" for={name}>
        {label}
      </label>
      <div class="kern-form-input__select-wrapper">
        <select class="kern-form-input__select" id={name} name={name}>
          {leer !== undefined && <option value="">{leer}</option>}
          {options.map((o) => (
            <option value={o.value} selected={value === o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** A KERN alert: a title and optionally more text (success and info are announced politely, danger at once). */
export function Meldung({ art, titel, children }: { art: 'success' | 'warning' | 'danger' | 'info'; titel: string; children?: ComponentChildren }) {
  return (
    <div class={`kern-alert kern-alert--${art}`} role={art === 'danger' ? 'alert' : 'status'}>
      <div class="kern-alert__header">
        <span class={`kern-icon kern-icon--${art}`} aria-hidden="true" />
        <p class="kern-title">{titel}</p>
      </div>
      {children && <div class="kern-alert__body">{children}</div>}
    </div>
  );
}
