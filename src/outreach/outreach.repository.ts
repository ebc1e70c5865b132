/** The only place with SQL for the outreach campaigns, their send queue and unsubscriptions. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../shared/db';
import { mails } from '../shared/schema';
import type { Schwellen } from '../shared/schwellen';
import { schwelleSql } from '../verlinkung/verlinkung.repository';
import { outreachAbmeldungen, outreachBriefe, outreachEmpfaenger, outreachKampagnen } from './outreach.tables';

export type OutreachRepository = ReturnType<typeof createOutreachRepository>;
export type KampagneRow = typeof outreachKampagnen.$inferSelect;
export type EmpfaengerRow = typeof outreachEmpfaenger.$inferSelect;

/** A letter of a campaign with the Behörde's postal details the platform has. */
export interface BriefZeile {
  behoerde_ars: string;
  name: string;
  typ: string;
  sitz: string | null;
  plz: string | null;
  anzahl: number;
  schwelle: number;
  betreff: string;
  text: string;
}

/** Lock class of the outreach send rate (`pg_advisory_xact_lock(727600, 0)`): one lock for every campaign and instance. */
const OUTREACH_RATE_LOCK = 727600;

export interface AuswahlFilter {
  /** Below this share of the threshold, in percent (e.g. 50). */
  anteilUnter?: number;
  /** No change of the links for this many months. */
  monateOhneAenderung?: number;
  /** Regierungsbezirk (3 digits). */
  regbezKey?: string;
}

export interface AuswahlTreffer {
  ars: string;
  name: string;
  typ: string;
  regbez_key: string;
  anzahl: number;
  schwelle: number;
  /** Addresses of the Behörde's active editors that did not unsubscribe. */
  adressen: string[];
}

export const createOutreachRepository = (db: Db) => ({
  db,

  /**
   * Behörden matching the filter. „No change for N months“: no entry in `verlinkung_ereignisse`
   * since then, and the count then (last point in `verlinkung_zaehlstaende`) equals today's.
   */
  async auswahl(f: AuswahlFilter, schwellen: Schwellen, jetzt: Date): Promise<AuswahlTreffer[]> {
    const schwelle = schwelleSql(sql`b.typ`, schwellen);
    const bis = f.monateOhneAenderung ? new Date(Date.UTC(jetzt.getUTCFullYear(), jetzt.getUTCMonth() - f.monateOhneAenderung, jetzt.getUTCDate())) : undefined;
    // The editors' addresses grouped once and hash-joined (a subquery per Behörde scanned
    // user_behoerden 1,463 times for a campaign to all).
    const rows = await db.execute(sql`
      with adressen as (
        select ub.behoerde_ars, array_agg(distinct lower(u.email) order by lower(u.email)) as adressen
        from user_behoerden ub join users u on u.id = ub.user_id
        where u.role = 'kommune_editor' and u.active
          and not exists (select 1 from outreach_abmeldungen a where a.email = lower(u.email))
        group by ub.behoerde_ars
      )
      select b.ars, b.name, b.typ, b.regbez_key, coalesce(z.anzahl, 0)::int as anzahl, ${schwelle} as schwelle,
        coalesce(ad.adressen, '{}') as adressen
      from behoerden b left join zaehlstaende z on z.behoerde_ars = b.ars
      left join adressen ad on ad.behoerde_ars = b.ars
      where true
        ${f.regbezKey ? sql`and b.regbez_key = ${f.regbezKey}` : sql``}
        ${f.anteilUnter !== undefined ? sql`and coalesce(z.anzahl, 0) * 100 < ${f.anteilUnter}::int * ${schwelle}` : sql``}
        ${
          bis
            ? sql`and not exists (select 1 from verlinkung_ereignisse e where e.behoerde_ars = b.ars and e.at >= ${bis})
                  and coalesce((select s.anzahl from verlinkung_zaehlstaende s where s.behoerde_ars = b.ars and s.tag <= ${bis.toISOString().slice(0, 10)}::date order by s.tag desc limit 1), coalesce(z.anzahl, 0)) = coalesce(z.anzahl, 0)`
            : sql``
        }
      order by b.name, b.ars`);
    return rows.rows as unknown as AuswahlTreffer[];
  },

  /** The Regierungsbezirke of Bavaria (the filter's choices), by key. */
  async regierungsbezirke(): Promise<{ key: string; name: string }[]> {
    return (await db.execute(sql`select ars as key, name from gebiete where ebene = 'regierungsbezirk' and land_key = '09' order by ars`)).rows as { key: string; name: string }[];
  },

  async legeKampagneAn(tx: Db, k: typeof outreachKampagnen.$inferInsert): Promise<KampagneRow> {
    const [r] = await tx.insert(outreachKampagnen).values(k).returning();
    return r;
  },

  async fuegeEmpfaengerHinzu(tx: Db, rows: (typeof outreachEmpfaenger.$inferInsert)[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) await tx.insert(outreachEmpfaenger).values(rows.slice(i, i + 500)).onConflictDoNothing();
  },

  async fuegeBriefeHinzu(tx: Db, rows: (typeof outreachBriefe.$inferInsert)[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) await tx.insert(outreachBriefe).values(rows.slice(i, i + 500)).onConflictDoNothing();
  },

  /** The letters of a campaign, by name, with the Behörde's seat, postcode and count. */
  async briefe(id: string, schwellen: Schwellen): Promise<BriefZeile[]> {
    const rows = (
      await db.execute(sql`
        select b.ars as behoerde_ars, b.name, b.typ, b.sitz, b.plz, coalesce(z.anzahl, 0)::int as anzahl,
          ${schwelleSql(sql`b.typ`, schwellen)} as schwelle, r.betreff, r.text
        from outreach_briefe r join behoerden b on b.ars = r.behoerde_ars left join zaehlstaende z on z.behoerde_ars = b.ars
        where r.kampagne_id = ${id} order by b.name, b.ars`)
    ).rows as unknown as BriefZeile[];
    return rows.map((r) => ({ ...r, anzahl: Number(r.anzahl), schwelle: Number(r.schwelle) }));
  },

  async kampagnen(): Promise<(KampagneRow & { stand: Record<string, number> })[]> {
    const ks = await db.select().from(outreachKampagnen).orderBy(sql`${outreachKampagnen.erstelltAm} desc`);
    return Promise.all(ks.map(async (k) => ({ ...k, stand: await this.stand(k.id) })));
  },

  async kampagne(id: string): Promise<KampagneRow | undefined> {
    const [r] = await db.select().from(outreachKampagnen).where(eq(outreachKampagnen.id, id));
    return r;
  },

  async stand(id: string): Promise<Record<string, number>> {
    const rows = await db.select({ status: outreachEmpfaenger.status, n: sql<number>`count(*)::int` }).from(outreachEmpfaenger).where(eq(outreachEmpfaenger.kampagneId, id)).groupBy(outreachEmpfaenger.status);
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  },

  async empfaenger(id: string, limit = 50, offset = 0): Promise<EmpfaengerRow[]> {
    return db.select().from(outreachEmpfaenger).where(eq(outreachEmpfaenger.kampagneId, id)).orderBy(asc(outreachEmpfaenger.an), asc(outreachEmpfaenger.behoerdeArs)).limit(limit).offset(offset);
  },

  async setzeGestartet(id: string, am: Date) {
    await db.update(outreachKampagnen).set({ versandGestartetAm: am }).where(and(eq(outreachKampagnen.id, id), sql`${outreachKampagnen.versandGestartetAm} is null`));
  },

  /**
   * Takes the next row to send under the send rate, which holds for ALL campaigns and instances
   * together: in one transaction under one advisory lock it counts the mails sent in the minute
   * before `jetzt` and the rows in flight (`in_arbeit`, taken after `verwaistNach`, possibly being
   * sent right now, on any instance); only below `proMinute` does it take the next row — waiting,
   * or left `in_arbeit` by a run that crashed before `verwaistNach` — with SKIP LOCKED, so two runs
   * never take the same row. As every mail sent counts from its claim to a minute after its
   * `versendet_am`, no 60-second span of `versendet_am` holds more than `proMinute` mails.
   *
   * Returns the row; `leer` when the campaign has nothing left to take; or `freiIn`, the
   * milliseconds until the oldest mail of the last minute leaves the window (a row in flight
   * without one: one second, to look again).
   */
  async naechster(id: string, o: { jetzt: Date; verwaistNach: Date; proMinute: number }): Promise<{ row: EmpfaengerRow } | { leer: true } | { freiIn: number }> {
    const minuteVorher = new Date(o.jetzt.getTime() - 60_000);
    const ergebnis = await db.transaction(async (tx): Promise<{ rid: string } | { leer: true } | { freiIn: number }> => {
      await tx.execute(sql`select pg_advisory_xact_lock(${OUTREACH_RATE_LOCK}::int, 0)`);
      const [frei] = (
        await tx.execute(sql`
          select id from outreach_empfaenger where kampagne_id = ${id}
            and (status = 'wartend' or (status = 'in_arbeit' and versucht_am < ${o.verwaistNach}))
          order by lower(an), behoerde_ars limit 1 for update skip locked`)
      ).rows as { id: string }[];
      if (!frei) return { leer: true };
      const [belegt] = (
        await tx.execute(sql`
          select count(*)::int as n, min(versendet_am) filter (where status = 'versendet') as aeltester
          from outreach_empfaenger
          where (status = 'versendet' and versendet_am > ${minuteVorher})
             or (status = 'in_arbeit' and versucht_am >= ${o.verwaistNach})`)
      ).rows as { n: number; aeltester: Date | string | null }[];
      if (Number(belegt.n) >= o.proMinute) {
        const aeltester = belegt.aeltester === null ? undefined : new Date(belegt.aeltester);
        return { freiIn: aeltester ? Math.max(50, aeltester.getTime() + 60_000 - o.jetzt.getTime()) : 1000 };
      }
      await tx.execute(sql`update outreach_empfaenger set status = 'in_arbeit', versucht_am = ${o.jetzt} where id = ${frei.id}`);
      return { rid: frei.id };
    });
    if (!('rid' in ergebnis)) return ergebnis;
    const [r] = await db.select().from(outreachEmpfaenger).where(eq(outreachEmpfaenger.id, ergebnis.rid));
    return { row: r };
  },

  /** The mail log entry of an earlier attempt that did go out (a crash after sending, before marking). */
  async bereitsVersendet(empfaengerId: string): Promise<string | undefined> {
    const [m] = await db.select({ id: mails.id }).from(mails).where(and(eq(mails.objectType, 'outreach_empfaenger'), eq(mails.objectId, empfaengerId), eq(mails.status, 'versendet'))).limit(1);
    return m?.id;
  },

  async setzeErgebnis(empfaengerId: string, set: Partial<EmpfaengerRow>) {
    await db.update(outreachEmpfaenger).set(set).where(eq(outreachEmpfaenger.id, empfaengerId));
  },

  async istAbgemeldet(email: string): Promise<boolean> {
    return (await db.select().from(outreachAbmeldungen).where(eq(outreachAbmeldungen.email, email.toLowerCase()))).length > 0;
  },

  async meldeAb(email: string, am: Date): Promise<void> {
    await db.insert(outreachAbmeldungen).values({ email: email.toLowerCase(), abgemeldetAm: am }).onConflictDoNothing();
    // Waiting mails to this address are not sent any more.
    await db.update(outreachEmpfaenger).set({ status: 'abgemeldet' }).where(and(sql`lower(${outreachEmpfaenger.an}) = ${email.toLowerCase()}`, eq(outreachEmpfaenger.status, 'wartend')));
  },
});
