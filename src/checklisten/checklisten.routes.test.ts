/** Checklist pages with `app.inject()`: the ministry writes and publishes, a Kommune works through, a new version keeps answers. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, aUser, buildTestApp } from '../../tests/support/app';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import type { Database } from '../shared/db';

let database: Database;
let app: FastifyInstance;
let ars: string;
let editor: string;
let admin: string;
let id: string;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database);
  ars = (await aBehoerde(database, { name: 'Haken am Main' })).ars;
  editor = (await aUser(database, 'kommune_editor', [ars])).email;
  admin = (await aUser(database, 'ministry_admin')).email;
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const V1 = '# Zentrale Komponenten\n- [bayernid] BayernID ist angebunden.\n  Hilfe: Über das BayernPortal.\n  Link: BayernID | https://id.bayernportal.de/\n- [postkorb] Der Postkorb wird täglich gelesen.\n';

describe('the ministry', () => {
  it('creates a checklist, is told about format errors line by line, saves and publishes a draft', async () => {
    const b = new Browser(app);
    await b.login(admin);
    const leer = await b.submit('/verwaltung/checklisten', '/verwaltung/checklisten', { titel: '' });
    expect(leer.statusCode).toBe(400);
    expect(leer.body).toContain('Bitte geben Sie einen Titel an');
    const neu = await b.submit('/verwaltung/checklisten', '/verwaltung/checklisten', { titel: 'Zentrale Komponenten nutzen', beschreibung: 'Für alle Kommunen' });
    expect(neu.statusCode).toBe(303);
    id = (neu.headers.location as string).match(/checklisten\/([0-9a-f-]{36})/)![1];
    const bad = await b.submit(`/verwaltung/checklisten/${id}`, `/verwaltung/checklisten/${id}/entwurf`, { quelltext: '# A\n- [x] Eins\n  Link: Böse | javascript:alert(1)' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Zeile 3: Links müssen mit https:// oder / beginnen.');
    expect(bad.body).toContain('javascript:alert(1)</textarea>');
    expect((await b.submit(`/verwaltung/checklisten/${id}`, `/verwaltung/checklisten/${id}/entwurf`, { quelltext: V1 })).statusCode).toBe(303);
    const entwurf = await b.get(`/verwaltung/checklisten/${id}?meldung=entwurf`);
    expect(entwurf.body).toContain('Entwurf für Version 1 gespeichert.');
    expect((await b.submit(`/verwaltung/checklisten/${id}`, `/verwaltung/checklisten/${id}/veroeffentlichen`, {})).headers.location).toContain('meldung=veroeffentlicht');
  });
});

describe('a Kommune editor', () => {
  it('works through the checklist and sees progress, who and when', async () => {
    const b = new Browser(app);
    await b.login(editor);
    const liste = await b.get(`/verwaltung/behoerden/${ars}/checklisten`);
    expect(liste.body).toContain('Zentrale Komponenten nutzen');
    expect(liste.body).toContain('0 von 2 Punkten bearbeitet (0 %)');
    const seite = `/verwaltung/behoerden/${ars}/checklisten/${id}`;
    const form = await b.get(seite);
    expect(form.body).toContain('Über das BayernPortal.');
    expect(form.body).toContain('href="https://id.bayernportal.de/"');
    const res = await b.submit(seite, seite, { status_bayernid: 'erledigt', kommentar_bayernid: 'seit 2024', status_postkorb: 'offen', kommentar_postkorb: '' });
    expect(res.statusCode).toBe(303);
    const nach = await b.get(res.headers.location as string);
    expect(nach.body).toContain('Ihre Antworten sind gespeichert.');
    expect(nach.body).toContain('1 von 2 Punkten bearbeitet (50 %): 1 erledigt, 0 nicht relevant, 1 offen');
    expect(nach.body).toContain(`Zuletzt geändert von ${editor}`);
    expect(nach.body).toMatch(/id="status-bayernid-erledigt" name="status_bayernid" value="erledigt" checked/);
  });

  it('may not open the ministry pages or another Behörde', async () => {
    const b = new Browser(app);
    await b.login(editor);
    expect((await b.get('/verwaltung/checklisten')).statusCode).toBe(403);
    expect((await b.get(`/verwaltung/behoerden/091000000000/checklisten`)).statusCode).toBe(403);
  });
});

describe('a new version', () => {
  it('keeps the answers that still apply and shows the ministry the progress across Bavaria', async () => {
    const m = new Browser(app);
    await m.login(admin);
    const V2 = V1.replace('Der Postkorb wird täglich gelesen.', 'Der Postkorb wird jeden Arbeitstag gelesen.') + '- [epayment] E-Payment ist eingerichtet.\n';
    await m.submit(`/verwaltung/checklisten/${id}`, `/verwaltung/checklisten/${id}/entwurf`, { quelltext: V2 });
    await m.submit(`/verwaltung/checklisten/${id}`, `/verwaltung/checklisten/${id}/veroeffentlichen`, {});
    const uebersicht = await m.get(`/verwaltung/checklisten/${id}`);
    expect(uebersicht.body).toContain('Fortschritt in Bayern (Version 2)');
    expect(uebersicht.body).toContain('1 Behörde hat begonnen, 0 sind fertig; mittlerer Fortschritt 33 %.');
    expect(uebersicht.body).toContain('Haken am Main');

    const b = new Browser(app);
    await b.login(editor);
    const seite = await b.get(`/verwaltung/behoerden/${ars}/checklisten/${id}`);
    expect(seite.body).toContain('Version 2');
    expect(seite.body).toContain('seit 2024');
    expect(seite.body).toContain('1 von 3 Punkten bearbeitet (33 %)');
  });
});
