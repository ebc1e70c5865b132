import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openImportedTestDatabase } from '../../tests/support/imported-db';
import { createBehoerdenRepository } from '../behoerden/behoerden.repository';
import { seedDemoData } from '../demo/demo.service';
import { fixedClock } from '../shared/clock';
import type { Database } from '../shared/db';
import { alsZaehlLink, createVerlinkungRepository, zaehltSql } from './verlinkung.repository';
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
  it('agree between the set-based SQL and the pure counting rules for every Behörde', { timeout: 240_000 }, async () => {
    const repo = createVerlinkungRepository(database.db);
    const service = createVerlinkungService(repo, createBehoerdenRepository(database.db), clock, { schwellen: { default: 50, bezirk: 30 }, regel });
    // Some broken links, inside and outside the grace period, so the rule matters.
    await database.db.execute(sql`insert into link_pruefungen (url, status, geprueft_am, defekt_seit)
      select url, 'defekt', now(), case when row_number() over (order by id) % 2 = 0 then '2026-11-01T00:00:00Z'::timestamptz else '2026-11-20T00:00:00Z'::timestamptz end
      from (select id, url from online_verfahren order by id limit 40) x`);
    // Near-duplicates as uploads and hand-made entries leave them, written straight into the tables
    // (no address keys: the recount fills them): for 60 Behörden a copy of one of their counting
    // links with a trailing slash and a tracking parameter, for 60 others an entry under the same
    // host and path with another query but the same LeiKa keys; a copy of that copy for 20 of them
    // (a chain of three), and 40 „zählt nicht“ marks of the ministry.
    await database.db.execute(sql`
      with erste as (
        select distinct on (v.behoerde_ars) v.behoerde_ars, o.id, coalesce(v.url, o.url) as url
        from verlinkungen v join online_verfahren o on o.id = v.verfahren_id
        where o.art = 'online' order by v.behoerde_ars, v.verfahren_id
      ), basis as (
        select e.*, row_number() over (order by e.behoerde_ars) as nr from erste e
      ), neu as (
        insert into online_verfahren (id, name, bereitstellung, art, anbieter_ars, url)
        select gen_random_uuid(), 'Kopie ' || nr, 'kommunal', 'online', behoerde_ars,
          case when nr <= 60 then url || '/?utm_source=test#oben' else url || '?schritt=' || nr end
        from basis where nr <= 120
        returning id, anbieter_ars, url
      ), l as (
        insert into verfahren_leistungen (verfahren_id, leika_id)
        select n.id, vl.leika_id from neu n join basis b on b.behoerde_ars = n.anbieter_ars join verfahren_leistungen vl on vl.verfahren_id = b.id
        returning 1
      )
      insert into verlinkungen (behoerde_ars, verfahren_id, linked_at) select anbieter_ars, id, '2026-11-25T10:00:00Z' from neu`);
    await database.db.execute(sql`
      with kette as (
        select o.id, o.anbieter_ars, o.url from online_verfahren o where o.name like 'Kopie %' and o.url like '%?schritt=%' order by o.anbieter_ars limit 20
      ), neu as (
        insert into online_verfahren (id, name, bereitstellung, art, anbieter_ars, url)
        select gen_random_uuid(), 'Kopie der Kopie', 'kommunal', 'online', anbieter_ars, url from kette returning id, anbieter_ars
      )
      insert into verlinkungen (behoerde_ars, verfahren_id, linked_at) select anbieter_ars, id, '2026-11-25T11:00:00Z' from neu`);
    await database.db.execute(sql`
      insert into zaehlt_nicht_vermerke (behoerde_ars, verfahren_id, status, grund, gesetzt_von_label, gesetzt_am)
      select v.behoerde_ars, v.verfahren_id, case when row_number() over (order by v.behoerde_ars) % 4 = 0 then 'einspruch' else 'aktiv' end,
        'Test', 'pruefung@test', now()
      from verlinkungen v join online_verfahren o on o.id = v.verfahren_id where o.art = 'online' and v.behoerde_ars like '0918%' limit 40`);
    const { ms } = await service.alleNeuBerechnen();
    console.log(`recount of all Behörden with near-duplicates: ${ms} ms, again: ${(await service.alleNeuBerechnen()).ms} ms`);
    const [{ doppelt }] = (await database.db.execute(sql`select count(*)::int as doppelt from verlinkungen where doppelt_von is not null`)).rows as { doppelt: number }[];
    expect(Number(doppelt)).toBeGreaterThanOrEqual(120);

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
        own.map((l) => alsZaehlLink(l, l.zaehlt_nicht)),
        regel,
        clock.now(),
      ).anzahl;
      if (expected !== anzahl) differences++;
      if (anzahl > 0) nonZero++;
    }
    expect(differences).toBe(0);
    expect(nonZero).toBeGreaterThan(1000);
    const neu = await repo.countsFromScratch(regel, clock.now());
    expect([...stored].filter(([ars, n]) => (neu.get(ars) ?? 0) !== n)).toEqual([]);
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
        vorschlaege: einzeln.vorschlaege.map((x) => ({ verfahrenId: x.verfahrenId, name: x.name, anteilVergleichsgruppe: x.anteilVergleichsgruppe })),
        mitDiesenErreichtManDasPraedikat: einzeln.mitDiesenErreichtManDasPraedikat,
      });
      if (einzeln.vorschlaege.some((x) => x.anteilVergleichsgruppe > 0)) mitVorschlaegen++;
    }
    expect(mitVorschlaegen).toBeGreaterThan(10);
  });
});

describe('the gap advice of one Behörde', () => {
  it('counts the Themenfelder of its counting links as a count over the whole catalogue does', async () => {
    const repo = createVerlinkungRepository(database.db);
    // The reference: every Themenfeld joined through the whole catalogue to the Behörde's links.
    const referenz = async (ars: string) =>
      (
        (
          await database.db.execute(sql`
        select t.id, t.name, (count(distinct v.verfahren_id) filter (where v.behoerde_ars is not null and ${zaehltSql(regel, clock.now())}))::int as anzahl
        from ozg_themenfelder t
        left join ozg_leistungen ol on ol.themenfeld_id = t.id
        left join leika_leistungen l on l.ozg_leistung_id = ol.id
        left join verfahren_leistungen vl on vl.leika_id = l.id
        left join online_verfahren o on o.id = vl.verfahren_id
        left join verlinkungen v on v.verfahren_id = o.id and v.behoerde_ars = ${ars}
        left join link_pruefungen lp on lp.url = coalesce(v.url, o.url)
        group by t.id, t.name order by t.name`)
        ).rows as { id: number; name: string; anzahl: number }[]
      ).map((x) => ({ ...x, anzahl: Number(x.anzahl) }));
    const alle = (await database.db.execute(sql`select ars from behoerden order by ars`)).rows as { ars: string }[];
    let abgedeckt = 0;
    for (const { ars } of alle.filter((_, i) => i % 25 === 0)) {
      const neu = await repo.themenfeldAbdeckung(ars, regel, clock.now());
      expect(neu, ars).toEqual(await referenz(ars));
      abgedeckt += neu.filter((t) => t.anzahl > 0).length;
    }
    expect(abgedeckt).toBeGreaterThan(50);
  });

  it('gives the same suggestions whether the peer group ranking is kept for a stand or read anew, and reads it anew for a new stand', async () => {
    const repo = createVerlinkungRepository(database.db);
    const service = createVerlinkungService(repo, createBehoerdenRepository(database.db), clock, { schwellen: { default: 50, bezirk: 30 }, regel });
    const alle = (await database.db.execute(sql`select ars from behoerden order by ars`)).rows as { ars: string }[];
    const auswahl = alle.filter((_, i) => i % 40 === 7).map((b) => b.ars);
    for (const ars of auswahl) expect(await service.chancen(ars, 30, { stand: 'a' }), ars).toEqual(await service.chancen(ars, 30));
    // A Behörde links the first suggestion of a peer: under the same stand the peer's kept ranking
    // stays; under a new stand it counts the new link.
    const [ich, peer] = (
      (
        await database.db.execute(sql`
      select a.ars as ich, b.ars as peer from behoerden a join behoerden b on b.typ = a.typ and b.ars <> a.ars and b.aktiv
      where a.aktiv and a.typ = 'gemeinde' and a.bevoelkerung between 2000 and 2400 and b.bevoelkerung between 2000 and 2400
      order by a.ars, b.ars limit 1`)
      ).rows as { ich: string; peer: string }[]
    ).map((r) => [r.ich, r.peer])[0];
    const vorher = await service.chancen(peer, 30, { stand: 'b' });
    const eigene = new Set(
      ((await database.db.execute(sql`select verfahren_id from verlinkungen where behoerde_ars = ${ich}`)).rows as { verfahren_id: string }[]).map(
        (r) => r.verfahren_id,
      ),
    );
    const ziel = vorher.vorschlaege.find((v) => v.anteilVergleichsgruppe < 100 && !eigene.has(v.verfahrenId));
    expect(ziel).toBeDefined();
    await database.db.execute(sql`insert into verlinkungen (behoerde_ars, verfahren_id, linked_at) values (${ich}, ${ziel!.verfahrenId}, now())`);
    try {
      expect((await service.chancen(peer, 30, { stand: 'b' })).vorschlaege).toEqual(vorher.vorschlaege);
      const neu = await service.chancen(peer, 30, { stand: 'c' });
      expect(neu).toEqual(await service.chancen(peer, 30));
      const z = (x: typeof vorher) => x.vorschlaege.find((v) => v.verfahrenId === ziel!.verfahrenId)?.anteilVergleichsgruppe;
      expect(z(neu)).toBeGreaterThan(z(vorher)!);
    } finally {
      await database.db.execute(sql`delete from verlinkungen where behoerde_ars = ${ich} and verfahren_id = ${ziel!.verfahrenId}`);
    }
  });

  it("gives a Behörde page what the single calls give (links, gap advice, count), with its own links as the ones the advice leaves out", async () => {
    const behoerdenRepo = createBehoerdenRepository(database.db);
    const service = createVerlinkungService(createVerlinkungRepository(database.db), behoerdenRepo, clock, { schwellen: { default: 50, bezirk: 30 }, regel });
    const alle = (await database.db.execute(sql`select ars from behoerden where aktiv order by ars`)).rows as { ars: string }[];
    // Every 30th Behörde and every Bezirk (a peer group of seven).
    const auswahl = alle.filter((b, i) => i % 30 === 11 || b.ars.length === 3).map((b) => b.ars);
    expect(auswahl.length).toBeGreaterThan(45);
    for (const ars of auswahl) {
      const b = (await behoerdenRepo.findByArs(ars))!;
      const seite = await service.seitenDaten(b, { stand: 'x' });
      expect(seite.verfahren, ars).toEqual(await service.verlinkungen(ars));
      expect(seite.chancen, ars).toEqual(await service.chancen(ars));
      expect(seite.zaehlstand, ars).toEqual(await service.zaehlstand(ars));
    }
  });
});
