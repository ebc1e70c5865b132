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
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { openImportedTestDatabase } from '../tests/support/imported-db';
import { aUser } from '../tests/support/app';

import { testConfig } from '../src/shared/config';
import type { Database } from '../src/shared/db';
import { parseUploadCsv } from '../src/uploads/csv-upload.parser';
import { grosseUploadCsv } from '../src/uploads/upload.fixtures';
import { summary } from './support';
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
  console.log(
    `- ${database.kind.padEnd(8)} ${art.padEnd(9)} ${gelesen.zeilen.length} rows (${(text.length / 1e6).toFixed(1)} MB): ` +
      `read ${lesen} s, dry run ${pruefen} s, commit ${uebernehmen} s (CPU ${uebernehmenCpu} s), dry run of the same file again ${wiederholung} s ` +
      `[${s.verfahrenNeu} procedures, ${s.verlinkungenNeu} links; again: ${nochmal.statistik!.verlinkungenUnveraendert} unchanged]`,
  );
  return { zeilen: gelesen.zeilen.length, lesen: Number(lesen), pruefen: Number(pruefen), uebernehmen: Number(uebernehmen), cpu: Number(uebernehmenCpu) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

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
}

await main();
