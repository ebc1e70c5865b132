/** The only place with SQL for the Grundkurs Digitallotse. */
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../shared/db';
import { behoerden } from '../shared/schema';
import { digitallotseAnmeldungen, digitallotseAnwesenheit, digitallotseKurse } from './digitallotse.tables';

export type KursRow = typeof digitallotseKurse.$inferSelect;
export type AnmeldungRow = typeof digitallotseAnmeldungen.$inferSelect;
export type AnmeldungMitBehoerde = AnmeldungRow & { behoerdeName: string; module: number[] };
export type KursMitBelegung = KursRow & { belegt: number; warteliste: number };

export const createDigitallotseRepository = (db: Db) => ({
  db,

  async kurse(abTag?: string, id?: string): Promise<KursMitBelegung[]> {
    const rows = await db
      .select({
        kurs: digitallotseKurse,
        belegt: sql<number>`count(*) filter (where ${digitallotseAnmeldungen.status} = 'platz')::int`,
        warteliste: sql<number>`count(*) filter (where ${digitallotseAnmeldungen.status} = 'warteliste')::int`,
      })
      .from(digitallotseKurse)
      .leftJoin(digitallotseAnmeldungen, eq(digitallotseAnmeldungen.kursId, digitallotseKurse.id))
      .where(and(abTag ? sql`${digitallotseKurse.ende} >= ${abTag}` : undefined, id ? eq(digitallotseKurse.id, id) : undefined))
      .groupBy(digitallotseKurse.id)
      .orderBy(asc(digitallotseKurse.beginn), asc(digitallotseKurse.titel));
    return rows.map((r) => ({ ...r.kurs, belegt: r.belegt, warteliste: r.warteliste }));
  },

  async kurs(id: string, tx: Db = db): Promise<KursRow | undefined> {
    const [r] = await tx.select().from(digitallotseKurse).where(eq(digitallotseKurse.id, id));
    return r;
  },

  /** Locks the course row: registrations of one course are decided one after the other. */
  async kursForUpdate(tx: Db, id: string): Promise<KursRow | undefined> {
    await tx.execute(sql`select id from digitallotse_kurse where id = ${id} for update`);
    return this.kurs(id, tx);
  },

  async legeKursAn(tx: Db, k: typeof digitallotseKurse.$inferInsert): Promise<KursRow> {
    const [r] = await tx.insert(digitallotseKurse).values(k).returning();
    return r;
  },

  async belegtePlaetze(tx: Db, kursId: string): Promise<number> {
    const [r] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(digitallotseAnmeldungen)
      .where(and(eq(digitallotseAnmeldungen.kursId, kursId), eq(digitallotseAnmeldungen.status, 'platz')));
    return r.n;
  },

  /** The subsidised, not cancelled registration of a Behörde, with its course (at most one). */
  async gefoerderteAnmeldung(tx: Db, ars: string): Promise<(AnmeldungRow & { kursTitel: string; kursBeginn: string }) | undefined> {
    const [r] = await tx
      .select({ a: digitallotseAnmeldungen, kursTitel: digitallotseKurse.titel, kursBeginn: digitallotseKurse.beginn })
      .from(digitallotseAnmeldungen)
      .innerJoin(digitallotseKurse, eq(digitallotseKurse.id, digitallotseAnmeldungen.kursId))
      .where(and(eq(digitallotseAnmeldungen.behoerdeArs, ars), eq(digitallotseAnmeldungen.gefoerdert, true), ne(digitallotseAnmeldungen.status, 'storniert')));
    return r ? { ...r.a, kursTitel: r.kursTitel, kursBeginn: r.kursBeginn } : undefined;
  },

  async personAngemeldet(tx: Db, kursId: string, email: string): Promise<boolean> {
    const rows = await tx
      .select({ id: digitallotseAnmeldungen.id })
      .from(digitallotseAnmeldungen)
      .where(and(eq(digitallotseAnmeldungen.kursId, kursId), sql`lower(${digitallotseAnmeldungen.teilnehmerEmail}) = lower(${email})`, ne(digitallotseAnmeldungen.status, 'storniert')));
    return rows.length > 0;
  },

  async legeAnmeldungAn(tx: Db, a: typeof digitallotseAnmeldungen.$inferInsert): Promise<AnmeldungRow> {
    const [r] = await tx.insert(digitallotseAnmeldungen).values(a).returning();
    return r;
  },

  async anmeldung(id: string, tx: Db = db): Promise<AnmeldungRow | undefined> {
    const [r] = await tx.select().from(digitallotseAnmeldungen).where(eq(digitallotseAnmeldungen.id, id));
    return r;
  },

  async setzeStatus(tx: Db, id: string, set: Partial<Pick<AnmeldungRow, 'status' | 'storniertAm' | 'abgeschlossenAm'>>): Promise<void> {
    await tx.update(digitallotseAnmeldungen).set(set).where(eq(digitallotseAnmeldungen.id, id));
  },

  /** The first on the waiting list of a course (who registered first moves up first). */
  async ersteAufWarteliste(tx: Db, kursId: string): Promise<AnmeldungRow | undefined> {
    const [r] = await tx
      .select()
      .from(digitallotseAnmeldungen)
      .where(and(eq(digitallotseAnmeldungen.kursId, kursId), eq(digitallotseAnmeldungen.status, 'warteliste')))
      .orderBy(asc(digitallotseAnmeldungen.angemeldetAm), asc(digitallotseAnmeldungen.id))
      .limit(1);
    return r;
  },

  /** Registrations of a course (or of some Behörden), with the attended modules. */
  async anmeldungen(filter: { kursId?: string; behoerden?: string[] }): Promise<AnmeldungMitBehoerde[]> {
    if (filter.behoerden && filter.behoerden.length === 0) return [];
    const rows = await db
      .select({
        a: digitallotseAnmeldungen,
        behoerdeName: behoerden.anzeigename,
        module: sql<number[]>`coalesce((select array_agg(w.modul order by w.modul) from digitallotse_anwesenheit w where w.anmeldung_id = digitallotse_anmeldungen.id and w.anwesend), '{}')`,
      })
      .from(digitallotseAnmeldungen)
      .innerJoin(behoerden, eq(behoerden.ars, digitallotseAnmeldungen.behoerdeArs))
      .where(
        and(
          filter.kursId ? eq(digitallotseAnmeldungen.kursId, filter.kursId) : undefined,
          filter.behoerden ? inArray(digitallotseAnmeldungen.behoerdeArs, filter.behoerden) : undefined,
        ),
      )
      .orderBy(asc(digitallotseAnmeldungen.angemeldetAm), asc(digitallotseAnmeldungen.id));
    return rows.map((r) => ({ ...r.a, behoerdeName: r.behoerdeName, module: (r.module ?? []).map(Number) }));
  },

  async setzeAnwesenheit(tx: Db, anmeldungId: string, modul: number, anwesend: boolean, von: string, am: Date): Promise<void> {
    await tx
      .insert(digitallotseAnwesenheit)
      .values({ anmeldungId, modul, anwesend, erfasstVon: von, erfasstAm: am })
      .onConflictDoUpdate({ target: [digitallotseAnwesenheit.anmeldungId, digitallotseAnwesenheit.modul], set: { anwesend, erfasstVon: von, erfasstAm: am } });
  },

  async anwesendeModule(tx: Db, anmeldungId: string): Promise<number[]> {
    const rows = await tx
      .select({ modul: digitallotseAnwesenheit.modul })
      .from(digitallotseAnwesenheit)
      .where(and(eq(digitallotseAnwesenheit.anmeldungId, anmeldungId), eq(digitallotseAnwesenheit.anwesend, true)))
      .orderBy(asc(digitallotseAnwesenheit.modul));
    return rows.map((r) => r.modul);
  },

  /** Does the Behörde have a Digitallotse (someone who completed the course)? */
  async digitallotsen(ars: string): Promise<{ name: string; abgeschlossenAm: Date }[]> {
    const rows = await db
      .select({ name: digitallotseAnmeldungen.teilnehmerName, abgeschlossenAm: digitallotseAnmeldungen.abgeschlossenAm })
      .from(digitallotseAnmeldungen)
      .where(and(eq(digitallotseAnmeldungen.behoerdeArs, ars), sql`${digitallotseAnmeldungen.abgeschlossenAm} is not null`))
      .orderBy(asc(digitallotseAnmeldungen.abgeschlossenAm));
    return rows.map((r) => ({ name: r.name, abgeschlossenAm: r.abgeschlossenAm as Date }));
  },

  async behoerdeName(ars: string, tx: Db = db): Promise<string | undefined> {
    const [r] = await tx.select({ name: behoerden.anzeigename }).from(behoerden).where(eq(behoerden.ars, ars));
    return r?.name;
  },
});

export type DigitallotseRepository = ReturnType<typeof createDigitallotseRepository>;
