/** Routes of the Förderprogramm with `app.inject()`: pages and forms (PRG, re-render with errors), API, CSV, PDF, access. */
import type { Handelnde } from '../shared/handelnde';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, buildTestApp } from '../../tests/support/app';
import { openTestDatabase } from '../../tests/support/db';
import type { Database } from '../shared/db';
import { einAntragsteller, sachbearbeitung } from './testing/fixtures';
import { pdfText } from './testing/pdf-text';

let database: Database;
let app: FastifyInstance;
let g: Awaited<ReturnType<typeof einAntragsteller>>;
let officers: Handelnde[];

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database);
  g = await einAntragsteller(database, app.services, { name: 'Markt Musterhausen', typ: 'markt', dienste: 21 });
  officers = await sachbearbeitung(database, 2);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const login = async (email: string) => {
  const b = new Browser(app);
  const r = await b.login(email);
  expect(r.statusCode).toBe(303);
  return b;
};

const formular = (f: Record<string, string> = {}) => ({
  ars: g.ars,
  zeilen: '4',
  massnahme: 'Online-Gewerbeanmeldung',
  onlineDienste: `${g.dienste[0]}\nHundesteuer online`,
  'kosten-1-art': 'software_kauf',
  'kosten-1-bezeichnung': 'Fachverfahren Gewerbe',
  'kosten-1-betrag': '1.234,56',
  'kosten-2-art': 'wartung',
  'kosten-2-bezeichnung': 'Wartungsvertrag',
  'kosten-2-betrag': '500',
  'kosten-3-art': 'lizenz',
  'kosten-3-bezeichnung': 'Lizenz 3 Jahre',
  'kosten-3-betrag': '3.000,00',
  'kosten-3-jahre': '3',
  'kosten-3-einmal': 'ja',
  kontoinhaber: 'Marktkasse',
  iban: 'DE02 1203 0000 0000 2020 51',
  kontaktName: 'Max Muster',
  kontaktEmail: 'max@musterhausen.example',
  'erklaerung-bayernId': 'ja',
  'erklaerung-mobil': 'ja',
  'erklaerung-erstmalig': 'ja',
  'erklaerung-richtigkeit': 'ja',
  postkorb: 'ja',
  ePayment: 'nicht_erforderlich',
  aktion: 'speichern',
  ...f,
});

describe('application pages', () => {
  it('saves a draft from German amounts, shows the rule check, and submits it', async () => {
    const b = await login(g.editor.email);
    const start = await b.get('/foerderung');
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain(`/foerderung/antraege/neu?ars=${g.ars}`);
    const neu = await b.get(`/foerderung/antraege/neu?ars=${g.ars}`);
    expect(neu.statusCode).toBe(200);
    expect(neu.body).toContain('Markt Musterhausen');
    const saved = await b.submit(`/foerderung/antraege/neu?ars=${g.ars}`, `/foerderung/antraege/neu?ars=${g.ars}`, formular());
    expect(saved.statusCode).toBe(303);
    const akteUrl = saved.headers.location as string;
    expect(akteUrl).toMatch(/^\/foerderung\/antraege\/[0-9a-f-]{36}\?meldung=gespeichert$/);
    const akte = await b.get(akteUrl);
    expect(akte.statusCode).toBe(200);
    expect(akte.body).toContain('Der Entwurf ist gespeichert');
    expect(akte.body).toContain('1.234,56 €');
    // Maintenance refused with the reason; licence 3 years → 2/3 eligible: 2.000,00 €.
    expect(akte.body).toContain('Wartung und Pflege sind laufende Kosten');
    expect(akte.body).toContain('2.000,00 €');
    // 80 % of 3.234,56 = 2.587,648 → 2.587,64 € (rounded down).
    expect(akte.body).toContain('2.587,64 €');
    const id = akteUrl.split('/')[3].split('?')[0];
    const ein = await b.submit(`/foerderung/antraege/${id}`, `/foerderung/antraege/${id}/einreichen`, {});
    expect(ein.statusCode).toBe(303);
    expect((await b.get(`/foerderung/antraege/${id}`)).body).toContain('Eingereicht');
    // Frozen: the edit form sends the applicant back to the file.
    expect((await b.get(`/foerderung/antraege/${id}/bearbeiten`)).statusCode).toBe(303);
  });

  it('re-renders the form with an error summary for a bad amount and a bad IBAN, keeping the input', async () => {
    const b = await login(g.editor.email);
    const r = await b.submit(`/foerderung/antraege/neu?ars=${g.ars}`, `/foerderung/antraege/neu?ars=${g.ars}`, formular({ 'kosten-1-betrag': '12.34', aktion: 'speichern' }));
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('kern-alert--danger');
    expect(r.body).toContain('href="#kosten-1-betrag"');
    expect(r.body).toContain('Komma für Cent');
    expect(r.body).toContain('value="12.34"');
    const iban = await b.submit(`/foerderung/antraege/neu?ars=${g.ars}`, `/foerderung/antraege/neu?ars=${g.ars}`, formular({ iban: 'DE02 1203 0000 0000 2020 52', aktion: 'einreichen' }));
    expect(iban.statusCode).toBe(400);
    expect(iban.body).toContain('Prüfziffer der IBAN');
    expect(iban.body).toContain('Der Entwurf ist gespeichert, aber noch nicht vollständig');
  });

  it('adds a cost row without JavaScript', async () => {
    const b = await login(g.editor.email);
    const r = await b.submit(`/foerderung/antraege/neu?ars=${g.ars}`, `/foerderung/antraege/neu?ars=${g.ars}`, formular({ aktion: 'zeile' }));
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('id="kosten-5-betrag"');
  });

  it('shows the four-eyes rule on the file and refuses the decision by the checker', async () => {
    const [a, bOfficer] = officers;
    const f = app.services.foerderung;
    const x = await f.erstelleEntwurf(g.editor, g.ars, {
      massnahme: 'E-Payment',
      beschreibung: '',
      onlineDienste: [g.dienste[1]],
      kontoinhaber: 'Marktkasse',
      iban: 'DE02120300000000202051',
      kontaktName: 'Max',
      kontaktEmail: 'max@musterhausen.example',
      erklaerungen: { bayernId: true, postkorb: 'ja', ePayment: 'ja', mobil: true, erstmalig: true, richtigkeit: true },
      positionen: [{ art: 'einrichtung', bezeichnung: 'Anbindung', betragCent: 500_000n }],
    });
    await f.reicheEin(g.editor, x.id);
    const pa = await login(a.email);
    const geprueft = await pa.submit(`/foerderung/antraege/${x.id}`, `/foerderung/antraege/${x.id}/pruefen`, { empfehlung: 'bewilligen', kommentar: 'ok' });
    expect(geprueft.statusCode).toBe(303);
    const akte = await pa.get(`/foerderung/antraege/${x.id}`);
    expect(akte.body).toContain('Vier-Augen-Prinzip: Sie haben diesen Antrag geprüft');
    expect(akte.body).not.toContain(`action="/foerderung/antraege/${x.id}/entscheiden"`);
    const selbst = await pa.submit(`/foerderung/antraege/${x.id}`, `/foerderung/antraege/${x.id}/entscheiden`, { entscheidung: 'bewilligen' });
    expect(selbst.statusCode).toBe(409);
    expect(selbst.body).toContain('Vier-Augen-Prinzip');
    const pb = await login(bOfficer.email);
    const ok = await pb.submit(`/foerderung/antraege/${x.id}`, `/foerderung/antraege/${x.id}/entscheiden`, { entscheidung: 'bewilligen' });
    expect(ok.headers.location).toBe(`/foerderung/antraege/${x.id}?meldung=bewilligt`);
    // 80 %: no official Gebietskulisse here, and nobody confirmed the higher rate.
    expect((await pb.get(`/foerderung/antraege/${x.id}`)).body).toContain('4.000,00 €');
    const pdf = await pb.get(`/foerderung/antraege/${x.id}/bescheid.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.rawPayload).replace(/\s+/g, ' ');
    expect(text).toContain('Markt Musterhausen');
    expect(text).toContain('4.000,00 €');
  });
});

describe('officer and ministry pages', () => {
  it('render the work list, overview, statistics and ledger with SVG charts and tables', async () => {
    const b = await login(officers[0].email);
    for (const url of ['/foerderung', '/foerderung/arbeitsliste', '/foerderung/uebersicht', '/foerderung/uebersicht?ueberfaellig=ja&status=bewilligt&jahr=2026', '/foerderung/statistik', '/foerderung/haushalt']) {
      const r = await b.get(url);
      expect(r.statusCode, url).toBe(200);
    }
    const s = await b.get('/foerderung/statistik');
    expect(s.body).toContain('<svg');
    expect(s.body).toContain('role="img"');
    expect(s.body).toContain('<table');
    expect((await b.get('/foerderung/haushalt')).body).toContain('Abgleich stimmt');
    // English labels where the rest of the UI has them.
    b.cookies.set('lang', 'en');
    const en = await b.get('/foerderung/statistik');
    expect(en.body).toContain('Funding programme statistics');
    expect(en.body).toContain('lang="en"');
  });

  it('exports the overview as CSV with formula cells neutralised', async () => {
    await database.query(`update foerder_antraege set massnahme = '=HYPERLINK("http://evil.example","x")' where behoerde_ars = $1 and status <> 'entwurf'`, [g.ars]);
    const b = await login(officers[0].email);
    const r = await b.get('/foerderung/uebersicht.csv');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    expect(r.headers['content-disposition']).toContain('attachment');
    expect(r.body).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(r.body).not.toMatch(/;=HYPERLINK/);
  });

  it('keeps applicants out of the overview and anonymous users out of everything', async () => {
    const b = await login(g.editor.email);
    expect((await b.get('/foerderung/uebersicht')).statusCode).toBe(403);
    expect((await b.get('/foerderung/arbeitsliste')).statusCode).toBe(403);
    const anon = await app.inject({ method: 'GET', url: '/foerderung' });
    expect(anon.statusCode).toBe(302);
    expect(anon.headers.location).toContain('/anmelden');
    expect((await app.inject({ method: 'GET', url: '/api/v1/foerderung/antraege' })).statusCode).toBe(401);
  });
});

describe('API', () => {
  it('creates, reads and submits with money as cent strings, and is in the OpenAPI document', async () => {
    const b = await login(g.editor.email);
    const { token } = (await b.get('/api/v1/csrf')).json();
    const call = (method: 'POST' | 'PUT' | 'GET', url: string, body?: unknown) =>
      app.inject({ method, url, headers: { cookie: b.cookieHeader(), 'x-csrf-token': token, ...(body ? { 'content-type': 'application/json' } : {}) }, payload: body ? JSON.stringify(body) : undefined });
    const created = await call('POST', '/api/v1/foerderung/antraege', {
      behoerdeArs: g.ars,
      massnahme: 'Bauantrag online',
      onlineDienste: ['Bauantrag'],
      kontoinhaber: 'Marktkasse',
      iban: 'DE02120300000000202051',
      kontaktName: 'Max',
      kontaktEmail: 'max@musterhausen.example',
      erklaerungen: { bayernId: true, postkorb: 'ja', ePayment: 'ja', mobil: true, erstmalig: true, richtigkeit: true },
      positionen: [{ art: 'software_kauf', bezeichnung: 'Software', betragCent: '400001' }],
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body.status).toBe('entwurf');
    expect(body.positionen[0].betragCent).toBe('400001');
    expect(body.pruefung.berechnetCent).toBe('320000'); // 80 % of 4.000,01 = 3.200,008 → 3.200,00
    const sub = await call('POST', `/api/v1/foerderung/antraege/${body.id}/einreichen`);
    expect(sub.statusCode, sub.body).toBe(200);
    expect(sub.json().status).toBe('eingereicht');
    const again = await call('PUT', `/api/v1/foerderung/antraege/${body.id}`, { massnahme: 'x' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'CONFLICT' });
    expect(again.json()).toMatchObject({ code: 'CONFLICT', reason: 'FOERDERUNG_FALSCHER_SCHRITT' });
    const list = await call('GET', '/api/v1/foerderung/antraege');
    expect(list.json().items.some((i: { id: string }) => i.id === body.id)).toBe(true);
    const bad = await call('POST', '/api/v1/foerderung/antraege', { behoerdeArs: g.ars, positionen: [{ art: 'software_kauf', bezeichnung: 'x', betragCent: 12.5 }] });
    expect(bad.statusCode).toBe(400);
    const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/foerderung/antraege', '/api/v1/foerderung/antraege/{id}/entscheiden', '/api/v1/foerderung/haushalt', '/api/v1/foerderung/statistik']));
  });
});
