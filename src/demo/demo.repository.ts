/**
 * The only place with SQL for the Demodaten. Writes are set-based (`insert … select from unnest(…)`):
 * one statement per table instead of tens of thousands of single INSERTs. Every row written here
 * has `demo = true`; removing the demo touches nothing else.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Database, Db } from '../shared/db';
import type { Schwellen } from '../shared/schwellen';
import type { DemoBehoerde, DemoLeistung, DemoPlan } from './demo.generator';
import { normalisiereUrl } from '../verlinkung/url-normalisierung';
import { schwelleSql } from '../verlinkung/verlinkung.repository';

/** Any drizzle executor: the database or a transaction. */
type Executor = Pick<Db, 'execute'>;

const rows = async <T>(ex: Executor, query: SQL): Promise<T[]> => (await ex.execute(query)).rows as T[];
/** An array bound as one parameter (drizzle would otherwise expand it into a list). */
const arr = (values: unknown[]) => sql.param(values);

/** Advisory lock key: two processes seeding at once (PostgreSQL, several instances) wait for each other. */
const DEMO_LOCK = 727_201;

export interface DemoBestand {
  /** Demo rows in the tables the demo writes. */
  demo: number;
  /** Real (non-demo) links and awards: a real deployment, where demo data do not belong. */
  echt: number;
}

export interface DemoSummary {
  verfahren: { zentral: number; kommunal: number; online: number; information: number; formularPdf: number };
  verlinkungen: number;
  zaehlendeVerlinkungen: number;
  behoerdenMitVerlinkungen: number;
  /** Behörden with at least their threshold of counting links (demo links). */
  behoerdenAmSchwellenwert: number;
  /** Behörden 1–10 counting links below their threshold. */
  behoerdenKnappDarunter: number;
  hoechsteAnzahl: { ars: string; name: string; anzahl: number } | null;
  praedikate: number;
  praedikateNachJahr: Record<string, number>;
  praedikateAusgesetzt: number;
  zaehlstaende: number;
}

export interface DemoRemoval {
  verfahren: number;
  verfahrenLeistungen: number;
  verlinkungen: number;
  praedikate: number;
  zaehlstaende: number;
}

export function createDemoRepository(database: Database) {
  const { db } = database;

  async function bestand(ex: Executor): Promise<DemoBestand> {
    const [r] = await rows<DemoBestand>(
      ex,
      sql`select
            ((select count(*) from online_verfahren where demo)
             + (select count(*) from verlinkungen where demo)
             + (select count(*) from praedikate where demo)
             + (select count(*) from verlinkung_zaehlstaende where demo))::int as demo,
            ((select count(*) from verlinkungen where not demo)
             + (select count(*) from praedikate where not demo))::int as echt`,
    );
    return r;
  }

  return {
    bestand: () => bestand(db),

    async loadBehoerden(): Promise<DemoBehoerde[]> {
      return rows<DemoBehoerde>(db, sql`select ars, kurzname, typ, bevoelkerung, land_key as land from behoerden where aktiv order by ars`);
    },

    async loadLeistungen(): Promise<DemoLeistung[]> {
      return rows<DemoLeistung>(db, sql`select id, schluessel, name, typisierung from leika_leistungen order by id`);
    },

    /**
     * Writes the plan in one transaction. Returns false (and writes nothing) when demo or real data
     * appeared meanwhile: checked again under the lock, so two starting instances cannot both seed.
     */
    async writePlan(plan: DemoPlan): Promise<boolean> {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${DEMO_LOCK})`);
        const b = await bestand(tx);
        if (b.demo > 0 || b.echt > 0) return false;

        const v = plan.verfahren;
        // With their normalised addresses (what „same service“ compares), so the first count need not fill them.
        const n = v.map((x) => normalisiereUrl(x.url));
        await tx.execute(sql`
          insert into online_verfahren (id, name, beschreibung, bereitstellung, art, anbieter_ars, url, vertrauensniveau, mobil_optimiert, demo, created_at, url_schluessel, url_hostpfad)
          select id, name, beschreibung, bereitstellung, art, anbieter_ars, url, vertrauensniveau, mobil_optimiert, true, created_at, url_schluessel, url_hostpfad
          from unnest(${arr(v.map((x) => x.id))}::uuid[], ${arr(v.map((x) => x.name))}::text[], ${arr(v.map((x) => x.beschreibung))}::text[],
                      ${arr(v.map((x) => x.bereitstellung))}::text[], ${arr(v.map((x) => x.art))}::text[], ${arr(v.map((x) => x.anbieterArs))}::text[],
                      ${arr(v.map((x) => x.url))}::text[], ${arr(v.map((x) => x.vertrauensniveau))}::text[], ${arr(v.map((x) => x.mobilOptimiert))}::boolean[],
                      ${arr(v.map((x) => x.createdAt))}::timestamptz[], ${arr(n.map((x) => x.schluessel))}::text[], ${arr(n.map((x) => x.hostPfad))}::text[])
            as t(id, name, beschreibung, bereitstellung, art, anbieter_ars, url, vertrauensniveau, mobil_optimiert, created_at, url_schluessel, url_hostpfad)`);

        const vl = plan.verfahrenLeistungen;
        await tx.execute(sql`
          insert into verfahren_leistungen (verfahren_id, leika_id)
          select * from unnest(${arr(vl.map((x) => x.verfahrenId))}::uuid[], ${arr(vl.map((x) => x.leikaId))}::int[])`);

        const l = plan.verlinkungen;
        const nl = l.map((x) => (x.url ? normalisiereUrl(x.url) : undefined));
        await tx.execute(sql`
          insert into verlinkungen (behoerde_ars, verfahren_id, url, linked_at, demo, url_schluessel, url_hostpfad)
          select behoerde_ars, verfahren_id, url, linked_at, true, url_schluessel, url_hostpfad
          from unnest(${arr(l.map((x) => x.behoerdeArs))}::text[], ${arr(l.map((x) => x.verfahrenId))}::uuid[],
                      ${arr(l.map((x) => x.url))}::text[], ${arr(l.map((x) => x.linkedAt))}::timestamptz[],
                      ${arr(nl.map((x) => x?.schluessel ?? null))}::text[], ${arr(nl.map((x) => x?.hostPfad ?? null))}::text[])
            as t(behoerde_ars, verfahren_id, url, linked_at, url_schluessel, url_hostpfad)`);

        const p = plan.praedikate;
        await tx.execute(sql`
          insert into praedikate (zertifikat_nr, behoerde_ars, verliehen_am, status, demo, created_at)
          select zertifikat_nr, behoerde_ars, verliehen_am, status, true, verliehen_am::timestamp at time zone 'Europe/Berlin' + interval '11 hours'
          from unnest(${arr(p.map((x) => x.zertifikatNr))}::text[], ${arr(p.map((x) => x.behoerdeArs))}::text[],
                      ${arr(p.map((x) => x.verliehenAm))}::date[], ${arr(p.map((x) => x.status))}::text[])
            as t(zertifikat_nr, behoerde_ars, verliehen_am, status)`);

        // The history goes as one flat count array (row-major: Behörde × day) plus the two axes,
        // a few MB instead of one ARS and one date per row.
        const { tage, reihen } = plan.zaehlstaende;
        if (tage.length > 0 && reihen.length > 0) {
          await tx.execute(sql`
            insert into verlinkung_zaehlstaende (behoerde_ars, tag, anzahl, demo)
            select b.ars, t.tag, (${arr(reihen.flatMap((r) => r.anzahl))}::int[])[(b.i - 1) * ${tage.length}::int + t.i], true
            from unnest(${arr(reihen.map((r) => r.behoerdeArs))}::text[]) with ordinality as b(ars, i)
            cross join unnest(${arr(tage)}::date[]) with ordinality as t(tag, i)`);
        }
        return true;
      });
    },

    /**
     * Fresh planner statistics for the tables `writePlan` filled (PGlite has no autovacuum to do it):
     * the statistics and portal queries over every link otherwise run with plans for empty tables.
     */
    async analyzeWritten(): Promise<void> {
      await db.execute(sql`analyze online_verfahren, verfahren_leistungen, verlinkungen, praedikate, verlinkung_zaehlstaende`);
    },

    /** Deletes every demo row, and links of any kind to demo Verfahren (they would point nowhere). */
    async deleteDemo(): Promise<DemoRemoval> {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${DEMO_LOCK})`);
        const count = async (q: SQL) => (await rows<{ n: number }>(tx, q))[0].n;
        // Rows of other domains that refer to demo awards or demo procedures go first (foreign keys).
        const demoNr = sql`(select zertifikat_nr from praedikate where demo)`;
        await tx.execute(sql`delete from praedikat_ereignisse where zertifikat_nr in ${demoNr}`);
        await tx.execute(sql`delete from praedikat_status where zertifikat_nr in ${demoNr}`);
        await tx.execute(sql`delete from schild_bestellungen where zertifikat_nr in ${demoNr}`);
        await tx.execute(sql`delete from praedikat_massnahmen where zertifikat_nr in ${demoNr}`);
        await tx.execute(sql`delete from praedikat_antrag_schritte where antrag_id in (select id from praedikat_antraege where zertifikat_nr in ${demoNr})`);
        await tx.execute(sql`delete from praedikat_antraege where zertifikat_nr in ${demoNr}`);
        await tx.execute(sql`delete from verlinkung_ereignisse where verfahren_id in (select id from online_verfahren where demo)`);
        // Reviewer marks go with the demo procedure or demo link they were set on (and their history).
        await tx.execute(sql`delete from zaehlt_nicht_vermerke zn where zn.verfahren_id in (select id from online_verfahren where demo)
          or exists (select 1 from verlinkungen v where v.demo and v.behoerde_ars = zn.behoerde_ars and v.verfahren_id = zn.verfahren_id)`);
        const praedikate = await count(sql`with d as (delete from praedikate where demo returning 1) select count(*)::int as n from d`);
        const zaehlstaende = await count(sql`with d as (delete from verlinkung_zaehlstaende where demo returning 1) select count(*)::int as n from d`);
        const verlinkungen = await count(
          sql`with d as (delete from verlinkungen where demo or verfahren_id in (select id from online_verfahren where demo) returning 1) select count(*)::int as n from d`,
        );
        const verfahrenLeistungen = await count(
          sql`with d as (delete from verfahren_leistungen where verfahren_id in (select id from online_verfahren where demo) returning 1) select count(*)::int as n from d`,
        );
        const verfahren = await count(sql`with d as (delete from online_verfahren where demo returning 1) select count(*)::int as n from d`);
        return { verfahren, verfahrenLeistungen, verlinkungen, praedikate, zaehlstaende };
      });
    },

    async summarize(schwellenwerte: Schwellen): Promise<DemoSummary> {
      const [v] = await rows<DemoSummary['verfahren']>(
        db,
        sql`select count(*) filter (where bereitstellung = 'zentral')::int as zentral,
                   count(*) filter (where bereitstellung = 'kommunal')::int as kommunal,
                   count(*) filter (where art = 'online')::int as online,
                   count(*) filter (where art = 'information')::int as information,
                   count(*) filter (where art = 'formular_pdf')::int as "formularPdf"
            from online_verfahren where demo`,
      );
      const [l] = await rows<{ verlinkungen: number; zaehlend: number; behoerden: number }>(
        db,
        sql`select count(*)::int as verlinkungen,
                   count(*) filter (where v.art = 'online')::int as zaehlend,
                   count(distinct l.behoerde_ars)::int as behoerden
            from verlinkungen l join online_verfahren v on v.id = l.verfahren_id
            where l.demo`,
      );
      // Counting rule: distinct linked Verfahren of art 'online' (information pages and PDFs never count).
      const [s] = await rows<{ am: number; knapp: number; ars: string | null; name: string | null; anzahl: number | null }>(
        db,
        sql`with zaehlung as (
              select b.ars, b.kurzname as name,
                     ${schwelleSql(sql`b.typ`, schwellenwerte)} as schwelle,
                     count(distinct l.verfahren_id)::int as anzahl
              from verlinkungen l
              join online_verfahren v on v.id = l.verfahren_id and v.art = 'online'
              join behoerden b on b.ars = l.behoerde_ars
              where l.demo
              group by b.ars, b.kurzname, b.typ)
            select count(*) filter (where anzahl >= schwelle)::int as am,
                   count(*) filter (where anzahl < schwelle and anzahl >= schwelle - 10)::int as knapp,
                   (select ars from zaehlung order by anzahl desc, ars limit 1) as ars,
                   (select name from zaehlung order by anzahl desc, ars limit 1) as name,
                   (select anzahl from zaehlung order by anzahl desc, ars limit 1) as anzahl
            from zaehlung`,
      );
      const jahre = await rows<{ jahr: string; n: number; ausgesetzt: number }>(
        db,
        sql`select to_char(verliehen_am, 'YYYY') as jahr, count(*)::int as n, count(*) filter (where status = 'ausgesetzt')::int as ausgesetzt
            from praedikate where demo group by 1 order by 1`,
      );
      const [z] = await rows<{ n: number }>(db, sql`select count(*)::int as n from verlinkung_zaehlstaende where demo`);
      return {
        verfahren: v,
        verlinkungen: l.verlinkungen,
        zaehlendeVerlinkungen: l.zaehlend,
        behoerdenMitVerlinkungen: l.behoerden,
        behoerdenAmSchwellenwert: s.am,
        behoerdenKnappDarunter: s.knapp,
        hoechsteAnzahl: s.ars ? { ars: s.ars, name: s.name ?? '', anzahl: s.anzahl ?? 0 } : null,
        praedikate: jahre.reduce((a, j) => a + j.n, 0),
        praedikateNachJahr: Object.fromEntries(jahre.map((j) => [j.jahr, j.n])),
        praedikateAusgesetzt: jahre.reduce((a, j) => a + j.ausgesetzt, 0),
        zaehlstaende: z.n,
      };
    },
  };
}

export type DemoRepository = ReturnType<typeof createDemoRepository>;
