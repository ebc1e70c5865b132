import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, TEST_PASSWORD, aUser, buildTestApp } from '../../tests/support/app';
import { aBehoerde, aVerfahren } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import { verifyAuditChain } from '../shared/audit';
import type { Database } from '../shared/db';

let database: Database;
let app: FastifyInstance;
let ars: string;
let andereArs: string;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database);
  ars = (await aBehoerde(database, { name: 'Tokenstadt' })).ars;
  andereArs = (await aBehoerde(database, { name: 'Anderswo' })).ars;
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const rows = async <T,>(query: ReturnType<typeof sql>) => (await database.db.execute(query)).rows as T[];
const auditActions = async (objectId: string) =>
  (await rows<{ action: string }>(sql`select action from audit_log where object_id = ${objectId} order by id`)).map((r) => r.action);

/** Logs in as a browser with the given user agent would. */
async function loggedIn(email: string, userAgent: string) {
  const b = new Browser(app);
  const page = await app.inject({ method: 'GET', url: '/anmelden', headers: { 'user-agent': userAgent } });
  const csrf = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1] as string;
  const cookies = Object.fromEntries(page.cookies.map((c) => [c.name, c.value]));
  const res = await app.inject({
    method: 'POST',
    url: '/anmelden',
    headers: { 'user-agent': userAgent, 'content-type': 'application/x-www-form-urlencoded', cookie: Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ') },
    payload: new URLSearchParams({ email, password: TEST_PASSWORD, _csrf: csrf }).toString(),
  });
  for (const [k, v] of Object.entries(cookies)) b.cookies.set(k, v);
  for (const c of res.cookies) b.cookies.set(c.name, c.value);
  return b;
}

describe('sessions and logout everywhere', () => {
  const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
  const edge = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36 Edg/130.0';

  it('lists the active sessions with a short user agent and marks this device', async () => {
    const user = await aUser(database, 'ministry_reviewer');
    const a = await loggedIn(user.email, firefox);
    await loggedIn(user.email, edge);
    const page = await a.get('/konto/sitzungen');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Firefox unter Linux');
    expect(page.body).toContain('Edge unter Windows');
    expect(page.body).toContain('Dieses Gerät');
    expect(page.body).toContain('Auf allen Geräten abmelden');
    // The page never shows the stored session hashes.
    const hashes = await rows<{ id_hash: string }>(sql`select id_hash from sessions where user_id = ${user.id}`);
    for (const h of hashes) expect(page.body).not.toContain(h.id_hash);
  });

  it('ends a single other session; that device is logged out, this one stays', async () => {
    const user = await aUser(database, 'grant_officer');
    const hier = await loggedIn(user.email, firefox);
    const dort = await loggedIn(user.email, edge);
    const page = await hier.get('/konto/sitzungen');
    const ref = page.body.match(/name="sitzung" value="([^"]+)"/)?.[1];
    expect(ref).toBeTruthy();
    const res = await hier.submit('/konto/sitzungen', '/konto/sitzungen/beenden', { sitzung: ref as string });
    expect(res.statusCode).toBe(303);
    expect((await dort.get('/konto')).statusCode).toBe(302);
    expect((await hier.get('/konto')).statusCode).toBe(200);
    expect(await auditActions(user.id)).toContain('session.end');
  });

  it('refuses to end a session that is not the user’s own', async () => {
    const fremd = await aUser(database, 'grant_officer');
    const fremdBrowser = await loggedIn(fremd.email, edge);
    const fremdRef = (await (await loggedIn(fremd.email, firefox)).get('/konto/sitzungen')).body.match(/name="sitzung" value="([^"]+)"/)?.[1] as string;
    const user = await aUser(database, 'grant_officer');
    const b = await loggedIn(user.email, firefox);
    const res = await b.submit('/konto/sitzungen', '/konto/sitzungen/beenden', { sitzung: fremdRef });
    expect(res.statusCode).toBe(404);
    expect((await fremdBrowser.get('/konto')).statusCode).toBe(200);
  });

  it('“Auf allen Geräten abmelden” ends every session including the current one, and is audited', async () => {
    const user = await aUser(database, 'kommune_editor', [ars]);
    const a = await loggedIn(user.email, firefox);
    const b = await loggedIn(user.email, edge);
    const res = await a.submit('/konto/sitzungen', '/konto/sitzungen/alle-beenden', {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/anmelden?abgemeldet=alle');
    expect((await a.get('/konto')).statusCode).toBe(302);
    expect((await b.get('/konto')).statusCode).toBe(302);
    expect(await rows(sql`select 1 from sessions where user_id = ${user.id}`)).toHaveLength(0);
    const [entry] = await rows<{ after: { beendet: number } | string }>(sql`select after from audit_log where action = 'session.end_all' and object_id = ${user.id}`);
    const after = typeof entry.after === 'string' ? JSON.parse(entry.after) : entry.after;
    expect(after.beendet).toBe(2);
  });

  it('needs a login and a CSRF token', async () => {
    expect((await app.inject({ method: 'GET', url: '/konto/sitzungen' })).statusCode).toBe(302);
    const user = await aUser(database, 'grant_officer');
    const b = await loggedIn(user.email, firefox);
    const res = await b.post('/konto/sitzungen/alle-beenden', {});
    expect(res.statusCode).toBe(403);
    expect((await b.get('/konto')).statusCode).toBe(200);
  });
});

/** Creates a token through the account page and returns it as shown once. */
async function createToken(b: Browser, fields: { name: string; umfang: 'lesen' | 'schreiben'; gueltigTage?: string }) {
  const res = await b.submit('/konto/tokens', '/konto/tokens', { gueltigTage: '90', ...fields });
  expect(res.statusCode).toBe(201);
  const token = res.body.match(/<code id="neues-token">([^<]+)<\/code>/)?.[1];
  expect(token).toMatch(/^da_[A-Za-z0-9_-]{43}$/);
  return token as string;
}

const bearer = (token: string, method: 'GET' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
  app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    payload: body ? JSON.stringify(body) : undefined,
  });

describe('API tokens', () => {
  it('shows a new token once and stores only its SHA-256 hash', async () => {
    const user = await aUser(database, 'kommune_editor', [ars]);
    const b = new Browser(app);
    await b.login(user.email);
    const token = await createToken(b, { name: 'CMS der Gemeinde', umfang: 'schreiben' });
    const [row] = await rows<Record<string, unknown>>(sql`select * from api_tokens where user_id = ${user.id}`);
    expect(row.token_hash).toBe(crypto.createHash('sha256').update(token).digest('base64url'));
    for (const v of Object.values(row)) expect(String(v)).not.toContain(token);
    const list = await b.get('/konto/tokens');
    expect(list.body).toContain('CMS der Gemeinde');
    expect(list.body).toContain(`${token.slice(0, 9)}…`);
    expect(list.body).not.toContain(token);
    expect(list.body).toContain('noch nie');
    expect(await auditActions(String(row.id))).toEqual(['api_token.create']);
  });

  it('refuses a validity longer than a year and an empty name, naming each field', async () => {
    const user = await aUser(database, 'kommune_editor', [ars]);
    const b = new Browser(app);
    await b.login(user.email);
    const res = await b.submit('/konto/tokens', '/konto/tokens', { name: '', umfang: 'schreiben', gueltigTage: '366' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Bitte geben Sie dem Token einen Namen');
    expect(res.body).toContain('zwischen 1 und 365 Tagen');
    expect(await rows(sql`select 1 from api_tokens where user_id = ${user.id}`)).toHaveLength(0);
  });

  it('a write token links without CSRF token and the history says the change came through the API', async () => {
    const user = await aUser(database, 'kommune_editor', [ars]);
    const b = new Browser(app);
    await b.login(user.email);
    const token = await createToken(b, { name: 'Schreiber', umfang: 'schreiben' });
    const v = await aVerfahren(database);
    const put = await bearer(token, 'PUT', `/api/v1/behoerden/${ars}/verlinkungen/${v.id}`);
    expect(put.statusCode).toBe(201);
    const historie = await bearer(token, 'GET', `/api/v1/behoerden/${ars}/verlinkungen/historie`);
    expect(historie.statusCode).toBe(200);
    const eintrag = historie.json().find((e: { verfahrenId: string }) => e.verfahrenId === v.id);
    expect(eintrag).toMatchObject({ aktion: 'verlinkt', quelle: 'api', von: user.email });
    const del = await bearer(token, 'DELETE', `/api/v1/behoerden/${ars}/verlinkungen/${v.id}`);
    expect(del.statusCode).toBe(200);
    const list = await b.get('/konto/tokens');
    expect(list.body).not.toContain('noch nie');
  });

  it('a read token reads but gets 403 with insufficient_scope on a change', async () => {
    const user = await aUser(database, 'it_dienstleister', [ars]);
    const b = new Browser(app);
    await b.login(user.email);
    const token = await createToken(b, { name: 'Leser', umfang: 'lesen' });
    expect((await bearer(token, 'GET', `/api/v1/behoerden/${ars}/verlinkungen/historie`)).statusCode).toBe(200);
    const v = await aVerfahren(database);
    const put = await bearer(token, 'PUT', `/api/v1/behoerden/${ars}/verlinkungen/${v.id}`);
    expect(put.statusCode).toBe(403);
    expect(put.json().code).toBe('TOKEN_SCOPE');
    expect(put.headers['www-authenticate']).toMatch(/^Bearer .*error="insufficient_scope"/);
    expect(await rows(sql`select 1 from verlinkungen where verfahren_id = ${v.id}`)).toHaveLength(0);
  });

  it('acts only within the user’s Behörden', async () => {
    const user = await aUser(database, 'kommune_editor', [ars]);
    const b = new Browser(app);
    await b.login(user.email);
    const token = await createToken(b, { name: 'Nur eigene', umfang: 'schreiben' });
    const v = await aVerfahren(database);
    const res = await bearer(token, 'PUT', `/api/v1/behoerden/${andereArs}/verlinkungen/${v.id}`);
    expect(res.statusCode).toBe(403);
    expect((await bearer(token, 'GET', `/api/v1/behoerden/${andereArs}/verlinkungen/historie`)).statusCode).toBe(403);
  });

  it('is refused on routes outside the link API', async () => {
    const user = await aUser(database, 'ministry_admin');
    const b = new Browser(app);
    await b.login(user.email);
    const token = await createToken(b, { name: 'Neugierig', umfang: 'schreiben' });
    const res = await bearer(token, 'GET', '/api/v1/csrf');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('TOKEN_ROUTE_NOT_ALLOWED');
  });

  it('answers 401 in English with WWW-Authenticate for unknown, revoked, expired tokens and deactivated users', async () => {
    const user = await aUser(database, 'kommune_editor', [ars]);
    const b = new Browser(app);
    await b.login(user.email);
    const url = `/api/v1/behoerden/${ars}/verlinkungen/historie`;
    const expect401 = async (token: string, code: string) => {
      const res = await bearer(token, 'GET', url);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe(code);
      expect(res.json().message).toMatch(/^The /);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="digitales-amt", error="invalid_token"/);
    };
    await expect401(`da_${'x'.repeat(43)}`, 'TOKEN_INVALID');

    const revoked = await createToken(b, { name: 'Widerrufen', umfang: 'lesen' });
    const [row] = await rows<{ id: string }>(sql`select id from api_tokens where user_id = ${user.id} and name = 'Widerrufen'`);
    const rev = await b.submit('/konto/tokens', `/konto/tokens/${row.id}/widerrufen`, {});
    expect(rev.statusCode).toBe(303);
    await expect401(revoked, 'TOKEN_REVOKED');
    expect(await auditActions(row.id)).toEqual(['api_token.create', 'api_token.revoke']);
    expect((await b.get('/konto/tokens')).body).toContain('widerrufen am');

    const expired = await createToken(b, { name: 'Abgelaufen', umfang: 'lesen', gueltigTage: '30' });
    await database.db.execute(sql`update api_tokens set laeuft_ab_am = now() - interval '1 minute' where user_id = ${user.id} and name = 'Abgelaufen'`);
    await expect401(expired, 'TOKEN_EXPIRED');

    const active = await createToken(b, { name: 'Aktiv', umfang: 'lesen' });
    expect((await bearer(active, 'GET', url)).statusCode).toBe(200);
    await database.db.execute(sql`update users set active = false where id = ${user.id}`);
    await expect401(active, 'TOKEN_ACCOUNT_INACTIVE');
  });

  it('cannot revoke another user’s token', async () => {
    const owner = await aUser(database, 'kommune_editor', [ars]);
    const ob = new Browser(app);
    await ob.login(owner.email);
    const token = await createToken(ob, { name: 'Fremd', umfang: 'lesen' });
    const [row] = await rows<{ id: string }>(sql`select id from api_tokens where user_id = ${owner.id}`);
    const other = new Browser(app);
    await other.login((await aUser(database, 'ministry_admin')).email);
    const res = await other.submit('/konto/tokens', `/konto/tokens/${row.id}/widerrufen`, {});
    expect(res.statusCode).toBe(404);
    expect((await bearer(token, 'GET', `/api/v1/behoerden/${ars}/verlinkungen/historie`)).statusCode).toBe(200);
  });

  it('still needs the CSRF token when a session cookie comes with the bearer header', async () => {
    const user = await aUser(database, 'kommune_editor', [ars]);
    const b = new Browser(app);
    await b.login(user.email);
    const token = await createToken(b, { name: 'Mit Cookie', umfang: 'schreiben' });
    const v = await aVerfahren(database);
    const res = await app.inject({ method: 'PUT', url: `/api/v1/behoerden/${ars}/verlinkungen/${v.id}`, headers: { authorization: `Bearer ${token}`, cookie: b.cookieHeader() } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CSRF_INVALID');
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.components.securitySchemes.apiToken).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('leaves other bearer tokens (e.g. for /metrics) alone and keeps the audit chain intact', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/behoerden/' + ars + '/zaehlstand', headers: { authorization: 'Bearer irgendein-anderes-token' } });
    expect(res.statusCode).toBe(200);
    expect((await verifyAuditChain(database.db)).problems).toEqual([]);
  });
});
