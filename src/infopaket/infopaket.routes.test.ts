/** Informationspaket with `app.inject()`: draft, publish, versions, search, safe Markdown on the page. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, aUser, buildTestApp } from '../../tests/support/app';
import { openTestDatabase } from '../../tests/support/db';
import type { Database } from '../shared/db';

let database: Database;
let app: FastifyInstance;
let admin: string;
let id: string;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database);
  admin = (await aUser(database, 'ministry_admin')).email;
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('the Informationspaket', () => {
  it('the ministry creates a page as a draft; it is not public yet', async () => {
    const m = new Browser(app);
    await m.login(admin);
    const bad = await m.submit('/verwaltung/informationen', '/verwaltung/informationen', { titel: 'BayernID', slug: 'Bayern ID', komponente: 'BayernID' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Die Adresse besteht aus Kleinbuchstaben');
    const res = await m.submit('/verwaltung/informationen', '/verwaltung/informationen', { titel: 'BayernID anbinden', slug: 'bayernid-anbinden', komponente: 'BayernID' });
    expect(res.statusCode).toBe(303);
    id = (res.headers.location as string).match(/informationen\/([0-9a-f-]{36})/)![1];
    const text = '## Was ist die BayernID?\n\nDas **Nutzerkonto** des Freistaats. [Mehr](https://id.bayernportal.de/)\n\n<script>alert(1)</script>\n\n[böse](javascript:alert(1))';
    expect((await m.submit(`/verwaltung/informationen/${id}`, `/verwaltung/informationen/${id}/entwurf`, { titel: 'BayernID anbinden', markdown: text })).statusCode).toBe(303);
    expect((await new Browser(app).get('/informationen/bayernid-anbinden')).statusCode).toBe(404);
    const vorschau = await m.get(`/verwaltung/informationen/${id}`);
    expect(vorschau.body).toContain('<h2>Was ist die BayernID?</h2>');
  });

  it('publishes; the page shows safe HTML only and is found by the search', async () => {
    const m = new Browser(app);
    await m.login(admin);
    expect((await m.submit(`/verwaltung/informationen/${id}`, `/verwaltung/informationen/${id}/veroeffentlichen`, {})).headers.location).toContain('meldung=veroeffentlicht');
    const seite = await new Browser(app).get('/informationen/bayernid-anbinden');
    expect(seite.statusCode).toBe(200);
    expect(seite.body).toContain('<strong>Nutzerkonto</strong>');
    expect(seite.body).toContain('href="https://id.bayernportal.de/"');
    expect(seite.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(seite.body).not.toContain('<script>alert(1)');
    expect(seite.body).not.toContain('href="javascript:');
    expect((await new Browser(app).get('/informationen?q=nutzerkonto')).body).toContain('1 Seite zu „nutzerkonto“');
    expect((await new Browser(app).get('/informationen?q=postkorb')).body).toContain('0 Seiten zu „postkorb“');
  });

  it('a new draft does not change the public page until it is published as version 2', async () => {
    const m = new Browser(app);
    await m.login(admin);
    await m.submit(`/verwaltung/informationen/${id}`, `/verwaltung/informationen/${id}/entwurf`, { titel: 'BayernID anbinden', markdown: 'Neu: **Version zwei**' });
    expect((await new Browser(app).get('/informationen/bayernid-anbinden')).body).toContain('Version 1');
    await m.submit(`/verwaltung/informationen/${id}`, `/verwaltung/informationen/${id}/veroeffentlichen`, {});
    const seite = await new Browser(app).get('/informationen/bayernid-anbinden');
    expect(seite.body).toContain('Version 2');
    expect(seite.body).toContain('<strong>Version zwei</strong>');
  });
});
