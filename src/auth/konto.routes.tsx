/** Account pages: the user's sessions (logout everywhere) and personal API tokens. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../shared/audit';
import { ValidationError } from '../shared/errors';
import { pageContext, sendPage } from '../shared/web';
import { SESSION_COOKIE } from './auth.routes';
import { ApiTokensPage, SitzungenPage } from './views/konto.views';

const actorOf = (req: FastifyRequest): Actor => ({ id: req.user!.id, label: req.user!.email, role: req.user!.role, requestId: req.id });

const tokenBody = z.object({
  name: z.string().max(300).default(''),
  umfang: z.string().max(20).default(''),
  gueltigTage: z.string().max(10).default(''),
  _csrf: z.string().optional(),
});

export async function kontoRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const { auth, apiTokens } = app.services;

  /** The raw token of the request's own session cookie (to mark "this device"). */
  const currentToken = (req: FastifyRequest) => {
    const c = req.cookies[SESSION_COOKIE];
    const u = c ? req.unsignCookie(c) : undefined;
    return u?.valid && u.value ? u.value : undefined;
  };

  app.get('/konto/sitzungen', { config: { access: 'authenticated' }, schema: { querystring: z.object({ beendet: z.string().max(5).optional() }) } }, async (req, reply) => {
    const sitzungen = await auth.listSessions(req.user!.id, currentToken(req));
    return sendPage(reply, <SitzungenPage ctx={pageContext(req, reply)} sitzungen={sitzungen} beendet={req.query.beendet === '1'} />);
  });

  app.post(
    '/konto/sitzungen/beenden',
    { config: { access: 'authenticated' }, schema: { body: z.object({ sitzung: z.string().max(100).default(''), _csrf: z.string().optional() }) } },
    async (req, reply) => {
      const ok = await auth.endSessionByRef(actorOf(req), req.user!.id, req.body.sitzung);
      if (!ok) {
        const sitzungen = await auth.listSessions(req.user!.id, currentToken(req));
        return sendPage(reply, <SitzungenPage ctx={pageContext(req, reply)} sitzungen={sitzungen} />, 404);
      }
      return reply.redirect('/konto/sitzungen?beendet=1', 303);
    },
  );

  app.post('/konto/sitzungen/alle-beenden', { config: { access: 'authenticated' }, schema: { body: z.object({ _csrf: z.string().optional() }).optional() } }, async (req, reply) => {
    await auth.endAllSessions(actorOf(req), req.user!.id);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/anmelden?abgemeldet=alle', 303);
  });

  app.get('/konto/tokens', { config: { access: 'authenticated' }, schema: { querystring: z.object({ widerrufen: z.string().max(5).optional() }) } }, async (req, reply) =>
    sendPage(reply, <ApiTokensPage ctx={pageContext(req, reply)} tokens={await apiTokens.list(req.user!.id)} widerrufen={req.query.widerrufen === '1'} />),
  );

  app.post('/konto/tokens', { config: { access: 'authenticated' }, schema: { body: tokenBody } }, async (req, reply) => {
    const { name, umfang, gueltigTage } = req.body;
    try {
      const { token, row } = await apiTokens.create(actorOf(req), req.user!.id, { name, umfang, gueltigTage: /^\d+$/.test(gueltigTage) ? Number(gueltigTage) : Number.NaN });
      // Shown in the answer to the POST itself (no redirect): the token exists nowhere else.
      return sendPage(reply, <ApiTokensPage ctx={pageContext(req, reply)} tokens={await apiTokens.list(req.user!.id)} neu={{ name: row.name, token }} />, 201);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const errors = e.details.map((d) => ({ field: d.field ?? 'name', message: d.message }));
      return sendPage(reply, <ApiTokensPage ctx={pageContext(req, reply)} tokens={await apiTokens.list(req.user!.id)} errors={errors} eingabe={req.body} />, 400);
    }
  });

  app.post(
    '/konto/tokens/:id/widerrufen',
    { config: { access: 'authenticated' }, schema: { params: z.object({ id: z.uuid() }), body: z.object({ _csrf: z.string().optional() }).optional() } },
    async (req, reply) => {
      await apiTokens.revoke(actorOf(req), req.user!.id, req.params.id);
      return reply.redirect('/konto/tokens?widerrufen=1', 303);
    },
  );
}
