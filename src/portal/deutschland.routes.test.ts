/**
 * Pages and API with all of Germany imported (real GV100AD, `land: 'all'` over the Bavarian
 * template): the Land filter of the list, the API and the exports, the statistics per Land, the
 * point maps of the other Länder with their table, and Bavaria's map with boundaries unchanged.
 * The Bavarian default (one Land) is covered by portal.routes.test.ts and behoerden.routes.test.ts.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../tests/support/app';
import { officialDataDir, openImportedTestDatabase } from '../../tests/support/imported-db';
import { importOfficialData } from '../gebiete/gebiete.import';
import { fixedClock } from '../shared/clock';
import { parseCsv } from '../shared/csv';
import type { Database } from '../shared/db';

let database: Database;
let app: FastifyInstance;
const get = (url: string) => app.inject({ method: 'GET', url });

beforeAll(async () => {
  database = await openImportedTestDatabase();
  await importOfficialData(database, { officialDataDir: officialDataDir(), land: 'all', actor: 'test' });
  app = await buildTestApp(database, { clock: fixedClock('2026-11-26T10:00:00Z') });
}, 240_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('the Behörden list with all of Germany', () => {
  it('offers a Land filter with the 16 Länder and is titled for Germany', async () => {
    const html = (await get('/behoerden')).body;
    expect(html).toContain('Behörden in Deutschland');
    const select = /<select[^>]*name="land"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '';
    expect(select.match(/<option value="\d\d"/g)).toHaveLength(16);
    expect(select).toContain('Schleswig-Holstein');
    // Types that only exist outside Bavaria are offered now.
    expect(html).toContain('>Samtgemeinde<');
  });

  it('filters by Land in the page and in the JSON API', async () => {
    const html = (await get('/behoerden?land=01&q=Michaelisdonn')).body;
    expect(html).toContain('Behörden in Schleswig-Holstein');
    expect(html).toContain('Amt Burg-St. Michaelisdonn');
    const api = (await get('/api/v1/behoerden?land=03&typ=samtgemeinde&pageSize=200')).json();
    expect(api.total).toBe(114);
    expect(api.items.every((i: { ars: string; typLabel: string }) => i.ars.startsWith('03') && i.typLabel === 'Samtgemeinde')).toBe(true);
    const brome = api.items.find((i: { name: string }) => i.name === 'Samtgemeinde Brome');
    expect(brome.mitgliedsgemeinden).toHaveLength(7);
    // Schleswig-Holstein has no Regierungsbezirke: the Land stands in.
    const amt = (await get('/api/v1/behoerden/010515163')).json();
    expect(amt).toMatchObject({ name: 'Amt Burg-St. Michaelisdonn', typLabel: 'Amt', regierungsbezirk: { key: '010', name: 'Schleswig-Holstein' } });
    expect(amt.mitgliedsgemeinden).toHaveLength(14);
    const bayern = (await get('/api/v1/behoerden?land=09&pageSize=1')).json();
    expect(bayern.total).toBe(1463);
  });

  it('rejects a Land key that does not exist, with a 400', async () => {
    const res = await get('/api/v1/behoerden?land=17');
    expect(res.statusCode).toBe(400);
  });

  it('shows Berlin as one Behörde, with its Land as the region', async () => {
    const berlin = (await get('/api/v1/behoerden/110000000000')).json();
    expect(berlin).toMatchObject({ kurzname: 'Berlin', typ: 'kreisfreie_stadt', regierungsbezirk: { name: 'Berlin' }, bevoelkerung: 3_685_265 });
    const page = await get('/behoerden/110000000000');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Berlin');
  });
});

describe('statistics and open data with all of Germany', () => {
  it('has a section and a CSV per Land, with Germany in total', async () => {
    const html = (await get('/statistik')).body;
    expect(html).toContain('id="laender"');
    expect(html).toContain('Deutschland insgesamt');
    const rows = parseCsv((await get('/statistik/laender.csv')).body, { delimiter: ',' }).records;
    expect(rows).toHaveLength(16);
    const einwohner = rows.reduce((s, r) => s + Number(r.values.einwohner), 0);
    expect(einwohner).toBe(83_577_140);
    expect((await get('/opendata/')).body).toContain('laender.csv');
  });

  it('exports the Behörden of one Land only with ?land=', async () => {
    const rows = parseCsv((await get('/opendata/behoerden.csv?land=07&typ=verbandsgemeinde')).body, { delimiter: ',' }).records;
    expect(rows).toHaveLength(129);
    expect(rows.every((r) => String(r.values.ars).startsWith('07'))).toBe(true);
    const json = (await get('/opendata/behoerden.json?land=11')).json();
    expect(json.metadaten.filter).toEqual({ land: '11' });
    expect(json.daten.map((d: { kurzname: string }) => d.kurzname)).toEqual(['Berlin']);
  });
});

describe('maps with all of Germany', () => {
  it('keeps Bavaria with boundaries and links to the other Länder', async () => {
    const html = (await get('/karte')).body;
    expect(html).toContain('Karte der Digitalen Ämter in Bayern');
    expect(html).toContain('<path');
    expect(html).toContain('href="/karte/land/01"');
    expect(html).toContain('href="/karte/deutschland"');
    // The Bavarian map lists Bavaria's Regierungsbezirke only.
    expect(html).not.toContain('href="/karte/031"');
    expect((await get('/karte/land/09')).headers.location).toBe('/karte');
  }, 180_000); // the first Bavarian map projects the boundaries

  it('draws a Land as points, each a link with a title, with every Behörde in the table', async () => {
    const res = await get('/karte/land/03');
    expect(res.statusCode).toBe(200);
    const svg = /<svg[^>]*id="karte-svg"[\s\S]*?<\/svg>/.exec(res.body)?.[0] ?? '';
    const links = svg.match(/<a href="\/behoerden\/03\d+"><title>[^<]+<\/title><circle /g) ?? [];
    const table = res.body.slice(res.body.indexOf('id="karte-tabelle"'));
    const rows = table.match(/<a class="kern-link" href="\/behoerden\/03\d+"/g) ?? [];
    // Niedersachsen, municipal level: 8 + 123 + 158 Gemeinden with own administration, 114 Samtgemeinden.
    expect(rows).toHaveLength(8 + 123 + 158 + 114);
    expect(links.length).toBeGreaterThan(rows.length - 5); // the few without coordinates are only in the table
    expect(svg).toContain('role="group"');
    expect(svg).toContain('Samtgemeinde Brome:');
    expect(res.body).toContain('Statistisches Bundesamt');
    const kreise = (await get('/karte/land/03?ebene=kreise')).body;
    expect(kreise).toContain('Region Hannover');
    expect(kreise).not.toContain('Samtgemeinde Brome');
  });

  it('draws all of Germany with a table per Land', async () => {
    const res = await get('/karte/deutschland?ebene=kreise&farbe=anzahl');
    expect(res.statusCode).toBe(200);
    const circles = res.body.match(/<circle /g) ?? [];
    expect(circles.length).toBe(294 + 106); // Kreise, and kreisfreie Städte incl. Berlin, Hamburg, Bremen, Bremerhaven
    const table = res.body.slice(res.body.indexOf('id="karte-tabelle"'));
    expect(table.match(/href="\/karte\/land\/\d\d\?farbe=anzahl"/g)).toHaveLength(15);
    expect(table).toContain('href="/karte?farbe=anzahl"'); // Bavaria's map with boundaries
  });

  it('answers 400 for a malformed Land and 404 for a Land that is not imported', async () => {
    expect((await get('/karte/land/x1')).statusCode).toBe(400);
    expect((await get('/karte/land/17')).statusCode).toBe(400);
  });
});
