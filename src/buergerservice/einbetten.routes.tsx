/**
 * The embeddable list of a Behörde for Kommune websites: `/einbetten/{ars}` (HTML for an iframe)
 * and `/einbetten/{ars}.json` (the same data). These are the only pages any site may frame
 * (`Content-Security-Policy: frame-ancestors *`); everywhere else helmet keeps framing forbidden.
 *
 * Cheap and cached: the data of a Behörde is built once per its own data stand (the portal's
 * per-Behörde key: its count, awards, row) and kept for the 300 most recent Behörden; responses
 * carry an ETag of that stand and `Cache-Control: public, max-age=300`, and revalidations with
 * `If-None-Match` get 304 without building anything.
 */
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

import type { Locale } from '../shared/i18n';
import { promiseCache } from '../shared/zwischenspeicher';
import { type EinbettenDaten, renderEinbetten, renderEinbettenFehler } from './views/einbetten.view';
import { errorResponse } from '../shared/api.schemas';
import { istAktuell } from '../shared/web';

/** Only this page may be framed, by any site; it loads nothing but its stylesheet and the signet. */
export const EINBETTEN_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors *; base-uri 'none'; form-action 'none'";

const OHNE_THEMENFELD = 'Ohne Zuordnung zu einem Themenfeld';

/** Bump when the embed's layout changes: every ETag changes with it. */
const FORMAT = '1';

const datei = z.object({
  datei: z.string().regex(/^(\d{3}|\d{5}|\d{9}|\d{12})(\.json)?$/, 'ARS of a Behörde: 3, 5, 9 or 12 digits, optionally followed by .json'),
});
const query = z.object({ lang: z.enum(['de', 'en']).optional().describe('Language of the texts (default German)') });

const einbettenJson = z.object({
  behoerde: z.object({ ars: z.string(), name: z.string(), anzeigename: z.string(), typ: z.string() }),
  praedikat: z.object({ zertifikatNr: z.string(), verliehenAm: z.string(), signet: z.string(), nachweis: z.string() }).nullable().describe('The current award while it is valid'),
  anzahl: z.number().int().describe('Counting Online-Verfahren'),
  gruppen: z.array(z.object({ themenfeld: z.string(), verfahren: z.array(z.object({ name: z.string(), url: z.string(), bereitstellung: z.string() })) })),
  seite: z.string(),
  demo: z.boolean(),
});

const caches = new WeakMap<object, ReturnType<typeof promiseCache<EinbettenDaten>>>();

export async function einbettenRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const basis = app.config.publicBaseUrl;

  /** The data of one Behörde's list, kept per its own data stand for the 300 most recent Behörden. */
  function daten(ars: string, schluessel: string): Promise<EinbettenDaten> {
    let cache = caches.get(app.database);
    if (!cache) {
      cache = promiseCache<EinbettenDaten>(300);
      caches.set(app.database, cache);
    }
    return cache.get(ars, schluessel, async () => {
      const b = await app.services.behoerden.get(ars);
      const links = (await app.services.verlinkung.verlinkungen(ars)).filter((v) => v.zaehlt);
      // By the procedure's first OZG-Themenfeld (alphabetically), those without one last.
      const jeThema = new Map<string, { name: string; url: string; bereitstellung: string }[]>();
      for (const v of links) {
        const t = v.themenfelder[0] ?? OHNE_THEMENFELD;
        const list = jeThema.get(t) ?? [];
        list.push({ name: v.name, url: v.url, bereitstellung: v.bereitstellung });
        jeThema.set(t, list);
      }
      const gruppen = [...jeThema]
        .sort((a, b) => Number(a[0] === OHNE_THEMENFELD) - Number(b[0] === OHNE_THEMENFELD) || a[0].localeCompare(b[0], 'de'))
        .map(([themenfeld, verfahren]) => ({ themenfeld, verfahren: verfahren.sort((a, b) => a.name.localeCompare(b.name, 'de')) }));
      const gueltig = b.praedikat?.status === 'gueltig' ? b.praedikat : null;
      return {
        behoerde: { ars: b.ars, name: b.name, anzeigename: b.anzeigename, typ: b.typ },
        praedikat:
          gueltig && app.services.signetAn
            ? { zertifikatNr: gueltig.zertifikatNr, verliehenAm: gueltig.verliehenAm, signet: `${basis}/signet/${gueltig.zertifikatNr}.svg`, nachweis: `${basis}/nachweis/${gueltig.zertifikatNr}` }
            : null,
        gruppen,
        anzahl: links.length,
        seite: `${basis}/behoerden/${b.ars}`,
        demo: app.config.demo.enabled || links.some((v) => v.demo),
      };
    });
  }

  /** A VG member Gemeinde has no list of its own: its Verband's list is its list. */
  async function behoerdeFuer(ars: string): Promise<string | undefined> {
    const [b] = await app.services.behoerden.namesOf([ars]);
    if (b) return b.ars;
    if (ars.length !== 12) return undefined;
    const g = await app.services.behoerden.gemeinde(ars);
    return g && !g.gemeinde.gemeindefrei ? g.behoerde?.ars : undefined;
  }

  app.get(
    '/einbetten/:datei',
    {
      config: { access: 'public' },
      schema: {
        tags: ['buergerservice'],
        summary: 'Embeddable list of a Behörde’s Online-Verfahren (HTML for an iframe, or .json)',
        description:
          '`/einbetten/{ars}`: a small script-free HTML page for an `<iframe>` on the Kommune’s website (any site may frame it), grouped by OZG-Themenfeld, with the signet while the Prädikat is valid. `/einbetten/{ars}.json`: the same as JSON (CORS open). A member Gemeinde of a VG redirects to its VG. ETag and `Cache-Control: public, max-age=300`; 304 on `If-None-Match`.',
        params: datei,
        querystring: query,
        response: { 200: einbettenJson, 400: errorResponse, 404: errorResponse },
      },
    },
    async (req, reply) => {
      const [, ars, json] = /^(\d+)(\.json)?$/.exec(req.params.datei) as RegExpExecArray;
      const locale: Locale = req.query.lang ?? 'de';
      const ziel = await behoerdeFuer(ars);
      erlaubeEinbetten(reply, Boolean(json));
      if (!ziel) {
        // Inside someone's iframe: an answer that may be framed and says what is wrong.
        if (json) return reply.code(404).send({ code: 'NOT_FOUND', message: `No Behörde with key ${ars}`, details: [] });
        const text = locale === 'de' ? `Keine Behörde mit dem Schlüssel ${ars}. Bitte prüfen Sie die Adresse im Einbettungscode.` : `No authority with key ${ars}. Please check the address in the embed code.`;
        return reply.code(404).type('text/html; charset=utf-8').serializer((x: unknown) => x as string).send(renderEinbettenFehler(text, locale) as never);
      }
      if (ziel !== ars) return reply.redirect(`/einbetten/${ziel}${json ? '.json' : ''}${req.query.lang ? `?lang=${locale}` : ''}`, 302);
      const portal = app.services.portal;
      const st = await portal.datenStand();
      const schluessel = await portal.behoerdeSchluessel(st, ars);
      const etag = `"${crypto.createHash('sha256').update(`${FORMAT}|${schluessel}|${json ? 'json' : locale}`).digest('base64url').slice(0, 27)}"`;
      reply.header('etag', etag).header('last-modified', st.lastModified.toUTCString()).header('cache-control', 'public, max-age=300');
      // Not modified: no body at all (RFC 9110 §15.4.5), past the JSON serializer.
      if (istAktuell(req, etag, st.lastModified)) return (reply as FastifyReply).code(304).send();
      const d = await daten(ars, schluessel);
      if (json) return reply.type('application/json; charset=utf-8').send(d);
      return reply.type('text/html; charset=utf-8').serializer((x: unknown) => x as string).send(renderEinbetten(d, locale) as never);
    },
  );
}

/**
 * Framing allowed for any site (this route only): a CSP with `frame-ancestors *` replaces the
 * platform's `'none'`, and helmet's X-Frame-Options goes (it would win over CSP in old browsers).
 */
function erlaubeEinbetten(reply: FastifyReply, json: boolean) {
  reply.removeHeader('x-frame-options');
  reply.header('content-security-policy', EINBETTEN_CSP);
  reply.header('cross-origin-resource-policy', 'cross-origin');
  if (json) reply.header('access-control-allow-origin', '*');
}
