/**
 * Builds the Fastify app (no listening here: tests call `app.inject()`, server.ts listens).
 * Order matters: cookies → session user → access check → CSRF (preValidation) → handler.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { createAuthRepository } from './auth/auth.repository';
import { authRoutes, SESSION_COOKIE } from './auth/auth.routes';
import { unzulaessigeZeichenAblehnen } from './shared/eingabe';
import { createAuthService } from './auth/auth.service';
import { authenticateBearer, ownBearerToken } from './auth/api-token.http';
import { createApiTokenRepository } from './auth/api-token.repository';
import { createApiTokenService } from './auth/api-token.service';
import { kontoRoutes } from './auth/konto.routes';
import { createOidcRepository } from './auth/oidc.repository';
import { oidcRoutes } from './auth/oidc.routes';
import { createOidcService } from './auth/oidc.service';
import { behoerdenRoutes } from './behoerden/behoerden.routes';
import { createBehoerdenRepository } from './behoerden/behoerden.repository';
import { createBehoerdenService } from './behoerden/behoerden.service';
import { createBuergerserviceRepository } from './buergerservice/buergerservice.repository';
import { buergerserviceRoutes } from './buergerservice/buergerservice.routes';
import { createBuergerserviceService } from './buergerservice/buergerservice.service';
import { einbettenRoutes } from './buergerservice/einbetten.routes';
import { createVerlinkungRepository } from './verlinkung/verlinkung.repository';
import { verlinkungRoutes } from './verlinkung/verlinkung.routes';
import { createVerlinkungService } from './verlinkung/verlinkung.service';
import { uploadRoutes } from './uploads/upload.routes';
import { createUploadService } from './uploads/upload.service';
import { foerderungRoutes } from './foerderung/foerderung.routes';
import { createFoerderungService } from './foerderung/foerderung.service';
import { createDigitallotseRepository } from './digitallotse/digitallotse.repository';
import { digitallotseRoutes } from './digitallotse/digitallotse.routes';
import { createDigitallotseService } from './digitallotse/digitallotse.service';
import { createChecklistenRepository } from './checklisten/checklisten.repository';
import { checklistenRoutes } from './checklisten/checklisten.routes';
import { createChecklistenService } from './checklisten/checklisten.service';
import { createVeranstaltungenRepository } from './veranstaltungen/veranstaltungen.repository';
import { veranstaltungenRoutes } from './veranstaltungen/veranstaltungen.routes';
import { createVeranstaltungenService } from './veranstaltungen/veranstaltungen.service';
import { createOutreachRepository } from './outreach/outreach.repository';
import { outreachRoutes } from './outreach/outreach.routes';
import { createOutreachService } from './outreach/outreach.service';
import { createInfopaketRepository } from './infopaket/infopaket.repository';
import { infopaketRoutes } from './infopaket/infopaket.routes';
import { createInfopaketService } from './infopaket/infopaket.service';
import { createSignetRepository } from './signet/signet.repository';
import { signetRoutes } from './signet/signet.routes';
import { createSignetService } from './signet/signet.service';
import { xzufiRoutes } from './uploads/xzufi.routes';
import { healthRoutes, type Readiness } from './health/health.routes';
import { createMetrics, type Metrics, metricsRoutes } from './health/metrics';
import { linkcheckRoutes } from './linkcheck/linkcheck.routes';
import { pagesRoutes } from './pages/pages.routes';
import { portalRoutes } from './portal/portal.routes';
import { createPraedikatRepository } from './praedikat/praedikat.repository';
import { praedikatRoutes } from './praedikat/praedikat.routes';
import { createPraedikatService } from './praedikat/praedikat.service';
import { readAttributions } from './shared/attributions';
import { type Clock, systemClock } from './shared/clock';
import type { Config } from './shared/config';
import type { Database } from './shared/db';
import { AppError } from './shared/errors';
import { createMailer } from './shared/mail';
import { ErrorPage, enforceAccess, isApiRequest, localeFromRequest, merkeSprache, pageContext, sendPage, setPageEnv } from './shared/web';

const here = path.dirname(fileURLToPath(import.meta.url));
const kernDist = path.resolve(here, '../node_modules/@kern-ux/native/dist');
const publicDir = path.resolve(here, '../public');

export interface AppDeps {
  config: Config;
  database: Database;
  clock?: Clock;
  /** Shared with server.ts: while not ready, pages answer 503 and /healthz says why. */
  readiness?: Readiness;
}

export function createServices(deps: AppDeps) {
  const clock = deps.clock ?? systemClock;
  const db = deps.database.db;
  const mailer = createMailer(deps.config.mail, db, clock);
  const verlinkung = createVerlinkungService(createVerlinkungRepository(db), createBehoerdenRepository(db), clock, {
    schwellen: deps.config.thresholds,
    regel: deps.config.zaehlregel,
  });
  const digitallotse = createDigitallotseService(createDigitallotseRepository(db), mailer, clock);
  const veranstaltungen = createVeranstaltungenService(createVeranstaltungenRepository(db), mailer, clock, { publicBaseUrl: deps.config.publicBaseUrl });
  return {
    clock,
    mailer,
    auth: createAuthService(createAuthRepository(db), clock, deps.config.session),
    apiTokens: createApiTokenService(createApiTokenRepository(db), createAuthRepository(db), clock),
    /** Login with the state identity provider; undefined when OIDC_ISSUER is not set. */
    oidc: deps.config.oidc ? createOidcService(deps.config.oidc, createOidcRepository(db), createAuthRepository(db), clock) : undefined,
    behoerden: createBehoerdenService(createBehoerdenRepository(db), deps.config.thresholds),
    buergerservice: createBuergerserviceService(createBuergerserviceRepository(db), { regel: deps.config.zaehlregel, clock }),
    verlinkung,
    praedikat: createPraedikatService(createPraedikatRepository(db), verlinkung, mailer, clock, {
      karenzTage: deps.config.praedikat.karenzTage,
      publicBaseUrl: deps.config.publicBaseUrl,
    }),
    uploads: createUploadService({ database: deps.database, clock, regel: deps.config.zaehlregel }),
    foerderung: createFoerderungService({ db, clock, mailer, verlinkung, settings: deps.config.foerderung, publicBaseUrl: deps.config.publicBaseUrl }),
    digitallotse,
    checklisten: createChecklistenService(createChecklistenRepository(db), clock),
    infopaket: createInfopaketService(createInfopaketRepository(db), clock),
    veranstaltungen,
    outreach: createOutreachService({
      repo: createOutreachRepository(db),
      mailer,
      clock,
      verlinkung,
      digitallotse,
      veranstaltungen,
      settings: { ...deps.config.outreach, publicBaseUrl: deps.config.publicBaseUrl, secret: deps.config.session.secret, schwellen: deps.config.thresholds },
    }),
    signet: createSignetService(createSignetRepository(db), clock, { ...deps.config.signet, publicBaseUrl: deps.config.publicBaseUrl, keySecret: deps.config.session.secret }),
  };
}

export type Services = ReturnType<typeof createServices>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Every registered route with its access declaration (for the authorisation matrix test). */
    routeTable: { method: string; url: string; access?: import('./shared/web').Access }[];
    metrics: Metrics;
    services: Services;
    config: Config;
    database: Database;
  }
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const readiness: Readiness = deps.readiness ?? { ready: true, step: 'bereit' };
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] },
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 1024 * 1024,
  });
  const routeTable: FastifyInstance['routeTable'] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routeTable.push({ method, url: r.url, access: r.config?.access });
  });
  app.decorate('metrics', createMetrics());
  app.addHook('onResponse', async (req, reply) => {
    app.metrics.observeRequest(req.method, req.routeOptions.url ?? 'nicht_gefunden', reply.statusCode, reply.elapsedTime / 1000);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('services', createServices(deps));
  app.addHook('onClose', async () => app.services.mailer.close());
  app.decorate('config', config);
  app.decorate('database', deps.database);
  app.decorateRequest('user', undefined);
  app.decorateRequest('locale', 'de');
  setPageEnv({ attributions: readAttributions(config.officialDataDir), demo: config.demo.enabled, baseUrl: config.publicBaseUrl });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
    },
    // HSTS only makes sense behind TLS; the proxy setting says whether there is TLS.
    strictTransportSecurity: config.cookieSecure ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCookie, { secret: config.session.secret });
  await app.register(fastifyFormbody);
  await app.register(fastifyCsrf, {
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: config.cookieSecure },
  });
  await app.register(fastifyRateLimit, { global: false });
  // Static files are public; every other route declares its access itself.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/assets/')) route.config = { ...(route.config ?? {}), access: 'public' };
  });

  await app.register(fastifyStatic, { root: kernDist, prefix: '/assets/kern/', decorateReply: false, maxAge: '7d' });
  await app.register(fastifyStatic, { root: publicDir, prefix: '/assets/', decorateReply: false, maxAge: '1h' });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Digitales Amt API',
        version: '1',
        description:
          'Public and authenticated API of the Prädikat “Digitales Amt” platform (Bavaria). Errors: `{ code, message, details }`. ' +
          'Machine clients use a personal API token (created on /konto/tokens) as `Authorization: Bearer da_…` on the link routes (tags verfahren, verlinkung); no CSRF token then.',
      },
      components: {
        securitySchemes: {
          apiToken: { type: 'http', scheme: 'bearer', description: 'Personal API token `da_…`: scope read (GET) or write (PUT/PATCH/DELETE) of links, at most one year valid' },
        },
      },
      tags: [
        { name: 'behoerden', description: 'Authorities (Behörden) and their territory' },
        { name: 'buergerservice', description: 'For citizens: the Online-Verfahren open to the residents of a Gemeinde, across levels (Gemeinde or VG, Landkreis, Bezirk, Freistaat), and the embeddable list of a Behörde' },
        { name: 'verfahren', description: 'Catalogue of Online-Verfahren' },
        { name: 'verlinkung', description: 'Links of a Behörde, live count, eligibility, gap advice' },
        { name: 'linkpruefung', description: 'Link health: broken link URLs (ministry) and per Behörde (public)' },
        { name: 'uploads', description: 'Bulk upload of Online-Verfahren (CSV): dry run, then all-or-nothing commit' },
        { name: 'praedikat', description: 'Prädikat workflow: application, four-eyes check, award, re-check, file' },
        { name: 'foerderung', description: 'Förderprogramm “Digitales Rathaus”: applications, four-eyes approval, budget ledger, payout, overview (money in cents as strings)' },
        { name: 'opendata', description: 'Open data downloads (CSV, JSON, GeoJSON) and the Atom feed of new awards; licence dl-de/by-2-0' },
        { name: 'digitallotse', description: 'Grundkurs Digitallotse: whether a Behörde has a Digitallotse' },
        { name: 'signet', description: 'Online-Signet: signet image (SVG/PNG, live status), Open Badges 3.0 credential (VC-JWT), status lists, JWKS, did:web, verification' },
        { name: 'system', description: 'Health' },
      ],
    },
    hideUntagged: true,
    transform: jsonSchemaTransform,
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    req.locale = localeFromRequest(req);
    merkeSprache(req, reply, config.cookieSecure);
    const url = req.routeOptions.url;
    if (!readiness.ready) {
      // While the first import runs the database is busy: answer at once instead of queueing.
      if (url === '/healthz' || url?.startsWith('/assets/')) return;
      reply.header('retry-after', '30');
      throw Object.assign(new Error(`Die Plattform startet: ${readiness.step}`), { statusCode: 503 });
    }
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      const unsigned = req.unsignCookie(token);
      if (unsigned.valid && unsigned.value) req.user = await app.services.auth.resolveSession(unsigned.value);
    } else {
      // Machine clients: an API token instead of a session (never both; the cookie wins).
      const bearer = ownBearerToken(req);
      if (bearer) await authenticateBearer(app, req, reply, bearer);
    }
    if (url === undefined) return; // not found: the not-found handler answers
    enforceAccess(req, req.routeOptions.config.access);
  });

  // CSRF: every state-changing request carries the token (form field `_csrf` or header).
  app.addHook('preValidation', async (req, reply) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return;
    if (req.routeOptions.config.csrf === false) return; // public, cookie-free endpoints (signet verify)
    // A bearer request without a session cookie cannot be forged by another site: no CSRF token.
    if (/^Bearer\s/i.test(req.headers.authorization ?? '') && !req.cookies[SESSION_COOKIE]) return;
    await new Promise<void>((resolve, reject) => {
      app.csrfProtection(req, reply, (err?: Error) => (err ? reject(err) : resolve()));
    });
  });

  // No field anywhere may carry NUL or a lone surrogate (PostgreSQL refuses both in text).
  app.addHook('preValidation', unzulaessigeZeichenAblehnen);

  app.setErrorHandler((err: FastifyError, req, reply) => {
    let status = err.statusCode ?? 500;
    let code = err.code ?? 'INTERNAL';
    let message = err.message;
    let details: { field?: string; message: string }[] = [];
    if (err instanceof AppError) {
      status = err.status;
      code = err.code;
      details = err.details;
    } else if (hasZodFastifySchemaValidationErrors(err)) {
      status = 400;
      code = 'VALIDATION_FAILED';
      details = err.validation.map((v) => ({
        field: [err.validationContext, ...v.instancePath.split('/')].filter(Boolean).join('.') || undefined,
        message: v.message ?? 'invalid',
      }));
      message = isApiRequest(req) ? 'Request validation failed' : 'Die Eingaben sind ungültig.';
    } else if (status === 429) {
      code = 'RATE_LIMITED';
      message = isApiRequest(req) ? 'Too many requests; see Retry-After' : 'Zu viele Anfragen in kurzer Zeit. Bitte warten Sie eine Minute und versuchen Sie es dann erneut.';
    } else if (code.startsWith('FST_CSRF')) {
      status = 403;
      code = 'CSRF_INVALID';
      message = isApiRequest(req)
        ? 'Missing or invalid CSRF token'
        : 'Die Sicherheitsprüfung des Formulars ist fehlgeschlagen. Bitte laden Sie die Seite neu und senden Sie das Formular erneut.';
    }
    if (status >= 500 && status !== 503) {
      req.log.error({ err, reqId: req.id }, 'request failed');
      message = isApiRequest(req) ? 'Internal server error' : 'Ein technischer Fehler ist aufgetreten.';
      code = 'INTERNAL';
      details = [];
    }
    if (status === 401 && !isApiRequest(req) && req.method === 'GET') {
      return reply.redirect(`/anmelden?zurueck=${encodeURIComponent(req.url)}`);
    }
    if (isApiRequest(req) || req.headers.accept === 'application/json') {
      return reply.code(status).send({ code, message, details });
    }
    return sendPage(reply, ErrorPage({ ctx: pageContext(req, reply), status, message, requestId: req.id, details: details as { message: string }[] }), status);
  });

  app.setNotFoundHandler((req, reply) => {
    if (isApiRequest(req)) return reply.code(404).send({ code: 'NOT_FOUND', message: 'Not found', details: [] });
    return sendPage(reply, ErrorPage({ ctx: pageContext(req, reply), status: 404 }), 404);
  });

  await app.register(healthRoutes(readiness));
  await app.register(metricsRoutes);
  await app.register(authRoutes);
  await app.register(kontoRoutes);
  await app.register(oidcRoutes);
  await app.register(pagesRoutes);
  await app.register(behoerdenRoutes);
  await app.register(buergerserviceRoutes);
  await app.register(einbettenRoutes);
  await app.register(portalRoutes);
  await app.register(verlinkungRoutes);
  await app.register(praedikatRoutes);
  await app.register(linkcheckRoutes);
  await app.register(uploadRoutes);
  await app.register(foerderungRoutes);
  await app.register(digitallotseRoutes);
  await app.register(checklistenRoutes);
  await app.register(veranstaltungenRoutes);
  await app.register(outreachRoutes);
  await app.register(infopaketRoutes);
  await app.register(xzufiRoutes);
  await app.register(signetRoutes);

  app.get('/api/openapi.json', { config: { access: 'public' } }, async () => app.swagger());
  return app;
}
