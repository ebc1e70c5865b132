/**
 * The only SQL of the Bürgerservice: places (Gemeinden) by name, PLZ or key, the Behörden
 * responsible for a place on each level, and the Online-Verfahren they offer.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../shared/db';
import { zaehltSql } from '../verlinkung/verlinkung.repository';
import type { Zaehlregel } from '../verlinkung/zaehlung';

/** An inhabited Gemeinde with the Behörden responsible for it. */
export interface OrtRow {
  ars: string;
  ags: string | null;
  name: string;
  anzeigename: string;
  textkennzeichen: string | null;
  plz: string | null;
  plz_eindeutig: boolean | null;
  bevoelkerung: number | null;
  land_key: string;
  land_name: string | null;
  regbez_key: string | null;
  regbez_name: string | null;
  kreis_key: string | null;
  kreis_anzeigename: string | null;
  /** The Behörde of the municipal level: the Gemeinde itself, its VG (or Amt …) or its erfüllende Gemeinde. */
  behoerde_ars: string | null;
  /** For name searches: the search key of that Behörde (names of all the Gemeinden it serves). */
  suchname: string | null;
}

export interface BehoerdeKurzRow {
  ars: string;
  name: string;
  anzeigename: string;
  typ: string;
  anzahl: number;
  praedikat_status: string | null;
  zertifikat_nr: string | null;
}

export interface AngebotRow {
  behoerde_ars: string | null;
  verfahren_id: string;
  name: string;
  url: string;
  bereitstellung: string;
  vertrauensniveau: string;
  zaehlt: boolean;
}

export interface LeistungRow {
  verfahren_id: string;
  schluessel: string | null;
  name: string;
  ozg_leistung: string | null;
  lebenslage: string | null;
  themenfeld: string | null;
}

const ortSpalten = sql`
  g.ars, g.ags, g.name, g.anzeigename, g.textkennzeichen, g.plz, g.plz_eindeutig, g.bevoelkerung, g.land_key, ld.name as land_name,
  g.regbez_key, rb.name as regbez_name, g.kreis_key, k.anzeigename as kreis_anzeigename, bg.behoerde_ars, b.suchname`;

const ortJoins = sql`
  from gebiete g
  left join gebiete ld on ld.ars = g.land_key
  left join gebiete rb on rb.ars = g.regbez_key
  left join gebiete k on k.ars = g.kreis_key
  left join behoerde_gemeinden bg on bg.gemeinde_ars = g.ars
  left join behoerden b on b.ars = bg.behoerde_ars and b.aktiv`;

const inList = (values: readonly string[]) => sql.join((values.length ? values : ['']).map((v) => sql`${v}`), sql`, `);

export const createBuergerserviceRepository = (db: Db) => {
  const rows = async <T>(q: SQL) => (await db.execute(q)).rows as T[];
  const orte = async (where: SQL, limit: number) =>
    (await rows<OrtRow>(sql`select ${ortSpalten} ${ortJoins} where g.ebene = 'gemeinde' and ${where} order by g.name, g.ars limit ${limit}`)).map((r) => ({
      ...r,
      bevoelkerung: r.bevoelkerung === null ? null : Number(r.bevoelkerung),
    }));
  return {
    /** One Gemeinde (inhabited or not) by its 12-digit ARS. */
    async ort(ars: string): Promise<OrtRow | undefined> {
      return (await orte(sql`g.ars = ${ars}`, 1))[0];
    },

    /** Inhabited Gemeinden whose main postcode (GV100AD: that of the seat) starts with the digits. */
    async orteNachPlz(ziffern: string, limit: number): Promise<OrtRow[]> {
      return orte(sql`g.plz like ${`${ziffern}%`} and bg.behoerde_ars is not null`, limit);
    },

    /** Inhabited Gemeinden by AGS (8 digits) or ARS prefix. */
    async orteNachSchluessel(ziffern: string, limit: number): Promise<OrtRow[]> {
      return orte(sql`(g.ags = ${ziffern} or g.ars like ${`${ziffern}%`}) and bg.behoerde_ars is not null`, limit);
    },

    /**
     * Candidates for a name: the Gemeinden of every Behörde whose search key contains the folded
     * text (it holds the names of all Gemeinden the Behörde serves); the caller keeps the Gemeinden
     * whose own name matches.
     */
    async orteKandidaten(gefaltet: string, limit: number): Promise<OrtRow[]> {
      return orte(sql`b.suchname like ${`%${gefaltet}%`}`, limit);
    },

    /** Behörden by key with their count and current award (for the levels of a place). */
    async behoerden(arsList: readonly string[]): Promise<BehoerdeKurzRow[]> {
      const r = await rows<BehoerdeKurzRow>(sql`
        select b.ars, b.name, b.anzeigename, b.typ, coalesce(z.anzahl, 0) as anzahl, p.status as praedikat_status, p.zertifikat_nr
        from behoerden b
        left join zaehlstaende z on z.behoerde_ars = b.ars
        left join lateral (
          select status, zertifikat_nr from praedikate pr where pr.behoerde_ars = b.ars order by verliehen_am desc, zertifikat_nr desc limit 1
        ) p on true
        where b.aktiv and b.ars in (${inList(arsList)})`);
      return r.map((x) => ({ ...x, anzahl: Number(x.anzahl) }));
    },

    /**
     * The Online-Verfahren open to residents: every procedure with electronic submission in
     * operation that one of the given Behörden links (with whether the link counts), and the
     * Freistaat's zentrale procedures (`behoerde_ars` null), which anyone can use.
     */
    async angebot(arsList: readonly string[], regel: Zaehlregel, jetzt: Date): Promise<AngebotRow[]> {
      return rows<AngebotRow>(sql`
        select v.behoerde_ars, o.id as verfahren_id, o.name, coalesce(v.url, o.url) as url, o.bereitstellung, o.vertrauensniveau,
          ${zaehltSql(regel, jetzt)} as zaehlt
        from verlinkungen v join online_verfahren o on o.id = v.verfahren_id
        left join link_pruefungen lp on lp.url = coalesce(v.url, o.url)
        where v.behoerde_ars in (${inList(arsList)}) and o.art = 'online' and o.aktiv
        union all
        select null, o.id, o.name, o.url, o.bereitstellung, o.vertrauensniveau, false
        from online_verfahren o
        where o.bereitstellung = 'zentral' and o.art = 'online' and o.aktiv
        order by 3, 2`);
    },

    /** The LeiKa-Leistungen of procedures with their OZG-Leistung, Lebenslage and Themenfeld. */
    async leistungen(verfahrenIds: readonly string[]): Promise<LeistungRow[]> {
      if (verfahrenIds.length === 0) return [];
      return rows<LeistungRow>(sql`
        select vl.verfahren_id, l.schluessel, l.name, ol.name as ozg_leistung, ll.name as lebenslage, t.name as themenfeld
        from verfahren_leistungen vl join leika_leistungen l on l.id = vl.leika_id
        left join ozg_leistungen ol on ol.id = l.ozg_leistung_id
        left join ozg_lebenslagen ll on ll.id = ol.lebenslage_id
        left join ozg_themenfelder t on t.id = coalesce(ol.themenfeld_id, ll.themenfeld_id)
        where vl.verfahren_id::text in (${inList(verfahrenIds)})
        order by vl.verfahren_id, l.schluessel nulls last, l.id`);
    },
  };
};

export type BuergerserviceRepository = ReturnType<typeof createBuergerserviceRepository>;
