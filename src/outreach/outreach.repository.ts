/** The only place with SQL for the outreach campaigns, their send queue and unsubscriptions. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../shared/db';
import { mails } from '../shared/schema';
import { outreachAbmeldungen, outreachEmpfaenger, outreachKampagnen } from './outreach.tables';

export type OutreachRepository = ReturnType<typeof createOutreachRepository>;
export type KampagneRow = typeof outreachKampagnen.$inferSelect;
export type EmpfaengerRow = typeof outreachEmpfaenger.$inferSelect;

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
  async auswahl(f: AuswahlFilter, schwellen: { default: number; bezirk: number }, jetzt: Date): Promise<AuswahlTreffer[]> {
    const schwelle = sql`(case when b.typ = 'bezirk' then ${schwellen.bezirk}::int else ${schwellen.default}::int end)`;
    const bis = f.monateOhneAenderung ? new Date(Date.UTC(jetzt.getUTCFullYear(), jetzt.getUTCMonth() - f.monateOhneAenderung, jetzt.getUTCDate())) : undefined;
    const rows = await db.execute(sql`
      select b.ars, b.name, b.typ, b.regbez_key, coalesce(z.anzahl, 0)::int as anzahl, ${schwelle} as schwelle,
        coalesce((select array_agg(distinct lower(u.email) order by lower(u.email)) from user_behoerden ub join users u on u.id = ub.user_id
                  where ub.behoerde_ars = b.ars and u.role = 'kommune_editor' and u.active
                    and not exists (select 1 from outreach_abmeldungen a where a.email = lower(u.email))), '{}') as adressen
      from behoerden b left join zaehlstaende z on z.behoerde_ars = b.ars
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

  async legeKampagneAn(tx: Db, k: typeof outreachKampagnen.$inferInsert): Promise<KampagneRow> {
    const [r] = await tx.insert(outreachKampagnen).values(k).returning();
    return r;
  },

  async fuegeEmpfaengerHinzu(tx: Db, rows: (typeof outreachEmpfaenger.$inferInsert)[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) await tx.insert(outreachEmpfaenger).values(rows.slice(i, i + 500)).onConflictDoNothing();
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
   * Takes the next row to send: waiting, or left `in_arbeit` by a run that crashed more than
   * `verwaistNach` ago. One statement with SKIP LOCKED: two runs never take the same row.
   */
  async naechster(id: string, jetzt: Date, verwaistNach: Date): Promise<EmpfaengerRow | undefined> {
    const rows = await db.execute(sql`
      update outreach_empfaenger set status = 'in_arbeit', versucht_am = ${jetzt}
      where id = (select id from outreach_empfaenger where kampagne_id = ${id}
                    and (status = 'wartend' or (status = 'in_arbeit' and versucht_am < ${verwaistNach}))
                  order by lower(an), behoerde_ars limit 1 for update skip locked)
      returning id`);
    const rid = (rows.rows[0] as { id: string } | undefined)?.id;
    if (!rid) return undefined;
    const [r] = await db.select().from(outreachEmpfaenger).where(eq(outreachEmpfaenger.id, rid));
    return r;
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
