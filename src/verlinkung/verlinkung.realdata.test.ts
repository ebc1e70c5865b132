import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openImportedTestDatabase } from '../../tests/support/imported-db';
import { createBehoerdenRepository } from '../behoerden/behoerden.repository';
import { seedDemoData } from '../demo/demo.service';
import { fixedClock } from '../shared/clock';
import type { Database } from '../shared/db';
import { createVerlinkungRepository } from './verlinkung.repository';
import { createVerlinkungService } from './verlinkung.service';
import { type Zaehlregel, zaehleVerlinkungen } from './zaehlung';

let database: Database;
const clock = fixedClock('2026-11-26T10:00:00Z');
const regel: Zaehlregel = { defekteLinks: 'karenz', karenzTage: 14 };

beforeAll(async () => {
  database = await openImportedTestDatabase();
  await seedDemoData(database, { seed: 20210729, today: '2026-11-26' });
});
afterAll(async () => {
  await database.close();
});

describe('counts on the full Bavarian demo data', () => {
  it('agree between the set-based SQL and the pure counting rules for every Behörde', async () => {
    const repo = createVerlinkungRepository(database.db);
    const service = createVerlinkungService(repo, createBehoerdenRepository(database.db), clock, { schwellen: { default: 50, bezirk: 30 }, regel });
    // Some broken links, inside and outside the grace period, so the rule matters.
    await database.db.execute(sql`insert into link_pruefungen (url, status, geprueft_am, defekt_seit)
      select url, 'defekt', now(), case when row_number() over (order by id) % 2 = 0 then '2026-11-01T00:00:00Z'::timestamptz else '2026-11-20T00:00:00Z'::timestamptz end
      from (select id, url from online_verfahren order by id limit 40) x`);
    await service.alleNeuBerechnen();

    const links = await repo.linksForCounting();
    const byArs = new Map<string, typeof links>();
    for (const l of links) byArs.set(l.behoerde_ars, [...(byArs.get(l.behoerde_ars) ?? []), l]);
    const stored = new Map(
      ((await database.db.execute(sql`select behoerde_ars, anzahl from zaehlstaende`)).rows as { behoerde_ars: string; anzahl: number }[]).map((r) => [
        r.behoerde_ars,
        Number(r.anzahl),
      ]),
    );
    const [{ n }] = (await database.db.execute(sql`select count(*)::int as n from behoerden`)).rows as { n: number }[];
    expect(stored.size).toBe(Number(n));
    let differences = 0;
    let nonZero = 0;
    for (const [ars, anzahl] of stored) {
      const own = byArs.get(ars) ?? [];
      const expected = zaehleVerlinkungen(
        own.map((l) => ({ verfahrenId: l.verfahren_id, art: l.art, aktiv: l.aktiv, defektSeit: l.defekt_seit ? new Date(l.defekt_seit) : null })),
        regel,
        clock.now(),
      ).anzahl;
      if (expected !== anzahl) differences++;
      if (anzahl > 0) nonZero++;
    }
    expect(differences).toBe(0);
    expect(nonZero).toBeGreaterThan(1000);
    expect((await repo.countsFromScratch(regel, clock.now())).get('095620000000')).toBe(stored.get('095620000000'));
  });

  it('gives every member Gemeinde of a VG the count of its VG', async () => {
    const rows = (await database.db.execute(sql`
      select g.ars as gemeinde, bg.behoerde_ars, z.anzahl
      from gebiete g join behoerde_gemeinden bg on bg.gemeinde_ars = g.ars join zaehlstaende z on z.behoerde_ars = bg.behoerde_ars
      where g.ebene = 'gemeinde' and bg.behoerde_ars like '_________' and length(bg.behoerde_ars) = 9`)).rows as { gemeinde: string; behoerde_ars: string; anzahl: number }[];
    expect(rows.length).toBe(982);
    const vgCounts = new Map<string, number>();
    for (const r of rows) {
      if (vgCounts.has(r.behoerde_ars)) expect(Number(r.anzahl)).toBe(vgCounts.get(r.behoerde_ars));
      vgCounts.set(r.behoerde_ars, Number(r.anzahl));
    }
    expect(vgCounts.size).toBe(311);
  });
});

describe('the gap of many Behörden at once', () => {
  it('says for every Behörde what its own gap advice says (count, threshold, suggestions, reach)', async () => {
    const repo = createVerlinkungRepository(database.db);
    const service = createVerlinkungService(repo, createBehoerdenRepository(database.db), clock, { schwellen: { default: 50, bezirk: 30 }, regel });
    await service.alleNeuBerechnen();
    // Every type and size class, awarded and not: every 25th Behörde by ARS plus the Bezirke.
    const alle = ((await database.db.execute(sql`select ars, typ from behoerden order by ars`)).rows as { ars: string; typ: string }[]);
    const auswahl = alle.filter((b, i) => i % 25 === 0 || b.typ === 'bezirk').map((b) => b.ars);
    const viele = await service.lueckenVieler([...auswahl, '099999999999'], 10);
    expect(viele.has('099999999999')).toBe(false);
    expect(viele.size).toBe(auswahl.length);
    let mitVorschlaegen = 0;
    for (const ars of auswahl) {
      const einzeln = await service.chancen(ars, 10);
      const v = viele.get(ars);
      expect(v, ars).toEqual({
        ars,
        anzahl: einzeln.anzahl,
        schwelle: einzeln.schwelle,
        erreicht: einzeln.erreicht,
        fehlend: einzeln.fehlend,
        vorschlaege: einzeln.vorschlaege.slice(0, 10).map((x) => ({ verfahrenId: x.verfahrenId, name: x.name, anteilVergleichsgruppe: x.anteilVergleichsgruppe })),
        mitDiesenErreichtManDasPraedikat: einzeln.mitDiesenErreichtManDasPraedikat,
      });
      if (einzeln.vorschlaege.some((x) => x.anteilVergleichsgruppe > 0)) mitVorschlaegen++;
    }
    expect(mitVorschlaegen).toBeGreaterThan(10);
  });
});
