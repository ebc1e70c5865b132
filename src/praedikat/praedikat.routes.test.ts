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
  // The signet is re-read after SIGNET_CACHE_TTL_SECONDS (docs/signet.md); 0 here, so the test sees
  // a status change at once and not only after the default 10 s.
  app = await buildTestApp(database, { env: { ...smtp.env, SIGNET_CACHE_TTL_SECONDS: '0' } });
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

  // Three people, both steps and every public place checked before, between and after: give it time on a busy machine.
  it('revokes only with two reviewers: after the first nothing public changes, after the second the files are gone and the page says so', { timeout: 180_000 }, async () => {
    const nr = (await app.inject({ method: 'GET', url: `/api/v1/behoerden/${ars}/praedikat` })).json().zertifikatNr as string;
    const admin = new Browser(app);
    await admin.login((await aUser(database, 'ministry_admin')).email);
    const zweite = new Browser(app);
    await zweite.login(reviewerB);
    const kommune = new Browser(app);
    await kommune.login(editor);
    const offentlich = async () => {
      const seite = (await app.inject({ method: 'GET', url: `/behoerden/${ars}` })).body;
      const pruefen = (await app.inject({ method: 'GET', url: `/pruefen/${nr}` })).body;
      return {
        api: (await app.inject({ method: 'GET', url: `/api/v1/behoerden/${ars}/praedikat` })).json(),
        seite,
        pruefen,
        // What a visitor sees, without the parts that change by themselves (time of reading, form tokens).
        sichtbar: {
          box: seite.includes('praedikat-status-hinweis'),
          status: pruefen.match(/Status: [^<]+/)?.[0],
          einbinden: pruefen.includes('snippet-160'),
          signet: (await app.inject({ method: 'GET', url: `/signet/${nr}.svg` })).body.includes('WIDERRUFEN'),
        },
        urkunde: (await app.inject({ method: 'GET', url: `/pruefen/${nr}/urkunde.pdf` })).statusCode,
        schild: (await kommune.get(`/praedikat/${nr}/schild.pdf?format=A4`)).statusCode,
      };
    };
    const ohneZeit = (o: Awaited<ReturnType<typeof offentlich>>) => ({ api: o.api, sichtbar: o.sichtbar, urkunde: o.urkunde, schild: o.schild });
    const vorher = await offentlich();
    expect(vorher).toMatchObject({ urkunde: 200, schild: 200, api: { status: 'gueltig' }, sichtbar: { box: false, einbinden: true, signet: false } });

    // The Akte offers no one-click revocation; the confirmation page names the consequences.
    const akte = await admin.get(`/verwaltung/behoerden/${ars}/akte`);
    expect(akte.body).not.toContain('Endgültig widerrufen');
    expect(akte.body).toContain(`href="/verwaltung/praedikate/${nr}/widerrufen"`);
    const bestaetigung = await admin.get(`/verwaltung/praedikate/${nr}/widerrufen`);
    expect(bestaetigung.statusCode).toBe(200);
    for (const folge of ['1 offene Schild-Bestellung wird storniert', ', 410)', 'nicht mehr angeboten', 'Sperrfrist von 6 Monaten', 'Solange keine zweite Person bestätigt']) {
      expect(bestaetigung.body).toContain(folge);
    }
    const leer = await admin.post(`/verwaltung/praedikate/${nr}/widerrufen`, { _csrf: csrfOf(bestaetigung.body), grund: '' });
    expect(leer.statusCode).toBe(400);
    expect(leer.body).toContain('Bitte nennen Sie den Grund für die Kommune.');
    const res = await admin.post(`/verwaltung/praedikate/${nr}/widerrufen`, { _csrf: csrfOf(bestaetigung.body), grund: 'Interner Grund: falsche Angaben im Antrag.', oeffentlicherGrund: 'Die Angaben im Antrag trafen nicht zu.' });
    expect(res.statusCode).toBe(303);
    expect((await admin.get(res.headers.location as string)).body).toContain('Der Widerruf ist beantragt.');
    expect(ohneZeit(await offentlich())).toEqual(ohneZeit(vorher));
    const selbst = await admin.post(`/verwaltung/praedikate/${nr}/widerrufen`, { _csrf: csrfOf(bestaetigung.body), grund: '' });
    expect(selbst.statusCode).toBe(409);
    expect(selbst.body).toContain('Vier-Augen-Prinzip: Sie haben den Widerruf beantragt.');

    // The second reviewer finds it on the work list and confirms it.
    const liste = await zweite.get('/verwaltung/praedikat');
    expect(liste.body).toContain('Vier-Augen-Maßnahmen, die auf eine zweite Person warten (1)');
    const seite2 = await zweite.get(`/verwaltung/praedikate/${nr}/widerrufen`);
    expect(seite2.body).toContain('Widerruf bestätigen');
    expect(seite2.body).toContain('Interner Grund: falsche Angaben im Antrag.');
    const ok = await zweite.post(`/verwaltung/praedikate/${nr}/widerrufen`, { _csrf: csrfOf(seite2.body), grund: '' });
    expect(ok.statusCode).toBe(303);
    expect((await zweite.get(ok.headers.location as string)).body).toContain('Das Prädikat ist widerrufen');

    const nachher = await offentlich();
    expect(nachher.api).toMatchObject({ status: 'widerrufen', statusGrund: 'Die Angaben im Antrag trafen nicht zu.' });
    expect(nachher.urkunde).toBe(410);
    expect(nachher.schild).toBe(410);
    const gone = await kommune.get(`/praedikat/${nr}/schild.pdf?format=A4`);
    expect(gone.headers['content-type']).toContain('text/html');
    expect(gone.body).toContain('Die Druckdatei des Schildes ist nicht mehr verfügbar');
    expect(gone.body).toContain('Die Angaben im Antrag trafen nicht zu.');
    expect(nachher.seite).toContain('Prädikat widerrufen am');
    expect(nachher.seite).toContain('Die Angaben im Antrag trafen nicht zu.');
    expect(nachher.seite).not.toContain('Interner Grund');
    expect(nachher.pruefen).not.toContain('snippet-160');
    expect(nachher.pruefen).not.toContain('Interner Grund');
    expect(nachher.sichtbar).toMatchObject({ box: true, einbinden: false, signet: true, status: 'Status: Widerrufen – Stadt Formularstadt' });
    const kommuneSeite = await kommune.get(`/verwaltung/behoerden/${ars}/praedikat`);
    expect(kommuneSeite.body).toContain('Ein neuer Antrag ist ab dem');
    expect(kommuneSeite.body).not.toContain('Interne Notiz');
    const again = await admin.post(`/verwaltung/praedikate/${nr}/wiederherstellen`, { _csrf: csrfOf(akte.body), grund: 'Versuch' });
    expect(again.statusCode).toBe(409);
    const schilder = await app.inject({ method: 'GET', url: '/verwaltung/praedikat', headers: { cookie: zweite.cookieHeader() } });
    expect(schilder.body).toContain('Offene Schild-Bestellungen (0)');
  });

  it('takes the same two steps through the API and lets either reviewer withdraw', async () => {
    const b = await aBehoerde(database, { name: 'Schnittstellenstadt, St', typ: 'stadt' });
    await verlinke(b.ars, 52);
    const ed = await aUser(database, 'kommune_editor', [b.ars]);
    const [r1, r2] = [await aUser(database, 'ministry_reviewer'), await aUser(database, 'ministry_reviewer')];
    const who = (u: { id: string; email: string }, role: 'ministry_reviewer' | 'kommune_editor', behoerden: string[] = []) => ({ id: u.id, email: u.email, role, behoerden });
    const antrag = await app.services.praedikat.beantragen(who(ed, 'kommune_editor', [b.ars]), b.ars, { kontaktName: 'A', kontaktEmail: 'a@b.example', websiteUrl: 'https://b.example/', schildGewuenscht: false });
    await app.services.praedikat.empfehlen(who(r1, 'ministry_reviewer'), antrag.id, 'verleihen', 'ok');
    const nr = (await app.services.praedikat.entscheiden(who(r2, 'ministry_reviewer'), antrag.id, 'verleihen', '')).zertifikatNr as string;
    const api = async (user: { email: string }, url: string, payload: unknown) => {
      const br = new Browser(app);
      await br.login(user.email);
      const csrf = (await br.get('/api/v1/csrf')).json().token as string;
      return app.inject({ method: 'POST', url, payload: payload as Record<string, string>, headers: { cookie: br.cookieHeader(), 'x-csrf-token': csrf } });
    };
    const erst = await api(r1, `/api/v1/praedikate/${nr}/widerrufen`, { grund: 'Test' });
    expect(erst.statusCode).toBe(200);
    expect(erst.json()).toEqual({ status: 'gueltig', schritt: 'beantragt', stornierteSchilder: 0 });
    const selbst = await api(r1, `/api/v1/praedikate/${nr}/widerrufen`, { grund: '' });
    expect(selbst.statusCode).toBe(409);
    expect(selbst.json()).toMatchObject({ code: 'CONFLICT', reason: 'PRAEDIKAT_VIER_AUGEN', message: expect.stringContaining('Vier-Augen-Prinzip') });
    expect((await api(r2, `/api/v1/praedikate/${nr}/zuruecknehmen`, {})).json()).toEqual({ art: 'widerrufen' });
    expect((await app.inject({ method: 'GET', url: `/api/v1/behoerden/${b.ars}/praedikat` })).json().status).toBe('gueltig');
    await api(r2, `/api/v1/praedikate/${nr}/widerrufen`, { grund: 'Zweiter Anlauf' });
    const zwei = await api(r1, `/api/v1/praedikate/${nr}/widerrufen`, { grund: '' });
    expect(zwei.json()).toMatchObject({ status: 'widerrufen', schritt: 'bestaetigt' });
    expect((await app.inject({ method: 'GET', url: `/api/v1/behoerden/${b.ars}/praedikat` })).json()).toMatchObject({ status: 'widerrufen', statusGrund: 'Vom Ministerium widerrufen.' });
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

describe('the work list', () => {
  beforeAll(async () => {
    // 105 open applications of Behörden in Oberfranken, set-based (one open application per Behörde).
    const editorId = (await aUser(database, 'ministry_admin')).id;
    await database.db.execute(sql`
      insert into behoerden (ars, name, kurzname, typ, land_key, regbez_key, kreis_key, suchname)
      select '09471' || lpad(n::text, 7, '0'), 'Listengemeinde ' || n, 'Listengemeinde ' || n, 'gemeinde', '09', '094', '09471', 'listengemeinde ' || n from generate_series(1, 105) n`);
    await database.db.execute(sql`
      insert into praedikat_antraege (behoerde_ars, status, kontakt_name, kontakt_email, website_url, schild_gewuenscht, vorpruefung, eingereicht_von, eingereicht_am)
      select '09471' || lpad(n::text, 7, '0'), 'eingereicht', 'K', 'k@x.example', 'https://x.example/', false,
        jsonb_build_object('am', now(), 'punkte', jsonb_build_array(jsonb_build_object('id', 'links', 'status', case when n % 5 = 0 then 'warnung' else 'ok' end))),
        ${editorId}, now() - (n || ' days')::interval
      from generate_series(1, 105) n`);
  });

  it('pages, filters and sorts, shows decided applications, and names unknown filter values instead of a 400', async () => {
    const p = new Browser(app);
    await p.login(reviewerA);
    const seite1 = await p.get('/verwaltung/praedikat?regierungsbezirk=094&proSeite=100');
    expect(seite1.statusCode).toBe(200);
    expect(seite1.body).toContain('Alle offenen: 105 Anträge');
    expect([...seite1.body.matchAll(/>Listengemeinde \d+</g)].length).toBe(100);
    expect(seite1.body).toContain('Nächste Seite');
    const alt = await p.get('/verwaltung/praedikat?regierungsbezirk=094&mindestAlterTage=90&maengel=ja');
    expect(alt.body).toContain('Alle offenen: 4 Anträge'); // 90, 95, 100, 105 days and a warning
    const neu = await p.get('/verwaltung/praedikat?regierungsbezirk=094&sort=neueste&proSeite=25');
    expect(neu.body.indexOf('>Listengemeinde 1<')).toBeLessThan(neu.body.indexOf('>Listengemeinde 2<'));
    const verliehen = await p.get('/verwaltung/praedikat?status=verliehen');
    expect(verliehen.statusCode).toBe(200);
    expect(verliehen.body).toContain('Formularstadt, St');
    const unbekannt = await p.get('/verwaltung/praedikat?status=quatsch&sort=x&regierungsbezirk=999&proSeite=1000');
    expect(unbekannt.statusCode).toBe(200);
    expect(unbekannt.body).toContain('Einige Filterangaben waren unbekannt');
    expect(unbekannt.body).toContain('Stand: „quatsch“');
    const api = await app.inject({ method: 'GET', url: '/api/v1/praedikat/antraege?status=verliehen', headers: { cookie: p.cookieHeader() } });
    expect(api.statusCode).toBe(200);
    expect(api.json().items.some((i: { name: string }) => i.name === 'Formularstadt, St')).toBe(true);
    expect((await app.inject({ method: 'GET', url: '/api/v1/praedikat/antraege?proSeite=101', headers: { cookie: p.cookieHeader() } })).statusCode).toBe(400);
  });
});
