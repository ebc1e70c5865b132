/** The only place with SQL for the virtuelle Informationsveranstaltungen. */
import { and, asc, eq, gte, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../shared/db';
import { mails } from '../shared/schema';
import { veranstaltungAnmeldungen, veranstaltungen } from './veranstaltungen.tables';

export type VeranstaltungRow = typeof veranstaltungen.$inferSelect;
export type TeilnahmeRow = typeof veranstaltungAnmeldungen.$inferSelect;
export type VeranstaltungMitBelegung = VeranstaltungRow & { angemeldet: number };

/** Places taken: confirmed registrations only (an unconfirmed one holds no place). */
const belegung = sql<number>`(select count(*)::int from veranstaltung_anmeldungen a where a.veranstaltung_id = veranstaltungen.id and a.bestaetigt_am is not null)`;

export const createVeranstaltungenRepository = (db: Db) => ({
  db,

  async alle(ab?: Date): Promise<VeranstaltungMitBelegung[]> {
    const rows = await db
      .select({ v: veranstaltungen, angemeldet: belegung })
      .from(veranstaltungen)
      .where(ab ? gte(veranstaltungen.ende, ab) : undefined)
      .orderBy(asc(veranstaltungen.beginn));
    return rows.map((r) => ({ ...r.v, angemeldet: Number(r.angemeldet) }));
  },

  async eine(id: string, tx: Db = db): Promise<VeranstaltungMitBelegung | undefined> {
    const [r] = await tx.select({ v: veranstaltungen, angemeldet: belegung }).from(veranstaltungen).where(eq(veranstaltungen.id, id));
    return r ? { ...r.v, angemeldet: Number(r.angemeldet) } : undefined;
  },

  async sperre(tx: Db, id: string) {
    await tx.execute(sql`select id from veranstaltungen where id = ${id} for update`);
  },

  async legeAn(tx: Db, v: typeof veranstaltungen.$inferInsert): Promise<VeranstaltungRow> {
    const [r] = await tx.insert(veranstaltungen).values(v).returning();
    return r;
  },

  /** The registration of this address for the event, if any (confirmed or not). */
  async anmeldungVon(tx: Db, id: string, email: string): Promise<TeilnahmeRow | undefined> {
    const [r] = await tx
      .select()
      .from(veranstaltungAnmeldungen)
      .where(and(eq(veranstaltungAnmeldungen.veranstaltungId, id), sql`lower(${veranstaltungAnmeldungen.email}) = lower(${email})`));
    return r;
  },

  async loescheAnmeldung(tx: Db, anmeldungId: string) {
    await tx.delete(veranstaltungAnmeldungen).where(eq(veranstaltungAnmeldungen.id, anmeldungId));
  },

  async meldeAn(tx: Db, a: typeof veranstaltungAnmeldungen.$inferInsert): Promise<TeilnahmeRow> {
    const [r] = await tx.insert(veranstaltungAnmeldungen).values(a).returning();
    return r;
  },

  /** The unconfirmed registration of the event whose confirmation token has this hash. */
  async unbestaetigteMitHash(tx: Db, id: string, hash: string): Promise<TeilnahmeRow | undefined> {
    const [r] = await tx
      .select()
      .from(veranstaltungAnmeldungen)
      .where(and(eq(veranstaltungAnmeldungen.veranstaltungId, id), eq(veranstaltungAnmeldungen.bestaetigungHash, hash)));
    return r;
  },

  /** Confirms a registration: it holds a place from now on; the token is spent. */
  async bestaetige(tx: Db, anmeldungId: string, am: Date): Promise<TeilnahmeRow> {
    const [r] = await tx
      .update(veranstaltungAnmeldungen)
      .set({ bestaetigtAm: am, bestaetigungHash: null, bestaetigungBis: null })
      .where(eq(veranstaltungAnmeldungen.id, anmeldungId))
      .returning();
    return r;
  },

  /** Confirmation mails sent to this address since `seit` (all events): the limit per recipient. */
  async bestaetigungsMailsAn(tx: Db, email: string, seit: Date, art: string): Promise<number> {
    const [r] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(mails)
      .where(and(sql`lower(${mails.an}) = lower(${email})`, eq(mails.art, art), gte(mails.erstelltAm, seit)));
    return Number(r?.n ?? 0);
  },

  /** Deletes registrations whose confirmation link ran out unused: no personal data kept for nothing. */
  async loescheVerfallene(jetzt: Date): Promise<number> {
    const r = await db
      .delete(veranstaltungAnmeldungen)
      .where(and(sql`${veranstaltungAnmeldungen.bestaetigtAm} is null`, sql`${veranstaltungAnmeldungen.bestaetigungBis} <= ${jetzt}`))
      .returning({ id: veranstaltungAnmeldungen.id });
    return r.length;
  },

  /** Confirmed registrations (the attendance list) and how many wait for confirmation. */
  async teilnehmende(id: string): Promise<{ bestaetigt: TeilnahmeRow[]; unbestaetigt: number }> {
    const alle = await db.select().from(veranstaltungAnmeldungen).where(eq(veranstaltungAnmeldungen.veranstaltungId, id)).orderBy(asc(veranstaltungAnmeldungen.angemeldetAm), asc(veranstaltungAnmeldungen.name));
    return { bestaetigt: alle.filter((a) => a.bestaetigtAm), unbestaetigt: alle.filter((a) => !a.bestaetigtAm).length };
  },

  async setzeTeilnahme(tx: Db, id: string, anwesend: Set<string>): Promise<void> {
    const bestaetigt = and(eq(veranstaltungAnmeldungen.veranstaltungId, id), isNotNull(veranstaltungAnmeldungen.bestaetigtAm));
    for (const t of await tx.select({ id: veranstaltungAnmeldungen.id }).from(veranstaltungAnmeldungen).where(bestaetigt)) {
      await tx.update(veranstaltungAnmeldungen).set({ teilgenommen: anwesend.has(t.id) }).where(eq(veranstaltungAnmeldungen.id, t.id));
    }
  },

  /**
   * Claims the confirmed registrations of events starting in [von, bis) that got no reminder yet,
   * marking them in the same statement: each is reminded once, even with several instances running.
   */
  async beanspruche(von: Date, bis: Date, jetzt: Date): Promise<{ anmeldung: TeilnahmeRow; veranstaltung: VeranstaltungRow }[]> {
    const ids = (
      await db.execute(sql`
        update veranstaltung_anmeldungen set erinnert_am = ${jetzt}
        where erinnert_am is null and bestaetigt_am is not null and veranstaltung_id in (select id from veranstaltungen where beginn >= ${von} and beginn < ${bis})
        returning id`)
    ).rows.map((r: unknown) => (r as { id: string }).id);
    if (ids.length === 0) return [];
    const rows = await db
      .select({ anmeldung: veranstaltungAnmeldungen, veranstaltung: veranstaltungen })
      .from(veranstaltungAnmeldungen)
      .innerJoin(veranstaltungen, eq(veranstaltungen.id, veranstaltungAnmeldungen.veranstaltungId))
      .where(inArray(veranstaltungAnmeldungen.id, ids));
    return rows;
  },
});

export type VeranstaltungenRepository = ReturnType<typeof createVeranstaltungenRepository>;
