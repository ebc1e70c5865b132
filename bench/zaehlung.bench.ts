/**
 * Eligibility recompute: every Behörde's count from scratch on the full Bavarian demo data, and
 * the time a single link change takes until the new count is stored. Run: npx tsx bench/zaehlung.bench.ts
 */
import { sql } from 'drizzle-orm';
import { createBehoerdenRepository } from '../src/behoerden/behoerden.repository';
import { systemClock } from '../src/shared/clock';
import { createVerlinkungRepository } from '../src/verlinkung/verlinkung.repository';
import { createVerlinkungService } from '../src/verlinkung/verlinkung.service';
import { fmt, openBenchDatabase, stats, summary, time } from './support';

const { database, engine, cleanup } = await openBenchDatabase();
try {
  const service = createVerlinkungService(createVerlinkungRepository(database.db), createBehoerdenRepository(database.db), systemClock, {
    schwellen: { default: 50, bezirk: 30 },
    regel: { defekteLinks: 'karenz', karenzTage: 14 },
  });
  const [{ links, behoerden }] = (await database.db.execute(
    sql`select (select count(*)::int from verlinkungen) as links, (select count(*)::int from behoerden) as behoerden`,
  )).rows as { links: number; behoerden: number }[];

  await service.alleNeuBerechnen(); // warm-up
  const full: number[] = [];
  for (let i = 0; i < 10; i++) full.push((await time(() => service.alleNeuBerechnen()))[0]);

  const admin = { id: '00000000-0000-0000-0000-000000000000', email: 'bench@example.org', role: 'ministry_admin' as const, behoerden: [] };
  const [{ id: verfahrenId }] = (await database.db.execute(
    sql`select id from online_verfahren where bereitstellung = 'zentral' and art = 'online' and not exists (select 1 from verlinkungen v where v.verfahren_id = online_verfahren.id and v.behoerde_ars = '095640000000') limit 1`,
  )).rows as { id: string }[];
  const single: number[] = [];
  for (let i = 0; i < 20; i++) {
    single.push((await time(() => service.verlinke(admin, '095640000000', verfahrenId, { quelle: 'system' })))[0]);
    single.push((await time(() => service.entferne(admin, '095640000000', verfahrenId, { quelle: 'system' })))[0]);
  }
  const f = stats(full);
  const s = stats(single);
  console.log(`### Zählstände (${engine})

${behoerden} Behörden, ${links} Verlinkungen (Demodaten).

| what | runs | p50 | p95 | max |
|---|---|---|---|---|
| recompute every Behörde from scratch | ${f.n} | ${fmt(f.p50)} | ${fmt(f.p95)} | ${fmt(f.max)} |
| one link or unlink incl. recount, event, audit (service call) | ${s.n} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.max)} |

${summary(`eligibility recompute of all ${behoerden} Behörden (${engine}), p50 / p95`, `${fmt(f.p50)} / ${fmt(f.p95)}`)}
${summary(`one link or unlink incl. recount (${engine}), p50 / p95`, `${fmt(s.p50)} / ${fmt(s.p95)}`)}
`);
} finally {
  await cleanup();
}
