/**
 * Walks every registered route with every role (anonymous, each role, an editor of another
 * Behörde) and checks the answer against the route's access declaration. A route without a
 * declaration fails this test (and is refused at runtime: deny by default).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../src/auth/roles';
import type { Database } from '../src/shared/db';
import type { Access } from '../src/shared/web';
import { Browser, aUser, buildTestApp } from './support/app';
import { aBehoerde } from './support/builders';
import { openTestDatabase } from './support/db';

interface RouteInfo {
  method: string;
  url: string;
  access?: Access;
}

let database: Database;
let app: FastifyInstance;
const routes: RouteInfo[] = [];
const browsers = new Map<string, Browser>();

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
  const fremd = new Browser(app);
  await fremd.login((await aUser(database, 'kommune_editor', [andere])).email);
  browsers.set('fremde_redaktion', fremd);
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
});
