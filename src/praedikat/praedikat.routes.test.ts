import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, aUser, buildTestApp } from '../../tests/support/app';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import { startTestSmtp, type TestSmtp } from '../../tests/support/smtp';
import type { Database } from '../shared/db';
import { renderSchild } from './praedikat.schild';

let database: Database;
let app: FastifyInstance;
let smtp: TestSmtp;
let ars: string;
let editor: string;
let reviewerA: string;
let reviewerB: string;

async function verlinke(behoerde: string, n: number) {
  await database.db.execute(sql`
    with v as (insert into online_verfahren (name, bereitstellung, art, url)
      select 'Verfahren ' || g, 'zentral', 'online', 'https://v.bayern.example/' || gen_random_uuid() from generate_series(1, ${n}::int) g returning id)
    insert into verlinkungen (behoerde_ars, verfahren_id) select ${behoerde}, id from v`);
  await app.services.verlinkung.alleNeuBerechnen();
}

const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)?.[1] as string;

beforeAll(async () => {
  database = await openTestDatabase();
  smtp = await startTestSmtp();
  app = await buildTestApp(database, { env: smtp.env });
  ars = (await aBehoerde(database, { name: 'Formularstadt, St', typ: 'stadt' })).ars;
  editor = (await aUser(database, 'kommune_editor', [ars])).email;
  reviewerA = (await aUser(database, 'ministry_reviewer')).email;
  reviewerB = (await aUser(database, 'ministry_reviewer')).email;
});
afterAll(async () => {
  await app.close();
  await smtp.close();
  await database.close();
});

describe('the whole journey through the pages', () => {
  it('shows the gap while not eligible and no application form', async () => {
    const b = new Browser(app);
    await b.login(editor);
    await verlinke(ars, 30);
    const page = await b.get(`/verwaltung/behoerden/${ars}/praedikat`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Es fehlen 20 zählende Online-Verfahren');
    expect(page.body).not.toContain('Antrag einreichen');
    const res = await b.post(`/verwaltung/behoerden/${ars}/praedikat/antrag`, { _csrf: csrfOf(page.body), kontaktName: 'X', kontaktEmail: 'x@y.example', websiteUrl: 'https://x.example/' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Es fehlen noch 20');
    b.cookies.set('lang', 'en');
    const en = await b.get(`/verwaltung/behoerden/${ars}/praedikat`);
    expect(en.body).toContain('<html lang="en"');
    expect(en.body).toContain('An application is not possible yet: 20 counting online procedures are missing.');
    expect(en.body).toContain('>Automatic pre-check</h3>');
  });

  it('applies, recommends, refuses the same reviewer, awards by a second one', async () => {
    await verlinke(ars, 25);
    const kommune = new Browser(app);
    await kommune.login(editor);
    const bad = await kommune.submit(`/verwaltung/behoerden/${ars}/praedikat`, `/verwaltung/behoerden/${ars}/praedikat/antrag`, {
      kontaktName: '',
      kontaktEmail: 'falsch',
      websiteUrl: 'https://www.formularstadt.example/',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#kontaktName"');
    expect(bad.body).toContain('value="https://www.formularstadt.example/"');
    const ok = await kommune.submit(`/verwaltung/behoerden/${ars}/praedikat`, `/verwaltung/behoerden/${ars}/praedikat/antrag`, {
      kontaktName: 'Eva Digital',
      kontaktEmail: 'digital@formularstadt.example',
      websiteUrl: 'https://www.formularstadt.example/',
      schildGewuenscht: 'ja',
      schildFormat: 'A4',
      lieferadresse: 'Marktplatz 1, 90000 Formularstadt',
    });
    expect(ok.statusCode).toBe(303);
    expect((await kommune.get(ok.headers.location as string)).body).toContain('Ihr Antrag ist eingereicht');

    const a = new Browser(app);
    await a.login(reviewerA);
    const liste = await a.get('/verwaltung/praedikat');
    expect(liste.body).toContain('Formularstadt, St');
    const antragUrl = liste.body.match(/href="(\/verwaltung\/praedikat\/antraege\/[0-9a-f-]+)"/)?.[1] as string;
    const antragSeite = await a.get(antragUrl);
    expect(antragSeite.body).toContain('Vorprüfung bei Einreichung');
    expect(antragSeite.body).toContain('55 zählende Online-Verfahren verlinkt');
    const emp = await a.post(`${antragUrl}/empfehlung`, { _csrf: csrfOf(antragSeite.body), wahl: 'verleihen', kommentar: 'Geprüft, alles in Ordnung.' });
    expect(emp.statusCode).toBe(303);
    const nachEmp = await a.get(antragUrl);
    expect(nachEmp.body).toContain('Vier-Augen-Prinzip: Sie haben die Empfehlung abgegeben');
    const selbst = await a.post(`${antragUrl}/entscheidung`, { _csrf: csrfOf(nachEmp.body), wahl: 'verleihen', kommentar: '' });
    expect(selbst.statusCode).toBe(409);

    const bb = new Browser(app);
    await bb.login(reviewerB);
    const seiteB = await bb.get(antragUrl);
    const ent = await bb.post(`${antragUrl}/entscheidung`, { _csrf: csrfOf(seiteB.body), wahl: 'verleihen', kommentar: '' });
    expect(ent.statusCode).toBe(303);

    const api = (await app.inject({ method: 'GET', url: `/api/v1/behoerden/${ars}/praedikat` })).json();
    expect(api).toMatchObject({ status: 'gueltig', zertifikatNr: expect.stringMatching(/^DA-\d{4}-\d{4}$/) });
    expect(api.historie[0].ereignis).toBe('verleihung');
    const publicList = (await app.inject({ method: 'GET', url: `/api/v1/behoerden/${ars}` })).json();
    expect(publicList.praedikat).toMatchObject({ zertifikatNr: api.zertifikatNr, status: 'gueltig' });

    const seite = await kommune.get(`/verwaltung/behoerden/${ars}/praedikat`);
    expect(seite.body).toContain('Prädikat gültig');
    expect(seite.body).toContain('schild.pdf?format=A3');
    const pdf = await kommune.get(`/praedikat/${api.zertifikatNr}/schild.pdf?format=A4`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const akte = await bb.get(`/verwaltung/behoerden/${ars}/akte`);
    expect(akte.body).toContain('Erste Prüfung: Verleihung empfohlen');
    expect(akte.body).toContain('Zweite Prüfung: Prädikat verliehen');
    expect(akte.body).toContain('Herzlichen Glückwunsch: Formularstadt, St ist „Digitales Amt“');
    const mails = await smtp.waitFor(2);
    expect(mails.map((m) => m.subject)).toContain('Herzlichen Glückwunsch: Formularstadt, St ist „Digitales Amt“');
  });

  it('is in English with the language cookie: municipality page, application form, work list, application and file', async () => {
    const kommune = new Browser(app);
    await kommune.login(editor);
    kommune.cookies.set('lang', 'en');
    const seite = await kommune.get(`/verwaltung/behoerden/${ars}/praedikat`);
    expect(seite.statusCode).toBe(200);
    expect(seite.body).toContain('<html lang="en"');
    expect(seite.body).toContain('“Digitales Amt” label: Stadt Formularstadt</h1>');
    expect(seite.body).toContain('Label valid');
    expect(seite.body).toContain('>History of the label</h2>');
    expect(seite.body).toContain('Sign A3 (PDF)');
    expect(seite.body).toContain('Awarded (');
    expect(seite.body).not.toContain('Verlauf des Prädikats');

    const andereArs = (await aBehoerde(database, { name: 'Englischhausen, M', typ: 'markt' })).ars;
    await verlinke(andereArs, 60);
    const anderer = new Browser(app);
    await anderer.login((await aUser(database, 'kommune_editor', [andereArs])).email);
    anderer.cookies.set('lang', 'en');
    const formular = await anderer.get(`/verwaltung/behoerden/${andereArs}/praedikat`);
    expect(formular.body).toContain('>Apply for the label</h2>');
    expect(formular.body).toContain('Automatic pre-check');
    expect(formular.body).toContain('Contact person');
    expect(formular.body).toContain('Submit the application');
    expect(formular.body).not.toContain('Antrag einreichen');

    const pruefer = new Browser(app);
    await pruefer.login(reviewerA);
    pruefer.cookies.set('lang', 'en');
    const liste = await pruefer.get('/verwaltung/praedikat');
    expect(liste.body).toContain('<html lang="en"');
    expect(liste.body).toContain('>Review: applications for the label</h1>');
    expect(liste.body).toContain('Run the re-check now');
    const akte = await pruefer.get(`/verwaltung/behoerden/${ars}/akte`);
    expect(akte.body).toContain('>File: Stadt Formularstadt</h1>');
    expect(akte.body).toContain('>Measures of the ministry</h2>');
    expect(akte.body).toContain('First review: award recommended');
    const antragUrl = akte.body.match(/href="(\/verwaltung\/praedikat\/antraege\/[0-9a-f-]+)"/)?.[1] as string;
    const antrag = await pruefer.get(antragUrl);
    expect(antrag.body).toContain('>Application: Stadt Formularstadt</h1>');
    expect(antrag.body).toContain('Pre-check at submission');
    expect(antrag.body).toContain('label awarded');
    expect(antrag.body).not.toContain('Vorprüfung bei Einreichung');
  });

  it('lets the ministry revoke with a reason, finally', async () => {
    const nr = (await app.inject({ method: 'GET', url: `/api/v1/behoerden/${ars}/praedikat` })).json().zertifikatNr;
    const admin = new Browser(app);
    await admin.login((await aUser(database, 'ministry_admin')).email);
    const akte = await admin.get(`/verwaltung/behoerden/${ars}/akte`);
    const leer = await admin.post(`/verwaltung/praedikate/${nr}/widerrufen`, { _csrf: csrfOf(akte.body), grund: '' });
    expect(leer.statusCode).toBe(400);
    const res = await admin.post(`/verwaltung/praedikate/${nr}/widerrufen`, { _csrf: csrfOf(akte.body), grund: 'Falsche Angaben im Antrag.' });
    expect(res.statusCode).toBe(303);
    expect((await admin.get(res.headers.location as string)).body).toContain(`Prädikat ${nr} widerrufen.`);
    const again = await admin.post(`/verwaltung/praedikate/${nr}/wiederherstellen`, { _csrf: csrfOf(akte.body), grund: 'Versuch' });
    expect(again.statusCode).toBe(409);
    expect((await app.inject({ method: 'GET', url: `/api/v1/behoerden/${ars}/praedikat` })).json().status).toBe('widerrufen');
  });
});

describe('access', () => {
  it('keeps the work list, the file and the print file from those who may not see them', async () => {
    const other = new Browser(app);
    await other.login((await aUser(database, 'kommune_editor', [(await aBehoerde(database)).ars])).email);
    expect((await other.get('/verwaltung/praedikat')).statusCode).toBe(403);
    expect((await other.get(`/verwaltung/behoerden/${ars}/akte`)).statusCode).toBe(403);
    expect((await other.get(`/verwaltung/behoerden/${ars}/praedikat`)).statusCode).toBe(403);
    const grant = new Browser(app);
    await grant.login((await aUser(database, 'grant_officer')).email);
    expect((await grant.get('/verwaltung/praedikat')).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/praedikat/antraege' })).statusCode).toBe(401);
  });
});

describe('sign print file', () => {
  it('is a tagged PDF in German with the embedded font and the name in its title', async () => {
    const name = 'Verwaltungsgemeinschaft Bad Königshofen i.Grabfeld';
    const pdf = (await renderSchild({ name, jahr: 2021, zertifikatNr: 'DA-2021-0007', format: 'A3' })).toString('latin1');
    expect(pdf).toContain('/StructTreeRoot');
    expect(pdf).toContain('/Lang (de-DE)');
    expect(pdf).toContain('/MarkInfo');
    expect(pdf).toMatch(/\/FontFile2?/);
    expect(pdf).toContain('/MediaBox [0 0 1190.55');
    // pdfkit writes the document title as a UTF-16BE literal string.
    const title = Buffer.from(`\ufeffSchild „Digitales Amt“ – ${name}`, 'utf16le').swap16().toString('latin1');
    expect(pdf).toContain(title);
  });
});
