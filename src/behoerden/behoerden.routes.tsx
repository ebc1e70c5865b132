/** Behörden: JSON API under /api/v1 and the public HTML pages. Handlers stay thin. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { darfVerlinkungenAendern } from '../auth/berechtigung';
import { ValidationError } from '../shared/errors';
import { aufLetzteSeite, pageContext, parseOrThrow, sendPage } from '../shared/web';
import { behoerdeDetail, behoerdenListResponse, behoerdenQuery } from './behoerden.schemas';
import { BehoerdePage, GemeindePage } from './views/behoerde.views';
import { BehoerdenListPage } from './views/behoerden.views';
import { arsParam, errorResponse } from '../shared/api.schemas';

/**
 * The loader of a Behörde page's data (kept per stand by the portal service; also run by the
 * background preparation, portal/portal.vorbereitung.ts, which passes `vorrang`: awaited between
 * the queries, so requests come first).
 */
export const behoerdeSeitenDaten = (app: FastifyInstance, ars: string, stand?: string, vorrang?: () => Promise<void>) => async () => {
  const behoerde = await app.services.behoerden.get(ars);
  await vorrang?.();
  // The peer group's ranking is kept per stand of the group and shared by the group's pages.
  const { verfahren, chancen, zaehlstand } = await app.services.verlinkung.seitenDaten(behoerde, { stand, vorrang });
  return { behoerde, verfahren, chancen, zaehlstand };
};

export async function behoerdenRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const service = app.services.behoerden;

  app.get(
    '/api/v1/behoerden',
    {
      config: { access: 'public' },
      schema: {
        tags: ['behoerden'],
        summary: 'List Behörden (filter, search, paging)',
        description:
          'Every Behörde of the platform: Gemeinden, Verwaltungsgemeinschaften (with their member Gemeinden), Landkreise, Bezirke. `q` matches names (umlaut- and suffix-tolerant, also member Gemeinden of a VG), PLZ and ARS/AGS prefixes.',
        querystring: behoerdenQuery,
        response: { 200: behoerdenListResponse, 400: errorResponse },
      },
    },
    async (req) => service.list(req.query),
  );

  app.get(
    '/api/v1/behoerden/:ars',
    {
      config: { access: 'public' },
      schema: {
        tags: ['behoerden'],
        summary: 'One Behörde by its key (ARS of the territory it administers)',
        params: arsParam,
        response: { 200: behoerdeDetail, 400: errorResponse, 404: errorResponse },
      },
    },
    async (req) => service.get(req.params.ars),
  );

  app.get('/behoerden', { config: { access: 'public' } }, async (req, reply) => {
    const query = parseOrThrow(behoerdenQuery, req.query, 'Die Suchangaben sind ungültig.');
    const [result, filterOptions, jahre, laender, typen] = await Promise.all([
      service.list(query),
      service.filterOptions(query.land),
      service.verleihungsjahre(),
      service.laender(),
      service.countByTyp(),
    ]);
    const weiter = aufLetzteSeite(req, reply, { param: 'page', seite: query.page, total: result.total, proSeite: query.pageSize });
    if (weiter) return weiter;
    return sendPage(
      reply,
      <BehoerdenListPage
        ctx={pageContext(req, reply)}
        query={query}
        result={result}
        filterOptions={filterOptions}
        jahre={jahre}
        laender={laender}
        typen={typen.map((t) => t.typ)}
      />,
    );
  });

  app.get('/behoerden/:ars', { config: { access: 'public' } }, async (req, reply) => {
    const params = arsParam.safeParse(req.params);
    if (!params.success) throw new ValidationError('Der Behördenschlüssel muss aus 3, 5, 9 oder 12 Ziffern bestehen.');
    // Loaded once per data change (portal.service.ts): the gap advice is the expensive part.
    const portal = app.services.portal;
    // A member Gemeinde of a VG (or a gemeindefreies Gebiet) is no Behörde: its own page names
    // the Behörde responsible for it, instead of a 404.
    if (params.data.ars.length === 12 && (await service.namesOf([params.data.ars])).length === 0) {
      const daten = await service.gemeinde(params.data.ars);
      if (daten) return sendPage(reply, <GemeindePage ctx={pageContext(req, reply)} daten={daten} />);
    }
    const st = await portal.datenStand();
    const { behoerde, verfahren, chancen, zaehlstand } = await portal.behoerdeDaten(st, params.data.ars, behoerdeSeitenDaten(app, params.data.ars, await portal.peerGruppenSchluessel(st, params.data.ars)));
    return sendPage(
      reply,
      <BehoerdePage
        ctx={pageContext(req, reply)}
        seite={{
          behoerde,
          verfahren,
          chancen,
          verlauf: zaehlstand.verlauf,
          darfVerwalten: darfVerlinkungenAendern(req.user, behoerde.ars),
          signet: app.services.signetAn,
          digitallotse: (await app.services.digitallotse.digitallotsen(behoerde.ars)).length > 0,
          praedikatStatus: behoerde.praedikat ? await app.services.praedikat.praedikatVon(behoerde.ars) : null,
        }}
      />,
    );
  });
}
