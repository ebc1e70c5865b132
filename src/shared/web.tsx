/**
 * Web helpers shared by every domain's routes: route access declarations (deny by default),
 * the page context of a request, page and error rendering.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { SessionUser } from '../auth/auth.repository';
import type { Role } from '../auth/roles';
import { ForbiddenError, UnauthorizedError } from './errors';
import { type Locale, resolveLocale, t } from './i18n';
import { Layout, type PageContext, renderDocument } from './layout';

/**
 * Who may call a route. Every route declares it in `config.access`; a route without a
 * declaration is refused for everyone (deny by default).
 * - `public`: anyone; `authenticated`: any logged-in user; a list of roles: only those.
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    user?: SessionUser;
    locale: Locale;
  }
}

export const isApiRequest = (req: FastifyRequest) => req.url.startsWith('/api/');

/** Throws when the request's user may not use the route; called for every request. */
export function enforceAccess(req: FastifyRequest, access: Access | undefined): void {
  if (access === undefined) throw new ForbiddenError('Für diese Adresse ist kein Zugriff festgelegt.');
  if (access === 'public') return;
  if (!req.user) throw new UnauthorizedError('Bitte melden Sie sich an.');
  if (access === 'authenticated') return;
  if (!access.includes(req.user.role)) throw new ForbiddenError('Ihre Rolle erlaubt diese Aktion nicht.');
}

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
  return {
    locale: req.locale,
    path: frage < 0 ? req.url : req.url.slice(0, frage),
    query: frage < 0 ? '' : req.url.slice(frage + 1),
    baseUrl: pageEnv.baseUrl,
    user: req.user ? { name: req.user.name, email: req.user.email, role: req.user.role } : undefined,
    csrfToken: reply.generateCsrf(),
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

/** Only same-site relative paths are accepted as redirect targets (no open redirect). */
export function safeRedirectTarget(target: unknown, fallback = '/'): string {
  if (typeof target !== 'string') return fallback;
  if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback;
  if (/[\r\n]/.test(target)) return fallback;
  return target;
}
