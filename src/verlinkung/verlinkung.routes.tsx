/** Catalogue, Verlinkung, counts and gap advice: JSON API and pages. Handlers stay thin. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { darfVerlinkungenAendern } from '../auth/berechtigung';
import { ForbiddenError, ValidationError } from '../shared/errors';
import { aufLetzteSeite, pageContext, sendPage } from '../shared/web';
import { arsParam, errorResponse } from '../behoerden/behoerden.schemas';
import {
  arsVerfahrenParams,
  chancenSchema,
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
import { VerlinkungenPage } from './views/verlinkungen.views';

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

const parseOrThrow = <T extends z.ZodType>(schema: T, value: unknown, message: string): z.output<T> => {
  const r = schema.safeParse(value);
  if (!r.success) throw new ValidationError(message, r.error.issues.map((i) => ({ field: i.path.join('.'), message: `${i.path.join('.')}: ${i.message}` })));
  return r.data;
};

const formBody = z.object({
  verfahrenId: z.string().max(100).default(''),
  url: z.string().max(2100).optional(),
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
        description: 'Cookie-authenticated calls send the CSRF token (GET /api/v1/csrf) in the `x-csrf-token` header.',
        params: arsVerfahrenParams,
        body: verlinkenBody,
        response: { 201: zaehlstandSchema, 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
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
    async (req) => {
      if (!darfVerlinkungenAendern(req.user, req.params.ars)) throw new ForbiddenError('Die Historie sehen nur die Redaktion der Behörde, ihr IT-Dienstleister und das Ministerium.');
      return service.historie(req.params.ars);
    },
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

  const renderVerwaltung = async (req: FastifyRequest, reply: FastifyReply, ars: string, extra: { meldung?: string; errors?: { field: string; message: string }[]; status?: number } = {}) => {
    const q = z.object({ q: z.string().max(100).optional(), seite: z.coerce.number().int().min(1).max(1000).default(1) }).safeParse(req.query);
    const query = q.success ? q.data : { q: undefined, seite: 1 };
    const [zaehlstand, verlinkungen, historie, verfuegbar] = await Promise.all([
      service.zaehlstand(ars),
      service.verlinkungen(ars, req.user),
      service.historie(ars, 50),
      service.katalog({ q: query.q, verlinkbarFuer: ars, page: query.seite, pageSize: 25 }),
    ]);
    const linked = new Set(verlinkungen.map((v) => v.verfahrenId));
    return sendPage(
      reply,
      <VerlinkungenPage
        ctx={pageContext(req, reply)}
        zaehlstand={zaehlstand}
        verlinkungen={verlinkungen}
        historie={historie}
        verfuegbar={{ ...verfuegbar, items: verfuegbar.items.map((v) => ({ ...toVerfahren(v), verlinkt: linked.has(v.id) })) }}
        suche={query.q ?? ''}
        meldung={extra.meldung}
        errors={extra.errors ?? []}
      />,
      extra.status ?? 200,
    );
  };

  const verwaltungsArs = (req: FastifyRequest) => {
    const { ars } = parseOrThrow(arsParam, req.params, 'Der Behördenschlüssel muss aus 3, 5, 9 oder 12 Ziffern bestehen.');
    if (!darfVerlinkungenAendern(req.user, ars)) throw new ForbiddenError('Sie dürfen die Verlinkungen dieser Behörde nicht ändern.');
    return ars;
  };

  const MELDUNGEN: Record<string, string> = {
    verlinkt: 'Das Online-Verfahren ist verlinkt. Der Zählstand ist aktualisiert.',
    entfernt: 'Die Verlinkung ist entfernt. Der Zählstand ist aktualisiert.',
    geaendert: 'Die Adresse ist gespeichert.',
  };

  app.get('/verwaltung/behoerden/:ars/verlinkungen', { config: { access: 'authenticated' } }, async (req, reply) => {
    const ars = verwaltungsArs(req);
    const meldung = MELDUNGEN[(req.query as { meldung?: string }).meldung ?? ''];
    return renderVerwaltung(req, reply, ars, { meldung });
  });

  /** Form posts: on a domain error re-render the page with the message; on success redirect (PRG). */
  const formAction =
    (aktion: 'verlinken' | 'entfernen' | 'url') =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      const ars = verwaltungsArs(req);
      const body = formBody.safeParse(req.body ?? {});
      const verfahrenId = body.success ? body.data.verfahrenId : '';
      if (!z.uuid().safeParse(verfahrenId).success) {
        return renderVerwaltung(req, reply, ars, { errors: [{ field: 'verfahren', message: 'Bitte wählen Sie ein Online-Verfahren aus der Liste.' }], status: 400 });
      }
      const url = body.success ? body.data.url : undefined;
      try {
        if (aktion === 'verlinken') await service.verlinke(actor(req), ars, verfahrenId, { url, quelle: 'formular', requestId: req.id });
        else if (aktion === 'entfernen') await service.entferne(actor(req), ars, verfahrenId, { quelle: 'formular', requestId: req.id });
        else await service.aendereUrl(actor(req), ars, verfahrenId, url, { quelle: 'formular', requestId: req.id });
      } catch (e) {
        const err = e as Error & { status?: number; details?: { field?: string; message: string }[] };
        if (err.status && err.status < 500 && err.status !== 403) {
          const errors = err.details?.length ? err.details.map((d) => ({ field: d.field === 'url' ? `url-${verfahrenId}` : 'verfahren', message: d.message })) : [{ field: 'verfahren', message: err.message }];
          return renderVerwaltung(req, reply, ars, { errors, status: err.status });
        }
        throw e;
      }
      const meldung = aktion === 'verlinken' ? 'verlinkt' : aktion === 'entfernen' ? 'entfernt' : 'geaendert';
      return reply.redirect(`/verwaltung/behoerden/${ars}/verlinkungen?meldung=${meldung}`, 303);
    };

  app.post('/verwaltung/behoerden/:ars/verlinkungen/verlinken', { config: { access: 'authenticated' } }, formAction('verlinken'));
  app.post('/verwaltung/behoerden/:ars/verlinkungen/entfernen', { config: { access: 'authenticated' } }, formAction('entfernen'));
  app.post('/verwaltung/behoerden/:ars/verlinkungen/adresse', { config: { access: 'authenticated' } }, formAction('url'));
}
