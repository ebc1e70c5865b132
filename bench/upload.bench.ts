/**
 * How long a 100,000-row upload takes: reading the CSV, the dry run (check + store) and the commit.
 *
 *   npx tsx bench/upload.bench.ts                  PGlite (a copy of the imported test template)
 *   TEST_DATABASE_URL=postgres://… npx tsx bench/upload.bench.ts        PostgreSQL as well
 *   npx tsx scripts/pg-throwaway.ts -- npx tsx bench/upload.bench.ts    … on a throwaway server
 *
 * Two shapes of 20 Behörden × 5,000 rows: `gemeinsam` (5,000 procedures linked by all 20, each
 * with its own URL) and `eigen` (100,000 distinct procedures). Prints seconds per step for each of
 * BENCH_UPLOAD_RUNS runs (default 3, each on a fresh copy of the database) and the medians: one
 * run on a shared machine varies by ±15 %.
 *
 * Then the same two files through the HTTP API of a server started as `npm start` ships it (default
 * configuration, a first start with the official and the demo data): logged in as the
 * administrator of the first start, `POST /api/v1/uploads` (dry run) and
 * `POST /api/v1/uploads/{id}/commit`, timed from the client. BENCH_UPLOAD_SHIPPED=0 leaves it out.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { openImportedTestDatabase } from '../tests/support/imported-db';
import { aUser } from '../tests/support/app';

import { testConfig } from '../src/shared/config';
import { type Database, openDatabase } from '../src/shared/db';
import { parseUploadCsv } from '../src/uploads/csv-upload.parser';
import { grosseUploadCsv } from '../src/uploads/upload.fixtures';
import { officialDataDir, startShippedServer, summary } from './support';
import { createServices } from '../src/services/services';

const BEHOERDEN = 20;
const LAEUFE = Math.max(1, Number(process.env.BENCH_UPLOAD_RUNS ?? 3));
const PRO_BEHOERDE = 5_000;

const sekunden = (t0: number) => ((performance.now() - t0) / 1000).toFixed(2);
/** CPU seconds of this process (PGlite runs inside it) since `c0`: steadier than wall time on a shared machine. */
const cpuSekunden = (c0: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(c0);
  return ((c.user + c.system) / 1e6).toFixed(2);
};

async function lauf(database: Database, art: 'gemeinsam' | 'eigen') {
  const services = createServices({ config: testConfig(), database });
  const rows = (q: ReturnType<typeof sql>) => database.db.execute(q).then((r) => r.rows as Record<string, unknown>[]);
  const behoerden = (await rows(sql`select ars from behoerden where length(ars) = 12 order by ars limit ${BEHOERDEN}`)).map((r) => String(r.ars));
  const leika = (await rows(sql`select schluessel from leika_leistungen where schluessel is not null order by id limit 500`)).map((r) => String(r.schluessel));
  const u = await aUser(database, 'it_dienstleister', behoerden);
  const user = { id: u.id, email: u.email, role: u.role, behoerden };

  const text = grosseUploadCsv({ behoerden, verfahrenProBehoerde: PRO_BEHOERDE, art, leika });
  let t = performance.now();
  const gelesen = parseUploadCsv(Buffer.from(text));
  const lesen = sekunden(t);
  t = performance.now();
  const upload = await services.uploads.pruefeUndSpeichere(user, { format: 'csv', dateiname: 'bench.csv', zeilen: gelesen.zeilen, lesefehler: gelesen.fehler });
  const pruefen = sekunden(t);
  if (upload.status !== 'geprueft') throw new Error(`unexpected errors: ${JSON.stringify(upload.fehler.slice(0, 3))}`);
  t = performance.now();
  const c0 = process.cpuUsage();
  const ergebnis = await services.uploads.uebernehme(upload.id, user);
  const uebernehmen = sekunden(t);
  const uebernehmenCpu = cpuSekunden(c0);
  t = performance.now();
  const nochmal = await services.uploads.pruefeUndSpeichere(user, { format: 'csv', dateiname: 'bench.csv', zeilen: gelesen.zeilen, lesefehler: [] });
  const wiederholung = sekunden(t);
  const s = ergebnis.statistik!;
  const [pfad] = await rows(sql`select (after->>'erneutGeprueft')::boolean as erneut from audit_log where action = 'upload.uebernehmen' and object_id = ${upload.id}`);
  console.log(
    `- ${database.kind.padEnd(8)} ${art.padEnd(9)} ${gelesen.zeilen.length} rows (${(text.length / 1e6).toFixed(1)} MB): ` +
      `read ${lesen} s, dry run ${pruefen} s, commit ${uebernehmen} s (CPU ${uebernehmenCpu} s; ${pfad?.erneut ? 'checked again' : "the dry run's plan"}), dry run of the same file again ${wiederholung} s ` +
      `[${s.verfahrenNeu} procedures, ${s.verlinkungenNeu} links; again: ${nochmal.statistik!.verlinkungenUnveraendert} unchanged]`,
  );
  return { zeilen: gelesen.zeilen.length, lesen: Number(lesen), pruefen: Number(pruefen), uebernehmen: Number(uebernehmen), cpu: Number(uebernehmenCpu) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A cookie-keeping HTTP client for the shipped server (what a browser or script does). */
function klient(basis: string) {
  const cookies = new Map<string, string>();
  const anfrage = async (url: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (cookies.size) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const r = await fetch(basis + url, { ...init, headers, redirect: 'manual' });
    for (const c of r.headers.getSetCookie()) {
      const [paar] = c.split(';');
      const i = paar.indexOf('=');
      cookies.set(paar.slice(0, i), paar.slice(i + 1));
    }
    return r;
  };
  /** Loads `seite` for its CSRF token and posts the form there like a browser. */
  const formular = async (seite: string, felder: Record<string, string>) => {
    const html = await (await anfrage(seite)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error(`no CSRF token on ${seite}`);
    return anfrage(seite, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...felder, _csrf: token }).toString() });
  };
  return { anfrage, formular };
}

/** The 100,000-row files through the API of a server started as `npm start` ships it. */
async function ueberDenAusgeliefertenServer() {
  console.log('\n#### The same files through the HTTP API of `npm start` (default configuration, first start with the demo data)\n');
  const server = await startShippedServer();
  try {
    // The administrator of the first start gives the demo IT-Dienstleister 20 Gemeinden (account
    // administration API); the IT-Dienstleister uploads, as in the runs above.
    const log = fs.readFileSync(server.logFile, 'utf8');
    const zugang = (rolle: string) => {
      const m = new RegExp(`\\(${rolle}\\)\\s+E-Mail:\\s+(\\S+)\\s+Passwort:\\s+(\\S+)`).exec(log);
      if (!m) throw new Error(`no ${rolle} credentials in the log of the first start`);
      return { email: m[1], passwort: m[2] };
    };
    const anmelden = async (z: { email: string; passwort: string }) => {
      const k = klient(server.baseUrl);
      const r = await k.formular('/anmelden', { email: z.email, password: z.passwort });
      if (r.status !== 302 && r.status !== 303) throw new Error(`login of ${z.email}: ${r.status}`);
      const neu = `Bench-${Date.now()}-Kennwort!`;
      const w = await k.formular('/konto/passwort', { current: z.passwort, password: neu, confirm: neu });
      if (w.status >= 400) throw new Error(`password change of ${z.email}: ${w.status}`);
      const { token } = (await (await k.anfrage('/api/v1/csrf')).json()) as { token: string };
      return { ...k, token };
    };
    const admin = await anmelden(zugang('ministry_admin'));
    const liste = (await (await admin.anfrage('/api/v1/behoerden?typ=gemeinde&limit=100')).json()) as { items?: { ars: string }[] };
    const behoerden = (liste.items ?? []).map((b) => b.ars).filter((a) => a.length === 12).slice(0, BEHOERDEN);
    if (behoerden.length < BEHOERDEN) throw new Error(`only ${behoerden.length} Gemeinden from /api/v1/behoerden`);
    const dl = zugang('it_dienstleister');
    const konten = (await (await admin.anfrage(`/api/v1/konten?q=${encodeURIComponent(dl.email)}`)).json()) as { items: { id: string; email: string }[] };
    const konto = konten.items.find((x) => x.email === dl.email);
    if (!konto) throw new Error(`no account ${dl.email}`);
    const gesetzt = await admin.anfrage(`/api/v1/konten/${konto.id}/rollen`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-csrf-token': admin.token },
      body: JSON.stringify({ rollen: ['it_dienstleister'], behoerden }),
    });
    if (gesetzt.status !== 200) throw new Error(`setting the Behörden: ${gesetzt.status} ${(await gesetzt.text()).slice(0, 300)}`);
    const k = await anmelden(dl);
    const { token } = k;
    // LeiKa keys from the official file, as the in-process runs take them from the imported catalogue.
    const leika = fs
      .readFileSync(path.join(officialDataDir, 'ozg-leika/leika_leistungen.csv'), 'utf8')
      .split('\n')
      .map((z) => z.split(',')[1])
      .filter((x): x is string => /^99\d{12}$/.test(x ?? ''))
      .slice(0, 500);
    for (const art of ['gemeinsam', 'eigen'] as const) {
      const text = grosseUploadCsv({ behoerden, verfahrenProBehoerde: PRO_BEHOERDE, art, leika });
      let t = performance.now();
      const pruefung = await k.anfrage(`/api/v1/uploads?dateiname=${art}.csv`, { method: 'POST', headers: { 'content-type': 'text/csv', 'x-csrf-token': token }, body: text });
      const pruefen = sekunden(t);
      const upload = (await pruefung.json()) as { id: string; status: string; fehler?: unknown[] };
      if (upload.status !== 'geprueft') throw new Error(`dry run over HTTP: ${pruefung.status} ${JSON.stringify(upload).slice(0, 300)}`);
      t = performance.now();
      const commit = await k.anfrage(`/api/v1/uploads/${upload.id}/commit`, { method: 'POST', headers: { 'x-csrf-token': token } });
      const uebernehmen = sekunden(t);
      const ergebnis = (await commit.json()) as { status: string; statistik?: { verlinkungenNeu: number; verfahrenNeu: number } };
      if (commit.status !== 200 || ergebnis.status !== 'uebernommen') throw new Error(`commit over HTTP: ${commit.status} ${JSON.stringify(ergebnis).slice(0, 300)}`);
      console.log(
        `- npm start ${art.padEnd(9)} ${(text.length / 1e6).toFixed(1)} MB over HTTP: dry run ${pruefen} s, commit ${uebernehmen} s ` +
          `[${ergebnis.statistik?.verfahrenNeu} procedures, ${ergebnis.statistik?.verlinkungenNeu} links]`,
      );
      console.log(summary(`CSV upload commit of 100,000 rows over HTTP, shape ${art}, server as npm start ships it / target 5 s`, `${(Number(uebernehmen) / 5).toFixed(2)} (${uebernehmen} s; dry run ${pruefen} s)`));
    }
  } finally {
    // Whether each commit wrote the dry run's plan or checked the rows again (its audit entry).
    await server.stop(async (dataDir) => {
      const db = await openDatabase({ dataDir, migrate: false });
      try {
        const r = await db.query<{ dateiname: string; erneut: boolean }>(
          "select after->>'dateiname' as dateiname, (after->>'erneutGeprueft')::boolean as erneut from audit_log where action = 'upload.uebernehmen' order by id",
        );
        for (const x of r) console.log(`  ${x.dateiname}: ${x.erneut ? 'checked again at the commit' : "the dry run's plan written (nothing checked had changed)"}`);
      } finally {
        await db.close();
      }
    });
  }
}

/**
 * Each engine runs in a child process of its own: the test-database helper keeps one template per
 * process, and a fresh process gives both engines the same cold start.
 */
async function main() {
  const engine = process.env.BENCH_ENGINE as 'pglite' | 'postgres' | undefined;
  const pgUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (engine) {
    for (const art of ['gemeinsam', 'eigen'] as const) {
      const laeufe: Awaited<ReturnType<typeof lauf>>[] = [];
      let kind = '';
      for (let i = 0; i < LAEUFE; i++) {
        const database = await openImportedTestDatabase();
        kind = database.kind;
        try {
          laeufe.push(await lauf(database, art));
        } finally {
          await database.close();
        }
      }
      const m = (k: 'lesen' | 'pruefen' | 'uebernehmen' | 'cpu') => median(laeufe.map((l) => l[k])).toFixed(2);
      const zeilen = laeufe[0].zeilen.toLocaleString('en-US');
      const alle = laeufe.map((l) => l.uebernehmen.toFixed(2)).join(', ');
      console.log(`  median of ${LAEUFE}: read ${m('lesen')} s, dry run ${m('pruefen')} s, commit ${m('uebernehmen')} s (runs: ${alle} s)`);
      console.log(summary(`CSV upload of ${zeilen} rows, shape ${art} (${kind}): read / dry run / commit, median of ${LAEUFE}`, `${m('lesen')} s / ${m('pruefen')} s / ${m('uebernehmen')} s`));
      console.log(
        summary(
          `CSV upload commit of ${zeilen} rows, shape ${art} (${kind}) / target 5 s, median of ${LAEUFE}`,
          `${(Number(m('uebernehmen')) / 5).toFixed(2)} (${m('uebernehmen')} s wall, ${m('cpu')} s CPU of the process; runs ${alle} s)`,
        ),
      );
    }
    return;
  }
  const engines: ('pglite' | 'postgres')[] = pgUrl ? ['pglite', 'postgres'] : ['pglite'];
  console.log(`### CSV upload of ${(BEHOERDEN * PRO_BEHOERDE).toLocaleString('en-US')} rows (bench/upload.bench.ts)\n\n${BEHOERDEN} Behörden × ${PRO_BEHOERDE.toLocaleString('en-US')} rows; \`gemeinsam\`: the same procedures for all, each with its own URL; \`eigen\`: distinct procedures. Seconds per step; each engine in a fresh process.\n`);
  for (const e of engines) {
    const env: NodeJS.ProcessEnv = { ...process.env, BENCH_ENGINE: e };
    if (e === 'pglite') delete env.TEST_DATABASE_URL;
    else env.TEST_DATABASE_URL = pgUrl;
    const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], { env, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  if (process.env.BENCH_UPLOAD_SHIPPED !== '0') await ueberDenAusgeliefertenServer();
}

await main();
