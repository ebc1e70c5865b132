import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, aUser, buildTestApp } from '../../tests/support/app';
import { aBehoerde, aVerfahren } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import type { Database } from '../shared/db';

let database: Database;
let app: FastifyInstance;
let ars: string;
let andereArs: string;
let editorEmail: string;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database);
  ars = (await aBehoerde(database, { name: 'Musterstadt, St', typ: 'stadt' })).ars;
  andereArs = (await aBehoerde(database, { name: 'Nachbarort' })).ars;
  editorEmail = (await aUser(database, 'kommune_editor', [ars])).email;
});
afterAll(async () => {
  await app.close();
  await database.close();
});

/** Logs in and returns a function for JSON API calls with the session cookie and CSRF header. */
async function apiAs(email: string) {
  const b = new Browser(app);
  await b.login(email);
  const { token } = (await b.get('/api/v1/csrf')).json();
  return (method: 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
    app.inject({
      method,
      url,
      headers: { cookie: b.cookieHeader(), 'x-csrf-token': token, ...(body ? { 'content-type': 'application/json' } : {}) },
      payload: body ? JSON.stringify(body) : undefined,
    });
}

describe('Verlinkung API', () => {
  it('links and unlinks with the live count in the answer', async () => {
    const v = await aVerfahren(database);
    const call = await apiAs(editorEmail);
    const put = await call('PUT', `/api/v1/behoerden/${ars}/verlinkungen/${v.id}`);
    expect(put.statusCode).toBe(201);
    expect(put.json()).toMatchObject({ ars, anzahl: 1, schwelle: 50, erreicht: false, fehlend: 49 });
    const list = (await app.inject({ method: 'GET', url: `/api/v1/behoerden/${ars}/verlinkungen` })).json();
    expect(list.map((l: { verfahrenId: string }) => l.verfahrenId)).toContain(v.id);
    const del = await call('DELETE', `/api/v1/behoerden/${ars}/verlinkungen/${v.id}`);
    expect(del.statusCode).toBe(200);
    expect(del.json().anzahl).toBe(0);
  });

  it('answers a second link of the same procedure with 409 CONFLICT and the reason VERLINKUNG_DOPPELT, and the editor of another Behörde with 403 BEHOERDE_NICHT_ZUGEORDNET', async () => {
    const v = await aVerfahren(database);
    const call = await apiAs(editorEmail);
    expect((await call('PUT', `/api/v1/behoerden/${ars}/verlinkungen/${v.id}`)).statusCode).toBe(201);
    const again = await call('PUT', `/api/v1/behoerden/${ars}/verlinkungen/${v.id}`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'CONFLICT', reason: 'VERLINKUNG_DOPPELT', message: expect.stringContaining('bereits verlinkt'), details: [] });
    const fremd = new Browser(app);
    await fremd.login((await aUser(database, 'kommune_editor', [andereArs])).email);
    const verweigert = await fremd.get(`/api/v1/behoerden/${ars}/verlinkungen/historie`);
    expect(verweigert.statusCode).toBe(403);
    expect(verweigert.json()).toMatchObject({ code: 'FORBIDDEN', reason: 'BEHOERDE_NICHT_ZUGEORDNET' });
    // A refusal without a domain reason keeps the body as it was.
    const ohne = await app.inject({ method: 'GET', url: '/api/v1/verfahren/keine-uuid' });
    expect(ohne.statusCode).toBe(400);
    expect(ohne.json()).not.toHaveProperty('reason');
    expect((await call('DELETE', `/api/v1/behoerden/${ars}/verlinkungen/${v.id}`)).statusCode).toBe(200);
  });

  it('answers 401 without login, 403 for the editor of another Behörde, 403 without CSRF token', async () => {
    const v = await aVerfahren(database);
    const anon = await app.inject({ method: 'PUT', url: `/api/v1/behoerden/${ars}/verlinkungen/${v.id}` });
    expect([401, 403]).toContain(anon.statusCode);
    const fremd = await apiAs((await aUser(database, 'kommune_editor', [andereArs])).email);
    const res = await fremd('PUT', `/api/v1/behoerden/${ars}/verlinkungen/${v.id}`);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
    const b = new Browser(app);
    await b.login(editorEmail);
    const noToken = await app.inject({ method: 'PUT', url: `/api/v1/behoerden/${ars}/verlinkungen/${v.id}`, headers: { cookie: b.cookieHeader() } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe('CSRF_INVALID');
    expect((await app.inject({ method: 'GET', url: `/api/v1/behoerden/${ars}/zaehlstand` })).json().anzahl).toBe(0);
  });

  it('rejects a malformed procedure id and an insecure URL with 400 naming the field', async () => {
    const call = await apiAs(editorEmail);
    expect((await call('PUT', `/api/v1/behoerden/${ars}/verlinkungen/keine-uuid`)).statusCode).toBe(400);
    const v = await aVerfahren(database);
    const res = await call('PUT', `/api/v1/behoerden/${ars}/verlinkungen/${v.id}`, { url: 'ftp://x.example/' });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('url');
  });

  it('shows the history only to those who may edit', async () => {
    expect((await app.inject({ method: 'GET', url: `/api/v1/behoerden/${ars}/verlinkungen/historie` })).statusCode).toBe(401);
    const b = new Browser(app);
    await b.login((await aUser(database, 'kommune_editor', [andereArs])).email);
    expect((await b.get(`/api/v1/behoerden/${ars}/verlinkungen/historie`)).statusCode).toBe(403);
    const e = new Browser(app);
    await e.login(editorEmail);
    expect((await e.get(`/api/v1/behoerden/${ars}/verlinkungen/historie`)).statusCode).toBe(200);
  });

  it('lists the catalogue with whether each procedure counts', async () => {
    await aVerfahren(database, { name: 'Infoseite Müllabfuhr', art: 'information' });
    const res = (await app.inject({ method: 'GET', url: '/api/v1/verfahren?q=m%C3%BCllabfuhr' })).json();
    expect(res.items[0]).toMatchObject({ name: 'Infoseite Müllabfuhr', art: 'information', zaehlt: false });
    expect((await app.inject({ method: 'GET', url: '/api/v1/verfahren?q=100%25' })).statusCode).toBe(200);
  });

  it('gives gap advice through the API', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/behoerden/${ars}/chancen` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ars, schwelle: 50 });
    expect(res.json().themenfelder).toBeInstanceOf(Array);
  });
});

describe('Verlinkung pages', () => {
  it('lets an editor link and unlink through the forms (post, redirect, get)', async () => {
    const v = await aVerfahren(database, { name: 'Antrag auf Hundesteuer' });
    const b = new Browser(app);
    await b.login(editorEmail);
    const page = `/verwaltung/behoerden/${ars}/verlinkungen?vq=Hundesteuer`;
    const res = await b.submit(page, `/verwaltung/behoerden/${ars}/verlinkungen/verlinken`, { verfahrenId: v.id, vq: 'Hundesteuer' });
    expect(res.statusCode).toBe(303);
    // Back to the same search, with the message.
    expect(res.headers.location).toBe(`/verwaltung/behoerden/${ars}/verlinkungen?vq=Hundesteuer&meldung=verlinkt#stand`);
    const after = await b.get(res.headers.location as string);
    expect(after.body).toContain('Das Online-Verfahren ist verlinkt.');
    expect(after.body).toContain('Antrag auf Hundesteuer');
    expect(after.body).toContain('Formular');
    const del = await b.submit(`/verwaltung/behoerden/${ars}/verlinkungen`, `/verwaltung/behoerden/${ars}/verlinkungen/entfernen`, { verfahrenId: v.id });
    expect(del.statusCode).toBe(303);
    expect((await b.get(del.headers.location as string)).body).toContain('Die Verlinkung ist entfernt.');
  });

  it('re-renders the page with an error summary for a second link of the same procedure', async () => {
    const v = await aVerfahren(database);
    const b = new Browser(app);
    await b.login(editorEmail);
    await b.submit(`/verwaltung/behoerden/${ars}/verlinkungen`, `/verwaltung/behoerden/${ars}/verlinkungen/verlinken`, { verfahrenId: v.id });
    const again = await b.submit(`/verwaltung/behoerden/${ars}/verlinkungen`, `/verwaltung/behoerden/${ars}/verlinkungen/verlinken`, { verfahrenId: v.id });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('ist bereits verlinkt');
    expect(again.body).toContain('role="alert"');
    const leer = await b.submit(`/verwaltung/behoerden/${ars}/verlinkungen`, `/verwaltung/behoerden/${ars}/verlinkungen/verlinken`, { verfahrenId: '' });
    expect(leer.statusCode).toBe(400);
  });

  it('refuses the management page to the editor of another Behörde', async () => {
    const b = new Browser(app);
    await b.login((await aUser(database, 'kommune_editor', [andereArs])).email);
    expect((await b.get(`/verwaltung/behoerden/${ars}/verlinkungen`)).statusCode).toBe(403);
  });

  it('shows the catalogue and a procedure page explaining why it does not count', async () => {
    const info = await aVerfahren(database, { name: 'Merkblatt Sperrmüll', art: 'formular_pdf' });
    expect((await app.inject({ method: 'GET', url: '/verfahren' })).statusCode).toBe(200);
    const page = await app.inject({ method: 'GET', url: `/verfahren/${info.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('keine elektronische Einreichung');
    expect((await app.inject({ method: 'GET', url: '/verfahren/nicht-da' })).statusCode).toBe(400);
  });

  it('shows the gap advice and the management button on the Behörde page', async () => {
    const anon = await app.inject({ method: 'GET', url: `/behoerden/${ars}` });
    expect(anon.body).toContain('Chancen');
    expect(anon.body).not.toContain('Verlinkungen verwalten');
    const b = new Browser(app);
    await b.login(editorEmail);
    expect((await b.get(`/behoerden/${ars}`)).body).toContain('Verlinkungen verwalten');
  });
});
