/** The only place with SQL for the public portal: overview rows, map geometry, statistics, exports. */
import { type SQL, sql } from 'drizzle-orm';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Db } from '../shared/db';
import { zaehltSql } from '../verlinkung/verlinkung.repository';
import type { Zaehlregel } from '../verlinkung/zaehlung';

/** The latest award of the Behörde `b` (same rule as the Behörden list: newest date, then number). */
const aktuellesPraedikat = sql`left join lateral (
    select zertifikat_nr, verliehen_am, status, demo from praedikate pr
    where pr.behoerde_ars = b.ars order by verliehen_am desc, zertifikat_nr desc limit 1
  ) p on true`;

export interface UebersichtRow {
  ars: string;
  name: string;
  /** The name in the Gemeindeverzeichnis (without "Landkreis"/"Bezirk" in front). */
  amtlicher_name: string;
  kurzname: string;
  anzeigename: string;
  typ: string;
  regbez_key: string;
  regbez_name: string | null;
  land_key: string;
  land_name: string | null;
  kreis_key: string | null;
  kreis_name: string | null;
  kreis_anzeigename: string | null;
  plz: string | null;
  bevoelkerung: number;
  lat: number | null;
  lon: number | null;
  schwerpunkt_lat: number | null;
  schwerpunkt_lon: number | null;
  anzahl: number;
  demo_links: boolean;
  zertifikat_nr: string | null;
  verliehen_am: string | null;
  praedikat_status: string | null;
  praedikat_demo: boolean | null;
  mitglieder: string[];
}

export interface AenderungsMarker {
  /** Changes whenever any published number changes (counts and links, awards, Behörden, imports). */
  schluessel: string;
  /** Changes only with the official data (Behörden, boundaries, Gemeinde mapping): the map geometry's key. */
  importSchluessel: string;
  /** Newest timestamp among the data (null on an empty database). */
  zuletzt: Date | null;
}

export interface PraedikatRow {
  zertifikat_nr: string;
  behoerde_ars: string;
  name: string;
  amtlicher_name: string;
  anzeigename: string;
  typ: string;
  regbez_key: string;
  regbez_name: string | null;
  verliehen_am: string;
  status: string;
  demo: boolean;
  aktuell: boolean;
  created_at: Date;
}

export interface VerfahrenJeBehoerdeRow {
  behoerde_ars: string;
  behoerde_name: string;
  behoerde_anzeigename: string;
  verfahren_id: string;
  verfahren_name: string;
  bereitstellung: string;
  art: string;
  aktiv: boolean;
  url: string;
  zaehlt: boolean;
  themenfelder: string[];
  verlinkt_seit: Date;
  demo: boolean;
}

export interface GemeindeEinwohnerRow {
  ars: string;
  land_key: string;
  kreis_key: string | null;
  regbez_key: string | null;
  bevoelkerung: number;
  behoerde_ars: string | null;
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

export const createPortalRepository = (db: Db) => {
  const rows = async <T>(q: SQL) => (await db.execute(q)).rows as T[];
  return {
    /**
     * A cheap fingerprint of everything the portal publishes: the newest count computation plus an
     * order-independent checksum of all counts (a fixed clock in tests gives equal timestamps), the
     * same for awards (their status changes in place), Behörden, imports and links. One round trip.
     */
    async marker(): Promise<AenderungsMarker> {
      // Every link change, upload, link check and URL edit recomputes counts in the same
      // transaction (verlinkung.repository.ts `recompute`), which stamps `berechnet_am`: that
      // stamp stands for the links and their procedures too. Scans stay small (Behörden-sized
      // tables only): this runs on every portal request.
      const [r] = await rows<Record<string, unknown>>(sql`select
        (select max(berechnet_am) from zaehlstaende) as z_at,
        (select count(*)::text || ':' || coalesce(sum(anzahl::bigint * hashtext(behoerde_ars)::bigint), 0)::text from zaehlstaende) as z_sum,
        (select max(created_at) from praedikate) as p_at,
        (select count(*)::text || ':' || coalesce(sum(hashtext(zertifikat_nr || behoerde_ars || status || verliehen_am::text)::bigint), 0)::text from praedikate) as p_sum,
        (select max(updated_at) from behoerden) as b_at,
        (select count(*)::text || ':' || count(*) filter (where aktiv)::text from behoerden) as b_sum,
        (select max(finished_at) from import_runs) as i_at`);
      const text = (x: unknown) => (x instanceof Date ? x.toISOString() : String(x ?? ''));
      const zeiten = [r.z_at, r.p_at, r.b_at, r.i_at].filter((x) => x !== null && x !== undefined).map((x) => new Date(x as string));
      const zuletzt = zeiten.length ? new Date(Math.max(...zeiten.map((d) => d.getTime()))) : null;
      const schluessel = [r.z_at, r.z_sum, r.p_at, r.p_sum, r.b_at, r.b_sum, r.i_at].map(text).join('|');
      const importSchluessel = [r.b_at, r.b_sum, r.i_at].map(text).join('|');
      return { schluessel, importSchluessel, zuletzt };
    },

    /**
     * Per Behörde what its page and the statistics depend on besides other Behörden: the stored
     * count and when it was computed (every link change of the Behörde stamps it), its own update
     * time, type and population (the peer group of the gap advice), whether it is active.
     */
    async behoerdenMarker(): Promise<{ ars: string; typ: string; bevoelkerung: number; aktiv: boolean; aktualisiert: string; anzahl: number | null; berechnet: string | null }[]> {
      const r = await rows<{ ars: string; typ: string; bevoelkerung: unknown; aktiv: boolean; aktualisiert: string; anzahl: unknown; berechnet: string | null }>(sql`
        select b.ars, b.typ, b.bevoelkerung, b.aktiv, b.updated_at::text as aktualisiert, z.anzahl, z.berechnet_am::text as berechnet
        from behoerden b left join zaehlstaende z on z.behoerde_ars = b.ars`);
      return r.map((x) => ({ ...x, bevoelkerung: num(x.bevoelkerung), anzahl: x.anzahl === null || x.anzahl === undefined ? null : num(x.anzahl) }));
    },

    /**
     * The part of `uebersicht` that changes with the official data only: every active Behörde with
     * its areas and members, without count, award or demo flag (those come per data stand).
     */
    async uebersichtStamm(): Promise<Omit<UebersichtRow, 'anzahl' | 'demo_links' | 'zertifikat_nr' | 'verliehen_am' | 'praedikat_status' | 'praedikat_demo'>[]> {
      const r = await rows<UebersichtRow>(sql`
        select b.ars, b.name, coalesce(ag.name, b.name) as amtlicher_name, b.kurzname, b.anzeigename, b.typ, b.regbez_key, rb.name as regbez_name,
          b.land_key, ld.name as land_name, b.kreis_key, k.name as kreis_name, k.anzeigename as kreis_anzeigename,
          b.plz, b.bevoelkerung, b.lat, b.lon, b.schwerpunkt_lat, b.schwerpunkt_lon, coalesce(m.mitglieder, '{}') as mitglieder
        from behoerden b
        left join gebiete ag on ag.ars = b.ars
        left join gebiete rb on rb.ars = b.regbez_key
        left join gebiete ld on ld.ars = b.land_key
        left join gebiete k on k.ars = b.kreis_key
        left join (
          select bg.behoerde_ars, array_agg(bg.gemeinde_ars order by bg.gemeinde_ars) as mitglieder
          from behoerde_gemeinden bg where bg.gemeinde_ars <> bg.behoerde_ars group by bg.behoerde_ars
        ) m on m.behoerde_ars = b.ars
        where b.aktiv
        order by b.ars`);
      return r.map((x) => ({
        ...x,
        bevoelkerung: num(x.bevoelkerung),
        lat: x.lat === null ? null : Number(x.lat),
        lon: x.lon === null ? null : Number(x.lon),
        schwerpunkt_lat: x.schwerpunkt_lat === null ? null : Number(x.schwerpunkt_lat),
        schwerpunkt_lon: x.schwerpunkt_lon === null ? null : Number(x.schwerpunkt_lon),
        mitglieder: x.mitglieder ?? [],
      }));
    },

    /** Behörden (of the given ones, or all) with at least one simulated link. */
    async demoLinkBehoerden(arsList?: string[]): Promise<{ behoerde_ars: string }[]> {
      const nur = arsList ? sql`and behoerde_ars in (${sql.join((arsList.length ? arsList : ['']).map((a) => sql`${a}`), sql`, `)})` : sql``;
      return rows(sql`select distinct behoerde_ars from verlinkungen where demo ${nur}`);
    },

    /**
     * Every active Behörde with its count, its current award and (for Verbände and erfüllende
     * Gemeinden) the Gemeinden it administers, in one query. The portal assembles the same rows from
     * `uebersichtStamm` (per import) and the per-stand parts; this is their reference in the tests.
     */
    async uebersicht(): Promise<UebersichtRow[]> {
      const r = await rows<UebersichtRow>(sql`
        select b.ars, b.name, coalesce(ag.name, b.name) as amtlicher_name, b.kurzname, b.anzeigename, b.typ, b.regbez_key, rb.name as regbez_name,
          b.land_key, ld.name as land_name, b.kreis_key, k.name as kreis_name, k.anzeigename as kreis_anzeigename,
          b.plz, b.bevoelkerung, b.lat, b.lon, b.schwerpunkt_lat, b.schwerpunkt_lon,
          coalesce(z.anzahl, 0) as anzahl,
          exists (select 1 from verlinkungen v where v.behoerde_ars = b.ars and v.demo) as demo_links,
          p.zertifikat_nr, p.verliehen_am::text as verliehen_am, p.status as praedikat_status, p.demo as praedikat_demo,
          coalesce(m.mitglieder, '{}') as mitglieder
        from behoerden b
        left join gebiete ag on ag.ars = b.ars
        left join gebiete rb on rb.ars = b.regbez_key
        left join gebiete ld on ld.ars = b.land_key
        left join gebiete k on k.ars = b.kreis_key
        left join zaehlstaende z on z.behoerde_ars = b.ars
        -- Members other than the Behörde itself: a Verband's Gemeinden, those of an erfüllende Gemeinde.
        left join (
          select bg.behoerde_ars, array_agg(bg.gemeinde_ars order by bg.gemeinde_ars) as mitglieder
          from behoerde_gemeinden bg where bg.gemeinde_ars <> bg.behoerde_ars group by bg.behoerde_ars
        ) m on m.behoerde_ars = b.ars
        ${aktuellesPraedikat}
        where b.aktiv
        order by b.ars`);
      return r.map((x) => ({
        ...x,
        bevoelkerung: num(x.bevoelkerung),
        anzahl: num(x.anzahl),
        lat: x.lat === null ? null : Number(x.lat),
        lon: x.lon === null ? null : Number(x.lon),
        schwerpunkt_lat: x.schwerpunkt_lat === null ? null : Number(x.schwerpunkt_lat),
        schwerpunkt_lon: x.schwerpunkt_lon === null ? null : Number(x.schwerpunkt_lon),
        mitglieder: x.mitglieder ?? [],
      }));
    },

    /**
     * The VG5000 Gemeinden with their Behörde. The geo file's ARS carries the Gemeindeverband of
     * its own year (2021), the Gemeindeverzeichnis that of 2025: Gemeinden that changed their VG
     * since would not match by ARS. The AGS (Land, RegBez, Kreis, Gemeinde: ARS digits 1–5 and
     * 10–12) is stable across such changes, so the join goes through it.
     */
    async geoGemeinden(): Promise<{ ars: string; name: string; geometry: Polygon | MultiPolygon; behoerde_ars: string | null }[]> {
      return rows(sql`
        select gf.ars, gf.name, gf.geometry, bg.behoerde_ars
        from geo_flaechen gf
        left join gebiete g on g.ebene = 'gemeinde' and g.ags = substr(gf.ars, 1, 5) || substr(gf.ars, 10, 3)
        left join behoerde_gemeinden bg on bg.gemeinde_ars = g.ars
        where gf.ebene = 'gemeinde' and gf.ars like '09%'
        order by gf.ars`);
    },

    /** Inhabited and uninhabited Gemeinden of every imported Land with population and Behörde (statistics). */
    async gemeindenEinwohner(): Promise<GemeindeEinwohnerRow[]> {
      const r = await rows<GemeindeEinwohnerRow>(sql`
        select g.ars, g.land_key, g.kreis_key, g.regbez_key, coalesce(g.bevoelkerung, 0) as bevoelkerung, bg.behoerde_ars
        from gebiete g left join behoerde_gemeinden bg on bg.gemeinde_ars = g.ars
        where g.ebene = 'gemeinde'`);
      return r.map((x) => ({ ...x, bevoelkerung: num(x.bevoelkerung) }));
    },

    /** Länder, Regierungsbezirke and Kreise of every imported Land (names for the statistics and the map). */
    async gebiete(): Promise<{ ars: string; name: string; anzeigename: string; ebene: string; typ: string | null; regbez_key: string | null; land_key: string }[]> {
      return rows(sql`select ars, name, anzeigename, ebene, typ, regbez_key, land_key from gebiete where ebene in ('land', 'regierungsbezirk', 'kreis') order by ars`);
    },

    /** Every award, newest first; `aktuell` marks each Behörde's current one. */
    async praedikate(): Promise<PraedikatRow[]> {
      return rows<PraedikatRow>(sql`
        select pr.zertifikat_nr, pr.behoerde_ars, b.name, coalesce(ag.name, b.name) as amtlicher_name, b.anzeigename, b.typ, b.regbez_key, rb.name as regbez_name,
          pr.verliehen_am::text as verliehen_am, pr.status, pr.demo, pr.created_at,
          pr.zertifikat_nr = (select p2.zertifikat_nr from praedikate p2 where p2.behoerde_ars = pr.behoerde_ars
            order by p2.verliehen_am desc, p2.zertifikat_nr desc limit 1) as aktuell
        from praedikate pr join behoerden b on b.ars = pr.behoerde_ars left join gebiete rb on rb.ars = b.regbez_key
        left join gebiete ag on ag.ars = b.ars
        order by pr.verliehen_am desc, pr.zertifikat_nr desc`);
    },

    /** Every link of every Behörde with whether it counts (the counting rule in SQL, verlinkung.repository.ts). */
    async verfahrenJeBehoerde(regel: Zaehlregel, jetzt: Date): Promise<VerfahrenJeBehoerdeRow[]> {
      return rows<VerfahrenJeBehoerdeRow>(sql`
        with tf as (
          select vl.verfahren_id, array_agg(distinct t.name order by t.name) as themenfelder
          from verfahren_leistungen vl join leika_leistungen l on l.id = vl.leika_id
          join ozg_leistungen ol on ol.id = l.ozg_leistung_id join ozg_themenfelder t on t.id = ol.themenfeld_id
          group by vl.verfahren_id
        )
        select v.behoerde_ars, coalesce(ag.name, b.name) as behoerde_name, b.anzeigename as behoerde_anzeigename, v.verfahren_id, o.name as verfahren_name, o.bereitstellung, o.art, o.aktiv,
          coalesce(v.url, o.url) as url, ${zaehltSql(regel, jetzt)} as zaehlt, coalesce(tf.themenfelder, '{}') as themenfelder,
          v.linked_at as verlinkt_seit, (v.demo or o.demo) as demo
        from verlinkungen v join behoerden b on b.ars = v.behoerde_ars join online_verfahren o on o.id = v.verfahren_id
        left join gebiete ag on ag.ars = b.ars
        left join link_pruefungen lp on lp.url = coalesce(v.url, o.url)
        left join tf on tf.verfahren_id = o.id
        where b.aktiv
        order by v.behoerde_ars, o.name, v.verfahren_id`);
    },

    /**
     * The counting links (Behörde, procedure) of the given Behörden, or of all: the statistics keep
     * them per Behörde and reload only the Behörden whose count was recomputed since.
     */
    async zaehlendeLinks(regel: Zaehlregel, jetzt: Date, arsList?: string[]): Promise<{ behoerde_ars: string; verfahren_id: string }[]> {
      const nur = arsList ? sql`and v.behoerde_ars in (${sql.join((arsList.length ? arsList : ['']).map((a) => sql`${a}`), sql`, `)})` : sql``;
      return rows(sql`
        select distinct v.behoerde_ars, v.verfahren_id
        from verlinkungen v join online_verfahren o on o.id = v.verfahren_id
        left join link_pruefungen lp on lp.url = coalesce(v.url, o.url)
        where ${zaehltSql(regel, jetzt)} ${nur}`);
    },

    /** Name and provision of procedures, with a count each, ordered by count and name (SQL collation). */
    async verfahrenRangfolge(anzahl: Map<string, number>, limit: number): Promise<{ id: string; name: string; bereitstellung: string; behoerden: number }[]> {
      if (anzahl.size === 0) return [];
      const r = await rows<{ id: string; name: string; bereitstellung: string; behoerden: number }>(sql`
        select o.id, o.name, o.bereitstellung, c.value::int as behoerden
        from json_each_text(${JSON.stringify(Object.fromEntries(anzahl))}::json) c join online_verfahren o on o.id::text = c.key
        order by behoerden desc, o.name
        limit ${limit}`);
      return r.map((x) => ({ ...x, behoerden: num(x.behoerden) }));
    },

    /** Changes whenever a procedure's Leistungen change (an upload adds kommunale procedures with theirs). */
    async leistungsMarker(): Promise<string> {
      const [r] = await rows<{ m: string }>(sql`select count(*)::text || ':' || coalesce(sum(hashtext(verfahren_id::text || ':' || leika_id::text)::bigint), 0)::text as m from verfahren_leistungen`);
      return r.m;
    },

    /** The OZG-Themenfelder (by name) and which procedure serves which of them. */
    async themenfelderUndVerfahren(): Promise<{ themenfelder: { id: number; name: string }[]; zuordnung: { verfahren_id: string; themenfeld_id: number }[] }> {
      const [themenfelder, zuordnung] = await Promise.all([
        rows<{ id: number; name: string }>(sql`select id, name from ozg_themenfelder order by name`),
        rows<{ verfahren_id: string; themenfeld_id: number }>(sql`
          select distinct vl.verfahren_id, ol.themenfeld_id
          from verfahren_leistungen vl join leika_leistungen l on l.id = vl.leika_id join ozg_leistungen ol on ol.id = l.ozg_leistung_id`),
      ]);
      return { themenfelder: themenfelder.map((t) => ({ id: Number(t.id), name: t.name })), zuordnung: zuordnung.map((z) => ({ verfahren_id: z.verfahren_id, themenfeld_id: Number(z.themenfeld_id) })) };
    },
  };
};

export type PortalRepository = ReturnType<typeof createPortalRepository>;
