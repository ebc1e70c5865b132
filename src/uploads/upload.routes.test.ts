import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, aUser, buildTestApp } from '../../tests/support/app';
import { openImportedTestDatabase } from '../../tests/support/imported-db';
import type { Database } from '../shared/db';
import { schreibeCsv } from './csv-upload.parser';

let database: Database;
let app: FastifyInstance;
let gemeinden: string[];
const HUNDESTEUER = '99102013000000';

const naechste = (n: number) => gemeinden.splice(0, n);

const csv = (rows: string[][]) => schreibeCsv(['ars', 'name', 'beschreibung', 'url', 'leika_schluessel'], rows);
const zeile = (ars: string, n: string, url = `https://rz.example.org/${n}`) => [ars, `Verfahren ${n}`, `Beschreibung ${n}`, url, HUNDESTEUER];

/** A multipart/form-data body as a browser sends it. */
function multipart(fields: Record<string, string>, file?: { name: string; filename: string; content: string | Buffer }) {
  const boundary = `----da${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\ncontent-type: text/csv\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function einloggen(role: 'it_dienstleister' | 'kommune_editor' | 'ministry_admin' | 'grant_officer', behoerden: string[] = []) {
  const u = await aUser(database, role, behoerden);
  const b = new Browser(app);
  await b.login(u.email);
  return { b, user: u };
}

async function hochladen(b: Browser, content: string, opts: { csrf?: boolean; filename?: string } = {}) {
  const page = await b.get('/verwaltung/uploads');
  const token = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
  const body = multipart(opts.csrf === false ? {} : { _csrf: token }, { name: 'datei', filename: opts.filename ?? 'verfahren.csv', content });
  return app.inject({ method: 'POST', url: '/verwaltung/uploads', headers: { cookie: b.cookieHeader(), 'content-type': body.contentType }, payload: body.payload });
}

beforeAll(async () => {
  database = await openImportedTestDatabase();
  app = await buildTestApp(database);
  gemeinden = ((await database.db.execute(sql`select ars from behoerden where length(ars) = 12 order by ars desc`)).rows as { ars: string }[]).map((r) => r.ars);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('upload pages', () => {
  it('explain the format with an example, offer the template and a file form', async () => {
    const { b } = await einloggen('it_dienstleister', naechste(1));
    const page = await b.get('/verwaltung/uploads');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toContain('name="_csrf"');
    expect(page.body).toContain('leika_schluessel');
    const vorlage = await b.get('/verwaltung/uploads/vorlage.csv');
    expect(vorlage.statusCode).toBe(200);
    expect(vorlage.headers['content-type']).toContain('text/csv');
    expect(vorlage.body.replace('\uFEFF', '').split('\r\n')[0]).toBe('ars;name;beschreibung;url;leika_schluessel;externe_id;art;vertrauensniveau;verfahren_id');
  });

  it('are only for uploading roles', async () => {
    const { b } = await einloggen('grant_officer');
    expect((await b.get('/verwaltung/uploads')).statusCode).toBe(403);
    const anonym = await app.inject({ method: 'GET', url: '/verwaltung/uploads' });
    expect(anonym.statusCode).toBe(302);
    expect(anonym.headers.location).toContain('/anmelden');
  });

  it('check a file with errors and list every error with line and column, paged, and as CSV', async () => {
    const [a, fremd] = naechste(2);
    const { b } = await einloggen('it_dienstleister', [a]);
    const rows = [zeile(a, 'ok'), zeile(fremd, 'fremd'), ...Array.from({ length: 120 }, (_, i) => zeile(a, `u${i}`, 'http://unsicher.example.org'))];
    const res = await hochladen(b, csv(rows));
    expect(res.statusCode).toBe(303);
    const url = res.headers.location as string;
    expect(url).toMatch(/^\/verwaltung\/uploads\/[0-9a-f-]{36}$/);

    const seite = await b.get(url);
    expect(seite.statusCode).toBe(200);
    expect(seite.body).toContain('121 Fehler');
    expect(seite.body).toContain(`Behörde ${fremd}`);
    expect(seite.body).not.toContain('/uebernehmen');
    expect(seite.body).toContain('Seite 1 von 2');
    const seite2 = await b.get(`${url}?seite=2`);
    expect(seite2.body).toContain('<td class="kern-table__cell kern-table__cell--numeric">123</td>');

    const fehlerCsv = await b.get(`${url}/fehler.csv`);
    expect(fehlerCsv.headers['content-type']).toContain('text/csv');
    const lines = fehlerCsv.body.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe('zeile;spalte;meldung');
    expect(lines).toHaveLength(122);
    expect(lines[1]).toMatch(/^3;ars;/);
  });

  it('take a valid file over with the Übernehmen button and say so', async () => {
    const [a, c] = naechste(2);
    const { b } = await einloggen('it_dienstleister', [a, c]);
    const res = await hochladen(b, csv([zeile(a, 'w1', 'https://rz.example.org/w1?g=1'), zeile(c, 'w1', 'https://rz.example.org/w1?g=2')]), { filename: 'Verfahren Würzburg.csv' });
    const url = res.headers.location as string;
    const seite = await b.get(url);
    expect(seite.body).toContain('Upload „Verfahren Würzburg.csv“');
    expect(seite.body).toContain(`action="${url}/uebernehmen"`);
    expect(seite.body).toMatch(/Neue Verlinkungen<\/dt>\s*<dd[^>]*>2</);

    const commit = await b.submit(url, `${url}/uebernehmen`, {});
    expect(commit.statusCode).toBe(303);
    expect(commit.headers.location).toBe(`${url}?uebernommen=1`);
    const danach = await b.get(commit.headers.location as string);
    expect(danach.body).toContain('Der Upload wurde übernommen.');
    expect(danach.body).not.toContain(`action="${url}/uebernehmen"`);
    const n = (await database.db.execute(sql`select count(*)::int as n from verlinkungen where behoerde_ars in (${a}, ${c})`)).rows[0] as { n: number };
    expect(Number(n.n)).toBe(2);
    // A second click finds it taken over and shows it, without writing again.
    const nochmal = await b.submit(url, `${url}/uebernehmen`, {});
    expect(nochmal.headers.location).toBe(url);

    const liste = await b.get('/verwaltung/uploads');
    expect(liste.body).toContain(url);
    expect(liste.body).toContain('Übernommen');
  });

  it('refuse the form without the CSRF token, and ask for a file when none is chosen', async () => {
    const { b } = await einloggen('it_dienstleister', naechste(1));
    const ohne = await hochladen(b, csv([zeile(gemeinden[0], 'x')]), { csrf: false });
    expect(ohne.statusCode).toBe(403);
    const page = await b.get('/verwaltung/uploads');
    const token = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
    const body = multipart({ _csrf: token }, { name: 'datei', filename: '', content: '' });
    const leer = await app.inject({ method: 'POST', url: '/verwaltung/uploads', headers: { cookie: b.cookieHeader(), 'content-type': body.contentType }, payload: body.payload });
    expect(leer.statusCode).toBe(400);
    expect(leer.body).toContain('Bitte wählen Sie eine CSV-Datei aus.');
    expect(leer.body).toContain('href="#datei"');
  });

  it('are in English with the language cookie: form, format, check result, commit, and the message for a missing file', async () => {
    const [a] = naechste(1);
    const { b } = await einloggen('it_dienstleister', [a]);
    b.cookies.set('lang', 'en');
    const page = await b.get('/verwaltung/uploads');
    expect(page.body).toContain('<html lang="en"');
    expect(page.body).toContain('>Upload online procedures</h1>');
    expect(page.body).toContain('>CSV file format</h2>');
    expect(page.body).toContain('>Upload an XZuFi 2.2 file</h2>');
    expect(page.body).toContain('Check file');
    expect(page.body).not.toContain('Datei prüfen');

    const url = (await hochladen(b, csv([zeile(a, 'englisch')]), { filename: 'procedures.csv' })).headers.location as string;
    const seite = await b.get(url);
    expect(seite.body).toContain('<html lang="en"');
    expect(seite.body).toContain('Upload “<bdi>procedures.csv</bdi>”</h1>');
    expect(seite.body).toContain('>What committing would do</h2>');
    expect(seite.body).toMatch(/New links<\/dt>\s*<dd[^>]*>1</);
    const commit = await b.submit(url, `${url}/uebernehmen`, {});
    const danach = await b.get(commit.headers.location as string);
    expect(danach.body).toContain('The upload has been committed.');
    expect(danach.body).toContain('Committed');

    const token = (await b.get('/verwaltung/uploads')).body.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
    const body = multipart({ _csrf: token }, { name: 'datei', filename: '', content: '' });
    const leer = await app.inject({ method: 'POST', url: '/verwaltung/uploads', headers: { cookie: b.cookieHeader(), 'content-type': body.contentType }, payload: body.payload });
    expect(leer.statusCode).toBe(400);
    expect(leer.body).toContain('Please choose a CSV file.');
    expect(leer.body).toContain('<html lang="en"');
  });

  it("do not show another uploader's upload", async () => {
    const [a] = naechste(1);
    const eins = await einloggen('it_dienstleister', [a]);
    const zwei = await einloggen('it_dienstleister', [a]);
    const url = (await hochladen(eins.b, csv([zeile(a, 'geheim')]))).headers.location as string;
    expect((await zwei.b.get(url)).statusCode).toBe(404);
    expect((await zwei.b.get(`${url}/fehler.csv`)).statusCode).toBe(404);
  });
});

describe('upload API', () => {
  async function api(role: 'it_dienstleister' | 'kommune_editor', behoerden: string[]) {
    const { b, user } = await einloggen(role, behoerden);
    const { token } = (await b.get('/api/v1/csrf')).json() as { token: string };
    const headers = { cookie: b.cookieHeader(), 'x-csrf-token': token };
    return { b, user, headers };
  }

  it('checks a CSV body (dry run), shows it, and commits it once', async () => {
    const [a, fremd] = naechste(2);
    const { headers } = await api('it_dienstleister', [a]);
    const fehlerhaft = await app.inject({
      method: 'POST',
      url: '/api/v1/uploads?format=csv&dateiname=fehler.csv',
      headers: { ...headers, 'content-type': 'text/csv' },
      payload: csv([zeile(a, 'api1'), zeile(fremd, 'api2')]),
    });
    expect(fehlerhaft.statusCode).toBe(201);
    const f = fehlerhaft.json();
    expect(f).toMatchObject({ status: 'fehlerhaft', dateiname: 'fehler.csv', zeilen: 2, fehlerAnzahl: 1 });
    expect(f.fehler).toEqual([{ zeile: 3, spalte: 'ars', meldung: expect.stringContaining(fremd) }]);
    const nichtErlaubt = await app.inject({ method: 'POST', url: `/api/v1/uploads/${f.id}/commit`, headers });
    expect(nichtErlaubt.statusCode).toBe(409);
    expect(nichtErlaubt.json().message).toBe('This upload has errors and cannot be committed. Correct the file and upload it again.');

    const ok = await app.inject({ method: 'POST', url: '/api/v1/uploads?dateiname=ok.csv', headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' }, payload: csv([zeile(a, 'api1')]) });
    expect(ok.statusCode).toBe(201);
    const o = ok.json();
    expect(o).toMatchObject({ status: 'geprueft', fehler: [], statistik: { verfahrenNeu: 1, verlinkungenNeu: 1 } });
    const get = await app.inject({ method: 'GET', url: `/api/v1/uploads/${o.id}`, headers });
    expect(get.json()).toMatchObject({ id: o.id, status: 'geprueft' });

    const commit = await app.inject({ method: 'POST', url: `/api/v1/uploads/${o.id}/commit`, headers });
    expect(commit.statusCode).toBe(200);
    expect(commit.json()).toMatchObject({ status: 'uebernommen', statistik: { verlinkungenNeu: 1 } });
    const zweimal = await app.inject({ method: 'POST', url: `/api/v1/uploads/${o.id}/commit`, headers });
    expect(zweimal.statusCode).toBe(409);
    expect(zweimal.json()).toEqual({ code: 'CONFLICT', reason: 'UPLOAD_BEREITS_UEBERNOMMEN', message: 'This upload has already been committed.', details: [] });
    const liste = await app.inject({ method: 'GET', url: '/api/v1/uploads', headers });
    expect(liste.json().map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining([o.id, f.id]));
  });

  it('answers a commit whose second check fails with 409 and line and column in details', async () => {
    const [a, c] = naechste(2);
    const { headers, user } = await api('it_dienstleister', [a, c]);
    const o = (await app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { ...headers, 'content-type': 'text/csv' }, payload: csv([zeile(a, 'r1'), zeile(c, 'r1')]) })).json();
    expect(o.status).toBe('geprueft');
    await database.db.execute(sql`delete from user_behoerden where user_id = ${user.id} and behoerde_ars = ${c}`);
    const commit = await app.inject({ method: 'POST', url: `/api/v1/uploads/${o.id}/commit`, headers });
    expect(commit.statusCode).toBe(409);
    expect(commit.json()).toMatchObject({ code: 'UPLOAD_INVALID', details: [{ line: 3, field: 'ars', message: expect.stringContaining(c) }] });
  });

  it('needs the CSRF header, a login and a CSV body, and answers unknown uploads with 404', async () => {
    const [a] = naechste(1);
    const { headers } = await api('it_dienstleister', [a]);
    const ohneToken = await app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { cookie: headers.cookie, 'content-type': 'text/csv' }, payload: csv([zeile(a, 'x')]) });
    expect(ohneToken.statusCode).toBe(403);
    expect(ohneToken.json().code).toBe('CSRF_INVALID');
    const anonym = await app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { 'content-type': 'text/csv' }, payload: 'x' });
    expect(anonym.statusCode).toBe(401);
    const json = await app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { ...headers, 'content-type': 'application/json' }, payload: '{}' });
    expect(json.statusCode).toBe(415);
    const unbekannt = await app.inject({ method: 'GET', url: '/api/v1/uploads/00000000-0000-4000-8000-000000000000', headers });
    expect(unbekannt.statusCode).toBe(404);
    expect(unbekannt.json().message).toBe('Upload not found.');
  });

  it('is described in the OpenAPI document under the uploads tag', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.tags.map((t: { name: string }) => t.name)).toContain('uploads');
    expect(doc.paths['/api/v1/uploads'].post.tags).toEqual(['uploads']);
    expect(doc.paths['/api/v1/uploads/{id}'].get.tags).toEqual(['uploads']);
    expect(doc.paths['/api/v1/uploads/{id}/commit'].post.tags).toEqual(['uploads']);
  });
});
