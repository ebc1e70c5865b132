/**
 * Online-Signet routes: the signet image (SVG, PNG) with its own safe, cross-origin headers and
 * HTTP caching, the verification page, the credential, status lists, JWKS, did:web and the JSON
 * verify endpoint. Handlers are thin; the work is in signet.service.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { sendeWiderrufenGone } from '../praedikat/praedikat.gone';
import { NotFoundError } from '../shared/errors';
import { pageContext, sendPage } from '../shared/web';
import type { StatusPurpose } from './signet.credential';
import { type PngGroesse, type SignetBild, ZERTIFIKAT_NR } from './signet.service';
import { renderUrkunde } from './signet.urkunde';
import { PruefenPage } from './views/pruefen.view';
import { errorResponse } from '../shared/api.schemas';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: a public, cookie-free endpoint that needs no CSRF token (e.g. credential verification). */
    csrf?: boolean;
  }
}

const nrParam = z.object({ nr: z.string().regex(ZERTIFIKAT_NR, 'certificate number DA-YYYY-NNNN') });

/** RFC 9110 §13.1.2: If-None-Match uses the weak comparison; `*` matches any current representation. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

/**
 * Headers of an image resource any Kommune site may embed. The signet route skips helmet
 * (`helmet: false`: @fastify/helmet builds its middleware on every request, which halved the
 * throughput) and sets the headers that matter for an image itself, precomputed once. The fast
 * path (signet.schnellpfad.ts) sends the same.
 */
export const bildHeader = (cacheControl: string, hsts: boolean): Record<string, string> => ({
  'access-control-allow-origin': '*',
  'cross-origin-resource-policy': 'cross-origin',
  'x-content-type-options': 'nosniff',
  // The SVG is an image: no scripts, no external loads, even when opened directly.
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
  'referrer-policy': 'no-referrer',
  'cache-control': cacheControl,
  ...(hsts ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
});

export async function signetRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const service = () => app.services.signet;
  let headers200: Record<string, string> | undefined;
  let headers404: Record<string, string> | undefined;

  const sendBild = (req: FastifyRequest, reply: FastifyReply, bild: SignetBild) => {
    headers200 ??= bildHeader(service().cacheControl, app.config.cookieSecure);
    headers404 ??= bildHeader('public, max-age=60', app.config.cookieSecure);
    reply.headers(bild.status === 200 ? headers200 : headers404);
    reply.header('etag', bild.etag);
    if (bild.status === 200 && etagMatches(req.headers['if-none-match'], bild.etag)) return reply.code(304).send();
    return reply.code(bild.status).type(bild.contentType).send(bild.body);
  };

  app.get(
    '/signet/:datei',
    {
      // Embedded on Kommune websites, requested by the thousand: no session or language work,
      // successful answers logged at debug (app.ts). Own rate limits attach here (config.rateLimit).
      config: { access: 'public', hot: true },
      helmet: false,
      schema: {
        tags: ['signet'],
        summary: 'Signet image of an award with its live status (`DA-2021-0001.svg` or `.png`); strong ETag, 304, CORS; unknown numbers get a 404 image',
        params: z.object({ datei: z.string().max(40) }),
        querystring: z.object({ groesse: z.enum(['s', 'm', 'l', 'xl']).optional() }),
      },
    },
    async (req, reply) => {
      const m = /^(.+)\.(svg|png)$/.exec(req.params.datei);
      if (!m) throw new NotFoundError('Signet-Adressen enden auf .svg oder .png.');
      const r = service().signet(m[1], m[2] as 'svg' | 'png', (req.query.groesse ?? 'm') as PngGroesse);
      return sendBild(req, reply, r instanceof Promise ? await r : r);
    },
  );

  app.get('/nachweis/:nr', { config: { access: 'public' } }, async (req, reply) => {
    const nr = (req.params as { nr: string }).nr;
    return reply.redirect(`/pruefen/${encodeURIComponent(nr)}`, 301);
  });

  app.get('/pruefen/:nr', { config: { access: 'public' }, schema: { params: nrParam } }, async (req, reply) => {
    const nr = req.params.nr;
    const s = service();
    const { jwt, fakten, statusIndex } = await s.credential(nr);
    const check = await s.verify(jwt);
    const p = await app.services.praedikat.praedikatVon(fakten.ars);
    const historie = p && p.zertifikatNr === nr ? p.historie : [];
    let anzahl: number | null = null;
    let schwelle: number | null = null;
    try {
      const z = await app.services.verlinkung.zaehlstand(fakten.ars);
      anzahl = z.anzahl;
      schwelle = z.schwelle;
    } catch {
      // The count is extra information; the page works without it.
    }
    return sendPage(
      reply,
      <PruefenPage
        ctx={pageContext(req, reply)}
        d={{
          nr,
          name: fakten.anzeigename,
          ars: fakten.ars,
          typ: fakten.typ,
          verliehenAm: fakten.verliehenAm,
          status: fakten.status,
          karenzBis: p && p.zertifikatNr === nr && p.karenzBis ? String(p.karenzBis) : null,
          manuellAusgesetzt: p?.zertifikatNr === nr ? p.manuellAusgesetzt : false,
          statusSeit: p?.zertifikatNr === nr ? p.statusSeit : null,
          statusGrund: p?.zertifikatNr === nr ? p.statusGrund : null,
          historie,
          anzahl,
          schwelle,
          statusIndex,
          kid: check.kid ?? '–',
          signaturOk: check.checks.some((c) => c.check === 'signature' && c.ok),
          did: s.did,
          geprueftAm: app.services.clock.now().toISOString(),
          baseUrl: app.config.publicBaseUrl,
        }}
      />,
    );
  });

  app.get('/pruefen/:nr/urkunde.pdf', { config: { access: 'public' }, schema: { params: nrParam } }, async (req, reply) => {
    const f = await service().fakten(req.params.nr);
    if (!f) throw new NotFoundError(`Kein Prädikat mit der Nummer ${req.params.nr}.`);
    // A revoked award's certificate is gone for good: 410 with a page that says why.
    if (f.status === 'widerrufen') return sendeWiderrufenGone(app, req, reply, f.zertifikatNr, 'urkunde');
    const pdf = await renderUrkunde({
      name: f.anzeigename,
      zertifikatNr: f.zertifikatNr,
      verliehenAm: f.verliehenAm,
      pruefUrl: `${app.config.publicBaseUrl}/pruefen/${f.zertifikatNr}`,
      aussteller: service().settings.issuerName,
    });
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="Urkunde-${f.zertifikatNr}.pdf"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });

  app.get(
    '/credentials/:nr',
    {
      config: { access: 'public' },
      schema: { tags: ['signet'], summary: 'The award as Open Badges 3.0 OpenBadgeCredential, VC-JWT (EdDSA); `Accept: application/json` adds the decoded credential', params: nrParam },
    },
    async (req, reply) => {
      const { jwt, credential } = await service().credential(req.params.nr);
      reply.header('access-control-allow-origin', '*').header('cache-control', 'no-cache');
      if ((req.headers.accept ?? '').includes('application/json')) return reply.type('application/json').send({ jwt, credential });
      return reply.type('application/vc+jwt').send(jwt);
    },
  );

  app.get(
    '/credentials/status/:purpose',
    {
      config: { access: 'public' },
      schema: { tags: ['signet'], summary: 'Bitstring Status List credential (VC-JWT) for revocation or suspension', params: z.object({ purpose: z.enum(['revocation', 'suspension']) }) },
    },
    async (req, reply) => {
      const jwt = await service().statusListJwt(req.params.purpose as StatusPurpose);
      return reply.type('application/vc+jwt').header('access-control-allow-origin', '*').header('cache-control', `public, max-age=${service().settings.maxAgeSeconds}`).send(jwt);
    },
  );

  app.get('/.well-known/jwks.json', { config: { access: 'public' }, schema: { tags: ['signet'], summary: "The issuer's public keys (JWK Set, Ed25519); rotated keys stay listed" } }, async (_req, reply) => {
    reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=300');
    return service().jwks();
  });

  app.get('/.well-known/did.json', { config: { access: 'public' }, schema: { tags: ['signet'], summary: "The issuer's did:web document" } }, async (_req, reply) => {
    reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=300').type('application/did+json');
    return JSON.stringify(await service().didDocument());
  });

  const verifyResult = z.object({
    verified: z.boolean(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
    checks: z.array(z.object({ check: z.string(), ok: z.boolean(), message: z.string() })),
    kid: z.string().optional(),
    credential: z.object({ id: z.string().optional(), subjectName: z.string().optional(), subjectId: z.string().optional(), validFrom: z.string().optional() }).optional(),
  });

  app.post(
    '/api/v1/credentials/verify',
    {
      config: { access: 'public', csrf: false },
      schema: {
        tags: ['signet'],
        summary: 'Verify a posted credential (VC-JWT): format, signature with a published key, issuer, type, dates, status lists; says exactly why it fails',
        body: z.object({ credential: z.string().min(1).max(100_000) }),
        response: { 200: verifyResult, 400: errorResponse },
      },
    },
    async (req) => service().verify(req.body.credential),
  );
}
