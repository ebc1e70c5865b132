/**
 * Public pages for anonymous visitors, kept as sent (docs/performance.md „Public pages over
 * HTTP“, ADR 0028): the finished answer — compressed for the coding the visitor accepts — is kept
 * per address, language and coding, together with the database's snapshot at the time it was
 * built. The next anonymous request for the same page is answered from memory while the
 * database's snapshot is still the same, i.e. while no transaction that writes has committed since
 * — on any table, and with PostgreSQL from any instance. So a change of anything a page shows
 * (links, counts, awards, Digitallotsen, imports, …) makes the next request build the page anew;
 * only what is not in the database goes into the key besides: the day (pages show dates and the
 * counting rule's grace periods), the address with its query, the language and the coding.
 *
 * Kept only when nothing about the request or the answer is personal: no session or other cookie
 * than the language, no `Authorization`, status 200, HTML, no `Set-Cookie` in the answer (a page
 * that makes a CSRF token sets one). Reading the snapshot is one query without table access;
 * requests that arrive while one is under way share the next one (which starts after they arrived,
 * so a change a visitor has just been told about is always seen).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from './clock';
import { waehleKodierung } from './kompression';

/** Upper bound of the pages kept per process (bodies, compressed). */
const CACHE_BYTES = 32 * 1024 * 1024;
/** Larger answers are not kept. */
const MAX_EINTRAG = 2 * 1024 * 1024;
/** Headers of the answer that are kept with it (the others are set per request by the hooks). */
const KOPFZEILEN = ['content-type', 'content-encoding', 'content-language', 'cache-control', 'vary'] as const;

interface Eintrag {
  stand: string;
  body: Buffer;
  kopf: [string, string][];
}

/**
 * Reads the database's stand at most once at a time: a caller that comes while a read is under way
 * waits for the next one, started once that read is done (so it never gets a stand read before it asked).
 */
export function gebuendelt(lesen: () => Promise<string>): () => Promise<string> {
  let laufend: Promise<string> | undefined;
  let naechster: Promise<string> | undefined;
  const starten = () => {
    const p = lesen().finally(() => {
      if (laufend === p) laufend = undefined;
    });
    laufend = p;
    return p;
  };
  return () => {
    if (!laufend) return starten();
    naechster ??= laufend
      .then(
        () => {},
        () => {},
      )
      .then(() => {
        naechster = undefined;
        return laufend ?? starten();
      });
    return naechster;
  };
}

export interface SeitenCacheOptionen {
  /** Route addresses (as registered, e.g. `/behoerden/:ars`) whose anonymous GET answers are kept. */
  routen: Iterable<string>;
  /** The database's current stand (a snapshot; see datenstand.repository.ts). */
  stand: () => Promise<string>;
  clock: Clock;
  maxBytes?: number;
}

export function createSeitenCache(maxBytes = CACHE_BYTES) {
  const eintraege = new Map<string, Eintrag>();
  let bytes = 0;
  let treffer = 0;
  let fehlschlaege = 0;
  const entfernen = (key: string) => {
    const alt = eintraege.get(key);
    if (!alt) return;
    bytes -= alt.body.length;
    eintraege.delete(key);
  };
  return {
    hole(key: string, stand: string): Eintrag | undefined {
      const e = eintraege.get(key);
      if (!e || e.stand !== stand) {
        fehlschlaege++;
        return undefined;
      }
      treffer++;
      // Most recently used last: the oldest go first when the cache is full.
      eintraege.delete(key);
      eintraege.set(key, e);
      return e;
    },
    lege(key: string, e: Eintrag) {
      entfernen(key);
      if (e.body.length > MAX_EINTRAG) return;
      eintraege.set(key, e);
      bytes += e.body.length;
      for (const k of eintraege.keys()) {
        if (bytes <= maxBytes) break;
        entfernen(k);
      }
    },
    leeren() {
      eintraege.clear();
      bytes = 0;
    },
    groesse: () => ({ eintraege: eintraege.size, bytes, treffer, fehlschlaege }),
  };
}

/** Only the language cookie (or none): the page is the same for every such visitor. */
function anonym(req: FastifyRequest): boolean {
  if (req.headers.authorization !== undefined || req.user) return false;
  const cookie = req.headers.cookie;
  if (cookie === undefined || cookie === '') return true;
  return cookie.split(';').every((c) => /^\s*lang=[^;]*$/.test(c) || c.trim() === '');
}

declare module 'fastify' {
  interface FastifyRequest {
    seitenCache?: { key: string; stand: string };
  }
  interface FastifyInstance {
    seitenCache: ReturnType<typeof createSeitenCache>;
  }
}

/**
 * Registers the cache: an onRequest hook that answers from it (after the app's own onRequest hooks:
 * readiness, language, session) and an onSend hook that keeps what was sent — registered after the
 * compression, so it keeps the compressed body.
 */
export function registriereSeitenCache(app: FastifyInstance, o: SeitenCacheOptionen) {
  const routen = new Set(o.routen);
  const cache = createSeitenCache(o.maxBytes);
  app.decorate('seitenCache', cache);
  app.decorateRequest('seitenCache', undefined);

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.method !== 'GET' || !routen.has(req.routeOptions.url ?? '') || !anonym(req)) return;
    const kodierung = waehleKodierung(req.headers['accept-encoding']) ?? 'identity';
    const key = `${req.locale}|${kodierung}|${o.clock.now().toISOString().slice(0, 10)}|${req.url}`;
    const stand = await o.stand();
    const e = cache.hole(key, stand);
    if (!e) {
      req.seitenCache = { key, stand };
      return;
    }
    for (const [k, v] of e.kopf) reply.header(k, v);
    reply.header('content-length', e.body.length);
    return reply.code(200).send(e.body);
  });

  app.addHook('onSend', (req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: Error | null, value?: unknown) => void) => {
    const s = req.seitenCache;
    if (!s || reply.statusCode !== 200 || reply.getHeader('set-cookie') !== undefined) return done(null, payload);
    if (!/^text\/html/i.test(String(reply.getHeader('content-type') ?? ''))) return done(null, payload);
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return done(null, payload);
    const kopf: [string, string][] = [];
    for (const k of KOPFZEILEN) {
      const v = reply.getHeader(k);
      if (v !== undefined) kopf.push([k, String(v)]);
    }
    cache.lege(s.key, { stand: s.stand, body: typeof payload === 'string' ? Buffer.from(payload) : payload, kopf });
    done(null, payload);
  });
}
