/**
 * Preparing an outreach campaign for EVERY Behörde (docs/performance.md, target ≤ 2 s): the full
 * Bavarian official and demo data (PGlite, or BENCH_DATABASE_URL), one editor account for each of
 * the 1,463 Behörden, then `outreach.bereiteVor` without a filter — selection, the gap and the
 * suggestions of every Behörde, every mail rendered and queued, one transaction. Wall and CPU
 * time of the process (PGlite runs inside it), 3 runs.
 *
 *   npx tsx bench/outreach.bench.ts
 */
import { sql } from 'drizzle-orm';

import { testConfig } from '../src/shared/config';
import { openBenchDatabase, stats, summary } from './support';
import { createServices } from '../src/services/services';

const RUNDEN = Number(process.env.BENCH_OUTREACH_RUNS ?? 3);
const ZIEL_S = 2;

async function main() {
  const { database, engine, cleanup } = await openBenchDatabase();
  try {
    const services = createServices({ config: testConfig(), database });
    // One active editor per Behörde (real deployments have some; all of them is the worst case).
    await database.db.execute(sql`
      with neu as (
        insert into users (email, name, role, active)
        select 'redaktion.' || b.ars || '@bench.example', 'Redaktion ' || b.name, 'kommune_editor', true from behoerden b where b.aktiv
        returning id, split_part(substring(email from 11), '@', 1) as ars
      ) insert into user_behoerden (user_id, behoerde_ars) select id, ars from neu`);
    const [admin] = (await database.db.execute(sql`insert into users (email, name, role) values ('admin@bench.example', 'Admin', 'ministry_admin') returning id::text as id, email`)).rows as { id: string; email: string }[];
    const user = { id: admin.id, email: admin.email, role: 'ministry_admin' as const, behoerden: [] };
    const behoerden = Number(((await database.db.execute(sql`select count(*)::int as n from behoerden where aktiv`)).rows[0] as { n: number }).n);

    const wand: number[] = [];
    const cpu: number[] = [];
    let mails = 0;
    for (let i = 0; i < RUNDEN; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const k = await services.outreach.bereiteVor(user, `Alle Behörden ${i + 1}`, {});
      wand.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      mails = Number(((await database.db.execute(sql`select count(*)::int as n from outreach_empfaenger where kampagne_id = ${k.id}`)).rows[0] as { n: number }).n);
      process.stderr.write(`  outreach run ${i + 1}: ${(wand.at(-1)! / 1000).toFixed(2)} s wall, ${(cpu.at(-1)! / 1000).toFixed(2)} s CPU, ${mails} mails\n`);
    }
    const w = stats(wand);
    const c = stats(cpu);
    console.log(`### Outreach campaign for every Behörde (bench/outreach.bench.ts, ${engine})

${behoerden.toLocaleString('en-US')} active Behörden, each with one editor; \`bereiteVor\` without a filter: selection, the gap and ten suggestions of every Behörde (two set-based statements for all), ${mails.toLocaleString('en-US')} mails rendered and queued in one transaction. ${RUNDEN} runs.

| what | p50 | max |
|---|---|---|
| wall | ${(w.p50 / 1000).toFixed(2)} s | ${(w.max / 1000).toFixed(2)} s |
| CPU of the process (PGlite runs inside it) | ${(c.p50 / 1000).toFixed(2)} s | ${(c.max / 1000).toFixed(2)} s |

${summary(`outreach campaign for all ${behoerden.toLocaleString('en-US')} Behörden prepared (${engine}), p50 / target ${ZIEL_S} s`, `${(w.p50 / 1000 / ZIEL_S).toFixed(2)} (${(w.p50 / 1000).toFixed(2)} s wall, ${(c.p50 / 1000).toFixed(2)} s CPU, ${mails.toLocaleString('en-US')} mails)`)}
`);
  } finally {
    await cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
