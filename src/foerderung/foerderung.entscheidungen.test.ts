/**
 * Decisions that hold in the Förderprogramm: the higher rate only from data or from two officers,
 * every failing rule shown before submission and a non-grantable application only with an
 * acknowledgement, no decision option pre-selected, no self-decisions, and a work list officers
 * can use (filters, sorting, pages of at most 100, decided applications, unknown values).
 */
import type { Handelnde } from '../shared/handelnde';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, buildTestApp } from '../../tests/support/app';
import { openTestDatabase } from '../../tests/support/db';
import type { Database } from '../shared/db';
import { eineEingabe, einePosition, einAntragsteller, sachbearbeitung } from './testing/fixtures';

let database: Database;
let app: FastifyInstance;
let officers: Handelnde[];

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database);
  officers = await sachbearbeitung(database, 3);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const login = async (email: string) => {
  const b = new Browser(app);
  expect((await b.login(email)).statusCode).toBe(303);
  return b;
};
const f = () => app.services.foerderung;
const fehlerCode = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string; message: string }) => `${e.code}: ${e.message}`);

describe('the 90 % rate without the official list', () => {
  it('cannot be claimed by the applicant: the API refuses `true`, the form ignores it, the rule says 80 %', async () => {
    const g = await einAntragsteller(database, app.services, { name: 'Stadt Nürnberg', typ: 'kreisfreie_stadt', dienste: 21 });
    const b = await login(g.editor.email);
    const { token } = (await b.get('/api/v1/csrf')).json();
    const post = (body: unknown) =>
      app.inject({ method: 'POST', url: '/api/v1/foerderung/antraege', headers: { cookie: b.cookieHeader(), 'x-csrf-token': token, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    const claimed = await post({ behoerdeArs: g.ars, besondererHandlungsbedarf: true });
    expect(claimed.statusCode).toBe(400);
    expect(claimed.body).toContain('besondererHandlungsbedarf is read-only');
    const ok = await post({ behoerdeArs: g.ars, besondererHandlungsbedarf: false, positionen: [{ art: 'software_kauf', bezeichnung: 'Software', betragCent: '1000000' }] });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().pruefung.foerdersatzProzent).toBe(80);
    expect(ok.json().foerdersatz).toMatchObject({ rmbh: false, grundlage: 'standard', liste: { status: 'fehlt' } });
    const form = await b.get(`/foerderung/antraege/neu?ars=${g.ars}`);
    expect(form.body).not.toContain('name="besondererHandlungsbedarf"');
    expect(form.body).toContain('Fördersatz: 80 %');
  });

  it('needs a proposal with reason and source by one officer and the confirmation of another', async () => {
    const [a, b, c] = officers;
    const g = await einAntragsteller(database, app.services, { dienste: 21 });
    const x = await f().erstelleEntwurf(g.editor, g.ars, eineEingabe());
    await f().reicheEin(g.editor, x.id);
    expect(await fehlerCode(f().schlageSatzVor(a, x.id, { begruendung: 'kurz', quelle: '' }))).toContain('VALIDATION_FAILED');
    await f().schlageSatzVor(a, x.id, { begruendung: 'Die Gemeinde liegt im Landkreis X, der in der Strukturkarte als RmbH ausgewiesen ist.', quelle: 'LEP Anhang 2, Strukturkarte' });
    expect((await f().akte(a, x.id)).pruefung?.foerdersatzProzent).toBe(80);
    expect(await fehlerCode(f().bestaetigeSatz(a, x.id))).toContain('Vier-Augen-Prinzip');
    expect(await fehlerCode(f().bestaetigeSatz(g.editor, x.id))).toContain('FORBIDDEN');
    await f().bestaetigeSatz(b, x.id);
    const akte = await f().akte(c, x.id);
    expect(akte.satz).toMatchObject({ rmbh: true, grundlage: 'bestaetigung' });
    expect(akte.pruefung?.foerdersatzProzent).toBe(90);
    expect(akte.pruefung?.regeln.find((r) => r.id === 'foerdersatz')?.quelle).toBe('bestaetigung');
    await f().pruefe(a, x.id, { empfehlung: 'bewilligen' });
    const { antrag } = await f().entscheide(c, x.id, { entscheidung: 'bewilligen' });
    expect(antrag.foerderbetragCent).toBe(900_000n);
    expect(antrag.besondererHandlungsbedarf).toBe(true);
  });

  it('lets either officer withdraw an open proposal', async () => {
    const [a, b] = officers;
    const g = await einAntragsteller(database, app.services, { dienste: 21 });
    const x = await f().erstelleEntwurf(g.editor, g.ars, eineEingabe());
    await f().reicheEin(g.editor, x.id);
    await f().schlageSatzVor(a, x.id, { begruendung: 'Ausgewiesen in der Strukturkarte des LEP.', quelle: 'LEP Anhang 2' });
    await f().zieheSatzZurueck(b, x.id);
    expect((await f().akte(a, x.id)).satz).toMatchObject({ rmbh: false, bestaetigung: null });
    expect(await fehlerCode(f().bestaetigeSatz(b, x.id))).toContain('keinen offenen Vorschlag');
  });
});

describe('rules before submission', () => {
  it('shows every failing rule with the amounts; a non-grantable application is submitted only with the acknowledgement and the work list flags it', async () => {
    const g = await einAntragsteller(database, app.services, { name: 'Markt Kleinbetrag', typ: 'markt', dienste: 21 });
    const x = await f().erstelleEntwurf(g.editor, g.ars, eineEingabe({ positionen: [einePosition({ betragCent: 200_000n })] }));
    const b = await login(g.editor.email);
    const form = await b.get(`/foerderung/antraege/${x.id}/bearbeiten`);
    expect(form.body).toContain('So kann der Antrag nicht bewilligt werden');
    expect(form.body).toContain('Die Zuwendung von 1.600,00 € liegt unter der Mindestzuwendung');
    expect(form.body).toContain('name="nichtFoerderfaehigBestaetigt"');
    const akte = await b.get(`/foerderung/antraege/${x.id}`);
    expect(akte.body).toContain('Diese Regeln wären beim Einreichen nicht erfüllt');
    const ohne = await b.submit(`/foerderung/antraege/${x.id}`, `/foerderung/antraege/${x.id}/einreichen`, {});
    expect(ohne.statusCode).toBe(400);
    expect(ohne.body).toContain('Mindestzuwendung');
    expect((await f().akte(g.editor, x.id)).antrag.status).toBe('entwurf');
    const mit = await b.submit(`/foerderung/antraege/${x.id}`, `/foerderung/antraege/${x.id}/einreichen`, { nichtFoerderfaehigBestaetigt: 'ja' });
    expect(mit.statusCode).toBe(303);
    expect((await f().akte(g.editor, x.id)).antrag).toMatchObject({ status: 'eingereicht', nichtFoerderfaehigBestaetigt: true });
    const o = await login(officers[0].email);
    const liste = await o.get('/foerderung/arbeitsliste?nichtFoerderfaehig=ja&proSeite=100');
    expect(liste.body).toContain(x.aktenzeichen);
    expect(liste.body).toContain('trotz Hinweis eingereicht');
  });

  it('pre-selects no decision option in the officers’ forms', async () => {
    const [a, b] = officers;
    const g = await einAntragsteller(database, app.services, { dienste: 21 });
    const x = await f().erstelleEntwurf(g.editor, g.ars, eineEingabe({ positionen: [einePosition({ betragCent: 200_000n })] }));
    await f().reicheEin(g.editor, x.id, { nichtFoerderfaehigBestaetigt: true });
    const radios = (html: string) => [...html.matchAll(/<input[^>]*type="radio"[^>]*>/g)].map((m) => m[0]);
    const pruefen = (await (await login(a.email)).get(`/foerderung/antraege/${x.id}`)).body;
    expect(radios(pruefen).length).toBe(2);
    expect(radios(pruefen).some((r) => r.includes('checked'))).toBe(false);
    const leer = await (await login(a.email)).submit(`/foerderung/antraege/${x.id}`, `/foerderung/antraege/${x.id}/pruefen`, { kommentar: 'x' });
    expect(leer.statusCode).toBe(400);
    expect(leer.body).toContain('Bitte wählen Sie eine Empfehlung.');
    await f().pruefe(a, x.id, { empfehlung: 'ablehnen', kommentar: 'Bagatellgrenze' });
    const entscheiden = (await (await login(b.email)).get(`/foerderung/antraege/${x.id}`)).body;
    expect(radios(entscheiden).length).toBe(2);
    expect(radios(entscheiden).some((r) => r.includes('checked'))).toBe(false);
  });
});

describe('no self-decisions', () => {
  it('keeps whoever submitted an application from every officer step, even after a change of role', async () => {
    const [a] = officers;
    const g = await einAntragsteller(database, app.services, { dienste: 21 });
    const x = await f().erstelleEntwurf(g.editor, g.ars, eineEingabe());
    await f().reicheEin(g.editor, x.id);
    await database.db.execute(sql`update users set role = 'grant_officer' where id = ${g.editor.id}`);
    const alsOfficer: Handelnde = { ...g.editor, role: 'grant_officer', behoerden: [] };
    expect(await fehlerCode(f().pruefe(alsOfficer, x.id, { empfehlung: 'bewilligen' }))).toContain('Befangenheit');
    expect(await fehlerCode(f().schlageSatzVor(alsOfficer, x.id, { begruendung: 'Liegt im Raum mit Handlungsbedarf.', quelle: 'LEP' }))).toContain('Befangenheit');
    expect((await f().akte(alsOfficer, x.id)).aktionen).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'pruefen', erlaubt: false, grund: expect.stringContaining('Befangenheit') })]));
    await f().pruefe(a, x.id, { empfehlung: 'bewilligen' });
    expect(await fehlerCode(f().entscheide(alsOfficer, x.id, { entscheidung: 'bewilligen' }))).toContain('Befangenheit');
  });
});

describe('the work list', () => {
  let g: Awaited<ReturnType<typeof einAntragsteller>>;
  beforeAll(async () => {
    g = await einAntragsteller(database, app.services, { name: 'Listenstadt', typ: 'stadt', regbezKey: '094', dienste: 21 });
    // 130 submitted applications of different ages and amounts, set-based. Submitted at noon in
    // Bavaria n days ago: the age counts calendar days there, and n × 24 hours back from late
    // evening lands on the next calendar day when summer time lies between.
    await database.db.execute(sql`
      with a as (
        insert into foerder_antraege (aktenzeichen, behoerde_ars, status, massnahme, erstellt_am, eingereicht_am, erstellt_von, eingereicht_von, aktualisiert_am)
        select 'DR-2020-' || lpad(n::text, 5, '0'), ${g.ars}, 'eingereicht', 'Massenantrag ' || n, t.am, t.am, ${g.editor.id}, ${g.editor.id}, now()
        from generate_series(1, 130) n
        cross join lateral (select (date_trunc('day', now() at time zone 'Europe/Berlin') - (n || ' days')::interval + interval '12 hours') at time zone 'Europe/Berlin' as am) t
        returning id, aktenzeichen)
      insert into foerder_kosten (antrag_id, position, art, bezeichnung, betrag_cent)
      select id, 1, 'software_kauf', 'Software', (substring(aktenzeichen from 9)::int * 1000)::bigint from a`);
  });

  it('pages by at most 100 with submission date, age and amounts, and filters and sorts', async () => {
    const o = await login(officers[1].email);
    const seite1 = await o.get('/foerderung/arbeitsliste');
    expect(seite1.statusCode).toBe(200);
    expect(seite1.body.match(/<tbody class="kern-table__body">[\s\S]*?<\/tbody>/)?.[0].match(/<tr>/g)?.length).toBe(100);
    expect(seite1.body).toContain('Nächste Seite');
    for (const spalte of ['Eingereicht am', 'Alter (Tage)', 'Beantragt', 'Zuwendung', 'Regelprüfung']) expect(seite1.body).toContain(spalte);
    const gefiltert = await o.get('/foerderung/arbeitsliste?regierungsbezirk=094&typ=stadt&mindestAlterTage=90&sort=betrag');
    const zeilen = [...gefiltert.body.matchAll(/>(DR-2020-\d{5})</g)].map((m) => m[1]);
    expect(zeilen.length).toBe(41); // submitted 90 to 130 days ago
    expect(zeilen[0]).toBe('DR-2020-00130');
    // Amounts of 10 to 1,300 EUR: all below what can reach the minimum grant, none above the cap.
    expect((await o.get('/foerderung/arbeitsliste?betrag=unter-mindest&regierungsbezirk=094')).body).toContain('130 Anträge');
    expect((await o.get('/foerderung/arbeitsliste?betrag=ueber-hoechst&regierungsbezirk=094')).body).toContain('Keine Anträge für diese Filter.');
    const api = await app.inject({ method: 'GET', url: '/foerderung/arbeitsliste?proSeite=500', headers: { cookie: o.cookieHeader() } });
    expect(api.statusCode).toBe(200);
    expect(api.body).toContain('Einträge je Seite: „500“');
  });

  it('reaches decided applications and answers unknown filter values with a notice, never a 400', async () => {
    const [a, b] = officers;
    const x = await f().erstelleEntwurf(g.editor, g.ars, eineEingabe({ massnahme: 'Bewilligte Maßnahme' }));
    await f().reicheEin(g.editor, x.id);
    await f().pruefe(a, x.id, { empfehlung: 'bewilligen' });
    await f().entscheide(b, x.id, { entscheidung: 'bewilligen' });
    const o = await login(a.email);
    expect((await o.get('/foerderung/arbeitsliste')).body).not.toContain(x.aktenzeichen);
    const bewilligt = await o.get('/foerderung/arbeitsliste?status=bewilligt');
    expect(bewilligt.body).toContain(x.aktenzeichen);
    const unbekannt = await o.get('/foerderung/arbeitsliste?status=verliehen&sort=quatsch&regierungsbezirk=999&seite=-1');
    expect(unbekannt.statusCode).toBe(200);
    expect(unbekannt.body).toContain('Einige Filterangaben waren unbekannt');
    expect(unbekannt.body).toContain('Status: „verliehen“');
    expect(unbekannt.body).toContain('Sortierung: „quatsch“');
  });
});
