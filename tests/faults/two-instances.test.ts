/**
 * Two real server processes on one PostgreSQL database (docs/operations.md, "Several instances"):
 * sessions work on either, the daily jobs fired on both at the same moment run once, the outreach
 * queues sent from both send every mail once and together keep the rate per minute, concurrent
 * link edits end with a count equal to a recount, and a revocation on one is seen by the other within the signet cache's TTL.
 *
 * PostgreSQL only: a PGlite directory belongs to one process (src/shared/db.ts lockDataDir), so
 * there is no second instance to test on the PGlite run.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testConfig } from '../../src/shared/config';
import type { Database } from '../../src/shared/db';
import { aUser, TEST_PASSWORD } from '../support/app';
import { testEngine } from '../support/db';
import { startTestSmtp, type TestSmtp } from '../support/smtp';
import { cleanUp, copyOf, type Data, HttpSession, openData, preparedData, type ServerProcess, sleep, startServerProcess, waitUntil } from './support';
import { createServices, type Services } from '../../src/services/services';

const onPostgres = testEngine() === 'postgres';
const SIGNET_TTL_SECONDS = 2;
/** The outreach rate of both instances together (small: twelve mails need two minutes' windows). */
const OUTREACH_PRO_MINUTE = 6;

let data: Data;
let database: Database;
let services: Services;
let smtp: TestSmtp;
let web: http.Server;
const treffer = new Map<string, number>();
let a: ServerProcess;
let b: ServerProcess;

type Nutzer = Awaited<ReturnType<typeof aUser>>;
let admin: Nutzer;
/** Behörden with an award below the threshold, each with an editor (the mail recipient). */
const praedikate: { nr: string; ars: string; editor: Nutzer }[] = [];
let linkUrls: string[] = [];
let veranstaltungTitel: string;
let kampagneId: string;
let zweiteKampagneId: string;
let editBehoerde: { ars: string; editor: Nutzer; verfahren: string[] };

const mailsAn = (an: string, betreff: RegExp) => smtp.received.filter((m) => m.subject && betreff.test(m.subject) && m.to && JSON.stringify(m.to).includes(an));

describe.skipIf(!onPostgres)('two instances on one PostgreSQL database', () => {
  beforeAll(async () => {
    smtp = await startTestSmtp();
    // The link targets: a local web server that counts every request per path (it must get none).
    web = http.createServer((req, res) => {
      treffer.set(req.url ?? '', (treffer.get(req.url ?? '') ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>ok</title>');
    });
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    const webBase = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;

    data = await copyOf(await preparedData());
    database = await openData(data);
    services = createServices({ config: testConfig(), database });
    const ars = (await database.query<{ ars: string }>('select ars from behoerden where length(ars) = 12 order by ars limit 8')).map((r) => r.ars);
    admin = await aUser(database, 'ministry_admin');

    // Three awards whose Behörden have no links: the re-check finds each under the threshold.
    for (let i = 0; i < 3; i++) {
      const nr = `DA-2026-09${String(i + 1).padStart(2, '0')}`;
      await database.query("insert into praedikate (zertifikat_nr, behoerde_ars, verliehen_am, status) values ($1, $2, '2026-01-15', 'gueltig')", [nr, ars[i]]);
      praedikate.push({ nr, ars: ars[i], editor: await aUser(database, 'kommune_editor', [ars[i]], `redaktion.${ars[i]}@instanzen.example`) });
    }
    // Twelve zentrale procedures on the local web server, linked for a fourth Behörde.
    linkUrls = Array.from({ length: 12 }, (_, i) => `${webBase}/verfahren/${i}`);
    await database.query(
      `with v as (insert into online_verfahren (name, bereitstellung, art, url)
                  select 'Linkziel ' || u, 'zentral', 'online', u from unnest($1::text[]) u returning id)
       insert into verlinkungen (behoerde_ars, verfahren_id) select $2, id from v`,
      [linkUrls, ars[3]],
    );
    // An event tomorrow with three registrations to remind.
    veranstaltungTitel = `Informationsveranstaltung ${Date.now()}`;
    const [v] = await database.query<{ id: string }>(
      `insert into veranstaltungen (titel, thema, beginn, ende, link, kapazitaet, angelegt_am)
       values ($1, 'Prädikat', now() + interval '20 hours', now() + interval '21 hours', 'https://konferenz.example/raum', 50, now()) returning id`,
      [veranstaltungTitel],
    );
    for (let i = 0; i < 3; i++) {
      await database.query("insert into veranstaltung_anmeldungen (veranstaltung_id, name, email, angemeldet_am, bestaetigt_am) values ($1, $2, $3, now(), now())", [v.id, `Person ${i}`, `teilnahme${i}@instanzen.example`]);
    }
    // An outreach campaign with eight queued mails.
    const [k] = await database.query<{ id: string }>("insert into outreach_kampagnen (titel, filter, erstellt_von, erstellt_am) values ('Zwei Instanzen', '{}', $1, now()) returning id", [admin.id]);
    kampagneId = k.id;
    for (let i = 0; i < 8; i++) {
      await database.query("insert into outreach_empfaenger (kampagne_id, behoerde_ars, an, betreff, text, status) values ($1, $2, $3, 'Outreach über zwei Instanzen', 'Guten Tag', 'wartend')", [
        kampagneId,
        ars[4],
        `outreach${i}@instanzen.example`,
      ]);
    }
    // A second campaign with four more.
    const [k2] = await database.query<{ id: string }>("insert into outreach_kampagnen (titel, filter, erstellt_von, erstellt_am) values ('Zwei Instanzen, zweite', '{}', $1, now()) returning id", [admin.id]);
    zweiteKampagneId = k2.id;
    for (let i = 0; i < 4; i++) {
      await database.query("insert into outreach_empfaenger (kampagne_id, behoerde_ars, an, betreff, text, status) values ($1, $2, $3, 'Outreach über zwei Instanzen', 'Guten Tag', 'wartend')", [
        zweiteKampagneId,
        ars[4],
        `outreach.zwei${i}@instanzen.example`,
      ]);
    }
    // Forty zentrale procedures, not yet linked, for the concurrent edits.
    const verfahren = (
      await database.query<{ id: string }>(
        "insert into online_verfahren (name, bereitstellung, art, url) select 'Gleichzeitig ' || g, 'zentral', 'online', 'https://verfahren.bayern.example/gleichzeitig/' || g from generate_series(1, 40) g returning id",
      )
    ).map((r) => r.id);
    editBehoerde = { ars: ars[5], editor: await aUser(database, 'kommune_editor', [ars[5]]), verfahren };
    await services.verlinkung.alleNeuBerechnen();

    const env = { ...smtp.env, LINKCHECK_ENABLED: 'true', SIGNET_CACHE_TTL_SECONDS: String(SIGNET_TTL_SECONDS), OUTREACH_MAILS_PRO_MINUTE: String(OUTREACH_PRO_MINUTE) };
    [a, b] = await Promise.all([startServerProcess({ data, env, label: 'instanz-a' }), startServerProcess({ data, env, label: 'instanz-b' })]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.close();
    await smtp?.close();
    await new Promise((r) => web?.close(r));
    await cleanUp();
  });

  it('a session created on A works on B, and logging out on B ends it on A', async () => {
    const aufA = new HttpSession(a.baseUrl);
    await aufA.login(admin.email, TEST_PASSWORD);
    const aufB = new HttpSession(b.baseUrl);
    aufB.cookies = new Map(aufA.cookies);
    const konto = await aufB.get('/konto');
    expect(konto.status).toBe(200);
    expect(await konto.text()).toContain(admin.email);
    const abmelden = await aufB.submit('/konto', '/abmelden', {});
    expect(abmelden.status).toBe(303);
    expect((await aufA.get('/konto')).status).not.toBe(200);
  });

  it('the daily jobs fired on both instances at the same moment run once: one link check, one re-check, one reminder each', { timeout: 120_000 }, async () => {
    a.signal('SIGUSR2');
    b.signal('SIGUSR2');
    const ende = /SIGUSR2: tägliche Läufe beendet \(([^)]*)\)/;
    const [la, lb] = await Promise.all([a.waitForLog(ende), b.waitForLog(ende)]);
    const ergebnisse = [ende.exec(la)?.[1].split(', ') ?? [], ende.exec(lb)?.[1].split(', ') ?? []];
    // Per job (link check, re-check, reminders): run on exactly one of the two, skipped on the other.
    for (let job = 0; job < 3; job++) {
      expect([ergebnisse[0][job], ergebnisse[1][job]].sort()).toEqual(['gelaufen', 'uebersprungen']);
    }
    const laeufe = async (s: ServerProcess) => {
      const text = await (await fetch(`${s.baseUrl}/metrics`)).text();
      return [...text.matchAll(/^da_job_runs_total\{job="([^"]+)",result="ok"\} (\d+)$/gm)].map((m) => ({ job: m[1], n: Number(m[2]) }));
    };
    const summe = new Map<string, number>();
    for (const r of [...(await laeufe(a)), ...(await laeufe(b))]) summe.set(r.job, (summe.get(r.job) ?? 0) + r.n);
    expect(Object.fromEntries(summe)).toEqual({ linkpruefung: 1, 'praedikat-nachpruefung': 1, 'veranstaltung-erinnerung': 1 });

    // Link check: one result per URL. The real servers refuse the local addresses (no test
    // exception exists in a server process), so the local web server got no request at all.
    expect([...treffer.keys()]).toEqual([]);
    const zeilen = await database.query<{ status: string; fehler: string }>("select status, fehler from link_pruefungen where url like 'http://127.0.0.1:%/verfahren/%'");
    expect(zeilen).toHaveLength(linkUrls.length);
    for (const z of zeilen) expect(z).toEqual({ status: 'defekt', fehler: 'Die Adresse zeigt auf ein internes Netz (Loopback, der eigene Rechner) – nicht geprüft' });
    // Re-check: one event "unterschreitung" and one mail per award.
    for (const p of praedikate) {
      const [{ n }] = await database.query<{ n: number }>("select count(*)::int as n from praedikat_ereignisse where zertifikat_nr = $1 and ereignis = 'unterschreitung'", [p.nr]);
      expect(n, p.nr).toBe(1);
    }
    // Reminders: one mail per registration.
    await smtp.waitFor(3 + 3, 20_000).catch(() => {});
    for (let i = 0; i < 3; i++) expect(mailsAn(`teilnahme${i}@instanzen.example`, /^Erinnerung: /)).toHaveLength(1);
    for (const p of praedikate) expect(mailsAn(p.editor.email, /./), p.editor.email).toHaveLength(1);
    const [{ n: claims }] = await database.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'job.lauf'");
    expect(claims).toBe(3);
  });

  it('the re-check started by hand on both instances at once (no daily claim) still changes each award once and mails once', { timeout: 120_000 }, async () => {
    // Back over the threshold: the next re-check reports the recovery.
    const p = praedikate[0];
    await database.query(
      `with v as (insert into online_verfahren (name, bereitstellung, art, url)
                  select 'Erholung ' || g, 'zentral', 'online', 'https://verfahren.bayern.example/erholung/' || g from generate_series(1, 50) g returning id)
       insert into verlinkungen (behoerde_ars, verfahren_id) select $1, id from v`,
      [p.ars],
    );
    await services.verlinkung.alleNeuBerechnen();
    const vorher = mailsAn(p.editor.email, /./).length;
    const [sa, sb] = [new HttpSession(a.baseUrl), new HttpSession(b.baseUrl)];
    await Promise.all([sa.login(admin.email, TEST_PASSWORD), sb.login(admin.email, TEST_PASSWORD)]);
    await Promise.all([sa.csrfToken(), sb.csrfToken()]);
    const [ra, rb] = await Promise.all([sa.api('POST', '/api/v1/praedikat/nachpruefung'), sb.api('POST', '/api/v1/praedikat/nachpruefung')]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    const aenderungen = [...((await ra.json()) as { aenderungen: { zertifikatNr: string }[] }).aenderungen, ...((await rb.json()) as { aenderungen: { zertifikatNr: string }[] }).aenderungen];
    expect(aenderungen.filter((x) => x.zertifikatNr === p.nr)).toHaveLength(1);
    // (The award event "verleihung" was added by the first start, which gives older awards their file.)
    const ereignisse = await database.query<{ ereignis: string }>("select ereignis from praedikat_ereignisse where zertifikat_nr = $1 and ereignis <> 'verleihung' order by at", [p.nr]);
    expect(ereignisse.map((e) => e.ereignis)).toEqual(['unterschreitung', 'erholung']);
    await waitUntil('the recovery mail', () => mailsAn(p.editor.email, /./).length > vorher, 20_000);
    await sleep(500);
    expect(mailsAn(p.editor.email, /./)).toHaveLength(vorher + 1);
  });

  it('two campaigns sent from both instances at once send every mail once and never more than the rate within 60 seconds', { timeout: 240_000 }, async () => {
    const [sa, sb] = [new HttpSession(a.baseUrl), new HttpSession(b.baseUrl)];
    await Promise.all([sa.login(admin.email, TEST_PASSWORD), sb.login(admin.email, TEST_PASSWORD)]);
    const seite = (k: string) => `/verwaltung/outreach/${k}`;
    const token = async (s: HttpSession, k: string) => /name="_csrf" value="([^"]+)"/.exec(await (await s.get(seite(k))).text())?.[1] ?? '';
    const senden = async (s: HttpSession, k: string) => {
      const t = await token(s, k);
      return s.request('POST', `${seite(k)}/senden`, { body: new URLSearchParams({ _csrf: t }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    };
    const kampagnen = [kampagneId, zweiteKampagneId];
    const antworten = await Promise.all(kampagnen.flatMap((k) => [senden(sa, k), senden(sb, k)]));
    expect(antworten.map((r) => r.status)).toEqual([303, 303, 303, 303]);
    // Twelve mails at six a minute: the second six go out a minute after the first.
    await waitUntil(
      'every outreach mail marked as sent',
      async () => (await database.query<{ n: number }>("select count(*)::int as n from outreach_empfaenger where kampagne_id = any($1::uuid[]) and status = 'versendet'", [kampagnen]))[0].n === 12,
      150_000,
      500,
    );
    await sleep(500);
    for (let i = 0; i < 8; i++) expect(mailsAn(`outreach${i}@instanzen.example`, /^Outreach über zwei Instanzen$/), `outreach${i}`).toHaveLength(1);
    for (let i = 0; i < 4; i++) expect(mailsAn(`outreach.zwei${i}@instanzen.example`, /^Outreach über zwei Instanzen$/), `outreach.zwei${i}`).toHaveLength(1);
    const [{ n }] = await database.query<{ n: number }>("select count(*)::int as n from mails where object_type = 'outreach_empfaenger' and object_id in (select id::text from outreach_empfaenger where kampagne_id = any($1::uuid[]))", [kampagnen]);
    expect(n).toBe(12);
    // By the send times in the database: no 60 seconds with more than the rate, from both instances together.
    const zeiten = (await database.query<{ t: Date | string }>('select versendet_am as t from outreach_empfaenger where kampagne_id = any($1::uuid[])', [kampagnen])).map((r) => new Date(r.t).getTime());
    const hoechstens = Math.max(...zeiten.map((t) => zeiten.filter((u) => u >= t && u < t + 60_000).length));
    expect(hoechstens).toBeLessThanOrEqual(OUTREACH_PRO_MINUTE);
  });

  it("concurrent edits of one Behörde's links through both instances end with the stored count equal to a recount", { timeout: 120_000 }, async () => {
    const { ars, editor, verfahren } = editBehoerde;
    const [sa, sb] = [new HttpSession(a.baseUrl), new HttpSession(b.baseUrl)];
    await Promise.all([sa.login(editor.email, TEST_PASSWORD), sb.login(editor.email, TEST_PASSWORD)]);
    await Promise.all([sa.csrfToken(), sb.csrfToken()]);
    const pfad = (id: string) => `/api/v1/behoerden/${ars}/verlinkungen/${id}`;
    // Both instances link all 40 procedures in the same order, eight at a time, then both remove
    // the first 15: every link and every removal is raced by the other instance.
    const lauf = async (s: HttpSession, method: 'PUT' | 'DELETE', ids: string[]) => {
      const status: number[] = [];
      for (let i = 0; i < ids.length; i += 8) status.push(...(await Promise.all(ids.slice(i, i + 8).map((id) => s.api(method, pfad(id), method === 'PUT' ? {} : undefined).then((r) => r.status)))));
      return status;
    };
    const [linkA, linkB] = await Promise.all([lauf(sa, 'PUT', verfahren), lauf(sb, 'PUT', verfahren)]);
    // Per procedure one instance linked it (201), the other found it linked (409): never a server error.
    verfahren.forEach((id, i) => expect([linkA[i], linkB[i]].sort(), id).toEqual([201, 409]));
    const weg = verfahren.slice(0, 15);
    const [wegA, wegB] = await Promise.all([lauf(sa, 'DELETE', weg), lauf(sb, 'DELETE', weg)]);
    weg.forEach((id, i) => expect([wegA[i], wegB[i]].sort(), id).toEqual([200, 404]));

    const gespeichert = async () => (await database.query<{ anzahl: number }>('select anzahl from zaehlstaende where behoerde_ars = $1', [ars]))[0]?.anzahl;
    const vorher = await gespeichert();
    const [{ n: links }] = await database.query<{ n: number }>('select count(*)::int as n from verlinkungen where behoerde_ars = $1', [ars]);
    expect(links).toBe(25);
    const ereignisse = await database.query<{ aktion: string; n: number }>('select aktion, count(*)::int as n from verlinkung_ereignisse where behoerde_ars = $1 group by aktion order by aktion', [ars]);
    expect(ereignisse).toEqual([
      { aktion: 'entfernt', n: 15 },
      { aktion: 'verlinkt', n: 40 },
    ]);
    await services.verlinkung.alleNeuBerechnen();
    expect(await gespeichert()).toBe(25);
    expect(vorher).toBe(25);
  });

  it('a revocation on A is in the status list on B at once and in B’s signet image within the cache TTL', { timeout: 120_000 }, async () => {
    const p = praedikate[1];
    const bild = async (s: ServerProcess) => {
      const r = await fetch(`${s.baseUrl}/signet/${p.nr}.svg`);
      return { status: r.status, etag: r.headers.get('etag'), svg: await r.text() };
    };
    const vorher = await bild(b);
    expect(vorher.status).toBe(200);
    expect(vorher.svg).not.toMatch(/widerrufen/i);
    const pruefenVorher = await (await fetch(`${b.baseUrl}/pruefen/${p.nr}`)).text();
    expect(pruefenVorher).not.toMatch(/widerrufen/i);
    // Four eyes across instances: the request on A changes nothing public; a second person on B confirms it.
    const sa = new HttpSession(a.baseUrl);
    await sa.login(admin.email, TEST_PASSWORD);
    const r = await sa.api('POST', `/api/v1/praedikate/${p.nr}/widerrufen`, { grund: 'Test über zwei Instanzen' });
    expect(r.status).toBe(200);
    expect(await (await fetch(`${b.baseUrl}/pruefen/${p.nr}`)).text()).not.toMatch(/widerrufen/i);
    const zweite = await aUser(database, 'ministry_reviewer');
    const sb = new HttpSession(b.baseUrl);
    await sb.login(zweite.email, TEST_PASSWORD);
    const bestaetigt = await sb.api('POST', `/api/v1/praedikate/${p.nr}/widerrufen`, { grund: '' });
    expect(bestaetigt.status).toBe(200);
    const widerrufenAm = Date.now();

    // The verification page on B reads the status list, built per data version: no delay.
    const pruefen = await (await fetch(`${b.baseUrl}/pruefen/${p.nr}`)).text();
    expect(pruefen).toMatch(/widerrufen/i);
    // The image is cached in B's memory for at most SIGNET_CACHE_TTL_SECONDS (docs/signet.md).
    await sleep(Math.max(0, SIGNET_TTL_SECONDS * 1000 + 200 - (Date.now() - widerrufenAm)));
    const nachher = await bild(b);
    expect(nachher.etag).not.toBe(vorher.etag);
    expect(nachher.svg).toMatch(/widerrufen/i);
  });
});

if (!onPostgres) {
  describe('two instances on one database (PGlite run)', () => {
    it.skip('needs PostgreSQL: a PGlite directory belongs to one process; runs in the PostgreSQL run (TEST_DATABASE_URL)', () => {});
  });
}
