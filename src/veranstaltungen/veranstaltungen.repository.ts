/** The only place with SQL for the virtuelle Informationsveranstaltungen. */
import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '../shared/db';
import { veranstaltungAnmeldungen, veranstaltungen } from './veranstaltungen.tables';

export type VeranstaltungRow = typeof veranstaltungen.$inferSelect;
export type TeilnahmeRow = typeof veranstaltungAnmeldungen.$inferSelect;
export type VeranstaltungMitBelegung = VeranstaltungRow & { angemeldet: number };

const belegung = sql<number>`(select count(*)::int from veranstaltung_anmeldungen a where a.veranstaltung_id = veranstaltungen.id)`;

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

  async angemeldet(tx: Db, id: string, email: string): Promise<boolean> {
    const rows = await tx
      .select({ id: veranstaltungAnmeldungen.id })
      .from(veranstaltungAnmeldungen)
      .where(and(eq(veranstaltungAnmeldungen.veranstaltungId, id), sql`lower(${veranstaltungAnmeldungen.email}) = lower(${email})`));
    return rows.length > 0;
  },

  async meldeAn(tx: Db, a: typeof veranstaltungAnmeldungen.$inferInsert): Promise<TeilnahmeRow> {
    const [r] = await tx.insert(veranstaltungAnmeldungen).values(a).returning();
    return r;
  },

  async teilnehmende(id: string): Promise<TeilnahmeRow[]> {
    return db.select().from(veranstaltungAnmeldungen).where(eq(veranstaltungAnmeldungen.veranstaltungId, id)).orderBy(asc(veranstaltungAnmeldungen.angemeldetAm), asc(veranstaltungAnmeldungen.name));
  },

  async setzeTeilnahme(tx: Db, id: string, anwesend: Set<string>): Promise<void> {
    for (const t of await tx.select({ id: veranstaltungAnmeldungen.id }).from(veranstaltungAnmeldungen).where(eq(veranstaltungAnmeldungen.veranstaltungId, id))) {
      await tx.update(veranstaltungAnmeldungen).set({ teilgenommen: anwesend.has(t.id) }).where(eq(veranstaltungAnmeldungen.id, t.id));
    }
  },

  /**
   * Claims the registrations of events starting in [von, bis) that got no reminder yet, marking
   * them in the same statement: each is reminded once, even with several instances running.
   */
  async beanspruche(von: Date, bis: Date, jetzt: Date): Promise<{ anmeldung: TeilnahmeRow; veranstaltung: VeranstaltungRow }[]> {
    const ids = (
      await db.execute(sql`
        update veranstaltung_anmeldungen set erinnert_am = ${jetzt}
        where erinnert_am is null and veranstaltung_id in (select id from veranstaltungen where beginn >= ${von} and beginn < ${bis})
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
