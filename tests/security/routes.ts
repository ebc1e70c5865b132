/**
 * The app's routes as the security tests see them: the route table (so a new route is covered
 * without touching the tests), path parameters filled from the world and from links the pages
 * themselves show, and the fields of every form the pages offer (plus the JSON bodies of the
 * OpenAPI document).
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

import type { Access } from '../../src/shared/web';
import type { Browser } from '../support/app';
import type { World } from './world';
import { ROLES, type Role } from '../../src/shared/handelnde';

export interface Route {
  method: string;
  url: string;
  access?: Access;
}

export const appRoutes = (app: FastifyInstance): Route[] =>
  app.routeTable.filter((r) => !r.url.startsWith('/assets/') && !r.url.endsWith('*'));

export const paramNames = (url: string) => [...url.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]);

/** A regular expression that matches concrete paths of the route (parameters as named groups). */
export function routeRegex(url: string): RegExp {
  const src = url
    .split(/(:[a-zA-Z]+)/)
    .map((part) => (part.startsWith(':') ? `(?<${part.slice(1)}>[^/?#]+)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${src}$`);
}

/** Which world ids a parameter names, by the route's path (first rule that matches wins). */
const RULES: [RegExp, string, string][] = [
  [/^\/api\/v1\/praedikat\/antraege\/:id/, 'id', 'praedikatAntrag'],
  [/^\/verwaltung\/praedikat\/antraege\/:id/, 'id', 'praedikatAntrag'],
  [/^\/verwaltung\/praedikat\/schilder\/:id/, 'id', 'schild'],
  [/foerderung\/antraege\/:id/, 'id', 'foerder'],
  [/uploads\/:id/, 'id', 'upload'],
  [/digitallotse\/kurse\/:id/, 'id', 'kurs'],
  [/digitallotse\/anmeldungen\/:id/, 'id', 'kursAnmeldung'],
  [/checklisten\/:id/, 'id', 'checkliste'],
  [/veranstaltungen\/:id/, 'id', 'veranstaltung'],
  [/outreach\/:id/, 'id', 'kampagne'],
  [/informationen\/:id/, 'id', 'infoseite'],
  [/verfahren\/:id/, 'id', 'verfahren'],
  [/konten\/:id/, 'id', 'konto'],
  [/./, 'ars', 'ars'],
  [/./, 'verfahrenId', 'verfahren'],
  [/./, 'nr', 'nr'],
  [/./, 'slug', 'slug'],
];

const FIXED: Record<string, (w: World) => string[]> = {
  art: () => ['aussetzen', 'wiederherstellen', 'widerrufen'],
  regbez: () => ['091', '097'],
  purpose: () => ['revocation', 'suspension'],
  datei: (w) => [`${w.ids.nr[0]}.svg`, `${w.ids.nr[0]}.png`],
  land: () => ['09', '05'],
};

/** Candidate values per route and parameter: world ids, fixed vocabularies, and what links on the pages showed. */
export class ParamPool {
  private seen = new Map<string, Set<string>>();
  constructor(private world: World) {}

  add(route: string, param: string, value: string) {
    const k = `${route} ${param}`;
    if (!this.seen.has(k)) this.seen.set(k, new Set());
    (this.seen.get(k) as Set<string>).add(value);
  }

  values(route: string, param: string): string[] {
    const out = new Set<string>(this.seen.get(`${route} ${param}`) ?? []);
    const rule = RULES.find(([re, p]) => p === param && re.test(route));
    if (rule) for (const v of this.world.ids[rule[2]] ?? []) out.add(v);
    for (const v of FIXED[param]?.(this.world) ?? []) out.add(v);
    // A parameter nobody described yet gets every id the world has: still reaches real objects.
    if (out.size === 0) for (const v of Object.values(this.world.ids).flat()) out.add(v);
    return [...out];
  }

  /** Every combination is too many: one path per value of each parameter (the others at their first value). */
  paths(route: string): string[] {
    const names = paramNames(route);
    if (names.length === 0) return [route];
    const firsts = Object.fromEntries(names.map((n) => [n, this.values(route, n)[0]]));
    const out = new Set<string>();
    for (const n of names) for (const v of this.values(route, n)) out.add(fill(route, { ...firsts, [n]: v }));
    return [...out];
  }
}

/** Percent-encodes a path segment; a lone surrogate (not encodable) becomes its invalid UTF-8 bytes, as a hostile client would send them. */
export const encodeSegment = (v: string) => v.replace(/[\uD800-\uDFFF]/g, '\u0000SURROGATE\u0000').split('\u0000SURROGATE\u0000').map(encodeURIComponent).join('%ED%A0%80');

export const fill = (route: string, params: Record<string, string>) => route.replace(/:([a-zA-Z]+)/g, (_, n: string) => encodeSegment(params[n] ?? 'x'));

export interface FormInfo {
  fields: Map<string, Set<string>>;
  /** Whether the form posts multipart/form-data (file uploads). */
  multipart: boolean;
}

const attr = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
const unescapeHtml = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Forms of a page: action (path without query) → field names with the values the page offers. */
export function formsOf(html: string): Map<string, FormInfo> {
  const out = new Map<string, FormInfo>();
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const method = (attr(m[1], 'method') ?? 'get').toLowerCase();
    if (method !== 'post') continue;
    const action = unescapeHtml(attr(m[1], 'action') ?? '').split('?')[0];
    const info = out.get(action) ?? { fields: new Map(), multipart: false };
    if ((attr(m[1], 'enctype') ?? '').includes('multipart')) info.multipart = true;
    for (const f of m[2].matchAll(/<(input|select|textarea|button)\b([^>]*)>/g)) {
      const name = attr(f[2], 'name');
      if (!name || name === '_csrf') continue;
      const values = info.fields.get(name) ?? new Set<string>();
      const v = attr(f[2], 'value');
      if (v !== undefined) values.add(unescapeHtml(v));
      info.fields.set(name, values);
    }
    for (const s of m[2].matchAll(/<select\b[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
      const values = info.fields.get(s[1]) ?? new Set<string>();
      for (const o of s[2].matchAll(/<option\b[^>]*value="([^"]*)"/g)) values.add(unescapeHtml(o[1]));
      info.fields.set(s[1], values);
    }
    out.set(action, info);
  }
  return out;
}

const safeDecode = (v: string) => {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
};

export const hrefsOf = (html: string) => [...html.matchAll(/\s(?:href|action|src)="([^"]+)"/g)].map((m) => unescapeHtml(m[1]));

export interface Crawl {
  /** Route (method + pattern) → fields seen in forms posting to it. */
  forms: Map<string, FormInfo>;
  /** GET route pattern → query parameters seen in links and search forms, with their values. */
  queries: Map<string, Map<string, Set<string>>>;
  pool: ParamPool;
}

/**
 * Opens every GET route (anonymous and as every role), reads its forms and links, then opens the
 * pages the links led to once more: forms on object pages need the objects' ids.
 */
export type Visitor = (route: Route, path: string, caller: Role | 'anonym', res: LightMyRequestResponse) => void;

export async function crawl(app: FastifyInstance, world: World, visit?: Visitor): Promise<Crawl> {
  const routes = appRoutes(app);
  const pool = new ParamPool(world);
  const forms = new Map<string, FormInfo>();
  const queries = new Map<string, Map<string, Set<string>>>();
  const query = (route: string, k: string, v: string) => {
    const q = queries.get(route) ?? new Map<string, Set<string>>();
    q.set(k, new Set([...(q.get(k) ?? []), v]));
    queries.set(route, q);
  };
  /** Concrete links with a query string per GET route (a language switch, an unsubscribe link). */
  const examples = new Map<string, Set<string>>();
  const origin = app.config.publicBaseUrl.replace(/\/$/, '');
  const regexes = routes.map((r) => ({ r, re: routeRegex(r.url) }));
  const names: (Role | 'anonym')[] = ['anonym', ...ROLES];
  const callers: (Browser | undefined)[] = [undefined, ...ROLES.map((role: Role) => world.browsers.get(role))];
  const visited = new Set<string>();
  const learn = (html: string) => {
    for (const raw of hrefsOf(html)) {
      const h = raw.startsWith(origin) ? raw.slice(origin.length) : raw;
      if (!h.startsWith('/') || h.startsWith('//')) continue;
      const [p, qs = ''] = h.split('#')[0].split('?');
      for (const { r, re } of regexes) {
        const m = re.exec(p);
        if (!m) continue;
        for (const [k, v] of Object.entries(m.groups ?? {})) pool.add(r.url, k, safeDecode(v));
        if (r.method === 'GET') for (const [k, v] of new URLSearchParams(qs)) query(r.url, k, v);
        if (r.method === 'GET' && qs && (examples.get(r.url)?.size ?? 0) < 3) examples.set(r.url, new Set([...(examples.get(r.url) ?? []), `${p}?${qs}`]));
      }
    }
    for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
      if ((attr(m[1], 'method') ?? 'get').toLowerCase() !== 'get') continue;
      const action = unescapeHtml(attr(m[1], 'action') ?? '').split('?')[0];
      const hit = regexes.find(({ r, re }) => r.method === 'GET' && re.test(action));
      if (!hit) continue;
      for (const f of m[2].matchAll(/<(input|select|textarea)\b([^>]*)>/g)) {
        const name = attr(f[2], 'name');
        if (name) query(hit.r.url, name, unescapeHtml(attr(f[2], 'value') ?? ''));
      }
      for (const s of m[2].matchAll(/<select\b[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
        for (const o of s[2].matchAll(/<option\b[^>]*value="([^"]*)"/g)) query(hit.r.url, s[1], unescapeHtml(o[1]));
      }
    }
    for (const [action, info] of formsOf(html)) {
      const hit = regexes.find(({ r, re }) => r.method === 'POST' && re.test(action));
      if (!hit) continue;
      const key = `POST ${hit.r.url}`;
      const known = forms.get(key) ?? { fields: new Map(), multipart: false };
      known.multipart ||= info.multipart;
      for (const [n, vs] of info.fields) known.fields.set(n, new Set([...(known.fields.get(n) ?? []), ...vs]));
      forms.set(key, known);
    }
  };
  for (const link of world.links) {
    const [p] = link.split('?');
    const hit = regexes.find(({ r, re }) => r.method === 'GET' && re.test(p));
    if (hit) examples.set(hit.r.url, new Set([...(examples.get(hit.r.url) ?? []), link]));
  }
  for (let round = 0; round < 2; round++) {
    for (const r of routes) {
      if (r.method !== 'GET') continue;
      for (const path of [...pool.paths(r.url), ...(examples.get(r.url) ?? [])]) {
        for (const b of callers) {
          const key = `${path} ${callers.indexOf(b)}`;
          if (visited.has(key)) continue;
          visited.add(key);
          const res = b ? await b.get(path) : await app.inject({ method: 'GET', url: path });
          visit?.(r, path, names[callers.indexOf(b)], res);
          if (String(res.headers['content-type'] ?? '').includes('text/html')) learn(res.body);
        }
      }
    }
  }
  return { forms, queries, pool };
}

/** JSON body properties of the API routes, from the OpenAPI document. */
export function jsonBodies(app: FastifyInstance): Map<string, string[]> {
  const doc = app.swagger() as { paths?: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } }>> };
  const out = new Map<string, string[]>();
  for (const [p, ops] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(ops)) {
      const props = op.requestBody?.content?.['application/json']?.schema?.properties;
      if (props) out.set(`${method.toUpperCase()} ${p.replace(/\{([^}]+)\}/g, ':$1')}`, Object.keys(props));
    }
  }
  return out;
}
