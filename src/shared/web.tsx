/**
 * Web helpers shared by every domain's routes: route access declarations (deny by default),
 * the page context of a request, page and error rendering.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { SessionUser } from '../auth/auth.repository';
import type { Role } from '../auth/roles';
import { AppError, ForbiddenError, UnauthorizedError } from './errors';
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

/** Where a page request goes while the one-time password is not changed yet. */
export const PASSWORT_SEITE = '/konto/passwort';

/** Services the layout needs that come from the app (set once at start-up). */
export interface PageEnv {
  attributions: { text: string; href?: string }[];
  demo: boolean;
}

let pageEnv: PageEnv = { attributions: [], demo: false };
export const setPageEnv = (env: PageEnv) => {
  pageEnv = env;
};

export function pageContext(req: FastifyRequest, reply: FastifyReply): PageContext {
  return {
    locale: req.locale,
    path: req.url.split('?')[0],
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

export function localeFromRequest(req: FastifyRequest): Locale {
  return resolveLocale(req.cookies?.lang);
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

/** Only same-site relative paths are accepted as redirect targets (no open redirect). */
export function safeRedirectTarget(target: unknown, fallback = '/'): string {
  if (typeof target !== 'string') return fallback;
  if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback;
  if (/[\r\n]/.test(target)) return fallback;
  return target;
}
