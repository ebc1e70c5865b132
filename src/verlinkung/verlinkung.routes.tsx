/** Catalogue, Verlinkung, counts and gap advice: JSON API and pages. Handlers stay thin. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { istMinisterium } from '../auth/berechtigung';
import { aufLetzteSeite, pageContext, parseOrThrow, sendPage } from '../shared/web';
import {
  arsVerfahrenParams,
  begruendungBody,
  chancenSchema,
  einspruchBody,
  entscheidungBody,
  gleicherDienstSchema,
  pruefsignaleSchema,
  historieSchema,
  katalogQuery,
  katalogResponse,
  verfahrenIdParam,
  verfahrenSchema,
  verlinkenBody,
  verlinkungSchema,
  zaehlstandSchema,
} from './verlinkung.schemas';
import type { VerfahrenRow } from './verlinkung.repository';
import { KatalogPage, VerfahrenPage } from './views/katalog.views';
import type { GleicherDienst } from './verlinkung.service';
import { type EditorZustand, editorQuery, VerlinkungenPage } from './views/verlinkungen.views';
import { PruefungPage } from './views/pruefung.views';
import { arsParam, errorResponse } from '../shared/api.schemas';
import { BEHOERDEN_BOUND_ROLES, MINISTERIUM } from '../auth/roles';

const toVerfahren = (v: VerfahrenRow) => ({
  id: v.id,
  name: v.name,
  beschreibung: v.beschreibung,
  bereitstellung: v.bereitstellung as 'zentral' | 'kommunal',
  art: v.art as 'online' | 'information' | 'formular_pdf',
  zaehlt: v.art === 'online' && v.aktiv,
  anbieter: v.anbieter_ars ? { ars: v.anbieter_ars, name: v.anbieter_name ?? v.anbieter_ars } : null,
  url: v.url,
  vertrauensniveau: v.vertrauensniveau,
  mobilOptimiert: v.mobil_optimiert,
  aktiv: v.aktiv,
  demo: v.demo,
  leistungen: v.leistungen,
  verlinktVon: v.verlinkt_von,
});

const formBody = z.object({
  verfahrenId: z.string().max(100).default(''),
  url: z.string().max(2100).optional(),
  bestaetigt: z.string().max(10).optional(),
  einspruch: z.string().max(2100).optional(),
  _csrf: z.string().optional(),
});

export async function verlinkungRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const service = app.services.verlinkung;
  const actor = (req: FastifyRequest) => req.user!;

  /* ------------------------------------------------------------------ API */

  app.get(
    '/api/v1/verfahren',
    {
      config: { access: 'public' },
      schema: { tags: ['verfahren'], summary: 'Catalogue of Online-Verfahren (zentrale and kommunale)', querystring: katalogQuery, response: { 200: katalogResponse, 400: errorResponse } },
    },
    async (req) => {
      const r = await service.katalog(req.query);
      return { ...r, items: r.items.map(toVerfahren) };
    },
  );

  app.get(
    '/api/v1/verfahren/:id',
    {
      config: { access: 'public' },
      schema: { tags: ['verfahren'], summary: 'One Online-Verfahren', params: verfahrenIdParam, response: { 200: verfahrenSchema, 400: errorResponse, 404: errorResponse } },
    },
    async (req) => toVerfahren(await service.verfahren(req.params.id)),
  );

  app.get(
    '/api/v1/behoerden/:ars/verlinkungen',
    {
      config: { access: 'public' },
      schema: {
        tags: ['verlinkung'],
        summary: "A Behörde's linked procedures, each with whether it counts and why not",
        params: arsParam,
        response: { 200: z.array(verlinkungSchema), 400: errorResponse, 404: errorResponse },
      },
    },
    async (req) => service.verlinkungen(req.params.ars, req.user),
  );

  app.put(
    '/api/v1/behoerden/:ars/verlinkungen/:verfahrenId',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['verlinkung'],
        summary: 'Link a procedure for a Behörde (editors of the Behörde, its IT-Dienstleister, ministry staff)',
        params: arsVerfahrenParams,
        body: verlinkenBody,
        description:
          'Cookie-authenticated calls send the CSRF token (GET /api/v1/csrf) in the `x-csrf-token` header. Linking a second entry of a service the Behörde links already is allowed; it does not count twice, and `gleicherDienst` names the entries.',
        response: {
          201: zaehlstandSchema.extend({ gleicherDienst: z.array(gleicherDienstSchema).describe('Links of the Behörde that are the same service (same address, or same LeiKa key under the same address)') }),
          400: errorResponse,
          401: errorResponse,
          403: errorResponse,
          404: errorResponse,
          409: errorResponse,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await service.verlinke(actor(req), req.params.ars, req.params.verfahrenId, { url: req.body?.url, quelle: 'api', requestId: req.id })),
  );

  app.patch(
    '/api/v1/behoerden/:ars/verlinkungen/:verfahrenId',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['verlinkung'],
        summary: "Change the Behörde's own URL of a link (empty: use the catalogue URL)",
        params: arsVerfahrenParams,
        body: verlinkenBody,
        response: { 200: zaehlstandSchema, 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (req) => service.aendereUrl(actor(req), req.params.ars, req.params.verfahrenId, req.body?.url, { quelle: 'api', requestId: req.id }),
  );

  app.delete(
    '/api/v1/behoerden/:ars/verlinkungen/:verfahrenId',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['verlinkung'],
        summary: 'Unlink a procedure',
        params: arsVerfahrenParams,
        response: { 200: zaehlstandSchema, 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (req) => service.entferne(actor(req), req.params.ars, req.params.verfahrenId, { quelle: 'api', requestId: req.id }),
  );

  app.get(
    '/api/v1/behoerden/:ars/zaehlstand',
    {
      config: { access: 'public' },
      schema: { tags: ['verlinkung'], summary: 'Live count, threshold, eligibility and count over time', params: arsParam, response: { 200: zaehlstandSchema, 400: errorResponse, 404: errorResponse } },
    },
    async (req) => service.zaehlstand(req.params.ars),
  );

  app.get(
    '/api/v1/behoerden/:ars/verlinkungen/historie',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['verlinkung'],
        summary: 'Every change to the links of a Behörde (who, when, before/after); for its editors and the ministry',
        params: arsParam,
        response: { 200: historieSchema, 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (req) => service.historieFuer(req.user, req.params.ars),
  );

  app.get(
    '/api/v1/behoerden/:ars/chancen',
    {
      config: { access: 'public' },
      schema: {
        tags: ['verlinkung'],
        summary: 'Gap advice: zentrale procedures to link today, ranked by what similar Behörden link; OZG-Themenfeld coverage',
        params: arsParam,
        response: { 200: chancenSchema, 400: errorResponse, 404: errorResponse },
      },
    },
    async (req) => service.chancen(req.params.ars),
  );

  const zaehltNichtAntwort = { 200: zaehlstandSchema, 201: zaehlstandSchema, 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

  app.get(
    '/api/v1/behoerden/:ars/pruefsignale',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['verlinkung'],
        summary: 'Review signals for the ministry: new own entries since the last review, no LeiKa key, names like information pages or files, shared addresses, links never checked or broken',
        description: 'For ministry staff and the editors of the Behörde. Each signal has the number of entries and the entries (at most 200 each).',
        params: arsParam,
        response: { 200: pruefsignaleSchema, 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (req) => service.pruefsignaleFuer(req.user, req.params.ars, { maxEintraege: 200 }),
  );

  app.post(
    '/api/v1/behoerden/:ars/verlinkungen/:verfahrenId/zaehlt-nicht',
    {
      config: { access: MINISTERIUM },
      schema: {
        tags: ['verlinkung'],
        summary: 'Mark a linked entry „zählt nicht“ with a reason (ministry review): the count drops at once, the Kommune sees the reason',
        params: arsVerfahrenParams,
        body: begruendungBody,
        response: zaehltNichtAntwort,
      },
    },
    async (req, reply) => reply.code(201).send(await service.setzeZaehltNicht(actor(req), req.params.ars, req.params.verfahrenId, req.body.grund, { quelle: 'api', requestId: req.id })),
  );

  app.post(
    '/api/v1/behoerden/:ars/verlinkungen/:verfahrenId/zaehlt-nicht/einspruch',
    {
      config: { access: BEHOERDEN_BOUND_ROLES },
      schema: {
        tags: ['verlinkung'],
        summary: 'Object to a „zählt nicht“ mark (editors of the Behörde); it stays until a reviewer decides',
        params: arsVerfahrenParams,
        body: einspruchBody,
        response: zaehltNichtAntwort,
      },
    },
    async (req) => service.widersprecheZaehltNicht(actor(req), req.params.ars, req.params.verfahrenId, req.body.einspruch, { quelle: 'api', requestId: req.id }),
  );

  app.post(
    '/api/v1/behoerden/:ars/verlinkungen/:verfahrenId/zaehlt-nicht/entscheidung',
    {
      config: { access: MINISTERIUM },
      schema: {
        tags: ['verlinkung'],
        summary: 'Decide on a „zählt nicht“ mark: aufheben (counts again) or zurueckweisen (turn down the objection), with a reason',
        params: arsVerfahrenParams,
        body: entscheidungBody,
        response: zaehltNichtAntwort,
      },
    },
    async (req) => service.entscheideZaehltNicht(actor(req), req.params.ars, req.params.verfahrenId, req.body.entscheidung, req.body.grund, { quelle: 'api', requestId: req.id }),
  );

  app.get(
    '/api/v1/csrf',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['verlinkung'], summary: 'CSRF token for cookie-authenticated API calls (send as x-csrf-token)', response: { 200: z.object({ token: z.string() }) } },
    },
    async (_req, reply) => ({ token: reply.generateCsrf() }),
  );

  /* ------------------------------------------------------------------ Pages */

  app.get('/verfahren', { config: { access: 'public' } }, async (req, reply) => {
    const query = parseOrThrow(katalogQuery, req.query, 'Die Suchangaben sind ungültig.');
    const result = await service.katalog(query);
    const weiter = aufLetzteSeite(req, reply, { param: 'page', seite: query.page, total: result.total, proSeite: query.pageSize });
    if (weiter) return weiter;
    return sendPage(reply, <KatalogPage ctx={pageContext(req, reply)} query={query} result={{ ...result, items: result.items.map(toVerfahren) }} />);
  });

  app.get('/verfahren/:id', { config: { access: 'public' } }, async (req, reply) => {
    const { id } = parseOrThrow(verfahrenIdParam, req.params, 'Diese Adresse nennt kein Online-Verfahren.');
    return sendPage(reply, <VerfahrenPage ctx={pageContext(req, reply)} verfahren={toVerfahren(await service.verfahren(id))} />);
  });

  /** Search, filter and pages of the editor page, from the query (GET) or the hidden fields of a form (POST). */
  const zustandSchema = z.object({
    q: z.string().max(100).catch('').default(''),
    filter: z.enum(['', 'zaehlt', 'zaehlt_nicht', 'defekt']).catch('').default(''),
    seite: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
    vq: z.string().max(100).catch('').default(''),
    vseite: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
  });
  const zustandAus = (quelle: unknown): EditorZustand => zustandSchema.parse(quelle && typeof quelle === 'object' ? quelle : {});
  /** Links per page of the editor page (between 50 and 100, as the public lists). */
  const PRO_SEITE = 50;

  const renderVerwaltung = async (
    req: FastifyRequest,
    reply: FastifyReply,
    ars: string,
    extra: { meldung?: string; errors?: { field: string; message: string }[]; status?: number; zustand?: EditorZustand; warnung?: { id: string; name: string; gleich: GleicherDienst[] } } = {},
  ) => {
    const zustand = extra.zustand ?? zustandAus(req.query);
    const [zaehlstand, seite, historie, verfuegbar, chancen] = await Promise.all([
      service.zaehlstand(ars),
      service.verlinkungenSeite(ars, { q: zustand.q, filter: zustand.filter || undefined, seite: zustand.seite, proSeite: PRO_SEITE }, req.user),
      service.historie(ars, 30),
      service.katalog({ q: zustand.vq, verlinkbarFuer: ars, page: zustand.vseite, pageSize: 25 }),
      service.chancen(ars),
    ]);
    const [verlinkt, gleich] = await Promise.all([service.verlinkteIds(ars), service.gleicherDienstFuer(ars, verfuegbar.items.map((v) => v.id))]);
    const user = req.user!;
    return sendPage(
      reply,
      <VerlinkungenPage
        ctx={pageContext(req, reply)}
        zaehlstand={zaehlstand}
        seite={seite}
        zustand={{ ...zustand, seite: seite.seite }}
        historie={historie}
        verfuegbar={{ ...verfuegbar, items: verfuegbar.items.map((v) => ({ ...toVerfahren(v), verlinkt: verlinkt.has(v.id), gleicherDienst: gleich.get(v.id) })) }}
        chancen={chancen}
        warnung={extra.warnung}
        meldung={extra.meldung}
        errors={extra.errors ?? []}
        darfEinspruch={!istMinisterium(user)}
        pruefungHref={istMinisterium(user) ? `/verwaltung/behoerden/${ars}/pruefung` : undefined}
      />,
      extra.status ?? 200,
    );
  };

  const verwaltungsArs = (req: FastifyRequest) => {
    const { ars } = parseOrThrow(arsParam, req.params, 'Der Behördenschlüssel muss aus 3, 5, 9 oder 12 Ziffern bestehen.');
    service.pruefeVerwaltungsrecht(req.user, ars);
    return ars;
  };

  const MELDUNGEN: Record<string, string> = {
    verlinkt: 'Das Online-Verfahren ist verlinkt. Der Zählstand ist aktualisiert.',
    verlinkt_doppelt: 'Das Online-Verfahren ist verlinkt. Es ist derselbe Dienst wie ein bereits verlinktes und zählt nicht zusätzlich.',
    entfernt: 'Die Verlinkung ist entfernt. Der Zählstand ist aktualisiert.',
    geaendert: 'Die Adresse ist gespeichert.',
    einspruch: 'Ihr Einspruch ist gespeichert. Die Prüfung im Staatsministerium entscheidet darüber.',
  };

  app.get('/verwaltung/behoerden/:ars/verlinkungen', { config: { access: 'authenticated' } }, async (req, reply) => {
    const ars = verwaltungsArs(req);
    const meldung = MELDUNGEN[(req.query as { meldung?: string }).meldung ?? ''];
    return renderVerwaltung(req, reply, ars, { meldung });
  });

  /**
   * Form posts: on a domain error re-render the page with the message; on success redirect (PRG)
   * back to the same search, filter and pages. Linking a second entry of a service the Behörde
   * links already first shows which entries and asks to confirm.
   */
  const formAction =
    (aktion: 'verlinken' | 'entfernen' | 'url' | 'einspruch') =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      const ars = verwaltungsArs(req);
      const zustand = zustandAus(req.body);
      const body = formBody.safeParse(req.body ?? {});
      const verfahrenId = body.success ? body.data.verfahrenId : '';
      if (!z.uuid().safeParse(verfahrenId).success) {
        return renderVerwaltung(req, reply, ars, { errors: [{ field: 'verfahren', message: 'Bitte wählen Sie ein Online-Verfahren aus der Liste.' }], status: 400, zustand });
      }
      const url = body.success ? body.data.url : undefined;
      let meldung: string = aktion === 'verlinken' ? 'verlinkt' : aktion === 'entfernen' ? 'entfernt' : aktion === 'url' ? 'geaendert' : 'einspruch';
      try {
        if (aktion === 'verlinken') {
          if (!(body.success && body.data.bestaetigt === 'ja')) {
            const gleich = await service.gleicherDienst(ars, verfahrenId, url);
            if (gleich.length > 0) {
              const v = await service.verfahren(verfahrenId);
              return renderVerwaltung(req, reply, ars, { zustand, warnung: { id: verfahrenId, name: v.name, gleich } });
            }
          }
          const r = await service.verlinke(actor(req), ars, verfahrenId, { url, quelle: 'formular', requestId: req.id });
          if (r.gleicherDienst.length > 0) meldung = 'verlinkt_doppelt';
        } else if (aktion === 'entfernen') await service.entferne(actor(req), ars, verfahrenId, { quelle: 'formular', requestId: req.id });
        else if (aktion === 'url') await service.aendereUrl(actor(req), ars, verfahrenId, url, { quelle: 'formular', requestId: req.id });
        else await service.widersprecheZaehltNicht(actor(req), ars, verfahrenId, body.success ? (body.data.einspruch ?? '') : '', { quelle: 'formular', requestId: req.id });
      } catch (e) {
        const err = e as Error & { status?: number; details?: { field?: string; message: string }[] };
        if (err.status && err.status < 500 && err.status !== 403) {
          const feld = (d?: string) => (d === 'url' ? `url-${verfahrenId}` : d === 'einspruch' ? `einspruch-${verfahrenId}` : 'verfahren');
          const errors = err.details?.length ? err.details.map((d) => ({ field: feld(d.field), message: d.message })) : [{ field: 'verfahren', message: err.message }];
          return renderVerwaltung(req, reply, ars, { errors, status: err.status, zustand });
        }
        throw e;
      }
      const anker = aktion === 'einspruch' ? '#vermerke' : aktion === 'verlinken' ? '#stand' : '#verlinkt';
      return reply.redirect(`/verwaltung/behoerden/${ars}/verlinkungen${editorQuery(zustand, { meldung })}${anker}`, 303);
    };

  app.post('/verwaltung/behoerden/:ars/verlinkungen/einspruch', { config: { access: 'authenticated' } }, formAction('einspruch'));

  /* ------------------------------------------------------------------ the reviewer's page */

  const pruefungsArs = (req: FastifyRequest) => {
    const { ars } = parseOrThrow(arsParam, req.params, 'Der Behördenschlüssel muss aus 3, 5, 9 oder 12 Ziffern bestehen.');
    service.pruefePruefungsrecht(req.user);
    return ars;
  };
  const PRUEF_MELDUNGEN: Record<string, string> = {
    markiert: 'Der Eintrag ist als „zählt nicht“ markiert. Der Zählstand ist aktualisiert; die Kommune sieht den Grund.',
    aufgehoben: 'Der Vermerk ist aufgehoben; der Eintrag zählt wieder.',
    zurueckgewiesen: 'Der Einspruch ist zurückgewiesen; der Eintrag zählt weiterhin nicht.',
  };
  const renderPruefung = async (req: FastifyRequest, reply: FastifyReply, ars: string, extra: { meldung?: string; errors?: { field: string; message: string }[]; status?: number } = {}) => {
    const [zaehlstand, signale, links] = await Promise.all([service.zaehlstand(ars), service.pruefsignale(ars, { maxEintraege: 200 }), service.verlinkungen(ars)]);
    return sendPage(
      reply,
      <PruefungPage ctx={pageContext(req, reply)} zaehlstand={zaehlstand} signale={signale} vermerkt={links.filter((l) => l.zaehltNicht)} meldung={extra.meldung} errors={extra.errors ?? []} />,
      extra.status ?? 200,
    );
  };

  app.get('/verwaltung/behoerden/:ars/pruefung', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const ars = pruefungsArs(req);
    return renderPruefung(req, reply, ars, { meldung: PRUEF_MELDUNGEN[(req.query as { meldung?: string }).meldung ?? ''] });
  });

  const pruefungBody = z.object({
    verfahrenId: z.string().max(100).default(''),
    grund: z.string().max(2100).default(''),
    entscheidung: z.enum(['aufheben', 'zurueckweisen']).optional(),
  });
  const pruefungAktion = (aktion: 'markieren' | 'entscheiden') => async (req: FastifyRequest, reply: FastifyReply) => {
    const ars = pruefungsArs(req);
    const body = pruefungBody.safeParse(req.body ?? {});
    const verfahrenId = body.success ? body.data.verfahrenId : '';
    if (!body.success || !z.uuid().safeParse(verfahrenId).success || (aktion === 'entscheiden' && !body.data.entscheidung)) {
      return renderPruefung(req, reply, ars, { errors: [{ field: 'signale', message: 'Bitte wählen Sie einen Eintrag und eine Entscheidung aus der Liste.' }], status: 400 });
    }
    try {
      if (aktion === 'markieren') await service.setzeZaehltNicht(actor(req), ars, verfahrenId, body.data.grund, { quelle: 'formular', requestId: req.id });
      else await service.entscheideZaehltNicht(actor(req), ars, verfahrenId, body.data.entscheidung!, body.data.grund, { quelle: 'formular', requestId: req.id });
    } catch (e) {
      const err = e as Error & { status?: number; details?: { field?: string; message: string }[] };
      if (err.status && err.status < 500 && err.status !== 403) {
        return renderPruefung(req, reply, ars, { errors: [{ field: `grund-${verfahrenId}`, message: err.details?.[0]?.message ?? err.message }], status: err.status });
      }
      throw e;
    }
    const meldung = aktion === 'markieren' ? 'markiert' : body.data.entscheidung === 'aufheben' ? 'aufgehoben' : 'zurueckgewiesen';
    return reply.redirect(`/verwaltung/behoerden/${ars}/pruefung?meldung=${meldung}#signale`, 303);
  };
  app.post('/verwaltung/behoerden/:ars/pruefung/zaehlt-nicht', { config: { access: MINISTERIUM } }, pruefungAktion('markieren'));
  app.post('/verwaltung/behoerden/:ars/pruefung/entscheidung', { config: { access: MINISTERIUM } }, pruefungAktion('entscheiden'));
  app.post('/verwaltung/behoerden/:ars/verlinkungen/verlinken', { config: { access: 'authenticated' } }, formAction('verlinken'));
  app.post('/verwaltung/behoerden/:ars/verlinkungen/entfernen', { config: { access: 'authenticated' } }, formAction('entfernen'));
  app.post('/verwaltung/behoerden/:ars/verlinkungen/adresse', { config: { access: 'authenticated' } }, formAction('url'));
}
