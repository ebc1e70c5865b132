import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../tests/support/app';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import type { Database } from '../shared/db';

let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database);
  await aBehoerde(database, { name: 'Bad Königshofen i.Grabfeld, St', typ: 'stadt', regbezKey: '096', kreisKey: '09673', plz: '97631' });
  await aBehoerde(database, { name: 'Iphofen (VGem)', typ: 'vg', regbezKey: '096', kreisKey: '09675', mitglieder: ['Iphofen, St', 'Markt Einersheim, M', 'Rödelsee', 'Willanzheim, M'] });
  await aBehoerde(database, { name: 'Bezirk Unterfranken', typ: 'bezirk', regbezKey: '096' });
  for (let i = 0; i < 7; i++) await aBehoerde(database, { name: `Musterdorf ${i}`, regbezKey: '091' });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const list = async (qs: string) => {
  const res = await app.inject({ method: 'GET', url: `/api/v1/behoerden${qs}` });
  return { res, body: res.json() };
};

describe('GET /api/v1/behoerden', () => {
  it('finds a name written with oe, plain o or the umlaut', async () => {
    for (const q of ['Koenigshofen', 'Konigshofen', 'Königshofen', 'bad königshofen']) {
      const { body } = await list(`?q=${encodeURIComponent(q)}`);
      expect(body.items.map((i: { name: string }) => i.name), q).toContain('Bad Königshofen i.Grabfeld, St');
    }
  });

  it('finds a VG by the name of a member Gemeinde and lists its members', async () => {
    const { body } = await list('?q=Markt%20Einersheim');
    expect(body.total).toBe(1);
    expect(body.items[0].typ).toBe('vg');
    expect(body.items[0].mitgliedsgemeinden.map((m: { name: string }) => m.name)).toContain('Markt Einersheim, M');
  });

  it('filters by type and Regierungsbezirk and gives the total with paging', async () => {
    const { body } = await list('?regierungsbezirk=091&pageSize=3&page=2');
    expect(body.total).toBe(7);
    expect(body.items).toHaveLength(3);
    expect(body.page).toBe(2);
    const bezirke = await list('?typ=bezirk');
    expect(bezirke.body.items.map((i: { schwelle: number }) => i.schwelle)).toEqual([30]);
  });

  it('finds by PLZ and by ARS prefix', async () => {
    expect((await list('?q=97631')).body.items[0].name).toBe('Bad Königshofen i.Grabfeld, St');
    expect((await list('?q=096')).body.total).toBe(3);
  });

  it('answers a bad filter with 400 and names the parameter', async () => {
    const { res, body } = await list('?regierungsbezirk=999&pageSize=5000');
    expect(res.statusCode).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    const fields = body.details.map((d: { field: string }) => d.field).join(' ');
    expect(fields).toContain('regierungsbezirk');
    expect(fields).toContain('pageSize');
  });

  it('treats a query of only punctuation as no search term', async () => {
    const { res, body } = await list(`?q=${encodeURIComponent("%_'\"")}`);
    expect(res.statusCode).toBe(200);
    expect(body.total).toBe(10);
  });
});

describe('GET /api/v1/behoerden/{ars}', () => {
  it('returns 404 JSON for an unknown key and 400 for a malformed one', async () => {
    const missing = await app.inject({ method: 'GET', url: '/api/v1/behoerden/099999999999' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('NOT_FOUND');
    const bad = await app.inject({ method: 'GET', url: '/api/v1/behoerden/abc' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('HTML pages', () => {
  it('lists Behörden with the search form and escapes the query', async () => {
    const res = await app.inject({ method: 'GET', url: `/behoerden?q=${encodeURIComponent('<script>alert(1)</script>')}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).toContain('&lt;script>');
  });

  it('offers no Land filter and the Bavarian title while only Bavaria is imported, and only the types that occur', async () => {
    const res = await app.inject({ method: 'GET', url: '/behoerden' });
    expect(res.body).toContain('Behörden in Bayern');
    expect(res.body).not.toContain('name="land"');
    expect(res.body).toContain('>Verwaltungsgemeinschaft<');
    expect(res.body).not.toContain('>Samtgemeinde<');
  });

  it('shows a Behörde page with its gap to the threshold', async () => {
    const { body } = await list('?q=Koenigshofen');
    const res = await app.inject({ method: 'GET', url: `/behoerden/${body.items[0].ars}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Es fehlen noch 50 Online-Verfahren');
  });

  it('answers an unknown Behörde page with a German 404 page', async () => {
    const res = await app.inject({ method: 'GET', url: '/behoerden/099999999999' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Seite nicht gefunden');
  });

  it('answers a bad filter on the page with a German 400 page, not a 500', async () => {
    const res = await app.inject({ method: 'GET', url: '/behoerden?page=0' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Suchangaben sind ungültig');
  });
});

describe('OpenAPI', () => {
  it('documents the API routes as OpenAPI 3.1', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/behoerden', '/api/v1/behoerden/{ars}', '/healthz']));
    expect(Object.keys(doc.paths)).not.toContain('/behoerden');
  });
});

describe('assets', () => {
  it('serves the KERN stylesheet and the platform stylesheet the page links to everyone', async () => {
    const page = await app.inject({ method: 'GET', url: '/behoerden' });
    const sheets = [...page.body.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]);
    expect(sheets).toEqual([expect.stringMatching(/^\/assets\/kern\/kern\.min\.[0-9a-f]{12}\.css$/), expect.stringMatching(/^\/assets\/app\.[0-9a-f]{12}\.css$/)]);
    for (const url of [...sheets, '/assets/kern/kern.min.css', '/assets/app.css']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/css');
    }
  });
});

describe('paging on the list page', () => {
  it('takes a page number beyond the last to the last page, filters kept, and counts in the right number', async () => {
    // 7 Behörden in 091, 3 per page: pages 1–3. "?page=31" showed "91–7" before.
    const res = await app.inject({ method: 'GET', url: '/behoerden?regierungsbezirk=091&pageSize=3&page=31' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/behoerden?regierungsbezirk=091&pageSize=3&page=3');
    const letzte = await app.inject({ method: 'GET', url: res.headers.location as string });
    expect(letzte.body).toContain('7 Behörden, angezeigt 7–7');
    // Nothing found on any page: back to the first.
    expect((await app.inject({ method: 'GET', url: '/behoerden?q=Nirgendwo&page=4' })).headers.location).toBe('/behoerden?q=Nirgendwo');
    const eine = await app.inject({ method: 'GET', url: `/behoerden?q=${encodeURIComponent('Königshofen')}` });
    expect(eine.body).toContain('>1 Behörde<');
    const en = await app.inject({ method: 'GET', url: `/behoerden?q=${encodeURIComponent('Königshofen')}&lang=en` });
    expect(en.body).toContain('>1 authority<');
  });

  it('links the previous and next page and keeps the filters', async () => {
    const res = await app.inject({ method: 'GET', url: '/behoerden?regierungsbezirk=091&pageSize=3&page=2' });
    expect(res.body).toContain('Seite 2 von 3');
    expect(res.body).toMatch(/href="\/behoerden\?regierungsbezirk=091&amp;pageSize=3&amp;page=1" rel="prev"/);
    expect(res.body).toMatch(/href="\/behoerden\?regierungsbezirk=091&amp;pageSize=3&amp;page=3" rel="next"/);
  });
});

describe('Digitallotse on the Behörde page', () => {
  it('says whether the Behörde has a Digitallotse', async () => {
    const { body } = await list('?q=Koenigshofen');
    const res = await app.inject({ method: 'GET', url: `/behoerden/${body.items[0].ars}` });
    expect(res.body).toContain('Digitallotse');
    expect(res.body).toContain('noch nicht');
  });
});

describe('filter form', () => {
  it('keeps the chosen filters selected', async () => {
    const res = await app.inject({ method: 'GET', url: '/behoerden?typ=bezirk&sort=anzahl&regierungsbezirk=096' });
    expect(res.body).toMatch(/<option value="bezirk" selected(="")?>/);
    expect(res.body).toMatch(/<option value="anzahl" selected(="")?>/);
    expect(res.body).toMatch(/<label class="kern-label" for="regierungsbezirk">/);
  });
});
