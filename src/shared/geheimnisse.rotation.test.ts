/**
 * Rotating SESSION_SECRET (docs/operations.md, „Secrets“): with the old value in
 * SESSION_SECRET_VORHER a session cookie and an unsubscribe link signed before stay valid; without
 * it they do not. Three "restarts" of the app on one database.
 */
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, Browser, buildTestApp } from '../../tests/support/app';
import { openTestDatabase } from '../../tests/support/db';
import { abmeldeLink } from '../outreach/outreach.token';
import type { Database } from './db';

let database: Database;
const apps: FastifyInstance[] = [];
const alt = crypto.randomBytes(48).toString('base64url');
const neu = crypto.randomBytes(48).toString('base64url');

const starte = async (env: Record<string, string>) => {
  const app = await buildTestApp(database, { env });
  apps.push(app);
  return app;
};

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  for (const a of apps) await a.close();
  await database.close();
});

describe('rotating SESSION_SECRET', () => {
  it('keeps sessions and unsubscribe links valid with the old value in SESSION_SECRET_VORHER, and only then', async () => {
    const vorher = await starte({ SESSION_SECRET: alt });
    const user = await aUser(database, 'ministry_reviewer');
    const browser = new Browser(vorher);
    expect((await browser.login(user.email)).statusCode).toBe(303);
    const cookie = browser.cookieHeader();
    const [, query] = abmeldeLink('', alt, 'hinweise@gemeinde.example').split('?');
    const p = new URLSearchParams(query);

    const mitVorher = await starte({ SESSION_SECRET: neu, SESSION_SECRET_VORHER: alt });
    expect((await mitVorher.inject({ url: '/konto', headers: { cookie } })).statusCode).toBe(200);
    expect(mitVorher.services.outreach.pruefeLink(p.get('e') as string, p.get('t') as string)).toBe('hinweise@gemeinde.example');

    const ohne = await starte({ SESSION_SECRET: neu });
    const res = await ohne.inject({ url: '/konto', headers: { cookie } });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/anmelden?zurueck=%2Fkonto');
    expect(ohne.services.outreach.pruefeLink(p.get('e') as string, p.get('t') as string)).toBeUndefined();
  });
});
