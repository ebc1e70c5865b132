/**
 * Outreach with `app.inject()` and a real local SMTP server: selection filters, preview, sending
 * (rate-limited, resumable), mails received, unsubscribe without login.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, aUser, buildTestApp } from '../../tests/support/app';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import { startTestSmtp, type TestSmtp } from '../../tests/support/smtp';

import { fixedClock } from '../shared/clock';
import type { Database } from '../shared/db';
import { createOutreachRepository } from './outreach.repository';
import { createOutreachService } from './outreach.service';
import { abmeldeLink } from './outreach.token';
import { type SessionUser } from '../shared/handelnde';

let database: Database;
let app: FastifyInstance;
let smtp: TestSmtp;
let admin: string;
let zoegerlich: string;
let fleissig: string;
let aenderte: string;
let anderswo: string;
let ohneRedaktion: string;
const SECRET = 'outreach-test-geheimnis-0123456789-abcdefghij';

async function verlinke(ars: string, n: number) {
  if (n === 0) return;
  await database.db.execute(sql`
    with v as (insert into online_verfahren (name, bereitstellung, art, url)
      select 'Kommunal ' || g, 'kommunal', 'online', 'https://v.bayern.example/' || gen_random_uuid() from generate_series(1, ${n}::int) g returning id)
    insert into verlinkungen (behoerde_ars, verfahren_id) select ${ars}, id from v`);
}

beforeAll(async () => {
  database = await openTestDatabase();
  smtp = await startTestSmtp();
  app = await buildTestApp(database, { env: { ...smtp.env, SESSION_SECRET: SECRET, PUBLIC_BASE_URL: 'https://digitales-amt.bayern.example' } });
  zoegerlich = (await aBehoerde(database, { name: 'Zögerlingen', regbezKey: '091' })).ars;
  fleissig = (await aBehoerde(database, { name: 'Fleißheim', regbezKey: '091' })).ars;
  ohneRedaktion = (await aBehoerde(database, { name: 'Stillbach', regbezKey: '091' })).ars; // a Behörde without editors
  aenderte = (await aBehoerde(database, { name: 'Neulingen', regbezKey: '091' })).ars;
  anderswo = (await aBehoerde(database, { name: 'Fernau', regbezKey: '092' })).ars;
  await database.db.execute(sql`insert into online_verfahren (name, bereitstellung, art, url) values ('Zentraler Bauantrag', 'zentral', 'online', 'https://bauantrag.bayern.example/')`);
  await verlinke(zoegerlich, 10);
  await verlinke(fleissig, 40);
  await verlinke(aenderte, 5);
  await verlinke(anderswo, 3);
  await app.services.verlinkung.alleNeuBerechnen();
  // Neulingen changed a link last month.
  await database.db.execute(sql`insert into verlinkung_ereignisse (behoerde_ars, verfahren_id, aktion, actor_label, quelle, at)
    select ${aenderte}, verfahren_id, 'verlinkt', 'test', 'formular', now() - interval '20 days' from verlinkungen where behoerde_ars = ${aenderte} limit 1`);
  await aUser(database, 'kommune_editor', [zoegerlich], 'buergermeisterin@zoegerlingen.example');
  await aUser(database, 'kommune_editor', [zoegerlich], 'it@zoegerlingen.example');
  await aUser(database, 'kommune_editor', [fleissig], 'redaktion@fleissheim.example');
  await aUser(database, 'kommune_editor', [aenderte], 'redaktion@neulingen.example');
  await aUser(database, 'kommune_editor', [anderswo], 'redaktion@fernau.example');
  admin = (await aUser(database, 'ministry_admin')).email;
  await app.services.digitallotse.legeKursAn({ id: '00000000-0000-4000-8000-000000000000', email: 'x', role: 'ministry_admin', behoerden: [] } as unknown as SessionUser, {
    titel: 'Grundkurs Digitallotse – Holzhausen',
    beginn: '2099-03-02',
    ort: 'BVS Holzhausen',
    online: false,
    plaetze: 10,
    gebuehrCent: 89000,
  });
});
afterAll(async () => {
  await app.close();
  await smtp.close();
  await database.close();
});

describe('selection', () => {
  it('filters by share of the threshold, months without change and Regierungsbezirk', async () => {
    const m = new Browser(app);
    await m.login(admin);
    const a = await m.get('/verwaltung/outreach?anteilUnter=50&regbezKey=091');
    expect(a.statusCode).toBe(200);
    expect(a.body).toContain('3 Behörden ausgewählt, 2 mit erreichbarer Redaktion');
    expect(a.body).toContain('Zögerlingen');
    expect(a.body).toContain('10 von 50');
    expect(a.body).toContain('kein Konto: Brief (Serienbriefdatei)');
    expect(a.body).toContain('1 Behörden haben kein Konto auf der Plattform');
    expect(a.body).not.toContain('Fleißheim');
    expect(a.body).not.toContain('Fernau</th>');
    const b = await m.get('/verwaltung/outreach?anteilUnter=50&monateOhneAenderung=6&regbezKey=091');
    expect(b.body).toContain('2 Behörden ausgewählt, 1 mit erreichbarer Redaktion');
    expect(b.body).not.toContain('Neulingen</th>');
    expect((await m.get('/verwaltung/outreach?anteilUnter=500')).statusCode).toBe(400);
  });

  it('is for the ministry only', async () => {
    const b = new Browser(app);
    await b.login('redaktion@fleissheim.example');
    expect((await b.get('/verwaltung/outreach')).statusCode).toBe(403);
  });
});

describe('preview, sending and unsubscribing', () => {
  let kampagne: string;

  it('prepares one personal mail per editor and shows each before sending', async () => {
    const m = new Browser(app);
    await m.login(admin);
    const res = await m.submit('/verwaltung/outreach?anteilUnter=50&monateOhneAenderung=6&regbezKey=091', '/verwaltung/outreach', {
      anteilUnter: '50',
      monateOhneAenderung: '6',
      regbezKey: '091',
      titel: 'Herbst 2026: unter 50 %',
    });
    expect(res.statusCode).toBe(303);
    kampagne = (res.headers.location as string).match(/outreach\/([0-9a-f-]{36})/)![1];
    const seite = await m.get(res.headers.location as string);
    expect(seite.body).toContain('Stand: 2 wartet.');
    expect(seite.body).toContain('buergermeisterin@zoegerlingen.example – Zögerlingen: noch 40 Online-Verfahren bis zum Prädikat');
    expect(seite.body).toContain('Zögerlingen hat heute 10 zählende Online-Verfahren verlinkt; für das Prädikat „Digitales Amt“ sind 50 nötig. Es fehlen noch 40.');
    expect(seite.body).toContain('- Zentraler Bauantrag');
    expect(seite.body).toContain('02.03.2099 bis 05.03.2099: Grundkurs Digitallotse – Holzhausen');
    expect(seite.body).toContain('2 Mails jetzt senden');
    expect(smtp.received).toHaveLength(0);
    // Stillbach has no account: not dropped, but a letter in the mail-merge file.
    expect(seite.body).toContain('Behörden ohne Konto: Briefe (1)');
    expect(seite.body).toContain('Stillbach');
    const csv = await m.get(`/verwaltung/outreach/${kampagne}/briefe.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const [kopf, ...rest] = csv.body.split('\r\n');
    expect(kopf).toBe('ARS,Behörde,Art,Sitz,PLZ,Zählende Online-Verfahren,Schwelle,Es fehlen,Betreff,Brieftext');
    expect(rest.join('\r\n')).toContain(`${ohneRedaktion},Stillbach,Gemeinde,`);
    expect(csv.body).toContain(',0,50,50,Stillbach: noch 50 Online-Verfahren bis zum Prädikat „Digitales Amt“,"An Stillbach\r\n');
    expect(csv.body.endsWith('\r\n')).toBe(true);
  });

  it('sends at most N per minute and resumes after a crash without sending twice', async () => {
    const gewartet: number[] = [];
    const repo = createOutreachRepository(database.db);
    const s = app.services;
    // Time passes only while the run waits (ten minutes ago, so later tests find the minute free).
    const uhr = fixedClock(new Date(Date.now() - 10 * 60_000));
    const langsam = createOutreachService({
      repo,
      mailer: s.mailer,
      clock: uhr,
      verlinkung: s.verlinkung,
      digitallotse: s.digitallotse,
      veranstaltungen: s.veranstaltungen,
      settings: { mailsProMinute: 1, publicBaseUrl: 'https://digitales-amt.bayern.example', secret: SECRET, schwellen: { default: 50, bezirk: 30 } },
      warte: async (ms) => {
        gewartet.push(ms);
        uhr.advance(ms);
      },
    });
    // A crashed run left the first row `in_arbeit` long ago: it is taken again.
    await database.db.execute(sql`update outreach_empfaenger set status = 'in_arbeit', versucht_am = now() - interval '1 hour'
      where id = (select id from outreach_empfaenger where kampagne_id = ${kampagne} order by lower(an) limit 1)`);
    const ministerium = { id: '00000000-0000-4000-8000-000000000000', email: admin, role: 'ministry_admin', behoerden: [] } as unknown as SessionUser;
    const r = await langsam.sende(ministerium, kampagne);
    await r.lauf;
    // One mail per minute: one pause of a minute after the first; the run ends when nothing is left.
    expect(gewartet).toEqual([60_000]);
    const mails = await smtp.waitFor(2);
    expect(mails.map((x) => (x.to as { text: string }).text).sort()).toEqual(['buergermeisterin@zoegerlingen.example', 'it@zoegerlingen.example']);
    expect(mails[0].text).toContain('Es fehlen noch 40.');
    expect(mails[0].text).toMatch(/Abmelden: https:\/\/digitales-amt\.bayern\.example\/outreach\/abmelden\?e=[\w-]+&t=[\w-]+/);
    const log = await database.db.execute(sql`select count(*)::int as n from mails where art = 'outreach' and status = 'versendet'`);
    expect((log.rows[0] as { n: number }).n).toBe(2);
    // Sending again finds nothing to do: no mail twice.
    expect(await langsam.sendeStapel(kampagne, 10)).toBe(0);
    const m = new Browser(app);
    await m.login(admin);
    expect((await m.get(`/verwaltung/outreach/${kampagne}`)).body).toContain('Stand: 2 versendet.');
  });

  it('marks a row sent whose mail went out just before a crash, without sending it again', async () => {
    const [row] = (await database.db.execute(sql`select id from outreach_empfaenger where kampagne_id = ${kampagne} limit 1`)).rows as { id: string }[];
    await database.db.execute(sql`update outreach_empfaenger set status = 'in_arbeit', versucht_am = now() - interval '1 hour' where id = ${row.id}`);
    const vorher = smtp.received.length;
    expect(await app.services.outreach.sendeStapel(kampagne, 10)).toBe(1);
    expect(smtp.received).toHaveLength(vorher);
    const [st] = (await database.db.execute(sql`select status from outreach_empfaenger where id = ${row.id}`)).rows as { status: string }[];
    expect(st.status).toBe('versendet');
  });

  it('unsubscribes through the link without login, refuses forged links, and leaves the address out next time', async () => {
    const link = abmeldeLink('', SECRET, 'it@zoegerlingen.example');
    const b = new Browser(app);
    const page = await b.get(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Soll it@zoegerlingen.example keine Hinweise');
    const token = page.body.match(/name="_csrf" value="([^"]+)"/)![1];
    const url = new URL(link, 'http://x');
    const done = await b.post('/outreach/abmelden', { _csrf: token, e: url.searchParams.get('e')!, t: url.searchParams.get('t')! });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('it@zoegerlingen.example erhält keine Hinweise des Ministeriums zum Prädikat mehr.');
    const gefaelscht = await b.get(`/outreach/abmelden?e=${url.searchParams.get('e')}&t=${'A'.repeat(43)}`);
    expect(gefaelscht.statusCode).toBe(400);
    expect(gefaelscht.body).toContain('Dieser Link ist ungültig.');
    const m = new Browser(app);
    await m.login(admin);
    const auswahl = await m.get('/verwaltung/outreach?anteilUnter=50&monateOhneAenderung=6&regbezKey=091');
    expect(auswahl.body).toContain('buergermeisterin@zoegerlingen.example');
    expect(auswahl.body).not.toContain('it@zoegerlingen.example');
  });

  it('sends a new campaign from the page in the background, without the unsubscribed address', async () => {
    const m = new Browser(app);
    await m.login(admin);
    const filter = '/verwaltung/outreach?anteilUnter=50&monateOhneAenderung=6&regbezKey=091';
    const res = await m.submit(filter, '/verwaltung/outreach', { anteilUnter: '50', monateOhneAenderung: '6', regbezKey: '091', titel: 'Zweite Runde' });
    const seite = res.headers.location as string;
    expect((await m.get(seite)).body).toContain('Stand: 1 wartet.');
    const vorher = smtp.received.length;
    const start = await m.submit(seite, `${seite.split('?')[0]}/senden`, {});
    expect(start.statusCode).toBe(303);
    const mails = await smtp.waitFor(vorher + 1);
    expect((mails[vorher].to as { text: string }).text).toBe('buergermeisterin@zoegerlingen.example');
    for (let i = 0; i < 50 && !(await m.get(seite.split('?')[0])).body.includes('Stand: 1 versendet.'); i++) await new Promise((r) => setTimeout(r, 50));
    expect((await m.get(seite.split('?')[0])).body).toContain('Stand: 1 versendet.');
  });
});
