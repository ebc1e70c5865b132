/** The only place with SQL for the OZG-Checklisten. */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../shared/db';
import { behoerden } from '../shared/schema';
import { checklisten, checklistenAntworten, checklistenVersionen } from './checklisten.tables';

export type ChecklisteRow = typeof checklisten.$inferSelect;
export type VersionRow = typeof checklistenVersionen.$inferSelect;
export type AntwortRow = typeof checklistenAntworten.$inferSelect;

export const createChecklistenRepository = (db: Db) => ({
  db,

  async alle(): Promise<(ChecklisteRow & { veroeffentlicht: number | null; entwurf: number | null })[]> {
    const rows = await db
      .select({
        c: checklisten,
        veroeffentlicht: sql<number | null>`(select max(v.version) from checklisten_versionen v where v.checkliste_id = checklisten.id and v.status = 'veroeffentlicht')`,
        entwurf: sql<number | null>`(select max(v.version) from checklisten_versionen v where v.checkliste_id = checklisten.id and v.status = 'entwurf')`,
      })
      .from(checklisten)
      .orderBy(asc(checklisten.titel));
    return rows.map((r) => ({ ...r.c, veroeffentlicht: r.veroeffentlicht === null ? null : Number(r.veroeffentlicht), entwurf: r.entwurf === null ? null : Number(r.entwurf) }));
  },

  async checkliste(id: string, tx: Db = db): Promise<ChecklisteRow | undefined> {
    const [r] = await tx.select().from(checklisten).where(eq(checklisten.id, id));
    return r;
  },

  async legeAn(tx: Db, c: typeof checklisten.$inferInsert): Promise<ChecklisteRow> {
    const [r] = await tx.insert(checklisten).values(c).returning();
    return r;
  },

  async titelVergeben(titel: string): Promise<boolean> {
    return (await db.select({ id: checklisten.id }).from(checklisten).where(sql`lower(${checklisten.titel}) = lower(${titel})`)).length > 0;
  },

  async entwurf(id: string, tx: Db = db): Promise<VersionRow | undefined> {
    const [r] = await tx.select().from(checklistenVersionen).where(and(eq(checklistenVersionen.checklisteId, id), eq(checklistenVersionen.status, 'entwurf')));
    return r;
  },

  async veroeffentlicht(id: string, tx: Db = db): Promise<VersionRow | undefined> {
    const [r] = await tx
      .select()
      .from(checklistenVersionen)
      .where(and(eq(checklistenVersionen.checklisteId, id), eq(checklistenVersionen.status, 'veroeffentlicht')))
      .orderBy(desc(checklistenVersionen.version))
      .limit(1);
    return r;
  },

  async hoechsteVersion(tx: Db, id: string): Promise<number> {
    const [r] = await tx.select({ n: sql<number>`coalesce(max(${checklistenVersionen.version}), 0)::int` }).from(checklistenVersionen).where(eq(checklistenVersionen.checklisteId, id));
    return r.n;
  },

  async sperre(tx: Db, id: string): Promise<void> {
    await tx.execute(sql`select id from checklisten where id = ${id} for update`);
  },

  async legeVersionAn(tx: Db, v: typeof checklistenVersionen.$inferInsert): Promise<VersionRow> {
    const [r] = await tx.insert(checklistenVersionen).values(v).returning();
    return r;
  },

  async aendereVersion(tx: Db, versionId: string, set: Partial<VersionRow>): Promise<void> {
    await tx.update(checklistenVersionen).set(set).where(eq(checklistenVersionen.id, versionId));
  },

  async antworten(checklisteId: string, ars?: string, tx: Db = db): Promise<AntwortRow[]> {
    return tx
      .select()
      .from(checklistenAntworten)
      .where(and(eq(checklistenAntworten.checklisteId, checklisteId), ars ? eq(checklistenAntworten.behoerdeArs, ars) : undefined));
  },

  async speichereAntwort(tx: Db, a: AntwortRow): Promise<void> {
    await tx
      .insert(checklistenAntworten)
      .values(a)
      .onConflictDoUpdate({
        target: [checklistenAntworten.behoerdeArs, checklistenAntworten.checklisteId, checklistenAntworten.punkt],
        set: { status: a.status, kommentar: a.kommentar, punktHash: a.punktHash, version: a.version, geaendertVon: a.geaendertVon, geaendertVonLabel: a.geaendertVonLabel, geaendertAm: a.geaendertAm },
      });
  },

  async behoerdenNamen(arsList: string[]): Promise<Map<string, string>> {
    if (arsList.length === 0) return new Map();
    const rows = await db.select({ ars: behoerden.ars, name: behoerden.name }).from(behoerden).where(inArray(behoerden.ars, arsList));
    return new Map(rows.map((r) => [r.ars, r.name]));
  },
});

export type ChecklistenRepository = ReturnType<typeof createChecklistenRepository>;
