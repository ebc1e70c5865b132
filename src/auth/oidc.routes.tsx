/**
 * Login with the state identity provider (OpenID Connect). Without OIDC_ISSUER the routes answer
 * 404. The browser keeps the login's state in a signed, short-lived cookie; nonce and PKCE
 * verifier stay on the server (oidc.service.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../shared/errors';
import { pageContext, safeRedirectTarget, sendPage } from '../shared/web';
import { SESSION_COOKIE } from './auth.routes';
import { ANMELDUNG_MINUTEN, OidcError } from './oidc.service';
import { OidcFehlerPage } from './views/konto.views';

export const OIDC_COOKIE = 'da_oidc';
const OIDC_PATH = '/anmelden/oidc';

export async function oidcRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const oidcService = () => {
    if (!app.services.oidc) throw new NotFoundError('Die Anmeldung über einen Landes-Login ist auf dieser Plattform nicht eingerichtet.');
    return app.services.oidc;
  };

  app.get(
    OIDC_PATH,
    {
      config: { access: 'public', rateLimit: { max: appRaw.config.session.ratePerMinute, timeWindow: '1 minute' } },
      schema: { querystring: z.object({ zurueck: z.string().max(2000).optional() }) },
    },
    async (req, reply) => {
      const oidc = oidcService();
      try {
        const { url, state } = await oidc.start(safeRedirectTarget(req.query.zurueck, '/konto'));
        reply.setCookie(OIDC_COOKIE, state, { path: OIDC_PATH, httpOnly: true, sameSite: 'lax', secure: app.config.cookieSecure, signed: true, maxAge: ANMELDUNG_MINUTEN * 60 });
        return reply.redirect(url, 303);
      } catch (e) {
        if (e instanceof OidcError) return sendPage(reply, <OidcFehlerPage ctx={pageContext(req, reply)} status={e.status} message={e.message} />, e.status);
        throw e;
      }
    },
  );

  app.get(
    `${OIDC_PATH}/rueckkehr`,
    {
      config: { access: 'public', rateLimit: { max: appRaw.config.session.ratePerMinute, timeWindow: '1 minute' } },
      schema: { querystring: z.record(z.string(), z.string().max(4000)) },
    },
    async (req, reply) => {
      const oidc = oidcService();
      const raw = req.cookies[OIDC_COOKIE];
      const unsigned = raw ? req.unsignCookie(raw) : undefined;
      reply.clearCookie(OIDC_COOKIE, { path: OIDC_PATH });
      try {
        const result = await oidc.finish(new URLSearchParams(req.query), unsigned?.valid ? (unsigned.value ?? undefined) : undefined);
        const oldToken = req.cookies[SESSION_COOKIE];
        if (oldToken) {
          const u = req.unsignCookie(oldToken);
          if (u.valid && u.value) await app.services.auth.endSession(u.value);
        }
        const session = await app.services.auth.startSession(result.userId, req.headers['user-agent'], result.idToken);
        reply.setCookie(SESSION_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: app.config.cookieSecure, signed: true, expires: session.expiresAt });
        req.log.info({ userId: result.userId }, 'login (oidc)');
        return reply.redirect(safeRedirectTarget(result.zurueck, '/konto'), 303);
      } catch (e) {
        if (e instanceof OidcError) return sendPage(reply, <OidcFehlerPage ctx={pageContext(req, reply)} status={e.status} message={e.message} />, e.status);
        throw e;
      }
    },
  );
}
