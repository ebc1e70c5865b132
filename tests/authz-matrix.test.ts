/**
 * Walks every registered route with every role (anonymous, each role, an editor of another
 * Behörde) and checks the answer against the route's access declaration. A route without a
 * declaration fails this test (and is refused at runtime: deny by default).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_ROUTES } from '../src/auth/api-token.http';

import type { Database } from '../src/shared/db';
import type { Access } from '../src/shared/web';
import { Browser, TEST_PASSWORD, aUser, buildTestApp } from './support/app';
import { aBehoerde } from './support/builders';
import { openTestDatabase } from './support/db';
import { ROLES, type Role } from '../src/shared/handelnde';

interface RouteInfo {
  method: string;
  url: string;
  access?: Access;
}

let database: Database;
let app: FastifyInstance;
const routes: RouteInfo[] = [];
const browsers = new Map<string, Browser>();
/** API tokens of a Kommune editor: read only and read/write. */
const tokens: { lesen?: string; schreiben?: string } = {};

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database);
  routes.push(...app.routeTable);
  const ars = (await aBehoerde(database)).ars;
  const andere = (await aBehoerde(database)).ars;
  for (const role of ROLES) {
    const b = new Browser(app);
    const bound = role === 'kommune_editor' || role === 'it_dienstleister' ? [ars] : [];
    await b.login((await aUser(database, role, bound)).email);
    browsers.set(role, b);
  }
  for (const umfang of ['lesen', 'schreiben'] as const) {
    const created = await browsers.get('kommune_editor')!.submit('/konto/tokens', '/konto/tokens', { name: `Matrix ${umfang}`, umfang, gueltigTage: '30' });
    tokens[umfang] = created.body.match(/<code id="neues-token">([^<]+)<\/code>/)?.[1];
  }
  const fremd = new Browser(app);
  await fremd.login((await aUser(database, 'kommune_editor', [andere])).email);
  browsers.set('fremde_redaktion', fremd);
  // An account with two roles that may be combined, and one that still has to change its one-time password.
  const zwei = await app.services.auth.createUser({ label: 'test' }, { email: 'zwei.rollen@matrix.example', name: 'Zwei Rollen', roles: ['ministry_reviewer', 'grant_officer'], password: TEST_PASSWORD });
  const beide = new Browser(app);
  await beide.login(zwei.user.email);
  browsers.set('pruefung_und_foerderung', beide);
  const einmal = await app.services.auth.createUser({ label: 'test' }, { email: 'einmal@matrix.example', name: 'Einmal', role: 'ministry_admin' });
  const neu = new Browser(app);
  await neu.login(einmal.user.email, einmal.password);
  browsers.set('einmal_passwort', neu);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

/** Fills path parameters with well-formed values that name nothing (so handlers answer 404/400, not 5xx). */
const concrete = (url: string) =>
  url
    .replace(':ars', '095640000000')
    .replace(':verfahrenId', '00000000-0000-4000-8000-000000000000')
    .replace(/:id\b/, '00000000-0000-4000-8000-000000000000')
    .replace(':nr', 'DA-2099-9999')
    .replace(/:[a-zA-Z]+/g, 'x')
    .replace('*', 'x');

describe('authorisation matrix', () => {
  it('every route declares who may call it', () => {
    expect(routes.length).toBeGreaterThan(30);
    const undeclared = routes.filter((r) => r.access === undefined && !r.url.startsWith('/assets/'));
    expect(undeclared, JSON.stringify(undeclared)).toEqual([]);
  });

  it('every route answers each role as its declaration says, and never with a server error', async () => {
    const problems: string[] = [];
    for (const r of routes) {
      if (r.url.startsWith('/assets/') || r.url === '/healthz') continue;
      const url = concrete(r.url);
      const callers: [string, Role | undefined][] = [['anonym', undefined], ...ROLES.map((x) => [x, x] as [string, Role])];
      for (const [name, role] of callers) {
        const b = role ? browsers.get(role) : undefined;
        const res = await app.inject({ method: r.method as 'GET', url, headers: b ? { cookie: b.cookieHeader() } : {} });
        const denied = res.statusCode === 401 || res.statusCode === 403 || (res.statusCode === 302 && String(res.headers.location).startsWith('/anmelden'));
        if (res.statusCode >= 500) problems.push(`${r.method} ${url} as ${name}: ${res.statusCode}`);
        const a = r.access;
        if (a === 'public' && r.method === 'GET' && denied) problems.push(`${r.method} ${url} is public but refused ${name}`);
        if (a !== 'public' && !role && !denied) problems.push(`${r.method} ${url} (${JSON.stringify(a)}) let an anonymous caller through: ${res.statusCode}`);
        if (Array.isArray(a) && role && !a.includes(role) && !denied) problems.push(`${r.method} ${url} (${a.join(',')}) let ${name} through: ${res.statusCode}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('an account with two roles may call what either role may, and nothing else', async () => {
    const problems: string[] = [];
    const b = browsers.get('pruefung_und_foerderung') as Browser;
    for (const r of routes) {
      if (!Array.isArray(r.access)) continue;
      const url = concrete(r.url);
      const res = await app.inject({ method: r.method as 'GET', url, headers: { cookie: b.cookieHeader() } });
      const deniedByRole = res.statusCode === 403 && res.body.includes('Ihre Rolle erlaubt diese Aktion nicht');
      const eine = r.access.includes('ministry_reviewer') || r.access.includes('grant_officer');
      if (res.statusCode >= 500) problems.push(`${r.method} ${url}: ${res.statusCode}`);
      if (eine && deniedByRole) problems.push(`${r.method} ${url} (${r.access.join(',')}) refused the combined account`);
      if (!eine && res.statusCode !== 403) problems.push(`${r.method} ${url} (${r.access.join(',')}) let the combined account through: ${res.statusCode}`);
    }
    expect(problems).toEqual([]);
  });

  it('a one-time password must be changed first: every route but the public ones and the password page refuses', async () => {
    const problems: string[] = [];
    const b = browsers.get('einmal_passwort') as Browser;
    for (const r of routes) {
      if (r.url.startsWith('/assets/') || r.url === '/healthz') continue;
      const url = concrete(r.url);
      const res = await app.inject({ method: r.method as 'GET', url, headers: { cookie: b.cookieHeader() } });
      const api = url.startsWith('/api/');
      const blocked = api ? res.statusCode === 403 && res.json().code === 'PASSWORD_CHANGE_REQUIRED' : res.statusCode === 303 && res.headers.location === '/konto/passwort';
      if (res.statusCode >= 500) problems.push(`${r.method} ${url}: ${res.statusCode}`);
      const offen = r.access === 'public' || r.url === '/konto/passwort';
      // Routes the account's role (ministry_admin) may not call at all are refused for that reason first.
      const fremdeRolle = Array.isArray(r.access) && !r.access.includes('ministry_admin') && res.statusCode === 403;
      if (!offen && !blocked && !fremdeRolle) problems.push(`${r.method} ${url} (${JSON.stringify(r.access)}) answered ${res.statusCode} before the password change`);
      if (offen && blocked) problems.push(`${r.method} ${url} is open but was blocked`);
    }
    expect(problems).toEqual([]);
  });

  it('API tokens work only on the routes open to them, changes only with write scope', async () => {
    const known = new Set(routes.map((r) => `${r.method} ${r.url}`));
    expect(Object.keys(TOKEN_ROUTES).filter((k) => !known.has(k))).toEqual([]);
    expect(tokens.lesen && tokens.schreiben).toBeTruthy();
    const problems: string[] = [];
    for (const r of routes) {
      if (r.url.startsWith('/assets/') || r.url === '/healthz') continue;
      const url = concrete(r.url);
      const needed = TOKEN_ROUTES[`${r.method} ${r.url}`];
      for (const umfang of ['lesen', 'schreiben'] as const) {
        const res = await app.inject({ method: r.method as 'GET', url, headers: { authorization: `Bearer ${tokens[umfang]}` } });
        const denied = res.statusCode === 401 || res.statusCode === 403;
        const code = String(res.headers['content-type'] ?? '').includes('json') ? String(res.json().code) : '';
        if (res.statusCode >= 500) problems.push(`${r.method} ${url} with a ${umfang} token: ${res.statusCode}`);
        if (!needed && !denied && r.access !== 'public') problems.push(`${r.method} ${url} is not open to tokens but let a ${umfang} token through: ${res.statusCode}`);
        if (!needed && res.statusCode !== 403) problems.push(`${r.method} ${url} is not open to tokens but answered ${res.statusCode}, not 403`);
        if (needed === 'schreiben' && umfang === 'lesen' && code !== 'TOKEN_SCOPE') problems.push(`${r.method} ${url} let a read token write: ${res.statusCode}`);
        // Open to tokens: the token itself is accepted (the handler may still refuse a foreign Behörde).
        if (needed === 'lesen' && (res.statusCode === 401 || code.startsWith('TOKEN_'))) problems.push(`${r.method} ${url} refused a ${umfang} token: ${res.statusCode} ${code}`);
        if (needed === 'schreiben' && umfang === 'schreiben' && (res.statusCode === 401 || code.startsWith('TOKEN_'))) problems.push(`${r.method} ${url} refused a write token: ${res.statusCode} ${code}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
