/**
 * Builds the Fastify app (no listening here: tests call `app.inject()`, server.ts listens).
 * Order matters: cookies → session user → access check → CSRF (preValidation) → handler.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerFactory } from 'fastify';
import pino from 'pino';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { authRoutes, SESSION_COOKIE } from './auth/auth.routes';
import { unzulaessigeZeichenAblehnen } from './shared/eingabe';
import { authenticateBearer, ownBearerToken } from './auth/api-token.http';
import { kontenRoutes } from './auth/konten.routes';
import { kontoRoutes } from './auth/konto.routes';
import { oidcRoutes } from './auth/oidc.routes';
import { behoerdenRoutes } from './behoerden/behoerden.routes';
import { buergerserviceRoutes } from './buergerservice/buergerservice.routes';
import { einbettenRoutes } from './buergerservice/einbetten.routes';
import { verlinkungRoutes } from './verlinkung/verlinkung.routes';
import { uploadRoutes } from './uploads/upload.routes';
import { foerderungRoutes } from './foerderung/foerderung.routes';
import { digitallotseRoutes } from './digitallotse/digitallotse.routes';
import { checklistenRoutes } from './checklisten/checklisten.routes';
import { veranstaltungenRoutes } from './veranstaltungen/veranstaltungen.routes';
import { outreachRoutes } from './outreach/outreach.routes';
import { infopaketRoutes } from './infopaket/infopaket.routes';
import { signetRoutes } from './signet/signet.routes';
import { createSignetSchnellpfad } from './signet/signet.schnellpfad';
import { xzufiRoutes } from './uploads/xzufi.routes';
import { healthRoutes, type Readiness } from './health/health.routes';
import { createMetrics, type Metrics, metricsRoutes } from './health/metrics';
import { linkcheckRoutes } from './linkcheck/linkcheck.routes';
import { pagesRoutes } from './pages/pages.routes';
import { portalRoutes } from './portal/portal.routes';
import { praedikatRoutes } from './praedikat/praedikat.routes';
import { assetRoutes } from './shared/assets.routes';
import { readAttributions } from './shared/attributions';
import { type Config, geheimnisse } from './shared/config';
import { createServices, type ServiceDeps, type Services } from './services/services';
import { type Database, isDatabaseUnavailable } from './shared/db';
import { createDatenstandRepository } from './shared/datenstand.repository';
import { AppError } from './shared/errors';
import { type Fehlercode } from './shared/fehlercodes';
import { registriereKompression } from './shared/kompression';
import { gebuendelt, registriereSeitenCache } from './shared/seitencache';
import { uebernommeneRequestId, vertrauensFunktion } from './shared/netz';
import { type DrosselGruppe, drosselGruppe } from './shared/drosselung';

import {
  ErrorPage,
  enforceAccess,
  enforcePasswordChange,
  isApiRequest,
  localeFromRequest,
  merkeSprache,
  PASSWORT_SEITE,
  PasswordChangeRequiredError,
  pageContext,
  sendPage,
  setPageEnv,
} from './shared/web';
import { errorResponse } from './shared/api.schemas';

/** The 429 answer of every rate-limited route in the OpenAPI document. */
const zuVieleAnfragen = errorResponse.describe(
  'Too many requests from this address (per minute, configurable: API_RATE_PRO_MINUTE and the signet, open-data and health limits). The Retry-After header says after how many seconds to try again.',
);

export interface AppDeps extends ServiceDeps {
  /** Shared with server.ts: while not ready, pages answer 503 and /healthz says why. */
  readiness?: Readiness;
  /** server.ts: the server that already listens during the start (health/start-server.ts). */
  serverFactory?: FastifyServerFactory;
  /** Where log lines go (tests); default stdout, written asynchronously. */
  logDestination?: pino.DestinationStream;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every registered route with its access declaration (for the authorisation matrix test). */
    routeTable: { method: string; url: string; access?: import('./shared/web').Access }[];
    metrics: Metrics;
    /** The signet image's fast path in front of Fastify (call `.aus()` to send every request through Fastify). */
    signetSchnellpfad: ReturnType<typeof createSignetSchnellpfad>;
    services: Services;
    config: Config;
    database: Database;
  }
}

/** Whether a logger writes a level (pino's check; the logger of LOG_LEVEL=silent writes nothing). */
const protokolliert = (log: FastifyBaseLogger, level: string) => typeof (log as { isLevelEnabled?: unknown }).isLevelEnabled === 'function' && (log as unknown as pino.Logger).isLevelEnabled(level);

/**
 * The access log: one line per request when the answer is sent — request id (`reqId`), method,
 * URL, status, time in ms. Hot public resources (route config `hot`: signet image, static assets)
 * log their successful answers at debug; a 5xx is logged at error (with the request id) by the
 * error handler and here, a 503 (starting, closing) at warn. A route's own `logLevel` (e.g. the health probes) applies to `req.log`.
 */
/** The address as it may be logged: the one-time token of an invitation link is a credential. */
const protokollAdresse = (url: string) => url.replace(/^\/einladung\/[^/?#]+/, '/einladung/***');

function zugriffProtokollieren(req: FastifyRequest, reply: FastifyReply) {
  const status = reply.statusCode;
  // 503 is an expected state (starting, shutting down, database away; the error handler does not
  // log it as a failure either): warn, not error.
  const level = status === 503 ? 'warn' : status >= 500 ? 'error' : req.routeOptions.config?.hot && status < 400 ? 'debug' : 'info';
  if (!protokolliert(req.log, level)) return;
  req.log[level]({ method: req.method, url: protokollAdresse(req.url), statusCode: status, responseTime: Math.round(reply.elapsedTime * 100) / 100 }, 'request completed');
}

/**
 * One turn of the event loop. Building the app takes ≈ 0.5 s of CPU; during a start the server
 * already answers the probes (health/start-server.ts), so the build lets them through in between.
 */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The public pages an anonymous visitor's answer is kept for (shared/seitencache.ts). */
const OEFFENTLICHE_SEITEN = ['/', '/behoerden', '/behoerden/:ars', '/karte', '/karte/:regbez', '/karte/deutschland', '/karte/land/:land', '/statistik', '/opendata/'];

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const readiness: Readiness = deps.readiness ?? { ready: true, step: 'bereit' };
  const vertrauen = vertrauensFunktion(config.trustProxy);
  let schnellpfad: ((req: http.IncomingMessage, res: http.ServerResponse) => boolean) | undefined;
  const app = Fastify({
    // One line per request, written by the onResponse hook below (docs/operations.md „Logging“,
    // ADR 0027); pino writes asynchronously: lines queue while a write is under way and go out together.
    logger:
      config.logLevel === 'silent'
        ? false
        : { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'], stream: deps.logDestination ?? pino.destination({ dest: 1, sync: false }) },
    logController: new LogController({ disableRequestLogging: true }),
    // The node:http server as Fastify would build it (or, from server.ts, the one that already
    // listens during the start), with the signet image's fast path in front
    // (src/signet/signet.schnellpfad.ts): answered from memory before routing when it can be.
    serverFactory: (handler, fastifyOpts) => {
      const mitSchnellpfad: http.RequestListener = (req, res) => {
        if (schnellpfad?.(req, res)) return;
        handler(req, res);
      };
      if (deps.serverFactory) return deps.serverFactory(mitSchnellpfad as Parameters<FastifyServerFactory>[0], fastifyOpts);
      const opts = fastifyOpts as { http?: http.ServerOptions; keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number; maxRequestsPerSocket?: number };
      const server = http.createServer(opts.http ?? {}, mitSchnellpfad);
      if (opts.keepAliveTimeout !== undefined) server.keepAliveTimeout = opts.keepAliveTimeout;
      if (opts.requestTimeout !== undefined) server.requestTimeout = opts.requestTimeout;
      if (opts.connectionTimeout !== undefined) server.setTimeout(opts.connectionTimeout);
      if (opts.maxRequestsPerSocket) server.maxRequestsPerSocket = opts.maxRequestsPerSocket;
      return server;
    },
    trustProxy: vertrauen,
    // The request id goes into logs and the audit trail: the server makes it. Only a trusted proxy
    // may hand its own on, and only in a strict form (shared/netz.ts).
    requestIdHeader: false,
    genReqId: (raw) => uebernommeneRequestId(raw, vertrauen) ?? crypto.randomUUID(),
    bodyLimit: 1024 * 1024,
  });
  const routeTable: FastifyInstance['routeTable'] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routeTable.push({ method, url: r.url, access: r.config?.access });
  });
  app.decorate('metrics', createMetrics());
  // Metrics and the access log line of every request (callback hooks: no promise per request).
  app.addHook('onResponse', (req, reply, done) => {
    app.metrics.observeRequest(req.method, req.routeOptions.url ?? 'nicht_gefunden', reply.statusCode, reply.elapsedTime / 1000);
    zugriffProtokollieren(req, reply);
    done();
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('services', createServices({ ...deps, log: deps.log ?? { info: (m) => app.log.info(m), error: (o, m) => app.log.error(o, m) } }));
  app.addHook('onClose', async () => app.services.mailer.close());
  app.decorate('config', config);
  app.decorate('database', deps.database);
  app.decorateRequest('user', undefined);
  app.decorateRequest('locale', 'de');
  setPageEnv({ attributions: readAttributions(config.officialDataDir), demo: config.demo.enabled, baseUrl: config.publicBaseUrl });
  await yieldToEventLoop();

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
  // The first secret signs; earlier ones (SESSION_SECRET_VORHER) still verify during a rotation.
  await app.register(fastifyCookie, { secret: geheimnisse(config).session });
  await app.register(fastifyFormbody);
  await app.register(fastifyCsrf, {
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: config.cookieSecure },
  });
  await app.register(fastifyRateLimit, { global: false });
  registriereKompression(app);
  // One limit per group of public addresses (shared/drosselung.ts); 0 switches a group off.
  const gruppenLimits = new Map<DrosselGruppe, ReturnType<FastifyInstance['rateLimit']>>();
  for (const [gruppe, max] of Object.entries(config.rateLimits) as [DrosselGruppe, number][]) {
    if (max > 0) gruppenLimits.set(gruppe, app.rateLimit({ max, timeWindow: 60_000 }));
  }
  app.addHook('onRoute', (route) => {
    const gruppe = drosselGruppe(route.url);
    if (!gruppe) return;
    // The plugin runs one limit per request: a route limit inside a group would never be counted.
    if (route.config?.rateLimit) throw new Error(`${route.url}: eigene Ratenbegrenzung in der Gruppe „${gruppe}“ wird nicht gezählt`);
    // Documented in OpenAPI: every route of a group may answer 429 with Retry-After.
    if (route.schema) route.schema = { ...route.schema, response: { ...(route.schema.response as object), 429: zuVieleAnfragen } };
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Digitales Amt API',
        version: '1',
        description:
          'Public and authenticated API of the Prädikat “Digitales Amt” platform (Bavaria). Errors: `{ code, message, details }`. ' +
          'Machine clients use a personal API token (created on /konto/tokens) as `Authorization: Bearer da_…` on the link routes (tags verfahren, verlinkung); no CSRF token then. ' +
          'A session whose one-time password has not been changed yet gets 403 `PASSWORD_CHANGE_REQUIRED` on every non-public route.',
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
        { name: 'konten', description: 'Account administration (ministry admin): list, invite, roles and Behörden, deactivate, end sessions; every change audited' },
        { name: 'signet', description: 'Online-Signet: signet image (SVG/PNG, live status), Open Badges 3.0 credential (VC-JWT), status lists, JWKS, did:web, verification' },
        { name: 'system', description: 'Health' },
      ],
    },
    hideUntagged: true,
    transform: jsonSchemaTransform,
  });

  await yieldToEventLoop();

  if (protokolliert(app.log, 'debug')) {
    app.addHook('onRequest', (req, _reply, done) => {
      req.log.debug({ req: { method: req.method, url: protokollAdresse(req.url), remoteAddress: req.ip } }, 'incoming request');
      done();
    });
  }

  /** Session (or API token) → user, then the route's access rule. */
  const anmeldungUndZugriff = async (req: FastifyRequest, reply: FastifyReply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      const unsigned = req.unsignCookie(token);
      if (unsigned.valid && unsigned.value) req.user = await app.services.auth.resolveSession(unsigned.value);
    } else {
      // Machine clients: an API token instead of a session (never both; the cookie wins).
      const bearer = ownBearerToken(req);
      if (bearer) await authenticateBearer(app, req, reply, bearer);
    }
    if (req.routeOptions.url === undefined) return; // not found: the not-found handler answers
    enforceAccess(req, req.routeOptions.config.access);
    enforcePasswordChange(req, req.routeOptions.config);
  };

  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    const url = req.routeOptions.url;
    // Hot public resources (signet image, static assets): no session, cookie or language work.
    const hot = req.routeOptions.config?.hot === true;
    if (!hot) {
      req.locale = localeFromRequest(req);
      // `?lang=en` in a link sets the language and keeps it for the next pages.
      merkeSprache(req, reply, config.cookieSecure);
    }
    if (!readiness.ready) {
      // While the first import runs the database is busy: answer at once instead of queueing.
      if (url === '/healthz' || url === '/livez' || url?.startsWith('/assets/')) return done();
      reply.header('retry-after', '30');
      return done(Object.assign(new Error(`Die Plattform startet: ${readiness.step}`), { statusCode: 503 }));
    }
    // (A request with an Authorization header still goes through the token check: tokens are
    // refused on every route not open to them, public or not.)
    const weiter = () => {
      if (hot && req.headers.authorization === undefined) return done();
      anmeldungUndZugriff(req, reply).then(() => done(), done);
    };
    // The address limit of the route's group (shared/drosselung.ts), before any database work.
    const gruppe = drosselGruppe(req.url);
    const limit = gruppe && gruppenLimits.get(gruppe);
    if (!limit) return weiter();
    (limit.call(app, req, reply) as Promise<void>).then(weiter, done);
  });

  // Public pages for anonymous visitors, answered from memory while the database is unchanged
  // (shared/seitencache.ts): after the hooks above (readiness, language, session), and its onSend
  // after the compression's, so it keeps the compressed bytes.
  registriereSeitenCache(app, {
    routen: OEFFENTLICHE_SEITEN,
    stand: gebuendelt(createDatenstandRepository(deps.database.db).schnappschuss),
    clock: app.services.clock,
  });

  // CSRF: every state-changing request carries the token (form field `_csrf` or header).
  app.addHook('preValidation', (req, reply, done) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return done();
    if (req.routeOptions.config.csrf === false) return done(); // public, cookie-free endpoints (signet verify)
    // A bearer request without a session cookie cannot be forged by another site: no CSRF token.
    if (/^Bearer\s/i.test(req.headers.authorization ?? '') && !req.cookies[SESSION_COOKIE]) return done();
    app.csrfProtection(req, reply, (err?: Error) => done(err));
  });

  // No field anywhere may carry NUL or a lone surrogate (PostgreSQL refuses both in text).
  app.addHook('preValidation', unzulaessigeZeichenAblehnen);

  app.setErrorHandler((err: FastifyError, req, reply) => {
    let status = err.statusCode ?? 500;
    let code = err.code ?? 'INTERNAL';
    let message = err.message;
    let details: { field?: string; message: string }[] = [];
    let reason: Fehlercode | undefined;
    if (err instanceof AppError) {
      status = err.status;
      code = err.code;
      details = err.details;
      reason = err.reason;
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
    if (status >= 500 && isDatabaseUnavailable(err)) {
      // A restart or failover of PostgreSQL: temporary, the pool reconnects by itself.
      req.log.warn({ reqId: req.id, cause: (err.cause as Error | undefined)?.message ?? err.message }, 'database unavailable: answered 503');
      status = 503;
      code = 'DATABASE_UNAVAILABLE';
      message = isApiRequest(req) ? 'Database temporarily unavailable; try again shortly' : 'Die Datenbank ist vorübergehend nicht erreichbar. Bitte versuchen Sie es in einigen Sekunden erneut.';
      details = [];
      reply.header('retry-after', '5');
    } else if (status >= 500 && status !== 503) {
      req.log.error({ err, reqId: req.id }, 'request failed');
      message = isApiRequest(req) ? 'Internal server error' : 'Ein technischer Fehler ist aufgetreten.';
      code = 'INTERNAL';
      details = [];
    }
    if (status === 401 && !isApiRequest(req) && req.method === 'GET') {
      return reply.redirect(`/anmelden?zurueck=${encodeURIComponent(req.url)}`);
    }
    // A one-time password must be changed first: every page leads to the password page.
    if (err instanceof PasswordChangeRequiredError && !isApiRequest(req)) return reply.redirect(PASSWORT_SEITE, 303);
    if (isApiRequest(req) || req.headers.accept === 'application/json') {
      return reply.code(status).send(reason ? { code, reason, message, details } : { code, message, details });
    }
    return sendPage(reply, ErrorPage({ ctx: pageContext(req, reply), status, message, requestId: req.id, details: details as { message: string }[] }), status);
  });

  app.setNotFoundHandler((req, reply) => {
    if (isApiRequest(req)) return reply.code(404).send({ code: 'NOT_FOUND', message: 'Not found', details: [] });
    return sendPage(reply, ErrorPage({ ctx: pageContext(req, reply), status: 404 }), 404);
  });

  await app.register(assetRoutes);
  await app.register(healthRoutes(readiness));
  await app.register(metricsRoutes);
  await app.register(authRoutes);
  await app.register(kontoRoutes);
  await app.register(kontenRoutes);
  await app.register(oidcRoutes);
  await app.register(pagesRoutes);
  await app.register(behoerdenRoutes);
  await app.register(buergerserviceRoutes);
  await app.register(einbettenRoutes);
  await app.register(portalRoutes);
  await yieldToEventLoop();
  await app.register(verlinkungRoutes);
  await app.register(praedikatRoutes);
  await app.register(linkcheckRoutes);
  await app.register(uploadRoutes);
  await app.register(foerderungRoutes);
  await yieldToEventLoop();
  await app.register(digitallotseRoutes);
  await app.register(checklistenRoutes);
  await app.register(veranstaltungenRoutes);
  await app.register(outreachRoutes);
  await app.register(infopaketRoutes);
  await app.register(xzufiRoutes);
  await app.register(signetRoutes);

  app.get('/api/openapi.json', { config: { access: 'public' } }, async () => app.swagger());

  const signet = createSignetSchnellpfad({
    signet: (nr, format, groesse) => app.services.signet.signet(nr, format, groesse),
    cacheControl: () => app.services.signet.cacheControl,
    hsts: config.cookieSecure,
    // Not before the data is there, not once the server is closing (Fastify answers 503 then).
    bereit: () => readiness.ready && app.server.listening,
    metrics: app.metrics,
    kompression: app.kompression,
    log: app.log,
  });
  schnellpfad = signet;
  app.decorate('signetSchnellpfad', signet);
  return app;
}
