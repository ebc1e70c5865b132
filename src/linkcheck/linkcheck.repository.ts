/** The only place with SQL for the link check: which URLs, results (set-based), runs, lists, the lock. */
import { type SQL, sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Database } from '../shared/db';
import type { ProbeErgebnis } from './linkcheck.probe';

/** Advisory lock key of the full run: with several instances on one PostgreSQL only one checks. */
export const LINKCHECK_LOCK = 727_301;

/** `import_runs.quelle` of link check runs (the table records every operational run). */
export const LAUF_QUELLE = 'linkpruefung';

/** An array bound as one parameter (drizzle would otherwise expand it into a list). */
const arr = (values: unknown[]) => sql.param(values);

export interface DefekteUrlRow {
  url: string;
  http_status: number | null;
  fehler: string | null;
  geprueft_am: Date;
  defekt_seit: Date | null;
  ziel_url: string | null;
  behoerden: number;
  verfahren: string[];
}

export interface DefekterLinkRow {
  verfahren_id: string;
  name: string;
  art: string;
  url: string;
  http_status: number | null;
  fehler: string | null;
  geprueft_am: Date;
  defekt_seit: Date | null;
}

export interface LaufRow {
  id: number;
  started_at: Date;
  finished_at: Date;
  statistik: Record<string, unknown>;
  actor: string;
}

/** Effective URL of a link: the Behörde's own, else the catalogue's. */
const LINKS = sql`verlinkungen v join online_verfahren o on o.id = v.verfahren_id`;

export const createLinkcheckRepository = (database: Database) => {
  const { db } = database;
  const rows = async <T>(q: SQL) => (await db.execute(q)).rows as T[];

  return {
    /**
     * Distinct effective URLs of the links of procedures in operation (retired ones count for
     * nobody); optionally only those broken at the last check, or only among the given ones.
     *
     * At most `maxProBehoerde` distinct URLs per Behörde and run, those checked longest ago (or
     * never) first: no Behörde can make one run request thousands of addresses, and over several
     * runs every URL gets its turn. A URL is checked when it is within the cap of any Behörde that
     * links it. `ueberGrenze`: how many linked URLs wait for a later run. Given URLs have no cap.
     */
    async zuPruefendeUrls(f: { urls?: string[]; nurDefekte?: boolean; maxProBehoerde?: number } = {}): Promise<{ urls: string[]; ueberGrenze: number }> {
      if (f.urls) {
        const eindeutig = [...new Set(f.urls)];
        if (!f.nurDefekte) return { urls: eindeutig, ueberGrenze: 0 };
        const r = await rows<{ url: string }>(sql`select url from link_pruefungen where status = 'defekt' and url = any(${arr(eindeutig)}::text[]) order by url`);
        return { urls: r.map((x) => x.url), ueberGrenze: 0 };
      }
      const r = await rows<{ url: string; im_rahmen: boolean }>(sql`
        with l as (
          select distinct v.behoerde_ars, coalesce(v.url, o.url) as url from ${LINKS}
          where o.aktiv ${f.nurDefekte ? sql`and exists (select 1 from link_pruefungen lp where lp.url = coalesce(v.url, o.url) and lp.status = 'defekt')` : sql``}
        ), n as (
          select l.url, row_number() over (partition by l.behoerde_ars order by lp.geprueft_am asc nulls first, l.url) as rang
          from l left join link_pruefungen lp on lp.url = l.url
        )
        select url, bool_or(rang <= ${f.maxProBehoerde ?? 2_147_483_647}) as im_rahmen from n group by url order by url`);
      return { urls: r.filter((x) => x.im_rahmen).map((x) => x.url), ueberGrenze: r.filter((x) => !x.im_rahmen).length };
    },

    /**
     * Stores the results in one statement. `defekt_seit` keeps its value while a URL stays broken,
     * is set on the first failure and cleared on success. Returns how many URLs broke or were
     * repaired with this run (the CTE `alt` sees the rows as they were before the statement).
     */
    async speichere(ergebnisse: ProbeErgebnis[], jetzt: Date): Promise<{ neuDefekt: number; repariert: number }> {
      if (ergebnisse.length === 0) return { neuDefekt: 0, repariert: 0 };
      const e = ergebnisse;
      const [r] = await rows<{ neu_defekt: number; repariert: number }>(sql`
        with neu as (
          select * from unnest(${arr(e.map((x) => x.url))}::text[], ${arr(e.map((x) => x.status))}::text[], ${arr(e.map((x) => x.httpStatus))}::int[],
            ${arr(e.map((x) => x.fehler))}::text[], ${arr(e.map((x) => x.antwortMs))}::int[], ${arr(e.map((x) => x.zielUrl))}::text[])
            as u(url, status, http_status, fehler, antwort_ms, ziel_url)
        ), alt as (
          select lp.url, lp.status from link_pruefungen lp join neu using (url)
        ), up as (
          insert into link_pruefungen (url, status, http_status, fehler, geprueft_am, defekt_seit, antwort_ms, ziel_url)
          select url, status, http_status, fehler, ${jetzt.toISOString()}::timestamptz,
            case when status = 'defekt' then ${jetzt.toISOString()}::timestamptz end, antwort_ms, ziel_url
          from neu
          on conflict (url) do update set
            status = excluded.status, http_status = excluded.http_status, fehler = excluded.fehler, geprueft_am = excluded.geprueft_am,
            defekt_seit = case when excluded.status = 'ok' then null else coalesce(link_pruefungen.defekt_seit, excluded.defekt_seit) end,
            antwort_ms = excluded.antwort_ms, ziel_url = excluded.ziel_url
          returning url, status
        )
        select (count(*) filter (where up.status = 'defekt' and alt.status is distinct from 'defekt'))::int as neu_defekt,
               (count(*) filter (where up.status = 'ok' and alt.status = 'defekt'))::int as repariert
        from up left join alt using (url)`);
      return { neuDefekt: Number(r.neu_defekt), repariert: Number(r.repariert) };
    },

    async protokolliereLauf(l: { startedAt: Date; finishedAt: Date; statistik: unknown; actor: string }) {
      await db.execute(sql`insert into import_runs (quelle, started_at, finished_at, statistik, actor)
        values (${LAUF_QUELLE}, ${l.startedAt.toISOString()}::timestamptz, ${l.finishedAt.toISOString()}::timestamptz, ${JSON.stringify(l.statistik)}::jsonb, ${l.actor})`);
    },

    async letzteLaeufe(limit: number): Promise<LaufRow[]> {
      const r = await rows<LaufRow>(sql`select id, started_at, finished_at, statistik, actor from import_runs
        where quelle = ${LAUF_QUELLE} order by started_at desc, id desc limit ${limit}`);
      return r.map((x) => ({ ...x, id: Number(x.id) }));
    },

    /** Current state of the linked URLs (procedures in operation). */
    async bestand(): Promise<{ urls: number; ok: number; defekt: number; ungeprueft: number }> {
      const [r] = await rows<{ urls: number; ok: number; defekt: number; ungeprueft: number }>(sql`
        with u as (select distinct coalesce(v.url, o.url) as url from ${LINKS} where o.aktiv)
        select count(*)::int as urls,
          (count(*) filter (where lp.status = 'ok'))::int as ok,
          (count(*) filter (where lp.status = 'defekt'))::int as defekt,
          (count(*) filter (where lp.url is null))::int as ungeprueft
        from u left join link_pruefungen lp on lp.url = u.url`);
      return { urls: Number(r.urls), ok: Number(r.ok), defekt: Number(r.defekt), ungeprueft: Number(r.ungeprueft) };
    },

    /** Broken URLs with how many Behörden (of a Regierungsbezirk) link them; most linked first. */
    async defekteUrls(f: { regierungsbezirk?: string; limit: number; offset: number }): Promise<DefekteUrlRow[]> {
      const r = await rows<DefekteUrlRow>(sql`
        with l as (
          select coalesce(v.url, o.url) as url, v.behoerde_ars, o.name
          from ${LINKS} join behoerden b on b.ars = v.behoerde_ars
          where o.aktiv ${f.regierungsbezirk ? sql`and b.regbez_key = ${f.regierungsbezirk}` : sql``}
        )
        select lp.url, lp.http_status, lp.fehler, lp.geprueft_am, lp.defekt_seit, lp.ziel_url,
          count(distinct l.behoerde_ars)::int as behoerden, array_agg(distinct l.name order by l.name) as verfahren
        from link_pruefungen lp join l on l.url = lp.url
        where lp.status = 'defekt'
        group by lp.url
        order by behoerden desc, lp.defekt_seit asc nulls last, lp.url
        limit ${f.limit} offset ${f.offset}`);
      return r.map((x) => ({ ...x, behoerden: Number(x.behoerden) }));
    },

    async anzahlDefekteUrls(regierungsbezirk?: string): Promise<number> {
      const [r] = await rows<{ n: number }>(sql`
        select count(distinct lp.url)::int as n
        from link_pruefungen lp join ${LINKS} on coalesce(v.url, o.url) = lp.url join behoerden b on b.ars = v.behoerde_ars
        where lp.status = 'defekt' and o.aktiv ${regierungsbezirk ? sql`and b.regbez_key = ${regierungsbezirk}` : sql``}`);
      return Number(r.n);
    },

    /** A Behörde's links whose URL failed at the last check. */
    async defekteLinksVon(ars: string): Promise<DefekterLinkRow[]> {
      return rows<DefekterLinkRow>(sql`
        select v.verfahren_id, o.name, o.art, coalesce(v.url, o.url) as url, lp.http_status, lp.fehler, lp.geprueft_am, lp.defekt_seit
        from ${LINKS} join link_pruefungen lp on lp.url = coalesce(v.url, o.url)
        where v.behoerde_ars = ${ars} and o.aktiv and lp.status = 'defekt'
        order by o.name, v.verfahren_id`);
    },

    async behoerdeName(ars: string): Promise<string | undefined> {
      const [r] = await rows<{ name: string }>(sql`select name from behoerden where ars = ${ars}`);
      return r?.name;
    },

    /** Regierungsbezirke that have Behörden, for the filter. */
    async regierungsbezirke(): Promise<{ key: string; name: string }[]> {
      return rows<{ key: string; name: string }>(sql`
        select g.ars as key, g.name from gebiete g
        where g.ebene = 'regierungsbezirk' and exists (select 1 from behoerden b where b.regbez_key = g.ars)
        order by g.ars`);
    },

    /**
     * Runs `fn` only if this process gets the advisory lock (PostgreSQL: on one dedicated
     * connection, released afterwards or with the connection). PGlite belongs to one process (see
     * lockDataDir), so there the in-process guard of the service is enough.
     */
    async mitSperre<T>(fn: () => Promise<T>): Promise<{ erhalten: true; ergebnis: T } | { erhalten: false }> {
      if (database.kind !== 'postgres') return { erhalten: true, ergebnis: await fn() };
      const pool = (db as unknown as { $client: pg.Pool }).$client;
      const client = await pool.connect();
      let kaputt = false;
      try {
        const r = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [LINKCHECK_LOCK]);
        if (!r.rows[0]?.ok) return { erhalten: false };
        try {
          return { erhalten: true, ergebnis: await fn() };
        } finally {
          await client.query('select pg_advisory_unlock($1)', [LINKCHECK_LOCK]).catch(() => {
            kaputt = true; // dropping the connection releases the lock as well
          });
        }
      } finally {
        client.release(kaputt);
      }
    },

    /** Whether any session (another instance) holds the lock right now. */
    async sperreBelegt(): Promise<boolean> {
      const [r] = await rows<{ belegt: boolean }>(sql`select exists (select 1 from pg_locks
        where locktype = 'advisory' and classid = 0 and objid = ${LINKCHECK_LOCK} and objsubid = 1 and granted) as belegt`);
      return Boolean(r?.belegt);
    },
  };
};

export type LinkcheckRepository = ReturnType<typeof createLinkcheckRepository>;
