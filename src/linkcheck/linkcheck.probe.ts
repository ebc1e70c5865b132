/**
 * Checks one URL: HEAD first, GET where HEAD is refused, redirects followed by hand, a timeout per
 * request, German error texts. No database here (linkcheck.service.ts stores results).
 *
 * Never a request into an internal network (server-side request forgery): for every hop the probe
 * resolves the host name itself, refuses internal addresses (shared/netz.ts), ports other than
 * 443/80 and anything but https, and then connects to exactly the address it checked — the host
 * name only travels as TLS server name (SNI) and `Host` header. A second DNS answer between check
 * and connection (DNS rebinding) therefore never reaches the socket. A redirect to `http:` is a
 * finding, not a request.
 *
 * Why by hand (node:http/https, not fetch): we count hops, detect loops, resolve relative
 * `Location` headers (RFC 9110 §10.2.2), report where it ended, and pin the address per hop.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import http, { STATUS_CODES } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { ERLAUBTE_PORTS, hostAbgelehnt, INTERNE_ART_TEXT, interneAdresse, portVon } from '../shared/netz';

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
  /** German text for the ministry and the Behörde; null when ok. Never a raw socket message. */
  fehler: string | null;
  /** Time spent in requests (queueing for a free slot not included). */
  antwortMs: number;
  /** Where the redirects ended; null without redirects. */
  zielUrl: string | null;
  /** The run was aborted (shutdown, deadline) before this URL was decided: not a result to store. */
  abgebrochen?: boolean;
}

/** One resolved address of a host name. */
export interface Adresse {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses (default: the system resolver, like a browser). */
export type Aufloesung = (hostname: string) => Promise<Adresse[]>;

/**
 * TEST ONLY: exceptions to the network rules for local test listeners. It is never read from the
 * configuration or the environment; only test code passes it (to `pruefeUrl`, the link check
 * service or `buildApp`), so no setting can switch it on in production. Every other address stays
 * refused, which the tests use to prove that no connection is made.
 */
export interface Testnetz {
  /** Listeners (`ip:port`, IPv6 in brackets) that may be requested although internal and on any port. */
  ziele: ReadonlySet<string>;
  /** Plain http to these listeners (the older fixtures speak HTTP). */
  http?: boolean;
  /** PEM of a CA to trust instead of the system's (a local TLS listener). */
  ca?: string;
}

/** How the probe reaches the network: the resolver (tests inject one) and the test exceptions. */
export interface Netzzugang {
  aufloesen?: Aufloesung;
  testnetz?: Testnetz;
}

const systemAufloesung: Aufloesung = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

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

/**
 * Maps a network error (node:http/https, DNS; also undici's `TypeError('fetch failed')` with a
 * `cause`) to a German text. Only known error codes are named; a raw message never reaches the
 * text, because the result is shown to editors and must not describe the network behind a server.
 */
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
  if (code === 'ENODATA' || code === 'ESERVFAIL' || code === 'EREFUSED') return { text: 'Servername nicht gefunden (DNS)', nachVerbindung: false };
  // An error code is a fixed identifier (ENOBUFS, EADDRNOTAVAIL…); anything else is not repeated.
  return { text: code && /^[A-Z][A-Z0-9_]{1,40}$/.test(code) ? `Netzwerkfehler (${code})` : 'Netzwerkfehler', nachVerbindung: false };
}

/* ------------------------------------------------------------------ one request */

type Antwort =
  | { art: 'antwort'; status: number; location: string | null; retryAfter: string | null; ms: number }
  | { art: 'fehler'; text: string; nachVerbindung: boolean; ms: number; abgebrochen?: boolean };

const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

/** A hop that passed every rule: the URL and the one address the connection goes to. */
interface Ziel {
  url: URL;
  adresse: Adresse;
}

/** A lookup that answers with the checked address only: the socket can reach nothing else. */
const festeAdresse =
  (a: Adresse): LookupFunction =>
  (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (e: null, r: Adresse[]) => void)(null, [a]);
    else callback(null, a.address, a.family);
  };

const ABGEBROCHEN = 'Prüfung abgebrochen';

function anfrage(ziel: Ziel, methode: 'HEAD' | 'GET', s: ProbeSettings, netz: Netzzugang, abbruch?: AbortSignal): Promise<Antwort> {
  const start = performance.now();
  const ms = () => Math.round(performance.now() - start);
  if (abbruch?.aborted) return Promise.resolve({ art: 'fehler', text: ABGEBROCHEN, nachVerbindung: false, ms: 0, abgebrochen: true });
  return new Promise<Antwort>((resolve) => {
    let fertig = false;
    const ende = (a: Antwort) => {
      if (fertig) return;
      fertig = true;
      clearTimeout(timer);
      abbruch?.removeEventListener('abort', abbrechen);
      resolve(a);
    };
    const tls = ziel.url.protocol === 'https:';
    const hostname = ziel.url.hostname.replace(/^\[|\]$/g, '');
    const req = (tls ? https : http).request(ziel.url, {
      method: methode,
      // A connection of its own per request: a pooled socket could lead to another address.
      agent: false,
      lookup: festeAdresse(ziel.adresse),
      headers: {
        'user-agent': s.userAgent,
        accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
        'accept-language': 'de-DE,de;q=0.9',
      },
      ...(tls && !isIP(hostname) ? { servername: hostname } : {}),
      ...(tls && netz.testnetz?.ca ? { ca: netz.testnetz.ca } : {}),
    });
    // The status line counts once it came: a body that stalls afterwards does not make it a timeout.
    let erhalten: Antwort | undefined;
    const timer = setTimeout(() => {
      ende(erhalten ?? { art: 'fehler', text: `Zeitüberschreitung nach ${sekunden(s.timeoutMs)}`, nachVerbindung: false, ms: ms() });
      req.destroy();
    }, s.timeoutMs);
    const abbrechen = () => {
      ende({ art: 'fehler', text: ABGEBROCHEN, nachVerbindung: false, ms: ms(), abgebrochen: true });
      req.destroy();
    };
    abbruch?.addEventListener('abort', abbrechen, { once: true });
    req.on('error', (e) => ende({ art: 'fehler', ...netzwerkfehlerText(e), ms: ms() }));
    req.on('response', (res) => {
      const antwort: Antwort = {
        art: 'antwort',
        status: res.statusCode ?? 0,
        location: typeof res.headers.location === 'string' ? res.headers.location : null,
        retryAfter: typeof res.headers['retry-after'] === 'string' ? res.headers['retry-after'] : null,
        ms: ms(),
      };
      erhalten = antwort;
      const schliessen = () => {
        res.destroy();
        req.destroy();
        ende(antwort);
      };
      // A GET of a working page: read a little to see the body flow, never the whole (it may not end).
      if (methode !== 'GET' || antwort.status < 200 || antwort.status >= 300) return schliessen();
      let gelesen = 0;
      res.on('data', (chunk: Buffer) => {
        gelesen += chunk.byteLength;
        if (gelesen >= (s.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)) schliessen();
      });
      res.on('end', schliessen);
      res.on('error', schliessen);
    });
    req.end();
  });
}

/**
 * HEAD is "refused" when the server answers 405 or 501 (RFC 9110 §9.3.2 makes HEAD optional in
 * practice), but also when it answers another 4xx: web application firewalls and some portal
 * software answer HEAD with 400, 403 or 404 while GET works. One GET more per broken URL is cheaper
 * than a wrongly broken link that may cost a Kommune its Prädikat. 429 is a rate limit: no retry.
 */
const headAbgelehnt = (a: Antwort) =>
  a.art === 'fehler' ? a.nachVerbindung : a.status === 501 || (a.status >= 400 && a.status < 500 && a.status !== 429);

/* ------------------------------------------------------------------ the rules per hop */

const schluessel = (ip: string, port: number) => `${ip.includes(':') ? `[${ip}]` : ip}:${port}`;

/**
 * Decides whether a hop may be requested and to which address: scheme, port, host name, and every
 * address the name resolves to. Returns the target or the German reason why it is not requested.
 */
export async function pruefeZiel(url: URL, netz: Netzzugang = {}): Promise<Ziel | { fehler: string; http?: true }> {
  const testnetz = netz.testnetz;
  const port = portVon(url);
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const istTestziel = (ip: string) => testnetz?.ziele.has(schluessel(ip, port)) ?? false;

  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { fehler: `Keine http(s)-Adresse (${url.protocol}) – nicht geprüft` };
  let adressen: Adresse[];
  if (isIP(hostname)) {
    adressen = [{ address: hostname, family: isIP(hostname) === 6 ? 6 : 4 }];
  } else {
    const name = hostAbgelehnt(url.hostname);
    if (name) return { fehler: `${name} Nicht geprüft.` };
    try {
      adressen = await (netz.aufloesen ?? systemAufloesung)(hostname);
    } catch (e) {
      return { fehler: netzwerkfehlerText(e).text };
    }
    if (adressen.length === 0) return { fehler: 'Servername nicht gefunden (DNS)' };
  }
  // Test listeners (test code only) are exempt from the range and port rules, nothing else is.
  const alleTestziele = adressen.every((a) => istTestziel(a.address));
  if (!alleTestziele) {
    // One internal address among several is enough to refuse: the system may pick any of them.
    for (const a of adressen) {
      const art = interneAdresse(a.address);
      if (art) return { fehler: `${isIP(hostname) ? 'Die Adresse' : 'Der Servername'} zeigt auf ein internes Netz (${INTERNE_ART_TEXT[art]}) – nicht geprüft` };
    }
  }
  if (url.protocol === 'http:' && !(alleTestziele && testnetz?.http)) return { fehler: 'Unverschlüsselte http-Adresse – nur https wird geprüft', http: true };
  if (!alleTestziele && !ERLAUBTE_PORTS.has(port)) return { fehler: `Port ${port} nicht zulässig (nur 443 und 80) – nicht geprüft` };
  return { url, adresse: adressen[0] };
}

/* ------------------------------------------------------------------ one URL */

/**
 * Checks one URL: 2xx → ok; 3xx followed up to `maxRedirects`; everything else → defekt with a
 * German reason. Each hop passes `pruefeZiel` first; what it refuses is reported without a request.
 */
export async function pruefeUrl(
  url: string,
  s: ProbeSettings,
  opts: { limiter?: Limiter; signal?: AbortSignal; netz?: Netzzugang } = {},
): Promise<ProbeErgebnis> {
  const limiter = opts.limiter ?? createLimiter(1, 1);
  const netz = opts.netz ?? {};
  let antwortMs = 0;
  let httpStatus: number | null = null;
  let zielUrl: string | null = null;
  const defekt = (fehler: string): ProbeErgebnis => ({ url, status: 'defekt', httpStatus, fehler, antwortMs, zielUrl });
  const abgebrochen = (): ProbeErgebnis => ({ ...defekt(ABGEBROCHEN), abgebrochen: true });

  let aktuell: URL;
  try {
    aktuell = new URL(url);
  } catch {
    return defekt('Keine gültige Adresse');
  }

  const besucht = new Set<string>([aktuell.href]);
  let methode: 'HEAD' | 'GET' = 'HEAD';
  let weiterleitungen = 0;
  for (;;) {
    if (opts.signal?.aborted) return abgebrochen();
    const geprueft = await pruefeZiel(aktuell, netz);
    if ('fehler' in geprueft) {
      if (weiterleitungen === 0) return defekt(geprueft.fehler);
      return defekt(geprueft.http ? 'Weiterleitung auf eine unverschlüsselte http-Adresse – nicht angefragt' : `Weiterleitung auf eine unzulässige Adresse: ${geprueft.fehler}`);
    }
    let a = await limiter.run(aktuell.host, () => anfrage(geprueft, methode, s, netz, opts.signal));
    antwortMs += a.ms;
    if (methode === 'HEAD' && headAbgelehnt(a) && !opts.signal?.aborted) {
      // From here on GET, also for later hops: this server (or its software) does not do HEAD.
      methode = 'GET';
      a = await limiter.run(aktuell.host, () => anfrage(geprueft, 'GET', s, netz, opts.signal));
      antwortMs += a.ms;
    }
    if (a.art === 'fehler') return a.abgebrochen ? abgebrochen() : defekt(a.text);
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
