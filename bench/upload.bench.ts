/**
 * How long a 100,000-row upload takes: reading the CSV, the dry run (check + store) and the commit.
 *
 *   npx tsx bench/upload.bench.ts                  PGlite (a copy of the imported test template)
 *   TEST_DATABASE_URL=postgres://… npx tsx bench/upload.bench.ts        PostgreSQL as well
 *   npx tsx scripts/pg-throwaway.ts -- npx tsx bench/upload.bench.ts    … on a throwaway server
 *
 * Two shapes of 20 Behörden × 5,000 rows: `gemeinsam` (5,000 procedures linked by all 20, each
 * with its own URL) and `eigen` (100,000 distinct procedures). Prints seconds per step.
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
  console.log(summary(`CSV upload of ${gelesen.zeilen.length.toLocaleString('en-US')} rows, shape ${art} (${database.kind}): read / dry run / commit`, `${lesen} s / ${pruefen} s / ${uebernehmen} s`));
  console.log(summary(`CSV upload commit of ${gelesen.zeilen.length.toLocaleString('en-US')} rows, shape ${art} (${database.kind}) / target 5 s`, `${(Number(uebernehmen) / 5).toFixed(2)} (${uebernehmen} s wall, ${uebernehmenCpu} s CPU of the process)`));
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
      const database = await openImportedTestDatabase();
      try {
        await lauf(database, art);
      } finally {
        await database.close();
      }
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
