/**
 * Network addresses: which ones are internal (never requested by the platform), whether a link's
 * host may be entered at all, and which proxies are trusted for the client address.
 *
 * Why here and not in the link check: the same rules refuse a link when it is entered (form, API,
 * CSV, XZuFi) and when the checker resolves it (src/linkcheck), so both must agree.
 *
 * Numeric spellings: a URL's host is read with the WHATWG URL parser, which turns every IPv4
 * spelling browsers accept (`0x7f000001`, `2130706433`, `0177.0.0.1`, `127.1`, a trailing dot)
 * into the dotted form and IPv6 into its compressed form (`[::ffff:7f00:1]`). The ranges below
 * are then compared byte by byte, so no spelling slips through a string comparison.
 */
import { isIP } from 'node:net';

/** What kind of internal range an address belongs to (named in German error messages). */
export type InterneArt =
  | 'unspezifiziert'
  | 'loopback'
  | 'privat'
  | 'cgnat'
  | 'link-local'
  | 'ula'
  | 'multicast'
  | 'reserviert';

export const INTERNE_ART_TEXT: Record<InterneArt, string> = {
  unspezifiziert: 'unspezifizierte Adresse',
  loopback: 'Loopback, der eigene Rechner',
  privat: 'privates Netz',
  cgnat: 'Carrier-Grade-NAT',
  'link-local': 'Link-Local',
  ula: 'Unique Local Address',
  multicast: 'Multicast',
  reserviert: 'reservierter oder nicht öffentlicher Bereich',
};

/* ------------------------------------------------------------------ parsing */

function ipv4Bytes(ip: string): number[] | undefined {
  const teile = ip.split('.');
  if (teile.length !== 4) return undefined;
  const bytes = teile.map((t) => (/^\d{1,3}$/.test(t) ? Number(t) : Number.NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : undefined;
}

function ipv6Bytes(eingabe: string): number[] | undefined {
  let s = eingabe.replace(/^\[|\]$/g, '').split('%')[0].toLowerCase();
  // An embedded IPv4 tail (::ffff:127.0.0.1) becomes two groups.
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const b = ipv4Bytes(v4[2]);
    if (!b) return undefined;
    s = `${v4[1]}${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
  }
  const doppel = s.split('::');
  if (doppel.length > 2) return undefined;
  const gruppen = (t: string) => (t === '' ? [] : t.split(':'));
  const kopf = gruppen(doppel[0]);
  const schwanz = doppel.length === 2 ? gruppen(doppel[1]) : [];
  const fehlend = 8 - kopf.length - schwanz.length;
  if ((doppel.length === 2 && fehlend < 1) || (doppel.length === 1 && fehlend !== 0)) return undefined;
  const alle = [...kopf, ...Array<string>(doppel.length === 2 ? fehlend : 0).fill('0'), ...schwanz];
  const bytes: number[] = [];
  for (const g of alle) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined;
    const n = parseInt(g, 16);
    bytes.push(n >> 8, n & 0xff);
  }
  return bytes.length === 16 ? bytes : undefined;
}

/** An IP address as bytes (4 or 16), or undefined when it is none. Brackets and zone ids are allowed. */
export function ipBytes(ip: string): number[] | undefined {
  const ohne = ip.replace(/^\[|\]$/g, '');
  const art = isIP(ohne.split('%')[0]);
  if (art === 4) return ipv4Bytes(ohne);
  if (art === 6) return ipv6Bytes(ohne);
  return undefined;
}

interface Netz {
  bytes: number[];
  praefix: number;
}

/** `10.0.0.0/8`, `fc00::/7` or a single address; undefined when it is neither. */
export function parseNetz(text: string): Netz | undefined {
  const [adresse, laenge, zuviel] = text.trim().split('/');
  if (zuviel !== undefined) return undefined;
  const bytes = ipBytes(adresse);
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  if (laenge === undefined) return { bytes, praefix: max };
  if (!/^\d{1,3}$/.test(laenge) || Number(laenge) > max) return undefined;
  return { bytes, praefix: Number(laenge) };
}

function imNetz(bytes: number[], netz: Netz): boolean {
  if (bytes.length !== netz.bytes.length) return false;
  let rest = netz.praefix;
  for (let i = 0; rest > 0; i++, rest -= 8) {
    const maske = rest >= 8 ? 0xff : (0xff << (8 - rest)) & 0xff;
    if ((bytes[i] & maske) !== (netz.bytes[i] & maske)) return false;
  }
  return true;
}

const netze = (liste: [string, InterneArt][]) => liste.map(([n, art]) => ({ netz: parseNetz(n) as Netz, art }));

/** IANA IPv4 Special-Purpose Address Registry (RFC 6890 and successors): everything not globally reachable. */
const INTERN_V4 = netze([
  ['0.0.0.0/8', 'unspezifiziert'],
  ['10.0.0.0/8', 'privat'],
  ['100.64.0.0/10', 'cgnat'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'privat'],
  ['192.0.0.0/24', 'reserviert'],
  ['192.0.2.0/24', 'reserviert'],
  ['192.88.99.0/24', 'reserviert'],
  ['192.168.0.0/16', 'privat'],
  ['198.18.0.0/15', 'reserviert'],
  ['198.51.100.0/24', 'reserviert'],
  ['203.0.113.0/24', 'reserviert'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserviert'],
]);

/**
 * IPv6: only global unicast (2000::/3) is public, minus the special blocks inside it. Everything
 * else — unspecified, loopback, ULA, link-local, multicast, NAT64 and IPv4-compatible forms — is
 * internal; IPv4-mapped addresses (::ffff:a.b.c.d) are judged by their IPv4 part.
 */
const INTERN_V6 = netze([
  ['::/128', 'unspezifiziert'],
  ['::1/128', 'loopback'],
  ['fc00::/7', 'ula'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'link-local'],
  ['ff00::/8', 'multicast'],
  ['2001::/23', 'reserviert'],
  ['2001:db8::/32', 'reserviert'],
  ['2002::/16', 'reserviert'],
  ['3fff::/20', 'reserviert'],
]);
const GLOBAL_UNICAST_V6 = parseNetz('2000::/3') as Netz;
const IPV4_MAPPED = parseNetz('::ffff:0:0/96') as Netz;

/**
 * The internal range an IP address lies in, or undefined when it is publicly routable. Anything
 * that is not an IP address at all counts as `reserviert` (never requested).
 */
export function interneAdresse(ip: string): InterneArt | undefined {
  const bytes = ipBytes(ip);
  if (!bytes) return 'reserviert';
  if (bytes.length === 4) return INTERN_V4.find((n) => imNetz(bytes, n.netz))?.art;
  if (imNetz(bytes, IPV4_MAPPED)) return interneAdresse(bytes.slice(12).join('.'));
  const treffer = INTERN_V6.find((n) => imNetz(bytes, n.netz))?.art;
  if (treffer) return treffer;
  return imNetz(bytes, GLOBAL_UNICAST_V6) ? undefined : 'reserviert';
}

/* ------------------------------------------------------------------ host names */

/** Names that never leave the machine or the local network (RFC 6761, RFC 6762, RFC 8375, ICANN 2024 `.internal`). */
const LOKALE_ENDUNGEN = ['localhost', 'local', 'internal', 'home.arpa', 'localdomain'];

/**
 * Why a host name (as the URL parser gives it, IPv6 in brackets) must not be requested, or
 * undefined when it may. IP literals are judged by range; names by their ending; a name without
 * a dot would be completed with the server's own search domain and is refused too.
 */
export function hostAbgelehnt(hostname: string): string | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === '') return 'Die Adresse nennt keinen Server.';
  if (host.startsWith('[') || isIP(host)) {
    const art = interneAdresse(host);
    return art ? `Die Adresse zeigt auf ein internes Netz (${INTERNE_ART_TEXT[art]}); solche Adressen sind nicht erlaubt.` : undefined;
  }
  if (LOKALE_ENDUNGEN.some((e) => host === e || host.endsWith(`.${e}`))) {
    return `„${host}“ ist ein Name für den eigenen Rechner oder ein lokales Netz; solche Adressen sind nicht erlaubt.`;
  }
  if (!host.includes('.')) return `„${host}“ ist kein vollständiger Servername (es fehlt die Domain, z. B. „${host}.bayern.de“).`;
  return undefined;
}

/** Ports the link check requests (https 443, and 80 where a site names it). */
export const ERLAUBTE_PORTS = new Set([443, 80]);

/** The port a URL connects to (its explicit port or the scheme's default). */
export const portVon = (u: URL): number => (u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80);

/**
 * Checks a link address at entry (form, API, CSV, XZuFi): the host must be public, the port a
 * standard one, and no user name or password may be in it. Returns a German reason or undefined.
 * `u` is the parsed URL (the caller has checked the scheme).
 */
export function linkZielAbgelehnt(u: URL): string | undefined {
  if (u.username || u.password) return 'Die Adresse darf keinen Benutzernamen und kein Passwort enthalten.';
  const host = hostAbgelehnt(u.hostname);
  if (host) return host;
  if (!ERLAUBTE_PORTS.has(portVon(u))) return `Der Port ${u.port} ist nicht erlaubt; Online-Verfahren laufen auf dem Standard-Port von https (443).`;
  return undefined;
}

/* ------------------------------------------------------------------ proxies */

/**
 * Whom to trust for `X-Forwarded-For` (TRUST_PROXY): nobody, the nearest `hops` proxies, or the
 * listed proxy addresses and networks. Fastify takes it as a function `(address, hop) => boolean`
 * and walks the forwarded addresses from the right while it returns true: with one hop the client
 * address is the one the own proxy saw, whatever the client itself wrote into the header.
 */
export type ProxyVertrauen = { art: 'keiner' } | { art: 'hops'; hops: number } | { art: 'adressen'; netze: string[] };

/** Parses TRUST_PROXY; returns an error text when the value is not understood. */
export function parseProxyVertrauen(wert: string | undefined): ProxyVertrauen | { fehler: string } {
  const v = (wert ?? '').trim().toLowerCase();
  if (v === '' || ['false', 'no', 'nein', '0'].includes(v)) return { art: 'keiner' };
  // The old boolean: it used to trust every address in X-Forwarded-For; now it means one proxy.
  if (['true', 'yes', 'ja'].includes(v)) return { art: 'hops', hops: 1 };
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return hops <= 10 ? { art: 'hops', hops } : { fehler: 'höchstens 10 Proxys hintereinander' };
  }
  const teile = v.split(',').map((t) => t.trim()).filter(Boolean);
  const falsch = teile.filter((t) => !parseNetz(t));
  if (falsch.length > 0) {
    return { fehler: `„${falsch.join('“, „')}“ ist keine IP-Adresse und kein Netz; erwartet: Anzahl der Proxys (z. B. 1) oder Adressen/Netze (z. B. 10.0.0.1,10.0.0.0/8)` };
  }
  return { art: 'adressen', netze: teile };
}

/** The trust function for Fastify's `trustProxy` (false when no proxy is trusted). */
export function vertrauensFunktion(v: ProxyVertrauen): false | ((adresse: string, hop: number) => boolean) {
  if (v.art === 'keiner') return false;
  if (v.art === 'hops') return v.hops === 0 ? false : (_adresse, hop) => hop < v.hops;
  const liste = v.netze.map((n) => parseNetz(n) as Netz);
  return (adresse) => {
    const bytes = ipBytes(adresse);
    if (!bytes) return false;
    // An IPv4 proxy may connect over an IPv6 socket as ::ffff:a.b.c.d.
    const v4 = bytes.length === 16 && imNetz(bytes, IPV4_MAPPED) ? bytes.slice(12) : undefined;
    return liste.some((n) => imNetz(bytes, n) || (v4 !== undefined && imNetz(v4, n)));
  };
}

/* ------------------------------------------------------------------ request id */

/** nginx `$request_id` (32 hex digits) or a UUID: nothing else is taken over. */
const REQUEST_ID_FORM = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * The `X-Request-Id` of a request when it may be taken over: only from a trusted proxy (the socket
 * peer is trusted by TRUST_PROXY) and only as 32 hex digits or a UUID. Otherwise undefined, and
 * the server makes its own id — a client cannot choose what appears in logs and the audit trail.
 */
export function uebernommeneRequestId(
  req: { headers: Record<string, string | string[] | undefined>; socket?: { remoteAddress?: string } },
  vertrauen: false | ((adresse: string, hop: number) => boolean),
): string | undefined {
  const id = req.headers['x-request-id'];
  if (!vertrauen || typeof id !== 'string' || !REQUEST_ID_FORM.test(id)) return undefined;
  const peer = req.socket?.remoteAddress;
  return peer && vertrauen(peer, 0) ? id.toLowerCase() : undefined;
}

/**
 * A stored address as a link target for a page: only an absolute `https:` or `http:` address (what
 * entry accepts); anything else — `javascript:`, `data:`, a relative path from an old import or
 * the database — gives undefined, and the page shows the name without a link.
 */
export function linkZiel(adresse: string | null | undefined): string | undefined {
  if (!adresse) return undefined;
  try {
    const u = new URL(adresse);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

