/**
 * Account administration through the pages and the JSON API, with a real local SMTP server for the
 * invitation mails: invite, accept once, roles that exclude each other, deactivate, end sessions,
 * the list's filters, one-time passwords enforced on every route, and accounts of the state login.
 */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, TEST_PASSWORD, aUser, buildTestApp } from '../../tests/support/app';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import { startTestSmtp, type TestSmtp } from '../../tests/support/smtp';
import { verifyAuditChain } from '../shared/audit';
import { fixedClock, systemClock } from '../shared/clock';
import type { Database } from '../shared/db';
import { createAuthRepository } from './auth.repository';
import { createAuthService } from './auth.service';
import { konfliktText, rollenKonflikte } from './roles';

let database: Database;
let app: FastifyInstance;
let smtp: TestSmtp;
let admin: Browser;
let adminId: string;
let ars: string;
let andereArs: string;
const NEUES_PASSWORT = 'Mein-eigenes-Passwort-fuer-2027';

beforeAll(async () => {
  smtp = await startTestSmtp();
  database = await openTestDatabase();
  app = await buildTestApp(database, { env: { ...smtp.env, PUBLIC_BASE_URL: 'https://digitales-amt.bayern.example' } });
  ars = (await aBehoerde(database, { name: 'Einladungsstadt' })).ars;
  andereArs = (await aBehoerde(database, { name: 'Nachbargemeinde' })).ars;
  const a = await aUser(database, 'ministry_admin');
  adminId = a.id;
  admin = new Browser(app);
  await admin.login(a.email);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  await smtp?.close();
});

const rows = async <T,>(query: ReturnType<typeof sql>) => (await database.db.execute(query)).rows as T[];
const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)?.[1] as string;

/** Posts a form with repeated fields (several roles) like a browser, CSRF token from `formPage`. */
async function postForm(b: Browser, formPage: string, action: string, pairs: [string, string][], an: FastifyInstance = app) {
  const page = await b.get(formPage);
  const body = new URLSearchParams([['_csrf', csrfOf(page.body)], ...pairs]).toString();
  return an.inject({ method: 'POST', url: action, headers: { cookie: b.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' }, payload: body });
}

/** A JSON API call with the session cookie and its CSRF token. */
async function api(b: Browser, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  const { token } = (await b.get('/api/v1/csrf')).json() as { token: string };
  return app.inject({
    method,
    url,
    headers: { cookie: b.cookieHeader(), 'x-csrf-token': token, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
    payload: payload === undefined ? undefined : JSON.stringify(payload),
  });
}

const einladungslink = (text: string) => text.match(/https:\/\/digitales-amt\.bayern\.example(\/einladung\/[A-Za-z0-9_-]+)/)?.[1] as string;

async function einladen(email: string, name: string, rollen: string[], behoerden: string[]) {
  const mails = smtp.received.length;
  const res = await postForm(admin, '/verwaltung/konten/einladen', '/verwaltung/konten/einladen', [
    ['email', email],
    ['name', name],
    ...rollen.map((r) => ['rollen', r] as [string, string]),
    ['behoerden', behoerden.join('\n')],
  ]);
  expect(res.statusCode, res.body.slice(0, 3000)).toBe(303);
  const mail = (await smtp.waitFor(mails + 1)).find((m) => JSON.stringify(m.to).includes(email));
  return { res, mail, id: String(res.headers.location).match(/konten\/([0-9a-f-]{36})/)?.[1] as string, pfad: einladungslink(mail?.text ?? '') };
}

/** Accepts an invitation in a fresh browser like the invitee would. */
async function annehmen(pfad: string, password: string, confirm = password) {
  const b = new Browser(app);
  const page = await b.get(pfad);
  if (page.statusCode !== 200) return page;
  return b.post(pfad, { password, confirm, _csrf: csrfOf(page.body) });
}

describe('invitations', () => {
  it('invites an editor by mail; the link sets the password once; the editor logs in and sees the Behörde and who else serves it', async () => {
    const kollege = await aUser(database, 'it_dienstleister', [ars], 'rechenzentrum.kollege@test.example');
    const email = 'neue.redakteurin@einladungsstadt.example';
    const { res, mail, id, pfad } = await einladen(email, 'Nora Neu', ['kommune_editor'], [ars]);
    expect(res.headers.location).toBe(`/verwaltung/konten/${id}?meldung=eingeladen`);
    expect(mail?.subject).toBe('Einladung zur Plattform „Digitales Amt“');
    expect(mail?.text).toContain('Einladungsstadt');
    expect(pfad).toMatch(/^\/einladung\/[A-Za-z0-9_-]{43}$/);

    // Only the hash is stored: neither the mail log nor any other row holds the token.
    const token = pfad.slice('/einladung/'.length);
    const [e] = await rows<{ token_hash: string }>(sql`select token_hash from einladungen where user_id = ${id}`);
    expect(e.token_hash).toBe(crypto.createHash('sha256').update(token).digest('base64url'));
    const mailLog = await rows<{ text: string }>(sql`select text from mails where object_id = ${id}`);
    expect(mailLog).toHaveLength(1);
    expect(mailLog[0].text).not.toContain(token);
    expect(mailLog[0].text).toContain('[Einmal-Link, nicht gespeichert]');
    const [{ n }] = await rows<{ n: number }>(sql`select count(*)::int as n from audit_log where before::text like ${`%${token}%`} or after::text like ${`%${token}%`}`);
    expect(n).toBe(0);

    const seite = await new Browser(app).get(pfad);
    expect(seite.statusCode).toBe(200);
    expect(seite.body).toContain('Nora Neu');
    const kurz = await annehmen(pfad, 'kurz');
    expect(kurz.statusCode).toBe(400);
    expect(kurz.body).toContain('mindestens 12 Zeichen');
    const anders = await annehmen(pfad, NEUES_PASSWORT, `${NEUES_PASSWORT}x`);
    expect(anders.statusCode).toBe(400);
    expect(anders.body).toContain('stimmen nicht überein');

    const ok = await annehmen(pfad, NEUES_PASSWORT);
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/anmelden?eingeladen=1');
    expect((await new Browser(app).get('/anmelden?eingeladen=1')).body).toContain('Ihr Passwort ist gespeichert');
    const nochmal = await new Browser(app).get(pfad);
    expect(nochmal.statusCode).toBe(410);
    expect(nochmal.body).toContain('schon verwendet');

    const editor = new Browser(app);
    const login = await editor.login(email, NEUES_PASSWORT);
    expect(login.headers.location).toBe('/konto');
    const konto = await editor.get('/konto');
    expect(konto.body).toContain('Einladungsstadt');
    expect(konto.body).toContain('Wer Ihre Behörden noch betreut');
    expect(konto.body).toContain(`${kollege.name} (IT-Dienstleister)`);
    expect(konto.body).not.toContain(kollege.email);

    const aktionen = (await rows<{ action: string; actor_label: string }>(sql`select action, actor_label from audit_log where object_id = ${id} order by id`)).map((r) => `${r.action} ${r.actor_label}`);
    expect(aktionen).toEqual([`user.invite ${(await admin.get('/konto')).body.match(/ministry_admin\.[a-z0-9]+@test\.example/)?.[0]}`, `user.invitation_accept ${email}`]);
  });

  it('an expired, unknown or replaced link says why and sets nothing', async () => {
    const clock = fixedClock('2026-12-01T08:00:00Z');
    const spaeter = await buildTestApp(database, { clock, env: { EINLADUNG_GUELTIG_STUNDEN: '48' } });
    try {
      const auth = spaeter.services.auth;
      const r = await auth.inviteUser({ label: 'test' }, { email: 'abgelaufen@test.example', name: 'Alma Alt', roles: ['grant_officer'] });
      expect(r.laeuftAbAm.toISOString()).toBe('2026-12-03T08:00:00.000Z');
      const pfad = new URL(r.link).pathname;
      clock.advance(49 * 3600_000);
      const abgelaufen = await spaeter.inject({ method: 'GET', url: pfad });
      expect(abgelaufen.statusCode).toBe(410);
      expect(abgelaufen.body).toContain('abgelaufen');
      await expect(auth.acceptInvitation(pfad.split('/')[2], NEUES_PASSWORT, NEUES_PASSWORT)).rejects.toThrow(/abgelaufen/);

      const neu = await auth.resendInvitation({ label: 'test' }, r.user.id);
      const ersetzt = await auth.checkInvitation(pfad.split('/')[2]).catch((e: Error) => e.message);
      expect(ersetzt).toContain('gilt nicht mehr');
      expect((await auth.checkInvitation(new URL(neu.link).pathname.split('/')[2])).name).toBe('Alma Alt');

      const unbekannt = await spaeter.inject({ method: 'GET', url: '/einladung/gibt-es-nicht' });
      expect(unbekannt.statusCode).toBe(404);
      const [u] = await rows<{ password_hash: string | null }>(sql`select password_hash from users where id = ${r.user.id}`);
      expect(u.password_hash).toBeNull();
    } finally {
      await spaeter.close();
    }
  });

  it('two simultaneous acceptances of one link: exactly one sets the password', async () => {
    const r = await app.services.auth.inviteUser({ label: 'test' }, { email: 'gleichzeitig@test.example', name: 'Gleich Zeitig', roles: ['ministry_reviewer'] });
    const pfad = new URL(r.link).pathname;
    const a = new Browser(app);
    const b = new Browser(app);
    const [pa, pb] = [await a.get(pfad), await b.get(pfad)];
    const [ra, rb] = await Promise.all([
      a.post(pfad, { password: `${NEUES_PASSWORT}-a`, confirm: `${NEUES_PASSWORT}-a`, _csrf: csrfOf(pa.body) }),
      b.post(pfad, { password: `${NEUES_PASSWORT}-b`, confirm: `${NEUES_PASSWORT}-b`, _csrf: csrfOf(pb.body) }),
    ]);
    expect([ra.statusCode, rb.statusCode].sort()).toEqual([303, 410]);
    const gewonnen = ra.statusCode === 303 ? 'a' : 'b';
    expect((await new Browser(app).login('gleichzeitig@test.example', `${NEUES_PASSWORT}-${gewonnen}`)).statusCode).toBe(303);
    expect((await new Browser(app).login('gleichzeitig@test.example', `${NEUES_PASSWORT}-${gewonnen === 'a' ? 'b' : 'a'}`)).statusCode).toBe(400);
  });

  it('a forgotten password: the admin sends a link; the old password works until it is used, then every session ends', async () => {
    const u = await aUser(database, 'grant_officer', [], 'vergessen@test.example');
    const unterwegs = new Browser(app);
    await unterwegs.login(u.email);
    const mails = smtp.received.length;
    const res = await postForm(admin, `/verwaltung/konten/${u.id}`, `/verwaltung/konten/${u.id}/einladung`, []);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/verwaltung/konten/${u.id}?meldung=link`);
    const mail = (await smtp.waitFor(mails + 1)).find((m) => JSON.stringify(m.to).includes(u.email));
    expect(mail?.subject).toBe('Neues Passwort für die Plattform „Digitales Amt“');
    const pfad = einladungslink(mail?.text ?? '');
    expect((await new Browser(app).login(u.email)).statusCode).toBe(303);
    expect((await new Browser(app).get(pfad)).body).toContain('Neues Passwort festlegen');
    expect((await annehmen(pfad, NEUES_PASSWORT)).statusCode).toBe(303);
    expect((await unterwegs.get('/konto')).statusCode).toBe(302);
    expect((await new Browser(app).login(u.email)).statusCode).toBe(400);
    expect((await new Browser(app).login(u.email, NEUES_PASSWORT)).statusCode).toBe(303);
    expect((await rows<{ action: string }>(sql`select action from audit_log where object_id = ${u.id} and action like 'user.%' order by id`)).map((r) => r.action)).toEqual([
      'user.create',
      'user.password_link',
      'user.invitation_accept',
    ]);
  });

  it('refuses an invitation to an address that has an account, naming the field', async () => {
    const vorhanden = await aUser(database, 'grant_officer');
    const res = await postForm(admin, '/verwaltung/konten/einladen', '/verwaltung/konten/einladen', [
      ['email', vorhanden.email.toUpperCase()],
      ['name', 'Doppelt'],
      ['rollen', 'grant_officer'],
    ]);
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('gibt es bereits');
    expect(res.body).toContain('href="#email"');
  });

  it('shows the link once when the mail could not be delivered, and the API returns it only then', async () => {
    const ohneMail = await buildTestApp(database, { env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: '9' } });
    try {
      const b = new Browser(ohneMail);
      await b.login((await aUser(database, 'ministry_admin')).email);
      const res = await b.submit('/verwaltung/konten/einladen', '/verwaltung/konten/einladen', { email: 'ohne.mail@test.example', name: 'Ohne Mail', rollen: 'ministry_reviewer', behoerden: '' });
      expect(res.statusCode).toBe(201);
      expect(res.body).toContain('konnte nicht versendet werden');
      const pfad = res.body.match(/<code id="einladungslink"[^>]*>[^<]*?(\/einladung\/[A-Za-z0-9_-]+)</)?.[1] as string;
      expect((await ohneMail.inject({ method: 'GET', url: pfad })).statusCode).toBe(200);
      const [m] = await rows<{ status: string }>(sql`select status from mails where an = 'ohne.mail@test.example'`);
      expect(m.status).toBe('fehlgeschlagen');
    } finally {
      await ohneMail.close();
    }
    const ok = await api(admin, 'POST', '/api/v1/konten/einladungen', { email: 'per.api@test.example', name: 'Per API', rollen: ['it_dienstleister'], behoerden: [ars, andereArs] });
    expect(ok.statusCode).toBe(201);
    const body = ok.json();
    expect(body.einladung.mail).toBe('versendet');
    expect(body.einladung.link).toBeUndefined();
    expect(body.konto).toMatchObject({ status: 'eingeladen', rollen: ['it_dienstleister'] });
  });
});

describe('roles and four eyes', () => {
  it('refuses roles that exclude each other with a German reason, in the form, the API and for the command line', async () => {
    const u = await aUser(database, 'kommune_editor', [ars]);
    const form = await postForm(admin, `/verwaltung/konten/${u.id}`, `/verwaltung/konten/${u.id}/rollen`, [
      ['rollen', 'ministry_reviewer'],
      ['rollen', 'kommune_editor'],
      ['behoerden', ars],
    ]);
    expect(form.statusCode).toBe(400);
    const text = konfliktText(rollenKonflikte(['ministry_reviewer', 'kommune_editor'])[0]);
    expect(form.body).toContain(text.replace(/„/g, '„').slice(0, 40));
    expect(form.body).toContain('Wer für eine Kommune das Prädikat beantragt, darf den Antrag nicht prüfen.');

    const json = await api(admin, 'PUT', `/api/v1/konten/${u.id}/rollen`, { rollen: ['grant_officer', 'it_dienstleister'], behoerden: [ars] });
    expect(json.statusCode).toBe(400);
    expect(json.json().details.map((d: { message: string }) => d.message)).toContain(konfliktText(rollenKonflikte(['grant_officer', 'it_dienstleister'])[0]));

    // The CLI's `user create` calls this service function.
    const cli = createAuthService(createAuthRepository(database.db), systemClock, app.config.session);
    await expect(cli.createUser({ label: 'cli:test' }, { email: 'beides@test.example', name: 'Beides', roles: ['ministry_admin', 'ministry_reviewer'] })).rejects.toMatchObject({
      details: [{ field: 'rollen', message: konfliktText(rollenKonflikte(['ministry_admin', 'ministry_reviewer'])[0]) }],
    });
    const [{ n }] = await rows<{ n: number }>(sql`select count(*)::int as n from users where email = 'beides@test.example'`);
    expect(n).toBe(0);
    expect((await rows<{ role: string }>(sql`select role from users where id = ${u.id}`))[0].role).toBe('kommune_editor');
  });

  it('saves an allowed combination; the account may then do what either role may; the change is audited', async () => {
    const u = await aUser(database, 'ministry_reviewer');
    const res = await postForm(admin, `/verwaltung/konten/${u.id}`, `/verwaltung/konten/${u.id}/rollen`, [
      ['rollen', 'grant_officer'],
      ['rollen', 'ministry_reviewer'],
      ['behoerden', ''],
    ]);
    expect(res.statusCode).toBe(303);
    expect((await admin.get(String(res.headers.location))).body).toContain('Rollen und Behörden wurden gespeichert.');
    const [db] = await rows<{ role: string; zusatzrollen: string[] }>(sql`select role, zusatzrollen from users where id = ${u.id}`);
    expect(db).toEqual({ role: 'ministry_reviewer', zusatzrollen: ['grant_officer'] });
    const b = new Browser(app);
    await b.login(u.email);
    expect((await b.get('/verwaltung/praedikat')).statusCode).toBe(200);
    expect((await b.get('/foerderung/uebersicht')).statusCode).toBe(200);
    const { token } = (await b.get('/api/v1/csrf')).json() as { token: string };
    const nurSachbearbeitung = await app.inject({ method: 'POST', url: '/api/v1/foerderung/erinnerungen', headers: { cookie: b.cookieHeader(), 'x-csrf-token': token } });
    expect(nurSachbearbeitung.statusCode).toBe(200);
    expect((await b.get('/konto')).body).toContain('Prüfung (Ministerium), Förder-Sachbearbeitung');
    const [audit] = await rows<{ before: unknown; after: unknown }>(sql`select before, after from audit_log where object_id = ${u.id} and action = 'user.roles_change'`);
    expect(audit).toEqual({ before: { rollen: ['ministry_reviewer'], behoerden: [] }, after: { rollen: ['ministry_reviewer', 'grant_officer'], behoerden: [] } });

    // Withdrawing a role takes effect at the next request.
    await api(admin, 'PUT', `/api/v1/konten/${u.id}/rollen`, { rollen: ['ministry_reviewer'] });
    expect((await app.inject({ method: 'POST', url: '/api/v1/foerderung/erinnerungen', headers: { cookie: b.cookieHeader(), 'x-csrf-token': token } })).statusCode).toBe(403);
  });

  it('names unknown Behörden and refuses Behörden for ministry roles', async () => {
    const u = await aUser(database, 'kommune_editor', [ars]);
    const res = await api(admin, 'PUT', `/api/v1/konten/${u.id}/rollen`, { rollen: ['kommune_editor'], behoerden: [ars, '099999999999', 'abc'] });
    expect(res.statusCode).toBe(400);
    const messages = res.json().details.map((d: { message: string }) => d.message);
    expect(messages).toContain('Keine Behörde mit dem Schlüssel 099999999999.');
    expect(messages.some((m: string) => m.includes('„abc“ ist kein Amtlicher Regionalschlüssel'))).toBe(true);
    const ministerium = await api(admin, 'PUT', `/api/v1/konten/${u.id}/rollen`, { rollen: ['ministry_reviewer'], behoerden: [ars] });
    expect(ministerium.json().details[0].message).toContain('Ministeriumsrollen werden keiner Behörde zugeordnet');
  });

  it('the admin changes neither their own roles nor deactivates their own account', async () => {
    const eigene = await postForm(admin, `/verwaltung/konten/${adminId}`, `/verwaltung/konten/${adminId}/rollen`, [['rollen', 'grant_officer']]);
    expect(eigene.statusCode).toBe(403);
    expect(eigene.body).toContain('Ihre eigenen Rollen ändert eine andere Person der Administration.');
    const selbst = await postForm(admin, `/verwaltung/konten/${adminId}`, `/verwaltung/konten/${adminId}/deaktivieren`, []);
    expect(selbst.statusCode).toBe(403);
    expect(selbst.body).toContain('Sie können Ihr eigenes Konto nicht deaktivieren.');
  });

  it('keeps at least one active administrator and refuses account changes by other roles', async () => {
    const auth = createAuthService(createAuthRepository(database.db), systemClock, app.config.session);
    const { user } = await auth.createUser({ label: 'cli:test' }, { email: 'einzig@test.example', name: 'Einzige Administration', role: 'ministry_admin', password: TEST_PASSWORD });
    // For this test the only active administrator: the others are set aside and restored after.
    const andere = (await rows<{ id: string }>(sql`update users set active = false where role = 'ministry_admin' and active and id <> ${user.id} returning id::text as id`)).map((r) => r.id);
    try {
      await expect(auth.deactivate({ label: 'cli:test' }, user.id)).rejects.toThrow(/letzte aktive Konto der Administration/);
      await expect(auth.setRoles({ label: 'cli:test' }, user.id, { roles: ['grant_officer'], behoerden: [] })).rejects.toThrow(/letzte aktive Konto der Administration/);
    } finally {
      await database.db.execute(sql`update users set active = true where id = any(${sql.param(andere)}::uuid[])`);
    }
    const { user: pruefer } = await auth.createUser({ label: 'cli:test' }, { email: 'p@test.example', name: 'P', role: 'ministry_reviewer', password: TEST_PASSWORD });
    await expect(auth.deactivate({ id: pruefer.id, label: pruefer.email, role: 'ministry_reviewer' }, user.id)).rejects.toThrow(/Administration im Staatsministerium/);
    expect((await auth.deactivate({ label: 'cli:test' }, user.id)).geaendert).toBe(true);
  });
});

describe('deactivation and sessions', () => {
  it('deactivation ends the sessions and revokes the API tokens; reactivation lets the person log in again; both audited', async () => {
    const u = await aUser(database, 'kommune_editor', [ars]);
    const b = new Browser(app);
    await b.login(u.email);
    const created = await b.submit('/konto/tokens', '/konto/tokens', { name: 'CMS', umfang: 'lesen', gueltigTage: '30' });
    const token = created.body.match(/<code id="neues-token">([^<]+)<\/code>/)?.[1] as string;
    expect((await app.inject({ method: 'GET', url: `/api/v1/behoerden/${ars}/verlinkungen`, headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);

    const res = await postForm(admin, `/verwaltung/konten/${u.id}`, `/verwaltung/konten/${u.id}/deaktivieren`, []);
    expect(res.statusCode).toBe(303);
    expect((await b.get('/konto')).statusCode).toBe(302);
    const mitToken = await app.inject({ method: 'GET', url: `/api/v1/behoerden/${ars}/verlinkungen`, headers: { authorization: `Bearer ${token}` } });
    expect(mitToken.statusCode).toBe(401);
    expect(mitToken.json().code).toBe('TOKEN_REVOKED');
    expect((await new Browser(app).login(u.email)).statusCode).toBe(400);
    const [d] = await rows<{ before: unknown; after: { sitzungenBeendet: number; tokensWiderrufen: string[] } }>(sql`select before, after from audit_log where object_id = ${u.id} and action = 'user.deactivate'`);
    expect(d.before).toEqual({ active: true });
    expect(d.after).toMatchObject({ active: false, sitzungenBeendet: 1, tokensWiderrufen: ['CMS'] });

    const api1 = await api(admin, 'POST', `/api/v1/konten/${u.id}/reaktivieren`);
    expect(api1.statusCode).toBe(200);
    expect(api1.json().status).toBe('aktiv');
    expect((await new Browser(app).login(u.email)).statusCode).toBe(303);
    expect((await app.inject({ method: 'GET', url: `/api/v1/behoerden/${ars}/verlinkungen`, headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    expect((await rows<{ action: string }>(sql`select action from audit_log where object_id = ${u.id} and action like 'user.%activate' order by id`)).map((r) => r.action)).toEqual(['user.deactivate', 'user.reactivate']);
    expect((await verifyAuditChain(database.db)).problems).toEqual([]);
  });

  it('the admin ends every session of an account', async () => {
    const u = await aUser(database, 'grant_officer');
    const [a, b] = [new Browser(app), new Browser(app)];
    await a.login(u.email);
    await b.login(u.email);
    const detail = await admin.get(`/verwaltung/konten/${u.id}`);
    expect(detail.body).toContain('Alle Sitzungen beenden');
    const res = await postForm(admin, `/verwaltung/konten/${u.id}`, `/verwaltung/konten/${u.id}/sitzungen-beenden`, []);
    expect(res.statusCode).toBe(303);
    expect((await a.get('/konto')).statusCode).toBe(302);
    expect((await b.get('/konto')).statusCode).toBe(302);
    const [e] = await rows<{ actor_id: string; after: unknown }>(sql`select actor_id, after from audit_log where object_id = ${u.id} and action = 'session.end_all'`);
    expect(e).toEqual({ actor_id: adminId, after: { beendet: 2 } });
  });
});

describe('account list', () => {
  it('filters by name or e-mail, role, Behörde, status and last login, and pages', async () => {
    const mk = (n: string, role: Parameters<typeof aUser>[1], beh: string[] = []) => aUser(database, role, beh, `${n}@filterliste.example`);
    const a = await mk('filter-anna', 'kommune_editor', [andereArs]);
    await mk('filter-bernd', 'it_dienstleister', [andereArs, ars]);
    const c = await mk('filter-clara', 'grant_officer');
    await app.services.auth.inviteUser({ label: 'test' }, { email: 'filter-dora@filterliste.example', name: 'Dora', roles: ['ministry_reviewer'] });
    await app.services.auth.deactivate({ label: 'test' }, c.id);
    await new Browser(app).login(a.email);

    const liste = async (q: string) => {
      const res = await api(admin, 'GET', `/api/v1/konten?q=filterliste.example&${q}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { total: number; items: { email: string; status: string }[] };
    };
    const mails = (r: { items: { email: string }[] }) => r.items.map((i) => i.email.split('@')[0]);
    expect((await liste('')).total).toBe(4);
    expect(mails(await liste('rolle=it_dienstleister'))).toEqual(['filter-bernd']);
    expect(mails(await liste(`behoerde=${andereArs}`)).sort()).toEqual(['filter-anna', 'filter-bernd']);
    expect(mails(await liste('behoerde=nachbar')).sort()).toEqual(['filter-anna', 'filter-bernd']);
    expect(mails(await liste('status=deaktiviert'))).toEqual(['filter-clara']);
    expect(mails(await liste('status=eingeladen'))).toEqual(['filter-dora']);
    expect(mails(await liste('anmeldung=7'))).toEqual(['filter-anna']);
    expect(mails(await liste('anmeldung=nie')).sort()).toEqual(['filter-bernd', 'filter-clara', 'filter-dora']);
    const seite2 = await liste('proSeite=3&seite=2');
    expect(seite2.total).toBe(4);
    expect(seite2.items).toHaveLength(1);
    expect((await liste('seite=9')).total).toBe(4);
    expect((await api(admin, 'GET', '/api/v1/konten?rolle=hausmeister')).statusCode).toBe(400);
    // % and _ are searched as characters, not as wildcards.
    expect((await api(admin, 'GET', '/api/v1/konten?q=%25')).json().total).toBe(0);
    expect((await api(admin, 'GET', '/api/v1/konten?q=filter_anna')).json().total).toBe(0);

    const seite = await admin.get('/verwaltung/konten?q=filter-&status=aktiv');
    expect(seite.statusCode).toBe(200);
    expect(seite.body).toContain('filter-anna@filterliste.example');
    expect(seite.body).not.toContain('filter-clara@filterliste.example');
    expect(seite.body).toContain('Redaktion einer Kommune');
  });

  it('is for the ministry admin only', async () => {
    for (const role of ['ministry_reviewer', 'grant_officer', 'kommune_editor'] as const) {
      const b = new Browser(app);
      await b.login((await aUser(database, role, role === 'kommune_editor' ? [ars] : [])).email);
      expect((await b.get('/verwaltung/konten')).statusCode).toBe(403);
      expect((await b.get('/api/v1/konten')).statusCode).toBe(403);
    }
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/konten', '/api/v1/konten/{id}', '/api/v1/konten/einladungen', '/api/v1/konten/{id}/rollen', '/api/v1/konten/{id}/deaktivieren', '/api/v1/konten/rollen']),
    );
    expect(doc.paths['/api/v1/konten'].get.tags).toEqual(['konten']);
  });
});

describe('one-time passwords', () => {
  it('must be changed before anything else: pages lead to the password page, the API answers 403, public pages and logout stay open', async () => {
    const { user, password } = await app.services.auth.createUser({ label: 'test' }, { email: 'einmal@test.example', name: 'Einmal', role: 'ministry_reviewer' });
    const b = new Browser(app);
    const login = await b.login(user.email, password as string);
    expect(login.headers.location).toBe('/konto/passwort');
    for (const url of ['/konto', '/verwaltung/praedikat', '/konto/tokens', '/konto/sitzungen']) {
      const res = await b.get(url);
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location, url).toBe('/konto/passwort');
    }
    const token = csrfOf((await b.get('/konto/passwort')).body);
    const post = await b.post('/konto/tokens', { name: 'x', umfang: 'lesen', gueltigTage: '30', _csrf: token });
    expect(post.statusCode).toBe(303);
    expect(post.headers.location).toBe('/konto/passwort');
    const [{ n }] = await rows<{ n: number }>(sql`select count(*)::int as n from api_tokens where user_id = ${user.id}`);
    expect(n).toBe(0);
    const apiRes = await app.inject({ method: 'GET', url: '/api/v1/praedikat/antraege', headers: { cookie: b.cookieHeader() } });
    expect(apiRes.statusCode).toBe(403);
    expect(apiRes.json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await b.get('/')).statusCode).toBe(200);
    expect((await b.get('/datenschutz')).statusCode).toBe(200);
    expect((await b.get('/assets/app.css')).statusCode).toBe(200);

    const change = await b.post('/konto/passwort', { current: password as string, password: NEUES_PASSWORT, confirm: NEUES_PASSWORT, _csrf: token });
    expect(change.statusCode).toBe(303);
    expect((await b.get('/konto')).statusCode).toBe(200);
    expect((await b.get('/verwaltung/praedikat')).statusCode).toBe(200);
  });

  it('logout works before the change', async () => {
    const { user, password } = await app.services.auth.createUser({ label: 'test' }, { email: 'einmal2@test.example', name: 'Einmal 2', role: 'grant_officer' });
    const b = new Browser(app);
    await b.login(user.email, password as string);
    const out = await b.post('/abmelden', { _csrf: csrfOf((await b.get('/konto/passwort')).body) });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/?abgemeldet=1');
  });
});

describe('accounts of the state login (OpenID Connect)', () => {
  const OIDC = {
    OIDC_ISSUER: 'http://127.0.0.1:9/realms/land',
    OIDC_CLIENT_ID: 'digitales-amt',
    OIDC_CLIENT_SECRET: 'geheim',
    OIDC_ROLLEN_ZUORDNUNG: 'stmd-pruefung=ministry_reviewer,kommune=kommune_editor',
    OIDC_KONTEN_ANLEGEN: 'true',
  };

  it('the admin deactivates an account of the state login; its next login there is refused; its roles stay with the provider', async () => {
    const mitOidc = await buildTestApp(database, { env: OIDC });
    try {
      const oidc = mitOidc.services.oidc!;
      const { userId } = await oidc.mapToUser(OIDC.OIDC_ISSUER, 'sub-redaktion-1', { email: 'landes.login@einladungsstadt.example', email_verified: true, name: 'Lena Land', groups: ['kommune'], ars: [ars] });
      const b = new Browser(mitOidc);
      await b.login((await aUser(database, 'ministry_admin')).email);

      const rollen = await postForm(b, `/verwaltung/konten/${userId}`, `/verwaltung/konten/${userId}/rollen`, [['rollen', 'kommune_editor'], ['behoerden', andereArs]], mitOidc);
      expect(rollen.statusCode).toBe(409);
      expect(rollen.body).toContain('kommen vom Landes-Login');
      expect((await b.get(`/verwaltung/konten/${userId}`)).body).toContain('Dieses Konto meldet sich über den Landes-Login an.');

      expect((await postForm(b, `/verwaltung/konten/${userId}`, `/verwaltung/konten/${userId}/deaktivieren`, [], mitOidc)).statusCode).toBe(303);
      await expect(oidc.mapToUser(OIDC.OIDC_ISSUER, 'sub-redaktion-1', { email: 'landes.login@einladungsstadt.example', groups: ['kommune'], ars: [ars] })).rejects.toMatchObject({ code: 'OIDC_ACCOUNT_INACTIVE' });
      expect((await postForm(b, `/verwaltung/konten/${userId}`, `/verwaltung/konten/${userId}/reaktivieren`, [], mitOidc)).statusCode).toBe(303);
      expect((await oidc.mapToUser(OIDC.OIDC_ISSUER, 'sub-redaktion-1', { email: 'landes.login@einladungsstadt.example', groups: ['kommune'], ars: [ars] })).userId).toBe(userId);
    } finally {
      await mitOidc.close();
    }
  });

  it('the provider’s mapping replaces roles the admin gave a local account at its first login there', async () => {
    const mitOidc = await buildTestApp(database, { env: OIDC });
    try {
      const { user } = await app.services.auth.createUser({ label: 'test' }, { email: 'zwei.rollen@test.example', name: 'Zwei Rollen', roles: ['ministry_reviewer', 'grant_officer'], password: TEST_PASSWORD });
      await mitOidc.services.oidc!.mapToUser(OIDC.OIDC_ISSUER, 'sub-zwei', { email: 'zwei.rollen@test.example', email_verified: true, groups: ['stmd-pruefung'] });
      const [u] = await rows<{ role: string; zusatzrollen: string[] }>(sql`select role, zusatzrollen from users where id = ${user.id}`);
      expect(u).toEqual({ role: 'ministry_reviewer', zusatzrollen: [] });
    } finally {
      await mitOidc.close();
    }
  });
});
