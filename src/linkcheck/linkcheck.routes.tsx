/** Link check: the ministry page with its start button, the ministry API and the public API per Behörde. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

import { NotFoundError } from '../shared/errors';
import { pageContext, parseOrThrow, sendPage } from '../shared/web';
import { behoerdeDefekteLinksResponse, defekteQuery, defekteUrlsResponse, seitenQuery, startBody } from './linkcheck.schemas';
import { LinkpruefungPage } from './views/linkcheck.views';
import { arsParam, errorResponse } from '../shared/api.schemas';
import { MINISTERIUM } from '../auth/roles';

export async function linkcheckRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const service = app.services.linkcheck;
  // The schedule and a background check end with the app, before server.ts closes the database.
  app.addHook('onClose', async () => service.stoppe());

  /* ------------------------------------------------------------------ API */

  app.get(
    '/api/v1/linkpruefung/defekt',
    {
      config: { access: MINISTERIUM },
      schema: {
        tags: ['linkpruefung'],
        summary: 'Broken link URLs with how many Behörden link each and whether they still count (ministry)',
        querystring: defekteQuery,
        response: { 200: defekteUrlsResponse, 400: errorResponse, 401: errorResponse, 403: errorResponse },
      },
    },
    async (req) => service.defekte(req.query),
  );

  app.get(
    '/api/v1/behoerden/:ars/links/defekt',
    {
      config: { access: 'public' },
      schema: {
        tags: ['linkpruefung'],
        summary: "A Behörde's links whose URL failed at the last check, with since when and whether they still count",
        params: arsParam,
        response: { 200: behoerdeDefekteLinksResponse, 400: errorResponse, 404: errorResponse },
      },
    },
    async (req) => {
      const r = await service.defekteLinksVon(req.params.ars, req.user);
      if (!r) throw new NotFoundError(`Keine Behörde mit dem Schlüssel ${req.params.ars}.`);
      return r;
    },
  );

  /* ------------------------------------------------------------------ page */

  app.get('/verwaltung/linkpruefung', { config: { access: MINISTERIUM } }, async (req, reply) => {
    const query = parseOrThrow(seitenQuery, req.query, 'Die Filterangaben sind ungültig.');
    const [status, uebersicht, defekte, bezirke] = await Promise.all([service.status(), service.uebersicht(), service.defekte(query), service.regierungsbezirke()]);
    return sendPage(
      reply,
      <LinkpruefungPage
        ctx={pageContext(req, reply)}
        query={query}
        status={status}
        uebersicht={uebersicht}
        defekte={defekte}
        bezirke={bezirke}
        settings={{ ...app.config.linkcheck, zaehlregel: app.config.zaehlregel }}
      />,
    );
  });

  app.post('/verwaltung/linkpruefung', { config: { access: MINISTERIUM }, schema: { body: startBody } }, async (req, reply) => {
    const user = req.user!;
    const r = await service.starte(req.body.umfang, { id: user.id, label: user.email, requestId: req.id });
    return reply.redirect(`/verwaltung/linkpruefung?meldung=${r.modus}`, 303);
  });
}
