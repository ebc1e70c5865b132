/**
 * Web helpers shared by every domain's routes: route access declarations (deny by default),
 * the page context of a request, page and error rendering.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { z } from 'zod';

import { AppError, ForbiddenError, UnauthorizedError, ValidationError } from './errors';
import { type Locale, resolveLocale, t } from './i18n';
import { Layout, type PageContext, renderDocument } from './layout';
import { type Role, type SessionUser } from './handelnde';

/**
 * Who may call a route. Every route declares it in `config.access`; a route without a
 * declaration is refused for everyone (deny by default).
 * - `public`: anyone; `authenticated`: any logged-in user; a list of roles: only those.
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /**
     * A hot public resource (signet image, static assets): public, cacheable, requested by the
     * thousand. The app's request hook skips session, API token, cookie language and access work
     * for it, and its successful answers are logged at debug (docs/operations.md „Logging“).
     */
    hot?: boolean;
    /**
     * Reachable by a user who must still change their one-time password (the password page
     * itself). Public routes are reachable anyway; every other route is refused until the change.
     */
    vorPasswortwechsel?: boolean;
  }
  interface FastifyRequest {
    user?: SessionUser;
    locale: Locale;
  }
}

export const isApiRequest = (req: FastifyRequest) => req.url.startsWith('/api/');

/**
 * Validates a part of a request (query, form, params) with a zod schema where the route does not
 * let Fastify do it: the data, or a 400 `ValidationError` with `message` and every field that is wrong.
 */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, message: string): z.output<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw new ValidationError(message, r.error.issues.map((i) => ({ field: i.path.join('.'), message: `${i.path.join('.')}: ${i.message}` })));
  return r.data;
}

/** Throws when the request's user may not use the route; called for every request. */
export function enforceAccess(req: FastifyRequest, access: Access | undefined): void {
  if (access === undefined) throw new ForbiddenError('Für diese Adresse ist kein Zugriff festgelegt.');
  if (access === 'public') return;
  if (!req.user) throw new UnauthorizedError('Bitte melden Sie sich an.');
  if (access === 'authenticated') return;
  if (!req.user.roles.some((r) => access.includes(r))) throw new ForbiddenError('Ihre Rolle erlaubt diese Aktion nicht.');
}

/**
 * Thrown when a user who must change their one-time password calls anything but the password page,
 * logout and public routes. Pages are redirected to the password page; the API answers 403 JSON.
 */
export class PasswordChangeRequiredError extends AppError {
  readonly code = 'PASSWORD_CHANGE_REQUIRED';
  readonly status = 403;
}

/** Called for every request after `enforceAccess`: a one-time password must be changed first. */
export function enforcePasswordChange(req: FastifyRequest, config: { access?: Access; vorPasswortwechsel?: boolean }): void {
  if (!req.user?.mustChangePassword || req.apiToken) return;
  if (config.access === 'public' || config.vorPasswortwechsel) return;
  throw new PasswordChangeRequiredError(
    isApiRequest(req)
      ? 'You must change your one-time password first (page /konto/passwort).'
      : 'Bitte ändern Sie zuerst Ihr Einmal-Passwort.',
  );
}

/** True when the client's copy (If-None-Match / If-Modified-Since) is still current. */
export function istAktuell(req: FastifyRequest, etag: string, lastModified: Date): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) {
    return inm
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''))
      .some((t) => t === '*' || t === etag);
  }
  const ims = req.headers['if-modified-since'];
  if (ims) {
    const t = Date.parse(ims);
    return Number.isFinite(t) && lastModified.getTime() <= t;
  }
  return false;
}

/** Where a page request goes while the one-time password is not changed yet. */
export const PASSWORT_SEITE = '/konto/passwort';

/** Services the layout needs that come from the app (set once at start-up). */
export interface PageEnv {
  attributions: { text: string; href?: string }[];
  demo: boolean;
  /** PUBLIC_BASE_URL: absolute addresses in pages (hreflang alternates). */
  baseUrl?: string;
}

let pageEnv: PageEnv = { attributions: [], demo: false };
export const setPageEnv = (env: PageEnv) => {
  pageEnv = env;
};

export function pageContext(req: FastifyRequest, reply: FastifyReply): PageContext {
  const frage = req.url.indexOf('?');
  let csrfToken: string | undefined;
  return {
    locale: req.locale,
    path: frage < 0 ? req.url : req.url.slice(0, frage),
    query: frage < 0 ? '' : req.url.slice(frage + 1),
    baseUrl: pageEnv.baseUrl,
    user: req.user ? { name: req.user.name, email: req.user.email, role: req.user.role } : undefined,
    // Made (and its cookie set) only when the page has a form that needs it: a public page
    // without one costs no token and sets no cookie.
    get csrfToken() {
      csrfToken ??= reply.generateCsrf();
      return csrfToken;
    },
    attributions: pageEnv.attributions,
    demo: pageEnv.demo,
  };
}

/** Sends a server-rendered page. */
export function sendPage(reply: FastifyReply, html: VNode, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderDocument(html));
}

/** The query parameter `lang=de|en` of a request, if it has a valid one. */
export function sprachParameter(req: FastifyRequest): Locale | undefined {
  const lang = (req.query as Record<string, unknown> | undefined)?.lang;
  return lang === 'de' || lang === 'en' ? lang : undefined;
}

/**
 * The language of a request: `?lang=de|en` first (a linked English page is English in a fresh
 * browser), then the `lang` cookie, else German.
 */
export function localeFromRequest(req: FastifyRequest): Locale {
  return sprachParameter(req) ?? resolveLocale(req.cookies?.lang);
}

/** Addresses whose `lang` parameter selects a representation, not the visitor's language. */
const OHNE_SPRACHCOOKIE = /^\/(api|feeds|einbetten|assets)\/|^\/sprache(\?|$)/;

/**
 * A page opened with `?lang=de|en` remembers the language in the `lang` cookie (as the language
 * switch always did), so the links on that page, which carry no parameter, stay in that language.
 */
export function merkeSprache(req: FastifyRequest, reply: FastifyReply, secure: boolean): void {
  const lang = sprachParameter(req);
  if (!lang || req.cookies?.lang === lang || (req.method !== 'GET' && req.method !== 'HEAD') || OHNE_SPRACHCOOKIE.test(req.url)) return;
  reply.setCookie('lang', lang, { path: '/', sameSite: 'lax', httpOnly: true, secure, maxAge: 365 * 24 * 3600 });
}

/** A plain error page for 4xx/5xx. */
export function ErrorPage({
  ctx,
  status,
  message,
  requestId,
  details = [],
}: { ctx: PageContext; status: number; message?: string; requestId?: string; details?: { message: string }[] }) {
  const l = ctx.locale;
  const title =
    status === 404 ? t(l, 'error.404') : status === 403 || status === 401 ? t(l, 'error.403') : status === 503 ? t(l, 'error.503') : status >= 500 ? t(l, 'error.500') : t(l, 'error.title');
  const text =
    status === 404 ? t(l, 'error.404.text') : status === 403 ? t(l, 'error.403.text') : status === 503 ? t(l, 'error.503.text') : status >= 500 ? t(l, 'error.500.text') : message;
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      {text && <p class="kern-body">{text}</p>}
      {status < 500 && message && message !== text && <p class="kern-body">{message}</p>}
      {status < 500 && details.length > 0 && (
        <ul class="kern-list">
          {details.map((d) => (
            <li>{d.message}</li>
          ))}
        </ul>
      )}
      {status >= 500 && status !== 503 && requestId && (
        <p class="kern-body">
          <code>{requestId}</code>
        </p>
      )}
      <p>
        <a class="kern-link" href="/">
          {t(l, 'error.back')}
        </a>
      </p>
    </Layout>
  );
}

/**
 * A page number beyond the last page ("?page=31" of 30) goes to the last page, with every other
 * parameter kept (an empty result would read "1.501–1.463"). Returns the reply when it redirected.
 */
export function aufLetzteSeite(req: FastifyRequest, reply: FastifyReply, o: { param: string; seite: number; total: number; proSeite: number }) {
  const letzte = Math.max(1, Math.ceil(o.total / o.proSeite));
  if (o.seite <= letzte) return undefined;
  const [pfad, query = ''] = req.url.split('?');
  const params = new URLSearchParams(query);
  if (letzte === 1) params.delete(o.param);
  else params.set(o.param, String(letzte));
  const rest = params.toString();
  return reply.redirect(`${pfad}${rest ? `?${rest}` : ''}`, 302);
}

/** A host that cannot occur in a real request: the origin paths are resolved against. */
const EIGENER_URSPRUNG = 'https://ursprung.invalid';

/** Characters browsers strip or read as a path separator: C0 controls (TAB, CR, LF), DEL, backslash. */
const UNZULAESSIG = /[\u0000-\u001f\u007f\\]/;

/**
 * A redirect target from a request (`zurueck`, the return after login or a language switch) as
 * a same-origin path, else `fallback` (no open redirect, ASVS V5.1.5).
 *
 * Browsers drop TAB and line breaks inside a URL and read `\` as `/`, so `/\t/evil.example`
 * becomes `//evil.example`, another site. Refused therefore: anything not starting with one `/`,
 * any control character or backslash, and the same in every percent-decoded form (`%09`, `%5C`,
 * `%2F%2F`, also double-encoded). What passes is resolved against the own origin and must stay
 * there; the answer is the normalised path with query and fragment.
 */
export function safeRedirectTarget(target: unknown, fallback = '/'): string {
  if (typeof target !== 'string' || target.length > 2000) return fallback;
  let form = target;
  for (let i = 0; i < 4; i++) {
    if (!form.startsWith('/') || form.startsWith('//') || UNZULAESSIG.test(form)) return fallback;
    let dekodiert: string;
    try {
      dekodiert = decodeURIComponent(form);
    } catch {
      break; // a lone "%" (a search for „100 %“): nothing more hides behind it
    }
    if (dekodiert === form) break;
    form = dekodiert;
    if (i === 3) return fallback; // still encoded after four rounds
  }
  let u: URL;
  try {
    u = new URL(target, EIGENER_URSPRUNG);
  } catch {
    return fallback;
  }
  if (u.origin !== EIGENER_URSPRUNG || !u.pathname.startsWith('/') || u.pathname.startsWith('//')) return fallback;
  return `${u.pathname}${u.search}${u.hash}`;
}
