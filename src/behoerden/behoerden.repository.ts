/** The only place with SQL for Behörden lists and details. */
import type { Db } from '../shared/db';
import { sql, type SQL } from 'drizzle-orm';
import { NAH_DRAN_ABSTAND } from '../shared/stand';
import { type Schwellen, STANDARD_SCHWELLEN } from '../shared/schwellen';
import { schwelleSql } from '../verlinkung/verlinkung.repository';

export interface BehoerdenFilter {
  typ?: string[];
  /** Two-digit Land key. */
  land?: string;
  regierungsbezirk?: string;
  landkreis?: string;
  /** Already normalised search key (see shared/text.ts) or digits for ARS/PLZ. */
  suchbegriff?: string;
  ziffern?: string;
  /** Stand on the way to the Prädikat (see portal/portal.stand.ts); several are ORed. */
  status?: string[];
  /** Year of the current award. */
  jahr?: number;
  /** Thresholds, needed by the Stand filter. */
  schwellen?: Schwellen;
  sort: 'name' | 'anzahl' | 'bevoelkerung' | 'verliehen';
  limit: number;
  offset: number;
}

export interface BehoerdeRow {
  ars: string;
  name: string;
  kurzname: string;
  anzeigename: string;
  typ: string;
  regbez_key: string;
  regbez_name: string | null;
  kreis_key: string | null;
  kreis_name: string | null;
  kreis_anzeigename: string | null;
  sitz: string | null;
  plz: string | null;
  bevoelkerung: number;
  flaeche_ha: number;
  lat: number | null;
  lon: number | null;
  anzahl: number;
  zertifikat_nr: string | null;
  verliehen_am: string | null;
  praedikat_status: string | null;
}

export interface MitgliedRow {
  behoerde_ars: string;
  ars: string;
  name: string;
  anzeigename: string;
  bevoelkerung: number | null;
  plz: string | null;
}

export interface GemeindeRow {
  ars: string;
  name: string;
  anzeigename: string;
  textkennzeichen: string | null;
  bevoelkerung: number | null;
  flaeche_ha: number | null;
  plz: string | null;
  plz_eindeutig: boolean | null;
  kreis_key: string | null;
  kreis_anzeigename: string | null;
  regbez_key: string | null;
  regbez_name: string | null;
  /** The Behörde that administers it (its VG, or itself); null for gemeindefreie Gebiete. */
  behoerde_ars: string | null;
}

/** The live count, kept current by the Verlinkung service (see verlinkung/zaehlung.ts for the rules). */
const anzahlSql = sql`coalesce(z.anzahl, 0)`;

const selectColumns = sql`
  b.ars, b.name, b.kurzname, b.anzeigename, b.typ, b.regbez_key, coalesce(rb.name, ld.name) as regbez_name, b.kreis_key, k.name as kreis_name,
  k.anzeigename as kreis_anzeigename,
  b.sitz, b.plz, b.bevoelkerung, b.flaeche_ha::float8 as flaeche_ha, b.lat, b.lon, ${anzahlSql} as anzahl,
  p.zertifikat_nr, p.verliehen_am::text as verliehen_am, p.status as praedikat_status`;

/**
 * Joins (not per-row subqueries): the list sorts and filters all 1,463 Behörden before paging, so
 * the count and the current award are hash-joined once instead of looked up row by row.
 * The current award is the latest by date, then by number (as everywhere: portal, Prädikat).
 */
const fromJoins = sql`
  from behoerden b
  left join gebiete rb on rb.ars = b.regbez_key
  left join gebiete ld on ld.ars = b.land_key
  left join gebiete k on k.ars = b.kreis_key
  left join zaehlstaende z on z.behoerde_ars = b.ars
  left join (
    select distinct on (behoerde_ars) behoerde_ars, zertifikat_nr, verliehen_am, status from praedikate
    order by behoerde_ars, verliehen_am desc, zertifikat_nr desc
  ) p on p.behoerde_ars = b.ars`;

/** Same rule as `standVon` in portal/portal.stand.ts (a test checks both agree). */
function standCondition(stand: string, schwellen: Schwellen): SQL {
  const schwelle = schwelleSql(sql`b.typ`, schwellen);
  const ohneGueltiges = sql`(p.status is null or p.status not in ('gueltig', 'ausgesetzt', 'widerrufen'))`;
  switch (stand) {
    case 'digitales_amt':
      return sql`p.status = 'gueltig'`;
    case 'ausgesetzt':
    case 'widerrufen':
      return sql`p.status = ${stand}`;
    case 'schwelle_erreicht':
      return sql`(${ohneGueltiges} and ${anzahlSql} >= ${schwelle})`;
    case 'nah_dran':
      return sql`(${ohneGueltiges} and ${anzahlSql} < ${schwelle} and ${anzahlSql} >= ${schwelle} - ${NAH_DRAN_ABSTAND}::int)`;
    default:
      return sql`(${ohneGueltiges} and ${anzahlSql} < ${schwelle} - ${NAH_DRAN_ABSTAND}::int)`;
  }
}

function whereClause(f: BehoerdenFilter): SQL {
  const parts: SQL[] = [sql`b.aktiv`];
  if (f.typ && f.typ.length > 0) parts.push(sql`b.typ in (${sql.join(f.typ.map((t) => sql`${t}`), sql`, `)})`);
  if (f.land) parts.push(sql`b.land_key = ${f.land}`);
  if (f.regierungsbezirk) parts.push(sql`b.regbez_key = ${f.regierungsbezirk}`);
  if (f.landkreis) parts.push(sql`b.kreis_key = ${f.landkreis}`);
  if (f.suchbegriff) parts.push(sql`b.suchname like ${`%${f.suchbegriff}%`}`);  // any part of a word; ranked below
  if (f.status && f.status.length > 0) {
    const schwellen = f.schwellen ?? STANDARD_SCHWELLEN;
    parts.push(sql`(${sql.join(f.status.map((st) => standCondition(st, schwellen)), sql` or `)})`);
  }
  if (f.jahr) parts.push(sql`extract(year from p.verliehen_am) = ${f.jahr}`);
  if (f.ziffern) {
    const prefix = `${f.ziffern}%`;
    parts.push(sql`(b.ars like ${prefix} or b.plz like ${prefix} or exists (
      select 1 from behoerde_gemeinden bg join gebiete g on g.ars = bg.gemeinde_ars
      where bg.behoerde_ars = b.ars and (g.plz like ${prefix} or g.ars like ${prefix} or g.ags like ${prefix})))`);
  }
  return sql.join(parts, sql` and `);
}

/**
 * With a search term, whole-word matches come first ("Amberg" before "Bamberg"), then matches at
 * the start of a word, then the rest; within each group the chosen sort applies.
 */
function orderBy(f: BehoerdenFilter): SQL {
  const chosen =
    f.sort === 'anzahl'
      ? sql`anzahl desc, b.kurzname, b.ars`
      : f.sort === 'bevoelkerung'
        ? sql`b.bevoelkerung desc, b.ars`
        : f.sort === 'verliehen'
          ? sql`p.verliehen_am desc nulls last, p.zertifikat_nr desc, b.kurzname, b.ars`
          : sql`b.kurzname, b.ars`;
  if (!f.suchbegriff) return chosen;
  const padded = sql`(' ' || b.suchname || ' ')`;
  return sql`case when ${padded} like ${`% ${f.suchbegriff} %`} then 0 when ${padded} like ${`% ${f.suchbegriff}%`} then 1 else 2 end, ${chosen}`;
}

export const createBehoerdenRepository = (db: Db) => {
  const rows = async <T>(query: SQL) => (await db.execute(query)).rows as T[];
  return {
    async list(f: BehoerdenFilter): Promise<{ total: number; items: BehoerdeRow[] }> {
      const where = whereClause(f);
      // The Stand and award-year filters need the current award: count over the same joins.
      const joins = f.status?.length || f.jahr ? fromJoins : sql`from behoerden b`;
      const [countRow] = await rows<{ n: number }>(sql`select count(*)::int as n ${joins} where ${where}`);
      const items = await rows<BehoerdeRow>(
        sql`select ${selectColumns} ${fromJoins} where ${where} order by ${orderBy(f)} limit ${f.limit} offset ${f.offset}`,
      );
      return { total: Number(countRow.n), items: items.map(normalise) };
    },

    async findByArs(ars: string): Promise<BehoerdeRow | undefined> {
      const [row] = await rows<BehoerdeRow>(sql`select ${selectColumns} ${fromJoins} where b.ars = ${ars}`);
      return row ? normalise(row) : undefined;
    },

    async mitglieder(arsList: string[]): Promise<MitgliedRow[]> {
      if (arsList.length === 0) return [];
      return rows<MitgliedRow>(sql`
        select bg.behoerde_ars, g.ars, g.name, g.anzeigename, g.bevoelkerung, g.plz
        from behoerde_gemeinden bg join gebiete g on g.ars = bg.gemeinde_ars
        where bg.behoerde_ars in (${sql.join(arsList.map((a) => sql`${a}`), sql`, `)})
        order by regexp_replace(g.name, ', .*$', ''), g.ars`);
    },

    /** A Gemeinde of the Gemeindeverzeichnis (also without a Behörde of its own) and the Behörde that administers it. */
    async gemeinde(ars: string): Promise<GemeindeRow | undefined> {
      const [r] = await rows<GemeindeRow>(sql`
        select g.ars, g.name, g.anzeigename, g.textkennzeichen, g.bevoelkerung, g.flaeche_ha::float8 as flaeche_ha, g.plz, g.plz_eindeutig,
          g.kreis_key, k.anzeigename as kreis_anzeigename, g.regbez_key, coalesce(rb.name, ld.name) as regbez_name, bg.behoerde_ars
        from gebiete g
        left join gebiete k on k.ars = g.kreis_key
        left join gebiete rb on rb.ars = g.regbez_key
        left join gebiete ld on ld.ars = g.land_key
        left join behoerde_gemeinden bg on bg.gemeinde_ars = g.ars
        where g.ars = ${ars} and g.ebene = 'gemeinde'`);
      return r ? { ...r, bevoelkerung: r.bevoelkerung === null ? null : Number(r.bevoelkerung), flaeche_ha: r.flaeche_ha === null ? null : Number(r.flaeche_ha) } : undefined;
    },

    async names(arsList: string[]): Promise<{ ars: string; name: string; anzeigename: string }[]> {
      if (arsList.length === 0) return [];
      return rows(sql`select ars, name, anzeigename from behoerden where aktiv and ars in (${sql.join(arsList.map((a) => sql`${a}`), sql`, `)}) order by kurzname, ars`);
    },

    /**
     * Regierungsbezirke and Kreise for the filter form: of the chosen Land, else of every Land that
     * has Behörden (Bavaria alone by default).
     */
    async gebieteFuerFilter(land?: string): Promise<{ ars: string; name: string; anzeigename: string; ebene: string; typ: string | null; regbez_key: string | null }[]> {
      const scope = land ? sql`land_key = ${land}` : sql`land_key in (select distinct land_key from behoerden where aktiv)`;
      // Ordered by the place, then the kind: "Landkreis Ansbach" beside "Stadt Ansbach".
      return rows(sql`select ars, name, anzeigename, ebene, typ, regbez_key from gebiete where ebene in ('regierungsbezirk', 'kreis') and ${scope}
        order by ebene desc, regexp_replace(name, ', .*$', ''), anzeigename, ars`);
    },

    /** The Länder that have active Behörden, in key order: one by default, 16 with all of Germany. */
    async laender(): Promise<{ key: string; name: string }[]> {
      return rows(sql`
        select l.ars as key, l.name from gebiete l
        where l.ebene = 'land' and exists (select 1 from behoerden b where b.aktiv and b.land_key = l.ars)
        order by l.ars`);
    },

    /** Years in which current awards were made, newest first (filter form). */
    async verleihungsjahre(): Promise<number[]> {
      const r = await rows<{ jahr: number }>(sql`select distinct extract(year from verliehen_am)::int as jahr from praedikate order by jahr desc`);
      return r.map((x) => Number(x.jahr));
    },

    async zaehleNachTyp(): Promise<{ typ: string; n: number }[]> {
      return rows(sql`select typ, count(*)::int as n from behoerden where aktiv group by typ order by typ`);
    },
  };
};

/** Numeric columns come back as strings from node-postgres and as numbers from PGlite. */
function normalise(r: BehoerdeRow): BehoerdeRow {
  return {
    ...r,
    bevoelkerung: Number(r.bevoelkerung),
    flaeche_ha: Number(r.flaeche_ha),
    anzahl: Number(r.anzahl),
    lat: r.lat === null ? null : Number(r.lat),
    lon: r.lon === null ? null : Number(r.lon),
  };
}

export type BehoerdenRepository = ReturnType<typeof createBehoerdenRepository>;
