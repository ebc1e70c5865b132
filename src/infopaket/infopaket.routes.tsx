/** Informationspaket: public pages and search, the ministry's editor with drafts and versions. Handlers stay thin. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, NotFoundError } from '../shared/errors';
import { pageContext, sendPage } from '../shared/web';
import { KOMPONENTEN } from './infopaket.service';
import { EditorPage, SeitePage, UebersichtPage, VerwaltungPage } from './views/infopaket.views';
import { MINISTERIUM } from '../auth/roles';

const MELDUNGEN: Record<string, string> = {
  angelegt: 'Die Seite ist als Entwurf angelegt.',
  entwurf: 'Der Entwurf ist gespeichert. Öffentlich sichtbar wird er erst nach dem Veröffentlichen.',
  veroeffentlicht: 'Die neue Version ist veröffentlicht.',
};
const neuForm = z.object({
  titel: z.string().trim().min(3, 'Bitte geben Sie einen Titel an (mindestens 3 Zeichen).').max(200),
  slug: z.string().trim().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Die Adresse besteht aus Kleinbuchstaben, Ziffern und Bindestrichen.').max(80),
  komponente: z.enum(KOMPONENTEN, 'Bitte wählen Sie eine Komponente aus der Liste.'),
});

export async function infopaketRoutes(app: FastifyInstance) {
  const service = app.services.infopaket;
  const meldung = (req: FastifyRequest) => MELDUNGEN[(req.query as { meldung?: string }).meldung ?? ''];
  const id = (req: FastifyRequest) => {
    const p = z.object({ id: z.uuid() }).safeParse(req.params);
    if (!p.success) throw new NotFoundError('Diese Seite gibt es nicht.');
    return p.data.id;
  };

  app.get('/informationen', { config: { access: 'public' } }, async (req, reply) => {
    const q = String((req.query as { q?: string }).q ?? '').slice(0, 100);
    return sendPage(reply, <UebersichtPage ctx={pageContext(req, reply)} seiten={await service.veroeffentlicht(q)} suche={q.trim()} />);
  });
  app.get('/informationen/:slug', { config: { access: 'public' } }, async (req, reply) => {
    const slug = String((req.params as { slug: string }).slug);
    if (!/^[a-z0-9-]{1,80}$/.test(slug)) throw new NotFoundError('Diese Seite gibt es nicht.');
    return sendPage(reply, <SeitePage ctx={pageContext(req, reply)} s={await service.lies(slug)} />);
  });

  app.get('/verwaltung/informationen', { config: { access: MINISTERIUM } }, async (req, reply) => sendPage(reply, <VerwaltungPage ctx={pageContext(req, reply)} seiten={await service.alle(req.user!)} meldung={meldung(req)} />));
  app.post('/verwaltung/informationen', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const raw = (req.body ?? {}) as Record<string, string>;
    const f = neuForm.safeParse(raw);
    const fehler = (errors: { field: string; message: string }[]) => service.alle(req.user!).then((seiten) => sendPage(reply, <VerwaltungPage ctx={pageContext(req, reply)} seiten={seiten} werte={raw} errors={errors} />, 400));
    if (!f.success) return fehler(f.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message })));
    try {
      const s = await service.legeAn(req.user!, f.data, req.id);
      return reply.redirect(`/verwaltung/informationen/${s.id}?meldung=angelegt`, 303);
    } catch (e) {
      if (e instanceof AppError && e.status === 409) return fehler(e.details.map((d) => ({ field: d.field ?? 'slug', message: d.message })));
      throw e;
    }
  });
  app.get('/verwaltung/informationen/:id', { config: { access: MINISTERIUM } }, async (req, reply) => sendPage(reply, <EditorPage ctx={pageContext(req, reply)} s={await service.bearbeiten(req.user!, id(req))} meldung={meldung(req)} />));
  app.post('/verwaltung/informationen/:id/entwurf', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const sid = id(req);
    const raw = (req.body ?? {}) as Record<string, string>;
    const werte = { titel: String(raw.titel ?? '').slice(0, 200), markdown: String(raw.markdown ?? '').slice(0, 200_000) };
    try {
      await service.speichereEntwurf(req.user!, sid, werte, req.id);
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return sendPage(reply, <EditorPage ctx={pageContext(req, reply)} s={await service.bearbeiten(req.user!, sid)} werte={werte} errors={e.details.map((d) => ({ field: d.field ?? 'titel', message: d.message }))} />, 400);
      throw e;
    }
    return reply.redirect(`/verwaltung/informationen/${sid}?meldung=entwurf`, 303);
  });
  app.post('/verwaltung/informationen/:id/veroeffentlichen', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const sid = id(req);
    await service.veroeffentliche(req.user!, sid, req.id);
    return reply.redirect(`/verwaltung/informationen/${sid}?meldung=veroeffentlicht`, 303);
  });
}
