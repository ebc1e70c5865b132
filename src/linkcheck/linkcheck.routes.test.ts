import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, Browser, buildTestApp } from '../../tests/support/app';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import type { Database } from '../shared/db';
import { onlineVerfahren, verlinkungen } from '../shared/schema';
import { startTestServer, type TestServer, testnetzFuer } from './linkcheck.fixtures';
import { laufzustand, pruefeLinks } from './linkcheck.service';

const settings = {
  timeoutMs: 500,
  maxRedirects: 5,
  userAgent: 'test',
  concurrency: 4,
  concurrencyPerHost: 2,
  zaehlregel: { defekteLinks: 'karenz' as const, karenzTage: 14 },
  laufzeitMs: 60_000,
  maxUrlsProBehoerde: 500,
};
// Real time: sessions (and their cookies) expire by the clock. The link broke three days ago.
const DEFEKT_SEIT = new Date(Date.now() - 3 * 86_400_000);
const KARENZ_BIS = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(
  new Date(DEFEKT_SEIT.getTime() + 14 * 86_400_000),
);

let database: Database;
let app: FastifyInstance;
let server: TestServer;
let behoerde: { ars: string; name: string };
let andere: { ars: string; name: string };

async function aVerfahren(name: string, url: string) {
  const [v] = await database.db.insert(onlineVerfahren).values({ name, bereitstellung: 'zentral', url }).returning({ id: onlineVerfahren.id });
  return v.id;
}

beforeAll(async () => {
  database = await openTestDatabase();
  server = await startTestServer();
  app = await buildTestApp(database, { env: { LINKCHECK_TIMEOUT_MS: '500' }, linkcheckNetz: { testnetz: testnetzFuer(server) } });
  behoerde = await aBehoerde(database, { name: 'Markt Kaputtheim', regbezKey: '093' });
  andere = await aBehoerde(database, { name: 'Heilstadt', regbezKey: '094' });
  const kaputt = await aVerfahren('Hundesteuer anmelden', server.url('/404?route'));
  const heil = await aVerfahren('Wohnsitz ummelden', server.url('/ok?route'));
  await database.db.insert(verlinkungen).values([
    { behoerdeArs: behoerde.ars, verfahrenId: kaputt },
    { behoerdeArs: behoerde.ars, verfahrenId: heil },
    { behoerdeArs: andere.ars, verfahrenId: heil },
  ]);
  await pruefeLinks(database, settings, { now: DEFEKT_SEIT, netz: { testnetz: testnetzFuer(server) } });
});
afterAll(async () => {
  await app.close();
  await server.close();
  await database.close();
});

describe('GET /verwaltung/linkpruefung', () => {
  it('shows the ministry the broken URL with its Behörden count, error, and until when it still counts', async () => {
    const user = await aUser(database, 'ministry_reviewer');
    const browser = new Browser(app);
    await browser.login(user.email);
    const res = await browser.get('/verwaltung/linkpruefung');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(server.url('/404?route'));
    expect(res.body).toContain('Hundesteuer anmelden');
    expect(res.body).toContain('HTTP 404 Not Found');
    expect(res.body).toContain('zählt noch');
    expect(res.body).toContain(`bis ${KARENZ_BIS}`); // broken since three days + 14 days grace, Berlin time
    expect(res.body).not.toContain(server.url('/ok?route'));
  });

  it('filters by Regierungsbezirk', async () => {
    const user = await aUser(database, 'ministry_admin');
    const browser = new Browser(app);
    await browser.login(user.email);
    const dort = await browser.get('/verwaltung/linkpruefung?regierungsbezirk=093');
    expect(dort.body).toContain(server.url('/404?route'));
    const woanders = await browser.get('/verwaltung/linkpruefung?regierungsbezirk=094');
    expect(woanders.body).not.toContain(server.url('/404?route'));
    expect(woanders.body).toContain('Keine defekten Adressen');
  });

  it('refuses a Kommune editor with 403', async () => {
    const user = await aUser(database, 'kommune_editor', [behoerde.ars]);
    const browser = new Browser(app);
    await browser.login(user.email);
    expect((await browser.get('/verwaltung/linkpruefung')).statusCode).toBe(403);
    expect((await browser.get('/api/v1/linkpruefung/defekt')).statusCode).toBe(403);
  });

  it('checks now at the press of the button (small set: synchronously) and records who started it', async () => {
    const user = await aUser(database, 'ministry_admin');
    const browser = new Browser(app);
    await browser.login(user.email);
    const res = await browser.submit('/verwaltung/linkpruefung', '/verwaltung/linkpruefung', { umfang: 'defekte' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/verwaltung/linkpruefung?meldung=fertig');
    const seite = await browser.get(res.headers.location as string);
    expect(seite.body).toContain('Die Prüfung ist abgeschlossen');
    expect(seite.body).toContain(user.email);
    const [audit] = await database.query<{ actor_label: string; object_id: string }>("select actor_label, object_id from audit_log where action = 'linkpruefung.start'");
    expect(audit).toEqual({ actor_label: user.email, object_id: 'defekte' });
  });

  it('refuses the button without a CSRF token', async () => {
    const user = await aUser(database, 'ministry_admin');
    const browser = new Browser(app);
    await browser.login(user.email);
    expect((await browser.post('/verwaltung/linkpruefung', { umfang: 'alle' })).statusCode).toBe(403);
  });
});

describe('GET /api/v1/linkpruefung/defekt', () => {
  it('lists broken URLs for the ministry as JSON', async () => {
    const user = await aUser(database, 'ministry_reviewer');
    const browser = new Browser(app);
    await browser.login(user.email);
    const res = await browser.get('/api/v1/linkpruefung/defekt?regierungsbezirk=093');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(1);
    expect(body.regel).toEqual({ defekteLinks: 'karenz', karenzTage: 14 });
    expect(body.items[0]).toMatchObject({ url: server.url('/404?route'), behoerden: 1, httpStatus: 404, zaehlt: true, verfahren: ['Hundesteuer anmelden'] });
  });

  it('answers 401 without a login', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/linkpruefung/defekt' })).statusCode).toBe(401);
  });
});

describe('GET /api/v1/behoerden/{ars}/links/defekt', () => {
  it('shows anyone which links of a Behörde are broken, but not why', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/behoerden/${behoerde.ars}/links/defekt` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.name).toBe('Markt Kaputtheim');
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ name: 'Hundesteuer anmelden', url: server.url('/404?route'), status: 'defekt', zaehlt: true });
    expect(Object.keys(body.items[0]).sort()).toEqual(['defektSeit', 'geprueftAm', 'karenzBis', 'name', 'status', 'url', 'verfahrenId', 'zaehlt']);
    const heil = await app.inject({ method: 'GET', url: `/api/v1/behoerden/${andere.ars}/links/defekt` });
    expect(heil.json().items).toEqual([]);
    // The same for the link list: ok, defekt or ungeprueft, nothing more.
    const liste = (await app.inject({ method: 'GET', url: `/api/v1/behoerden/${behoerde.ars}/verlinkungen` })).json() as { link: Record<string, unknown> }[];
    expect(liste.map((l) => l.link.status).sort()).toEqual(['defekt', 'ok']);
    for (const l of liste) expect(Object.keys(l.link).sort()).toEqual(['defektSeit', 'geprueftAm', 'status']);
  });

  it('gives the editors of the Behörde the reason', async () => {
    const user = await aUser(database, 'kommune_editor', [behoerde.ars]);
    const browser = new Browser(app);
    await browser.login(user.email);
    const body = (await browser.get(`/api/v1/behoerden/${behoerde.ars}/links/defekt`)).json();
    expect(body.items[0]).toMatchObject({ httpStatus: 404, fehler: 'HTTP 404 Not Found' });
    const liste = (await browser.get(`/api/v1/behoerden/${behoerde.ars}/verlinkungen`)).json() as { name: string; link: Record<string, unknown> }[];
    expect(liste.find((l) => l.name === 'Hundesteuer anmelden')?.link).toMatchObject({ status: 'defekt', httpStatus: 404, fehler: 'HTTP 404 Not Found' });
    const seite = await browser.get(`/verwaltung/behoerden/${behoerde.ars}/verlinkungen`);
    expect(seite.body).toContain('Link nicht erreichbar');
    expect(seite.body).toContain('HTTP 404 Not Found');
    // An editor of another Behörde is the public here.
    const fremd = new Browser(app);
    await fremd.login((await aUser(database, 'kommune_editor', [andere.ars])).email);
    expect((await fremd.get(`/api/v1/behoerden/${behoerde.ars}/links/defekt`)).json().items[0]).not.toHaveProperty('fehler');
  });

  it('answers 404 for an unknown Behörde', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/behoerden/099999999999/links/defekt' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });

  it('is described in the OpenAPI document under the tag linkpruefung', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/v1/behoerden/{ars}/links/defekt'].get.tags).toEqual(['linkpruefung']);
    expect(doc.tags.map((t: { name: string }) => t.name)).toContain('linkpruefung');
  });
});

describe('background check', () => {
  it('runs a larger set in the background, shows „läuft“, and is aborted when the app closes', async () => {
    const db2 = await openTestDatabase();
    const s = await startTestServer();
    const app2 = await buildTestApp(db2, { env: { LINKCHECK_SYNC_MAX_URLS: '0', LINKCHECK_TIMEOUT_MS: '10000' }, linkcheckNetz: { testnetz: testnetzFuer(s) } });
    try {
      const b = await aBehoerde(db2);
      const [v] = await db2.db.insert(onlineVerfahren).values({ name: 'Langsam', bereitstellung: 'zentral', url: s.url('/langsam') }).returning({ id: onlineVerfahren.id });
      await db2.db.insert(verlinkungen).values({ behoerdeArs: b.ars, verfahrenId: v.id });
      const user = await aUser(db2, 'ministry_admin');
      const browser = new Browser(app2);
      await browser.login(user.email);
      const res = await browser.submit('/verwaltung/linkpruefung', '/verwaltung/linkpruefung', { umfang: 'alle' });
      expect(res.headers.location).toBe('/verwaltung/linkpruefung?meldung=hintergrund');
      const seite = await browser.get('/verwaltung/linkpruefung');
      expect(seite.body).toContain('Läuft: Prüfung (alle Links)');
      const nochmal = await browser.submit('/verwaltung/linkpruefung', '/verwaltung/linkpruefung', { umfang: 'alle' });
      expect(nochmal.headers.location).toBe('/verwaltung/linkpruefung?meldung=laeuft_bereits');

      const start = Date.now();
      await app2.close();
      expect(Date.now() - start).toBeLessThan(2000);
      expect(laufzustand(db2).laufend).toBeUndefined();
      expect(await db2.query('select url from link_pruefungen')).toEqual([]);
    } finally {
      await app2.close();
      await s.close();
      await db2.close();
    }
  });
});
