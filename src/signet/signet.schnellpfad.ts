/**
 * The signet image's fast path (docs/signet.md, docs/performance.md): `GET /signet/{nr}.svg|.png`
 * with at most `?groesse=s|m|l|xl`, answered straight from the node:http server before Fastify
 * routes the request — when the image of a valid award is in the signet service's memory (fresh
 * within SIGNET_CACHE_TTL_SECONDS) and, for a compressed answer, its Brotli or gzip body is in the
 * compression cache. Everything else (first request, expired cache entry, unknown or revoked
 * number, HEAD, other query parameters, an Authorization header, not ready, shutting down) goes through the Fastify route
 * `/signet/:datei`, which answers the same bytes and headers and fills the caches.
 *
 * What the fast path does for each request: a new request id (`x-request-id`), the route's
 * headers, ETag and 304, `Vary: Accept-Encoding`, the request metrics (route `/signet/:datei`)
 * and, at LOG_LEVEL=debug, the access log line. What it leaves out on purpose: Fastify's hooks —
 * session, cookies, access check (the route is public), CSRF (GET), helmet (the route skips it
 * anyway) and any rate limit registered on the Fastify route: a signet from memory costs less
 * than counting it. Who wants a limit on signet images turns the fast path off (`aus()`) or
 * checks it here.
 */
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { Metrics } from '../health/metrics';
import { type Kodierung, kompressionsSchluessel, MIN_BYTES, waehleKodierung } from '../shared/kompression';
import { bildHeader, etagMatches } from './signet.routes';
import type { PngGroesse, SignetBild } from './signet.service';

const PFAD = /^\/signet\/(DA-\d{4}-\d{4,6})\.(svg|png)(?:\?groesse=(s|m|l|xl))?$/;
const ROUTE = '/signet/:datei';

export interface SchnellpfadDeps {
  signet: (nr: string, format: 'svg' | 'png', groesse: PngGroesse) => SignetBild | Promise<SignetBild>;
  cacheControl: () => string;
  hsts: boolean;
  bereit: () => boolean;
  metrics: Metrics;
  kompression: { vorhanden(key: string): Buffer | undefined };
  log: FastifyBaseLogger;
}

interface Koepfe {
  identitaet: Record<string, string | number>;
  nichtGeaendert: Record<string, string | number>;
  br?: Record<string, string | number>;
  gzip?: Record<string, string | number>;
}

/** Returns the handler: true when it answered, false when Fastify must. */
export function createSignetSchnellpfad(deps: SchnellpfadDeps) {
  let an = true;
  let beantwortet = 0;
  // Header sets per image, built once (the image object changes only with its bytes).
  const koepfe = new WeakMap<SignetBild, Koepfe>();
  const debug = typeof (deps.log as { isLevelEnabled?: (l: string) => boolean }).isLevelEnabled === 'function' && (deps.log as unknown as { isLevelEnabled(l: string): boolean }).isLevelEnabled('debug');

  const koepfeVon = (bild: SignetBild): Koepfe => {
    const da = koepfe.get(bild);
    if (da) return da;
    {
      const basis = bildHeader(deps.cacheControl(), deps.hsts);
      const komprimierbar = bild.contentType.startsWith('image/svg') && bild.body.length >= MIN_BYTES;
      const vary: Record<string, string> = komprimierbar ? { vary: 'accept-encoding' } : {};
      const k: Koepfe = {
        identitaet: { ...basis, etag: bild.etag, ...vary, 'content-type': bild.contentType, 'content-length': bild.body.length, 'x-request-id': '' },
        nichtGeaendert: { ...basis, etag: bild.etag, ...vary, 'x-request-id': '' },
      };
      if (komprimierbar) {
        for (const kodierung of ['br', 'gzip'] as const) {
          k[kodierung] = { ...basis, etag: `W/${bild.etag}`, ...vary, 'content-type': bild.contentType, 'content-encoding': kodierung, 'content-length': 0, 'x-request-id': '' };
        }
      }
      koepfe.set(bild, k);
      return k;
    }
  };

  const sende = (res: ServerResponse, status: number, kopf: Record<string, string | number>, body: Buffer | undefined, url: string, t0: number) => {
    const id = crypto.randomUUID();
    beantwortet++;
    // The header object is shared by every answer of this image; writeHead serialises it at once.
    kopf['x-request-id'] = id;
    res.writeHead(status, kopf);
    res.end(body);
    deps.metrics.observeRequest('GET', ROUTE, status, (performance.now() - t0) / 1000);
    if (debug) deps.log.debug({ reqId: id, method: 'GET', url, statusCode: status, responseTime: Math.round((performance.now() - t0) * 100) / 100 }, 'request completed');
    return true;
  };

  const handler = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (!an || req.method !== 'GET' || req.headers.authorization !== undefined) return false;
    const url = req.url as string;
    if (!url.startsWith('/signet/')) return false;
    const m = PFAD.exec(url);
    if (!m || !deps.bereit()) return false;
    const t0 = performance.now();
    const bild = deps.signet(m[1], m[2] as 'svg' | 'png', (m[3] ?? 'm') as PngGroesse);
    if (bild instanceof Promise || bild.status !== 200) return false;
    const k = koepfeVon(bild);
    if (etagMatches(req.headers['if-none-match'], bild.etag)) return sende(res, 304, k.nichtGeaendert, undefined, url, t0);
    const kodierung: Kodierung | undefined = k.br ? waehleKodierung(req.headers['accept-encoding']) : undefined;
    if (!kodierung) return sende(res, 200, k.identitaet, bild.body, url, t0);
    const body = deps.kompression.vorhanden(kompressionsSchluessel(ROUTE, bild.etag, bild.body.length, kodierung));
    if (!body) return false; // the Fastify route compresses it once and keeps it
    const kopf = k[kodierung] as Record<string, string | number>;
    kopf['content-length'] = body.length;
    return sende(res, 200, kopf, body, url, t0);
  };

  return Object.assign(handler, {
    /** Turns the fast path off: every signet request goes through Fastify and its hooks. */
    aus() {
      an = false;
    },
    /** How many requests it answered (tests, diagnosis). */
    beantwortet: () => beantwortet,
  });
}
