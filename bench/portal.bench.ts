/**
 * Server render time of the public portal's pages on the full Bavarian demo data, measured with
 * `app.inject` (routing, queries, rendering; no network): the Behörden list, a Behörde page and the
 * map page, p50/p95 over many requests; plus the one-off costs after a data change and the size of
 * the map SVG. Run: npx tsx bench/portal.bench.ts
 */
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app';
import { testConfig } from '../src/shared/config';
import { fmt, officialDataDir, openBenchDatabase, stats, summary, time } from './support';

const { database, engine, cleanup } = await openBenchDatabase();
try {
  const app = await buildApp({ config: testConfig({ OFFICIAL_DATA_DIR: officialDataDir, LOG_LEVEL: 'silent' }), database });
  await app.ready();
  await app.services.verlinkung.alleNeuBerechnen();
  // Wall time, and the CPU time of this process (with PGlite the database runs in it too): on a
  // shared machine the wall time includes waiting for a core, the CPU time does not.
  const cpu: number[] = [];
  const get = async (url: string) => {
    const c0 = process.cpuUsage();
    const [ms, res] = await time(() => app.inject({ method: 'GET', url }));
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
    return { ms, body: res.body };
  };

  // Behörden of every kind, spread over the key range (deterministic).
  const arsList = ((await database.db.execute(sql`select ars from behoerden order by md5(ars) limit 60`)).rows as { ars: string }[]).map((r) => r.ars);
  const listUrls = [
    '/behoerden',
    '/behoerden?page=7',
    '/behoerden?sort=anzahl',
    '/behoerden?q=Koenigshofen',
    '/behoerden?q=Markt%20Einersheim',
    '/behoerden?q=97346',
    '/behoerden?status=digitales_amt&sort=verliehen',
    '/behoerden?status=nah_dran',
    '/behoerden?jahr=2022&regierungsbezirk=096',
    '/behoerden?typ=vg&sort=bevoelkerung&page=2',
  ];

  // One-off: first map after start (projection, topology, simplification, drawing).
  const c0 = process.cpuUsage();
  const [ersteKarte] = await time(() => get('/karte'));
  const ersteKarteCpu = ((c => c.user + c.system)(process.cpuUsage(c0))) / 1000;

  // Cold Behörde pages: the first view of each loads everything (again after a change of its own
  // links, award or peer group).
  const kalt: number[] = [];
  cpu.length = 0;
  for (const ars of arsList) kalt.push((await get(`/behoerden/${ars}`)).ms);
  const kaltCpu = stats(cpu);

  const messen = async (urls: string[], runden: number) => {
    const ms: number[] = [];
    for (const u of urls) await get(u); // each view drawn once (the one-off cost is measured apart)
    cpu.length = 0;
    for (let r = 0; r < runden; r++) for (const u of urls) ms.push((await get(u)).ms);
    return { wall: stats(ms), cpu: stats(cpu) };
  };
  const liste = await messen(listUrls, 6);
  const behoerde = await messen(arsList.map((a) => `/behoerden/${a}`), 1);
  const karte = await messen(['/karte'], 40);
  const zoom = await messen(['/karte/091', '/karte/096', '/karte?ebene=kreise', '/karte?farbe=anzahl'], 8);
  const start = await messen(['/'], 30);

  // A link change: the next map request colours the map again (geometry, paths and borders stay).
  const admin = { id: '00000000-0000-0000-0000-000000000000', email: 'bench@example.org', role: 'ministry_admin' as const, behoerden: [] };
  const [{ id: verfahrenId }] = (await database.db.execute(
    sql`select id from online_verfahren o where bereitstellung = 'zentral' and art = 'online' and not exists (select 1 from verlinkungen v where v.verfahren_id = o.id and v.behoerde_ars = '096755616') limit 1`,
  )).rows as { id: string }[];
  await app.services.verlinkung.verlinke(admin, '096755616', verfahrenId, { quelle: 'system' });
  const nachAenderung = (await get('/karte')).ms;

  // What one link change costs across the cached views: every view of the load test's mix and the
  // 60 Behörde pages read once after each change (CPU), against the same reads without a change.
  const ansichten = ['/', '/karte', '/karte/096', '/karte?farbe=anzahl', '/statistik', '/opendata/behoerden.json', '/opendata/praedikate.csv', ...arsList.map((a) => `/behoerden/${a}`)];
  const alleLesen = async () => {
    const c = process.cpuUsage();
    for (const u of ansichten) await get(u);
    const d = process.cpuUsage(c);
    return (d.user + d.system) / 1000;
  };
  await alleLesen();
  const ohneAenderung: number[] = [];
  const mitAenderung: number[] = [];
  for (let i = 0; i < 6; i++) {
    ohneAenderung.push(await alleLesen());
    if (i % 2 === 0) await app.services.verlinkung.entferne(admin, '096755616', verfahrenId, { quelle: 'system' });
    else await app.services.verlinkung.verlinke(admin, '096755616', verfahrenId, { quelle: 'system' });
    mitAenderung.push(await alleLesen());
  }
  const aenderungCpu = stats(mitAenderung.map((m, i) => m - ohneAenderung[i]));

  const seite = (await get('/karte')).body;
  const svg = /<svg[^>]*class="karte__svg"[\s\S]*?<\/svg>/.exec(seite)?.[0] ?? '';
  const bild = (await get('/karte/bayern.svg')).body;
  const kb = (s: string) => `${(Buffer.byteLength(s) / 1024).toFixed(0)} KB`;
  const gz = (s: string) => `${(gzipSync(s).length / 1024).toFixed(0)} KB`;
  const links = (svg.match(/<a href=/g) ?? []).length;
  type M = { wall: ReturnType<typeof stats>; cpu: ReturnType<typeof stats> };
  const row = (what: string, m: M) => `| ${what} | ${m.wall.n} | ${fmt(m.wall.p50)} | ${fmt(m.wall.p95)} | ${fmt(m.cpu.p50)} | ${fmt(m.cpu.p95)} |`;
  const kaltS = { wall: stats(kalt), cpu: kaltCpu };
  const last = os.loadavg()[0].toFixed(1);
  await app.close();

  console.log(`### Portal pages (${engine})

Server render time through \`app.inject\` (routing, SQL, rendering), full demo data. Target: list,
Behörde page and map page under 50 ms at p95.

Load average of the machine during the run: ${last} (2 cores; other work running raises wall times).

| page | requests | wall p50 | wall p95 | CPU p50 | CPU p95 |
|---|---|---|---|---|---|
${row(`Behörden list (${listUrls.length} queries: paging, sort, search, filters)`, liste)}
${row(`Behörde page (${arsList.length} Behörden, data unchanged since their first view)`, behoerde)}
${row('Behörde page, first view (loads links, history, gap advice; again after a change of its own or its peers’ data)', kaltS)}
${row('map page /karte (Bavaria, 1,4k linked areas)', karte)}
${row('map pages: zoom 091/096, Landkreise, colour by count', zoom)}
${row('start page', start)}

| one-off | wall | CPU |
|---|---|---|
| first map after start (load 2,230 boundaries, project, topology, simplify, draw) | ${fmt(ersteKarte)} | ${fmt(ersteKarteCpu)} |
| first /karte after a link change (counts and awards read again, areas re-coloured; paths and borders kept) | ${fmt(nachAenderung)} | |
| one link change: CPU to bring every cached view up to date (${ansichten.length} views: start, 3 maps, statistics, 2 exports, ${arsList.length} Behörde pages; p50 of ${aenderungCpu.n} changes, reads without a change subtracted) | | ${fmt(aenderungCpu.p50)} |

Map SVG: inline on /karte ${kb(svg)} (${gz(svg)} gzip), ${links} links; picture /karte/bayern.svg ${kb(bild)} (${gz(bild)} gzip).

${summary(`public pages render (${engine}), wall p50 / p95: Behörden list`, `${fmt(liste.wall.p50)} / ${fmt(liste.wall.p95)} (CPU ${fmt(liste.cpu.p50)} / ${fmt(liste.cpu.p95)})`)}
${summary(`public pages render (${engine}), wall p50 / p95: Behörde page`, `${fmt(behoerde.wall.p50)} / ${fmt(behoerde.wall.p95)} (CPU ${fmt(behoerde.cpu.p50)} / ${fmt(behoerde.cpu.p95)})`)}
${summary(`public pages render (${engine}), wall p50 / p95: map /karte`, `${fmt(karte.wall.p50)} / ${fmt(karte.wall.p95)} (CPU ${fmt(karte.cpu.p50)} / ${fmt(karte.cpu.p95)})`)}
${summary(`public pages render (${engine}), wall p50 / p95: start page`, `${fmt(start.wall.p50)} / ${fmt(start.wall.p95)} (CPU ${fmt(start.cpu.p50)} / ${fmt(start.cpu.p95)})`)}
${summary(`public pages render (${engine}), wall p50 / p95: Behörde page, first view`, `${fmt(kaltS.wall.p50)} / ${fmt(kaltS.wall.p95)}`)}
${summary(`public pages (${engine}): CPU per link change to update every cached view, p50`, fmt(aenderungCpu.p50))}
`);
} finally {
  await cleanup();
}
