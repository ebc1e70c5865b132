/**
 * Account administration for the ministry admin: pages under /verwaltung/konten, the JSON API
 * under /api/v1/konten, and the public page of an invitation link (/einladung/:token). Handlers
 * stay thin; the auth service decides and audits.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

import type { Actor } from '../shared/audit';
import { AppError, ValidationError } from '../shared/errors';
import type { FieldError } from '../shared/layout';
import { pageContext, sendPage } from '../shared/web';
import { EinladungError } from './auth.service';
import {
  behoerdenListe,
  einladenForm,
  einladungAnnehmenForm,
  einladungAntwortSchema,
  einladungBody,
  einladungParam,
  filterAus,
  kontenListeSchema,
  kontenQuery,
  kontoDetailSchema,
  kontoIdParam,
  kontoJson,
  kontoSchema,
  leererForm,
  rollenBody,
  rollenForm,
  rollenKatalogSchema,
  rollenListe,
} from './konten.schemas';
import { BEHOERDEN_BOUND_ROLES, ROLE_LABELS, UNVEREINBARE_ROLLEN } from './roles';
import { EinladenPage, EinladungLinkPage, EinladungPage, KontenListePage, KontoPage } from './views/konten.views';
import { ROLES } from '../shared/handelnde';
import { errorResponse } from '../shared/api.schemas';

const ADMIN = ['ministry_admin'] as const;

const actorOf = (req: FastifyRequest): Actor => ({ id: req.user!.id, label: req.user!.email, role: req.user!.role, requestId: req.id });
const feldFehler = (e: ValidationError): FieldError[] => e.details.map((d) => ({ field: d.field ?? 'rollen', message: d.message }));

export async function kontenRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const { auth } = app.services;
  const now = () => app.services.clock.now();

  /* ------------------------------------------------------------------ pages */

  app.get('/verwaltung/konten', { config: { access: ADMIN }, schema: { querystring: kontenQuery } }, async (req, reply) => {
    const q = { ...req.query, proSeite: 50 };
    const { total, items } = await auth.listAccounts(filterAus(q));
    return sendPage(reply, <KontenListePage ctx={pageContext(req, reply)} query={q} total={total} items={items} />);
  });

  app.get('/verwaltung/konten/einladen', { config: { access: ADMIN } }, async (req, reply) =>
    sendPage(reply, <EinladenPage ctx={pageContext(req, reply)} gueltigStunden={app.config.konten.einladungStunden} />),
  );

  app.post('/verwaltung/konten/einladen', { config: { access: ADMIN }, schema: { body: einladenForm } }, async (req, reply) => {
    const b = req.body;
    const rollen = rollenListe(b.rollen);
    try {
      const r = await auth.inviteUser(actorOf(req), { email: b.email, name: b.name, roles: rollen, behoerden: behoerdenListe(b.behoerden) });
      if (r.mail.status === 'versendet') return reply.redirect(`/verwaltung/konten/${r.user.id}?meldung=eingeladen`, 303);
      // Not delivered: this answer is the only place the link exists.
      return sendPage(
        reply,
        <EinladungLinkPage ctx={pageContext(req, reply)} name={r.user.name} email={r.user.email} link={r.link} laeuftAbAm={r.laeuftAbAm} fehler={r.mail.fehler} kontoId={r.user.id} />,
        201,
      );
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      const errors = e instanceof ValidationError ? feldFehler(e) : [{ field: 'email', message: e.message }];
      return sendPage(reply, <EinladenPage ctx={pageContext(req, reply)} eingabe={{ ...b, rollen }} errors={errors} gueltigStunden={app.config.konten.einladungStunden} />, e.status);
    }
  });

  const kontoSeite = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, p: { status?: number; meldung?: string; fehler?: string; errors?: FieldError[]; eingabe?: { rollen: string[]; behoerden: string } } = {}) => {
    const konto = await auth.account(req.params.id);
    return sendPage(
      reply,
      <KontoPage ctx={pageContext(req, reply)} konto={konto} selbst={konto.id === req.user!.id} meldung={p.meldung} fehler={p.fehler} errors={p.errors} eingabe={p.eingabe} />,
      p.status,
    );
  };

  app.get(
    '/verwaltung/konten/:id',
    { config: { access: ADMIN }, schema: { params: kontoIdParam, querystring: z.object({ meldung: z.string().max(40).optional() }) } },
    async (req, reply) => kontoSeite(req, reply, { meldung: req.query.meldung }),
  );

  app.post('/verwaltung/konten/:id/rollen', { config: { access: ADMIN }, schema: { params: kontoIdParam, body: rollenForm } }, async (req, reply) => {
    const eingabe = { rollen: rollenListe(req.body.rollen), behoerden: req.body.behoerden };
    try {
      const r = await auth.setRoles(actorOf(req), req.params.id, { roles: eingabe.rollen, behoerden: behoerdenListe(eingabe.behoerden) });
      return reply.redirect(`/verwaltung/konten/${req.params.id}?meldung=${r.geaendert ? 'rollen' : 'unveraendert'}`, 303);
    } catch (e) {
      if (e instanceof ValidationError) return kontoSeite(req, reply, { status: 400, errors: feldFehler(e), eingabe });
      if (e instanceof AppError && e.status < 500 && e.status !== 404) return kontoSeite(req, reply, { status: e.status, fehler: e.message });
      throw e;
    }
  });

  /** A button on the account page: runs the action, then back to the page with a message (or the refusal). */
  const aktion = (pfad: string, meldung: string, run: (req: FastifyRequest<{ Params: { id: string } }>) => Promise<unknown>) =>
    app.post(`/verwaltung/konten/:id/${pfad}`, { config: { access: ADMIN }, schema: { params: kontoIdParam, body: leererForm } }, async (req, reply) => {
      try {
        await run(req);
      } catch (e) {
        if (e instanceof AppError && e.status < 500 && e.status !== 404) return kontoSeite(req, reply, { status: e.status, fehler: e.message });
        throw e;
      }
      return reply.redirect(`/verwaltung/konten/${req.params.id}?meldung=${meldung}`, 303);
    });

  aktion('deaktivieren', 'deaktiviert', (req) => auth.deactivate(actorOf(req), req.params.id));
  aktion('reaktivieren', 'reaktiviert', (req) => auth.reactivate(actorOf(req), req.params.id));
  aktion('sitzungen-beenden', 'sitzungen', (req) => auth.endSessionsOf(actorOf(req), req.params.id));

  app.post('/verwaltung/konten/:id/einladung', { config: { access: ADMIN }, schema: { params: kontoIdParam, body: leererForm } }, async (req, reply) => {
    let r: Awaited<ReturnType<typeof auth.resendInvitation>>;
    try {
      r = await auth.resendInvitation(actorOf(req), req.params.id);
    } catch (e) {
      if (e instanceof AppError && e.status < 500 && e.status !== 404) return kontoSeite(req, reply, { status: e.status, fehler: e.message });
      throw e;
    }
    if (r.mail.status === 'versendet') return reply.redirect(`/verwaltung/konten/${r.user.id}?meldung=${r.art === 'passwort' ? 'link' : 'eingeladen'}`, 303);
    return sendPage(
      reply,
      <EinladungLinkPage ctx={pageContext(req, reply)} name={r.user.name} email={r.user.email} link={r.link} laeuftAbAm={r.laeuftAbAm} fehler={r.mail.fehler} kontoId={r.user.id} />,
      201,
    );
  });

  /* ------------------------------------------------------------------ invitation link (public) */

  app.get('/einladung/:token', { config: { access: 'public' }, schema: { params: einladungParam } }, async (req, reply) => {
    try {
      const person = await auth.checkInvitation(req.params.token);
      return sendPage(reply, <EinladungPage ctx={pageContext(req, reply)} token={req.params.token} person={person} />);
    } catch (e) {
      if (e instanceof EinladungError) return sendPage(reply, <EinladungPage ctx={pageContext(req, reply)} token={req.params.token} fehler={e.message} />, e.status);
      throw e;
    }
  });

  app.post(
    '/einladung/:token',
    { config: { access: 'public', rateLimit: { max: appRaw.config.session.ratePerMinute, timeWindow: '1 minute' } }, schema: { params: einladungParam, body: einladungAnnehmenForm } },
    async (req, reply) => {
      try {
        await auth.acceptInvitation(req.params.token, req.body.password, req.body.confirm, req.id);
        return reply.redirect('/anmelden?eingeladen=1', 303);
      } catch (e) {
        if (e instanceof EinladungError) return sendPage(reply, <EinladungPage ctx={pageContext(req, reply)} token={req.params.token} fehler={e.message} />, e.status);
        if (!(e instanceof ValidationError)) throw e;
        const person = await auth.checkInvitation(req.params.token);
        const errors = e.details.map((d) => ({ field: d.field ?? 'password', message: d.message }));
        return sendPage(reply, <EinladungPage ctx={pageContext(req, reply)} token={req.params.token} person={person} errors={errors} />, 400);
      }
    },
  );

  /* ------------------------------------------------------------------ JSON API */

  const tags = ['konten'];
  const fehler = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
  const detailJson = async (id: string) => {
    const k = await auth.account(id);
    return {
      ...kontoJson(k, now()),
      sitzungen: k.sitzungen,
      rollenVomLandesLogin: k.rollenVomLandesLogin,
      verlauf: k.verlauf.map((v) => ({ at: v.at.toISOString(), von: v.von, aktion: v.aktion, vorher: v.vorher, nachher: v.nachher })),
    };
  };

  /** The answer to an invitation: the account, and the link only when the mail was not delivered. */
  const einladungJson = async (r: { user: { id: string }; laeuftAbAm: Date; mail: { status: 'versendet' | 'fehlgeschlagen' | 'nicht_versendet' }; link: string }) => ({
    konto: kontoJson(await auth.account(r.user.id), now()),
    einladung: { laeuftAbAm: r.laeuftAbAm.toISOString(), mail: r.mail.status, link: r.mail.status === 'versendet' ? undefined : r.link },
  });

  app.get(
    '/api/v1/konten',
    { config: { access: ADMIN }, schema: { tags, summary: 'Accounts with filters (name/e-mail, role, Behörde, status, last login) and paging', querystring: kontenQuery, response: { 200: kontenListeSchema, ...fehler } } },
    async (req) => {
      const { total, items } = await auth.listAccounts(filterAus(req.query));
      return { total, seite: req.query.seite, proSeite: req.query.proSeite, items: items.map((k) => kontoJson(k, now())) };
    },
  );

  app.get(
    '/api/v1/konten/rollen',
    { config: { access: ADMIN }, schema: { tags, summary: 'The roles and the pairs of roles one account must never hold together (four eyes), with the reason', response: { 200: rollenKatalogSchema, ...fehler } } },
    async () => ({
      rollen: ROLES.map((r) => ({ rolle: r, ...ROLE_LABELS[r], behoerdenGebunden: BEHOERDEN_BOUND_ROLES.includes(r) })),
      unvereinbar: UNVEREINBARE_ROLLEN.map((k) => ({ rollen: [...k.rollen], grund: k.grund.de, reason: k.grund.en })),
    }),
  );

  app.get(
    '/api/v1/konten/:id',
    { config: { access: ADMIN }, schema: { tags, summary: 'One account with its number of active sessions and its audit entries', params: kontoIdParam, response: { 200: kontoDetailSchema, ...fehler } } },
    async (req) => detailJson(req.params.id),
  );

  app.post(
    '/api/v1/konten/einladungen',
    {
      config: { access: ADMIN },
      schema: {
        tags,
        summary: 'Invite a person: creates the account without a password and mails a one-time link to set it',
        description: 'Cookie-authenticated calls send the CSRF token (GET /api/v1/csrf) in `x-csrf-token`. The link is returned only when the mail could not be delivered.',
        body: einladungBody,
        response: { 201: einladungAntwortSchema, ...fehler },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await einladungJson(await auth.inviteUser(actorOf(req), { email: req.body.email, name: req.body.name, roles: req.body.rollen, behoerden: req.body.behoerden }))),
  );

  app.post(
    '/api/v1/konten/:id/einladung',
    { config: { access: ADMIN }, schema: { tags, summary: 'Send a new one-time link: an invitation again (no password yet) or a link to set a new password; older links stop working', params: kontoIdParam, response: { 201: einladungAntwortSchema, ...fehler } } },
    async (req, reply) => reply.code(201).send(await einladungJson(await auth.resendInvitation(actorOf(req), req.params.id))),
  );

  app.put(
    '/api/v1/konten/:id/rollen',
    {
      config: { access: ADMIN },
      schema: { tags, summary: 'Set the roles and Behörden of an account (refused for roles that exclude each other, for one’s own account and for accounts of the state login)', params: kontoIdParam, body: rollenBody, response: { 200: kontoSchema, ...fehler } },
    },
    async (req) => {
      await auth.setRoles(actorOf(req), req.params.id, { roles: req.body.rollen, behoerden: req.body.behoerden });
      return kontoJson(await auth.account(req.params.id), now());
    },
  );

  const apiAktion = (pfad: string, summary: string, run: (req: FastifyRequest<{ Params: { id: string } }>) => Promise<unknown>) =>
    app.post(`/api/v1/konten/:id/${pfad}`, { config: { access: ADMIN }, schema: { tags, summary, params: kontoIdParam, response: { 200: kontoSchema, ...fehler } } }, async (req) => {
      await run(req);
      return kontoJson(await auth.account(req.params.id), now());
    });

  apiAktion('deaktivieren', 'Deactivate: ends all sessions, revokes API tokens and open invitations', (req) => auth.deactivate(actorOf(req), req.params.id));
  apiAktion('reaktivieren', 'Reactivate a deactivated account', (req) => auth.reactivate(actorOf(req), req.params.id));
  apiAktion('sitzungen-beenden', 'End every session of the account', (req) => auth.endSessionsOf(actorOf(req), req.params.id));
}
