/** The only place with SQL for the catalogue, links, counts, their history and gap advice. */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../shared/db';
import type { Schwellen } from '../shared/schwellen';
import { normalisiereUrl } from './url-normalisierung';
import type { VerlinkungFuerZaehlung, Zaehlregel } from './zaehlung';

/** The threshold rule (shared/schwellen.ts) in SQL: the threshold of a Behörde of type `typ` (a column). */
export const schwelleSql = (typ: SQL, schwellen: Schwellen): SQL => sql`(case when ${typ} = 'bezirk' then ${schwellen.bezirk}::int else ${schwellen.default}::int end)`;

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
  /** Effective address normalised, and host+path (null until filled, see `ergaenzeUrlSchluessel`). */
  url_schluessel: string | null;
  url_hostpfad: string | null;
  leika: string[];
  /** The ministry's open „zählt nicht“ mark, if any. */
  vermerk: VermerkRow | null;
}

export interface VermerkRow {
  id: string;
  status: 'aktiv' | 'einspruch' | 'aufgehoben';
  grund: string;
  gesetzt_von_label: string;
  gesetzt_am: string;
  einspruch: string | null;
  einspruch_von_label: string | null;
  einspruch_am: string | null;
  entscheidung: string | null;
  entscheidung_grund: string | null;
  entschieden_von_label: string | null;
  entschieden_am: string | null;
}

/** A link with what „same service“ compares (for the warning before linking and the upload check). */
export interface DienstRow {
  behoerde_ars: string;
  verfahren_id: string;
  name: string;
  url: string;
  url_schluessel: string | null;
  url_hostpfad: string | null;
  leika: string[];
}

export interface EreignisRow {
  id: number;
  /** Null for an `upload` event (the links an upload added; the ids are in `nachher`). */
  verfahren_id: string | null;
  verfahren_name: string | null;
  aktion: string;
  vorher: unknown;
  nachher: unknown;
  actor_label: string;
  quelle: string;
  at: Date;
}

/** A link row as the pure counting module (zaehlung.ts) takes it. */
export const alsZaehlLink = (
  l: { verfahren_id: string; art: string; aktiv: boolean; defekt_seit: Date | null; url: string; url_schluessel: string | null; url_hostpfad: string | null; leika: string[]; linked_at: Date },
  zaehltNicht: boolean,
): VerlinkungFuerZaehlung => ({
  verfahrenId: l.verfahren_id,
  art: l.art,
  aktiv: l.aktiv,
  defektSeit: l.defekt_seit ? new Date(l.defekt_seit) : null,
  url: l.url,
  urlSchluessel: l.url_schluessel,
  hostPfad: l.url_hostpfad,
  leika: l.leika,
  verlinktSeit: l.linked_at,
  zaehltNicht,
});

/** Who caused a recount (for the events it writes): a person through a channel, or the system. */
export interface Anlass {
  actorId?: string;
  actorLabel: string;
  quelle: string;
  uploadId?: string;
}
export const SYSTEM_ANLASS: Anlass = { actorLabel: 'System (Zählung)', quelle: 'system' };

/**
 * SQL condition: the link `v` with procedure `o` and check `lp` may count (same rule as zaehlung.ts
 * before „same service“): electronic submission, in operation, no open „zählt nicht“ mark of the
 * ministry, reachable by the rule for broken links.
 */
export const kannZaehlenSql = (regel: Zaehlregel, jetzt: Date): SQL => {
  const erreichbar =
    regel.defekteLinks === 'zaehlt'
      ? sql`true`
      : regel.defekteLinks === 'zaehlt_nicht'
        ? sql`lp.defekt_seit is null`
        : sql`(lp.defekt_seit is null or lp.defekt_seit >= ${jetzt.toISOString()}::timestamptz - make_interval(days => ${regel.karenzTage}::int))`;
  return sql`(o.art = 'online' and o.aktiv and ${erreichbar}
    and not exists (select 1 from zaehlt_nicht_vermerke zn where zn.behoerde_ars = v.behoerde_ars and zn.verfahren_id = v.verfahren_id and zn.status <> 'aufgehoben'))`;
};

/**
 * SQL condition: the link `v` counts. `kannZaehlenSql`, and it is the first link of its service
 * (`v.doppelt_von` is set by every recount, `recompute`).
 */
export const zaehltSql = (regel: Zaehlregel, jetzt: Date): SQL => sql`(${kannZaehlenSql(regel, jetzt)} and v.doppelt_von is null)`;

/**
 * The links that may count, joined into services (zaehlung.ts `dienstGruppen`, set-based): `l` the
 * links with their effective address keys; `m` those that share their host+path with another link
 * of the Behörde; `e` the pairs that are the same service (same address, or same host+path and a
 * common LeiKa key); `r` everything reachable through them from each link
 * that has such a pair (the rest are services of their own); `doppelte` every link that is not the
 * first of its service, with that first link (earliest `linked_at` to the millisecond, then the
 * smaller procedure id in byte order, as zaehlung.ts compares them).
 */
const dienstGruppenSql = (regel: Zaehlregel, jetzt: Date, filter: SQL): SQL => sql`
  with recursive l as (
    select v.behoerde_ars as ars, v.verfahren_id as id,
      case when v.url is null then o.url_schluessel else v.url_schluessel end as u,
      case when v.url is null then o.url_hostpfad else v.url_hostpfad end as h,
      date_trunc('milliseconds', v.linked_at) as t
    from verlinkungen v join online_verfahren o on o.id = v.verfahren_id
    left join link_pruefungen lp on lp.url = coalesce(v.url, o.url)
    where ${kannZaehlenSql(regel, jetzt)} ${filter}
  ), m as (
    -- Only links whose host+path another link of the Behörde has can be the same service as one
    -- (the same address means the same host+path): the joins below stay small.
    select l.* from l join (select ars, h from l where h is not null group by ars, h having count(*) > 1) g on g.ars = l.ars and g.h = l.h
  ), k as (
    select m.ars, m.id, m.h, lk.schluessel
    from m join verfahren_leistungen vl on vl.verfahren_id = m.id join leika_leistungen lk on lk.id = vl.leika_id
    where lk.schluessel is not null
  ), e as (
    select a.ars, a.id as von, b.id as nach from m a join m b on b.ars = a.ars and b.u = a.u and b.id <> a.id
    union
    select a.ars, a.id, b.id from k a join k b on b.ars = a.ars and b.h = a.h and b.schluessel = a.schluessel and b.id <> a.id
  ), r (ars, start, knoten) as (
    select distinct ars, von, von from e
    union
    select r.ars, r.start, e.nach from r join e on e.ars = r.ars and e.von = r.knoten
  ), gruppe as (
    select r.ars, r.start as id, min(r.knoten::text collate "C") as wurzel from r group by r.ars, r.start
  ), erste as (
    select g.ars, g.id, first_value(g.id) over (partition by g.ars, g.wurzel order by m.t, m.id::text collate "C") as erstes
    from gruppe g join m on m.ars = g.ars and m.id = g.id
  ), doppelte as (
    select ars, id, erstes from erste where erstes <> id
  )`;

const inList = (values: string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

/** The procedures the gap advice suggests: zentrale online procedures in operation (`o`). */
const kandidatSql = sql`o.bereitstellung = 'zentral' and o.art = 'online' and o.aktiv`;

export const createVerlinkungRepository = (db: Db) => {
  const rows = async <T>(q: SQL, tx: Db = db) => (await tx.execute(q)).rows as T[];

  const repo = {
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
     * Gives rows written without them (older data, direct SQL) their normalised address keys,
     * for the given Behörden's links (all when undefined). Returns the Behörden whose links got
     * keys. One query each when there is nothing to do.
     */
    async ergaenzeUrlSchluessel(tx: Db, arsList?: string[]): Promise<string[]> {
      const nurLinks = arsList ? sql`and v.behoerde_ars in (${inList(arsList.length ? arsList : [''])})` : sql``;
      const verfahren = await rows<{ id: string; url: string; ars: string[] }>(
        sql`select o.id, o.url, coalesce(array_agg(distinct v.behoerde_ars) filter (where v.behoerde_ars is not null), '{}') as ars
          from online_verfahren o left join verlinkungen v on v.verfahren_id = o.id
          where o.url_schluessel is null ${arsList ? sql`and exists (select 1 from verlinkungen v2 where v2.verfahren_id = o.id and v2.behoerde_ars in (${inList(arsList.length ? arsList : [''])}))` : sql``}
          group by o.id, o.url`,
        tx,
      );
      const links = await rows<{ behoerde_ars: string; verfahren_id: string; url: string }>(
        sql`select v.behoerde_ars, v.verfahren_id, v.url from verlinkungen v where v.url is not null and v.url_schluessel is null ${nurLinks}`,
        tx,
      );
      if (verfahren.length > 0) {
        const n = verfahren.map((x) => normalisiereUrl(x.url));
        await tx.execute(sql`update online_verfahren o set url_schluessel = x.s, url_hostpfad = x.h
          from unnest(${sql.param(verfahren.map((x) => x.id))}::uuid[], ${sql.param(n.map((x) => x.schluessel))}::text[], ${sql.param(n.map((x) => x.hostPfad))}::text[]) as x(id, s, h)
          where o.id = x.id`);
      }
      if (links.length > 0) {
        const n = links.map((x) => normalisiereUrl(x.url));
        await tx.execute(sql`update verlinkungen v set url_schluessel = x.s, url_hostpfad = x.h
          from unnest(${sql.param(links.map((x) => x.behoerde_ars))}::text[], ${sql.param(links.map((x) => x.verfahren_id))}::uuid[],
            ${sql.param(n.map((x) => x.schluessel))}::text[], ${sql.param(n.map((x) => x.hostPfad))}::text[]) as x(ars, id, s, h)
          where v.behoerde_ars = x.ars and v.verfahren_id = x.id`);
      }
      return [...new Set([...verfahren.flatMap((x) => x.ars), ...links.map((x) => x.behoerde_ars)])].sort();
    },

    /**
     * Recomputes the count of the given Behörden (all when undefined) from their links, stores it
     * in `zaehlstaende` and today's point of the history. First the links' address keys are
     * completed and each link is marked with the first link of its service (`doppelt_von`); then
     * the links that may count and are first of their service are counted. Set-based throughout.
     */
    async recompute(tx: Db, regel: Zaehlregel, jetzt: Date, arsList?: string[], anlass: Anlass = SYSTEM_ANLASS): Promise<{ neueDoppelte: number }> {
      const filter = arsList ? sql`and b.ars in (${inList(arsList.length ? arsList : [''])})` : sql``;
      const nurLinks = arsList ? sql`and v.behoerde_ars in (${inList(arsList.length ? arsList : [''])})` : sql``;
      const tag = jetzt.toISOString().slice(0, 10);
      await repo.ergaenzeUrlSchluessel(tx, arsList);
      // One statement: the services are joined once and both the marks and the count come from
      // that (a link counts when it may count, `l`, and is not the second of a service,
      // `doppelte` — what `zaehltSql` reads once the marks are stored). The data-modifying parts
      // all see the links as they were before the statement.
      const neueDoppelte = await rows<{ n: number }>(
        sql`
        ${dienstGruppenSql(regel, jetzt, nurLinks)}
        , x as (
          select v.behoerde_ars, v.verfahren_id, d.erstes as neu
          from verlinkungen v left join doppelte d on d.ars = v.behoerde_ars and d.id = v.verfahren_id
          where (v.doppelt_von is not null or d.erstes is not null) ${nurLinks}
        ), markiert as (
          update verlinkungen v set doppelt_von = x.neu
          from x
          where v.behoerde_ars = x.behoerde_ars and v.verfahren_id = x.verfahren_id and v.doppelt_von is distinct from x.neu
          returning 1
        ), ereignisse as (
          -- Every link that became the second of a service gets an event once (the history shows why
          -- it stopped counting; the first start after the update records the duplicates already there).
          insert into verlinkung_ereignisse (behoerde_ars, verfahren_id, aktion, vorher, nachher, actor_id, actor_label, quelle, upload_id, at)
          select d.ars, d.id, 'doppelt_erkannt', null,
            json_build_object('doppeltVon', d.erstes, 'doppeltVonName', o.name, 'url', coalesce(v.url, ov.url))::jsonb,
            ${anlass.actorId ?? null}, ${anlass.actorLabel}, ${anlass.quelle}, ${anlass.uploadId ?? null}, ${jetzt.toISOString()}::timestamptz
          from doppelte d join verlinkungen v on v.behoerde_ars = d.ars and v.verfahren_id = d.id
            join online_verfahren o on o.id = d.erstes join online_verfahren ov on ov.id = d.id
          where not exists (select 1 from verlinkung_ereignisse e where e.behoerde_ars = d.ars and e.verfahren_id = d.id
              and e.aktion = 'doppelt_erkannt' and e.at >= v.linked_at and e.nachher->>'doppeltVon' = d.erstes::text)
          returning 1
        ), gezaehlt as (
          select l.ars as behoerde_ars, count(*)::int as anzahl
          from l
          where not exists (select 1 from doppelte d where d.ars = l.ars and d.id = l.id)
          group by l.ars
        ), neu as (
          select b.ars, coalesce(g.anzahl, 0) as anzahl from behoerden b left join gezaehlt g on g.behoerde_ars = b.ars
          where true ${filter}
        ), z as (
          insert into zaehlstaende (behoerde_ars, anzahl, berechnet_am)
          select ars, anzahl, ${jetzt.toISOString()}::timestamptz from neu
          on conflict (behoerde_ars) do update set anzahl = excluded.anzahl, berechnet_am = excluded.berechnet_am
          returning 1
        ), verlauf as (
          insert into verlinkung_zaehlstaende (behoerde_ars, tag, anzahl, demo)
          select ars, ${tag}::date, anzahl, false from neu
          on conflict (behoerde_ars, tag) do update set anzahl = excluded.anzahl, demo = false
            where verlinkung_zaehlstaende.anzahl is distinct from excluded.anzahl or verlinkung_zaehlstaende.demo
          returning 1
        )
        select (select count(*) from ereignisse)::int as n`,
        tx,
      );
      return { neueDoppelte: Number(neueDoppelte[0]?.n ?? 0) };
    },

    /** Every Behörde's count computed from the links alone (services joined anew, nothing stored is read but the address keys). */
    async countsFromScratch(regel: Zaehlregel, jetzt: Date): Promise<Map<string, number>> {
      const r = await rows<{ behoerde_ars: string; anzahl: number }>(sql`
        ${dienstGruppenSql(regel, jetzt, sql``)}
        select l.ars as behoerde_ars, (count(*) - count(d.id))::int as anzahl
        from l left join doppelte d on d.ars = l.ars and d.id = l.id group by l.ars`);
      return new Map(r.map((x) => [x.behoerde_ars, Number(x.anzahl)]));
    },

    /** Every link with what the pure counting module needs (for the cross-check and the detail view). */
    async linksForCounting(arsList?: string[]) {
      return rows<{
        behoerde_ars: string;
        verfahren_id: string;
        art: string;
        aktiv: boolean;
        defekt_seit: Date | null;
        url: string;
        url_schluessel: string | null;
        url_hostpfad: string | null;
        leika: string[];
        linked_at: Date;
        zaehlt_nicht: boolean;
        doppelt_von: string | null;
      }>(sql`
        select v.behoerde_ars, v.verfahren_id, o.art, o.aktiv, lp.defekt_seit, coalesce(v.url, o.url) as url,
          case when v.url is null then o.url_schluessel else v.url_schluessel end as url_schluessel,
          case when v.url is null then o.url_hostpfad else v.url_hostpfad end as url_hostpfad,
          coalesce((select array_agg(lk.schluessel order by lk.schluessel) from verfahren_leistungen vl join leika_leistungen lk on lk.id = vl.leika_id
            where vl.verfahren_id = o.id and lk.schluessel is not null), '{}') as leika,
          v.linked_at, exists (select 1 from zaehlt_nicht_vermerke zn where zn.behoerde_ars = v.behoerde_ars and zn.verfahren_id = v.verfahren_id and zn.status <> 'aufgehoben') as zaehlt_nicht,
          v.doppelt_von
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

    /**
     * A Behörde's links with everything the pages show: check result, address keys, LeiKa keys, the
     * open mark. `themenfelder` only when asked (the API has them; the editor page does not need
     * them and a Behörde may have thousands of links).
     */
    async linksOf(ars: string, opts: { themenfelder?: boolean } = {}): Promise<LinkRow[]> {
      const themenfelder = opts.themenfelder === false
        ? sql`'{}'::text[]`
        : sql`coalesce((select array_agg(distinct t.name order by t.name)
            from verfahren_leistungen vl join leika_leistungen l on l.id = vl.leika_id
            join ozg_leistungen ol on ol.id = l.ozg_leistung_id join ozg_themenfelder t on t.id = ol.themenfeld_id
            where vl.verfahren_id = o.id), '{}')`;
      return rows<LinkRow>(sql`
        select v.verfahren_id, o.name, o.bereitstellung, o.art, o.aktiv, coalesce(v.url, o.url) as url, v.url as eigene_url,
          v.linked_at, v.demo, lp.status as link_status, lp.http_status, lp.fehler as link_fehler, lp.defekt_seit, lp.geprueft_am,
          ${themenfelder} as themenfelder,
          case when v.url is null then o.url_schluessel else v.url_schluessel end as url_schluessel,
          case when v.url is null then o.url_hostpfad else v.url_hostpfad end as url_hostpfad,
          coalesce((select array_agg(lk.schluessel order by lk.schluessel) from verfahren_leistungen vl join leika_leistungen lk on lk.id = vl.leika_id
            where vl.verfahren_id = o.id and lk.schluessel is not null), '{}') as leika,
          (select json_build_object('id', zn.id, 'status', zn.status, 'grund', zn.grund, 'gesetzt_von_label', zn.gesetzt_von_label, 'gesetzt_am', zn.gesetzt_am,
              'einspruch', zn.einspruch, 'einspruch_von_label', zn.einspruch_von_label, 'einspruch_am', zn.einspruch_am,
              'entscheidung', zn.entscheidung, 'entscheidung_grund', zn.entscheidung_grund, 'entschieden_von_label', zn.entschieden_von_label, 'entschieden_am', zn.entschieden_am)
            from zaehlt_nicht_vermerke zn where zn.behoerde_ars = v.behoerde_ars and zn.verfahren_id = v.verfahren_id and zn.status <> 'aufgehoben') as vermerk
        from verlinkungen v join online_verfahren o on o.id = v.verfahren_id
        left join link_pruefungen lp on lp.url = coalesce(v.url, o.url)
        where v.behoerde_ars = ${ars}
        order by o.name, v.verfahren_id`);
    },

    /** What „same service“ compares, for some procedures (their catalogue address) — before linking them. */
    async dienstMerkmaleVon(ids: string[]): Promise<{ id: string; name: string; url: string; url_schluessel: string | null; url_hostpfad: string | null; leika: string[] }[]> {
      if (ids.length === 0) return [];
      return rows(sql`
        select o.id, o.name, o.url, o.url_schluessel, o.url_hostpfad,
          coalesce((select array_agg(lk.schluessel order by lk.schluessel) from verfahren_leistungen vl join leika_leistungen lk on lk.id = vl.leika_id
            where vl.verfahren_id = o.id and lk.schluessel is not null), '{}') as leika
        from online_verfahren o where o.id in (${inList(ids)})`);
    },

    /** The links of some Behörden with what „same service“ compares (one query for an upload's Behörden). */
    async dienstLinks(arsList: string[]): Promise<DienstRow[]> {
      if (arsList.length === 0) return [];
      return rows<DienstRow>(sql`
        select v.behoerde_ars, v.verfahren_id, o.name, coalesce(v.url, o.url) as url,
          case when v.url is null then o.url_schluessel else v.url_schluessel end as url_schluessel,
          case when v.url is null then o.url_hostpfad else v.url_hostpfad end as url_hostpfad,
          coalesce((select array_agg(lk.schluessel order by lk.schluessel) from verfahren_leistungen vl join leika_leistungen lk on lk.id = vl.leika_id
            where vl.verfahren_id = o.id and lk.schluessel is not null), '{}') as leika
        from verlinkungen v join online_verfahren o on o.id = v.verfahren_id
        where v.behoerde_ars in (${inList(arsList)})`);
    },

    async findLink(tx: Db, ars: string, verfahrenId: string) {
      const [r] = await rows<{ url: string | null; linked_at: Date }>(
        sql`select url, linked_at from verlinkungen where behoerde_ars = ${ars} and verfahren_id = ${verfahrenId} for update`,
        tx,
      );
      return r;
    },

    async insertLink(tx: Db, l: { ars: string; verfahrenId: string; url: string | null; at: Date; by?: string }) {
      const n = l.url ? normalisiereUrl(l.url) : undefined;
      await tx.execute(sql`insert into verlinkungen (behoerde_ars, verfahren_id, url, linked_at, linked_by, demo, url_schluessel, url_hostpfad)
        values (${l.ars}, ${l.verfahrenId}, ${l.url}, ${l.at.toISOString()}::timestamptz, ${l.by ?? null}, false, ${n?.schluessel ?? null}, ${n?.hostPfad ?? null})`);
    },

    async updateLinkUrl(tx: Db, ars: string, verfahrenId: string, url: string | null) {
      const n = url ? normalisiereUrl(url) : undefined;
      await tx.execute(sql`update verlinkungen set url = ${url}, demo = false, url_schluessel = ${n?.schluessel ?? null}, url_hostpfad = ${n?.hostPfad ?? null}
        where behoerde_ars = ${ars} and verfahren_id = ${verfahrenId}`);
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

    /** The mark of (Behörde, procedure) that is not lifted, locked for the change. */
    async offenerVermerk(tx: Db, ars: string, verfahrenId: string): Promise<VermerkRow | undefined> {
      const [r] = await rows<VermerkRow>(
        sql`select id, status, grund, gesetzt_von_label, gesetzt_am, einspruch, einspruch_von_label, einspruch_am,
            entscheidung, entscheidung_grund, entschieden_von_label, entschieden_am
          from zaehlt_nicht_vermerke where behoerde_ars = ${ars} and verfahren_id = ${verfahrenId} and status <> 'aufgehoben' for update`,
        tx,
      );
      return r;
    },

    async insertVermerk(tx: Db, v: { ars: string; verfahrenId: string; grund: string; vonId: string; vonLabel: string; at: Date }) {
      await tx.execute(sql`insert into zaehlt_nicht_vermerke (behoerde_ars, verfahren_id, status, grund, gesetzt_von, gesetzt_von_label, gesetzt_am)
        values (${v.ars}, ${v.verfahrenId}, 'aktiv', ${v.grund}, ${v.vonId}, ${v.vonLabel}, ${v.at.toISOString()}::timestamptz)`);
    },

    async einspruchVermerk(tx: Db, id: string, e: { text: string; vonLabel: string; at: Date }) {
      await tx.execute(sql`update zaehlt_nicht_vermerke set status = 'einspruch', einspruch = ${e.text}, einspruch_von_label = ${e.vonLabel},
        einspruch_am = ${e.at.toISOString()}::timestamptz where id = ${id}`);
    },

    /** A reviewer's decision: `aufgehoben` (counts again) or `zurueckgewiesen` (the objection is turned down, the mark stays). */
    async entscheideVermerk(tx: Db, id: string, e: { entscheidung: 'aufgehoben' | 'zurueckgewiesen'; grund: string; vonLabel: string; at: Date }) {
      await tx.execute(sql`update zaehlt_nicht_vermerke set status = ${e.entscheidung === 'aufgehoben' ? 'aufgehoben' : 'aktiv'},
        entscheidung = ${e.entscheidung}, entscheidung_grund = ${e.grund}, entschieden_von_label = ${e.vonLabel}, entschieden_am = ${e.at.toISOString()}::timestamptz
        where id = ${id}`);
    },

    /**
     * The date of the ministry's last look at a Behörde's links: its last award, or the submission of
     * its last application that is closed (decided or withdrawn) — whichever is later; null if none.
     */
    async letztePruefung(ars: string): Promise<Date | null> {
      const [r] = await rows<{ am: Date | string | null }>(sql`
        select greatest(
          (select max(verliehen_am)::timestamptz from praedikate where behoerde_ars = ${ars}),
          (select max(eingereicht_am) from praedikat_antraege where behoerde_ars = ${ars} and status not in ('eingereicht', 'empfohlen', 'zurueckgegeben'))
        ) as am`);
      return r?.am ? new Date(r.am) : null;
    },

    /** For each of a Behörde's links: how many other catalogue entries have the same normalised address. */
    async gleicheAdresseAnderswo(ars: string): Promise<Map<string, number>> {
      const r = await rows<{ verfahren_id: string; n: number }>(sql`
        select v.verfahren_id, count(o2.id)::int as n
        from verlinkungen v join online_verfahren o on o.id = v.verfahren_id
        join online_verfahren o2 on o2.url_schluessel = case when v.url is null then o.url_schluessel else v.url_schluessel end and o2.id <> o.id
        where v.behoerde_ars = ${ars}
        group by v.verfahren_id`);
      return new Map(r.map((x) => [x.verfahren_id, Number(x.n)]));
    },

    async ereignisse(ars: string, limit: number): Promise<EreignisRow[]> {
      return rows<EreignisRow>(sql`
        select e.id, e.verfahren_id, o.name as verfahren_name, e.aktion, e.vorher, e.nachher, e.actor_label, e.quelle, e.at
        from verlinkung_ereignisse e left join online_verfahren o on o.id = e.verfahren_id
        where e.behoerde_ars = ${ars} order by e.at desc, e.id desc limit ${limit}`);
    },

    /**
     * The zentrale online procedures ranked for one peer group (active Behörden of one type and
     * size class): how many members link each, most first, then by name — the order `chancen`
     * takes a member's suggestions from. A member's own links do not change the figure of a
     * procedure it does not link, so one ranking serves every member; `mitglieder` are the group's members.
     */
    async gruppenRang(typ: string, groessenklasse: [number, number]) {
      const gruppe = sql`select b.ars from behoerden b
        where b.aktiv and b.typ = ${typ} and b.bevoelkerung >= ${groessenklasse[0]} and b.bevoelkerung < ${groessenklasse[1]}`;
      const mitglieder = await rows<{ ars: string }>(gruppe);
      const r = await rows<{ id: string; name: string; url: string; n: number }>(sql`
        with gruppe as (${gruppe}), je as (
          select v.verfahren_id, count(*)::int as n from verlinkungen v join gruppe g on g.ars = v.behoerde_ars group by v.verfahren_id
        )
        select o.id, o.name, o.url, coalesce(je.n, 0) as n
        from online_verfahren o left join je on je.verfahren_id = o.id
        where ${kandidatSql}
        order by n desc, o.name, o.id`);
      return {
        mitglieder: new Set(mitglieder.map((m) => m.ars)),
        rang: r.map((x) => ({ id: x.id, name: x.name, url: x.url, n: Number(x.n) })),
      };
    },

    /** The procedures a Behörde links (any link, counting or not). */
    async verlinkteVerfahren(ars: string) {
      const r = await rows<{ verfahren_id: string }>(sql`select verfahren_id from verlinkungen where behoerde_ars = ${ars}`);
      return new Set(r.map((x) => x.verfahren_id));
    },

    /** The OZG Themenfelder of these procedures (names, sorted), per procedure. */
    async themenfelderVon(ids: string[]) {
      if (ids.length === 0) return new Map<string, string[]>();
      const r = await rows<{ id: string; themenfelder: string[] }>(sql`
        select vl.verfahren_id as id, array_agg(distinct t.name order by t.name) as themenfelder
        from verfahren_leistungen vl join leika_leistungen l on l.id = vl.leika_id
        join ozg_leistungen ol on ol.id = l.ozg_leistung_id join ozg_themenfelder t on t.id = ol.themenfeld_id
        where vl.verfahren_id = any(${sql.param(ids)}::uuid[])
        group by vl.verfahren_id`);
      return new Map(r.map((x) => [x.id, x.themenfelder]));
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
     * `chancen` for many Behörden at once, in four statements for all: the candidates (zentrale
     * online procedures in name order), each peer group (type and size class) counted once — its
     * size and how many members link each procedure —, the targets and their own links to candidates.
     * The ranking is then put together here as `gruppenRang` orders it (most linked first, then by
     * name): per Behörde the first `grenze` suggestions it does not link, the group's size without
     * the Behörde itself and how many zentrale procedures it could link in all. (One statement that
     * ranked every Behörde's candidates with a window took a second for all of Bavaria.)
     */
    async chancenVieler(ziele: { ars: string; typ: string; klasse: [number, number]; grenze: number }[]) {
      if (ziele.length === 0) return [];
      const arsListe = ziele.map((z) => z.ars);
      const kandidaten = await rows<{ id: string; name: string }>(sql`
        select o.id, o.name from online_verfahren o where ${kandidatSql} order by o.name, o.id`);
      const zaehlung = await rows<{ typ: string; von: number; bis: number; verfahren_id: string | null; n: number }>(sql`
        with gruppen as (
          select distinct * from unnest(${sql.param(ziele.map((z) => z.typ))}::text[], ${sql.param(ziele.map((z) => z.klasse[0]))}::int[],
            ${sql.param(ziele.map((z) => z.klasse[1]))}::int[]) as g(typ, von, bis)
        ), mitglieder as (
          select g.typ, g.von, g.bis, b.ars from gruppen g
          join behoerden b on b.aktiv and b.typ = g.typ and b.bevoelkerung >= g.von and b.bevoelkerung < g.bis
        )
        select typ, von, bis, null::uuid as verfahren_id, count(*)::int as n from mitglieder group by typ, von, bis
        union all
        select m.typ, m.von, m.bis, v.verfahren_id, count(*)::int as n
        from mitglieder m join verlinkungen v on v.behoerde_ars = m.ars group by m.typ, m.von, m.bis, v.verfahren_id`);
      const ziel = await rows<{ ars: string; aktiv: boolean; typ: string; bevoelkerung: number }>(sql`
        select b.ars, b.aktiv, b.typ, b.bevoelkerung from behoerden b where b.ars = any(${sql.param(arsListe)}::text[])`);
      const links = await rows<{ ars: string; verfahren_id: string }>(sql`
        select v.behoerde_ars as ars, v.verfahren_id from verlinkungen v join online_verfahren o on o.id = v.verfahren_id
        where ${kandidatSql} and v.behoerde_ars = any(${sql.param(arsListe)}::text[])`);

      const position = new Map(kandidaten.map((k, i) => [k.id, i]));
      const gruppen = new Map<string, { groesse: number; je: Map<string, number>; rang?: { id: string; name: string; n: number }[] }>();
      const gruppeVon = (typ: string, von: number, bis: number) => {
        const key = `${typ}|${von}|${bis}`;
        let g = gruppen.get(key);
        if (!g) gruppen.set(key, (g = { groesse: 0, je: new Map() }));
        return g;
      };
      for (const z of zaehlung) {
        const g = gruppeVon(z.typ, Number(z.von), Number(z.bis));
        if (z.verfahren_id === null) g.groesse = Number(z.n);
        else g.je.set(z.verfahren_id, Number(z.n));
      }
      const rangVon = (g: NonNullable<ReturnType<typeof gruppen.get>>) =>
        (g.rang ??= kandidaten
          .map((k) => ({ id: k.id, name: k.name, n: g.je.get(k.id) ?? 0 }))
          .sort((a, b) => b.n - a.n || position.get(a.id)! - position.get(b.id)!));
      const zeilen = new Map<string, { aktiv: boolean; typ: string; bevoelkerung: number; eigene: Set<string> }>();
      for (const r of ziel) zeilen.set(r.ars, { aktiv: r.aktiv, typ: r.typ, bevoelkerung: Number(r.bevoelkerung), eigene: new Set() });
      for (const l of links) zeilen.get(l.ars)?.eigene.add(l.verfahren_id);

      const ergebnis: { ars: string; id: string; name: string; verlinkt_von_peers: number; peers: number; verfuegbar: number }[] = [];
      for (const z of [...ziele].sort((a, b) => (a.ars < b.ars ? -1 : a.ars > b.ars ? 1 : 0))) {
        const g = gruppeVon(z.typ, z.klasse[0], z.klasse[1]);
        const b = zeilen.get(z.ars);
        const eigene = b?.eigene ?? new Set<string>();
        // A member of its own group (active, of that type and size class) is not its own peer.
        const mitglied = b !== undefined && b.aktiv && b.typ === z.typ && b.bevoelkerung >= z.klasse[0] && b.bevoelkerung < z.klasse[1];
        const peers = g.groesse - (mitglied ? 1 : 0);
        const verfuegbar = kandidaten.length - eigene.size;
        let genommen = 0;
        for (const k of rangVon(g)) {
          if (genommen >= z.grenze) break;
          if (eigene.has(k.id)) continue;
          ergebnis.push({ ars: z.ars, id: k.id, name: k.name, verlinkt_von_peers: k.n, peers, verfuegbar });
          genommen++;
        }
      }
      return ergebnis;
    },

    async themenfeldAbdeckung(ars: string, regel: Zaehlregel, jetzt: Date) {
      // From the Behörde's own counting links to their Themenfelder (not from every procedure of
      // the catalogue to the Behörde: that read the whole catalogue for each page).
      const r = await rows<{ id: number; name: string; anzahl: number }>(sql`
        with eigene as materialized (
          select distinct ol.themenfeld_id, v.verfahren_id
          from verlinkungen v
          join online_verfahren o on o.id = v.verfahren_id
          left join link_pruefungen lp on lp.url = coalesce(v.url, o.url)
          join verfahren_leistungen vl on vl.verfahren_id = o.id
          join leika_leistungen l on l.id = vl.leika_id
          join ozg_leistungen ol on ol.id = l.ozg_leistung_id
          where v.behoerde_ars = ${ars} and ${zaehltSql(regel, jetzt)}
        )
        select t.id, t.name, count(e.verfahren_id)::int as anzahl
        from ozg_themenfelder t left join eigene e on e.themenfeld_id = t.id
        group by t.id, t.name order by t.name`);
      return r.map((x) => ({ ...x, anzahl: Number(x.anzahl) }));
    },
  };
  return repo;
};

/** A procedure a Behörde may link: zentral, its own kommunal one, or one its IT-Dienstleister offers. */
const verlinkbarSql = (ars: string): SQL => sql`(o.bereitstellung = 'zentral'
  or o.anbieter_ars = ${ars}
  or (o.anbieter_user_id is not null and exists (select 1 from user_behoerden ub where ub.user_id = o.anbieter_user_id and ub.behoerde_ars = ${ars})))`;

export type VerlinkungRepository = ReturnType<typeof createVerlinkungRepository>;
