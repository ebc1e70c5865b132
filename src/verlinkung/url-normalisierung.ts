/**
 * URL normalisation for "is this the same service?" (docs/verlinkung.md, „Derselbe Dienst“).
 *
 * Two addresses that a browser would open as the same page must give the same key, however they
 * were typed: `HTTPS://Formulare.Example.org:443/parken/?utm_source=newsletter#antrag` and
 * `https://formulare.example.org/parken` are one service. The WHATWG URL parser (RFC 3986 with the
 * browser's rules) does the heavy part: scheme and host in lower case, IDN host to punycode
 * (`bürgerservice.example` → `xn--brgerservice-dlb.example`), default port dropped, `.`/`..`
 * segments resolved, non-ASCII percent-encoded. On top of that (RFC 3986 §6.2.2):
 *
 * - `http` is treated as `https` (the same service served both ways; the platform only accepts
 *   https for new links, older feeds still carry http),
 * - user name and password are dropped, a trailing dot of the host too,
 * - percent-encoding: escapes of unreserved characters are decoded (`%7E` → `~`), every other
 *   escape is written with upper-case hex (`%c3%bc` → `%C3%BC`),
 * - path: runs of `/` collapse, a trailing `/` is dropped (`/parken/` = `/parken`, `/` = ``),
 * - query: parameters that only track where a visitor came from are dropped (`TRACKING_PARAMETER`),
 *   the rest are sorted by name (stable, so repeated names keep their order) and re-encoded; an
 *   empty query disappears. Everything else in the query is kept: `?id=4711` and `?id=4712` are
 *   different forms of one portal,
 * - the fragment (`#…`) is dropped.
 *
 * No network and no database: a pure function, also used by the counting module's tests.
 */

/**
 * Query parameters that say how a visitor arrived, never which service they reach: Google
 * Analytics/Ads (`utm_*`, `gclid`, `gbraid`, `wbraid`, `dclid`, `_ga`, `_gl`), Matomo/Piwik
 * (`mtm_*`, `pk_*`, `piwik_*`), Meta (`fbclid`), Microsoft (`msclkid`), Mailchimp (`mc_cid`,
 * `mc_eid`), Yandex (`yclid`), Instagram (`igshid`), and the referrer words portals append
 * (`quelle`, `source`, `src`, `ref`, `referrer`, `herkunft`). Compared case-insensitively.
 */
export const TRACKING_PARAMETER: readonly string[] = [
  'quelle',
  'herkunft',
  'source',
  'src',
  'ref',
  'referrer',
  'fbclid',
  'gclid',
  'gbraid',
  'wbraid',
  'dclid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  'yclid',
  'igshid',
  '_ga',
  '_gl',
];
/** Prefixes of tracking parameters (`utm_source`, `mtm_campaign`, `pk_kwd`, …). */
export const TRACKING_PRAEFIXE: readonly string[] = ['utm_', 'mtm_', 'pk_', 'piwik_'];

const istTracking = (name: string) => {
  const n = name.toLowerCase();
  return TRACKING_PARAMETER.includes(n) || TRACKING_PRAEFIXE.some((p) => n.startsWith(p));
};

/** Unreserved characters of RFC 3986 §2.3: their escapes mean the character itself. */
const UNRESERVIERT = /[A-Za-z0-9\-._~]/;

/** `%7e` → `~`, `%c3%bc` → `%C3%BC`: one spelling for every escape. */
function normalisiereEscapes(s: string): string {
  if (!s.includes('%')) return s;
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => {
    const c = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVIERT.test(c) ? c : `%${hex.toUpperCase()}`;
  });
}

/** A query parameter's name or value encoded the same way whatever the input used (`+`, `%20`). */
const kodiere = (s: string) => normalisiereEscapes(encodeURIComponent(s));

export interface NormalisierteUrl {
  /** The whole normalised address: same key = same service. */
  schluessel: string;
  /** Host (with a non-default port) and path, without scheme and query: `example.org/parken`. */
  hostPfad: string;
}

/**
 * Normalises an address (see the module comment). An address that is not a URL at all keeps its
 * trimmed, lower-cased text as both keys, so two identical wrong strings still match.
 */
export function normalisiereUrl(url: string): NormalisierteUrl {
  const roh = url.trim();
  let u: URL;
  try {
    u = new URL(roh);
  } catch {
    const text = roh.toLowerCase();
    return { schluessel: text, hostPfad: text };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    const text = u.href.replace(/#.*$/, '');
    return { schluessel: text, hostPfad: text };
  }
  const host = u.hostname.replace(/\.$/, '');
  // With http read as https, the default port of either scheme is no port at all.
  const port = u.port && !((u.protocol === 'http:' && u.port === '80') || u.port === '443') ? `:${u.port}` : '';
  const pfad = normalisiereEscapes(u.pathname).replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  let query = '';
  if (u.search.length > 1) {
    const parameter = [...u.searchParams].filter(([name]) => !istTracking(name));
    // Stable sort: parameters with the same name keep their order (`a=1&a=2` ≠ `a=2&a=1`).
    const sortiert = parameter.map((p, i) => ({ p, i })).sort((a, b) => (a.p[0] < b.p[0] ? -1 : a.p[0] > b.p[0] ? 1 : a.i - b.i));
    query = sortiert.map(({ p: [k, v] }) => `${kodiere(k)}=${kodiere(v)}`).join('&');
  }
  const hostPfad = `${host}${port}${pfad}`;
  return { schluessel: `https://${hostPfad}${query ? `?${query}` : ''}`, hostPfad };
}
