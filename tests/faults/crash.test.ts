/**
 * Crash safety of the real server (`node dist/server.js`, as `npm start`): killed with SIGKILL in
 * the middle of the official data import, a bulk CSV commit and Prädikat award decisions, it
 * restarts on the same data, and each of these is either fully done or not at all. And a SIGTERM
 * lets an in-flight request finish (200), refuses new connections and exits 0.
 *
 * Runs on PGlite (a data directory) and, with TEST_DATABASE_URL, on PostgreSQL (a database per test).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';

import { verifyAuditChain } from '../../src/shared/audit';
import { testConfig } from '../../src/shared/config';
import type { Database } from '../../src/shared/db';
import { grosseUploadCsv } from '../../src/uploads/upload.fixtures';
import { aUser, TEST_PASSWORD } from '../support/app';
import { testEngine } from '../support/db';
import {
  cleanUp,
  connectionRefused,
  copyOf,
  emptyData,
  HttpSession,
  preparedData,
  sleep,
  startServerProcess,
  usePreparedData,
  waitUntil,
  watchTable,
  withData,
} from './support';
import { createServices } from '../../src/services/services';

afterAll(cleanUp);

const zahl = async (database: Database, query: ReturnType<typeof sql>) => Number(((await database.db.execute(query)).rows[0] as { n: number | string }).n);

/** The audit chain verifies (no entry changed, none missing). */
async function auditIntakt(database: Database) {
  const r = await verifyAuditChain(database.db);
  expect(r.problems).toEqual([]);
  return r.entries;
}

describe(`crash safety of the server (${testEngine()})`, () => {
  it('a SIGKILL while the first start writes the official data leaves nothing; the restart imports all of it', { timeout: 600_000 }, async () => {
    const data = await emptyData();
    // Migrate first (the server would do the same), so that the table files exist to be watched.
    await withData(data, async () => {});
    const gebiete = await watchTable(data, 'gebiete');
    const first = await startServerProcess({ data, waitReady: false, label: 'import-kill' });
    await first.waitForLog(/Erster Start: amtliche Daten werden/);
    // The import writes everything in one transaction; rows of Gebiete mean it is in the middle of it.
    await waitUntil('the import writing Gebiete', () => gebiete.grown(), 120_000, 5);
    await first.kill();
    await gebiete.close();
    expect(first.log(), 'the kill came after the import had committed').not.toMatch(/Amtliche Daten eingelesen/);

    if (data.kind === 'pglite') {
      // The killed process left its lock file behind; the next opener takes it over.
      const lock = path.join(data.dataDir, 'digitales-amt.lock');
      expect(fs.readFileSync(lock, 'utf8')).toBe(String(first.pid));
    }
    await withData(data, async (database) => {
      expect(await zahl(database, sql`select count(*)::int as n from behoerden`)).toBe(0);
      expect(await zahl(database, sql`select count(*)::int as n from gebiete`)).toBe(0);
      expect(await zahl(database, sql`select count(*)::int as n from leika_leistungen`)).toBe(0);
      expect(await zahl(database, sql`select count(*)::int as n from import_runs`)).toBe(0);
      await auditIntakt(database);
    });

    // The restart sees no Behörden, imports again, completely, once.
    const second = await startServerProcess({ data, label: 'import-restart' });
    expect(second.log()).toMatch(/Erster Start: amtliche Daten werden/);
    const stopped = await second.stop();
    expect(stopped).toEqual({ code: 0, signal: null });
    await withData(data, async (database) => {
      expect(await zahl(database, sql`select count(*)::int as n from import_runs`)).toBe(1);
      // Everything the one recorded run reports as new is there, nothing more (no half of a first attempt).
      const [run] = await database.query<{ statistik: { gebiete: { neu: number }; behoerden: { neu: number } } }>('select statistik from import_runs');
      expect(run.statistik.behoerden.neu).toBe(1463);
      expect(await zahl(database, sql`select count(*)::int as n from behoerden`)).toBe(run.statistik.behoerden.neu);
      expect(await zahl(database, sql`select count(*)::int as n from gebiete`)).toBe(run.statistik.gebiete.neu);
      expect(await zahl(database, sql`select count(*)::int as n from zaehlstaende`)).toBe(1463);
      await auditIntakt(database);
    });
    usePreparedData(data);
  });

  it('a SIGKILL during the commit of a 100,000-row upload writes nothing; after the restart the same upload is taken over once, completely', { timeout: 900_000 }, async () => {
    const data = await copyOf(await preparedData());
    const { user, behoerden, leika } = await withData(data, async (database) => {
      const behoerden = (await database.query<{ ars: string }>('select ars from behoerden where length(ars) = 12 order by ars limit 20')).map((r) => r.ars);
      const leika = (await database.query<{ schluessel: string }>('select schluessel from leika_leistungen where schluessel is not null order by id limit 500')).map((r) => r.schluessel);
      return { user: await aUser(database, 'it_dienstleister', behoerden), behoerden, leika };
    });
    const csv = grosseUploadCsv({ behoerden, verfahrenProBehoerde: 5_000, art: 'gemeinsam', leika });
    const verlinkungen = await watchTable(data, 'verlinkungen');

    const server = await startServerProcess({ data, label: 'upload-kill' });
    const session = new HttpSession(server.baseUrl);
    await session.login(user.email, TEST_PASSWORD);
    const dry = await session.api('POST', '/api/v1/uploads?format=csv&dateiname=gross.csv', csv, 'text/csv');
    expect(dry.status).toBe(201);
    const upload = (await dry.json()) as { id: string; status: string; zeilen: number };
    expect(upload).toMatchObject({ status: 'geprueft', zeilen: 100_000 });

    const commit = session.api('POST', `/api/v1/uploads/${upload.id}/commit`).then(
      (r) => r.status,
      () => 'abgebrochen',
    );
    // The commit's transaction inserts the links: the table's file grows before anything commits.
    await waitUntil('the commit inserting links', () => verlinkungen.grown(), 300_000, 5);
    await server.kill();
    await verlinkungen.close();
    expect(await commit, 'the kill came after the commit had answered').toBe('abgebrochen');

    const stand = async (database: Database) => ({
      status: (await database.query<{ status: string }>('select status from uploads where id = $1', [upload.id]))[0]?.status,
      verfahren: await zahl(database, sql`select count(*)::int as n from online_verfahren where anbieter_user_id = ${user.id}`),
      links: await zahl(database, sql`select count(*)::int as n from verlinkungen where linked_by = ${user.id}`),
      // One event per Behörde lists the links the upload added to it.
      ereignisse: await zahl(database, sql`select coalesce(sum((nachher->>'anzahl')::int), 0)::int as n from verlinkung_ereignisse where upload_id = ${upload.id} and aktion = 'upload'`),
      audit: await zahl(database, sql`select count(*)::int as n from audit_log where object_id = ${upload.id} and action = 'upload.uebernehmen'`),
      gezaehlt: await zahl(database, sql`select coalesce(sum(anzahl), 0)::int as n from zaehlstaende where behoerde_ars in ${behoerden}`),
    });
    await withData(data, async (database) => {
      expect(await stand(database)).toEqual({ status: 'geprueft', verfahren: 0, links: 0, ereignisse: 0, audit: 0, gezaehlt: 0 });
      await auditIntakt(database);
    });

    const again = await startServerProcess({ data, label: 'upload-restart' });
    const session2 = new HttpSession(again.baseUrl);
    await session2.login(user.email, TEST_PASSWORD);
    const res = await session2.api('POST', `/api/v1/uploads/${upload.id}/commit`, undefined, undefined, 900_000);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe('uebernommen');
    expect(await again.stop()).toEqual({ code: 0, signal: null });
    await withData(data, async (database) => {
      expect(await stand(database)).toEqual({ status: 'uebernommen', verfahren: 5_000, links: 100_000, ereignisse: 100_000, audit: 1, gezaehlt: 100_000 });
      await auditIntakt(database);
    });
  });

  it('SIGKILLs at many moments of Prädikat award decisions: each decision is complete or absent, and every answered one survives', { timeout: 900_000 }, async () => {
    const data = await copyOf(await preparedData());
    const VERSUCHE = 6;
    const { antraege, pruefer } = await withData(data, async (database) => {
      const services = createServices({ config: testConfig(), database });
      const behoerden = (await database.query<{ ars: string }>("select ars from behoerden where length(ars) = 12 order by ars desc limit $1", [VERSUCHE])).map((r) => r.ars);
      // 50 counting zentrale procedures per Behörde (the threshold), set-based.
      await database.query(`
        with b as (select unnest($1::text[]) as ars),
        v as (insert into online_verfahren (name, bereitstellung, art, url)
              select 'Verfahren ' || b.ars || '-' || g, 'zentral', 'online', 'https://verfahren.bayern.example/' || b.ars || '/' || g
              from b, generate_series(1, 50) g returning id, url)
        insert into verlinkungen (behoerde_ars, verfahren_id) select split_part(v.url, '/', 4), v.id from v`, [behoerden]);
      await services.verlinkung.alleNeuBerechnen();
      const a = await aUser(database, 'ministry_reviewer');
      const b = await aUser(database, 'ministry_reviewer');
      const erster = { id: a.id, email: a.email, role: a.role, behoerden: [] };
      const ids: string[] = [];
      for (const ars of behoerden) {
        const e = await aUser(database, 'kommune_editor', [ars]);
        const antrag = await services.praedikat.beantragen({ id: e.id, email: e.email, role: e.role, behoerden: [ars] }, ars, {
          kontaktName: 'Maria Muster',
          kontaktEmail: 'digital@gemeinde.example',
          websiteUrl: 'https://www.gemeinde.example/',
          schildGewuenscht: true,
          schildFormat: 'A3',
          lieferadresse: 'Rathausplatz 1, 97631 Musterstadt',
        });
        await services.praedikat.empfehlen(erster, antrag.id, 'verleihen', 'Alle Verfahren geprüft.');
        ids.push(antrag.id);
      }
      services.mailer.close();
      return { antraege: ids, pruefer: b };
    });

    // The first decision runs to its end and gives the time span to kill in; the others are killed
    // at spread moments from "just sent" to "a little after it would have answered".
    const antworten = new Map<string, number | 'abgebrochen'>();
    let dauer = 0;
    for (let i = 0; i < antraege.length; i++) {
      const server = await startServerProcess({ data, label: `praedikat-${i}` });
      const session = new HttpSession(server.baseUrl);
      await session.login(pruefer.email, TEST_PASSWORD);
      await session.csrfToken();
      const t0 = performance.now();
      const antwort = session.api('POST', `/api/v1/praedikat/antraege/${antraege[i]}/entscheidung`, { entscheidung: 'verleihen', kommentar: 'Einverstanden.' }).then(
        (r) => r.status,
        () => 'abgebrochen' as const,
      );
      if (i === 0) {
        antworten.set(antraege[i], await antwort);
        dauer = performance.now() - t0;
        expect(await server.stop()).toEqual({ code: 0, signal: null });
        continue;
      }
      await sleep((dauer * 1.3 * (i - 1)) / (antraege.length - 2));
      await server.kill();
      antworten.set(antraege[i], await antwort);
    }
    expect(antworten.get(antraege[0])).toBe(200);

    await withData(data, async (database) => {
      const ergebnisse: string[] = [];
      for (const id of antraege) {
        const [a] = await database.query<{ status: string; zertifikat_nr: string | null; behoerde_ars: string }>('select status, zertifikat_nr, behoerde_ars from praedikat_antraege where id = $1', [id]);
        const teile = {
          praedikate: await zahl(database, sql`select count(*)::int as n from praedikate where behoerde_ars = ${a.behoerde_ars}`),
          status: await zahl(database, sql`select count(*)::int as n from praedikat_status s join praedikate p on p.zertifikat_nr = s.zertifikat_nr where p.behoerde_ars = ${a.behoerde_ars}`),
          verleihung: await zahl(database, sql`select count(*)::int as n from praedikat_ereignisse e join praedikate p on p.zertifikat_nr = e.zertifikat_nr where p.behoerde_ars = ${a.behoerde_ars} and e.ereignis = 'verleihung'`),
          schild: await zahl(database, sql`select count(*)::int as n from schild_bestellungen s join praedikate p on p.zertifikat_nr = s.zertifikat_nr where p.behoerde_ars = ${a.behoerde_ars}`),
          schritt: await zahl(database, sql`select count(*)::int as n from praedikat_antrag_schritte where antrag_id = ${id} and schritt = 'entscheidung_verleihen'`),
          audit: await zahl(database, sql`select count(*)::int as n from audit_log where action = 'praedikat.antrag.entscheiden' and object_id = ${a.behoerde_ars}`),
        };
        const antwort = antworten.get(id);
        if (a.status === 'verliehen') {
          expect(a.zertifikat_nr).toMatch(/^DA-\d{4}-\d{4}$/);
          expect(teile).toEqual({ praedikate: 1, status: 1, verleihung: 1, schild: 1, schritt: 1, audit: 1 });
          ergebnisse.push(`${antwort}: verliehen`);
        } else {
          // Not decided: still recommended, nothing of an award anywhere — and never answered 200.
          expect(a.status).toBe('empfohlen');
          expect(a.zertifikat_nr).toBeNull();
          expect(teile).toEqual({ praedikate: 0, status: 0, verleihung: 0, schild: 0, schritt: 0, audit: 0 });
          expect(antwort).toBe('abgebrochen');
          ergebnisse.push(`${antwort}: nicht entschieden`);
        }
        if (antwort === 200) expect(a.status).toBe('verliehen');
      }
      const nummern = await database.query<{ zertifikat_nr: string }>('select zertifikat_nr from praedikate');
      expect(new Set(nummern.map((n) => n.zertifikat_nr)).size).toBe(nummern.length);
      await auditIntakt(database);
      console.log(`award decisions killed at spread moments (${Math.round(dauer)} ms each): ${ergebnisse.join(', ')}`);
    });
  });

  it('SIGTERM lets an in-flight request finish, refuses new connections and exits with 0', { timeout: 300_000 }, async () => {
    const data = await copyOf(await preparedData());
    const { user, ars, leika } = await withData(data, async (database) => {
      const [{ ars }] = await database.query<{ ars: string }>('select ars from behoerden where length(ars) = 12 order by ars limit 1');
      const [{ schluessel }] = await database.query<{ schluessel: string }>('select schluessel from leika_leistungen where schluessel is not null order by id limit 1');
      return { user: await aUser(database, 'it_dienstleister', [ars]), ars, leika: schluessel };
    });
    // LOG_LEVEL=debug: the log then has an „incoming request“ line per request (at info only the completed ones).
    const server = await startServerProcess({ data, label: 'sigterm', env: { LOG_LEVEL: 'debug' } });
    const session = new HttpSession(server.baseUrl);
    await session.login(user.email, TEST_PASSWORD);
    const csrf = await session.csrfToken();

    // An upload whose body arrives slowly: the request is in flight while the signal comes.
    const url = '/api/v1/uploads?format=csv&dateiname=langsam.csv';
    let laufend: http.ClientRequest | undefined;
    const antwort = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: server.port, path: url, method: 'POST', headers: { cookie: session.cookieHeader(), 'x-csrf-token': csrf, 'content-type': 'text/csv' } },
        (res) => {
          let body = '';
          res.on('data', (c) => {
            body += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write('ars;name;beschreibung;url;leika_schluessel\n');
      laufend = req;
    });
    await server.waitForLog(new RegExp(`"url":"${url.replace(/[?.]/g, '\\$&')}"[^\n]*"msg":"incoming request"`));

    server.signal('SIGTERM');
    await server.waitForLog(/Beende: laufende Anfragen werden abgeschlossen/);
    expect(await waitUntil('the port to refuse connections', () => connectionRefused(server.port), 10_000)).toBe(true);
    expect(server.hasExited()).toBe(false);

    laufend?.end(`${ars};Hundesteuer anmelden;Hund anmelden.;https://formulare.example.org/hund;${leika}\n`);
    const r = await antwort;
    expect(r.status).toBe(201);
    expect(JSON.parse(r.body)).toMatchObject({ status: 'geprueft', zeilen: 1 });
    expect(await server.exited).toEqual({ code: 0, signal: null });
    await withData(data, async (database) => {
      expect(await zahl(database, sql`select count(*)::int as n from uploads where dateiname = 'langsam.csv' and status = 'geprueft'`)).toBe(1);
    });
  });
});
