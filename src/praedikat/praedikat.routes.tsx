/** The Prädikat workflow: JSON API and pages for Kommunen and the ministry. Handlers stay thin. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { darfAkteSehen, istMinisterium } from '../auth/berechtigung';
import { arsParam, errorResponse } from '../behoerden/behoerden.schemas';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import type { FieldError } from '../shared/layout';
import { pageContext, sendPage } from '../shared/web';
import type { AntragRow } from './praedikat.repository';
import { renderSchild, type SchildFormat } from './praedikat.schild';
import {
  antragBody,
  antragIdParam,
  antragSchema,
  arbeitslisteQuery,
  empfehlungBody,
  entscheidungBody,
  grundBody,
  nrParam,
  praedikatSchema,
  vorpruefungSchema,
} from './praedikat.schemas';
import type { AntragEingabe } from './praedikat.service';
import { AktePage, AntragPage, ArbeitslistePage, KommunePraedikatPage } from './views/praedikat.views';

const MINISTERIUM = ['ministry_admin', 'ministry_reviewer'] as const;

const parse = <T extends z.ZodType>(schema: T, value: unknown, message: string): z.output<T> => {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw new ValidationError(message, r.error.issues.map((i) => ({ field: i.path.join('.'), message: `${i.path.join('.')}: ${i.message}` })));
  return r.data;
};

const toEingabe = (b: z.output<typeof antragBody>): AntragEingabe => ({
  kontaktName: b.kontaktName,
  kontaktEmail: b.kontaktEmail,
  kontaktTelefon: b.kontaktTelefon,
  websiteUrl: b.websiteUrl,
  schildGewuenscht: b.schildGewuenscht,
  schildFormat: b.schildFormat,
  lieferadresse: b.lieferadresse,
});

export async function praedikatRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const service = app.services.praedikat;

  const antragMitSchritten = async (id: string) => {
    const a = await service.antrag(id);
    return {
      ...a,
      eingereichtAm: a.eingereichtAm.toISOString(),
      schritte: a.schritte.map((s) => ({ schritt: s.schritt, vonStatus: s.vonStatus, nachStatus: s.nachStatus, von: s.actorLabel, kommentar: s.kommentar, am: s.at.toISOString() })),
    };
  };
  const pruefeAntragSicht = async (req: FastifyRequest, id: string) => {
    const a = await service.antrag(id);
    if (!darfAkteSehen(req.user, a.behoerdeArs)) throw new ForbiddenError('Diesen Antrag sehen nur die Redaktion der Behörde und das Ministerium.');
    return a;
  };

  /* ------------------------------------------------------------------ API */

  app.get(
    '/api/v1/behoerden/:ars/praedikat',
    {
      config: { access: 'public' },
      schema: { tags: ['praedikat'], summary: 'The Prädikat of a Behörde: status, certificate number, award date, history (null if none)', params: arsParam, response: { 200: praedikatSchema, 400: errorResponse } },
    },
    async (req) => service.praedikatVon(req.params.ars),
  );

  app.get(
    '/api/v1/behoerden/:ars/praedikat/vorpruefung',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['praedikat'], summary: 'Automatic pre-check (checklist) for an application', params: arsParam, response: { 200: vorpruefungSchema, 401: errorResponse, 403: errorResponse, 404: errorResponse } },
    },
    async (req) => {
      if (!darfAkteSehen(req.user, req.params.ars)) throw new ForbiddenError('Nur für die Redaktion der Behörde und das Ministerium.');
      return service.vorpruefung(req.params.ars);
    },
  );

  app.post(
    '/api/v1/behoerden/:ars/praedikat/antraege',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['praedikat'],
        summary: 'Apply for the Prädikat (editor of the Behörde); refused with the exact gap while not eligible',
        params: arsParam,
        body: antragBody,
        response: { 201: antragSchema, 400: errorResponse, 401: errorResponse, 403: errorResponse, 409: errorResponse },
      },
    },
    async (req, reply) => {
      const a = await service.beantragen(req.user!, req.params.ars, toEingabe(req.body), req.id);
      return reply.code(201).send(await antragMitSchritten(a.id));
    },
  );

  app.get(
    '/api/v1/praedikat/antraege',
    {
      config: { access: MINISTERIUM },
      schema: {
        tags: ['praedikat'],
        summary: 'Work list: open applications, oldest first',
        querystring: arbeitslisteQuery,
        response: {
          200: z.array(
            z.object({ id: z.string(), behoerdeArs: z.string(), name: z.string(), status: z.string(), eingereichtAm: z.string(), alterTage: z.number().int(), anzahl: z.number().int(), empfehlung: z.string().nullable() }),
          ),
        },
      },
    },
    async (req) => {
      const jetzt = app.services.clock.now().getTime();
      const rows = await service.arbeitsliste({ status: req.query.status ? [req.query.status] : undefined, regbez: req.query.regierungsbezirk });
      return rows.map((r) => ({
        id: r.id,
        behoerdeArs: r.behoerde_ars,
        name: r.name,
        status: r.status,
        eingereichtAm: new Date(r.eingereicht_am).toISOString(),
        alterTage: Math.floor((jetzt - new Date(r.eingereicht_am).getTime()) / 86_400_000),
        anzahl: Number(r.anzahl),
        empfehlung: r.empfehlung,
      }));
    },
  );

  app.get(
    '/api/v1/praedikat/antraege/:id',
    { config: { access: 'authenticated' }, schema: { tags: ['praedikat'], summary: 'One application with every step', params: antragIdParam, response: { 200: antragSchema, 403: errorResponse, 404: errorResponse } } },
    async (req) => {
      await pruefeAntragSicht(req, req.params.id);
      return antragMitSchritten(req.params.id);
    },
  );

  const schrittResponse = { 200: antragSchema, 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

  app.post(
    '/api/v1/praedikat/antraege/:id/empfehlung',
    { config: { access: MINISTERIUM }, schema: { tags: ['praedikat'], summary: 'First reviewer: recommend (award, reject, send back)', params: antragIdParam, body: empfehlungBody, response: schrittResponse } },
    async (req) => {
      await service.empfehlen(req.user!, req.params.id, req.body.empfehlung, req.body.kommentar, req.id);
      return antragMitSchritten(req.params.id);
    },
  );

  app.post(
    '/api/v1/praedikat/antraege/:id/entscheidung',
    {
      config: { access: MINISTERIUM },
      schema: { tags: ['praedikat'], summary: 'Second reviewer (never the first): decide; an award is public at once', params: antragIdParam, body: entscheidungBody, response: schrittResponse },
    },
    async (req) => {
      await service.entscheiden(req.user!, req.params.id, req.body.entscheidung, req.body.kommentar, req.id);
      return antragMitSchritten(req.params.id);
    },
  );

  app.post(
    '/api/v1/praedikat/antraege/:id/erneut-einreichen',
    { config: { access: 'authenticated' }, schema: { tags: ['praedikat'], summary: 'Resubmit an application that was sent back', params: antragIdParam, body: antragBody, response: schrittResponse } },
    async (req) => {
      await service.erneutEinreichen(req.user!, req.params.id, toEingabe(req.body), req.id);
      return antragMitSchritten(req.params.id);
    },
  );

  app.post(
    '/api/v1/praedikat/antraege/:id/zurueckziehen',
    { config: { access: 'authenticated' }, schema: { tags: ['praedikat'], summary: 'Withdraw an application', params: antragIdParam, response: schrittResponse } },
    async (req) => {
      await service.zurueckziehen(req.user!, req.params.id, req.id);
      return antragMitSchritten(req.params.id);
    },
  );

  for (const art of ['aussetzen', 'wiederherstellen', 'widerrufen'] as const) {
    app.post(
      `/api/v1/praedikate/:nr/${art}`,
      {
        config: { access: MINISTERIUM },
        schema: {
          tags: ['praedikat'],
          summary: art === 'widerrufen' ? 'Revoke an award (final)' : art === 'aussetzen' ? 'Suspend an award by hand' : 'Reinstate a suspended award (only when eligible)',
          params: nrParam,
          body: grundBody,
          response: { 200: z.object({ status: z.string() }), 400: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
        },
      },
      async (req) => ({ status: (await service.manuell(req.user!, req.params.nr, art, req.body.grund, req.id)).status }),
    );
  }

  app.post(
    '/api/v1/praedikat/nachpruefung',
    {
      config: { access: MINISTERIUM },
      schema: {
        tags: ['praedikat'],
        summary: 'Run the re-check of every award now (it also runs daily)',
        response: { 200: z.object({ geprueft: z.number().int(), aenderungen: z.array(z.object({ zertifikatNr: z.string(), ars: z.string(), ereignis: z.string(), status: z.string() })) }) },
      },
    },
    async () => service.recheckAlle(),
  );

  app.get(
    '/api/v1/behoerden/:ars/akte',
    { config: { access: 'authenticated' }, schema: { tags: ['praedikat'], summary: 'The complete file of a Behörde (editors of the Behörde, ministry)', params: arsParam } },
    async (req) => {
      if (!darfAkteSehen(req.user, req.params.ars)) throw new ForbiddenError('Die Akte sehen nur die Redaktion der Behörde und das Ministerium.');
      return service.akte(req.params.ars);
    },
  );

  /* ------------------------------------------------------------------ Schild print file */

  app.get('/praedikat/:nr/schild.pdf', { config: { access: 'authenticated' } }, async (req, reply) => {
    const { nr } = parse(nrParam, req.params, 'Ungültige Zertifikatsnummer.');
    const { format } = parse(z.object({ format: z.enum(['A3', 'A4']).default('A3') }), req.query, 'Format A3 oder A4.');
    const p = await service.praedikat(nr);
    if (!p) throw new NotFoundError(`Kein Prädikat mit der Nummer ${nr}.`);
    if (!darfAkteSehen(req.user, p.behoerdeArs)) throw new ForbiddenError('Die Druckdatei erhalten die Redaktion der Behörde und das Ministerium.');
    const b = await app.services.behoerden.get(p.behoerdeArs);
    const pdf = await renderSchild({ name: b.anzeigename, jahr: Number(String(p.verliehenAm).slice(0, 4)), zertifikatNr: nr, format: format as SchildFormat });
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="schild-${nr}-${format}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(pdf);
  });

  /* ------------------------------------------------------------------ Pages: Kommune */

  const kommunePage = async (req: FastifyRequest, reply: FastifyReply, ars: string, extra: { errors?: FieldError[]; werte?: Partial<AntragEingabe>; meldung?: string; status?: number } = {}) => {
    const [vorpruefung, praedikat, offen, stand] = await Promise.all([
      service.vorpruefung(ars),
      service.praedikatVon(ars),
      service.offenerAntrag(ars),
      app.services.verlinkung.zaehlstand(ars),
    ]);
    const antrag = offen ? await service.antrag(offen.id) : undefined;
    return sendPage(
      reply,
      <KommunePraedikatPage ctx={pageContext(req, reply)} ars={ars} name={stand.anzeigename} vorpruefung={vorpruefung} praedikat={praedikat} antrag={antrag} errors={extra.errors ?? []} werte={extra.werte} meldung={extra.meldung} />,
      extra.status ?? 200,
    );
  };

  const kommuneArs = (req: FastifyRequest) => {
    const { ars } = parse(arsParam, req.params, 'Der Behördenschlüssel muss aus 3, 5, 9 oder 12 Ziffern bestehen.');
    if (!darfAkteSehen(req.user, ars)) throw new ForbiddenError('Diese Seite sehen nur die Redaktion der Behörde und das Ministerium.');
    return ars;
  };

  const MELDUNGEN: Record<string, { de: string; en: string }> = {
    eingereicht: { de: 'Ihr Antrag ist eingereicht. Sie erhalten eine Eingangsbestätigung per E-Mail.', en: 'Your application is submitted. You will receive a confirmation by email.' },
    zurueckgezogen: { de: 'Der Antrag ist zurückgezogen.', en: 'The application is withdrawn.' },
  };

  app.get('/verwaltung/behoerden/:ars/praedikat', { config: { access: 'authenticated' } }, async (req, reply) =>
    kommunePage(req, reply, kommuneArs(req), { meldung: MELDUNGEN[(req.query as { meldung?: string }).meldung ?? '']?.[req.locale] }),
  );

  /** Posts from the Kommune page: domain errors re-render the form with the message on the field. */
  const kommuneAktion = (aktion: 'beantragen' | 'erneut' | 'zurueckziehen') => async (req: FastifyRequest, reply: FastifyReply) => {
    const ars = kommuneArs(req);
    const body = antragBody.safeParse(req.body ?? {});
    const werte = body.success ? toEingabe(body.data) : undefined;
    try {
      if (aktion === 'beantragen') {
        if (!werte) throw new ValidationError('Der Antrag ist unvollständig.');
        await service.beantragen(req.user!, ars, werte, req.id);
      } else {
        const offen = await service.offenerAntrag(ars);
        if (!offen) throw new NotFoundError('Es gibt keinen offenen Antrag.');
        if (aktion === 'erneut') {
          if (!werte) throw new ValidationError('Der Antrag ist unvollständig.');
          await service.erneutEinreichen(req.user!, offen.id, werte, req.id);
        } else await service.zurueckziehen(req.user!, offen.id, req.id);
      }
    } catch (e) {
      if (e instanceof AppError && e.status < 500 && e.status !== 403) {
        const errors = e.details.length ? e.details.map((d) => ({ field: d.field ?? 'antrag', message: d.message })) : [{ field: 'antrag', message: e.message }];
        return kommunePage(req, reply, ars, { errors, werte, status: e.status });
      }
      throw e;
    }
    return reply.redirect(`/verwaltung/behoerden/${ars}/praedikat?meldung=${aktion === 'zurueckziehen' ? 'zurueckgezogen' : 'eingereicht'}`, 303);
  };

  app.post('/verwaltung/behoerden/:ars/praedikat/antrag', { config: { access: 'authenticated' } }, kommuneAktion('beantragen'));
  app.post('/verwaltung/behoerden/:ars/praedikat/erneut', { config: { access: 'authenticated' } }, kommuneAktion('erneut'));
  app.post('/verwaltung/behoerden/:ars/praedikat/zurueckziehen', { config: { access: 'authenticated' } }, kommuneAktion('zurueckziehen'));

  /* ------------------------------------------------------------------ Pages: ministry */

  app.get('/verwaltung/praedikat', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const q = parse(arbeitslisteQuery, req.query, 'Ungültiger Filter.');
    const [liste, schilder] = await Promise.all([service.arbeitsliste({ status: q.status ? [q.status] : undefined, regbez: q.regierungsbezirk }), service.offeneSchilder()]);
    // Messages come as codes and numbers only: no text from the address is shown as a notice.
    const m = z
      .object({ meldung: z.enum(['nachpruefung', 'schild']).optional(), geprueft: z.coerce.number().int().min(0).optional(), aenderungen: z.coerce.number().int().min(0).optional() })
      .safeParse(req.query);
    const de = req.locale === 'de';
    const meldung = !m.success
      ? undefined
      : m.data.meldung === 'nachpruefung'
        ? de
          ? `Nachprüfung ausgeführt: ${m.data.geprueft ?? 0} Prädikate geprüft, ${m.data.aenderungen ?? 0} Änderungen.`
          : `Re-check done: ${m.data.geprueft ?? 0} labels checked, ${m.data.aenderungen ?? 0} changes.`
        : m.data.meldung === 'schild'
          ? de
            ? 'Der Stand der Schild-Bestellung ist gespeichert.'
            : 'The status of the sign order is saved.'
          : undefined;
    return sendPage(reply, <ArbeitslistePage ctx={pageContext(req, reply)} liste={liste} schilder={schilder} filter={q} jetzt={app.services.clock.now()} meldung={meldung} />);
  });

  const antragPage = async (req: FastifyRequest, reply: FastifyReply, id: string, extra: { errors?: FieldError[]; status?: number; meldung?: string } = {}) => {
    const antrag = await pruefeAntragSicht(req, id);
    const [aktuelleVorpruefung, stand] = await Promise.all([service.vorpruefung(antrag.behoerdeArs), app.services.verlinkung.zaehlstand(antrag.behoerdeArs)]);
    return sendPage(
      reply,
      <AntragPage
        ctx={pageContext(req, reply)}
        antrag={antrag as AntragRow & { schritte: Awaited<ReturnType<typeof service.antrag>>['schritte'] }}
        name={stand.anzeigename}
        aktuelleVorpruefung={aktuelleVorpruefung}
        istMinisterium={istMinisterium(req.user)}
        userId={req.user!.id}
        errors={extra.errors ?? []}
        meldung={extra.meldung}
      />,
      extra.status ?? 200,
    );
  };

  app.get('/verwaltung/praedikat/antraege/:id', { config: { access: 'authenticated' } }, async (req, reply) => {
    const { id } = parse(antragIdParam, req.params, 'Diese Adresse nennt keinen Antrag.');
    return antragPage(req, reply, id, { meldung: (req.query as { meldung?: string }).meldung });
  });

  const reviewAktion = (art: 'empfehlung' | 'entscheidung') => async (req: FastifyRequest, reply: FastifyReply) => {
    const { id } = parse(antragIdParam, req.params, 'Diese Adresse nennt keinen Antrag.');
    const schema = z.object({ wahl: z.enum(['verleihen', 'ablehnen', 'zurueckgeben']), kommentar: z.string().max(5000).default('') });
    const body = schema.safeParse(req.body ?? {});
    if (!body.success) return antragPage(req, reply, id, { errors: [{ field: 'wahl', message: req.locale === 'de' ? 'Bitte wählen Sie eine der Möglichkeiten.' : 'Please choose one of the options.' }], status: 400 });
    try {
      if (art === 'empfehlung') await service.empfehlen(req.user!, id, body.data.wahl, body.data.kommentar, req.id);
      else await service.entscheiden(req.user!, id, body.data.wahl, body.data.kommentar, req.id);
    } catch (e) {
      if (e instanceof AppError && e.status < 500 && e.status !== 403) {
        const errors = e.details.length ? e.details.map((d) => ({ field: d.field ?? 'wahl', message: d.message })) : [{ field: 'wahl', message: e.message }];
        return antragPage(req, reply, id, { errors, status: e.status });
      }
      throw e;
    }
    return reply.redirect(`/verwaltung/praedikat/antraege/${id}?meldung=${art}`, 303);
  };
  app.post('/verwaltung/praedikat/antraege/:id/empfehlung', { config: { access: MINISTERIUM } }, reviewAktion('empfehlung'));
  app.post('/verwaltung/praedikat/antraege/:id/entscheidung', { config: { access: MINISTERIUM } }, reviewAktion('entscheidung'));

  app.post('/verwaltung/praedikat/nachpruefung', { config: { access: MINISTERIUM } }, async (_req, reply) => {
    const r = await service.recheckAlle();
    return reply.redirect(`/verwaltung/praedikat?meldung=nachpruefung&geprueft=${r.geprueft}&aenderungen=${r.aenderungen.length}`, 303);
  });

  app.post('/verwaltung/praedikat/schilder/:id/weiter', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const { id } = parse(z.object({ id: z.uuid() }), req.params, 'Ungültige Bestellung.');
    await service.schildWeiter(req.user!, id, req.id);
    return reply.redirect('/verwaltung/praedikat?meldung=schild', 303);
  });

  const aktePage = async (req: FastifyRequest, reply: FastifyReply, ars: string, extra: { errors?: FieldError[]; status?: number; meldung?: string } = {}) => {
    const [akte, stand, praedikat] = await Promise.all([service.akte(ars), app.services.verlinkung.zaehlstand(ars), service.praedikatVon(ars)]);
    return sendPage(
      reply,
      <AktePage ctx={pageContext(req, reply)} ars={ars} name={stand.anzeigename} akte={akte} praedikat={praedikat} istMinisterium={istMinisterium(req.user)} errors={extra.errors ?? []} meldung={extra.meldung} />,
      extra.status ?? 200,
    );
  };

  app.get('/verwaltung/behoerden/:ars/akte', { config: { access: 'authenticated' } }, async (req, reply) =>
    aktePage(req, reply, kommuneArs(req), { meldung: (req.query as { meldung?: string }).meldung }),
  );

  app.post('/verwaltung/praedikate/:nr/:art', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const { nr, art } = parse(z.object({ nr: nrParam.shape.nr, art: z.enum(['aussetzen', 'wiederherstellen', 'widerrufen']) }), req.params, 'Ungültige Adresse.');
    const p = await service.praedikat(nr);
    if (!p) throw new NotFoundError(`Kein Prädikat mit der Nummer ${nr}.`);
    const { grund } = parse(grundBody, req.body, 'Bitte nennen Sie den Grund.');
    try {
      await service.manuell(req.user!, nr, art, grund, req.id);
    } catch (e) {
      if (e instanceof AppError && e.status < 500 && e.status !== 403) {
        return aktePage(req, reply, p.behoerdeArs, { errors: [{ field: 'grund', message: e.details[0]?.message ?? e.message }], status: e.status });
      }
      throw e;
    }
    const text = art === 'widerrufen' ? 'widerrufen' : art === 'aussetzen' ? 'ausgesetzt' : 'wiederhergestellt';
    return reply.redirect(`/verwaltung/behoerden/${p.behoerdeArs}/akte?meldung=${encodeURIComponent(`Prädikat ${nr} ${text}.`)}`, 303);
  });
}
