import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Browser, TEST_PASSWORD, aUser, buildTestApp } from '../../tests/support/app';
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

describe('login and logout', () => {
  it('logs a user in with the right password and shows the account page', async () => {
    const user = await aUser(database, 'ministry_reviewer');
    const b = new Browser(app);
    const res = await b.login(user.email);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/konto');
    const konto = await b.get('/konto');
    expect(konto.statusCode).toBe(200);
    expect(konto.body).toContain(user.email);
    expect(konto.body).toContain('Abmelden');
  });

  it('sets the session cookie HttpOnly and SameSite=Lax', async () => {
    const user = await aUser(database, 'grant_officer');
    const b = new Browser(app);
    const res = await b.login(user.email);
    const cookie = res.cookies.find((c) => c.name === 'da_sitzung');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
  });

  it('gives the same answer for an unknown e-mail and a wrong password', async () => {
    const user = await aUser(database, 'ministry_reviewer');
    const wrong = await new Browser(app).login(user.email, 'falsches-passwort-123');
    const unknown = await new Browser(app).login('niemand@test.example', 'falsches-passwort-123');
    expect(wrong.statusCode).toBe(400);
    expect(unknown.statusCode).toBe(400);
    const msg = 'E-Mail-Adresse oder Passwort sind nicht richtig.';
    expect(wrong.body).toContain(msg);
    expect(unknown.body).toContain(msg);
  });

  it('names each empty field of the login form', async () => {
    const res = await new Browser(app).submit('/anmelden', '/anmelden', { email: '', password: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#email"');
    expect(res.body).toContain('href="#password"');
    expect(res.body).toContain('aria-invalid="true"');
  });

  it('refuses a form post without a CSRF token', async () => {
    const user = await aUser(database, 'ministry_reviewer');
    const res = await new Browser(app).post('/anmelden', { email: user.email, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Sicherheitsprüfung');
  });

  it('ends the session on logout so the old cookie no longer works', async () => {
    const user = await aUser(database, 'ministry_admin');
    const b = new Browser(app);
    await b.login(user.email);
    const oldCookie = b.cookieHeader();
    const konto = await b.get('/konto');
    const token = konto.body.match(/name="_csrf" value="([^"]+)"/)?.[1] as string;
    const out = await b.post('/abmelden', { _csrf: token });
    expect(out.statusCode).toBe(303);
    const again = await app.inject({ method: 'GET', url: '/konto', headers: { cookie: oldCookie } });
    expect(again.statusCode).toBe(302);
    expect(again.headers.location).toContain('/anmelden');
  });

  it('issues a server-made session token at login, never one the browser brought (no session fixation)', async () => {
    const user = await aUser(database, 'ministry_admin');
    const b = new Browser(app);
    b.cookies.set('da_sitzung', 'vom-angreifer-gesetzt');
    await b.login(user.email);
    const first = b.cookies.get('da_sitzung');
    expect(first).toBeTruthy();
    expect(first).not.toContain('vom-angreifer-gesetzt');
    const other = new Browser(app);
    await other.login(user.email);
    expect(other.cookies.get('da_sitzung')).not.toBe(first);
  });

  it('does not redirect to another site after login', async () => {
    const user = await aUser(database, 'ministry_admin');
    const res = await new Browser(app).submit('/anmelden', '/anmelden', { email: user.email, password: TEST_PASSWORD, zurueck: '//evil.example/x' });
    expect(res.headers.location).toBe('/konto');
  });
});

describe('access', () => {
  it('sends anonymous visitors of the account page to the login', async () => {
    const res = await app.inject({ method: 'GET', url: '/konto' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/anmelden?zurueck=%2Fkonto');
  });

  it('sends security headers with a strict content security policy', async () => {
    const res = await app.inject({ method: 'GET', url: '/anmelden' });
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toBeTruthy();
  });
});

describe('password change', () => {
  it('rejects a short new password with a message on the field', async () => {
    const user = await aUser(database, 'ministry_admin');
    const b = new Browser(app);
    await b.login(user.email);
    const res = await b.submit('/konto/passwort', '/konto/passwort', { current: TEST_PASSWORD, password: 'kurz', confirm: 'kurz' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('mindestens 12 Zeichen');
  });

  it('changes the password and keeps the user logged in', async () => {
    const user = await aUser(database, 'ministry_admin');
    const b = new Browser(app);
    await b.login(user.email);
    const next = 'Ein-ganz-neues-Passwort-2027';
    const res = await b.submit('/konto/passwort', '/konto/passwort', { current: TEST_PASSWORD, password: next, confirm: next });
    expect(res.statusCode).toBe(303);
    expect((await b.get('/konto')).statusCode).toBe(200);
    expect((await new Browser(app).login(user.email, next)).statusCode).toBe(303);
  });
});

describe('language', () => {
  it('switches to English and back to a safe path only', async () => {
    const b = new Browser(app);
    const res = await b.get('/sprache?lang=en&zurueck=%2Fanmelden');
    expect(res.headers.location).toBe('/anmelden');
    const page = await b.get('/anmelden');
    expect(page.body).toContain('<html lang="en">');
    const evil = await b.get('/sprache?lang=de&zurueck=https%3A%2F%2Fevil.example');
    expect(evil.headers.location).toBe('/');
  });
});

describe('lockout', () => {
  it('locks an account after five wrong passwords, answers as for any wrong login, and unlocks after the lockout', async () => {
    const { fixedClock } = await import('../shared/clock');
    const clock = fixedClock('2026-11-26T10:00:00Z');
    const lockApp = await buildTestApp(database, { clock });
    try {
      const user = await aUser(database, 'ministry_reviewer');
      for (let i = 0; i < 5; i++) expect((await new Browser(lockApp).login(user.email, `falsch-falsch-${i}`)).statusCode).toBe(400);
      const locked = await new Browser(lockApp).login(user.email);
      expect(locked.statusCode).toBe(400);
      expect(locked.body).toContain('E-Mail-Adresse oder Passwort sind nicht richtig.');
      clock.advance(16 * 60_000);
      expect((await new Browser(lockApp).login(user.email)).statusCode).toBe(303);
    } finally {
      await lockApp.close();
    }
  });

  it('resets the count after a successful login', async () => {
    const user = await aUser(database, 'ministry_reviewer');
    for (let i = 0; i < 4; i++) await new Browser(app).login(user.email, `falsch-${i}-falsch`);
    expect((await new Browser(app).login(user.email)).statusCode).toBe(303);
    for (let i = 0; i < 4; i++) await new Browser(app).login(user.email, `falsch-${i}-falsch`);
    expect((await new Browser(app).login(user.email)).statusCode).toBe(303);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After when one address tries too often', async () => {
    const limited = await buildTestApp(database, { env: { LOGIN_RATE_PRO_MINUTE: '3' } });
    try {
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 4; i++) {
        last = await new Browser(limited).login('niemand@test.example', 'falsch-falsch-falsch').catch(() => undefined);
        if (last) statuses.push(last.statusCode);
      }
      const res = await limited.inject({ method: 'POST', url: '/anmelden', payload: 'email=a&password=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.body).toContain('Zu viele Anfragen');
    } finally {
      await limited.close();
    }
  });
});
