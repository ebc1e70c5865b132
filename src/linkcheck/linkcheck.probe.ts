/**
 * Checks one URL over HTTP: HEAD first, GET where HEAD is refused, redirects followed by hand, a
 * timeout per request, German error texts. No database here (linkcheck.service.ts stores results).
 *
 * Why by hand: `fetch` with `redirect: 'manual'` returns every 3xx as it is, so we can count hops,
 * detect loops, resolve relative `Location` headers (RFC 9110 §10.2.2) and report where it ended.
 */
import { STATUS_CODES } from 'node:http';

export interface ProbeSettings {
  /** Per request; each redirect hop is one request. */
  timeoutMs: number;
  maxRedirects: number;
  userAgent: string;
  /** Bytes of a GET body read before the request is aborted (a body may never end). */
  maxBodyBytes?: number;
}

export interface ProbeErgebnis {
  url: string;
  status: 'ok' | 'defekt';
  /** Last HTTP status received (null when no answer came). */
  httpStatus: number | null;
  /** German text for the ministry and the Behörde; null when ok. */
  fehler: string | null;
  /** Time spent in requests (queueing for a free slot not included). */
  antwortMs: number;
  /** Where the redirects ended; null without redirects. */
  zielUrl: string | null;
}

export type FetchImpl = typeof fetch;

/** Runs a request when a slot for its host (and in total) is free. */
export interface Limiter {
  run<T>(host: string, fn: () => Promise<T>): Promise<T>;
}

/* ------------------------------------------------------------------ limiter */

/**
 * Concurrency limit in total and per host, without a dependency. Waiting requests sit in a queue
 * per host; a finished request starts the next ones of any host with a free slot, so one busy host
 * (a zentrales Verfahren linked a thousand times) never blocks the slots of the others.
 */
export function createLimiter(gesamt: number, proHost: number): Limiter & { readonly aktiv: number } {
  let aktiv = 0;
  const hosts = new Map<string, { aktiv: number; wartend: (() => void)[]; kopf: number }>();
  const pump = () => {
    for (const [host, h] of hosts) {
      while (aktiv < gesamt && h.aktiv < proHost && h.kopf < h.wartend.length) {
        h.aktiv++;
        aktiv++;
        const start = h.wartend[h.kopf];
        h.kopf++;
        start();
      }
      if (h.kopf === h.wartend.length) {
        h.wartend = [];
        h.kopf = 0;
        if (h.aktiv === 0) hosts.delete(host);
      }
      if (aktiv >= gesamt) return;
    }
  };
  return {
    get aktiv() {
      return aktiv;
    },
    async run<T>(host: string, fn: () => Promise<T>): Promise<T> {
      let h = hosts.get(host);
      if (!h) {
        h = { aktiv: 0, wartend: [], kopf: 0 };
        hosts.set(host, h);
      }
      const eintrag = h;
      await new Promise<void>((resolve) => {
        eintrag.wartend.push(resolve);
        pump();
      });
      try {
        return await fn();
      } finally {
        eintrag.aktiv--;
        aktiv--;
        if (eintrag.aktiv === 0 && eintrag.kopf === eintrag.wartend.length && hosts.get(host) === eintrag) hosts.delete(host);
        pump();
      }
    },
  };
}

/* ------------------------------------------------------------------ error texts */

const sekunden = (ms: number) => `${(ms / 1000).toLocaleString('de-DE', { maximumFractionDigits: 1 })} s`;

/** "HTTP 404 Not Found": the standard reason phrase, not the server's (which may be anything). */
export const httpText = (status: number) => `HTTP ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`;

interface Netzwerkfehler {
  text: string;
  /** The connection stood when it failed (reset, broken answer): HEAD may be the problem, GET is tried. */
  nachVerbindung: boolean;
}

const fehlerCode = (e: unknown): string | undefined => {
  const cause = (e as { cause?: unknown })?.cause ?? e;
  const c = cause as { code?: unknown; errors?: { code?: unknown }[] } | undefined;
  if (typeof c?.code === 'string') return c.code;
  // Happy eyeballs: several addresses tried, an AggregateError with one error per address.
  const inner = c?.errors?.find((x) => typeof x?.code === 'string')?.code;
  return typeof inner === 'string' ? inner : undefined;
};

/** Maps a network error of `fetch` (undici: `TypeError('fetch failed')` with a `cause`) to a German text. */
export function netzwerkfehlerText(e: unknown): Netzwerkfehler {
  const code = fehlerCode(e);
  switch (code) {
    case 'ECONNREFUSED':
      return { text: 'Verbindung abgelehnt', nachVerbindung: false };
    case 'ENOTFOUND':
      return { text: 'Servername nicht gefunden (DNS)', nachVerbindung: false };
    case 'EAI_AGAIN':
      return { text: 'Namensauflösung (DNS) vorübergehend gestört', nachVerbindung: false };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { text: 'Server nicht erreichbar (kein Netzweg)', nachVerbindung: false };
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return { text: 'Zeitüberschreitung beim Verbindungsaufbau', nachVerbindung: false };
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return { text: 'Verbindung vom Server abgebrochen', nachVerbindung: true };
    case 'CERT_HAS_EXPIRED':
      return { text: 'TLS-Zertifikat abgelaufen', nachVerbindung: false };
    case 'CERT_NOT_YET_VALID':
      return { text: 'TLS-Zertifikat noch nicht gültig', nachVerbindung: false };
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return { text: 'TLS-Zertifikat nicht vertrauenswürdig (selbst signiert)', nachVerbindung: false };
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return { text: 'TLS-Zertifikatskette unvollständig oder nicht vertrauenswürdig', nachVerbindung: false };
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return { text: 'TLS-Zertifikat gilt nicht für diesen Servernamen', nachVerbindung: false };
    default:
      break;
  }
  if (code && (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code === 'EPROTO')) return { text: 'TLS-Verbindung fehlgeschlagen', nachVerbindung: false };
  if (code?.startsWith('HPE_') || code?.startsWith('UND_ERR_')) return { text: 'Ungültige Antwort des Servers', nachVerbindung: true };
  const cause = ((e as { cause?: unknown })?.cause ?? e) as Error | undefined;
  // Browsers refuse these ports too (Fetch standard, "bad port"): for citizens the link is broken.
  if (cause?.message === 'bad port') return { text: 'Port wird von Browsern gesperrt', nachVerbindung: false };
  const detail = code ?? (cause?.message || (e as Error)?.message || 'unbekannt');
  return { text: `Netzwerkfehler (${detail.slice(0, 120)})`, nachVerbindung: false };
}

/* ------------------------------------------------------------------ one request */

type Antwort =
  | { art: 'antwort'; status: number; location: string | null; retryAfter: string | null; ms: number }
  | { art: 'fehler'; text: string; nachVerbindung: boolean; ms: number };

const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

async function leseHoechstens(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<void> {
  const reader = body.getReader();
  let gelesen = 0;
  try {
    while (gelesen < maxBytes) {
      const { done, value } = await reader.read();
      if (done) return;
      gelesen += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

async function anfrage(url: URL, methode: 'HEAD' | 'GET', s: ProbeSettings, fetchImpl: FetchImpl, abbruch?: AbortSignal): Promise<Antwort> {
  const start = performance.now();
  const ms = () => Math.round(performance.now() - start);
  if (abbruch?.aborted) return { art: 'fehler', text: 'Prüfung abgebrochen', nachVerbindung: false, ms: 0 };
  const ac = new AbortController();
  let zeitUeberschritten = false;
  const timer = setTimeout(() => {
    zeitUeberschritten = true;
    ac.abort();
  }, s.timeoutMs);
  const weiterreichen = () => ac.abort();
  abbruch?.addEventListener('abort', weiterreichen, { once: true });
  try {
    const res = await fetchImpl(url.href, {
      method: methode,
      redirect: 'manual',
      signal: ac.signal,
      headers: {
        'user-agent': s.userAgent,
        accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
        'accept-language': 'de-DE,de;q=0.9',
      },
    });
    const antwort: Antwort = { art: 'antwort', status: res.status, location: res.headers.get('location'), retryAfter: res.headers.get('retry-after'), ms: ms() };
    // A GET of a working page: read a little to see the body flow, never the whole (it may not end).
    if (methode === 'GET' && res.ok && res.body) await leseHoechstens(res.body, s.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES).catch(() => {});
    return antwort;
  } catch (e) {
    if (zeitUeberschritten) return { art: 'fehler', text: `Zeitüberschreitung nach ${sekunden(s.timeoutMs)}`, nachVerbindung: false, ms: ms() };
    if (abbruch?.aborted) return { art: 'fehler', text: 'Prüfung abgebrochen', nachVerbindung: false, ms: ms() };
    return { art: 'fehler', ...netzwerkfehlerText(e), ms: ms() };
  } finally {
    clearTimeout(timer);
    abbruch?.removeEventListener('abort', weiterreichen);
    // Frees the connection whether or not the body was read.
    ac.abort();
  }
}

/**
 * HEAD is "refused" when the server answers 405 or 501 (RFC 9110 §9.3.2 makes HEAD optional in
 * practice), but also when it answers another 4xx: web application firewalls and some portal
 * software answer HEAD with 400, 403 or 404 while GET works. One GET more per broken URL is cheaper
 * than a wrongly broken link that may cost a Kommune its Prädikat. 429 is a rate limit: no retry.
 */
const headAbgelehnt = (a: Antwort) =>
  a.art === 'fehler' ? a.nachVerbindung : a.status === 501 || (a.status >= 400 && a.status < 500 && a.status !== 429);

/* ------------------------------------------------------------------ one URL */

/**
 * Checks one URL: 2xx → ok; 3xx followed up to `maxRedirects`; everything else → defekt with a
 * German reason. Only http(s) URLs are requested; anything else is reported without a request.
 */
export async function pruefeUrl(url: string, s: ProbeSettings, opts: { fetchImpl?: FetchImpl; limiter?: Limiter; signal?: AbortSignal } = {}): Promise<ProbeErgebnis> {
  const fetchImpl = opts.fetchImpl ?? fetch;
  const limiter = opts.limiter ?? createLimiter(1, 1);
  let antwortMs = 0;
  let httpStatus: number | null = null;
  let zielUrl: string | null = null;
  const defekt = (fehler: string): ProbeErgebnis => ({ url, status: 'defekt', httpStatus, fehler, antwortMs, zielUrl });

  let aktuell: URL;
  try {
    aktuell = new URL(url);
  } catch {
    return defekt('Keine gültige Adresse');
  }
  if (aktuell.protocol !== 'http:' && aktuell.protocol !== 'https:') return defekt(`Keine http(s)-Adresse (${aktuell.protocol}) – nicht geprüft`);

  const besucht = new Set<string>([aktuell.href]);
  let methode: 'HEAD' | 'GET' = 'HEAD';
  let weiterleitungen = 0;
  for (;;) {
    const ziel = aktuell;
    let a = await limiter.run(ziel.host, () => anfrage(ziel, methode, s, fetchImpl, opts.signal));
    antwortMs += a.ms;
    if (methode === 'HEAD' && headAbgelehnt(a) && !opts.signal?.aborted) {
      // From here on GET, also for later hops: this server (or its software) does not do HEAD.
      methode = 'GET';
      a = await limiter.run(ziel.host, () => anfrage(ziel, 'GET', s, fetchImpl, opts.signal));
      antwortMs += a.ms;
    }
    if (a.art === 'fehler') return defekt(a.text);
    httpStatus = a.status;
    if (a.status >= 200 && a.status < 300) return { url, status: 'ok', httpStatus, fehler: null, antwortMs, zielUrl };
    if (a.status >= 300 && a.status < 400 && a.status !== 304) {
      if (!a.location) return defekt(`${httpText(a.status)} ohne Weiterleitungsziel`);
      weiterleitungen++;
      let naechste: URL;
      try {
        naechste = new URL(a.location, aktuell);
      } catch {
        return defekt(`Ungültiges Weiterleitungsziel nach ${httpText(a.status)}`);
      }
      zielUrl = naechste.href;
      if (naechste.protocol !== 'http:' && naechste.protocol !== 'https:') return defekt(`Weiterleitung auf eine nicht prüfbare Adresse (${naechste.protocol})`);
      if (besucht.has(naechste.href)) return defekt(`Weiterleitungsschleife (nach ${weiterleitungen} Weiterleitung${weiterleitungen === 1 ? '' : 'en'})`);
      if (weiterleitungen > s.maxRedirects) return defekt(`Zu viele Weiterleitungen (${weiterleitungen})`);
      besucht.add(naechste.href);
      aktuell = naechste;
      continue;
    }
    if ((a.status === 429 || a.status === 503) && a.retryAfter) {
      return defekt(`${httpText(a.status)} – vorübergehend: der Server bittet um einen späteren Versuch (Retry-After: ${a.retryAfter.slice(0, 40)})`);
    }
    return defekt(httpText(a.status));
  }
}
