import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aBehoerde } from '../../tests/support/builders';
import { openTestDatabase } from '../../tests/support/db';
import { openImportedTestDatabase } from '../../tests/support/imported-db';
import type { Database } from '../shared/db';
import { leikaLeistungen, onlineVerfahren, verlinkungen } from '../shared/schema';
import { aDemoLeistung } from './demo.fixtures';
import { removeDemoData, type SeedDemoResult, seedDemoData, summarizeDemo } from './demo.service';

const TODAY = '2026-11-26';
const SEED = 20210729;

/** Rows with `demo = true` in every table the demo writes. */
async function demoRows(database: Database): Promise<number> {
  const [r] = await database.query<{ n: number }>(
    `select ((select count(*) from online_verfahren where demo) + (select count(*) from verlinkungen where demo)
           + (select count(*) from praedikate where demo) + (select count(*) from verlinkung_zaehlstaende where demo)
           + (select count(*) from verfahren_leistungen vl join online_verfahren v on v.id = vl.verfahren_id where v.demo))::int as n`,
  );
  return r.n;
}

/** Counting links per Behörde today: distinct linked Verfahren of art 'online'. */
const ZAEHLUNG = `
  select b.ars, b.typ, case when b.typ = 'bezirk' then 30 else 50 end as schwelle,
         count(distinct v.id)::int as anzahl
  from behoerden b
  left join verlinkungen l on l.behoerde_ars = b.ars
  left join online_verfahren v on v.id = l.verfahren_id and v.art = 'online'
  group by b.ars, b.typ`;

describe('Demodaten on the Bavarian official data', () => {
  let database: Database;
  let result: SeedDemoResult;
  let seedMs: number;

  beforeAll(async () => {
    database = await openImportedTestDatabase();
    const t0 = performance.now();
    result = await seedDemoData(database, { seed: SEED, today: TODAY });
    seedMs = performance.now() - t0;
    console.info(`Demodaten (${database.kind}): ${Math.round(seedMs)} ms (Planung ${result.planMs} ms, Schreiben ${result.writeMs} ms)`);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('seeds the full Bavarian demo in a few seconds', () => {
    expect(result.seeded).toBe(true);
    // About 5 s on an idle machine (PGlite); generous for loaded CI runners.
    expect(seedMs).toBeLessThan(60_000);
  });

  it('puts between 350 and 450 Behörden at or over their threshold, about 40 just below it', async () => {
    const [r] = await database.query<{ ueber: number; knapp: number; behoerden: number }>(
      `select count(*) filter (where anzahl >= schwelle)::int as ueber,
              count(*) filter (where anzahl < schwelle and anzahl >= schwelle - 10)::int as knapp,
              count(*)::int as behoerden
       from (${ZAEHLUNG}) z`,
    );
    expect(r.behoerden).toBe(1463);
    expect(r.ueber).toBeGreaterThanOrEqual(350);
    expect(r.ueber).toBeLessThanOrEqual(450);
    expect(r.knapp).toBeGreaterThanOrEqual(25);
    expect(r.knapp).toBeLessThanOrEqual(60);
    expect(result.summary?.behoerdenAmSchwellenwert).toBe(r.ueber);
  });

  it('gives Erlangen 339 and Nürnberg 290 counting links, the two highest counts', async () => {
    const top = await database.query<{ ars: string; anzahl: number }>(`select ars, anzahl from (${ZAEHLUNG}) z order by anzahl desc limit 3`);
    expect(top[0]).toEqual({ ars: '095620000000', anzahl: 339 });
    expect(top[1]).toEqual({ ars: '095640000000', anzahl: 290 });
    expect(top[2].anzahl).toBeLessThan(290);
  });

  it('keeps the long tail: many Gemeinden with 5 to 30 counting links, Landkreise higher than Gemeinden', async () => {
    const rows = await database.query<{ typ: string; mittel: number; fuenf_bis_dreissig: number }>(
      `select typ, percentile_cont(0.5) within group (order by anzahl)::float as mittel,
              count(*) filter (where anzahl between 5 and 30)::int as fuenf_bis_dreissig
       from (${ZAEHLUNG}) z group by typ`,
    );
    const byTyp = Object.fromEntries(rows.map((r) => [r.typ, r]));
    expect(byTyp.gemeinde.fuenf_bis_dreissig).toBeGreaterThan(250);
    expect(byTyp.landkreis.mittel).toBeGreaterThan(byTyp.gemeinde.mittel);
    expect(byTyp.kreisfreie_stadt.mittel).toBeGreaterThan(byTyp.markt.mittel);
  });

  it('awards the first seven on 29.7.2021 with DA-2021-0001 to -0007, Amberg the kreisfreie Stadt', async () => {
    const rows = await database.query<{ zertifikat_nr: string; ars: string; name: string; typ: string; verliehen_am: string }>(
      `select p.zertifikat_nr, b.ars, b.kurzname as name, b.typ, p.verliehen_am::text as verliehen_am
       from praedikate p join behoerden b on b.ars = p.behoerde_ars
       where p.verliehen_am = '2021-07-29' order by p.zertifikat_nr`,
    );
    expect(rows.map((r) => r.zertifikat_nr)).toEqual(['DA-2021-0001', 'DA-2021-0002', 'DA-2021-0003', 'DA-2021-0004', 'DA-2021-0005', 'DA-2021-0006', 'DA-2021-0007']);
    expect(rows.map((r) => r.name)).toEqual(['Nürnberg', 'Augsburg', 'Straubing', 'Amberg', 'Ingolstadt', 'Bamberg', 'Bad Königshofen i.Grabfeld']);
    expect(rows[3]).toMatchObject({ ars: '093610000000', typ: 'kreisfreie_stadt' });
    expect(rows[6]).toMatchObject({ ars: '096730141141' });
  });

  it('makes VG Iphofen the 100th award, covering its four member Gemeinden', async () => {
    const [p] = await database.query<{ zertifikat_nr: string; platz: number; mitglieder: number }>(
      `select p.zertifikat_nr,
              (select count(*)::int from praedikate q where (q.verliehen_am, q.zertifikat_nr) <= (p.verliehen_am, p.zertifikat_nr)) as platz,
              (select count(*)::int from behoerde_gemeinden g where g.behoerde_ars = p.behoerde_ars) as mitglieder
       from praedikate p where p.behoerde_ars = '096755616'`,
    );
    expect(p.zertifikat_nr).toMatch(/^DA-2022-\d{4}$/);
    expect(p.platz).toBe(100);
    expect(p.mitglieder).toBe(4);
  });

  it('has about 200 awards by the end of February 2023 and about 400 by the end of 2023', async () => {
    const [r] = await database.query<{ feb23: number; dez23: number; alle: number }>(
      `select count(*) filter (where verliehen_am <= '2023-02-28')::int as feb23,
              count(*) filter (where verliehen_am <= '2023-12-31')::int as dez23,
              count(*)::int as alle
       from praedikate`,
    );
    expect(r.feb23).toBeGreaterThanOrEqual(180);
    expect(r.feb23).toBeLessThanOrEqual(220);
    expect(r.dez23).toBeGreaterThanOrEqual(370);
    expect(r.dez23).toBeLessThanOrEqual(430);
    expect(r.alle).toBeGreaterThan(r.dez23);
  });

  it('numbers certificates DA-<year>-<running number> in award-date order', async () => {
    const rows = await database.query<{ zertifikat_nr: string; erwartet: string }>(
      `select zertifikat_nr,
              'DA-' || to_char(verliehen_am, 'YYYY') || '-' ||
              lpad((row_number() over (partition by extract(year from verliehen_am) order by verliehen_am, zertifikat_nr))::text, 4, '0') as erwartet
       from praedikate`,
    );
    for (const r of rows) expect(r.zertifikat_nr).toBe(r.erwartet);
  });

  it('gave every valid award to a Behörde that had its threshold of counting links on the award day', async () => {
    const zuWenig = await database.query(
      `select p.zertifikat_nr from praedikate p join behoerden b on b.ars = p.behoerde_ars
       where p.status = 'gueltig'
         and (select count(*) from verlinkungen l join online_verfahren v on v.id = l.verfahren_id and v.art = 'online'
              where l.behoerde_ars = p.behoerde_ars and l.linked_at < p.verliehen_am + 1)
             < case when b.typ = 'bezirk' then 30 else 50 end`,
    );
    expect(zuWenig).toEqual([]);
  });

  it('shows every award, suspended ones too, at or over the threshold in the count history', async () => {
    const zuWenig = await database.query(
      `select p.zertifikat_nr from praedikate p join behoerden b on b.ars = p.behoerde_ars
       where (select z.anzahl from verlinkung_zaehlstaende z where z.behoerde_ars = p.behoerde_ars and z.tag <= p.verliehen_am
              order by z.tag desc limit 1) < case when b.typ = 'bezirk' then 30 else 50 end`,
    );
    expect(zuWenig).toEqual([]);
    const ausgesetzt = await database.query<{ anzahl: number; schwelle: number }>(
      `select z.anzahl, z.schwelle from praedikate p join (${ZAEHLUNG}) z on z.ars = p.behoerde_ars where p.status = 'ausgesetzt'`,
    );
    expect(ausgesetzt.length).toBeGreaterThan(0);
    for (const a of ausgesetzt) expect(a.anzahl).toBeLessThan(a.schwelle);
  });

  it('links information pages and PDF forms but never counts them', async () => {
    const [r] = await database.query<{ nicht_zaehlend: number; verfahren: number }>(
      `select count(*) filter (where art <> 'online')::int as nicht_zaehlend, count(*)::int as verfahren from online_verfahren`,
    );
    expect(r.nicht_zaehlend / r.verfahren).toBeGreaterThan(0.03);
    expect(r.nicht_zaehlend / r.verfahren).toBeLessThan(0.08);
    const [l] = await database.query<{ n: number }>(
      `select count(*)::int as n from verlinkungen l join online_verfahren v on v.id = l.verfahren_id where v.art <> 'online'`,
    );
    expect(l.n).toBeGreaterThan(0);
    // The history's point for "today" agrees with today's counting links of every Behörde.
    const abweichend = await database.query(
      `select z.ars from (${ZAEHLUNG}) z join verlinkung_zaehlstaende h on h.behoerde_ars = z.ars and h.tag = '${TODAY}'
       where h.anzahl <> z.anzahl`,
    );
    expect(abweichend).toEqual([]);
  });

  it('offers about 120 zentrale Verfahren on fictional hosts, each realising 1 to 3 LeiKa-Leistungen', async () => {
    const [r] = await database.query<{ zentral: number; min: number; max: number; echte_hosts: number; ohne_leistung: number }>(
      `select count(*) filter (where bereitstellung = 'zentral')::int as zentral,
              min(n) filter (where bereitstellung = 'zentral')::int as min,
              max(n) filter (where bereitstellung = 'zentral')::int as max,
              count(*) filter (where url !~ '^https://[a-z0-9.-]+\\.example/')::int as echte_hosts,
              count(*) filter (where n = 0)::int as ohne_leistung
       from (select v.*, (select count(*) from verfahren_leistungen vl where vl.verfahren_id = v.id) as n from online_verfahren v) x`,
    );
    expect(r).toEqual({ zentral: 120, min: 1, max: 3, echte_hosts: 0, ohne_leistung: 0 });
  });

  it('marks every row it writes as demo', async () => {
    const [r] = await database.query<{ n: number }>(
      `select ((select count(*) from online_verfahren where not demo) + (select count(*) from verlinkungen where not demo)
             + (select count(*) from praedikate where not demo) + (select count(*) from verlinkung_zaehlstaende where not demo))::int as n`,
    );
    expect(r.n).toBe(0);
  });

  it('summarises Verfahren, links, Behörden over threshold and awards by year', async () => {
    const s = await summarizeDemo(database);
    expect(s.verfahren.zentral).toBe(120);
    expect(s.verfahren.kommunal).toBeGreaterThan(1000);
    expect(s.hoechsteAnzahl).toMatchObject({ ars: '095620000000', anzahl: 339 });
    expect(s.praedikateNachJahr['2021']).toBeGreaterThanOrEqual(7);
    expect(Object.values(s.praedikateNachJahr).reduce((a, b) => a + b, 0)).toBe(s.praedikate);
    expect(s).toEqual(result.summary);
  });

  it('does nothing on a second run and says so', async () => {
    const vorher = await demoRows(database);
    const again = await seedDemoData(database, { seed: SEED + 1, today: TODAY });
    expect(again.seeded).toBe(false);
    expect(again.message).toMatch(/bereits vorhanden/);
    expect(await demoRows(database)).toBe(vorher);
  });

  it('removes every demo row and leaves the official data alone', async () => {
    const [vorher] = await database.query<{ b: number; l: number }>(`select (select count(*) from behoerden)::int as b, (select count(*) from leika_leistungen)::int as l`);
    const removed = await removeDemoData(database);
    expect(removed.praedikate).toBe(result.summary?.praedikate);
    expect(await demoRows(database)).toBe(0);
    const [nachher] = await database.query<{ b: number; l: number }>(`select (select count(*) from behoerden)::int as b, (select count(*) from leika_leistungen)::int as l`);
    expect(nachher).toEqual(vorher);
  });
});

describe('Demodaten on a small database', () => {
  let database: Database;

  beforeAll(async () => {
    database = await openTestDatabase();
    for (const typ of ['gemeinde', 'markt', 'stadt', 'vg', 'landkreis', 'bezirk', 'kreisfreie_stadt'] as const) {
      await aBehoerde(database, { typ, regbezKey: '091', bevoelkerung: typ === 'bezirk' ? 1_500_000 : 20_000 });
      await aBehoerde(database, { typ, regbezKey: '092', bevoelkerung: 3_000 });
    }
    await database.db.insert(leikaLeistungen).values(Array.from({ length: 40 }, () => aDemoLeistung()));
  });
  afterAll(async () => {
    await database?.close();
  });

  it('seeds, refuses a second run, and removes everything again', async () => {
    const first = await seedDemoData(database, { seed: 'klein', today: TODAY, kalibrierung: { referenzBehoerden: 30 } });
    expect(first.seeded).toBe(true);
    expect(first.summary?.verlinkungen).toBeGreaterThan(0);
    const second = await seedDemoData(database, { seed: 'klein', today: TODAY });
    expect(second).toMatchObject({ seeded: false });
    await removeDemoData(database);
    expect(await demoRows(database)).toBe(0);
    expect((await summarizeDemo(database)).verlinkungen).toBe(0);
  });

  it('removes links a user made to a demo Verfahren, and keeps real ones', async () => {
    await seedDemoData(database, { seed: 'klein', today: TODAY, kalibrierung: { referenzBehoerden: 30 } });
    const [ars] = await database.query<{ ars: string }>(`select ars from behoerden order by ars limit 1`);
    const [zentral] = await database.query<{ id: string }>(
      `select id from online_verfahren v where bereitstellung = 'zentral' and not exists (select 1 from verlinkungen l where l.verfahren_id = v.id and l.behoerde_ars = $1) limit 1`,
      [ars.ars],
    );
    const [echt] = await database.db
      .insert(onlineVerfahren)
      .values({ name: 'Echtes Verfahren', bereitstellung: 'kommunal', anbieterArs: ars.ars, url: 'https://echt.example/antrag' })
      .returning();
    await database.db.insert(verlinkungen).values([
      { behoerdeArs: ars.ars, verfahrenId: zentral.id },
      { behoerdeArs: ars.ars, verfahrenId: echt.id },
    ]);
    // Reviewer marks: one on the link to a demo procedure and one on a demo link go with them (they
    // refer to the procedure: without this the removal stops at the foreign key); one on the real
    // link stays.
    const [echtDemo] = await database.db
      .insert(onlineVerfahren)
      .values({ name: 'Echtes Verfahren, nur als Demo verlinkt', bereitstellung: 'kommunal', anbieterArs: ars.ars, url: 'https://echt.example/andere' })
      .returning();
    await database.db.insert(verlinkungen).values({ behoerdeArs: ars.ars, verfahrenId: echtDemo.id, demo: true });
    const vermerk = `insert into zaehlt_nicht_vermerke (behoerde_ars, verfahren_id, status, grund, gesetzt_von_label, gesetzt_am) values ($1, $2, 'aktiv', 'Test', 'pruefung@test', now())`;
    await database.query(vermerk, [ars.ars, zentral.id]);
    await database.query(vermerk, [ars.ars, echt.id]);
    await database.query(vermerk, [ars.ars, echtDemo.id]);
    const removed = await removeDemoData(database);
    expect(removed.verfahren).toBeGreaterThan(0);
    expect(await demoRows(database)).toBe(0);
    const rest = await database.query<{ verfahren_id: string }>(`select verfahren_id from verlinkungen`);
    expect(rest).toEqual([{ verfahren_id: echt.id }]);
    expect(await database.query(`select behoerde_ars, verfahren_id from zaehlt_nicht_vermerke`)).toEqual([{ behoerde_ars: ars.ars, verfahren_id: echt.id }]);
  });

  it('adds no demo data where real links exist', async () => {
    const r = await seedDemoData(database, { seed: 'klein', today: TODAY });
    expect(r.seeded).toBe(false);
    expect(r.message).toMatch(/echte/);
    expect(await demoRows(database)).toBe(0);
  });
});
