/**
 * Hostile names on every page type. Every text users or imports can put in — a Behörde's name, a
 * user's name, an own Verfahren's name and URL, a link URL, CSV upload fields and file name,
 * Prädikat and Förderantrag texts, a course, an event, a checklist and its answer, an outreach
 * campaign, an information page with a Markdown link — is set to markup that would run if it
 * came out unescaped. Then every GET route of the route table is opened, anonymously and as every
 * role, with its path parameters naming those objects (and once more with every known query
 * parameter set to the same markup), and every answer is checked by its type:
 *
 * - HTML: no `<script>alert`, no injected `<img … onerror`, no `on…=` attribute made from the
 *   text, no `href`/`src`/`action` with `javascript:`;
 * - SVG, Atom and other XML: well-formed, no `script` element, no `on…` attribute, no
 *   `javascript:` link;
 * - CSV: no cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@` at the start);
 * - JSON: valid JSON.
 *
 * A GET route that never answered 2xx or 3xx (a redirect to the login does not count) must be listed in UNERREICHBAR with the reason, so a new
 * page without coverage fails this test.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseCsv } from '../../src/shared/csv';
import type { Database } from '../../src/shared/db';
import { buildTestApp } from '../support/app';
import { openTestDatabase } from '../support/db';
import { type Crawl, type Route, appRoutes, crawl } from './routes';
import { buildWorld, type World } from './world';
import { ROLES, type Role } from '../../src/shared/handelnde';

const MARKUP = `=cmd|'/c calc'!A1 <script>alert(1)</script> "onload="alert(1) '><img src=x onerror=alert(1)>`;
const hostileText = (label: string) => `${MARKUP} ${label}`;
const hostileUrl = () => 'javascript:alert(1)';

/** GET routes that never answer 2xx in this test, and why. Anything else must be reached. */
const UNERREICHBAR: Record<string, string> = {
  '/anmelden/oidc': 'login through a state OIDC provider: not configured in tests (404); covered by the auth tests with a local provider',
  '/anmelden/oidc/rueckkehr': 'return from the OIDC provider: needs a provider and its state; not configured here (404)',
};

let database: Database;
let app: FastifyInstance;
let world: World;
let seen: Crawl;
const problems: string[] = [];
const reached = new Map<string, number>();
const shownOn = new Set<string>();
/** Non-HTML answers (by type and route) that carried the hostile text, neutralised. */
const shownIn = new Set<string>();
let checked = 0;

const contentType = (res: LightMyRequestResponse) => String(res.headers['content-type'] ?? '');

/** Problems of one HTML answer. */
function htmlProblems(html: string): string[] {
  const out: string[] = [];
  if (/<script>alert/i.test(html)) out.push('unescaped <script>alert');
  if (/<img src=x onerror/i.test(html)) out.push('unescaped <img onerror>');
  // An attribute made from the text: the quote closes the attribute and on…= opens a handler.
  for (const m of html.matchAll(/<[a-zA-Z][^<>]*?[\s"'](on(?:load|error))\s*=/g)) out.push(`injected ${m[1]}= attribute: ${m[0].slice(-120)}`);
  for (const m of html.matchAll(/\s(?:href|src|action|formaction|xlink:href)\s*=\s*["']?\s*javascript:/gi)) out.push(`javascript: link: ${m[0]}`);
  return out;
}

/** Problems of an XML answer (SVG, Atom): well-formed, no script, no handler, no javascript: link. */
function xmlProblems(xml: string): string[] {
  const out: string[] = [];
  const p = new SaxesParser({ xmlns: false });
  p.on('opentag', (t) => {
    if (t.name.toLowerCase().endsWith('script')) out.push('script element');
    for (const [k, v] of Object.entries(t.attributes)) {
      if (/^on/i.test(k)) out.push(`handler attribute ${k}`);
      if (/href$/i.test(k) && /^\s*javascript:/i.test(String(v))) out.push(`javascript: link in ${t.name}`);
    }
  });
  try {
    p.write(xml).close();
  } catch (e) {
    out.push(`not well-formed XML: ${(e as Error).message}`);
  }
  return out;
}

/** Problems of a CSV answer: every cell with the hostile text must not start a formula. */
function csvProblems(text: string): string[] {
  const out: string[] = [];
  const parsed = parseCsv(text.replace(/^\uFEFF/, ''));
  const rows = [parsed.header, ...parsed.records.map((r) => Object.values(r.values))];
  for (const row of rows) for (const cell of row) if (/^[=+\-@\t\r]/.test(cell) && /[A-Za-z|]/.test(cell) && cell.includes('cmd|')) out.push(`formula cell: ${cell.slice(0, 60)}`);
  return out;
}

function check(route: Route, path: string, caller: Role | 'anonym', res: LightMyRequestResponse) {
  if (res.statusCode >= 500) problems.push(`GET ${path} as ${caller}: ${res.statusCode}`);
  const zurAnmeldung = res.statusCode === 302 && String(res.headers.location).startsWith('/anmelden');
  if (res.statusCode >= 200 && res.statusCode < 400 && !zurAnmeldung) reached.set(route.url, (reached.get(route.url) ?? 0) + 1);
  const type = contentType(res);
  const body = res.body;
  let found: string[] = [];
  if (type.includes('text/html')) {
    found = htmlProblems(body);
    // preact escapes < and & (a > without its < is harmless); markdown-it escapes > too.
    if (/&lt;script(&gt;|>)alert\(1\)/.test(body)) shownOn.add(route.url);
  } else if (type.includes('svg') || type.includes('xml')) {
    found = xmlProblems(body);
    if (body.includes('&lt;script')) shownIn.add(`${type.split(';')[0]} ${route.url}`);
  } else if (type.includes('text/csv')) {
    found = csvProblems(body);
    if (body.includes("'=cmd|")) shownIn.add(`text/csv ${route.url}`);
  }
  else if (type.includes('json') && res.statusCode !== 304 && body.length > 0) {
    try {
      JSON.parse(body);
    } catch {
      found = ['invalid JSON'];
    }
  }
  checked++;
  for (const f of found) problems.push(`GET ${path} as ${caller} (${type}): ${f}`);
}

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database, { env: { PUBLIC_BASE_URL: 'https://digitales-amt.bayern.example' } });
  world = await buildWorld(app, database, hostileText, hostileUrl);
  seen = await crawl(app, world, check);
  // Reflected input: every query parameter the pages use, set to the markup.
  for (const r of appRoutes(app).filter((x) => x.method === 'GET')) {
    const keys = [...(seen.queries.get(r.url)?.keys() ?? []), 'q', 'meldung', 'zurueck'];
    const qs = new URLSearchParams(keys.map((k) => [k, MARKUP])).toString();
    for (const path of seen.pool.paths(r.url)) {
      for (const caller of ['anonym', ...ROLES] as const) {
        const b = caller === 'anonym' ? undefined : world.browsers.get(caller);
        const res = await app.inject({ method: 'GET', url: `${path}?${qs}`, headers: b ? { cookie: b.cookieHeader() } : {} });
        check(r, `${path}?${qs}`, caller, res);
      }
    }
  }
}, 900_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('hostile names on every page type', () => {
  it('the checks themselves recognise injected markup and accept escaped markup', () => {
    expect(htmlProblems(`<p>${MARKUP}</p>`)).not.toEqual([]);
    expect(htmlProblems('<input value="x"onload="alert(1)">')).not.toEqual([]);
    expect(htmlProblems('<a href="javascript:alert(1)">x</a>')).not.toEqual([]);
    expect(htmlProblems(`<p title="=cmd|'/c calc'!A1 &lt;script>alert(1)&lt;/script> &quot;onload=&quot;alert(1) '>&lt;img src=x onerror=alert(1)>">&lt;script>alert(1)&lt;/script></p>`)).toEqual([]);
    expect(xmlProblems('<svg><text><script>alert(1)</script></text></svg>')).not.toEqual([]);
    expect(xmlProblems('<svg><a href="javascript:alert(1)"/><g onload="x"/></svg>')).toHaveLength(2);
    expect(xmlProblems('<svg><text>&lt;script>alert(1)&lt;/script> <b></text></svg>')).not.toEqual([]);
    expect(csvProblems("a;b\r\n\"=cmd|'/c calc'!A1 x\";y\r\n")).not.toEqual([]);
    expect(csvProblems("a;b\r\n\"'=cmd|'/c calc'!A1 x\";y\r\n")).toEqual([]);
  });

  it('never come out unescaped: HTML, SVG, Atom, CSV and JSON', () => {
    expect(checked).toBeGreaterThan(500);
    expect([...new Set(problems)].slice(0, 60), [...new Set(problems)].slice(0, 60).join('\n')).toEqual([]);
  });

  it('are really shown (escaped) on many pages, so the check above had something to check', () => {
    expect(shownOn.size, [...shownOn].join('\n')).toBeGreaterThan(15);
  });

  it('are in SVG, Atom and CSV answers too, neutralised', () => {
    const types = new Set([...shownIn].map((x) => x.split(' ')[0]));
    expect([...types].sort(), [...shownIn].join('\n')).toEqual(expect.arrayContaining(['text/csv', 'image/svg+xml']));
  });

  it('reach every GET route, or the route is listed with the reason it cannot be reached', () => {
    const notReached = appRoutes(app)
      .filter((r) => r.method === 'GET' && !reached.has(r.url) && !(r.url in UNERREICHBAR))
      .map((r) => r.url);
    expect(notReached, notReached.join('\n')).toEqual([]);
    const listedButReached = Object.keys(UNERREICHBAR).filter((u) => reached.has(u));
    expect(listedButReached, 'listed as unreachable but reached: remove from UNERREICHBAR').toEqual([]);
  });
});
