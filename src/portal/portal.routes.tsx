/**
 * The public transparency portal: map, statistics, open data, the feed of new awards. Handlers
 * stay thin; the portal service computes and caches. Every route is public.
 *
 * Downloads and the feed carry `ETag` and `Last-Modified` and answer conditional requests with 304
 * (RFC 9110 §13: If-None-Match wins over If-Modified-Since). They also name their licence and the
 * data dictionary in `Link` headers (RFC 8288), since a CSV file has no room for metadata.
 */
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { behoerdenQuery } from '../behoerden/behoerden.schemas';
import { readAttributions } from '../shared/attributions';
import { ValidationError } from '../shared/errors';
import type { Locale } from '../shared/i18n';
import { istAktuell, pageContext, parseOrThrow, sendPage } from '../shared/web';
import type { KartenEbene, KartenFaerbung } from './karte';
import { type DatenStand, LIZENZ } from './portal.kern';
import { KartenPage, PunktKartenPage } from './views/karte.view';
import { DatenlexikonPage, OpendataPage } from './views/opendata.view';
import { StatistikPage } from './views/statistik.view';

const REGBEZ = /^09[1-7]$/;
const kartenQuery = z.object({
  ebene: z.enum(['gemeinden', 'kreise', 'bezirke']).default('gemeinden'),
  farbe: z.enum(['status', 'anzahl']).default('status'),
});

/** Sends a download or feed with validators, licence links and 304 handling. */
function sendeDaten(
  req: FastifyRequest,
  reply: FastifyReply,
  st: DatenStand,
  o: { type: string; dateiname?: string; sprachabhaengig?: boolean; body: () => Promise<string> },
) {
  // One stand, many representations: the URL (with its filters) and the language tell them apart.
  const variante = crypto.createHash('sha256').update(`${req.url}|${req.locale}`).digest('base64url').slice(0, 8);
  const etag = `${st.etag.slice(0, -1)}-${variante}"`;
  reply
    .header('etag', etag)
    .header('last-modified', st.lastModified.toUTCString())
    .header('cache-control', 'public, no-cache')
    .header('link', `<${LIZENZ.url}>; rel="license", </opendata/datenlexikon>; rel="describedby"`);
  // The picture's title follows the language cookie.
  if (o.sprachabhaengig) reply.header('vary', 'cookie');
  if (istAktuell(req, etag, st.lastModified)) return reply.code(304).send();
  return o.body().then((body) => {
    reply.type(o.type);
    if (o.dateiname) reply.header('content-disposition', `inline; filename="${o.dateiname}"`);
    return reply.send(body);
  });
}

const CSV = 'text/csv; charset=utf-8; header=present';

/**
 * `?format=excel`: the same CSV for spreadsheets with German settings (`;`, UTF-8 byte order mark,
 * decimal comma; csv-export.ts). Without it RFC 4180 with commas, for programs.
 */
const formatQuery = z.object({
  format: z.enum(['standard', 'excel']).default('standard').describe('excel: semicolon-separated with a UTF-8 byte order mark and decimal comma, for spreadsheets with German settings'),
});
const csvTyp = (format: 'standard' | 'excel') => (format === 'excel' ? 'text/csv; charset=utf-8' : CSV);
const dateiname = (name: string, format: 'standard' | 'excel') => `${name}${format === 'excel' ? '-excel' : ''}.csv`;

export async function portalRoutes(app: FastifyInstance) {
  const portal = () => app.services.portal;
  const attributions = readAttributions(app.config.officialDataDir);
  const bkg = attributions.find((a) => a.source === 'geo-bayern');
  const destatis = attributions.find((a) => a.source === 'gemeindeverzeichnis');

  /* ---------------------------------------------------------------- map */

  async function kartenSeite(req: FastifyRequest, reply: FastifyReply, ausschnittKey: string | null) {
    const q = parseOrThrow(kartenQuery, req.query, 'Die Kartenangaben sind ungültig.');
    const p = portal();
    const st = await p.datenStand();
    const abdeckung = await p.abdeckungen(st);
    // The shape map is Bavaria's: its Regierungsbezirke only, also when all of Germany is imported.
    const regierungsbezirke = abdeckung.regierungsbezirke.filter((r) => REGBEZ.test(r.ars));
    const ausschnitt = ausschnittKey ? (regierungsbezirke.find((r) => r.ars === ausschnittKey) ?? null) : null;
    const de = req.locale === 'de';
    const titel = ausschnitt ? (de ? `Karte ${ausschnitt.name}` : `Map of ${ausschnitt.name}`) : de ? 'Karte Bayerns' : 'Map of Bavaria';
    const karte = await p.karte(st, { ausschnitt: ausschnittKey, ebene: q.ebene, faerbung: q.farbe, locale: req.locale, links: true, titel });
    const behoerden = ausschnittKey ? await p.kartenTabelle(st, ausschnittKey) : [];
    return sendPage(
      reply,
      <KartenPage
        ctx={pageContext(req, reply)}
        seite={{
          ausschnitt: ausschnitt ? { key: ausschnitt.ars, name: ausschnitt.name } : null,
          ebene: q.ebene as KartenEbene,
          faerbung: q.farbe as KartenFaerbung,
          svg: karte.svg,
          regierungsbezirke,
          behoerden,
          attribution: bkg,
          laender: abdeckung.laender.length > 1 ? abdeckung.laender : [],
        }}
      />,
    );
  }

  /** The point map of one Land (no boundaries imported) or of all imported Länder. */
  async function punktKartenSeite(req: FastifyRequest, reply: FastifyReply, land: string | null) {
    const q = parseOrThrow(kartenQuery, req.query, 'Die Kartenangaben sind ungültig.');
    const ebene = q.ebene === 'gemeinden' ? 'gemeinden' : 'kreise';
    const p = portal();
    const st = await p.datenStand();
    const abdeckung = await p.abdeckungen(st);
    // Bavaria alone: its map with boundaries is the map of everything.
    if (land === null && abdeckung.laender.length <= 1) return reply.redirect('/karte', 302);
    const gebiet = land === null ? abdeckung.bayern : abdeckung.laender.find((x) => x.ars === land);
    if (!gebiet) return reply.callNotFound();
    const de = req.locale === 'de';
    const titel = de ? `Karte ${gebiet.name}` : `Map of ${gebiet.name}`;
    const karte = await p.punktKarte(st, { land, ebene, faerbung: q.farbe, locale: req.locale, links: true, titel });
    const behoerden = land === null ? [] : await p.landTabelle(st, land, ebene);
    return sendPage(
      reply,
      <PunktKartenPage
        ctx={pageContext(req, reply)}
        seite={{
          land: land === null ? null : { key: land, name: gebiet.name },
          ebene,
          faerbung: q.farbe as KartenFaerbung,
          svg: karte.svg,
          ohneLage: karte.ohneLage,
          laender: abdeckung.laender,
          behoerden,
          attribution: destatis,
        }}
      />,
    );
  }

  app.get('/karte/deutschland', { config: { access: 'public' } }, (req, reply) => punktKartenSeite(req, reply, null));
  app.get<{ Params: { land: string } }>('/karte/land/:land', { config: { access: 'public' } }, (req, reply) => {
    if (!/^(0[1-9]|1[0-6])$/.test(req.params.land)) throw new ValidationError('Das Land muss ein Schlüssel von 01 bis 16 sein.');
    // Bavaria keeps its map with boundaries.
    if (req.params.land === '09') return reply.redirect('/karte', 302);
    return punktKartenSeite(req, reply, req.params.land);
  });

  app.get('/karte', { config: { access: 'public' } }, (req, reply) => kartenSeite(req, reply, null));

  // The plain picture for the start page (an <img>: no links, no page around it).
  app.get('/karte/bayern.svg', { config: { access: 'public' } }, async (req, reply) => {
    const q = parseOrThrow(kartenQuery, req.query, 'Die Kartenangaben sind ungültig.');
    const p = portal();
    const st = await p.datenStand();
    const titel = req.locale === 'de' ? 'Karte Bayerns: Gemeinden nach dem Stand ihrer Behörde beim Prädikat „Digitales Amt“' : 'Map of Bavaria: municipalities by their authority’s label status';
    return sendeDaten(req, reply, st, {
      type: 'image/svg+xml; charset=utf-8',
      sprachabhaengig: true,
      body: async () => (await p.karte(st, { ausschnitt: null, ebene: q.ebene, faerbung: q.farbe, locale: req.locale, links: false, titel })).svg,
    });
  });

  app.get<{ Params: { regbez: string } }>('/karte/:regbez', { config: { access: 'public' } }, (req, reply) => {
    if (!REGBEZ.test(req.params.regbez)) throw new ValidationError('Der Regierungsbezirk muss 091 bis 097 sein.');
    return kartenSeite(req, reply, req.params.regbez);
  });

  /* ---------------------------------------------------------------- statistics */

  app.get('/statistik', { config: { access: 'public' } }, async (req, reply) => {
    const p = portal();
    const s = await p.statistik(await p.datenStand());
    return sendPage(reply, <StatistikPage ctx={pageContext(req, reply)} s={s} />);
  });

  app.get<{ Params: { datei: string } }>('/statistik/:datei', { config: { access: 'public' } }, async (req, reply) => {
    const p = portal();
    const name = /^([a-z-]+)\.csv$/.exec(req.params.datei)?.[1];
    if (!name || !p.statistikCsvNamen.includes(name)) return reply.callNotFound();
    const { format } = parseOrThrow(formatQuery, req.query, 'Das Format der Datei ist ungültig (erlaubt: format=excel).');
    const st = await p.datenStand();
    return sendeDaten(req, reply, st, { type: csvTyp(format), dateiname: dateiname(`statistik-${name}`, format), body: async () => (await p.statistikCsv(st, name, format)) as string });
  });

  /* ---------------------------------------------------------------- open data */

  const info = async () => {
    const p = portal();
    const st = await p.datenStand();
    // The table per Land exists only when several Länder are imported.
    const mehrereLaender = (await p.abdeckungen(st)).laender.length > 1;
    return { attributions, stand: st.zuletzt, statistikCsv: p.statistikCsvNamen.filter((n) => n !== 'laender' || mehrereLaender) };
  };

  app.get('/opendata', { config: { access: 'public' } }, async (_req, reply) => reply.redirect('/opendata/', 301));
  app.get('/opendata/', { config: { access: 'public' } }, async (req, reply) => sendPage(reply, <OpendataPage ctx={pageContext(req, reply)} info={await info()} />));
  app.get('/opendata/datenlexikon', { config: { access: 'public' } }, async (req, reply) =>
    sendPage(reply, <DatenlexikonPage ctx={pageContext(req, reply)} info={await info()} />),
  );

  // The data routes are documented in the OpenAPI description (tag `opendata`); zod checks the filters.
  const api = app.withTypeProvider<ZodTypeProvider>();
  const exportQuery = behoerdenQuery.omit({ page: true, pageSize: true });
  const csvExportQuery = exportQuery.extend(formatQuery.shape);
  const daten = <Q extends z.ZodType>(summary: string, description: string, querystring: Q) => ({
    config: { access: 'public' as const },
    schema: {
      tags: ['opendata'],
      summary,
      description: `${description} Licence dl-de/by-2-0; columns in /opendata/datenlexikon. ETag/Last-Modified, 304 on If-None-Match/If-Modified-Since.`,
      querystring,
    },
  });
  const ohneFilter = formatQuery;
  const alleSeiten = (q: z.output<typeof exportQuery>) => ({ ...q, page: 1, pageSize: 100_000 });

  api.get('/opendata/behoerden.csv', daten('Behörden with count, status and current award (CSV)', 'Accepts the filters of GET /api/v1/behoerden (all pages).', csvExportQuery), async (req, reply) => {
    const q = alleSeiten(req.query);
    const p = portal();
    const st = await p.datenStand();
    return sendeDaten(req, reply, st, { type: csvTyp(req.query.format), dateiname: dateiname('behoerden', req.query.format), body: () => p.behoerdenCsv(st, q, req.query.format) });
  });

  api.get('/opendata/behoerden.json', daten('Behörden (JSON with metadata)', '`{ metadaten, daten }` with the CSV column names.', exportQuery), async (req, reply) => {
    const q = alleSeiten(req.query);
    const p = portal();
    const st = await p.datenStand();
    return sendeDaten(req, reply, st, { type: 'application/json; charset=utf-8', dateiname: 'behoerden.json', body: () => p.behoerdenJson(st, q) });
  });

  api.get('/opendata/behoerden.geojson', daten('Behörden as GeoJSON points at their seat', 'RFC 7946 FeatureCollection; metadata in the foreign member `metadaten`.', exportQuery), async (req, reply) => {
    const q = alleSeiten(req.query);
    const p = portal();
    const st = await p.datenStand();
    return sendeDaten(req, reply, st, { type: 'application/geo+json; charset=utf-8', dateiname: 'behoerden.geojson', body: () => p.behoerdenGeojson(st, q) });
  });

  api.get('/opendata/praedikate.csv', daten('Every award of the Prädikat (CSV)', 'Newest first, with status and whether it is the Behörde’s current award.', ohneFilter), async (req, reply) => {
    const p = portal();
    const st = await p.datenStand();
    return sendeDaten(req, reply, st, { type: csvTyp(req.query.format), dateiname: dateiname('praedikate', req.query.format), body: () => p.praedikateCsv(st, req.query.format) });
  });

  api.get('/opendata/verfahren-je-behoerde.csv', daten('Every link of every Behörde (CSV)', 'Which Behörde links which Online-Verfahren and whether the link counts.', ohneFilter), async (req, reply) => {
    const p = portal();
    const st = await p.datenStand();
    return sendeDaten(req, reply, st, {
      type: csvTyp(req.query.format),
      dateiname: dateiname('verfahren-je-behoerde', req.query.format),
      body: () => p.verfahrenJeBehoerdeCsv(st, req.query.format),
    });
  });

  /* ---------------------------------------------------------------- feed, short links */

  api.get('/feeds/praedikate.atom', daten('Atom feed of the 50 newest awards', 'RFC 4287; German, `?lang=en` for English.', z.object({ lang: z.enum(['de', 'en']).optional() })), async (req, reply) => {
    const locale: Locale = req.query.lang ?? 'de';
    const p = portal();
    const st = await p.datenStand();
    return sendeDaten(req, reply, st, { type: 'application/atom+xml; charset=utf-8', body: () => p.feed(st, locale) });
  });

  app.get('/digitale-aemter', { config: { access: 'public' } }, async (_req, reply) => reply.redirect('/behoerden?status=digitales_amt&sort=verliehen', 302));
}
