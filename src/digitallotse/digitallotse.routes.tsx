/** Grundkurs Digitallotse: pages for Kommunen and the ministry, the certificate PDF, a small API. Handlers stay thin. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { istMinisterium } from '../auth/berechtigung';
import { AppError, NotFoundError, ValidationError } from '../shared/errors';
import type { FieldError } from '../shared/layout';
import { pageContext, sendPage } from '../shared/web';
import { anmeldeForm, anwesenheitForm, digitallotseStatusSchema, idParam, kursForm } from './digitallotse.schemas';
import { type AnmeldeWerte, KursListePage, KursPage, TeilnahmePage, VerwaltungPage } from './views/digitallotse.views';
import { arsParam, errorResponse } from '../shared/api.schemas';
import { MINISTERIUM } from '../auth/roles';

const MELDUNGEN: Record<string, string> = {
  platz: 'Die Anmeldung ist gespeichert; der Platz ist sicher. Die teilnehmende Person erhält eine Bestätigung per E-Mail.',
  warteliste: 'Der Kurs ist ausgebucht: die Anmeldung steht auf der Warteliste. Wird ein Platz frei, rückt die Person nach.',
  storniert: 'Die Anmeldung ist storniert.',
  kurs: 'Der Kurstermin ist angelegt.',
  anwesenheit: 'Die Anwesenheit ist gespeichert.',
};

const fieldErrors = (e: z.ZodError): FieldError[] => e.issues.map((i) => ({ field: String(i.path[0] ?? 'form'), message: i.message }));

const kursId = (req: FastifyRequest) => {
  const p = idParam.safeParse(req.params);
  if (!p.success) throw new NotFoundError('Diesen Kurstermin gibt es nicht.');
  return p.data.id;
};

const anmeldungId = (req: FastifyRequest) => {
  const p = idParam.safeParse(req.params);
  if (!p.success) throw new NotFoundError('Diese Anmeldung gibt es nicht.');
  return p.data.id;
};

export async function digitallotseRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const service = app.services.digitallotse;
  const meldung = (req: FastifyRequest) => MELDUNGEN[(req.query as { meldung?: string }).meldung ?? ''];

  /** Behörden the user may register employees for, with their names. */
  const eigeneBehoerden = async (req: FastifyRequest) => {
    const arsList = service.anmeldbareBehoerden(req.user);
    return arsList.length ? app.services.behoerden.namesOf(arsList) : [];
  };

  app.get('/digitallotse', { config: { access: 'public' } }, async (req, reply) => {
    const [kurse, anmeldungen] = await Promise.all([service.kurse(), service.eigeneAnmeldungen(req.user)]);
    return sendPage(reply, <KursListePage ctx={pageContext(req, reply)} kurse={kurse} anmeldungen={anmeldungen} meldung={meldung(req)} />);
  });

  const renderKurs = async (req: FastifyRequest, reply: FastifyReply, id: string, extra: { werte?: AnmeldeWerte; errors?: FieldError[]; status?: number } = {}) => {
    const kurs = await service.kurs(id);
    return sendPage(reply, <KursPage ctx={pageContext(req, reply)} kurs={kurs} behoerden={await eigeneBehoerden(req)} angemeldet={Boolean(req.user)} werte={extra.werte} errors={extra.errors} />, extra.status);
  };

  app.get('/digitallotse/kurse/:id', { config: { access: 'public' } }, async (req, reply) => renderKurs(req, reply, kursId(req)));

  app.post('/digitallotse/kurse/:id/anmelden', { config: { access: ['kommune_editor'] } }, async (req, reply) => {
    const id = kursId(req);
    const raw = (req.body ?? {}) as Record<string, string>;
    const werte: AnmeldeWerte = { ars: raw.ars, teilnehmerName: raw.teilnehmerName, teilnehmerEmail: raw.teilnehmerEmail, foerderung: raw.foerderung === 'ja' };
    const form = anmeldeForm.safeParse(raw);
    if (!form.success) return renderKurs(req, reply, id, { werte, errors: fieldErrors(form.error), status: 400 });
    try {
      const a = await service.meldeAn(req.user!, id, form.data, req.id);
      return reply.redirect(`/digitallotse?meldung=${a.status}`, 303);
    } catch (e) {
      if (e instanceof AppError && e.status === 409) {
        const errors = e.details.length ? e.details.map((d) => ({ field: d.field ?? 'teilnehmerName', message: d.message })) : [{ field: 'teilnehmerName', message: e.message }];
        return renderKurs(req, reply, id, { werte, errors, status: 409 });
      }
      throw e;
    }
  });

  app.post('/digitallotse/anmeldungen/:id/stornieren', { config: { access: 'authenticated' } }, async (req, reply) => {
    const id = anmeldungId(req);
    await service.storniere(req.user!, id, req.id);
    return reply.redirect(istMinisterium(req.user) ? '/verwaltung/digitallotse?meldung=storniert' : '/digitallotse?meldung=storniert', 303);
  });

  app.get('/digitallotse/anmeldungen/:id/teilnahmebescheinigung.pdf', { config: { access: 'authenticated' } }, async (req, reply) => {
    const p = idParam.safeParse(req.params);
    if (!p.success) throw new NotFoundError('Diese Anmeldung gibt es nicht.');
    const { pdf, dateiname } = await service.bescheinigung(req.user!, p.data.id);
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${dateiname}"`).header('cache-control', 'no-store').send(pdf);
  });

  /* ------------------------------------------------------------ ministry */

  const renderVerwaltung = async (req: FastifyRequest, reply: FastifyReply, extra: { werte?: Record<string, string>; errors?: FieldError[]; status?: number } = {}) =>
    sendPage(reply, <VerwaltungPage ctx={pageContext(req, reply)} kurse={await service.kurse({ alle: true })} werte={extra.werte} errors={extra.errors} meldung={meldung(req)} />, extra.status);

  app.get('/verwaltung/digitallotse', { config: { access: MINISTERIUM } }, async (req, reply) => renderVerwaltung(req, reply));

  app.post('/verwaltung/digitallotse/kurse', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const raw = (req.body ?? {}) as Record<string, string>;
    const form = kursForm.safeParse(raw);
    if (!form.success) return renderVerwaltung(req, reply, { werte: raw, errors: fieldErrors(form.error), status: 400 });
    const { gebuehr, ...rest } = form.data;
    await service.legeKursAn(req.user!, { ...rest, gebuehrCent: gebuehr }, req.id);
    return reply.redirect('/verwaltung/digitallotse?meldung=kurs', 303);
  });

  app.get('/verwaltung/digitallotse/kurse/:id', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const id = kursId(req);
    const [kurs, anmeldungen] = await Promise.all([service.kurs(id), service.anmeldungen(req.user!, { kursId: id })]);
    return sendPage(reply, <TeilnahmePage ctx={pageContext(req, reply)} kurs={kurs} anmeldungen={anmeldungen} meldung={meldung(req)} />);
  });

  app.post('/verwaltung/digitallotse/anmeldungen/:id/anwesenheit', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const id = anmeldungId(req);
    const parsed = anwesenheitForm.safeParse(req.body ?? {});
    if (!parsed.success) throw new ValidationError('Bitte wählen Sie die Module aus, an denen die Person teilgenommen hat.', fieldErrors(parsed.error));
    const form = parsed.data;
    const { kursId: kurs } = await service.erfasseAnwesenheit(req.user!, id, form.modul, req.id);
    return reply.redirect(`/verwaltung/digitallotse/kurse/${kurs}?meldung=anwesenheit`, 303);
  });

  /* ------------------------------------------------------------ API */

  app.get(
    '/api/v1/behoerden/:ars/digitallotse',
    {
      config: { access: 'public' },
      schema: { tags: ['digitallotse'], summary: 'Whether a Behörde has a Digitallotse (someone who completed the Grundkurs); no names', params: arsParam, response: { 200: digitallotseStatusSchema, 400: errorResponse } },
    },
    async (req) => {
      const l = await service.digitallotsen(req.params.ars);
      return { ars: req.params.ars, hatDigitallotse: l.length > 0, abgeschlossen: l.map((x) => ({ abgeschlossenAm: x.abgeschlossenAm.toISOString() })) };
    },
  );
}
