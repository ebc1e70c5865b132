/** Login, logout, account page, own password change, language switch. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ValidationError } from '../shared/errors';
import { pageContext, safeRedirectTarget, sendPage } from '../shared/web';
import { AccountPage, LoginPage, PasswordPage } from './views/auth.views';

export const SESSION_COOKIE = 'da_sitzung';

const loginBody = z.object({
  email: z.string().max(320).default(''),
  password: z.string().max(1024).default(''),
  zurueck: z.string().max(2000).optional(),
  _csrf: z.string().optional(),
});

const passwordBody = z.object({
  current: z.string().max(1024).default(''),
  password: z.string().max(1024).default(''),
  confirm: z.string().max(1024).default(''),
  _csrf: z.string().optional(),
});

export async function authRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const { auth } = app.services;
  const cookieOptions = () => ({
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: app.config.cookieSecure,
    signed: true,
  });

  app.get(
    '/anmelden',
    { config: { access: 'public' }, schema: { querystring: z.object({ zurueck: z.string().max(2000).optional(), eingeladen: z.string().max(5).optional() }) } },
    async (req, reply) => {
      if (req.user) return reply.redirect(safeRedirectTarget(req.query.zurueck, '/konto'));
      return sendPage(reply, <LoginPage ctx={pageContext(req, reply)} zurueck={req.query.zurueck} oidc={Boolean(app.services.oidc)} passwortGesetzt={req.query.eingeladen === '1'} />);
    },
  );

  app.post(
    '/anmelden',
    { config: { access: 'public', rateLimit: { max: appRaw.config.session.ratePerMinute, timeWindow: '1 minute' } }, schema: { body: loginBody } },
    async (req, reply) => {
      const { email, password, zurueck } = req.body;
      const errors: { field: string; message: string }[] = [];
      if (!email.trim()) errors.push({ field: 'email', message: 'Bitte geben Sie Ihre E-Mail-Adresse ein.' });
      if (!password) errors.push({ field: 'password', message: 'Bitte geben Sie Ihr Passwort ein.' });
      const user = errors.length === 0 ? await auth.authenticate(email, password) : undefined;
      if (!user) {
        // One message for unknown e-mail and wrong password: no hint which accounts exist.
        if (errors.length === 0) errors.push({ field: 'email', message: 'E-Mail-Adresse oder Passwort sind nicht richtig.' });
        return sendPage(reply, <LoginPage ctx={pageContext(req, reply)} email={email} zurueck={zurueck} errors={errors} oidc={Boolean(app.services.oidc)} />, 400);
      }
      const oldToken = req.cookies[SESSION_COOKIE];
      if (oldToken) {
        const u = req.unsignCookie(oldToken);
        if (u.valid && u.value) await auth.endSession(u.value);
      }
      const session = await auth.startSession(user.id, req.headers['user-agent']);
      reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions(), expires: session.expiresAt });
      req.log.info({ userId: user.id }, 'login');
      return reply.redirect(user.mustChangePassword ? '/konto/passwort' : safeRedirectTarget(zurueck, '/konto'), 303);
    },
  );

  app.post('/abmelden', { config: { access: 'public' }, schema: { body: z.object({ _csrf: z.string().optional() }).optional() } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    let idToken: string | undefined;
    if (token) {
      const u = req.unsignCookie(token);
      if (u.valid && u.value) {
        idToken = await auth.oidcIdTokenOf(u.value);
        await auth.endSession(u.value);
      }
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    // Logged in at the state identity provider: end the session there too (RP-initiated logout).
    const endSession = idToken && app.services.oidc ? await app.services.oidc.endSessionUrl(idToken) : undefined;
    return reply.redirect(endSession ?? '/?abgemeldet=1', 303);
  });

  app.get('/konto', { config: { access: 'authenticated' } }, async (req, reply) => {
    const user = req.user!;
    const [names, kollegen] = await Promise.all([app.services.behoerden.namesOf(user.behoerden), auth.kollegen(user)]);
    return sendPage(reply, <AccountPage ctx={pageContext(req, reply)} user={user} behoerden={names} kollegen={kollegen} />);
  });

  // The only pages (besides public ones and the logout) open while a one-time password must be changed.
  app.get('/konto/passwort', { config: { access: 'authenticated', vorPasswortwechsel: true } }, async (req, reply) =>
    sendPage(reply, <PasswordPage ctx={pageContext(req, reply)} mustChange={req.user!.mustChangePassword} />),
  );

  app.post('/konto/passwort', { config: { access: 'authenticated', vorPasswortwechsel: true }, schema: { body: passwordBody } }, async (req, reply) => {
    const { current, password, confirm } = req.body;
    const render = (errors: { field: string; message: string }[], status: number, rep: FastifyReply) =>
      sendPage(rep, <PasswordPage ctx={pageContext(req, rep)} mustChange={req.user!.mustChangePassword} errors={errors} />, status);
    if (password !== confirm) return render([{ field: 'confirm', message: 'Die beiden neuen Passwörter stimmen nicht überein.' }], 400, reply);
    try {
      await auth.changePassword({ id: req.user!.id, label: req.user!.email, requestId: req.id }, req.user!.id, current, password);
    } catch (e) {
      if (e instanceof ValidationError) return render(e.details.map((d) => ({ field: d.field ?? 'password', message: d.message })), 400, reply);
      throw e;
    }
    // All sessions ended with the change: start a fresh one so the user stays logged in here.
    const session = await auth.startSession(req.user!.id, req.headers['user-agent']);
    reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions(), expires: session.expiresAt });
    return reply.redirect('/konto?passwort=geaendert', 303);
  });

  app.get(
    '/sprache',
    { config: { access: 'public' }, schema: { querystring: z.object({ lang: z.enum(['de', 'en']), zurueck: z.string().max(2000).optional() }) } },
    async (req, reply) => {
      reply.setCookie('lang', req.query.lang, { path: '/', sameSite: 'lax', httpOnly: true, secure: app.config.cookieSecure, maxAge: 365 * 24 * 3600 });
      return reply.redirect(safeRedirectTarget(req.query.zurueck, '/'), 303);
    },
  );
}
