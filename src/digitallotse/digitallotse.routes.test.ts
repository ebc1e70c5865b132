/** Digitallotse pages with `app.inject()`: registration (subsidy refused with reason), waiting list, attendance, certificate, access. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, aUser, buildTestApp } from '../../tests/support/app';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import { startTestSmtp, type TestSmtp } from '../../tests/support/smtp';
import { fixedClock } from '../shared/clock';
import type { Database } from '../shared/db';

let database: Database;
let app: FastifyInstance;
let smtp: TestSmtp;
let ars: string;
let editor: string;
let admin: string;
let kursId: string;
const clock = fixedClock('2030-03-04T09:00:00Z'); // after today: the test cookie jar drops cookies that expired by the real clock

beforeAll(async () => {
  database = await openTestDatabase();
  smtp = await startTestSmtp();
  app = await buildTestApp(database, { clock, env: smtp.env });
  ars = (await aBehoerde(database, { name: 'Kursdorf' })).ars;
  editor = (await aUser(database, 'kommune_editor', [ars])).email;
  admin = (await aUser(database, 'ministry_admin')).email;
});
afterAll(async () => {
  await app.close();
  await smtp.close();
  await database.close();
});

describe('the ministry', () => {
  it('creates a course date and re-renders the form with messages when input is missing', async () => {
    const b = new Browser(app);
    await b.login(admin);
    const bad = await b.submit('/verwaltung/digitallotse', '/verwaltung/digitallotse/kurse', { titel: '', beginn: 'morgen', ort: 'BVS', plaetze: '0', gebuehr: 'viel' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Bitte geben Sie einen Titel an.');
    expect(bad.body).toContain('Bitte geben Sie die Gebühr in Euro an');
    expect(bad.body).toContain('href="#plaetze"');
    const ok = await b.submit('/verwaltung/digitallotse', '/verwaltung/digitallotse/kurse', { titel: 'Grundkurs Frühjahr', beginn: '2030-04-15', ort: 'BVS Holzhausen', plaetze: '1', gebuehr: '890,00' });
    expect(ok.statusCode).toBe(303);
    const page = await b.get('/verwaltung/digitallotse?meldung=kurs');
    expect(page.body).toContain('Der Kurstermin ist angelegt.');
    kursId = page.body.match(/href="\/verwaltung\/digitallotse\/kurse\/([0-9a-f-]{36})"/)![1];
    await b.submit('/verwaltung/digitallotse', '/verwaltung/digitallotse/kurse', { titel: 'Grundkurs online', beginn: '2030-05-06', ort: 'Videokonferenz', online: 'ja', plaetze: '10', gebuehr: '890' });
  });

  it('is the only one to see the ministry pages', async () => {
    const b = new Browser(app);
    await b.login(editor);
    expect((await b.get('/verwaltung/digitallotse')).statusCode).toBe(403);
    expect((await new Browser(app).get('/verwaltung/digitallotse')).statusCode).toBe(302);
  });
});

describe('a Kommune editor', () => {
  it('sees the courses publicly with places, fee and the subsidy rule', async () => {
    const page = await new Browser(app).get('/digitallotse');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Grundkurs Frühjahr');
    expect(page.body).toContain('15.04.2030 bis 18.04.2030');
    expect(page.body).toContain('1 von 1 Plätzen frei');
    expect(page.body).toContain('für <strong>eine</strong> Mitarbeiterin oder einen Mitarbeiter je Gemeinde, Landkreis oder Bezirk');
    const kurs = await new Browser(app).get(`/digitallotse/kurse/${kursId}`);
    expect(kurs.body).toContain('Informationssicherheit und Datenschutz');
    expect(kurs.body).toContain('Melden Sie sich an');
    expect(kurs.body).not.toContain('Verbindlich anmelden');
  });

  it('registers a subsidised employee, gets the confirmation mail, and a second subsidised place is refused with the reason', async () => {
    const b = new Browser(app);
    await b.login(editor);
    const seite = `/digitallotse/kurse/${kursId}`;
    const bad = await b.submit(seite, `${seite}/anmelden`, { ars, teilnehmerName: '', teilnehmerEmail: 'kein-mail' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Bitte geben Sie eine gültige E-Mail-Adresse an');
    const ok = await b.submit(seite, `${seite}/anmelden`, { ars, teilnehmerName: 'Lea Lotsin', teilnehmerEmail: 'lea@kursdorf.example', foerderung: 'ja' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/digitallotse?meldung=platz');
    const [mail] = await smtp.waitFor(1);
    expect(mail.subject).toBe('Anmeldung bestätigt: Grundkurs Frühjahr');
    expect(mail.text).toMatch(/Eigenanteil Ihrer Behörde: 178,00\s€ \(der Freistaat übernimmt 80 %\)/);

    const zweite = await b.submit(seite, `${seite}/anmelden`, { ars, teilnehmerName: 'Max Zweiter', teilnehmerEmail: 'max@kursdorf.example', foerderung: 'ja' });
    expect(zweite.statusCode).toBe(409);
    expect(zweite.body).toContain('Die Behörde hat ihren geförderten Platz bereits vergeben (Lea Lotsin');
    expect(zweite.body).toContain('href="#foerderung"');
    expect(zweite.body).toContain('value="Max Zweiter"');
  });

  it('lands on the waiting list when the course is full, and sees it in the list', async () => {
    const b = new Browser(app);
    await b.login(editor);
    const seite = `/digitallotse/kurse/${kursId}`;
    expect((await b.get(seite)).body).toContain('Auf die Warteliste setzen');
    const res = await b.submit(seite, `${seite}/anmelden`, { ars, teilnehmerName: 'Max Zweiter', teilnehmerEmail: 'max@kursdorf.example' });
    expect(res.headers.location).toBe('/digitallotse?meldung=warteliste');
    const liste = await b.get('/digitallotse?meldung=warteliste');
    expect(liste.body).toContain('die Anmeldung steht auf der Warteliste');
    expect(liste.body).toMatch(/Max Zweiter<\/th><td[^>]*>Kursdorf<\/td><td[^>]*>Warteliste/);
    await smtp.waitFor(2);
    expect(smtp.received[1].subject).toBe('Warteliste: Grundkurs Frühjahr');
  });

  it('gets the certificate once the ministry recorded all six modules', async () => {
    const m = new Browser(app);
    await m.login(admin);
    const teilnahme = await m.get(`/verwaltung/digitallotse/kurse/${kursId}`);
    expect(teilnahme.body).toContain('Lea Lotsin – Kursdorf');
    const anmeldungId = teilnahme.body.match(/\/verwaltung\/digitallotse\/anmeldungen\/([0-9a-f-]{36})\/anwesenheit/)![1];
    const token = teilnahme.body.match(/name="_csrf" value="([^"]+)"/)![1];
    const res = await app.inject({
      method: 'POST',
      url: `/verwaltung/digitallotse/anmeldungen/${anmeldungId}/anwesenheit`,
      headers: { cookie: m.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(token)}&modul=1&modul=2&modul=3&modul=4&modul=5&modul=6`,
    });
    expect(res.statusCode).toBe(303);
    expect((await m.get(res.headers.location as string)).body).toContain('Abgeschlossen');

    const b = new Browser(app);
    await b.login(editor);
    const liste = await b.get('/digitallotse');
    expect(liste.body).toContain(`/digitallotse/anmeldungen/${anmeldungId}/teilnahmebescheinigung.pdf`);
    const pdf = await b.get(`/digitallotse/anmeldungen/${anmeldungId}/teilnahmebescheinigung.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await new Browser(app).get(`/digitallotse/anmeldungen/${anmeldungId}/teilnahmebescheinigung.pdf`)).statusCode).toBe(302);

    const api = await app.inject({ method: 'GET', url: `/api/v1/behoerden/${ars}/digitallotse` });
    expect(api.json()).toMatchObject({ ars, hatDigitallotse: true });
    expect(JSON.stringify(api.json())).not.toContain('Lea');
  });

  it('cancels the waiting-list registration', async () => {
    const b = new Browser(app);
    await b.login(editor);
    const liste = await b.get('/digitallotse');
    const id = liste.body.match(/\/digitallotse\/anmeldungen\/([0-9a-f-]{36})\/stornieren/)![1];
    const res = await b.submit('/digitallotse', `/digitallotse/anmeldungen/${id}/stornieren`, {});
    expect(res.headers.location).toBe('/digitallotse?meldung=storniert');
    expect((await b.get('/digitallotse')).body).toMatch(/Max Zweiter<\/th><td[^>]*>Kursdorf<\/td><td[^>]*>Storniert/);
  });
});
