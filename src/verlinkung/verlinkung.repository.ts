/** The only place with SQL for the catalogue, links, counts, their history and gap advice. */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../shared/db';
import type { Zaehlregel } from './zaehlung';

export interface KatalogFilter {
  suchbegriff?: string;
  bereitstellung?: 'zentral' | 'kommunal';
  art?: string;
  /** Only procedures this Behörde may link (zentrale + its own + those its IT-Dienstleister offer). */
  verlinkbarFuer?: string;
  limit: number;
  offset: number;
}

export interface VerfahrenRow {
  id: string;
  name: string;
  beschreibung: string;
  bereitstellung: string;
  art: string;
  anbieter_ars: string | null;
  anbieter_name: string | null;
  url: string;
  vertrauensniveau: string;
  mobil_optimiert: boolean;
  aktiv: boolean;
  demo: boolean;
  leistungen: { schluessel: string | null; name: string }[];
  verlinkt_von: number;
}

export interface LinkRow {
  verfahren_id: string;
  name: string;
  bereitstellung: string;
  art: string;
  aktiv: boolean;
  url: string;
  eigene_url: string | null;
  linked_at: Date;
  demo: boolean;
  link_status: string | null;
  http_status: number | null;
  link_fehler: string | null;
  defekt_seit: Date | null;
  geprueft_am: Date | null;
  themenfelder: string[];
}

export interface EreignisRow {
  id: number;
  verfahren_id: string;
  verfahren_name: string;
  aktion: string;
  vorher: unknown;
  nachher: unknown;
  actor_label: string;
  quelle: string;
  at: Date;
}

/** SQL condition: the link `v` with procedure `o` and check `lp` counts (same rule as zaehlung.ts). */
export const zaehltSql = (regel: Zaehlregel, jetzt: Date): SQL => {
  const erreichbar =
    regel.defekteLinks === 'zaehlt'
      ? sql`true`
      : regel.defekteLinks === 'zaehlt_nicht'
        ? sql`lp.defekt_seit is null`
        : sql`(lp.defekt_seit is null or lp.defekt_seit >= ${jetzt.toISOString()}::timestamptz - make_interval(days => ${regel.karenzTage}::int))`;
  return sql`(o.art = 'online' and o.aktiv and ${erreichbar})`;
};

const inList = (values: string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

export const createVerlinkungRepository = (db: Db) => {
  const rows = async <T>(q: SQL, tx: Db = db) => (await tx.execute(q)).rows as T[];

  return {
    db,

    /**
     * Queues the link changes of one Behörde behind each other until the transaction ends
     * (advisory lock per ARS, also across instances on one PostgreSQL database).
     */
    async sperreBehoerde(tx: Db, ars: string): Promise<void> {
      await tx.execute(sql`select pg_advisory_xact_lock(727500, hashtext(${ars}))`);
    },

    /**
     * The lock of `sperreBehoerde` for several Behörden at once (bulk commits), in one statement and
     * in the order of the lock keys: two bulk commits never wait for each other crosswise, and a
     * single change holds one of these locks only.
     */
    async sperreBehoerden(tx: Db, arsList: string[]): Promise<void> {
      if (arsList.length === 0) return;
      await tx.execute(sql`
        select pg_advisory_xact_lock(727500, k)
        from (select distinct hashtext(a) as k from unnest(${sql.param([...new Set(arsList)])}::text[]) as a order by k) as schluessel
        order by k`);
    },

    /**
     * Recomputes the count of the given Behörden (all when undefined) from their links, stores it
     * in `zaehlstaende` and today's point of the history. One statement per table, set-based.
     */
    async recompute(tx: Db, regel: Zaehlregel, jetzt: Date, arsList?: string[]): Promise<void> {
      const filter = arsList ? sql`and b.ars in (${inList(arsList.length ? arsList : [''])})` : sql``;
      const tag = jetzt.toISOString().slice(0, 10);
      await tx.execute(sql`
        with gezaehlt as (
          select v.behoerde_ars, count(distinct v.verfahren_id)::int as anzahl
          from verlinkungen v
          join online_verfahren o on o.id = v.verfahren_id
          left join link_pruefungen lp on lp.url = coalesce(v.url, o.url)
          where ${zaehltSql(regel, jetzt)} ${arsList ? sql`and v.behoerde_ars in (${inList(arsList.length ? arsList : [''])})` : sql``}
          group by v.behoerde_ars
        ), neu as (
          select b.ars, coalesce(g.anzahl, 0) as anzahl from behoerden b left join gezaehlt g on g.behoerde_ars = b.ars
          where true ${filter}
        ), z as (
          insert into zaehlstaende (behoerde_ars, anzahl, berechnet_am)
          select ars, anzahl, ${jetzt.toISOString()}::timestamptz from neu
          on conflict (behoerde_ars) do update set anzahl = excluded.anzahl, berechnet_am = excluded.berechnet_am
          returning 1
        )
        insert into verlinkung_zaehlstaende (behoerde_ars, tag, anzahl, demo)
        select ars, ${tag}::date, anzahl, false from neu
        on conflict (behoerde_ars, tag) do update set anzahl = excluded.anzahl, demo = false
          where verlinkung_zaehlstaende.anzahl is distinct from excluded.anzahl or verlinkung_zaehlstaende.demo`);
    },

    async countsFromScratch(regel: Zaehlregel, jetzt: Date): Promise<Map<string, number>> {
      const r = await rows<{ behoerde_ars: string; anzahl: number }>(sql`
        select v.behoerde_ars, count(distinct v.verfahren_id)::int as anzahl
        from verlinkungen v join online_verfahren o on o.id = v.verfahren_id
        left join link_pruefungen lp on lp.url = coalesce(v.url, o.url)
        where ${zaehltSql(regel, jetzt)} group by v.behoerde_ars`);
      return new Map(r.map((x) => [x.behoerde_ars, Number(x.anzahl)]));
    },

    /** Every link with what the pure counting module needs (for the cross-check and the detail view). */
    async linksForCounting(arsList?: string[]) {
      return rows<{ behoerde_ars: string; verfahren_id: string; art: string; aktiv: boolean; defekt_seit: Date | null }>(sql`
        select v.behoerde_ars, v.verfahren_id, o.art, o.aktiv, lp.defekt_seit
        from verlinkungen v join online_verfahren o on o.id = v.verfahren_id
        left join link_pruefungen lp on lp.url = coalesce(v.url, o.url)
        ${arsList ? sql`where v.behoerde_ars in (${inList(arsList)})` : sql``}`);
    },

    async storedCount(ars: string): Promise<number | undefined> {
      const [r] = await rows<{ anzahl: number }>(sql`select anzahl from zaehlstaende where behoerde_ars = ${ars}`);
      return r ? Number(r.anzahl) : undefined;
    },

    async verlaufOf(ars: string): Promise<{ tag: string; anzahl: number; demo: boolean }[]> {
      const r = await rows<{ tag: string; anzahl: number; demo: boolean }>(
        sql`select tag::text as tag, anzahl, demo from verlinkung_zaehlstaende where behoerde_ars = ${ars} order by tag`,
      );
      return r.map((x) => ({ ...x, anzahl: Number(x.anzahl) }));
    },

    async katalog(f: KatalogFilter): Promise<{ total: number; items: VerfahrenRow[] }> {
      const parts: SQL[] = [sql`true`];
      if (f.suchbegriff) parts.push(sql`lower(o.name || ' ' || o.beschreibung) like ${`%${f.suchbegriff}%`}`);
      if (f.bereitstellung) parts.push(sql`o.bereitstellung = ${f.bereitstellung}`);
      if (f.art) parts.push(sql`o.art = ${f.art}`);
      if (f.verlinkbarFuer) parts.push(verlinkbarSql(f.verlinkbarFuer));
      const where = sql.join(parts, sql` and `);
      const [c] = await rows<{ n: number }>(sql`select count(*)::int as n from online_verfahren o where ${where}`);
      const items = await rows<VerfahrenRow>(sql`
        select o.id, o.name, o.beschreibung, o.bereitstellung, o.art, o.anbieter_ars, b.anzeigename as anbieter_name, o.url,
          o.vertrauensniveau, o.mobil_optimiert, o.aktiv, o.demo,
          coalesce((select json_agg(json_build_object('schluessel', l.schluessel, 'name', l.name) order by l.name)
            from verfahren_leistungen vl join leika_leistungen l on l.id = vl.leika_id where vl.verfahren_id = o.id), '[]'::json) as leistungen,
          (select count(*)::int from verlinkungen v where v.verfahren_id = o.id) as verlinkt_von
        from online_verfahren o left join behoerden b on b.ars = o.anbieter_ars
        where ${where}
        order by o.bereitstellung desc, o.name, o.id
        limit ${f.limit} offset ${f.offset}`);
      return { total: Number(c.n), items: items.map((i) => ({ ...i, verlinkt_von: Number(i.verlinkt_von) })) };
    },

    async verfahren(id: string): Promise<VerfahrenRow | undefined> {
      const [r] = await rows<VerfahrenRow>(sql`
        select o.id, o.name, o.beschreibung, o.bereitstellung, o.art, o.anbieter_ars, b.anzeigename as anbieter_name, o.url,
          o.vertrauensniveau, o.mobil_optimiert, o.aktiv, o.demo,
          coalesce((select json_agg(json_build_object('schluessel', l.schluessel, 'name', l.name) order by l.name)
            from verfahren_leistungen vl join leika_leistungen l on l.id = vl.leika_id where vl.verfahren_id = o.id), '[]'::json) as leistungen,
          (select count(*)::int from verlinkungen v where v.verfahren_id = o.id) as verlinkt_von
        from online_verfahren o left join behoerden b on b.ars = o.anbieter_ars where o.id = ${id}`);
      return r ? { ...r, verlinkt_von: Number(r.verlinkt_von) } : undefined;
    },

    async isVerlinkbar(id: string, ars: string): Promise<boolean> {
      const [r] = await rows<{ ok: boolean }>(sql`select exists(select 1 from online_verfahren o where o.id = ${id} and ${verlinkbarSql(ars)}) as ok`);
      return Boolean(r?.ok);
    },

    async linksOf(ars: string): Promise<LinkRow[]> {
      return rows<LinkRow>(sql`
        select v.verfahren_id, o.name, o.bereitstellung, o.art, o.aktiv, coalesce(v.url, o.url) as url, v.url as eigene_url,
          v.linked_at, v.demo, lp.status as link_status, lp.http_status, lp.fehler as link_fehler, lp.defekt_seit, lp.geprueft_am,
          coalesce((select array_agg(distinct t.name order by t.name)
            from verfahren_leistungen vl join leika_leistungen l on l.id = vl.leika_id
            join ozg_leistungen ol on ol.id = l.ozg_leistung_id join ozg_themenfelder t on t.id = ol.themenfeld_id
            where vl.verfahren_id = o.id), '{}') as themenfelder
        from verlinkungen v join online_verfahren o on o.id = v.verfahren_id
        left join link_pruefungen lp on lp.url = coalesce(v.url, o.url)
        where v.behoerde_ars = ${ars}
        order by o.name`);
    },

    async findLink(tx: Db, ars: string, verfahrenId: string) {
      const [r] = await rows<{ url: string | null; linked_at: Date }>(
        sql`select url, linked_at from verlinkungen where behoerde_ars = ${ars} and verfahren_id = ${verfahrenId} for update`,
        tx,
      );
      return r;
    },

    async insertLink(tx: Db, l: { ars: string; verfahrenId: string; url: string | null; at: Date; by?: string }) {
      await tx.execute(sql`insert into verlinkungen (behoerde_ars, verfahren_id, url, linked_at, linked_by, demo)
        values (${l.ars}, ${l.verfahrenId}, ${l.url}, ${l.at.toISOString()}::timestamptz, ${l.by ?? null}, false)`);
    },

    async updateLinkUrl(tx: Db, ars: string, verfahrenId: string, url: string | null) {
      await tx.execute(sql`update verlinkungen set url = ${url}, demo = false where behoerde_ars = ${ars} and verfahren_id = ${verfahrenId}`);
    },

    async deleteLink(tx: Db, ars: string, verfahrenId: string) {
      await tx.execute(sql`delete from verlinkungen where behoerde_ars = ${ars} and verfahren_id = ${verfahrenId}`);
    },

    async insertEreignis(
      tx: Db,
      e: { ars: string; verfahrenId: string; aktion: string; vorher: unknown; nachher: unknown; actorId?: string; actorLabel: string; quelle: string; uploadId?: string; at: Date },
    ) {
      await tx.execute(sql`insert into verlinkung_ereignisse (behoerde_ars, verfahren_id, aktion, vorher, nachher, actor_id, actor_label, quelle, upload_id, at)
        values (${e.ars}, ${e.verfahrenId}, ${e.aktion}, ${e.vorher === null ? null : JSON.stringify(e.vorher)}::jsonb,
          ${e.nachher === null ? null : JSON.stringify(e.nachher)}::jsonb, ${e.actorId ?? null}, ${e.actorLabel}, ${e.quelle}, ${e.uploadId ?? null},
          ${e.at.toISOString()}::timestamptz)`);
    },

    async ereignisse(ars: string, limit: number): Promise<EreignisRow[]> {
      return rows<EreignisRow>(sql`
        select e.id, e.verfahren_id, o.name as verfahren_name, e.aktion, e.vorher, e.nachher, e.actor_label, e.quelle, e.at
        from verlinkung_ereignisse e join online_verfahren o on o.id = e.verfahren_id
        where e.behoerde_ars = ${ars} order by e.at desc, e.id desc limit ${limit}`);
    },

    /**
     * Gap advice: zentrale procedures the Behörde does not link, ranked by the share of similar
     * Behörden (same type, same size class) that link them.
     */
    async chancen(ars: string, typ: string, groessenklasse: [number, number], limit: number) {
      const r = await rows<{ id: string; name: string; url: string; peers: number; verlinkt_von_peers: number; themenfelder: string[] }>(sql`
        with peers as (
          select b.ars from behoerden b
          where b.aktiv and b.typ = ${typ} and b.ars <> ${ars} and b.bevoelkerung >= ${groessenklasse[0]} and b.bevoelkerung < ${groessenklasse[1]}
        ), je as (
          -- The peers' links counted once, grouped (not one count per procedure).
          select v.verfahren_id, count(*)::int as n from verlinkungen v join peers p on p.ars = v.behoerde_ars group by v.verfahren_id
        ), rang as (
          select o.id, o.name, o.url, coalesce(je.n, 0) as verlinkt_von_peers
          from online_verfahren o left join je on je.verfahren_id = o.id
          where o.bereitstellung = 'zentral' and o.art = 'online' and o.aktiv
            and not exists (select 1 from verlinkungen v where v.behoerde_ars = ${ars} and v.verfahren_id = o.id)
          order by verlinkt_von_peers desc, o.name
          limit ${limit}
        )
        -- Themenfelder for the chosen procedures only.
        select r.id, r.name, r.url, (select count(*)::int from peers) as peers, r.verlinkt_von_peers,
          coalesce((select array_agg(distinct t.name order by t.name)
            from verfahren_leistungen vl join leika_leistungen l on l.id = vl.leika_id
            join ozg_leistungen ol on ol.id = l.ozg_leistung_id join ozg_themenfelder t on t.id = ol.themenfeld_id
            where vl.verfahren_id = r.id), '{}') as themenfelder
        from rang r
        order by r.verlinkt_von_peers desc, r.name`);
      return r.map((x) => ({ ...x, peers: Number(x.peers), verlinkt_von_peers: Number(x.verlinkt_von_peers) }));
    },

    /** Type, population and stored count of these Behörden (for the gap advice of many at once). */
    async behoerdenFuerLuecken(arsList: string[]) {
      if (arsList.length === 0) return [];
      const r = await rows<{ ars: string; typ: string; bevoelkerung: number; anzahl: number }>(sql`
        select b.ars, b.typ, b.bevoelkerung, coalesce(z.anzahl, 0)::int as anzahl
        from behoerden b left join zaehlstaende z on z.behoerde_ars = b.ars
        where b.ars = any(${sql.param(arsList)}::text[])`);
      return r.map((x) => ({ ...x, bevoelkerung: Number(x.bevoelkerung), anzahl: Number(x.anzahl) }));
    },

    /**
     * `chancen` for many Behörden in ONE statement: each peer group (type and size class) is
     * counted once, every Behörde's candidates ranked with a window. Per Behörde the first `limit`
     * suggestions (same order as `chancen`), the group's size without the Behörde itself and how
     * many zentrale procedures it could link in all.
     */
    async chancenVieler(ziele: { ars: string; typ: string; klasse: [number, number] }[], limit: number) {
      if (ziele.length === 0) return [];
      const r = await rows<{ ars: string; id: string; name: string; verlinkt_von_peers: number; peers: number; verfuegbar: number }>(sql`
        with ziel as (
          select * from unnest(${sql.param(ziele.map((z) => z.ars))}::text[], ${sql.param(ziele.map((z) => z.typ))}::text[],
            ${sql.param(ziele.map((z) => z.klasse[0]))}::int[], ${sql.param(ziele.map((z) => z.klasse[1]))}::int[]) as z(ars, typ, von, bis)
        ), gruppen as (
          select distinct typ, von, bis from ziel
        ), mitglieder as (
          select g.typ, g.von, g.bis, b.ars from gruppen g
          join behoerden b on b.aktiv and b.typ = g.typ and b.bevoelkerung >= g.von and b.bevoelkerung < g.bis
        ), groesse as (
          select typ, von, bis, count(*)::int as n from mitglieder group by typ, von, bis
        ), je as (
          -- The links of each peer group counted once (a candidate is never linked by the Behörde
          -- itself, so counting it among its peers changes nothing).
          select m.typ, m.von, m.bis, v.verfahren_id, count(*)::int as n
          from mitglieder m join verlinkungen v on v.behoerde_ars = m.ars group by m.typ, m.von, m.bis, v.verfahren_id
        ), rang as (
          select z.ars, o.id, o.name, coalesce(je.n, 0) as verlinkt_von_peers,
            row_number() over (partition by z.ars order by coalesce(je.n, 0) desc, o.name) as nr,
            count(*) over (partition by z.ars) as verfuegbar
          from ziel z
          cross join online_verfahren o
          left join je on je.typ = z.typ and je.von = z.von and je.bis = z.bis and je.verfahren_id = o.id
          where o.bereitstellung = 'zentral' and o.art = 'online' and o.aktiv
            and not exists (select 1 from verlinkungen v where v.behoerde_ars = z.ars and v.verfahren_id = o.id)
        )
        select r.ars, r.id, r.name, r.verlinkt_von_peers, r.verfuegbar::int as verfuegbar,
          coalesce(g.n, 0) - (case when exists (select 1 from mitglieder m where m.ars = z.ars and m.typ = z.typ and m.von = z.von) then 1 else 0 end) as peers
        from rang r join ziel z on z.ars = r.ars
        left join groesse g on g.typ = z.typ and g.von = z.von and g.bis = z.bis
        where r.nr <= ${limit}
        order by r.ars, r.nr`);
      return r.map((x) => ({ ...x, verlinkt_von_peers: Number(x.verlinkt_von_peers), peers: Number(x.peers), verfuegbar: Number(x.verfuegbar) }));
    },

    async themenfeldAbdeckung(ars: string, regel: Zaehlregel, jetzt: Date) {
      const r = await rows<{ id: number; name: string; anzahl: number }>(sql`
        select t.id, t.name, (count(distinct v.verfahren_id) filter (where v.behoerde_ars is not null and ${zaehltSql(regel, jetzt)}))::int as anzahl
        from ozg_themenfelder t
        left join ozg_leistungen ol on ol.themenfeld_id = t.id
        left join leika_leistungen l on l.ozg_leistung_id = ol.id
        left join verfahren_leistungen vl on vl.leika_id = l.id
        left join online_verfahren o on o.id = vl.verfahren_id
        left join verlinkungen v on v.verfahren_id = o.id and v.behoerde_ars = ${ars}
        left join link_pruefungen lp on lp.url = coalesce(v.url, o.url)
        group by t.id, t.name order by t.name`);
      return r.map((x) => ({ ...x, anzahl: Number(x.anzahl) }));
    },
  };
};

/** A procedure a Behörde may link: zentral, its own kommunal one, or one its IT-Dienstleister offers. */
const verlinkbarSql = (ars: string): SQL => sql`(o.bereitstellung = 'zentral'
  or o.anbieter_ars = ${ars}
  or (o.anbieter_user_id is not null and exists (select 1 from user_behoerden ub where ub.user_id = o.anbieter_user_id and ub.behoerde_ars = ${ars})))`;

export type VerlinkungRepository = ReturnType<typeof createVerlinkungRepository>;
