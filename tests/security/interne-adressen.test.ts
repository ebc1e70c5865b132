/**
 * No request into internal networks (server-side request forgery), end to end through the app:
 * every entry path refuses internal addresses with a reason per line and field, and a link that is
 * in the database anyway (old data, an import) is never connected by the ministry's „check now“ —
 * the app here is built without the test exception, as in production.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/linkcheck/linkcheck.fixtures';
import type { Database } from '../../src/shared/db';
import { schreibeCsv } from '../../src/uploads/csv-upload.parser';
import { XZUFI_NAMESPACE } from '../../src/uploads/xzufi.parser';
import { aUser, Browser, buildTestApp } from '../support/app';
import { openImportedTestDatabase } from '../support/imported-db';

let database: Database;
let app: FastifyInstance;
let listener: TestServer;
let gemeinden: string[];
const HUNDESTEUER = '99102013000000';

const INTERN = [
  ['https://127.0.0.1/antrag', 'Loopback'],
  ['https://0x7f000001/antrag', 'Loopback'],
  ['https://2130706433/antrag', 'Loopback'],
  ['https://0177.0.0.1/antrag', 'Loopback'],
  ['https://127.1/antrag', 'Loopback'],
  ['https://[::ffff:127.0.0.1]/antrag', 'Loopback'],
  ['https://[::1]/antrag', 'Loopback'],
  ['https://169.254.169.254/latest/meta-data/', 'Link-Local'],
  ['https://10.20.30.40/antrag', 'privates Netz'],
  ['https://192.168.1.1/antrag', 'privates Netz'],
  ['https://100.64.0.1/antrag', 'Carrier-Grade-NAT'],
  ['https://[fd00::1]/antrag', 'Unique Local Address'],
  ['https://[ff02::1]/antrag', 'Multicast'],
  ['https://0.0.0.0/antrag', 'unspezifizierte Adresse'],
  ['https://localhost/antrag', 'eigenen Rechner'],
  ['https://formular.localhost/antrag', 'eigenen Rechner'],
] as const;

beforeAll(async () => {
  database = await openImportedTestDatabase();
  app = await buildTestApp(database);
  listener = await startTestServer();
  gemeinden = ((await database.db.execute(sql`select ars from behoerden where length(ars) = 12 order by ars limit 10`)).rows as { ars: string }[]).map((r) => r.ars);
});
afterAll(async () => {
  await app.close();
  await listener.close();
  await database.close();
});

async function apiAls(role: 'it_dienstleister' | 'kommune_editor', behoerden: string[]) {
  const user = await aUser(database, role, behoerden);
  const b = new Browser(app);
  await b.login(user.email);
  const { token } = (await b.get('/api/v1/csrf')).json() as { token: string };
  return { b, headers: { cookie: b.cookieHeader(), 'x-csrf-token': token } };
}

async function einZentralesVerfahren(): Promise<string> {
  const [r] = (await database.db.execute(sql`select id from online_verfahren where bereitstellung = 'zentral' and aktiv limit 1`)).rows as { id: string }[];
  if (r) return r.id;
  const [neu] = (
    await database.db.execute(sql`insert into online_verfahren (name, bereitstellung, url) values ('Zentral für den Test', 'zentral', 'https://zentral.example.org/') returning id`)
  ).rows as { id: string }[];
  return neu.id;
}

describe('internal addresses are refused at entry', () => {
  it('in the API (PUT and PATCH of a link): 400 with the reason at the field url', async () => {
    const ars = gemeinden[0];
    const { headers } = await apiAls('kommune_editor', [ars]);
    const verfahren = await einZentralesVerfahren();
    for (const [url, teil] of INTERN) {
      const res = await app.inject({ method: 'PUT', url: `/api/v1/behoerden/${ars}/verlinkungen/${verfahren}`, headers, payload: { url } });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().details, url).toEqual([{ field: 'url', message: expect.stringContaining(teil) }]);
    }
    expect((await app.inject({ method: 'PUT', url: `/api/v1/behoerden/${ars}/verlinkungen/${verfahren}`, headers, payload: {} })).statusCode).toBe(201);
    const patch = await app.inject({ method: 'PATCH', url: `/api/v1/behoerden/${ars}/verlinkungen/${verfahren}`, headers, payload: { url: 'https://[::ffff:a9fe:a9fe]/' } });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().details[0].message).toContain('Link-Local');
  });

  it('in the form: the page again with the reason at the address field', async () => {
    const ars = gemeinden[1];
    const user = await aUser(database, 'kommune_editor', [ars]);
    const b = new Browser(app);
    await b.login(user.email);
    const verfahren = await einZentralesVerfahren();
    const seite = `/verwaltung/behoerden/${ars}/verlinkungen`;
    const res = await b.submit(seite, `${seite}/verlinken`, { verfahrenId: verfahren, url: 'https://0x7f000001/antrag' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Die Adresse zeigt auf ein internes Netz (Loopback, der eigene Rechner); solche Adressen sind nicht erlaubt.');
    expect(res.body).toContain(`href="#url-${verfahren}"`);
  });

  it('in a CSV upload (dry run): every line with its own reason', async () => {
    const ars = gemeinden[2];
    const { headers } = await apiAls('it_dienstleister', [ars]);
    const zeilen = INTERN.map(([url], i) => [ars, `Verfahren ${i}`, 'Beschreibung', url, HUNDESTEUER]);
    const csv = schreibeCsv(['ars', 'name', 'beschreibung', 'url', 'leika_schluessel'], [...zeilen, [ars, 'Gut', 'Beschreibung', 'https://formulare.example.org/gut', HUNDESTEUER]]);
    const res = await app.inject({ method: 'POST', url: '/api/v1/uploads?dateiname=intern.csv', headers: { ...headers, 'content-type': 'text/csv' }, payload: csv });
    expect(res.statusCode).toBe(201);
    const u = res.json() as { status: string; fehler: { zeile: number; spalte: string; meldung: string }[] };
    expect(u.status).toBe('fehlerhaft');
    expect(u.fehler).toHaveLength(INTERN.length);
    INTERN.forEach(([url, teil], i) => {
      expect(u.fehler[i], url).toEqual({ zeile: i + 2, spalte: 'url', meldung: expect.stringContaining(teil) });
    });
  });

  it('in an XZuFi upload (dry run): every onlinedienst with its line', async () => {
    const ars = gemeinden[3];
    const { headers } = await apiAls('it_dienstleister', [ars]);
    const dienste = INTERN.map(
      ([url], i) => `<xzufi:schreibe><xzufi:onlinedienst>
<xzufi:id>OD_${i}</xzufi:id><xzufi:bezeichnung languageCode="de">Verfahren ${i}</xzufi:bezeichnung>
<xzufi:link><xzufi:typ><code>01</code></xzufi:typ><xzufi:link>${url.replace(/&/g, '&amp;')}</xzufi:link></xzufi:link>
<xzufi:zustaendigkeit><xzufi:leistungID>L1</xzufi:leistungID><xzufi:gebietID>${ars}</xzufi:gebietID></xzufi:zustaendigkeit>
</xzufi:onlinedienst></xzufi:schreibe>`,
    );
    const datei = `<?xml version="1.0" encoding="UTF-8"?>
<xzufi:transfer.operation.040101 xmlns:xzufi="${XZUFI_NAMESPACE}" xzufiVersion="2.2.0">
<xzufi:schreibe><xzufi:leistung><xzufi:id>L1</xzufi:id><xzufi:referenzLeiKa><code>99050012104000</code></xzufi:referenzLeiKa></xzufi:leistung></xzufi:schreibe>
${dienste.join('\n')}
</xzufi:transfer.operation.040101>
`;
    const res = await app.inject({ method: 'POST', url: '/api/v1/uploads/xzufi?dateiname=intern.xml', headers: { ...headers, 'content-type': 'application/xml' }, payload: datei });
    expect(res.statusCode).toBe(201);
    const u = res.json() as { status: string; fehler: { zeile: number; spalte: string; meldung: string }[] };
    expect(u.status).toBe('fehlerhaft');
    expect(u.fehler).toHaveLength(INTERN.length);
    const zeilen = u.fehler.map((f) => f.zeile);
    expect(new Set(zeilen).size).toBe(INTERN.length);
    INTERN.forEach(([url, teil], i) => expect(u.fehler[i].meldung, url).toContain(teil));
  });
});

describe('a link to a local listener already in the database', () => {
  it('is never connected by the ministry’s check, and the public sees only „defekt“', async () => {
    const ars = gemeinden[4];
    const [v] = (
      await database.db.execute(sql`insert into online_verfahren (name, bereitstellung, url) values ('Intern', 'zentral', ${listener.url('/ok')}) returning id`)
    ).rows as { id: string }[];
    const [w] = (
      await database.db.execute(sql`insert into online_verfahren (name, bereitstellung, url) values ('Intern 2', 'zentral', ${`https://127.0.0.1:${new URL(listener.base).port}/ok`}) returning id`)
    ).rows as { id: string }[];
    await database.db.execute(sql`insert into verlinkungen (behoerde_ars, verfahren_id) values (${ars}, ${v.id}), (${ars}, ${w.id})`);
    const admin = new Browser(app);
    await admin.login((await aUser(database, 'ministry_admin')).email);
    const res = await admin.submit('/verwaltung/linkpruefung', '/verwaltung/linkpruefung', { umfang: 'alle' });
    expect(res.headers.location).toBe('/verwaltung/linkpruefung?meldung=fertig');
    expect(listener.verbindungen).toBe(0);

    const oeffentlich = (await app.inject({ method: 'GET', url: `/api/v1/behoerden/${ars}/links/defekt` })).json() as { items: Record<string, unknown>[] };
    expect(oeffentlich.items.map((i) => i.status)).toEqual(['defekt', 'defekt']);
    expect(JSON.stringify(oeffentlich)).not.toMatch(/Netz|Loopback|abgelehnt/);
    for (const i of oeffentlich.items) expect(i).not.toHaveProperty('fehler');
    const seite = await admin.get('/verwaltung/linkpruefung');
    expect(seite.body).toContain('zeigt auf ein internes Netz (Loopback, der eigene Rechner) – nicht geprüft');
  });
});
