/**
 * Response compression (docs/operations.md „Compression“, ADR 0026): Brotli or gzip, negotiated
 * from `Accept-Encoding` (RFC 9110 §12.5.3: q-values, `identity`, `*`), with
 * `Vary: Accept-Encoding`, for text-like bodies (HTML, JSON, CSV, SVG, XML, CSS, JavaScript, plain
 * text) of at least `MIN_BYTES`. Streams, 1xx/204/206/304 answers and bodies that already have a
 * `Content-Encoding` or `Cache-Control: no-transform` pass unchanged.
 *
 * CPU on a small machine decides the levels:
 * - a body with an `ETag` (signet, open-data exports, feeds, static assets) is compressed ONCE per
 *   route, ETag, length and coding and kept in memory (LRU, `CACHE_BYTES`); hashed static assets
 *   (`Cache-Control: … immutable`) are re-compressed once at the highest levels in the background
 *   (Brotli 11, gzip 9) — until that is done they go out at Brotli 5;
 * - everything else (pages, which differ per user and request) is compressed per response at cheap
 *   levels (Brotli 4, gzip 6; Brotli 1 and gzip 4 above 64 KiB), in libuv's thread pool so the
 *   event loop keeps serving.
 * A compressed answer gets the weak form of its ETag (`W/"…"`, as RFC 9110 §8.8.3 asks for a
 * different content coding); If-None-Match compares weakly, so 304s work unchanged.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export type Kodierung = 'br' | 'gzip';

/** Smaller bodies are sent as they are: the saving would not pay for the work and the header. */
export const MIN_BYTES = 1024;
/** Upper bound of the compressed bodies kept per process. */
const CACHE_BYTES = 64 * 1024 * 1024;
const GROSS = 64 * 1024;
const SEHR_GROSS = 1024 * 1024;

const KOMPRIMIERBAR = /^(text\/|application\/(json|[\w.+-]+\+json|xml|[\w.+-]+\+xml|javascript|x-javascript|ecmascript)|image\/svg\+xml)/i;

/** Is a response of this Content-Type worth compressing? */
export const istKomprimierbar = (contentType: string) => KOMPRIMIERBAR.test(contentType);

/**
 * The coding to send for an `Accept-Encoding` header: `br` or `gzip` when the client accepts it
 * (q > 0, explicitly or through `*`), the one with the higher q, Brotli on a tie; undefined for
 * identity (no header, `identity` only, or both refused). A missing header means identity here,
 * although RFC 9110 allows any coding then: clients that omit it (scripts, old proxies) get plain bytes.
 */
export function waehleKodierung(acceptEncoding: string | undefined): Kodierung | undefined {
  if (!acceptEncoding) return undefined;
  let br: number | undefined;
  let gzip: number | undefined;
  let stern: number | undefined;
  for (const teil of acceptEncoding.split(',')) {
    const [name, ...params] = teil.trim().split(';');
    const kodierung = name.trim().toLowerCase();
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p);
      if (m) q = Number(m[1]);
    }
    if (kodierung === 'br') br = q;
    else if (kodierung === 'gzip' || kodierung === 'x-gzip') gzip = Math.max(gzip ?? 0, q);
    else if (kodierung === '*') stern = q;
  }
  const qBr = br ?? stern ?? 0;
  const qGzip = gzip ?? stern ?? 0;
  if (qBr <= 0 && qGzip <= 0) return undefined;
  return qBr >= qGzip ? 'br' : 'gzip';
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Compresses in the thread pool at a Brotli quality or gzip level. */
export function verdichte(body: Buffer, kodierung: Kodierung, stufe: number): Promise<Buffer> {
  if (kodierung === 'gzip') return gzip(body, { level: stufe });
  return brotli(body, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: stufe,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
}

/** Levels per kind of body: Brotli quality / gzip level. */
const STUFEN = {
  seite: (n: number) => (n > GROSS ? { br: 1, gzip: 4 } : { br: 4, gzip: 6 }),
  daten: (n: number) => (n > SEHR_GROSS ? { br: 1, gzip: 4 } : { br: 5, gzip: 6 }),
  statisch: () => ({ br: 11, gzip: 9 }),
};

interface Eintrag {
  body: Buffer;
  /** Final: at the levels of its kind (a static asset's first, quicker version is not). */
  endgueltig: boolean;
}

/**
 * Compressed bodies by key, least recently used first out, bounded by their total size. Static
 * assets are first compressed quickly and improved once in the background, one at a time.
 */
export function createKompressionsCache(maxBytes = CACHE_BYTES) {
  const eintraege = new Map<string, Eintrag>();
  const laufend = new Map<string, Promise<Buffer>>();
  let bytes = 0;
  let warteschlange: Promise<unknown> = Promise.resolve();

  const ablegen = (key: string, e: Eintrag) => {
    const alt = eintraege.get(key);
    if (alt) {
      bytes -= alt.body.length;
      eintraege.delete(key);
    }
    eintraege.set(key, e);
    bytes += e.body.length;
    for (const [k, v] of eintraege) {
      if (bytes <= maxBytes || k === key) break;
      eintraege.delete(k);
      bytes -= v.body.length;
    }
  };

  return {
    /** The compressed body, synchronously when it is at hand. */
    hole(key: string, body: Buffer, kodierung: Kodierung, art: 'daten' | 'statisch'): Buffer | Promise<Buffer> {
      const e = eintraege.get(key);
      if (e) {
        eintraege.delete(key);
        eintraege.set(key, e);
        return e.body;
      }
      const l = laufend.get(key);
      if (l) return l;
      const erst = art === 'statisch' ? { br: 5, gzip: 6 } : STUFEN.daten(body.length);
      const p = verdichte(body, kodierung, erst[kodierung]).then(
        (b) => {
          laufend.delete(key);
          ablegen(key, { body: b, endgueltig: art !== 'statisch' });
          if (art === 'statisch') {
            warteschlange = warteschlange
              .then(() => verdichte(body, kodierung, STUFEN.statisch()[kodierung]))
              .then((besser) => {
                if (eintraege.has(key) && besser.length < b.length) ablegen(key, { body: besser, endgueltig: true });
              })
              .catch(() => {});
          }
          return b;
        },
        (err) => {
          laufend.delete(key);
          throw err;
        },
      );
      laufend.set(key, p);
      return p;
    },
    /** The compressed body if it is at hand (no work, no waiting). */
    vorhanden(key: string): Buffer | undefined {
      return eintraege.get(key)?.body;
    },
    /** Resolves when every background improvement queued so far is done (tests, benches). */
    async fertig() {
      await Promise.all(laufend.values());
      await warteschlange;
    },
    groesse: () => ({ eintraege: eintraege.size, bytes }),
  };
}

/** Key of a compressed body in the cache: route, ETag, length and coding. */
export const kompressionsSchluessel = (route: string, etag: string, laenge: number, kodierung: Kodierung) => `${route}|${etag}|${laenge}|${kodierung}`;

/** Adds `Accept-Encoding` to the response's Vary header (keeping what a route set, e.g. `cookie`). */
function varyAcceptEncoding(reply: FastifyReply) {
  const vary = reply.getHeader('vary');
  if (vary === undefined) reply.header('vary', 'accept-encoding');
  else if (!/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(String(vary))) reply.header('vary', `${vary}, accept-encoding`);
}

/** Registers the compression as the app's last onSend hook (see the module comment). */
export function registriereKompression(app: FastifyInstance, cache = createKompressionsCache()) {
  app.decorate('kompression', cache);
  app.addHook('onSend', (req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: Error | null, value?: unknown) => void) => {
    const status = reply.statusCode;
    if (status < 200 || status === 204 || status === 206 || status === 304) return done(null, payload);
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return done(null, payload);
    const type = reply.getHeader('content-type');
    if (typeof type !== 'string' || !KOMPRIMIERBAR.test(type)) return done(null, payload);
    const laenge = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
    if (laenge < MIN_BYTES) return done(null, payload);
    if (reply.getHeader('content-encoding') !== undefined) return done(null, payload);
    if (/no-transform/i.test(String(reply.getHeader('cache-control') ?? ''))) return done(null, payload);
    varyAcceptEncoding(reply);
    const kodierung = waehleKodierung(req.headers['accept-encoding']);
    if (!kodierung) return done(null, payload);
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
    const etag = reply.getHeader('etag');
    const fertig = (b: Buffer) => {
      reply.header('content-encoding', kodierung);
      reply.header('content-length', b.length);
      if (typeof etag === 'string' && !etag.startsWith('W/')) reply.header('etag', `W/${etag}`);
      done(null, b);
    };
    let ergebnis: Buffer | Promise<Buffer>;
    if (typeof etag === 'string') {
      const art = /immutable/.test(String(reply.getHeader('cache-control') ?? '')) ? 'statisch' : 'daten';
      ergebnis = cache.hole(kompressionsSchluessel(req.routeOptions.url ?? req.url, etag, laenge, kodierung), body, kodierung, art);
    } else {
      ergebnis = verdichte(body, kodierung, STUFEN.seite(laenge)[kodierung]);
    }
    if (Buffer.isBuffer(ergebnis)) return fertig(ergebnis);
    ergebnis.then(fertig, (err: Error) => done(err));
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    kompression: ReturnType<typeof createKompressionsCache>;
  }
}
