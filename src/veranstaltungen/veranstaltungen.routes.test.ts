/** Events with `app.inject()`: planning, registration with double opt-in, full events, .ics parsed by ical.js, reminders, attendance. */
import type { FastifyInstance } from 'fastify';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, aUser, buildTestApp } from '../../tests/support/app';
import { openTestDatabase } from '../../tests/support/db';
import { startTestSmtp, type TestSmtp } from '../../tests/support/smtp';
import { fixedClock } from '../shared/clock';
import type { Database } from '../shared/db';
import { berlinZuUtc } from './veranstaltungen.routes';

let database: Database;
let app: FastifyInstance;
let smtp: TestSmtp;
let admin: string;
let id: string;
// After today: the test cookie jar drops cookies that expired by the real clock.
const clock = fixedClock('2030-06-01T08:00:00Z');

beforeAll(async () => {
  database = await openTestDatabase();
  smtp = await startTestSmtp();
  app = await buildTestApp(database, { clock, env: { ...smtp.env, PUBLIC_BASE_URL: 'https://digitales-amt.bayern.example' } });
  admin = (await aUser(database, 'ministry_admin')).email;
});
afterAll(async () => {
  await app.close();
  await smtp.close();
  await database.close();
});

describe('times in Bavaria', () => {
  it('converts wall-clock times to UTC in summer and in winter', () => {
    expect(berlinZuUtc('2030-06-10', '10:00').toISOString()).toBe('2030-06-10T08:00:00.000Z');
    expect(berlinZuUtc('2030-12-10', '10:00').toISOString()).toBe('2030-12-10T09:00:00.000Z');
  });
});

describe('virtual information events', () => {
  it('the ministry plans an event (form errors re-rendered)', async () => {
    const m = new Browser(app);
    await m.login(admin);
    const bad = await m.submit('/verwaltung/veranstaltungen', '/verwaltung/veranstaltungen', { titel: 'BayernID', thema: 'BayernID', datum: '2030-06-02', von: '11:00', bis: '10:00', link: 'http://x', kapazitaet: '2' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Das Ende muss nach dem Beginn liegen.');
    expect(bad.body).toContain('Bitte geben Sie den Einwahllink mit https:// an.');
    const ok = await m.submit('/verwaltung/veranstaltungen', '/verwaltung/veranstaltungen', {
      titel: 'BayernID, Postkorb; E-Payment kompakt',
      thema: 'BayernID',
      beschreibung: 'Was Kommunen heute verlinken können.',
      datum: '2030-06-02',
      von: '10:00',
      bis: '11:30',
      link: 'https://video.bayern.example/raum/42',
      kapazitaet: '1',
    });
    expect(ok.statusCode).toBe(303);
    const liste = await new Browser(app).get('/veranstaltungen');
    expect(liste.body).toContain('BayernID, Postkorb; E-Payment kompakt');
    expect(liste.body).toContain('1 von 1 Plätzen frei');
    expect(liste.body).not.toContain('video.bayern.example');
    id = liste.body.match(/href="\/veranstaltungen\/([0-9a-f-]{36})"/)![1];
  });

  it('registers without an account: one confirmation mail with nothing of the form in it; the place is taken only when confirmed', async () => {
    const b = new Browser(app);
    const seite = `/veranstaltungen/${id}`;
    const bad = await b.submit(seite, `${seite}/anmelden`, { name: '', email: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Bitte geben Sie Ihren Namen an.');
    const spaet = new Browser(app);
    const token = (await spaet.get(seite)).body.match(/name="_csrf" value="([^"]+)"/)![1];
    const ok = await b.submit(seite, `${seite}/anmelden`, { name: 'Erika Muster', email: 'erika@gemeinde.example', organisation: 'Gemeinde Musterdorf' });
    expect(ok.headers.location).toBe(`${seite}?meldung=angemeldet`);
    expect((await b.get(ok.headers.location as string)).body).toContain('Bitte bestätigen Sie Ihre Anmeldung über den Link');
    const [bitte] = await smtp.waitFor(1);
    expect(bitte.subject).toBe('Bitte bestätigen Sie Ihre Anmeldung: BayernID, Postkorb; E-Payment kompakt');
    expect(bitte.text).not.toContain('Erika Muster');
    expect(bitte.text).not.toContain('Gemeinde Musterdorf');
    expect(bitte.text).not.toContain('video.bayern.example');
    const link = new URL(bitte.text?.match(/https:\/\/digitales-amt\.bayern\.example\/veranstaltungen\/[0-9a-f-]{36}\/bestaetigen\?t=[A-Za-z0-9_-]+/)?.[0] as string);
    // Unconfirmed: no place taken, no reminder, and the same address cannot make a second mail go out.
    expect((await new Browser(app).get('/veranstaltungen')).body).toContain('1 von 1 Plätzen frei');
    const nochmal = await b.submit(seite, `${seite}/anmelden`, { name: 'Erika Muster', email: 'ERIKA@gemeinde.example' });
    expect(nochmal.statusCode).toBe(409);
    expect(nochmal.body).toContain('schon einen Bestätigungslink geschickt');
    expect(await app.services.veranstaltungen.erinnere()).toEqual({ erinnert: 0 });

    // The link opens a page with a button; only the POST confirms.
    expect((await app.inject({ method: 'GET', url: `${seite}/bestaetigen?t=${'x'.repeat(43)}` })).statusCode).toBe(404);
    const bestaetigen = await b.get(`${link.pathname}${link.search}`);
    expect(bestaetigen.statusCode).toBe(200);
    expect(bestaetigen.body).toContain('Anmeldung bestätigen</span>');
    expect((await new Browser(app).get('/veranstaltungen')).body).toContain('1 von 1 Plätzen frei');
    const res = await b.submit(`${link.pathname}${link.search}`, `${seite}/bestaetigen`, { t: link.searchParams.get('t') as string });
    expect(res.headers.location).toBe(`${seite}?meldung=bestaetigt`);
    expect((await b.get(res.headers.location as string)).body).toContain('Sie sind angemeldet');
    const mails = await smtp.waitFor(2);
    expect(mails[1].subject).toBe('Anmeldung bestätigt: BayernID, Postkorb; E-Payment kompakt');
    expect(mails[1].text).toContain('Einwahl: https://video.bayern.example/raum/42');
    expect(mails[1].text).toContain('Sonntag, 2. Juni 2030 um 10:00 bis 11:30 Uhr');
    expect(mails[1].text).toContain(`https://digitales-amt.bayern.example/veranstaltungen/${id}/termin.ics`);
    // The link works once.
    expect((await b.get(`${link.pathname}${link.search}`)).statusCode).toBe(404);

    const voll = await spaet.post(`${seite}/anmelden`, { _csrf: token, name: 'Max Zu Spät', email: 'max@gemeinde.example' });
    expect(voll.statusCode).toBe(409);
    expect(voll.body).toContain('Die Veranstaltung ist ausgebucht.');
    // The service names the refusal; the page above shows its German message.
    const grund = await app.services.veranstaltungen.meldeAn(id, { name: 'Eva Zu Spät', email: 'eva@gemeinde.example' }).catch((e: unknown) => e);
    expect(grund).toMatchObject({ code: 'CONFLICT', status: 409, reason: 'VERANSTALTUNG_AUSGEBUCHT' });
    expect((await spaet.get(seite)).body).toContain('Eine Anmeldung ist nicht mehr möglich.');
  });

  it('serves the event and the feed as iCalendar that ical.js reads', async () => {
    const res = await app.inject({ method: 'GET', url: `/veranstaltungen/${id}/termin.ics` });
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const ev = new ICAL.Event(new ICAL.Component(ICAL.parse(res.body)).getFirstSubcomponent('vevent')!);
    expect(ev.uid).toBe(`${id}@digitales-amt.bayern.example`);
    expect(ev.summary).toBe('BayernID, Postkorb; E-Payment kompakt');
    expect(ev.startDate.toJSDate().toISOString()).toBe('2030-06-02T08:00:00.000Z');
    expect(ev.endDate.toJSDate().toISOString()).toBe('2030-06-02T09:30:00.000Z');
    expect(res.body).not.toContain('video.bayern.example');
    const feed = await app.inject({ method: 'GET', url: '/veranstaltungen.ics' });
    expect(new ICAL.Component(ICAL.parse(feed.body)).getAllSubcomponents('vevent')).toHaveLength(1);
  });

  it('lets calendars revalidate the feed: ETag and 304 while the events are unchanged', async () => {
    const feed = await app.inject({ method: 'GET', url: '/veranstaltungen.ics' });
    const etag = feed.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    // DTSTAMP names the moment the file was made; the ETag covers the events only.
    const again = await app.inject({ method: 'GET', url: '/veranstaltungen.ics', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const einzeln = await app.inject({ method: 'GET', url: `/veranstaltungen/${id}/termin.ics` });
    expect(einzeln.headers.etag).toMatch(/^"[\w-]{27}"$/);
    expect(einzeln.headers.etag).not.toBe(etag);
    expect((await app.inject({ method: 'GET', url: '/veranstaltungen.ics', headers: { 'if-none-match': '"anders"' } })).statusCode).toBe(200);
  });

  it('sends the reminder once, the day before, to the confirmed registration', async () => {
    const vorher = smtp.received.length;
    expect(await app.services.veranstaltungen.erinnere()).toEqual({ erinnert: 1 });
    const mails = await smtp.waitFor(vorher + 1);
    expect(mails[vorher].subject).toBe('Erinnerung: BayernID, Postkorb; E-Payment kompakt');
    expect(await app.services.veranstaltungen.erinnere()).toEqual({ erinnert: 0 });
  });

  it('records attendance', async () => {
    const m = new Browser(app);
    await m.login(admin);
    const seite = await m.get(`/verwaltung/veranstaltungen/${id}`);
    expect(seite.body).toContain('Erika Muster (erika@gemeinde.example, Gemeinde Musterdorf) – erinnert');
    const anmeldung = seite.body.match(/name="anwesend" value="([0-9a-f-]{36})"/)![1];
    const res = await m.submit(`/verwaltung/veranstaltungen/${id}`, `/verwaltung/veranstaltungen/${id}/teilnahme`, { anwesend: anmeldung });
    expect(res.statusCode).toBe(303);
    expect((await m.get(res.headers.location as string)).body).toMatch(/value="[0-9a-f-]{36}" checked/);
    expect((await new Browser(app).get(`/verwaltung/veranstaltungen/${id}`)).statusCode).toBe(302);
  });
  it('mails one address at most three confirmation links a day, whatever is typed into the form', async () => {
    const ministerium = { ...(await aUser(database, 'ministry_admin')), behoerden: [] };
    const termine = [];
    for (let i = 0; i < 4; i++) {
      termine.push(
        await app.services.veranstaltungen.legeAn(ministerium, {
          titel: `Postkorb ${i}`,
          thema: 'Postkorb',
          beschreibung: '',
          beginn: new Date(`2030-07-0${i + 1}T08:00:00Z`),
          ende: new Date(`2030-07-0${i + 1}T09:00:00Z`),
          link: 'https://video.bayern.example/raum/7',
          kapazitaet: 50,
        }),
      );
    }
    const vorher = smtp.received.length;
    const stati = [];
    for (const t of termine) {
      const b = new Browser(app);
      stati.push((await b.submit(`/veranstaltungen/${t.id}`, `/veranstaltungen/${t.id}/anmelden`, { name: 'Kaufen Sie jetzt https://spam.example', email: 'opfer@irgendwo.example' })).statusCode);
    }
    expect(stati).toEqual([303, 303, 303, 409]);
    const neu = await smtp.waitFor(vorher + 3);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.received).toHaveLength(vorher + 3);
    for (const m of neu.slice(vorher)) {
      expect(m.subject).toMatch(/^Bitte bestätigen Sie Ihre Anmeldung: Postkorb \d$/);
      expect(m.text).not.toContain('spam.example');
    }
  });
});
