/**
 * The editor page with many links (paged, state kept after an action), the warning before a second
 * entry of one service, the ministry's „zählt nicht“ with the Kommune's objection, the review
 * signals, and isolated display of names with bidi controls.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, aUser, buildTestApp } from '../../tests/support/app';
import { aBehoerde, aVerfahren } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import type { Database } from '../shared/db';
import { FEHLERCODE_LISTE } from '../shared/fehlercodes';

let database: Database;
let app: FastifyInstance;
let ars: string;
let editor: Browser;
let pruefer: Browser;
let editorEmail: string;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database);
  ars = (await aBehoerde(database, { name: 'Prüfstadt', typ: 'stadt' })).ars;
  editorEmail = (await aUser(database, 'kommune_editor', [ars])).email;
  editor = new Browser(app);
  await editor.login(editorEmail);
  pruefer = new Browser(app);
  await pruefer.login((await aUser(database, 'ministry_reviewer')).email);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const base = () => `/verwaltung/behoerden/${ars}/verlinkungen`;
const anzahl = async () => Number(((await database.db.execute(sql`select anzahl from zaehlstaende where behoerde_ars = ${ars}`)).rows[0] as { anzahl: number } | undefined)?.anzahl ?? 0);

describe('the editor page', () => {
  it('warns before a second entry of the same service and names it; linking anyway does not count twice', async () => {
    const erstes = await aVerfahren(database, { name: 'Bewohnerparkausweis beantragen', url: 'https://parken.pruefstadt.example/bewohner' });
    const zweites = await aVerfahren(database, { name: 'Parkausweis für Bewohner (online)', url: 'https://PARKEN.pruefstadt.example/bewohner/?utm_source=rathaus#start' });
    await editor.submit(base(), `${base()}/verlinken`, { verfahrenId: erstes.id });
    const vorher = await anzahl();
    const warnung = await editor.submit(base(), `${base()}/verlinken`, { verfahrenId: zweites.id, q: 'Park', filter: 'zaehlt' });
    expect(warnung.statusCode).toBe(200);
    expect(warnung.body).toContain('Derselbe Dienst ist schon verlinkt');
    expect(warnung.body).toContain('<bdi>Bewohnerparkausweis beantragen</bdi>');
    expect(warnung.body).toContain('gleiche Adresse');
    expect(warnung.body).toContain('Trotzdem verlinken');
    // Nothing linked yet.
    expect((await database.db.execute(sql`select 1 from verlinkungen where behoerde_ars = ${ars} and verfahren_id = ${zweites.id}`)).rows).toHaveLength(0);
    // The list of procedures to add says which are the same service.
    const liste = await editor.get(`${base()}?vq=Parkausweis`);
    expect(liste.body).toContain('Derselbe Dienst wie das bereits verlinkte');

    const trotzdem = await editor.submit(base(), `${base()}/verlinken`, { verfahrenId: zweites.id, bestaetigt: 'ja', q: 'Park', filter: 'zaehlt' });
    expect(trotzdem.statusCode).toBe(303);
    expect(trotzdem.headers.location).toBe(`${base()}?q=Park&filter=zaehlt&meldung=verlinkt_doppelt#stand`);
    expect(await anzahl()).toBe(vorher);
    const seite = await editor.get(`${base()}?filter=zaehlt_nicht`);
    expect(seite.body).toContain('Zählt nicht doppelt: derselbe Dienst wie „Bewohnerparkausweis beantragen“');
    const historie = await editor.get(base());
    expect(historie.body).toContain('als derselbe Dienst erkannt');
  });

  it('is paged for a Behörde with thousands of links, and keeps search, filter and page after an action', async () => {
    const gross = (await aBehoerde(database, { name: 'Großstadt' })).ars;
    const redaktion = new Browser(app);
    await redaktion.login((await aUser(database, 'kommune_editor', [gross])).email);
    await database.db.execute(sql`
      with v as (
        insert into online_verfahren (name, bereitstellung, art, url)
        select 'Massenverfahren ' || lpad(g::text, 4, '0'), 'kommunal', case when g % 10 = 0 then 'information' else 'online' end, 'https://masse.example/v/' || g
        from generate_series(1, 3000) g returning id
      )
      insert into verlinkungen (behoerde_ars, verfahren_id) select ${gross}, id from v`);
    const seite = await redaktion.get(`/verwaltung/behoerden/${gross}/verlinkungen`);
    expect(seite.statusCode).toBe(200);
    expect(seite.body.length).toBeLessThan(250_000);
    expect(seite.body).toContain('3.000 Verlinkungen, Seite 1 von 60');
    expect(seite.body.match(/<tr>/g)?.length ?? 0).toBeLessThanOrEqual(50 + 1 + 31);
    const gefiltert = await redaktion.get(`/verwaltung/behoerden/${gross}/verlinkungen?filter=zaehlt_nicht&seite=2`);
    expect(gefiltert.body).toContain('300 Verlinkungen, Seite 2 von 6');
    expect(gefiltert.body).toContain('Massenverfahren 0510');
    // Removing one from page 2 of the filtered list comes back to page 2 of the filtered list.
    const id = ((await database.db.execute(sql`select id from online_verfahren where name = 'Massenverfahren 0510'`)).rows[0] as { id: string }).id;
    const weg = await redaktion.submit(`/verwaltung/behoerden/${gross}/verlinkungen?filter=zaehlt_nicht&seite=2`, `/verwaltung/behoerden/${gross}/verlinkungen/entfernen`, {
      verfahrenId: id,
      filter: 'zaehlt_nicht',
      seite: '2',
      q: 'Massen',
    });
    expect(weg.headers.location).toBe(`/verwaltung/behoerden/${gross}/verlinkungen?q=Massen&filter=zaehlt_nicht&seite=2&meldung=entfernt#verlinkt`);
    const zurueck = await redaktion.get(weg.headers.location as string);
    expect(zurueck.body).toContain('299 Verlinkungen, Seite 2 von 6');
    expect(zurueck.body).toContain('value="Massen"');
  });
});

describe('„zählt nicht“ by the ministry', () => {
  it('lowers the count at once, shows the reason to the Kommune, takes an objection, and a reviewer can lift it; all audited', async () => {
    const v = await aVerfahren(database, { name: 'Formular zum Ausdrucken: Sperrmüll', url: 'https://sperrmuell.pruefstadt.example/antrag' });
    await editor.submit(base(), `${base()}/verlinken`, { verfahrenId: v.id });
    const vorher = await anzahl();

    // The editor may not mark; the reviewer can.
    expect((await editor.post(`/verwaltung/behoerden/${ars}/pruefung/zaehlt-nicht`, { verfahrenId: v.id, grund: 'x' })).statusCode).toBe(403);
    const pruefseite = await pruefer.get(`/verwaltung/behoerden/${ars}/pruefung`);
    expect(pruefseite.statusCode).toBe(200);
    expect(pruefseite.body).toContain('Name oder Adresse wie Informationsseite oder Datei');
    const ohneGrund = await pruefer.submit(`/verwaltung/behoerden/${ars}/pruefung`, `/verwaltung/behoerden/${ars}/pruefung/zaehlt-nicht`, { verfahrenId: v.id, grund: ' ' });
    expect(ohneGrund.statusCode).toBe(400);
    expect(ohneGrund.body).toContain('Bitte geben Sie den Grund für die Kommune an.');
    const mark = await pruefer.submit(`/verwaltung/behoerden/${ars}/pruefung`, `/verwaltung/behoerden/${ars}/pruefung/zaehlt-nicht`, {
      verfahrenId: v.id,
      grund: 'Das ist ein Formular zum Ausdrucken, keine elektronische Einreichung.',
    });
    expect(mark.statusCode).toBe(303);
    expect(await anzahl()).toBe(vorher - 1);

    // The Kommune sees the reason on its page and on the public Behörde page.
    const seite = await editor.get(base());
    expect(seite.body).toContain('Das ist ein Formular zum Ausdrucken, keine elektronische Einreichung.');
    expect(seite.body).toContain('Einspruch erheben');
    const oeffentlich = await app.inject({ method: 'GET', url: `/behoerden/${ars}` });
    expect(oeffentlich.body).toContain('Prüfung durch das Staatsministerium');
    expect(oeffentlich.body).toContain('keine elektronische Einreichung.');

    const einspruch = await editor.submit(base(), `${base()}/einspruch`, { verfahrenId: v.id, einspruch: 'Der Antrag wird online abgeschickt, siehe Schritt 3.' });
    expect(einspruch.statusCode).toBe(303);
    expect((await editor.get(einspruch.headers.location as string)).body).toContain('Ihr Einspruch ist gespeichert');
    expect(await anzahl()).toBe(vorher - 1);
    expect((await pruefer.get(`/verwaltung/behoerden/${ars}/pruefung`)).body).toContain('Der Antrag wird online abgeschickt, siehe Schritt 3.');

    const auf = await pruefer.submit(`/verwaltung/behoerden/${ars}/pruefung`, `/verwaltung/behoerden/${ars}/pruefung/entscheidung`, {
      verfahrenId: v.id,
      entscheidung: 'aufheben',
      grund: 'Einspruch berechtigt: Online-Antrag vorhanden.',
    });
    expect(auf.statusCode).toBe(303);
    expect(await anzahl()).toBe(vorher);
    const audit = (await database.db.execute(sql`select action from audit_log where object_type = 'behoerde' and object_id = ${ars} and action like 'verlinkung.zaehlt_nicht%' order by id`)).rows as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['verlinkung.zaehlt_nicht', 'verlinkung.zaehlt_nicht.einspruch', 'verlinkung.zaehlt_nicht.aufheben']);
    const ereignisse = (await database.db.execute(sql`select aktion from verlinkung_ereignisse where behoerde_ars = ${ars} and verfahren_id = ${v.id} order by id`)).rows as { aktion: string }[];
    expect(ereignisse.map((e) => e.aktion)).toEqual(['verlinkt', 'zaehlt_nicht', 'einspruch', 'zaehlt_wieder']);
  });

  it('is in the JSON API with its OpenAPI description, and refuses the wrong roles', async () => {
    const v = await aVerfahren(database, { name: 'Antrag A' });
    await editor.submit(base(), `${base()}/verlinken`, { verfahrenId: v.id });
    const { token } = (await pruefer.get('/api/v1/csrf')).json();
    const als = (b: Browser, t: string) => (url: string, body: unknown) =>
      app.inject({ method: 'POST', url, headers: { cookie: b.cookieHeader(), 'x-csrf-token': t, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    const url = `/api/v1/behoerden/${ars}/verlinkungen/${v.id}/zaehlt-nicht`;
    const res = await als(pruefer, token)(url, { grund: 'Kein Online-Antrag.' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ ars });
    const liste = (await app.inject({ method: 'GET', url: `/api/v1/behoerden/${ars}/verlinkungen` })).json() as { verfahrenId: string; zaehlt: boolean; grund: string; zaehltNicht: { grund: string } | null }[];
    expect(liste.find((l) => l.verfahrenId === v.id)).toMatchObject({ zaehlt: false, grund: 'zaehlt_nicht_pruefung', zaehltNicht: { grund: 'Kein Online-Antrag.', status: 'aktiv' } });
    const nochmal = await als(pruefer, token)(url, { grund: 'noch einmal' });
    expect(nochmal.statusCode).toBe(409);
    expect(nochmal.json()).toMatchObject({ code: 'CONFLICT', reason: 'VERMERK_DOPPELT' });
    const editorToken = (await editor.get('/api/v1/csrf')).json().token;
    expect((await als(editor, editorToken)(url, { grund: 'x' })).statusCode).toBe(403);
    expect((await als(editor, editorToken)(`${url}/einspruch`, { einspruch: 'Doch.' })).statusCode).toBe(200);
    expect((await als(pruefer, token)(`${url}/entscheidung`, { entscheidung: 'zurueckweisen', grund: 'Bleibt.' })).statusCode).toBe(200);
    const signale = await app.inject({ method: 'GET', url: `/api/v1/behoerden/${ars}/pruefsignale`, headers: { cookie: pruefer.cookieHeader() } });
    expect(signale.statusCode).toBe(200);
    expect(signale.json().signale.linkUngeprueft.anzahl).toBeGreaterThan(0);
    expect((await app.inject({ method: 'GET', url: `/api/v1/behoerden/${ars}/pruefsignale` })).statusCode).toBe(401);
    const openapi = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/api/v1/behoerden/{ars}/pruefsignale', '/api/v1/behoerden/{ars}/verlinkungen/{verfahrenId}/zaehlt-nicht']));
    // The error schema lists every domain code as the enum of `reason`, each described.
    const fehler = openapi.paths['/api/v1/behoerden/{ars}/verlinkungen/{verfahrenId}/zaehlt-nicht'].post.responses['409'].content['application/json'].schema;
    const schema = fehler.$ref ? openapi.components.schemas[fehler.$ref.split('/').pop()] : fehler;
    expect(schema.properties.reason.enum).toEqual(FEHLERCODE_LISTE);
    expect(schema.required).not.toContain('reason');
    for (const c of ['PRAEDIKAT_VIER_AUGEN', 'VERLINKUNG_DOPPELT', 'FOERDERUNG_FALSCHER_SCHRITT', 'UPLOAD_BEREITS_UEBERNOMMEN', 'VERANSTALTUNG_AUSGEBUCHT']) {
      expect(schema.properties.reason.description).toContain(`${c} (`);
    }
  });
});

describe('numbers', () => {
  it('says „1 Verlinkung“ and „Es fehlen noch 49 …“, in the singular where it is one', async () => {
    const klein = (await aBehoerde(database, { name: 'Kleinort' })).ars;
    const b = new Browser(app);
    await b.login((await aUser(database, 'kommune_editor', [klein])).email);
    const v = await aVerfahren(database, { name: 'Einziges Verfahren' });
    await b.submit(`/verwaltung/behoerden/${klein}/verlinkungen`, `/verwaltung/behoerden/${klein}/verlinkungen/verlinken`, { verfahrenId: v.id });
    const seite = await b.get(`/verwaltung/behoerden/${klein}/verlinkungen`);
    expect(seite.body).toContain('1 Verlinkung, Seite 1 von 1');
    expect(seite.body).not.toMatch(/\b1 Verlinkungen\b/);
    expect(seite.body).toContain('Es fehlen noch 49 zählende Online-Verfahren bis zur Schwelle.');
  });
});

describe('bidi and control characters', () => {
  it('refuses a right-to-left override in any form field, naming the field', async () => {
    const res = await editor.submit(base(), `${base()}/einspruch`, { verfahrenId: '00000000-0000-4000-8000-000000000000', einspruch: 'Begründung\u202E moc.elpmaxe@' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Das Feld „einspruch“ enthält das unsichtbare Steuerzeichen U+202E (RIGHT-TO-LEFT OVERRIDE) an Stelle 11');
  });

  it('isolates a name with U+202E that got in before, so the e-mail address beside it is not reordered', async () => {
    const v = await aVerfahren(database, { name: 'Altlast \u202Eredaktion@example.org' });
    await editor.submit(base(), `${base()}/verlinken`, { verfahrenId: v.id });
    const seite = await editor.get(base());
    // The name is in its own isolate, the e-mail address of the editor in the history in another.
    expect(seite.body).toContain('<bdi>Altlast \u202Eredaktion@example.org</bdi>');
    expect(seite.body).toContain(`<bdi>${editorEmail}</bdi>`);
    // The Akte, where the link history shows the name beside the editor's address.
    const akte = await pruefer.get(`/verwaltung/behoerden/${ars}/akte`);
    expect(akte.statusCode).toBe(200);
    expect(akte.body).toContain(`<bdi>Altlast \u202Eredaktion@example.org</bdi> verlinkt (<bdi>${editorEmail}</bdi>, formular)`);
    for (const m of seite.body.matchAll(/\u202E/g)) {
      const vor = seite.body.lastIndexOf('<bdi', m.index);
      const nach = seite.body.indexOf('</bdi>', m.index);
      expect(vor).toBeGreaterThan(-1);
      expect(seite.body.slice(vor, nach)).not.toContain('</bdi>');
    }
  });
});
