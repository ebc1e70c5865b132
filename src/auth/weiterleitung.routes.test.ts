/** Return targets (`zurueck`) of the language switch and the login stay on the own origin. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, Browser, buildTestApp, TEST_PASSWORD } from '../../tests/support/app';
import { openTestDatabase } from '../../tests/support/db';
import type { Database } from '../shared/db';

let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const BOESE = ['/%09/evil.example', '/%2509/evil.example', '//evil.example', '/%5Cevil.example', '/\\evil.example', 'https://evil.example/', '/%0d%0a/evil.example'];

describe('GET /sprache', () => {
  it.each(BOESE)('sends %j back to the start page', async (ziel) => {
    const res = await app.inject({ method: 'GET', url: `/sprache?lang=de&zurueck=${encodeURIComponent(ziel).replace(/%25/g, '%')}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
  });

  it('returns to a page of the own site', async () => {
    const res = await app.inject({ method: 'GET', url: `/sprache?lang=en&zurueck=${encodeURIComponent('/verfahren?q=Hund')}` });
    expect(res.headers.location).toBe('/verfahren?q=Hund');
  });
});

describe('login with zurueck', () => {
  let email: string;
  beforeAll(async () => {
    email = (await aUser(database, 'ministry_reviewer')).email;
  });

  it.each(BOESE)('after the login form, %j leads to the account page', async (ziel) => {
    const b = new Browser(app);
    const res = await b.submit('/anmelden', '/anmelden', { email, password: TEST_PASSWORD, zurueck: ziel });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/konto');
    // Already logged in, the login page redirects at once: the same rule.
    const wieder = await b.get(`/anmelden?zurueck=${encodeURIComponent(ziel)}`);
    expect(wieder.headers.location).toBe('/konto');
  });

  it('returns to the page that asked for the login', async () => {
    const b = new Browser(app);
    const res = await b.submit('/anmelden', '/anmelden', { email, password: TEST_PASSWORD, zurueck: '/konto/sitzungen' });
    expect(res.headers.location).toBe('/konto/sitzungen');
  });
});
