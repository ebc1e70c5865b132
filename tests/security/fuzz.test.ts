/**
 * Fuzzing every route of the app with fast-check: random and hostile form fields, JSON bodies,
 * malformed JSON, wrong content types, garbage files, random path parameters and query strings.
 * Two promises are checked on every answer:
 *
 * 1. never a server error (5xx): user input is answered with 4xx and a message;
 * 2. a refusal changes nothing: when the answer is 4xx, or a form page shown again with its error
 *    summary, every table's content is the same as before (row count and md5 of all rows, per
 *    table, see `pruefsummen` in src/backup/backup.service.ts).
 *
 * The routes come from the app's route table, the form fields from the forms the pages themselves
 * show (and the JSON bodies from the OpenAPI document), so a new route is fuzzed without a change
 * here. `FUZZ_RUNS` raises the number of inputs per route (default 10); `FUZZ_SEED` replays a run.
 * A failure prints the route, the caller and the input (fast-check's counterexample).
 */
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { laufzustand } from '../../src/linkcheck/linkcheck.service';
import type { Database } from '../../src/shared/db';
import { Browser, buildTestApp } from '../support/app';
import { openTestDatabase } from '../support/db';
import { type Crawl, appRoutes, crawl, fill, jsonBodies, paramNames, type Route } from './routes';
import { buildWorld, csrfOf, multipart, type World } from './world';
import { ROLES, type Role } from '../../src/shared/handelnde';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10);
/** The routes are split into parts, one test each, so progress shows and no single test runs for long. */
const TEILE = 6;
/** With FUZZ_STATS=1: how often each route answered which status (to see the fuzzing reaches the handlers). */
const statuszaehler = new Map<string, Map<number, number>>();
const statistik = (key: string, status: number) => {
  const m = statuszaehler.get(key) ?? new Map<number, number>();
  m.set(status, (m.get(status) ?? 0) + 1);
  statuszaehler.set(key, m);
};
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

/**
 * Tables a refused request may change, and why. Everything else must stay byte for byte the same.
 * `*` applies to every route.
 */
const DARF_SICH_AENDERN: Record<string, { tabellen: string[]; warum: string }> = {
  '*': { tabellen: ['sessions'], warum: 'every request of a logged-in user moves the session’s last_seen (idle timeout)' },
  'POST /anmelden': { tabellen: ['users', 'audit_log'], warum: 'a failed login counts towards the lockout and is written to the audit log' },
  'POST /verwaltung/uploads': { tabellen: ['uploads'], warum: 'a CSV with row errors is kept as a failed dry run so its errors can be downloaded (fehler.csv)' },
  'POST /api/v1/uploads': { tabellen: ['uploads'], warum: 'a CSV with row errors is kept as a failed dry run (GET /api/v1/uploads/{id} lists the errors)' },
  'POST /verwaltung/uploads/xzufi': { tabellen: ['uploads'], warum: 'an XZuFi file with row errors is kept as a failed dry run' },
  'POST /api/v1/uploads/xzufi': { tabellen: ['uploads'], warum: 'an XZuFi file with row errors is kept as a failed dry run' },
  'POST /verwaltung/uploads/:id/uebernehmen': { tabellen: ['uploads'], warum: 'a commit whose second check finds errors marks the upload as failed' },
  'POST /api/v1/uploads/:id/commit': { tabellen: ['uploads'], warum: 'a commit whose second check finds errors marks the upload as failed' },
};

const HOSTILE = [
  '<script>alert(1)</script>',
  '"onload="alert(1)',
  "'><img src=x onerror=alert(1)>",
  "'; DROP TABLE users; --",
  "=cmd|'/c calc'!A1",
  '@SUM(1+1)*cmd|\' /C calc\'!A0',
  'javascript:alert(1)',
  'x'.repeat(10_000),
  'ä'.repeat(5_000),
  'a\u0000b',
  '\u0000',
  '\uD800',
  'x\uDFFFy',
  '\u202Eexe.txt',
  '\u200F\u200E',
  '-1',
  '-0,01',
  '-1000000,00',
  '0',
  '1e309',
  '99999999999999999999999999',
  '9007199254740993',
  'NaN',
  'Infinity',
  '',
  ' ',
  '2030-02-31',
  '0000-00-00',
  '25:99',
  '../../../../etc/passwd',
  '%00',
  '%',
  '{"a":1}',
  '[object Object]',
  '__proto__',
  'constructor',
  'null',
  'true',
  '00000000-0000-4000-8000-000000000000',
  'DE00 0000 0000 0000 0000 00',
  'http://[::1',
  'https://x.example/' + 'a'.repeat(3000),
];

const hostile = fc.constantFrom(...HOSTILE);
const randomText = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }));
const number = fc.oneof(fc.integer(), fc.double(), fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String), fc.constantFrom(-1, 0, 2 ** 53, -(2 ** 31), 1e308));
const extraKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'role', 'status', 'behoerdeArs', 'ars', '_csrf', 'aktion', 'a[b]', 'x.y'), fc.string({ maxLength: 12 }));

/** A scalar a user could type: valid values the page offered, hostile strings, random text, numbers. */
const scalar = (valid: string[]) => fc.oneof({ weight: 3, arbitrary: valid.length ? fc.constantFrom(...valid) : hostile }, { weight: 4, arbitrary: hostile }, { weight: 2, arbitrary: randomText }, { weight: 1, arbitrary: number.map(String) });

/** A JSON value: scalars plus the wrong types (arrays, objects, null, booleans, numbers). */
const jsonValue = (valid: string[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 5, arbitrary: scalar(valid) },
    { weight: 1, arbitrary: number },
    { weight: 1, arbitrary: fc.constantFrom(null, true, false, {}, [], [''], { $gt: '' }) },
    { weight: 1, arbitrary: fc.array(scalar(valid), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), scalar(valid), { maxKeys: 3 }) },
  );

/** A record of (some of) the route's fields plus extra ones; values may be arrays for forms. */
const fieldsRecord = (fields: Map<string, Set<string>>, json: boolean) => {
  const names = [...fields.keys()];
  const value = (n: string) => (json ? jsonValue([...(fields.get(n) ?? [])]) : fc.oneof({ weight: 5, arbitrary: scalar([...(fields.get(n) ?? [])]) }, { weight: 1, arbitrary: fc.array(scalar([...(fields.get(n) ?? [])]), { minLength: 2, maxLength: 3 }) }));
  return fc
    .tuple(
      names.length ? fc.subarray(names) : fc.constant([] as string[]),
      fc.tuple(...(names.length ? names.map(value) : [fc.constant('')])),
      fc.dictionary(extraKey, json ? jsonValue([]) : scalar([]), { maxKeys: 2 }),
    )
    .map(([present, values, extra]) => {
      const out: Record<string, unknown> = {};
      for (const n of present) out[n] = values[names.indexOf(n)];
      for (const [k, v] of Object.entries(extra)) if (k !== '__proto__') out[k] = v;
      return out;
    });
};

type Encoding = 'form' | 'json' | 'malformed-json' | 'text/plain' | 'xml' | 'csv' | 'multipart' | 'none' | 'form-no-csrf';
const GARBAGE_FILES = [
  Buffer.from([0x00, 0xff, 0xfe, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]),
  Buffer.from('ars;name\r\n"unterminated;x\r\n'),
  Buffer.from('\uFEFFars;name;beschreibung;url;leika_schluessel\r\n;<script>alert(1)</script>;=cmd|\'/c calc\'!A1;javascript:alert(1);x\r\n'),
  Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'),
  Buffer.from('<?xml version="1.0"?><a><b></a>'),
  Buffer.from(`ars;name\r\n${'x;'.repeat(20_000)}\r\n`),
  Buffer.alloc(0),
];

let database: Database;
let app: FastifyInstance;
let world: World;
let seen: Crawl;
let bodies: Map<string, string[]>;
const tokens = new Map<Browser, string>();
let anonym: Browser;

const tableNames = async () =>
  (await database.query<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`)).map((r) => r.name);
let checksumSql = '';
/** Row count and md5 of every table in one query (the same sums as `pruefsummen` in backup.service.ts). */
async function checksums(): Promise<Record<string, string>> {
  const rows = await database.query<{ t: string; s: string }>(checksumSql);
  return Object.fromEntries(rows.map((r) => [r.t, r.s]));
}

/**
 * A link check or an outreach send run started by an earlier (accepted) request runs on in the
 * background and writes; wait for both.
 */
async function backgroundWorkDone() {
  await laufzustand(database).laufend?.fertig.catch(() => {});
  await app.services.outreach.versandFertig();
}

async function tokenOf(b: Browser) {
  let t = tokens.get(b);
  if (!t) {
    t = csrfOf((await b.get('/anmelden')).body) ?? csrfOf((await b.get('/konto')).body) ?? '';
    tokens.set(b, t);
  }
  return t;
}

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database, { env: { PUBLIC_BASE_URL: 'https://digitales-amt.bayern.example', ...(process.env.FUZZ_LOG ? { LOG_LEVEL: process.env.FUZZ_LOG } : {}) } });
  world = await buildWorld(
    app,
    database,
    (label) => label,
    (label) => `https://www.stadt.example/${encodeURIComponent(label)}`,
  );
  seen = await crawl(app, world);
  bodies = jsonBodies(app);
  anonym = new Browser(app);
  const tables = await tableNames();
  checksumSql = tables
    .map((t) => `select '${t}' as t, count(*)::text || ':' || md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as s from "${t}" x`)
    .join(' union all ');
}, 600_000);
afterAll(async () => {
  if (process.env.FUZZ_STATS) for (const [k, m] of [...statuszaehler].sort()) console.log(k, JSON.stringify(Object.fromEntries(m)));
  await app?.close();
  await database?.close();
});

/** Who may call the route: anonymous for public routes, else the roles its access declaration names. */
function callers(r: Route): (Role | 'anonym')[] {
  if (r.access === 'public') return ['anonym', ...ROLES];
  if (r.access === 'authenticated') return [...ROLES];
  return [...(r.access ?? [])];
}

/**
 * Re-logs-in callers whose session a fuzzed request ended (logout, password change, the account
 * administration ending an account's sessions or deactivating it: then it is reactivated first).
 */
async function ensureLoggedIn() {
  for (const [role, b] of world.browsers) {
    const res = await b.get('/konto');
    if (res.statusCode !== 200) {
      const fresh = new Browser(app);
      const konto = (await app.services.auth.listUsers()).find((u) => u.email === world.emails.get(role));
      if (konto && !konto.active) await app.services.auth.reactivate({ label: 'test' }, konto.id);
      const login = await fresh.login(world.emails.get(role) as string);
      expect(login.statusCode, `re-login ${role}`).toBe(303);
      world.browsers.set(role, fresh);
    }
  }
}

const pathParam = (route: string, name: string) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...seen.pool.values(route, name)) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: hostile },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) },
  );

function request(r: Route, path: string, caller: Role | 'anonym', encoding: Encoding, body: Record<string, unknown>, fileIndex: number, token: string): InjectOptions {
  const b = caller === 'anonym' ? anonym : (world.browsers.get(caller) as Browser);
  const headers: Record<string, string> = { cookie: b.cookieHeader() };
  if (encoding !== 'form-no-csrf') headers['x-csrf-token'] = token;
  const method = r.method as InjectOptions['method'];
  switch (encoding) {
    case 'form':
    case 'form-no-csrf': {
      const p = new URLSearchParams();
      if (encoding === 'form') p.append('_csrf', token);
      for (const [k, v] of Object.entries(body)) for (const x of [v].flat()) p.append(k, typeof x === 'string' ? x : JSON.stringify(x) ?? '');
      return { method, url: path, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: p.toString() };
    }
    case 'json':
      return { method, url: path, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify({ ...body, _csrf: token }) };
    case 'malformed-json':
      return { method, url: path, headers: { ...headers, 'content-type': 'application/json' }, payload: `{"_csrf":"${token}", ${JSON.stringify(body).slice(1, 40)}` };
    case 'text/plain':
      return { method, url: path, headers: { ...headers, 'content-type': 'text/plain' }, payload: JSON.stringify(body) };
    case 'xml':
      return { method, url: path, headers: { ...headers, 'content-type': 'application/xml' }, payload: GARBAGE_FILES[fileIndex] };
    case 'csv':
      return { method, url: path, headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' }, payload: GARBAGE_FILES[fileIndex] };
    case 'multipart': {
      const fields: Record<string, string> = { _csrf: token };
      for (const [k, v] of Object.entries(body)) fields[k.replace(/["\r\n]/g, '')] = typeof v === 'string' ? v.replace(/\r?\n--/g, '\n') : JSON.stringify(v) ?? '';
      const m = multipart(fields, { name: fileIndex % 2 ? 'datei' : 'file', filename: fileIndex % 3 ? 'x.csv' : '"><script>alert(1)</script>.xml', content: GARBAGE_FILES[fileIndex], type: fileIndex % 2 ? 'text/csv' : 'application/octet-stream' });
      return { method, url: path, headers: { ...headers, 'content-type': m.contentType }, payload: m.payload };
    }
    case 'none':
      return { method, url: path, headers };
  }
}

const describeResponse = (res: LightMyRequestResponse) => `${res.statusCode} ${String(res.headers['content-type'] ?? '')} ${res.body.slice(0, 600)}`;

describe('fuzzing every state-changing route', () => {
  it('finds forms or JSON bodies for most of them', () => {
    const nonGet = appRoutes(app).filter((r) => r.method !== 'GET');
    const withFields = nonGet.filter((r) => seen.forms.has(`${r.method} ${r.url}`) || bodies.has(`${r.method} ${r.url}`));
    // Not every action has fields (buttons like „Einreichen“); those are fuzzed with random fields only.
    expect(withFields.length).toBeGreaterThan(nonGet.length / 2);
  });

  const routeCases = (teil: number) => appRoutes(app).filter((r, i) => r.method !== 'GET' && i % TEILE === teil);
  for (let teil = 0; teil < TEILE; teil++) {
    it(`answers hostile input with 4xx (never 5xx) and changes nothing when it refuses (routes, part ${teil + 1} of ${TEILE})`, async () => {
      const problems: string[] = [];
      for (const r of routeCases(teil)) {
        await ensureLoggedIn();
        const key = `${r.method} ${r.url}`;
        const form = seen.forms.get(key);
        const fields = new Map(form?.fields ?? []);
        for (const n of bodies.get(key) ?? []) if (!fields.has(n)) fields.set(n, new Set());
        const params = paramNames(r.url);
        const encodings: Encoding[] = form?.multipart
          ? ['multipart', 'multipart', 'form', 'json', 'none']
          : ['form', 'form', 'json', 'json', 'malformed-json', 'text/plain', 'xml', 'csv', 'none', 'form-no-csrf'];
        if (r.url.startsWith('/api/v1/uploads')) encodings.push('csv', 'xml', 'csv', 'xml');
        const allowed = callers(r);
        if (allowed.length === 0) continue;
        const erlaubt = new Set([...DARF_SICH_AENDERN['*'].tabellen, ...(DARF_SICH_AENDERN[key]?.tabellen ?? [])]);
        const property = fc.asyncProperty(
          fc.constantFrom(...allowed),
          params.length ? fc.tuple(...params.map((p) => pathParam(r.url, p))) : fc.constant([] as string[]),
          fc.constantFrom(...encodings),
          fc.boolean().chain((json) => fieldsRecord(fields, json)),
          fc.nat(GARBAGE_FILES.length - 1),
          async (caller, values, encoding, body, fileIndex) => {
            const path = fill(r.url, Object.fromEntries(params.map((p, i) => [p, values[i]])));
            const b = caller === 'anonym' ? anonym : (world.browsers.get(caller) as Browser);
            const token = await tokenOf(b);
            await backgroundWorkDone();
            const before = await checksums();
            const res = await app.inject(request(r, path, caller, encoding, body, fileIndex, token));
            statistik(`${key} ${encoding}`, res.statusCode);
            if (res.statusCode >= 500) throw new Error(`${r.method} ${path} as ${caller} (${encoding}) → ${describeResponse(res)}`);
            const refused = (res.statusCode >= 400 && res.statusCode !== 429) || res.body.includes('id="fehler-titel"');
            if (refused) {
              await backgroundWorkDone();
              const after = await checksums();
              const changed = Object.keys(after).filter((t) => after[t] !== before[t] && !erlaubt.has(t));
              if (changed.length) throw new Error(`${r.method} ${path} as ${caller} (${encoding}) refused with ${res.statusCode} but changed ${changed.join(', ')}: ${describeResponse(res)}`);
            }
          },
        );
        const result = await fc.check(property, { numRuns: RUNS, seed: SEED, endOnFailure: true });
        if (result.failed) problems.push(`${key}: ${fc.defaultReportMessage(result)}\n${String((result.errorInstance as Error | undefined)?.message ?? '')}`);
      }
      expect(problems, problems.join('\n\n')).toEqual([]);
    }, 900_000);
  }
});

describe('fuzzing every page and download', () => {
  const COMMON = ['q', 'seite', 'page', 'sort', 'richtung', 'filter', 'status', 'typ', 'ebene', 'farbe', 'regbezKey', 'kreisKey', 'ars', 'limit', 'offset', 'jahr', 'stand', 'meldung', 'zurueck', 'groesse', 'lang', 'format', 'von', 'bis'];
  for (let teil = 0; teil < TEILE; teil++) {
    it(`answers random query strings (filters, paging, sorting, search) without a server error (part ${teil + 1} of ${TEILE})`, async () => {
      const problems: string[] = [];
      for (const r of appRoutes(app).filter((x, i) => x.method === 'GET' && i % TEILE === teil)) {
        if (r.url === '/metrics') continue;
        const known = seen.queries.get(r.url) ?? new Map<string, Set<string>>();
        const keys = [...new Set([...known.keys(), ...COMMON])];
        const params = paramNames(r.url);
        const allowed = callers(r);
        const property = fc.asyncProperty(
          fc.constantFrom(...allowed),
          params.length ? fc.tuple(...params.map((p) => pathParam(r.url, p))) : fc.constant([] as string[]),
          fc.array(fc.tuple(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: extraKey }), fc.oneof(scalar([]), ...keys.map((k) => fc.constantFrom(...(known.get(k) ?? new Set(['1'])))))), { maxLength: 5 }),
          fc.boolean(),
          async (caller, values, query, raw) => {
            const path = fill(r.url, Object.fromEntries(params.map((p, i) => [p, values[i]])));
            const qs = raw ? query.map(([k, v]) => `${k}=${v.replace(/[#&\s]/g, '')}`).join('&') : new URLSearchParams(query).toString();
            const url = qs ? `${path}?${qs}` : path;
            const b = caller === 'anonym' ? undefined : world.browsers.get(caller);
            const res = await app.inject({ method: 'GET', url, headers: b ? { cookie: b.cookieHeader() } : {} });
            if (res.statusCode >= 500) throw new Error(`GET ${url} as ${caller} → ${describeResponse(res)}`);
          },
        );
        const result = await fc.check(property, { numRuns: RUNS, seed: SEED, endOnFailure: true });
        if (result.failed) problems.push(`GET ${r.url}: ${fc.defaultReportMessage(result)}\n${String((result.errorInstance as Error | undefined)?.message ?? '')}`);
      }
      expect(problems, problems.join('\n\n')).toEqual([]);
    }, 900_000);
  }
});
