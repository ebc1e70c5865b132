/**
 * The whole login through a real OpenID provider (oidc-provider, in process on a loopback port):
 * the app redirects to it, it redirects back with a code, openid-client in the app exchanges and
 * checks it. Nothing in between is mocked.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/shared/db';
import { Browser, TEST_PASSWORD, aUser, buildTestApp } from '../support/app';
import { aBehoerde } from '../support/builders';
import { openTestDatabase } from '../support/db';
import { CLIENT_ID, CLIENT_SECRET, ProviderBrowser, startTestProvider } from './provider';

const BASE = 'http://localhost:3000';
const REDIRECT = `${BASE}/anmelden/oidc/rueckkehr`;
const POST_LOGOUT = `${BASE}/?abgemeldet=1`;

let database: Database;
let provider: Awaited<ReturnType<typeof startTestProvider>>;
let app: FastifyInstance;
let ars: string;

const oidcEnv = (extra: Record<string, string> = {}) => ({
  OIDC_ISSUER: provider.issuer,
  OIDC_CLIENT_ID: CLIENT_ID,
  OIDC_CLIENT_SECRET: CLIENT_SECRET,
  OIDC_SCOPES: 'openid profile email verwaltung',
  OIDC_ROLLEN_ZUORDNUNG: 'gruppe-a=ministry_reviewer, gruppe-b=grant_officer, kommunen-redaktion=kommune_editor',
  OIDC_KONTEN_ANLEGEN: 'true',
  ...extra,
});

beforeAll(async () => {
  database = await openTestDatabase();
  provider = await startTestProvider({ redirectUri: REDIRECT, postLogoutRedirectUri: POST_LOGOUT });
  app = await buildTestApp(database, { env: oidcEnv() });
  ars = (await aBehoerde(database, { name: 'Landes-Login-Gemeinde' })).ars;
});
afterAll(async () => {
  await app?.close();
  await provider?.close();
  await database?.close();
});

const rows = async <T,>(query: ReturnType<typeof sql>) => (await database.db.execute(query)).rows as T[];
const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>;
let seq = 0;
const anAccount = (claims: Parameters<typeof provider.accounts.set>[1]) => {
  seq += 1;
  const sub = `person-${seq}-${Math.random().toString(36).slice(2, 8)}`;
  provider.accounts.set(sub, { email: `${sub}@landes-login.example`, email_verified: true, name: `Person ${seq}`, ...claims });
  return sub;
};

/** Starts a login in the app; returns the provider URL it redirects to. */
async function startLogin(b: Browser) {
  const res = await b.get('/anmelden/oidc');
  expect(res.statusCode).toBe(303);
  const url = new URL(String(res.headers.location));
  expect(url.origin).toBe(provider.issuer);
  return url;
}

/** Logs `sub` in at the provider and returns the URL it sends the browser back to. */
async function atProvider(authUrl: URL, sub: string | { error: string }) {
  provider.nextLogin.account = typeof sub === 'string' ? sub : undefined;
  provider.nextLogin.error = typeof sub === 'string' ? undefined : sub.error;
  return new ProviderBrowser().followUntil(authUrl.href, REDIRECT);
}

const back = (b: Browser, url: URL) => b.get(`${url.pathname}${url.search}`);

async function login(sub: string, b = new Browser(app)) {
  const callback = await atProvider(await startLogin(b), sub);
  const res = await back(b, callback);
  return { b, res, callback };
}

describe('login with the state identity provider (OpenID Connect)', () => {
  it('shows the button on the login page', async () => {
    const page = await new Browser(app).get('/anmelden');
    expect(page.body).toContain('Mit Landes-Login anmelden');
    expect(page.body).toContain('href="/anmelden/oidc"');
  });

  it('sends PKCE (S256), state and nonce to the provider', async () => {
    const url = await startLogin(new Browser(app));
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT);
    expect(url.searchParams.get('scope')).toBe('openid profile email verwaltung');
  });

  it('creates the account at the first login with the mapped role, starts a session and audits it', async () => {
    const sub = anAccount({ groups: ['irgendwas', 'gruppe-a'] });
    const { b, res } = await login(sub);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/konto');
    const konto = await b.get('/konto');
    expect(konto.statusCode).toBe(200);
    expect(konto.body).toContain(`${sub}@landes-login.example`);
    expect(konto.body).toContain('Prüfung (Ministerium)');
    const [user] = await rows<{ id: string; role: string; password_hash: string | null }>(
      sql`select u.id, u.role, u.password_hash from users u join oidc_identitaeten i on i.user_id = u.id where i.issuer = ${provider.issuer} and i.subject = ${sub}`,
    );
    expect(user).toMatchObject({ role: 'ministry_reviewer', password_hash: null });
    const [audit] = await rows<{ after: unknown }>(sql`select after from audit_log where action = 'oidc.login' and object_id = ${user.id}`);
    expect(json(audit.after)).toMatchObject({ role: 'ministry_reviewer', angelegt: true, sub });
  });

  it('an account created through the provider has no password to change (German message, 400)', async () => {
    const { b } = await login(anAccount({ groups: ['gruppe-b'] }));
    const res = await b.submit('/konto/passwort', '/konto/passwort', { current: 'irgendwas', password: 'Ein-ganz-neues-Passwort-2026', confirm: 'Ein-ganz-neues-Passwort-2026' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('kein Passwort: Sie melden sich über den Landes-Login an.');
  });

  it('gives a Kommune editor the Behörden named in the ARS claim (unknown ones left out)', async () => {
    const sub = anAccount({ groups: ['kommunen-redaktion'], ars: [ars, '099999999999'] });
    const { b, res } = await login(sub);
    expect(res.statusCode).toBe(303);
    const konto = await b.get('/konto');
    expect(konto.body).toContain('Landes-Login-Gemeinde');
    const behoerden = await rows<{ behoerde_ars: string }>(
      sql`select ub.behoerde_ars from user_behoerden ub join oidc_identitaeten i on i.user_id = ub.user_id where i.subject = ${sub}`,
    );
    expect(behoerden.map((r) => r.behoerde_ars)).toEqual([ars]);
  });

  it('takes the role from the groups at every login; without a mapped group it refuses and ends running sessions', async () => {
    const sub = anAccount({ groups: ['gruppe-a'] });
    const first = await login(sub);
    expect((await first.b.get('/konto')).body).toContain('Prüfung (Ministerium)');

    provider.accounts.get(sub)!.groups = ['gruppe-b'];
    const second = await login(sub);
    expect((await second.b.get('/konto')).body).toContain('Förder-Sachbearbeitung');

    provider.accounts.get(sub)!.groups = ['gruppe-unbekannt'];
    const third = await login(sub);
    expect(third.res.statusCode).toBe(403);
    expect(third.res.body).toContain('hat keine Rolle auf dieser Plattform');
    expect(third.res.headers['content-type']).toContain('text/html');
    // The sessions begun while the group was there end with the refusal.
    expect((await first.b.get('/konto')).statusCode).toBe(302);
    expect((await second.b.get('/konto')).statusCode).toBe(302);
    const refused = await rows<{ after: unknown }>(sql`select after from audit_log where action = 'oidc.login_refused' and object_id = ${sub}`);
    expect(json(refused.at(-1)?.after)).toMatchObject({ grund: 'keine_rolle', gruppen: ['gruppe-unbekannt'] });
  });

  it('refuses a Kommune role without a known Behörde', async () => {
    const sub = anAccount({ groups: ['kommunen-redaktion'], ars: '099999999998' });
    const { res } = await login(sub);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Amtlichen Regionalschlüssel');
  });

  it('links an existing local account with the same e-mail address; its password keeps working', async () => {
    const local = await aUser(database, 'grant_officer', [], `vorhanden.${Date.now()}@test.example`);
    const sub = anAccount({ email: local.email, groups: ['gruppe-b'] });
    const { res } = await login(sub);
    expect(res.statusCode).toBe(303);
    const [link] = await rows<{ user_id: string }>(sql`select user_id from oidc_identitaeten where subject = ${sub}`);
    expect(link.user_id).toBe(local.id);
    expect((await new Browser(app).login(local.email, TEST_PASSWORD)).statusCode).toBe(303);
  });

  it.each([
    ['false', false],
    ['missing', undefined],
  ])('never links an account by an e-mail address the provider has not confirmed (email_verified %s)', async (_, verified) => {
    const local = await aUser(database, 'ministry_admin', [], `admin.${Date.now()}.${Math.random().toString(36).slice(2, 6)}@test.example`);
    const sub = anAccount({ email: local.email, email_verified: verified, groups: ['gruppe-a'] });
    const { res } = await login(sub);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('nicht als bestätigt gemeldet');
    expect(await rows(sql`select 1 from oidc_identitaeten where subject = ${sub}`)).toHaveLength(0);
    expect(await rows(sql`select 1 from sessions where user_id = ${local.id}`)).toHaveLength(0);
  });

  it('refuses an answer that belongs to another browser’s login (state mismatch)', async () => {
    const sub = anAccount({ groups: ['gruppe-a'] });
    const victim = new Browser(app);
    const attacker = new Browser(app);
    const callback = await atProvider(await startLogin(attacker), sub);
    await startLogin(victim); // the victim's own login has another state
    const res = await back(victim, callback);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('gehört nicht zu einer Anmeldung in diesem Browser');
    expect(victim.cookies.has('da_sitzung')).toBe(false);
    const noCookie = await app.inject({ method: 'GET', url: `${callback.pathname}${callback.search}` });
    expect(noCookie.statusCode).toBe(400);
  });

  it('refuses a replayed answer and a replayed code', async () => {
    const sub = anAccount({ groups: ['gruppe-a'] });
    const b = new Browser(app);
    const callback = await atProvider(await startLogin(b), sub);
    const state = callback.searchParams.get('state') as string;
    const cookies = new Map(b.cookies);
    expect((await back(b, callback)).statusCode).toBe(303);

    // Same answer again (with the state cookie as it was): the started login is used up.
    const replay = new Browser(app);
    replay.cookies = new Map(cookies);
    const again = await back(replay, callback);
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('schon abgeschlossen oder ist unbekannt');
    expect(state).toBeTruthy();

    // The used code with a fresh, valid state: the provider refuses it, the app says so.
    const c = new Browser(app);
    const fresh = await startLogin(c);
    const forged = new URL(callback);
    forged.searchParams.set('state', fresh.searchParams.get('state') as string);
    const res = await back(c, forged);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Anmeldecode nicht angenommen');
    expect(c.cookies.has('da_sitzung')).toBe(false);
  });

  it('refuses an ID token whose nonce does not match (checked by openid-client)', async () => {
    const sub = anAccount({ groups: ['gruppe-a'] });
    const b2 = new Browser(app);
    const authUrl = await startLogin(b2);
    const callback = await atProvider(authUrl, sub);
    // The provider put the nonce it was sent into the ID token; the app now expects another one.
    await database.db.execute(sql`update oidc_anmeldungen set nonce = 'eine-andere-nonce-als-gesendet' where nonce = ${authUrl.searchParams.get('nonce')}`);
    const res = await back(b2, callback);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Die Antwort des Landes-Login wurde nicht angenommen');
    expect(res.body).toMatch(/Prüfung fehlgeschlagen: [^)]*nonce/);
    expect(b2.cookies.has('da_sitzung')).toBe(false);
  });

  it('refuses a login that took longer than ten minutes (expired state and nonce)', async () => {
    const sub = anAccount({ groups: ['gruppe-a'] });
    const b = new Browser(app);
    const callback = await atProvider(await startLogin(b), sub);
    await database.db.execute(sql`update oidc_anmeldungen set laeuft_ab_am = now() - interval '1 second'`);
    const res = await back(b, callback);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('abgelaufen');
  });

  it('shows a German page with 401 when the login is cancelled at the provider (access_denied)', async () => {
    const b = new Browser(app);
    const callback = await atProvider(await startLogin(b), { error: 'access_denied' });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const res = await back(b, callback);
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('Die Anmeldung wurde beim Landes-Login abgebrochen oder abgelehnt.');
    const [entry] = await rows<{ after: unknown }>(sql`select after from audit_log where action = 'oidc.login_refused' order by id desc limit 1`);
    expect(json(entry.after)).toMatchObject({ grund: 'fehler_vom_anbieter', fehler: 'access_denied' });
  });

  it('logs out locally and at the provider (RP-initiated logout with id_token_hint)', async () => {
    const sub = anAccount({ groups: ['gruppe-a'] });
    const { b } = await login(sub);
    const res = await b.submit('/konto', '/abmelden', {});
    expect(res.statusCode).toBe(303);
    const location = new URL(String(res.headers.location));
    expect(`${location.origin}${location.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(location.searchParams.get('post_logout_redirect_uri')).toBe(POST_LOGOUT);
    expect(location.searchParams.get('id_token_hint')?.split('.')).toHaveLength(3);
    expect((await b.get('/konto')).statusCode).toBe(302);
    // The provider accepts the hint: it shows its logout confirmation, not an error.
    const end = await new ProviderBrowser().get(location.href);
    expect(end.status).toBe(200);
    expect(await end.text()).not.toMatch(/invalid_request|id_token_hint/i);
  });

  it('a local login still logs out locally only', async () => {
    const user = await aUser(database, 'grant_officer');
    const b = new Browser(app);
    await b.login(user.email);
    const res = await b.submit('/konto', '/abmelden', {});
    expect(res.headers.location).toBe('/?abgemeldet=1');
  });
});

describe('login with the identity provider, accounts not created on first login', () => {
  let strict: FastifyInstance;
  beforeAll(async () => {
    strict = await buildTestApp(database, { env: oidcEnv({ OIDC_KONTEN_ANLEGEN: 'false' }) });
  });
  afterAll(async () => {
    await strict?.close();
  });

  it('refuses an unknown person with a German page and creates nothing', async () => {
    const sub = anAccount({ groups: ['gruppe-a'] });
    const b = new Browser(strict);
    const res0 = await b.get('/anmelden/oidc');
    const callback = await atProvider(new URL(String(res0.headers.location)), sub);
    const res = await back(b, callback);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('noch kein Konto');
    expect(await rows(sql`select 1 from users where email = ${`${sub}@landes-login.example`}`)).toHaveLength(0);
  });
});

describe('without a reachable provider or configuration', () => {
  it('answers 502 with a German page when the provider cannot be reached', async () => {
    const down = await buildTestApp(database, { env: oidcEnv({ OIDC_ISSUER: 'http://127.0.0.1:9/' }) });
    try {
      const res = await new Browser(down).get('/anmelden/oidc');
      expect(res.statusCode).toBe(502);
      expect(res.body).toContain('ist gerade nicht erreichbar');
    } finally {
      await down.close();
    }
  });

  it('has no button and answers 404 when no provider is configured', async () => {
    const plain = await buildTestApp(database);
    try {
      expect((await new Browser(plain).get('/anmelden')).body).not.toContain('Landes-Login');
      expect((await new Browser(plain).get('/anmelden/oidc')).statusCode).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
