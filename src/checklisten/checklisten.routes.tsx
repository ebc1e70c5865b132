/** OZG-Checklisten: pages for the ministry (write, version, overview) and for a Behörde (work through). Handlers stay thin. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, NotFoundError } from '../shared/errors';
import type { FieldError } from '../shared/layout';
import { pageContext, sendPage } from '../shared/web';
import { ANTWORT_STATUS, type AntwortStatus } from './checklisten.service';
import { BehoerdeChecklistenPage, ChecklisteBearbeitenPage, ChecklisteEditorPage, ChecklistenVerwaltungPage } from './views/checklisten.views';
import { MINISTERIUM } from '../auth/roles';

const MELDUNGEN: Record<string, string> = {
  angelegt: 'Die Checkliste ist angelegt. Schreiben Sie jetzt den ersten Entwurf.',
  entwurf: 'Der Entwurf ist gespeichert. Kommunen sehen ihn erst nach dem Veröffentlichen.',
  veroeffentlicht: 'Die neue Version ist veröffentlicht. Antworten auf unveränderte Punkte bleiben erhalten.',
  gespeichert: 'Ihre Antworten sind gespeichert.',
};
const VORLAGE = '# Organisation\n- [verantwortung] Eine verantwortliche Person für die OZG-Umsetzung ist benannt.\n  Hilfe: Oft die Digitallotsin oder der Digitallotse.\n  Link: Grundkurs Digitallotse | /digitallotse\n';

const idParam = z.object({ id: z.uuid() });
const arsIdParam = z.object({ ars: z.string().regex(/^(\d{3}|\d{5}|\d{9}|\d{12})$/), id: z.uuid() });
const neuForm = z.object({ titel: z.string().trim().min(3, 'Bitte geben Sie einen Titel an (mindestens 3 Zeichen).').max(200), beschreibung: z.string().trim().max(1000).default('') });

const asDetails = (e: AppError): FieldError[] => (e.details.length ? e.details.map((d) => ({ field: d.field ?? 'quelltext', message: d.message })) : [{ field: 'quelltext', message: e.message }]);

export async function checklistenRoutes(app: FastifyInstance) {
  const service = app.services.checklisten;
  const meldung = (req: FastifyRequest) => MELDUNGEN[(req.query as { meldung?: string }).meldung ?? ''];
  const params = <T extends z.ZodType>(schema: T, req: FastifyRequest): z.output<T> => {
    const p = schema.safeParse(req.params);
    if (!p.success) throw new NotFoundError('Diese Checkliste gibt es nicht.');
    return p.data;
  };

  /* ------------------------------------------------------------ ministry */

  const renderListe = async (req: FastifyRequest, reply: FastifyReply, extra: { werte?: Record<string, string>; errors?: FieldError[]; status?: number } = {}) =>
    sendPage(reply, <ChecklistenVerwaltungPage ctx={pageContext(req, reply)} liste={await service.alle()} werte={extra.werte} errors={extra.errors} meldung={meldung(req)} />, extra.status);

  app.get('/verwaltung/checklisten', { config: { access: MINISTERIUM } }, async (req, reply) => renderListe(req, reply));

  app.post('/verwaltung/checklisten', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const raw = (req.body ?? {}) as Record<string, string>;
    const form = neuForm.safeParse(raw);
    if (!form.success) return renderListe(req, reply, { werte: raw, errors: form.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message })), status: 400 });
    try {
      const c = await service.legeAn(req.user!, form.data, req.id);
      return reply.redirect(`/verwaltung/checklisten/${c.id}?meldung=angelegt`, 303);
    } catch (e) {
      if (e instanceof AppError && e.status === 409) return renderListe(req, reply, { werte: raw, errors: asDetails(e), status: 409 });
      throw e;
    }
  });

  const renderEditor = async (req: FastifyRequest, reply: FastifyReply, id: string, extra: { quelltext?: string; errors?: FieldError[]; status?: number } = {}) => {
    const c = await service.checkliste(id);
    const uebersicht = c.aktuell ? await service.uebersicht(req.user!, id) : undefined;
    const quelltext = extra.quelltext ?? c.entwurf?.quelltext ?? c.aktuell?.quelltext ?? VORLAGE;
    return sendPage(reply, <ChecklisteEditorPage ctx={pageContext(req, reply)} checkliste={c} quelltext={quelltext} errors={extra.errors} meldung={meldung(req)} uebersicht={uebersicht} />, extra.status);
  };

  app.get('/verwaltung/checklisten/:id', { config: { access: MINISTERIUM } }, async (req, reply) => renderEditor(req, reply, params(idParam, req).id));

  app.post('/verwaltung/checklisten/:id/entwurf', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const { id } = params(idParam, req);
    const quelltext = String((req.body as { quelltext?: string } | undefined)?.quelltext ?? '').slice(0, 100_000);
    try {
      await service.speichereEntwurf(req.user!, id, quelltext, req.id);
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return renderEditor(req, reply, id, { quelltext, errors: asDetails(e), status: 400 });
      throw e;
    }
    return reply.redirect(`/verwaltung/checklisten/${id}?meldung=entwurf`, 303);
  });

  app.post('/verwaltung/checklisten/:id/veroeffentlichen', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const { id } = params(idParam, req);
    await service.veroeffentliche(req.user!, id, req.id);
    return reply.redirect(`/verwaltung/checklisten/${id}?meldung=veroeffentlicht`, 303);
  });

  /* ------------------------------------------------------------ Behörde */

  const behoerdeName = async (ars: string) => (await app.services.behoerden.namesOf([ars]))[0]?.name ?? ars;

  app.get('/verwaltung/behoerden/:ars/checklisten', { config: { access: 'authenticated' } }, async (req, reply) => {
    const { ars } = params(z.object({ ars: z.string().regex(/^(\d{3}|\d{5}|\d{9}|\d{12})$/) }), req);
    // The service decides who may see the Behörde's checklists (its editors and the ministry).
    const liste = await service.fuerBehoerde(req.user!, ars);
    return sendPage(reply, <BehoerdeChecklistenPage ctx={pageContext(req, reply)} ars={ars} name={await behoerdeName(ars)} liste={liste} />);
  });

  app.get('/verwaltung/behoerden/:ars/checklisten/:id', { config: { access: 'authenticated' } }, async (req, reply) => {
    const { ars, id } = params(arsIdParam, req);
    const ansicht = await service.ansicht(req.user!, ars, id);
    return sendPage(reply, <ChecklisteBearbeitenPage ctx={pageContext(req, reply)} ars={ars} name={await behoerdeName(ars)} ansicht={ansicht} meldung={meldung(req)} />);
  });

  app.post('/verwaltung/behoerden/:ars/checklisten/:id', { config: { access: 'authenticated' } }, async (req, reply) => {
    const { ars, id } = params(arsIdParam, req);
    const body = (req.body ?? {}) as Record<string, string>;
    const eingaben = Object.keys(body)
      .filter((k) => k.startsWith('status_'))
      .map((k) => {
        const punkt = k.slice('status_'.length);
        const status = (ANTWORT_STATUS as readonly string[]).includes(body[k]) ? (body[k] as AntwortStatus) : 'offen';
        return { punkt, status, kommentar: String(body[`kommentar_${punkt}`] ?? '').slice(0, 2000) };
      });
    await service.beantworte(req.user!, ars, id, eingaben, req.id);
    return reply.redirect(`/verwaltung/behoerden/${ars}/checklisten/${id}?meldung=gespeichert`, 303);
  });
}
