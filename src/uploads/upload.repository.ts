/**
 * The only place with SQL for bulk uploads. Every lookup takes all keys of a file at once
 * (`= any($1)`, `unnest`) and every write is one statement per table, so 100,000 rows cost a
 * handful of statements instead of 100,000 round trips. Create it on a transaction
 * (`createUploadRepository(tx)`) to read and write inside that transaction.
 */
import { type SQL, sql } from 'drizzle-orm';

import type { CopyDaten } from '../shared/copy-binaer';
import { type Db, type MassenTyp, kopiereDaten, massenZeilen } from '../shared/db';
import { type LeistungPaar, LEISTUNG_SPALTEN, LINK_SPALTEN, leistungenKopie, linksKopie, mitCommit, nachId, nachVerfahrenUndArs, nachVerfahrenUndLeistung, VERFAHREN_SPALTEN, verfahrenKopie } from './upload.kopie';
import { type NormalisierteUrl, normalisiereUrl } from '../verlinkung/url-normalisierung';
import type { UploadFehler } from './upload.types';
import { type Role } from '../shared/handelnde';
import { rollenVon } from '../auth/roles';

/** An array bound as ONE parameter (drizzle would otherwise expand it into a list). */
const arr = (values: unknown[]) => sql.param(values);

/** A link a commit writes; `adresse`: the keys of `url` when the check has them already. */
export interface NeuerLink {
  ars: string;
  verfahrenId: string;
  url: string | null;
  adresse?: NormalisierteUrl;
}

/**
 * The foreign keys of a commit's bulk rows, checked in the statement that writes them: on the
 * embedded database the commit switches the per-row key triggers off (`fremdschluesselJeZeile`),
 * so each write counts its rows whose key is missing — from the rows it has at hand, no second
 * pass over the written tables — and this throws when there is one: the transaction rolls back as
 * the triggers would have made it. (On PostgreSQL the triggers stay on and fire first.)
 */
const fehlendeSchluessel = (fehlend: number | string, was: string) => {
  if (Number(fehlend) > 0) throw new Error(`bulk commit: ${fehlend} of the ${was} refer to a missing Behörde, procedure or LeiKa service`);
};

/** Links `t` (below) whose Behörde or procedure does not exist: the keys of the links and of their events. */
const fehlendSql = sql`(select count(*) from t where not exists (select 1 from behoerden b where b.ars = t.ars)
  or not exists (select 1 from online_verfahren o where o.id = t.vid))::int`;

/** Who writes a commit's links, and for which upload. */
export interface LinkSchreiben {
  at: Date;
  actorId: string;
  actorLabel: string;
  quelle: string;
  uploadId: string;
  dateiname: string;
}

/**
 * The `upload` events of links added by an upload: ONE per Behörde from `quelle` (rows with `ars`
 * and `vid`, filtered by `wo`), with how many, the file and the procedures' ids. One event per link
 * (100,000 rows for a 100,000-row upload) cost about a second of a large commit in the embedded
 * database and filled a Behörde's history with thousands of lines of the same change.
 */
const uploadEreignisse = (quelle: SQL, ctx: LinkSchreiben, wo: SQL = sql`true`) => sql`
  select q.ars, null::uuid, 'upload', null::jsonb,
    jsonb_build_object('anzahl', count(*), 'dateiname', ${ctx.dateiname}::text, 'verfahren', jsonb_agg(q.vid order by q.vid)),
    ${ctx.actorId}::uuid, ${ctx.actorLabel}::text, ${ctx.quelle}::text, ${ctx.uploadId}::uuid, ${iso(ctx.at)}::timestamptz
  from ${quelle} as q where ${wo} group by q.ars`;

/** The rows of a link write: `ars, vid, url, url_schluessel, url_hostpfad`. */
const linkZeilen = (l: NeuerLink[], n: ({ schluessel: string; hostPfad: string } | undefined)[]) =>
  massenZeilen(
    [['ars', 'text'], ['vid', 'uuid'], ['url', 'text'], ['url_schluessel', 'text'], ['url_hostpfad', 'text']],
    l.map((x, i) => [x.ars, x.verfahrenId, x.url, n[i]?.schluessel ?? null, n[i]?.hostPfad ?? null]),
  );

export interface BehoerdeKurz {
  ars: string;
  name: string;
  aktiv: boolean;
}

export interface KatalogEintrag {
  id: string;
  name: string;
  url: string;
  bereitstellung: string;
  anbieter_ars: string | null;
  anbieter_user_id: string | null;
  aktiv: boolean;
  externe_id: string | null;
}

export interface EigenerEintrag extends KatalogEintrag {
  /** LeiKa keys of the entry, sorted. */
  leika: string[];
}

export interface UploadRow {
  id: string;
  format: string;
  dateiname: string;
  user_id: string;
  user_email: string;
  status: string;
  zeilen: number;
  fehler_anzahl: number;
  statistik: unknown;
  created_at: Date;
  committed_at: Date | null;
}

export interface NeuesVerfahrenRow {
  id: string;
  name: string;
  beschreibung: string;
  url: string;
  art: string;
  vertrauensniveau: string;
  externeId: string | null;
  anbieterArs: string | null;
  anbieterUserId: string | null;
  /** The URL's keys when the check has them already (else computed on writing). */
  adresse?: NormalisierteUrl;
}

const iso = (d: Date) => d.toISOString();

/** A unique violation (SQLSTATE 23505), also when wrapped by the driver or drizzle. */
export const istEindeutigkeitsVerletzung = (e: unknown): boolean => {
  for (let x = e as { code?: string; cause?: unknown } | undefined, i = 0; x && i < 5; x = x.cause as typeof x, i++) {
    if (x.code === '23505') return true;
  }
  return false;
};

/** Prepared COPY rows must be those of exactly the rows written (a kept plan without them lacks the names). */
const genau = (vorbereitet: CopyDaten, zeilen: readonly unknown[]): CopyDaten => {
  if (vorbereitet.zeilen !== zeilen.length) throw new Error(`prepared rows for ${vorbereitet.zeilen} rows, not ${zeilen.length}`);
  return vorbereitet;
};

/** The distinct values of `werte` without null. */
const eindeutig = <T extends string | number>(werte: readonly (T | null | undefined)[]): T[] => [...new Set(werte.filter((w): w is T => w !== null && w !== undefined))];

/**
 * Create it on a transaction. `kopieren` (embedded database only, where the commit has switched
 * the per-row key triggers off): the commit's new procedures, their LeiKa links and new links are
 * written with `COPY` (upload.kopie.ts) and their keys checked as sets of distinct values.
 */
export const createUploadRepository = (db: Db, opts: { kopieren?: boolean } = {}) => {
  const rows = async <T>(q: SQL) => (await db.execute(q)).rows as T[];
  /** Ids of the procedures written through this repository in its transaction: they exist, no look-up needed. */
  const geschrieben = new Set<string>();
  /** How many of the distinct `werte` have no row in `tabelle` (keys checked as a set). */
  const fehlendeWerte = async (typ: MassenTyp, werte: readonly (string | number)[], tabelle: 'behoerden' | 'online_verfahren' | 'leika_leistungen', spalte: 'ars' | 'id') => {
    if (werte.length === 0) return 0;
    const [r] = await rows<{ n: number }>(sql`
      select count(*)::int as n from ${massenZeilen([['w', typ]], werte.map((w) => [w]))} as t
      where not exists (select 1 from ${sql.raw(tabelle)} x where x.${sql.raw(spalte)} = t.w)`);
    return Number(r.n);
  };
  /** Of the procedures `ids` refer to, how many exist neither as written here nor in the catalogue. */
  const fehlendeVerfahren = (ids: readonly string[]) =>
    fehlendeWerte(
      'uuid',
      eindeutig(ids).filter((id) => !geschrieben.has(id)),
      'online_verfahren',
      'id',
    );
  /**
   * `schreibeNeueLinks` with `COPY` (the rows in key order, or the dry run's rows of them): the
   * links, then one `upload` event per Behörde built here (the same content as `uploadEreignisse`),
   * then the keys of both as sets.
   */
  const neueLinksKopieren = async (sp: Db, l: NeuerLink[], ctx: LinkSchreiben, vorbereitet?: CopyDaten): Promise<number> => {
    await kopiereDaten(sp, 'verlinkungen', LINK_SPALTEN.namen, (vorbereitet ? mitCommit(vorbereitet, ctx.at, ctx.actorId) : linksKopie(l, ctx.at, ctx.actorId)).daten);
    const jeBehoerde = new Map<string, string[]>();
    for (const x of l) {
      const ids = jeBehoerde.get(x.ars);
      if (ids) ids.push(x.verfahrenId);
      else jeBehoerde.set(x.ars, [x.verfahrenId]);
    }
    const ereignisse = [...jeBehoerde].map(([ars, ids]) => [ars, JSON.stringify({ anzahl: ids.length, dateiname: ctx.dateiname, verfahren: ids.sort() })]);
    await sp.execute(sql`
      insert into verlinkung_ereignisse (behoerde_ars, verfahren_id, aktion, vorher, nachher, actor_id, actor_label, quelle, upload_id, at)
      select t.ars, null, 'upload', null, t.nachher::jsonb, ${ctx.actorId}::uuid, ${ctx.actorLabel}::text, ${ctx.quelle}::text, ${ctx.uploadId}::uuid, ${iso(ctx.at)}::timestamptz
      from ${massenZeilen([['ars', 'text'], ['nachher', 'text']], ereignisse)} as t`);
    const fehlend = (await fehlendeWerte('text', [...jeBehoerde.keys()], 'behoerden', 'ars')) + (await fehlendeVerfahren(l.map((x) => x.verfahrenId)));
    fehlendeSchluessel(fehlend, 'links and their events');
    return l.length;
  };

  return {
    db,

    async behoerden(arsList: string[]): Promise<BehoerdeKurz[]> {
      if (arsList.length === 0) return [];
      return rows<BehoerdeKurz>(sql`select ars, name, aktiv from behoerden where ars = any(${arr(arsList)}::text[])`);
    },

    /** 12-digit ARS of Gemeinden by their 8-digit AGS (an XZuFi gebietID may be one). */
    async arsVonAgs(ags: string[]): Promise<Map<string, string>> {
      if (ags.length === 0) return new Map();
      const r = await rows<{ ags: string; ars: string }>(sql`select ags, ars from gebiete where ebene = 'gemeinde' and ags = any(${arr(ags)}::text[])`);
      return new Map(r.map((x) => [x.ags, x.ars]));
    },

    /**
     * For keys without a Behörde of their own (the 9-digit key of a verbandsfreie Gemeinde, the
     * 5-digit key of a kreisfreie Stadt): the Behörde if exactly one administers all Gemeinden
     * whose key starts with it.
     */
    async einzigeBehoerdeUnter(praefixe: string[]): Promise<Map<string, string>> {
      if (praefixe.length === 0) return new Map();
      const r = await rows<{ p: string; ars: string }>(sql`
        select p.p, min(bg.behoerde_ars) as ars
        from unnest(${arr(praefixe)}::text[]) as p(p)
        join behoerde_gemeinden bg on bg.gemeinde_ars like p.p || '%'
        join behoerden b on b.ars = bg.behoerde_ars
        group by p.p having count(distinct bg.behoerde_ars) = 1`);
      return new Map(r.map((x) => [x.p, x.ars]));
    },

    async leika(schluessel: string[]): Promise<{ id: number; schluessel: string }[]> {
      if (schluessel.length === 0) return [];
      const r = await rows<{ id: number; schluessel: string }>(
        sql`select id, schluessel from leika_leistungen where schluessel = any(${arr(schluessel)}::text[])`,
      );
      return r.map((x) => ({ id: Number(x.id), schluessel: x.schluessel }));
    },

    async verfahrenNachId(ids: string[]): Promise<KatalogEintrag[]> {
      if (ids.length === 0) return [];
      return rows<KatalogEintrag>(sql`
        select id::text as id, name, url, bereitstellung, anbieter_ars, anbieter_user_id::text as anbieter_user_id, aktiv, externe_id
        from online_verfahren where id = any(${arr(ids)}::uuid[])`);
    },

    async verfahrenNachExterneId(externeIds: string[]): Promise<KatalogEintrag[]> {
      if (externeIds.length === 0) return [];
      return rows<KatalogEintrag>(sql`
        select id::text as id, name, url, bereitstellung, anbieter_ars, anbieter_user_id::text as anbieter_user_id, aktiv, externe_id
        from online_verfahren where externe_id = any(${arr(externeIds)}::text[])`);
    },

    /**
     * The uploader's own kommunale entries with one of these names (for matching rows without
     * externe_id by name + URL + LeiKa keys): an IT-Dienstleister's by `anbieter_user_id`, anyone
     * else's by the Behörde (`anbieter_ars`).
     */
    async eigeneVerfahren(namen: string[], eigentuemer: { userId: string } | { arsList: string[] }): Promise<EigenerEintrag[]> {
      if (namen.length === 0) return [];
      const owner =
        'userId' in eigentuemer
          ? sql`o.anbieter_user_id = ${eigentuemer.userId}::uuid`
          : sql`o.anbieter_user_id is null and o.anbieter_ars = any(${arr(eigentuemer.arsList)}::text[])`;
      // The names as one array looked up by hash in a single pass over the catalogue (PostgreSQL 14
      // and later hash a large `= any()`), and the LeiKa keys by a join instead of a subquery per
      // entry. A join with the names as a table was planned as a nested loop over 100,000 × 100,000
      // rows on a server whose statistics did not yet know a large upload (minutes).
      return rows<EigenerEintrag>(sql`
        with e as (
          select o.id, o.name, o.url, o.bereitstellung, o.anbieter_ars, o.anbieter_user_id, o.aktiv, o.externe_id, o.created_at
          from online_verfahren o
          where o.name = any(${arr([...new Set(namen)])}::text[]) and o.bereitstellung = 'kommunal' and ${owner}
        )
        select o.id::text as id, o.name, o.url, o.bereitstellung, o.anbieter_ars, o.anbieter_user_id::text as anbieter_user_id, o.aktiv, o.externe_id,
          coalesce(array_agg(l.schluessel order by l.schluessel) filter (where l.schluessel is not null), '{}') as leika
        from e o
        left join verfahren_leistungen vl on vl.verfahren_id = o.id
        left join leika_leistungen l on l.id = vl.leika_id
        group by o.id, o.name, o.url, o.bereitstellung, o.anbieter_ars, o.anbieter_user_id, o.aktiv, o.externe_id, o.created_at
        order by o.created_at, o.id`);
    },

    /** Behörden served by the given (provider) accounts: `user_id → ars[]`. */
    async betreuteBehoerden(userIds: string[]): Promise<Map<string, Set<string>>> {
      const m = new Map<string, Set<string>>();
      if (userIds.length === 0) return m;
      const r = await rows<{ user_id: string; behoerde_ars: string }>(
        sql`select user_id::text as user_id, behoerde_ars from user_behoerden where user_id = any(${arr(userIds)}::uuid[])`,
      );
      for (const x of r) {
        if (!m.has(x.user_id)) m.set(x.user_id, new Set());
        m.get(x.user_id)?.add(x.behoerde_ars);
      }
      return m;
    },

    /** Existing links among the given (Behörde, Verfahren) pairs. */
    async bestehendeLinks(ars: string[], verfahrenIds: string[]): Promise<{ behoerde_ars: string; verfahren_id: string; url: string | null }[]> {
      if (ars.length === 0) return [];
      return rows(sql`
        select v.behoerde_ars, v.verfahren_id::text as verfahren_id, v.url
        from unnest(${arr(ars)}::text[], ${arr(verfahrenIds)}::uuid[]) as t(ars, vid)
        join verlinkungen v on v.behoerde_ars = t.ars and v.verfahren_id = t.vid`);
    },

    /** The uploader as the permission rules see them (role and Behörden), read now. */
    async handelnde(userId: string): Promise<{ id: string; email: string; role: Role; roles: Role[]; behoerden: string[] } | undefined> {
      const [u] = await rows<{ id: string; email: string; role: Role; zusatzrollen: string[]; active: boolean; behoerden: string[] }>(sql`
        select u.id::text as id, u.email, u.role, u.zusatzrollen, u.active,
          coalesce(array(select ub.behoerde_ars from user_behoerden ub where ub.user_id = u.id order by 1), '{}') as behoerden
        from users u where u.id = ${userId}::uuid`);
      if (!u || !u.active) return undefined;
      // Every role, as a request's session has them (auth.repository `toSessionUser`).
      return { id: u.id, email: u.email, role: u.role, roles: rollenVon(u), behoerden: u.behoerden };
    },

    /* ------------------------------------------------------------ the uploads table */

    async insertUpload(u: {
      format: string;
      dateiname: string;
      userId: string;
      status: string;
      zeilen: number;
      fehler: UploadFehler[];
      daten: unknown;
      statistik: unknown;
      at: Date;
    }) {
      // json parameters go as text: a 100,000-row upload is one parameter of a few MB.
      const [r] = await rows<{ id: string }>(sql`
        insert into uploads (format, dateiname, user_id, status, zeilen, fehler, daten, statistik, created_at)
        values (${u.format}, ${u.dateiname}, ${u.userId}::uuid, ${u.status}, ${u.zeilen}, ${JSON.stringify(u.fehler)}::jsonb,
          ${JSON.stringify(u.daten)}::json, ${JSON.stringify(u.statistik)}::jsonb, ${iso(u.at)}::timestamptz)
        returning id::text as id`);
      return r.id;
    },

    /**
     * The data stand of the upload check (migration 0026): advanced by every statement that writes
     * a table the check reads. Read by a dry run before it checks and by a commit before it writes.
     */
    async datenstand(): Promise<number> {
      const [r] = await rows<{ n: number | string }>(sql`select case when is_called then last_value else 0 end as n from pruef_datenstand`);
      return Number(r.n);
    },

    async findUpload(id: string): Promise<UploadRow | undefined> {
      const [r] = await rows<UploadRow>(sql`
        select up.id::text as id, up.format, up.dateiname, up.user_id::text as user_id, u.email as user_email, up.status, up.zeilen,
          jsonb_array_length(up.fehler)::int as fehler_anzahl, up.statistik, up.created_at, up.committed_at
        from uploads up join users u on u.id = up.user_id where up.id = ${id}::uuid`);
      return r ? { ...r, zeilen: Number(r.zeilen), fehler_anzahl: Number(r.fehler_anzahl) } : undefined;
    },

    /** Locks the upload row until the end of the transaction: a second commit waits, then sees the new status. */
    async lockUpload(id: string): Promise<{ id: string; user_id: string; status: string; format: string; dateiname: string } | undefined> {
      const [r] = await rows<{ id: string; user_id: string; status: string; format: string; dateiname: string }>(sql`
        select id::text as id, user_id::text as user_id, status, format, dateiname from uploads where id = ${id}::uuid for update`);
      return r;
    },

    async daten(id: string): Promise<unknown> {
      const [r] = await rows<{ daten: unknown }>(sql`select daten from uploads where id = ${id}::uuid`);
      return typeof r?.daten === 'string' ? JSON.parse(r.daten) : r?.daten;
    },

    /** One page of the stored errors (the list can have hundreds of thousands of entries). */
    async fehlerSeite(id: string, offset: number, limit: number): Promise<UploadFehler[]> {
      const r = await rows<{ f: UploadFehler | string }>(sql`
        select e.f from uploads up, jsonb_array_elements(up.fehler) with ordinality as e(f, n)
        where up.id = ${id}::uuid order by e.n offset ${offset} limit ${limit}`);
      return r.map((x) => (typeof x.f === 'string' ? JSON.parse(x.f) : x.f));
    },

    async listUploads(filter: { userId?: string }, limit: number): Promise<UploadRow[]> {
      const r = await rows<UploadRow>(sql`
        select up.id::text as id, up.format, up.dateiname, up.user_id::text as user_id, u.email as user_email, up.status, up.zeilen,
          jsonb_array_length(up.fehler)::int as fehler_anzahl, up.statistik, up.created_at, up.committed_at
        from uploads up join users u on u.id = up.user_id
        ${filter.userId ? sql`where up.user_id = ${filter.userId}::uuid` : sql``}
        order by up.created_at desc, up.id limit ${limit}`);
      return r.map((x) => ({ ...x, zeilen: Number(x.zeilen), fehler_anzahl: Number(x.fehler_anzahl) }));
    },

    async setStatus(id: string, s: { status: string; fehler?: UploadFehler[]; statistik?: unknown; committedAt?: Date }) {
      await db.execute(sql`
        update uploads set status = ${s.status}
          ${s.fehler ? sql`, fehler = ${JSON.stringify(s.fehler)}::jsonb` : sql``}
          ${s.statistik ? sql`, statistik = ${JSON.stringify(s.statistik)}::jsonb` : sql``}
          ${s.committedAt ? sql`, committed_at = ${iso(s.committedAt)}::timestamptz` : sql``}
        where id = ${id}::uuid`);
    },

    /* ------------------------------------------------------------ the commit, set-based */

    /** New procedures; `vorbereitet`: the dry run's COPY rows of exactly these (upload.kopie.ts). */
    async insertVerfahren(neu: NeuesVerfahrenRow[], at: Date, vorbereitet?: CopyDaten) {
      if (neu.length === 0) return;
      if (opts.kopieren) {
        const zeilen = vorbereitet ? mitCommit(genau(vorbereitet, neu), at, '') : verfahrenKopie([...neu].sort(nachId), at);
        await kopiereDaten(db, 'online_verfahren', VERFAHREN_SPALTEN.namen, zeilen.daten);
        fehlendeSchluessel(await fehlendeWerte('text', eindeutig(neu.map((x) => x.anbieterArs)), 'behoerden', 'ars'), 'new procedures');
        for (const x of neu) geschrieben.add(x.id);
        return;
      }
      const v = [...neu].sort(nachId);
      const n = v.map((x) => x.adresse ?? normalisiereUrl(x.url));
      const [r] = await rows<{ fehlend: number }>(sql`
        with t as (select * from ${massenZeilen(
          [['id', 'uuid'], ['name', 'text'], ['beschreibung', 'text'], ['art', 'text'], ['anbieter_ars', 'text'], ['anbieter_user_id', 'uuid'],
           ['url', 'text'], ['vertrauensniveau', 'text'], ['externe_id', 'text'], ['url_schluessel', 'text'], ['url_hostpfad', 'text']],
          v.map((x, i) => [x.id, x.name, x.beschreibung, x.art, x.anbieterArs, x.anbieterUserId, x.url, x.vertrauensniveau, x.externeId, n[i].schluessel, n[i].hostPfad]),
        )} as t), w as (
          insert into online_verfahren (id, name, beschreibung, bereitstellung, art, anbieter_ars, anbieter_user_id, url, vertrauensniveau, externe_id,
            mobil_optimiert, demo, aktiv, created_at, updated_at, url_schluessel, url_hostpfad)
          select id, name, beschreibung, 'kommunal', art, anbieter_ars, anbieter_user_id, url, vertrauensniveau, externe_id,
            true, false, true, ${iso(at)}::timestamptz, ${iso(at)}::timestamptz, url_schluessel, url_hostpfad
          from t
          returning 1
        )
        select (select count(*) from t where t.anbieter_ars is not null and not exists (select 1 from behoerden b where b.ars = t.anbieter_ars))::int as fehlend`);
      fehlendeSchluessel(r.fehlend, 'new procedures');
      for (const x of v) geschrieben.add(x.id);
    },

    /** LeiKa links of new procedures; `vorbereitet`: the dry run's COPY rows of exactly these pairs. */
    async insertVerfahrenLeistungen(neu: LeistungPaar[], vorbereitet?: CopyDaten) {
      if (neu.length === 0) return;
      const paare = opts.kopieren && vorbereitet ? neu : [...neu].sort(nachVerfahrenUndLeistung);
      if (opts.kopieren) {
        await kopiereDaten(db, 'verfahren_leistungen', LEISTUNG_SPALTEN.namen, (vorbereitet ? genau(vorbereitet, neu) : leistungenKopie(paare)).daten);
        const fehlend = (await fehlendeVerfahren(paare.map((p) => p.verfahrenId))) + (await fehlendeWerte('int', eindeutig(paare.map((p) => p.leikaId)), 'leika_leistungen', 'id'));
        fehlendeSchluessel(fehlend, 'LeiKa links of new procedures');
        return;
      }
      const [r] = await rows<{ fehlend: number }>(sql`
        with t as (select * from ${massenZeilen([['verfahren_id', 'uuid'], ['leika_id', 'int']], paare.map((p) => [p.verfahrenId, p.leikaId]))} as t), w as (
          insert into verfahren_leistungen (verfahren_id, leika_id) select verfahren_id, leika_id from t returning 1
        )
        select (select count(*) from t where not exists (select 1 from online_verfahren o where o.id = t.verfahren_id)
          or not exists (select 1 from leika_leistungen l where l.id = t.leika_id))::int as fehlend`);
      fehlendeSchluessel(r.fehlend, 'LeiKa links of new procedures');
    },

    /**
     * Inside a large commit's transaction, before the recount: fresh planner statistics of the
     * tables the commit wrote (`analyze` counts the transaction's own new rows) — PGlite runs no
     * autovacuum, a server's runs later; with the statistics of before, the next upload's check for
     * the same Behörden planned a nested loop
     * over 5,000 × 100,000 names and a hash of the whole LeiKa catalogue per link (≈ 100 s instead
     * of 3) — and 64 MB working memory for the rest of the transaction. With a sample of 7,500 rows
     * per table (statistics target 25 instead of 100): 0.1 instead of 0.3 s after 100,000 new
     * procedures; the row counts and the most common values that decide these plans come out the
     * same, histograms are coarser until the next full `analyze` (e.g. when demo data are written).
     */
    async nachGrossemCommit() {
      await db.execute(sql.raw('set local default_statistics_target = 25'));
      await db.execute(sql.raw('analyze online_verfahren, verfahren_leistungen, verlinkungen'));
      await db.execute(sql.raw(`set local work_mem = '64MB'`));
    },

    /**
     * Embedded database (PGlite) only, inside the commit's transaction: `false` switches the
     * per-row triggers off until `true` — above all PostgreSQL's foreign-key triggers, one query
     * per row and key (≈ 400,000 for 100,000 links with their events, half of the commit's time
     * there). Each bulk write then checks the same keys for its rows within its statement
     * (`fehlendeSchluessel`) and throws when one is missing, so the transaction rolls back as the
     * triggers would have made it. PGlite has one connection and runs transactions one after
     * another, so no other transaction can delete a referenced row meanwhile (what the triggers'
     * row locks guard against on a server). `SET LOCAL` ends with the transaction in any case.
     * The tables written here have no other triggers (uploads test „foreign keys checked as a
     * set“ holds both facts against the catalogue).
     */
    async fremdschluesselJeZeile(an: boolean) {
      await db.execute(sql.raw(`set local session_replication_role = ${an ? 'origin' : 'replica'}`));
    },

    /**
     * The new links of a commit (the check found no link of the pair) with one `upload` event per
     * Behörde (`uploadEreignisse`): a plain insert — no conflict arbiter and no look-up of a link before, which
     * `schreibeLinks` needs for changed URLs. Should a link of one of the pairs have appeared since
     * the check (a single link change between the check and the Behörde's lock), the insert fails
     * on the primary key; it is undone to its savepoint and the links go through `schreibeLinks`,
     * which updates such a link as before. Returns how many links were written.
     */
    async schreibeNeueLinks(l: NeuerLink[], ctx: LinkSchreiben, vorbereitet?: CopyDaten): Promise<number> {
      if (l.length === 0) return 0;
      // In key order: the index pages and the foreign-key lookups are visited in sequence.
      const sortiert = [...l].sort(nachVerfahrenUndArs);
      try {
        return await db.transaction(async (sp) => {
          if (opts.kopieren) return neueLinksKopieren(sp, sortiert, ctx, vorbereitet ? genau(vorbereitet, l) : undefined);
          const n = sortiert.map((x) => (x.url ? (x.adresse ?? normalisiereUrl(x.url)) : undefined));
          const [r] = (
            await sp.execute(sql`
            with t as (
              select * from ${linkZeilen(sortiert, n)} as t
            ), w as (
              insert into verlinkungen (behoerde_ars, verfahren_id, url, linked_at, linked_by, demo, url_schluessel, url_hostpfad)
              select ars, vid, url, ${iso(ctx.at)}::timestamptz, ${ctx.actorId}::uuid, false, url_schluessel, url_hostpfad from t
              returning behoerde_ars as ars, verfahren_id as vid
            ), e as (
              insert into verlinkung_ereignisse (behoerde_ars, verfahren_id, aktion, vorher, nachher, actor_id, actor_label, quelle, upload_id, at)
              ${uploadEreignisse(sql`w`, ctx)}
              returning 1
            ) select (select count(*) from w)::int as n, ${fehlendSql} as fehlend`)
          ).rows as { n: number; fehlend: number }[];
          fehlendeSchluessel(r.fehlend, 'links and their events');
          return Number(r.n);
        });
      } catch (e) {
        if (!istEindeutigkeitsVerletzung(e)) throw e;
        return this.schreibeLinks(l, ctx);
      }
    },

    /**
     * Inserts new links, sets the URL of changed ones and writes their events — one `geaendert`
     * per changed link, one `upload` per Behörde for the new ones — ONE statement: the CTE `alt`
     * reads the links as they were before the statement (its snapshot), so the event knows the URL
     * before, and the catalogue's address comes from the catalogue (also of procedures inserted
     * earlier in the transaction). Returns how many links were written.
     */
    async schreibeLinks(l: NeuerLink[], ctx: LinkSchreiben): Promise<number> {
      if (l.length === 0) return 0;
      // In key order: the index pages and the foreign-key lookups are visited in sequence.
      const sortiert = [...l].sort(nachVerfahrenUndArs);
      const n = sortiert.map((x) => (x.url ? (x.adresse ?? normalisiereUrl(x.url)) : undefined));
      const [r] = await rows<{ n: number; fehlend: number }>(sql`
        with t as (
          select * from ${linkZeilen(sortiert, n)} as t
        ), alt as (
          select t.ars, t.vid, t.url, v.url as alt_url, v.behoerde_ars is not null as vorhanden
          from t left join verlinkungen v on v.behoerde_ars = t.ars and v.verfahren_id = t.vid
        ), w as (
          insert into verlinkungen (behoerde_ars, verfahren_id, url, linked_at, linked_by, demo, url_schluessel, url_hostpfad)
          select ars, vid, url, ${iso(ctx.at)}::timestamptz, ${ctx.actorId}::uuid, false, url_schluessel, url_hostpfad from t
          on conflict (behoerde_ars, verfahren_id) do update set url = excluded.url, demo = false,
            url_schluessel = excluded.url_schluessel, url_hostpfad = excluded.url_hostpfad
          returning 1
        ), e as (
          insert into verlinkung_ereignisse (behoerde_ars, verfahren_id, aktion, vorher, nachher, actor_id, actor_label, quelle, upload_id, at)
          select a.ars, a.vid, 'geaendert', jsonb_build_object('url', coalesce(a.alt_url, o.url)), jsonb_build_object('url', coalesce(a.url, o.url)),
            ${ctx.actorId}::uuid, ${ctx.actorLabel}::text, ${ctx.quelle}::text, ${ctx.uploadId}::uuid, ${iso(ctx.at)}::timestamptz
          from alt a join online_verfahren o on o.id = a.vid where a.vorhanden
          union all
          ${uploadEreignisse(sql`alt`, ctx, sql`not q.vorhanden`)}
          returning 1
        ) select (select count(*) from w)::int as n, ${fehlendSql} as fehlend`);
      fehlendeSchluessel(r.fehlend, 'links and their events');
      return Number(r.n);
    },
  };
};

export type UploadRepository = ReturnType<typeof createUploadRepository>;
