import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, aUser, buildTestApp } from '../../tests/support/app';
import { openImportedTestDatabase } from '../../tests/support/imported-db';
import type { Database } from '../shared/db';
import { behoerdenKandidaten } from './xzufi.import';
import { XZUFI_NAMESPACE } from './xzufi.parser';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'xzufi');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name));

const NUERNBERG = '095640000000';
const ERLANGEN = '095620000000';
const BAD_KOENIGSHOFEN = '096730141141';
const GUELTIG_ARS = [NUERNBERG, ERLANGEN, BAD_KOENIGSHOFEN];

let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  database = await openImportedTestDatabase();
  app = await buildTestApp(database);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const anzahl = async (tabelle: 'uploads' | 'online_verfahren' | 'verlinkungen') =>
  Number(((await database.db.execute(sql.raw(`select count(*)::int as n from ${tabelle}`))).rows[0] as { n: number }).n);

/** Logs in and returns API calls with the session cookie and the CSRF header. */
async function apiAls(role: 'it_dienstleister' | 'grant_officer' | 'kommune_editor', behoerden: string[] = []) {
  const user = await aUser(database, role, behoerden);
  const b = new Browser(app);
  await b.login(user.email);
  const { token } = (await b.get('/api/v1/csrf')).json();
  const headers = { cookie: b.cookieHeader(), 'x-csrf-token': token };
  return {
    b,
    hochladen: (body: Buffer | Readable, extra: Record<string, string> = {}, url = '/api/v1/uploads/xzufi?dateiname=verfahren.xml') =>
      app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/xml', ...extra }, payload: body }),
    commit: (id: string) => app.inject({ method: 'POST', url: `/api/v1/uploads/${id}/commit`, headers }),
  };
}

/** A multipart/form-data body as a browser sends it. */
function multipart(fields: Record<string, string>, file: { filename: string; content: Buffer }) {
  const boundary = `----da${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    ...Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)),
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="datei"; filename="${file.filename}"\r\ncontent-type: application/xml\r\n\r\n`),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

function eineDatei(onlinedienste: { id: string; gebietIds: string[] }[]): Buffer {
  const od = onlinedienste.map(
    (o) => `<xzufi:schreibe><xzufi:onlinedienst>
  <xzufi:id>${o.id}</xzufi:id><xzufi:bezeichnung languageCode="de">Verfahren ${o.id}</xzufi:bezeichnung>
  <xzufi:link><xzufi:typ><code>01</code></xzufi:typ><xzufi:link>https://formulare.example.org/${o.id}</xzufi:link></xzufi:link>
  <xzufi:zustaendigkeit><xzufi:leistungID>L1</xzufi:leistungID>${o.gebietIds.map((g) => `<xzufi:gebietID>${g}</xzufi:gebietID>`).join('')}</xzufi:zustaendigkeit>
</xzufi:onlinedienst></xzufi:schreibe>`,
  );
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<xzufi:transfer.operation.040101 xmlns:xzufi="${XZUFI_NAMESPACE}" xzufiVersion="2.2.0">
<xzufi:schreibe><xzufi:leistung><xzufi:id>L1</xzufi:id><xzufi:referenzLeiKa><code>99050012104000</code></xzufi:referenzLeiKa></xzufi:leistung></xzufi:schreibe>
${od.join('\n')}
</xzufi:transfer.operation.040101>
`);
}

describe('POST /api/v1/uploads/xzufi', () => {
  it('checks the valid fixture as a dry run: one row per onlinedienst and gebietID, nothing linked yet', async () => {
    const { hochladen } = await apiAls('it_dienstleister', GUELTIG_ARS);
    const verlinkungenVorher = await anzahl('verlinkungen');
    const res = await hochladen(fixture('xzufi-gueltig.xml'));
    expect(res.statusCode).toBe(201);
    const u = res.json();
    expect(u).toMatchObject({ format: 'xzufi', dateiname: 'verfahren.xml', status: 'geprueft', zeilen: 4, fehlerAnzahl: 0, fehler: [] });
    expect(u.statistik).toMatchObject({ verfahrenNeu: 3, verlinkungenNeu: 4, behoerdenInDatei: 3, behoerden: [ERLANGEN, NUERNBERG, BAD_KOENIGSHOFEN].sort() });
    expect(await anzahl('verlinkungen')).toBe(verlinkungenVorher);
    const gespeichert = (await database.db.execute(sql`select daten from uploads where id = ${u.id}`)).rows[0] as { daten: { zeilen: unknown[][] } };
    expect(gespeichert.daten.zeilen.map((z) => [z[0], z[1], z[7]])).toEqual([
      [24, NUERNBERG, 'B100019_OD_gewerbe'],
      [24, ERLANGEN, 'B100019_OD_gewerbe'],
      [48, BAD_KOENIGSHOFEN, 'B100019_OD_abbruch'],
      [117, ERLANGEN, 'B100019_OD_briefwahl'],
    ]);
  });

  it('commits the valid fixture: the procedures are created and linked for their Behörden', async () => {
    const { hochladen, commit } = await apiAls('it_dienstleister', GUELTIG_ARS);
    const u = (await hochladen(fixture('xzufi-gueltig.xml'))).json();
    const res = await commit(u.id);
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('uebernommen');
    const links = (
      await database.db.execute(sql`
        select v.behoerde_ars, o.externe_id, o.vertrauensniveau, o.url
        from verlinkungen v join online_verfahren o on o.id = v.verfahren_id
        where o.externe_id like 'B100019_OD_%' order by o.externe_id, v.behoerde_ars`)
    ).rows;
    expect(links).toEqual([
      { behoerde_ars: BAD_KOENIGSHOFEN, externe_id: 'B100019_OD_abbruch', vertrauensniveau: 'hoch', url: 'https://formulare.example.org/bauen/abbruch?ars=096730141141&sprache=de' },
      { behoerde_ars: ERLANGEN, externe_id: 'B100019_OD_briefwahl', vertrauensniveau: 'niedrig', url: 'https://wahlen.example.org/briefwahl?lang=de&ars=095620000000' },
      { behoerde_ars: ERLANGEN, externe_id: 'B100019_OD_gewerbe', vertrauensniveau: 'substanziell', url: 'https://formulare.example.org/gewerbe/anmeldung' },
      { behoerde_ars: NUERNBERG, externe_id: 'B100019_OD_gewerbe', vertrauensniveau: 'substanziell', url: 'https://formulare.example.org/gewerbe/anmeldung' },
    ]);
    const leika = (
      await database.db.execute(sql`
        select l.schluessel from verfahren_leistungen vl join leika_leistungen l on l.id = vl.leika_id
        join online_verfahren o on o.id = vl.verfahren_id where o.externe_id = 'B100019_OD_briefwahl' order by 1`)
    ).rows.map((r: unknown) => (r as { schluessel: string }).schluessel);
    expect(leika).toEqual(['99128001120000', '99128001120001']);
    // The same file again changes nothing.
    const nochmal = (await hochladen(fixture('xzufi-gueltig.xml'))).json();
    expect(nochmal.statistik).toMatchObject({ verfahrenNeu: 0, verlinkungenNeu: 0, verlinkungenUnveraendert: 4 });
  });

  it('reads Zuständigkeiten in the organisationseinheit (5- and 12-digit keys) and commits them: each count rises by one', async () => {
    const { hochladen, commit } = await apiAls('it_dienstleister', ['09471', NUERNBERG]);
    const stand = async (ars: string) => (await app.services.verlinkung.zaehlstand(ars)).anzahl;
    const vorher = [await stand('09471'), await stand(NUERNBERG)];
    const u = (await hochladen(fixture('xzufi-zustaendigkeit-organisationseinheit.xml'))).json();
    expect(u.fehler).toEqual([]);
    expect(u).toMatchObject({ status: 'geprueft', zeilen: 2 });
    expect(u.statistik).toMatchObject({ datensaetze: 1, verfahrenNeu: 1, verlinkungenNeu: 2, behoerden: ['09471', NUERNBERG] });
    expect((await commit(u.id)).json().status).toBe('uebernommen');
    expect([await stand('09471'), await stand(NUERNBERG)]).toEqual([vorher[0] + 1, vorher[1] + 1]);
  });

  it('reads zustaendigkeitTransferObjekte naming an onlinedienst or an organisationseinheit, with 9- and 3-digit keys', async () => {
    const { hochladen, commit } = await apiAls('it_dienstleister', ['096735634', '096']);
    const u = (await hochladen(fixture('xzufi-zustaendigkeit-transferobjekt.xml'))).json();
    expect(u.fehler).toEqual([]);
    expect(u.statistik).toMatchObject({ datensaetze: 2, verfahrenNeu: 2, verlinkungenNeu: 2, behoerden: ['096', '096735634'] });
    expect((await commit(u.id)).json().status).toBe('uebernommen');
  });

  it('maps a kreisfreie Stadt (5 digits) and a verbandsfreie Gemeinde (9 digits) to their Behörde, refuses a Land, and counts one service once', async () => {
    const { hochladen, commit } = await apiAls('it_dienstleister', [NUERNBERG, BAD_KOENIGSHOFEN]);
    const od = (id: string, url: string, gebiet: string) => `<xzufi:onlinedienst><xzufi:id>${id}</xzufi:id><xzufi:bezeichnung>Dienst ${id}</xzufi:bezeichnung>
      <xzufi:link><xzufi:typ><code>01</code></xzufi:typ><xzufi:link>${url}</xzufi:link></xzufi:link>
      <xzufi:zustaendigkeit><xzufi:leistungID>L1</xzufi:leistungID><xzufi:gebietID>${gebiet}</xzufi:gebietID></xzufi:zustaendigkeit></xzufi:onlinedienst>`;
    const datei = (objekte: string[]) =>
      Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<xzufi:transfer xmlns:xzufi="${XZUFI_NAMESPACE}">\n${objekte.map((o) => `<xzufi:schreibe>${o}</xzufi:schreibe>`).join('\n')}\n</xzufi:transfer>`);
    const leistung = '<xzufi:leistung><xzufi:id>L1</xzufi:id><xzufi:referenzLeiKa><code>99102013000000</code></xzufi:referenzLeiKa></xzufi:leistung>';
    const land = (await hochladen(datei([leistung, od('LAND', 'https://land.example.org/a', '09')]))).json();
    expect(land.fehler.map((f: { meldung: string }) => f.meldung).join(' ')).toContain('gebietID „09“ ist der Schlüssel eines ganzen Landes');
    const vorher = (await app.services.verlinkung.zaehlstand(NUERNBERG)).anzahl;
    const u = (
      await hochladen(
        datei([leistung, od('N1', 'https://hund.example.org/steuer', '09564'), od('N2', 'HTTPS://Hund.Example.org/steuer/?quelle=portal', '09564'), od('BK', 'https://hund.example.org/steuer', '096730141')]),
      )
    ).json();
    expect(u.fehler).toEqual([]);
    expect(u.statistik.hinweise.join(' ')).toContain('09564 → 095640000000');
    expect(u.statistik.doppelte.map((d: { ars: string; grund: string }) => [d.ars, d.grund])).toEqual([[NUERNBERG, 'gleiche_adresse']]);
    expect(u.statistik).toMatchObject({ datensaetze: 3, verlinkungenNeu: 2, doppelt: 1 });
    expect((await commit(u.id)).json().status).toBe('uebernommen');
    expect((await app.services.verlinkung.zaehlstand(NUERNBERG)).anzahl).toBe(vorher + 1);
    const bk = (await database.db.execute(sql`select 1 from verlinkungen v join online_verfahren o on o.id = v.verfahren_id where o.externe_id = 'BK' and v.behoerde_ars = ${BAD_KOENIGSHOFEN}`)).rows;
    expect(bk).toHaveLength(1);
  });

  it('commits all or nothing: when one Behörde has become inactive since the dry run, nothing is written', async () => {
    const { hochladen, commit } = await apiAls('it_dienstleister', ['096735634', '09673', '096']);
    // Aubstadt and Großbardorf are members of VG Bad Königshofen: both gebietIDs mean the VG.
    const datei = eineDatei([
      { id: 'AON_1', gebietIds: ['096735634113', '096735634126'] },
      { id: 'AON_2', gebietIds: ['096730000000', '096000000000'] },
    ]);
    const u = (await hochladen(datei)).json();
    expect(u.status).toBe('geprueft');
    expect(u.statistik.behoerden).toEqual(['096', '09673', '096735634']);
    expect(u.statistik.hinweise.join(' ')).toContain('096735634113 → 096735634');
    expect(u.statistik.hinweise.join(' ')).toContain('zu einer Verlinkung zusammengefasst');

    const vorher = { verfahren: await anzahl('online_verfahren'), links: await anzahl('verlinkungen') };
    await database.db.execute(sql`update behoerden set aktiv = false where ars = '096'`);
    try {
      const res = await commit(u.id);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('UPLOAD_INVALID');
      expect(await anzahl('online_verfahren')).toBe(vorher.verfahren);
      expect(await anzahl('verlinkungen')).toBe(vorher.links);
    } finally {
      await database.db.execute(sql`update behoerden set aktiv = true where ars = '096'`);
    }
  });

  it('stores a file with errors as fehlerhaft, with the parser’s lines and elements', async () => {
    const { hochladen, commit } = await apiAls('it_dienstleister', GUELTIG_ARS);
    const res = await hochladen(fixture('xzufi-fehlerhaft.xml'));
    expect(res.statusCode).toBe(201);
    const u = res.json();
    expect(u.status).toBe('fehlerhaft');
    expect(u.fehler.map((f: { zeile: number; spalte?: string }) => [f.zeile, f.spalte])).toContainEqual([32, 'onlinedienst/zustaendigkeit/gebietID']);
    expect(u.fehler.map((f: { zeile: number }) => f.zeile)).toContain(13);
    expect((await commit(u.id)).statusCode).toBe(409);
  });

  it('refuses the XXE file with 422 and its line, and stores nothing', async () => {
    const { hochladen } = await apiAls('it_dienstleister', GUELTIG_ARS);
    const vorher = await anzahl('uploads');
    const res = await hochladen(fixture('xzufi-xxe.xml'));
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('XZUFI_REFUSED');
    expect(body.message).toContain('line 5');
    expect(body.message).toContain('DOCTYPE and entity declarations are not allowed');
    expect(body.details).toEqual([expect.objectContaining({ line: 5, field: 'DOCTYPE', message: expect.stringContaining('externe Entität („geheim“)') })]);
    expect(res.body).not.toContain('root:');
    expect(await anzahl('uploads')).toBe(vorher);
  });

  it('refuses the billion-laughs and the not well-formed file with 422', async () => {
    const { hochladen } = await apiAls('it_dienstleister', GUELTIG_ARS);
    const lol = await hochladen(fixture('xzufi-billion-laughs.xml'));
    expect(lol.statusCode).toBe(422);
    expect(lol.json().details[0].line).toBe(4);
    const kaputt = await hochladen(fixture('xzufi-kaputt.xml'));
    expect(kaputt.statusCode).toBe(422);
    expect(kaputt.json().message).toContain('not well-formed');
    expect(kaputt.json().details[0]).toMatchObject({ line: 9 });
  });

  it('reads a body larger than the app’s 1 MB limit as a stream', async () => {
    const { hochladen } = await apiAls('it_dienstleister', [NUERNBERG]);
    const datei = eineDatei(Array.from({ length: 4_000 }, (_, i) => ({ id: `GROSS_${i}`, gebietIds: [NUERNBERG] })));
    expect(datei.byteLength).toBeGreaterThan(1024 * 1024);
    const teile = Array.from({ length: Math.ceil(datei.byteLength / 16_384) }, (_, i) => datei.subarray(i * 16_384, (i + 1) * 16_384));
    const res = await hochladen(Readable.from(teile));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'geprueft', zeilen: 4_000 });
  });

  it('answers 413 at once for a declared length above the limit', async () => {
    const { hochladen } = await apiAls('it_dienstleister', [NUERNBERG]);
    const res = await hochladen(fixture('xzufi-gueltig.xml'), { 'content-length': String(200 * 1024 * 1024) });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('XZUFI_REFUSED');
  });

  it('is only for uploading roles, and needs the CSRF token', async () => {
    const anonym = await app.inject({ method: 'POST', url: '/api/v1/uploads/xzufi', headers: { 'content-type': 'application/xml' }, payload: fixture('xzufi-gueltig.xml') });
    expect(anonym.statusCode).toBe(401);
    const { hochladen } = await apiAls('grant_officer');
    expect((await hochladen(fixture('xzufi-gueltig.xml'))).statusCode).toBe(403);
    const { b } = await apiAls('it_dienstleister', GUELTIG_ARS);
    const ohneToken = await app.inject({
      method: 'POST',
      url: '/api/v1/uploads/xzufi',
      headers: { cookie: b.cookieHeader(), 'content-type': 'application/xml' },
      payload: fixture('xzufi-gueltig.xml'),
    });
    expect(ohneToken.statusCode).toBe(403);
    expect(ohneToken.json().code).toBe('CSRF_INVALID');
  });
});

describe('OpenAPI', () => {
  it('documents the XZuFi upload', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const op = spec.paths['/api/v1/uploads/xzufi'].post;
    expect(op.tags).toEqual(['uploads']);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['201', '413', '422']));
  });
});

describe('upload page: the XZuFi form', () => {
  async function seite() {
    const user = await aUser(database, 'it_dienstleister', GUELTIG_ARS);
    const b = new Browser(app);
    await b.login(user.email);
    const page = await b.get('/verwaltung/uploads');
    const token = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
    const senden = (content: Buffer, filename = 'verfahren.xml') => {
      const body = multipart({ _csrf: token }, { filename, content });
      return app.inject({ method: 'POST', url: '/verwaltung/uploads/xzufi', headers: { cookie: b.cookieHeader(), 'content-type': body.contentType }, payload: body.payload });
    };
    return { page, senden, b };
  }

  it('shows a second form for an XZuFi file', async () => {
    const { page } = await seite();
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('action="/verwaltung/uploads/xzufi"');
    expect(page.body).toContain('id="xzufi-datei"');
  });

  it('checks a valid file and shows the upload', async () => {
    const { senden, b } = await seite();
    const res = await senden(fixture('xzufi-gueltig.xml'), 'pvog-export.xml');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/verwaltung\/uploads\/[0-9a-f-]{36}$/);
    const ergebnis = await b.get(res.headers.location as string);
    expect(ergebnis.statusCode).toBe(200);
    expect(ergebnis.body).toContain('pvog-export.xml');
  });

  it('shows the refusal of an XXE file at the form, and stores nothing', async () => {
    const { senden } = await seite();
    const vorher = await anzahl('uploads');
    const res = await senden(fixture('xzufi-xxe.xml'));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#xzufi-datei"');
    expect(res.body).toContain('Zeile 5: Die Datei deklariert eine externe Entität');
    expect(await anzahl('uploads')).toBe(vorher);
  });

  it('asks for a file when none was chosen', async () => {
    const { senden } = await seite();
    const res = await senden(Buffer.alloc(0), '');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Bitte wählen Sie eine XZuFi-Datei aus.');
  });

  it('is in English with the language cookie: the form and the message for a missing file', async () => {
    const { senden, b } = await seite();
    b.cookies.set('lang', 'en');
    const page = await b.get('/verwaltung/uploads');
    expect(page.body).toContain('<html lang="en"');
    expect(page.body).toContain('>Upload an XZuFi 2.2 file</h2>');
    expect(page.body).toContain('XZuFi file (XML)');
    expect(page.body).toContain('Check XZuFi file');
    const res = await senden(Buffer.alloc(0), '');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<html lang="en"');
    expect(res.body).toContain('Please choose an XZuFi file.');
    expect(res.body).not.toContain('Bitte wählen Sie eine XZuFi-Datei aus.');
  });
});

describe('behoerdenKandidaten', () => {
  it('tries the Gemeinde, its VG, and for padded keys the Landkreis and the Bezirk', () => {
    expect(behoerdenKandidaten('096735634113')).toEqual(['096735634113', '096735634']);
    expect(behoerdenKandidaten('095640000000')).toEqual(['095640000000', '095640000', '09564']);
    expect(behoerdenKandidaten('096000000000')).toEqual(['096000000000', '096000000', '09600', '096']);
    expect(behoerdenKandidaten('096735634000')).toEqual(['096735634000', '096735634']);
    expect(behoerdenKandidaten('096735634')).toEqual(['096735634']);
    expect(behoerdenKandidaten('09471')).toEqual(['09471']);
    expect(behoerdenKandidaten('096')).toEqual(['096']);
    expect(behoerdenKandidaten('09')).toEqual([]);
    expect(behoerdenKandidaten('0956')).toEqual([]);
  });
});
