/** The Prädikat workflow: JSON API and pages for Kommunen and the ministry. Handlers stay thin. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { istMinisterium } from '../auth/berechtigung';
import { AppError, NotFoundError, ValidationError } from '../shared/errors';
import { filterLeser } from '../shared/filter';
import type { FieldError } from '../shared/layout';
import { pageContext, parseOrThrow, sendPage } from '../shared/web';
import type { ArbeitslisteFilter } from './praedikat.repository';
import { renderSchild, type SchildFormat } from './praedikat.schild';
import {
  ANTRAG_STATUS,
  antragBody,
  antragIdParam,
  antragSchema,
  ARBEITSLISTE_SORT,
  arbeitslisteQuery,
  empfehlungBody,
  entscheidungBody,
  grundBody,
  massnahmeAntwort,
  nrParam,
  praedikatSchema,
  vorpruefungSchema,
  zuruecknehmenBody,
} from './praedikat.schemas';
import type { AntragEingabe } from './praedikat.service';
import { type ArbeitslisteAnsicht, ArbeitslistePage, REGIERUNGSBEZIRKE } from './views/arbeitsliste.views';
import { PRO_SEITE } from '../shared/filter-hinweis';
import { WiderrufPage } from './views/massnahmen.views';
import { AktePage, AntragPage, KommunePraedikatPage } from './views/praedikat.views';
import { sendeWiderrufenGone } from './praedikat.gone';
import { zahlMitWort } from '../shared/i18n';
import { arsParam, errorResponse } from '../shared/api.schemas';
import { BAYERN_TYPEN } from '../shared/behoerde-typen';
import { MINISTERIUM } from '../auth/roles';

/** A missing body or query reads as empty (the schemas' defaults apply). */
const parse = <T extends z.ZodType>(schema: T, value: unknown, message: string): z.output<T> => parseOrThrow(schema, value ?? {}, message);

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

  /** An application for the API: the pre-check as recorded at (re)submission, and optionally a fresh one beside it. */
  const antragMitSchritten = async (id: string, opts: { intern?: boolean; aktuell?: boolean } = {}) => {
    const a = await service.antrag(id);
    const intern = opts.intern ?? true;
    return {
      ...a,
      vorpruefung: a.vorpruefungBeiEinreichung?.ergebnis ?? a.vorpruefung,
      vorpruefungAktuell: opts.aktuell ? await service.vorpruefung(a.behoerdeArs) : undefined,
      vorpruefungen: a.vorpruefungen.map((v) => ({ anlass: v.anlass, am: v.am.toISOString(), ergebnis: v.ergebnis })),
      eingereichtAm: a.eingereichtAm.toISOString(),
      schritte: a.schritte.map((s) => ({
        schritt: s.schritt,
        vonStatus: s.vonStatus,
        nachStatus: s.nachStatus,
        von: s.actorLabel,
        // The reviewers' own notes stay with the ministry.
        kommentar: intern || !['empfehlung_verleihen', 'empfehlung_ablehnen', 'empfehlung_zurueckgeben', 'entscheidung_verleihen'].includes(s.schritt) ? s.kommentar : null,
        am: s.at.toISOString(),
      })),
    };
  };
  const pruefeAntragSicht = (req: FastifyRequest, id: string) => service.antragFuer(req.user, id);

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
    async (req) => service.vorpruefungFuer(req.user, req.params.ars),
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
      return reply.code(201).send(await antragMitSchritten(a.id, { intern: istMinisterium(req.user) }));
    },
  );

  app.get(
    '/api/v1/praedikat/antraege',
    {
      config: { access: MINISTERIUM },
      schema: {
        tags: ['praedikat'],
        summary: 'Work list: applications by status (default the open ones; decided ones too), Regierungsbezirk, type, age, pre-check; sorted; paged (at most 100)',
        querystring: arbeitslisteQuery,
        response: {
          200: z.object({
            total: z.number().int(),
            seite: z.number().int(),
            proSeite: z.number().int(),
            items: z.array(
              z.object({
                id: z.string(),
                behoerdeArs: z.string(),
                name: z.string(),
                typ: z.string(),
                regierungsbezirk: z.string(),
                status: z.string(),
                eingereichtAm: z.string(),
                alterTage: z.number().int(),
                anzahl: z.number().int(),
                empfehlung: z.string().nullable(),
                zertifikatNr: z.string().nullable(),
                vorpruefungBestanden: z.boolean().nullable().describe('Pre-check at submission passed (null: taken over from the stock)'),
              }),
            ),
          }),
          400: errorResponse,
        },
      },
    },
    async (req) => {
      const jetzt = app.services.clock.now();
      const q = req.query;
      const status = !q.status || q.status === 'offen' ? [] : q.status === 'alle' ? [...ANTRAG_STATUS] : [q.status];
      const r = await service.arbeitsliste({
        status,
        regbez: q.regierungsbezirk,
        typ: q.typ || undefined,
        mindestAlterTage: q.mindestAlterTage,
        nurMitMaengeln: q.maengel === 'ja',
        sort: q.sort,
        limit: q.proSeite,
        offset: (q.seite - 1) * q.proSeite,
        jetzt,
      });
      return {
        total: r.total,
        seite: q.seite,
        proSeite: q.proSeite,
        items: r.items.map((x) => ({
          id: x.id,
          behoerdeArs: x.behoerde_ars,
          name: x.name,
          typ: x.typ,
          regierungsbezirk: x.regbez_key,
          status: x.status,
          eingereichtAm: new Date(x.eingereicht_am).toISOString(),
          alterTage: Math.floor((jetzt.getTime() - new Date(x.eingereicht_am).getTime()) / 86_400_000),
          anzahl: x.anzahl,
          empfehlung: x.empfehlung,
          zertifikatNr: x.zertifikat_nr,
          vorpruefungBestanden: typeof (x.vorpruefung as { bestanden?: unknown })?.bestanden === 'boolean' ? (x.vorpruefung as { bestanden: boolean }).bestanden : null,
        })),
      };
    },
  );

  app.get(
    '/api/v1/praedikat/antraege/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['praedikat'],
        summary: 'One application with every step; `vorpruefung` is the pre-check recorded at (re)submission, `vorpruefungAktuell` a fresh one',
        params: antragIdParam,
        response: { 200: antragSchema, 403: errorResponse, 404: errorResponse },
      },
    },
    async (req) => {
      await pruefeAntragSicht(req, req.params.id);
      return antragMitSchritten(req.params.id, { intern: istMinisterium(req.user), aktuell: true });
    },
  );

  const schrittResponse = { 200: antragSchema, 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

  app.post(
    '/api/v1/praedikat/antraege/:id/empfehlung',
    { config: { access: MINISTERIUM }, schema: { tags: ['praedikat'], summary: 'First reviewer: recommend (award, reject, send back)', params: antragIdParam, body: empfehlungBody, response: schrittResponse } },
    async (req) => {
      await service.empfehlen(req.user!, req.params.id, req.body.empfehlung, req.body.kommentar, req.id);
      return antragMitSchritten(req.params.id, { intern: true });
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
      return antragMitSchritten(req.params.id, { intern: true });
    },
  );

  app.post(
    '/api/v1/praedikat/antraege/:id/erneut-einreichen',
    { config: { access: 'authenticated' }, schema: { tags: ['praedikat'], summary: 'Resubmit an application that was sent back', params: antragIdParam, body: antragBody, response: schrittResponse } },
    async (req) => {
      await service.erneutEinreichen(req.user!, req.params.id, toEingabe(req.body), req.id);
      return antragMitSchritten(req.params.id, { intern: istMinisterium(req.user) });
    },
  );

  app.post(
    '/api/v1/praedikat/antraege/:id/zurueckziehen',
    { config: { access: 'authenticated' }, schema: { tags: ['praedikat'], summary: 'Withdraw an application', params: antragIdParam, response: schrittResponse } },
    async (req) => {
      await service.zurueckziehen(req.user!, req.params.id, req.id);
      return antragMitSchritten(req.params.id, { intern: istMinisterium(req.user) });
    },
  );

  const MASSNAHME_SUMMARY = {
    aussetzen: 'Suspend an award by hand (takes effect at once)',
    wiederherstellen: 'Reinstate a suspended award (only when eligible), four eyes: the first call requests, the same call by a second, different person confirms',
    widerrufen: 'Revoke an award (final), four eyes: the first call requests (nothing public changes), the same call by a second, different person confirms',
  } as const;
  for (const art of ['aussetzen', 'wiederherstellen', 'widerrufen'] as const) {
    app.post(
      `/api/v1/praedikate/:nr/${art}`,
      {
        config: { access: MINISTERIUM },
        schema: {
          tags: ['praedikat'],
          summary: MASSNAHME_SUMMARY[art],
          params: nrParam,
          body: grundBody,
          response: { 200: massnahmeAntwort, 400: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
        },
      },
      async (req) => service.manuell(req.user!, req.params.nr, art, req.body.grund, req.id, { oeffentlicherGrund: req.body.oeffentlicherGrund }),
    );
  }

  app.post(
    '/api/v1/praedikate/:nr/zuruecknehmen',
    {
      config: { access: MINISTERIUM },
      schema: {
        tags: ['praedikat'],
        summary: 'Withdraw the open revocation or reinstatement request of an award (the requester or another person of the ministry)',
        params: nrParam,
        body: zuruecknehmenBody,
        response: { 200: z.object({ art: z.enum(['widerrufen', 'wiederherstellen']) }), 400: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (req) => service.zuruecknehmen(req.user!, req.params.nr, req.body.kommentar, req.id),
  );

  app.get(
    '/api/v1/praedikat/massnahmen',
    {
      config: { access: MINISTERIUM },
      schema: {
        tags: ['praedikat'],
        summary: 'Open revocation and reinstatement requests waiting for a second person',
        response: {
          200: z.array(z.object({ zertifikatNr: z.string(), behoerdeArs: z.string(), name: z.string(), art: z.string(), grund: z.string(), oeffentlicherGrund: z.string().nullable(), beantragtVon: z.string(), beantragtAm: z.string() })),
        },
      },
    },
    async () =>
      (await service.offeneMassnahmen()).map((m) => ({
        zertifikatNr: m.zertifikatNr,
        behoerdeArs: m.behoerdeArs,
        name: m.name,
        art: m.art,
        grund: m.grund,
        oeffentlicherGrund: m.oeffentlicherGrund,
        beantragtVon: m.beantragtVonLabel,
        beantragtAm: m.beantragtAm.toISOString(),
      })),
  );

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
    async (req) => service.akteFuer(req.user, req.params.ars),
  );

  /* ------------------------------------------------------------------ Schild print file */

  app.get('/praedikat/:nr/schild.pdf', { config: { access: 'authenticated' } }, async (req, reply) => {
    const { nr } = parse(nrParam, req.params, 'Ungültige Zertifikatsnummer.');
    const { format } = parse(z.object({ format: z.enum(['A3', 'A4']).default('A3') }), req.query, 'Format A3 oder A4.');
    const p = await service.praedikatFuerDruck(req.user, nr);
    const b = await app.services.behoerden.get(p.behoerdeArs);
    if (p.status === 'widerrufen') return sendeWiderrufenGone(app, req, reply, nr, 'schild');
    const pdf = await renderSchild({ name: b.anzeigename, jahr: Number(String(p.verliehenAm).slice(0, 4)), zertifikatNr: nr, format: format as SchildFormat });
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="schild-${nr}-${format}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(pdf);
  });

  /* ------------------------------------------------------------------ Pages: Kommune */

  const kommunePage = async (req: FastifyRequest, reply: FastifyReply, ars: string, extra: { errors?: FieldError[]; werte?: Partial<AntragEingabe>; meldung?: string; status?: number } = {}) => {
    const intern = istMinisterium(req.user);
    const [vorpruefung, praedikat, offen, stand] = await Promise.all([
      service.vorpruefung(ars),
      service.praedikatVon(ars, intern ? 'intern' : 'kommune'),
      service.offenerAntrag(ars),
      app.services.verlinkung.zaehlstand(ars),
    ]);
    const antrag = offen ? await service.antrag(offen.id) : undefined;
    return sendPage(
      reply,
      <KommunePraedikatPage
        ctx={pageContext(req, reply)}
        ars={ars}
        name={stand.anzeigename}
        vorpruefung={vorpruefung}
        praedikat={praedikat}
        antrag={antrag}
        errors={extra.errors ?? []}
        werte={extra.werte}
        meldung={extra.meldung}
        intern={intern}
      />,
      extra.status ?? 200,
    );
  };

  const kommuneArs = (req: FastifyRequest) => {
    const { ars } = parse(arsParam, req.params, 'Der Behördenschlüssel muss aus 3, 5, 9 oder 12 Ziffern bestehen.');
    service.pruefeSeitenrecht(req.user, ars);
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

  /** The work list's filters, read leniently: an unknown value is left out and named on the page (never a 400). */
  const leseArbeitsliste = (query: unknown) => {
    const f = filterLeser(query);
    const ansicht: ArbeitslisteAnsicht = {
      status: f.wahl('status', ['offen', 'alle', ...ANTRAG_STATUS] as const) ?? 'offen',
      regierungsbezirk: f.wahl('regierungsbezirk', REGIERUNGSBEZIRKE.map(([k]) => k)),
      typ: f.wahl('typ', BAYERN_TYPEN),
      mindestAlterTage: f.zahl('mindestAlterTage', 0, 36_500),
      maengel: f.ja('maengel'),
      unterSchwelle: f.ja('unterSchwelle'),
      fuerMich: f.ja('fuerMich'),
      sort: f.wahl('sort', ARBEITSLISTE_SORT) ?? 'alter',
      seite: f.zahl('seite', 1, 100_000) ?? 1,
      proSeite: Number(f.wahl('proSeite', PRO_SEITE.map(String)) ?? 50),
    };
    return { ansicht, ignoriert: f.ignoriert };
  };

  app.get('/verwaltung/praedikat', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const { ansicht: q, ignoriert } = leseArbeitsliste(req.query);
    const jetzt = app.services.clock.now();
    const filter: ArbeitslisteFilter = {
      status: q.status === 'offen' ? [] : q.status === 'alle' ? [...ANTRAG_STATUS] : [q.status],
      regbez: q.regierungsbezirk,
      typ: q.typ,
      mindestAlterTage: q.mindestAlterTage,
      nurMitMaengeln: q.maengel,
      unterSchwelle: q.unterSchwelle ? app.config.thresholds : undefined,
      fuerMich: q.fuerMich ? req.user!.id : undefined,
      sort: q.sort,
      limit: q.proSeite,
      offset: (q.seite - 1) * q.proSeite,
      jetzt,
    };
    const [liste, schilder, massnahmen] = await Promise.all([service.arbeitsliste(filter), service.offeneSchilder(), service.offeneMassnahmen()]);
    // Messages come as codes and numbers only: no text from the address is shown as a notice.
    const m = z
      .object({ meldung: z.enum(['nachpruefung', 'schild']).optional(), geprueft: z.coerce.number().int().min(0).optional(), aenderungen: z.coerce.number().int().min(0).optional() })
      .safeParse(req.query);
    const de = req.locale === 'de';
    const meldung = !m.success
      ? undefined
      : m.data.meldung === 'nachpruefung'
        ? de
          ? `Nachprüfung ausgeführt: ${zahlMitWort('de', m.data.geprueft ?? 0, 'Prädikat', 'Prädikate')} geprüft, ${zahlMitWort('de', m.data.aenderungen ?? 0, 'Änderung', 'Änderungen')}.`
          : `Re-check done: ${zahlMitWort('en', m.data.geprueft ?? 0, 'label', 'labels')} checked, ${zahlMitWort('en', m.data.aenderungen ?? 0, 'change', 'changes')}.`
        : m.data.meldung === 'schild'
          ? de
            ? 'Der Stand der Schild-Bestellung ist gespeichert.'
            : 'The status of the sign order is saved.'
          : undefined;
    return sendPage(
      reply,
      <ArbeitslistePage ctx={pageContext(req, reply)} liste={liste} massnahmen={massnahmen} schilder={schilder} filter={q} ignoriert={ignoriert.filter((i) => !['meldung', 'geprueft', 'aenderungen'].includes(i.feld))} jetzt={jetzt} userId={req.user!.id} meldung={meldung} />,
    );
  });

  const antragPage = async (req: FastifyRequest, reply: FastifyReply, id: string, extra: { errors?: FieldError[]; status?: number; meldung?: string } = {}) => {
    const antrag = await pruefeAntragSicht(req, id);
    const [aktuelleVorpruefung, stand] = await Promise.all([service.vorpruefung(antrag.behoerdeArs), app.services.verlinkung.zaehlstand(antrag.behoerdeArs)]);
    return sendPage(
      reply,
      <AntragPage
        ctx={pageContext(req, reply)}
        antrag={antrag}
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
    const intern = istMinisterium(req.user);
    const [akte, stand, praedikat] = await Promise.all([service.akte(ars), app.services.verlinkung.zaehlstand(ars), service.praedikatVon(ars, intern ? 'intern' : 'kommune')]);
    const offen = praedikat && intern ? ((await service.offeneMassnahme(praedikat.zertifikatNr)) ?? null) : null;
    return sendPage(
      reply,
      <AktePage
        ctx={pageContext(req, reply)}
        ars={ars}
        name={stand.anzeigename}
        akte={akte}
        praedikat={praedikat}
        istMinisterium={intern}
        userId={req.user!.id}
        offeneMassnahme={offen}
        errors={extra.errors ?? []}
        meldung={extra.meldung}
      />,
      extra.status ?? 200,
    );
  };

  app.get('/verwaltung/behoerden/:ars/akte', { config: { access: 'authenticated' } }, async (req, reply) =>
    aktePage(req, reply, kommuneArs(req), { meldung: (req.query as { meldung?: string }).meldung }),
  );

  const nrAus = (req: FastifyRequest) => parse(nrParam, req.params, 'Ungültige Zertifikatsnummer.').nr;

  /** The page that names a revocation's consequences; it requests (first person) or confirms (second person). */
  const widerrufPage = async (req: FastifyRequest, reply: FastifyReply, nr: string, extra: { errors?: FieldError[]; status?: number } = {}) => {
    const folgen = await service.widerrufFolgen(nr);
    const stand = await app.services.verlinkung.zaehlstand(folgen.praedikat.behoerdeArs);
    return sendPage(
      reply,
      <WiderrufPage ctx={pageContext(req, reply)} name={stand.name} ars={folgen.praedikat.behoerdeArs} folgen={folgen} userId={req.user!.id} druckerei={service.settings.schildDruckereiEmail} errors={extra.errors ?? []} />,
      extra.status ?? 200,
    );
  };
  app.get('/verwaltung/praedikate/:nr/widerrufen', { config: { access: MINISTERIUM } }, async (req, reply) => widerrufPage(req, reply, nrAus(req)));

  const MELDUNG_NACH: Record<string, Record<'wirksam' | 'beantragt' | 'bestaetigt', string>> = {
    aussetzen: { wirksam: 'ausgesetzt', beantragt: 'ausgesetzt', bestaetigt: 'ausgesetzt' },
    widerrufen: { wirksam: 'widerrufen', beantragt: 'widerruf_beantragt', bestaetigt: 'widerrufen' },
    wiederherstellen: { wirksam: 'wiederhergestellt', beantragt: 'wiederherstellung_beantragt', bestaetigt: 'wiederhergestellt' },
  };

  app.post('/verwaltung/praedikate/:nr/:art', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const { nr, art } = parse(z.object({ nr: nrParam.shape.nr, art: z.enum(['aussetzen', 'wiederherstellen', 'widerrufen', 'zuruecknehmen']) }), req.params, 'Ungültige Adresse.');
    const p = await service.praedikat(nr);
    if (!p) throw new NotFoundError(`Kein Prädikat mit der Nummer ${nr}.`);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).slice(0, 6000) : '');
    let meldung: string;
    try {
      if (art === 'zuruecknehmen') {
        await service.zuruecknehmen(req.user!, nr, text('kommentar'), req.id);
        meldung = 'zurueckgenommen';
      } else {
        const r = await service.manuell(req.user!, nr, art, text('grund'), req.id, { oeffentlicherGrund: text('oeffentlicherGrund') });
        meldung = MELDUNG_NACH[art][r.schritt];
      }
    } catch (e) {
      if (e instanceof AppError && e.status < 500 && e.status !== 403) {
        const errors = e.details.length ? e.details.map((d) => ({ field: d.field ?? 'grund', message: d.message })) : [{ field: 'grund', message: e.message }];
        if (art === 'widerrufen') return widerrufPage(req, reply, nr, { errors, status: e.status });
        return aktePage(req, reply, p.behoerdeArs, { errors, status: e.status });
      }
      throw e;
    }
    return reply.redirect(`/verwaltung/behoerden/${p.behoerdeArs}/akte?meldung=${meldung}`, 303);
  });
}
