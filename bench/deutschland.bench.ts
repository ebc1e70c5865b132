/**
 * All of Germany: import of the whole GV100AD (≈ 10,950 Gemeinden, ≈ 5,300 Behörden), demo data
 * for every Land, the full recompute of every count, and the server render time (`app.inject`:
 * routing, SQL, rendering; no network) of the list (unfiltered and filtered), a Behörde page, the
 * statistics, the maps and the JSON API on that data, p50/p95.
 *
 * Run: npx tsx bench/deutschland.bench.ts (PGlite in a temp dir; BENCH_DATABASE_URL or
 * DATABASE_URL for PostgreSQL). DEUTSCHLAND_DATA_DIR=<dir> keeps the PGlite data directory there
 * and, when it already holds all of Germany with demo data, skips import and demo (prepared data).
 * BENCH_QUICK=1: fewer rounds (noisier figures).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../src/app';
import { seedDemoData } from '../src/demo/demo.service';
import { importOfficialData } from '../src/gebiete/gebiete.import';
import { testConfig } from '../src/shared/config';
import { type Database, openDatabase } from '../src/shared/db';
import { fmt, officialDataDir, stats, summary, time } from './support';

async function openDeutschland(): Promise<{ database: Database; engine: string; prepared: boolean; cleanup: () => Promise<void> }> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (url) {
    const name = `da_bench_de_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: u.toString(), poolSize: 4 });
    return {
      database,
      engine: 'PostgreSQL',
      prepared: false,
      cleanup: async () => {
        await database.close();
        const a = new pg.Client({ connectionString: url });
        await a.connect();
        await a.query(`drop database if exists ${name}`);
        await a.end();
      },
    };
  }
  const keep = process.env.DEUTSCHLAND_DATA_DIR;
  const dir = keep ? path.resolve(keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'da-bench-de-'));
  fs.mkdirSync(dir, { recursive: true });
  const database = await openDatabase({ dataDir: dir });
  const [{ laender, demo }] = (await database.db.execute(
    sql`select (select count(distinct land_key)::int from behoerden where aktiv) as laender, (select count(*)::int from verlinkungen where demo) as demo`,
  )).rows as { laender: number; demo: number }[];
  return {
    database,
    engine: 'PGlite',
    prepared: Number(laender) === 16 && Number(demo) > 0,
    cleanup: async () => {
      await database.close();
      if (!keep) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const quick = process.env.BENCH_QUICK === '1';
const runden = (n: number) => (quick ? Math.max(1, Math.ceil(n / 4)) : n);

const { database, engine, prepared, cleanup } = await openDeutschland();
try {
  let importMs: number | null = null;
  let reimportMs: number | null = null;
  let demoMs: number | null = null;
  let importInfo = '';
  if (!prepared) {
    const [ms, report] = await time(() => importOfficialData(database, { officialDataDir, land: 'all', actor: 'bench' }));
    importMs = ms;
    importInfo = `${report.gebiete.neu.toLocaleString('en')} Gebiete, ${report.behoerden.neu.toLocaleString('en')} Behörden, ${report.zuordnungen.neu.toLocaleString('en')} assignments`;
    [reimportMs] = await time(() => importOfficialData(database, { officialDataDir, land: 'all', actor: 'bench' }));
    [demoMs] = await time(() => seedDemoData(database, { seed: 20210729 }));
  }
  const [{ behoerden, links, praedikate, laender }] = (await database.db.execute(
    sql`select (select count(*)::int from behoerden where aktiv) as behoerden, (select count(*)::int from verlinkungen) as links,
               (select count(*)::int from praedikate) as praedikate, (select count(distinct b.land_key)::int from praedikate p join behoerden b on b.ars = p.behoerde_ars) as laender`,
  )).rows as { behoerden: number; links: number; praedikate: number; laender: number }[];

  const app = await buildApp({ config: testConfig({ OFFICIAL_DATA_DIR: officialDataDir, LOG_LEVEL: 'silent' }), database });
  await app.ready();

  // Full recompute of every count (as at start-up and after a rule change).
  const recompute: number[] = [];
  for (let i = 0; i < runden(5); i++) recompute.push((await time(() => app.services.verlinkung.alleNeuBerechnen()))[0]);

  const cpu: number[] = [];
  const get = async (url: string) => {
    const c0 = process.cpuUsage();
    const [ms, res] = await time(() => app.inject({ method: 'GET', url }));
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
    return { ms, body: res.body };
  };

  // Behörden of every Land and kind, spread over the key range (deterministic).
  const arsList = ((await database.db.execute(sql`select ars from behoerden where aktiv order by md5(ars) limit 60`)).rows as { ars: string }[]).map((r) => r.ars);
  const ungefiltert = ['/behoerden', '/behoerden?page=60', '/behoerden?sort=anzahl', '/behoerden?sort=bevoelkerung&page=3'];
  const gefiltert = [
    '/behoerden?land=03',
    '/behoerden?land=01&typ=amt',
    '/behoerden?land=07&typ=verbandsgemeinde&sort=anzahl',
    '/behoerden?q=Michaelisdonn',
    '/behoerden?q=38465',
    '/behoerden?status=digitales_amt&sort=verliehen',
    '/behoerden?land=05&status=nah_dran',
    '/behoerden?land=14&landkreis=14521',
  ];
  const api = ['/api/v1/behoerden?pageSize=200', '/api/v1/behoerden?land=08&pageSize=200&page=2', '/api/v1/behoerden?q=Brome', '/api/v1/behoerden/110000000000', '/api/v1/behoerden/010515163'];
  const karten = ['/karte/deutschland', '/karte/deutschland?ebene=kreise', '/karte/land/03', '/karte/land/01?farbe=anzahl', '/karte/land/11'];

  type M = { wall: ReturnType<typeof stats>; cpu: ReturnType<typeof stats>; erste: ReturnType<typeof stats> };
  /** First view of each URL after start (cold caches) apart, then repeated views. */
  const messen = async (urls: string[], anzahl: number): Promise<M> => {
    const erste: number[] = [];
    for (const u of urls) erste.push((await get(u)).ms);
    cpu.length = 0;
    const ms: number[] = [];
    for (let r = 0; r < runden(anzahl); r++) for (const u of urls) ms.push((await get(u)).ms);
    return { wall: stats(ms), cpu: stats(cpu), erste: stats(erste) };
  };
  const mListe = await messen(ungefiltert, 8);
  const mGefiltert = await messen(gefiltert, 5);
  const mBehoerde = await messen(arsList.map((a) => `/behoerden/${a}`), 2);
  const mStatistik = await messen(['/statistik'], 20);
  const mKarten = await messen(karten, 6);
  const mBayern = await messen(['/karte'], 10);
  const mApi = await messen(api, 8);
  const [exportMs] = await time(() => get('/opendata/behoerden.csv'));

  const seite = (await get('/karte/deutschland')).body;
  const svg = /<svg[^>]*id="karte-svg"[\s\S]*?<\/svg>/.exec(seite)?.[0] ?? '';
  const kb = (s: string) => `${(Buffer.byteLength(s) / 1024).toFixed(0)} KB`;
  const gz = (s: string) => `${(gzipSync(s).length / 1024).toFixed(0)} KB`;
  const punkte = (svg.match(/<circle /g) ?? []).length;
  const last = os.loadavg()[0].toFixed(1);
  await app.close();

  const row = (what: string, m: M) => `| ${what} | ${m.wall.n} | ${fmt(m.erste.p50)} / ${fmt(m.erste.max)} | ${fmt(m.wall.p50)} | ${fmt(m.wall.p95)} | ${fmt(m.cpu.p50)} | ${fmt(m.cpu.p95)} |`;
  const rc = stats(recompute);
  const opt = (ms: number | null) => (ms === null ? 'prepared data dir, not measured' : fmt(ms));
  console.log(`### All of Germany (${engine})

${behoerden.toLocaleString('en')} active Behörden in 16 Länder, ${links.toLocaleString('en')} demo links, ${praedikate.toLocaleString('en')} awards in ${laender} Länder.
Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; load average at the end ${last} (other work on the machine raises wall times; CPU times are this process only).

| one-off | time |
|---|---|
| import all of Germany into an empty database${importInfo ? ` (${importInfo})` : ''} | ${opt(importMs)} |
| import again, nothing changed | ${opt(reimportMs)} |
| demo data for all Länder (plan and write) | ${opt(demoMs)} |
| full recompute of every count, p50 / max of ${rc.n} | ${fmt(rc.p50)} / ${fmt(rc.max)} |
| /opendata/behoerden.csv, first build | ${fmt(exportMs)} |

| page | requests | first view p50 / max | wall p50 | wall p95 | CPU p50 | CPU p95 |
|---|---|---|---|---|---|---|
${row(`Behörden list, unfiltered (${ungefiltert.length} queries: paging, sort)`, mListe)}
${row(`Behörden list, filtered (${gefiltert.length} queries: Land, type, search, PLZ, status, Kreis)`, mGefiltert)}
${row(`Behörde page (${arsList.length} Behörden of all Länder)`, mBehoerde)}
${row('statistics /statistik', mStatistik)}
${row('point maps: Germany (Gemeinde level, Kreise), Niedersachsen, Schleswig-Holstein, Berlin', mKarten)}
${row('Bavarian map with boundaries /karte', mBayern)}
${row(`JSON API (${api.length} requests: list pages, search, details)`, mApi)}

Point map of Germany: ${punkte.toLocaleString('en')} dots, inline ${kb(svg)} (${gz(svg)} gzip).

${summary('All of Germany: import of the whole GV100AD into an empty database', opt(importMs))}
${summary('All of Germany: full recompute of every count, p50', fmt(rc.p50))}
${summary('All of Germany: Behörden list filtered, wall p95', fmt(mGefiltert.wall.p95))}
${summary('All of Germany: point map of Germany, wall p95', fmt(mKarten.wall.p95))}
`);
} finally {
  await cleanup();
}
