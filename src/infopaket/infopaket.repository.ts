/** The only place with SQL for the Informationspaket. */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../shared/db';
import { infoseiten, infoseitenVersionen } from './infopaket.tables';

export type SeiteRow = typeof infoseiten.$inferSelect;
export type SeitenVersionRow = typeof infoseitenVersionen.$inferSelect;
export type VeroeffentlichteSeite = SeiteRow & { titel: string; markdown: string; version: number; veroeffentlichtAm: Date | null };

export const createInfopaketRepository = (db: Db) => ({
  db,

  /** Every page with its latest published version (optionally matching a search term). */
  async veroeffentlicht(suche?: string): Promise<VeroeffentlichteSeite[]> {
    const muster = suche ? `%${suche.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
    const rows = await db.execute(sql`
      select s.id, s.slug, s.komponente, s.angelegt_am as "angelegtAm", v.titel, v.markdown, v.version, v.veroeffentlicht_am as "veroeffentlichtAm"
      from infoseiten s
      join lateral (select * from infoseiten_versionen x where x.seite_id = s.id and x.status = 'veroeffentlicht' order by x.version desc limit 1) v on true
      ${muster ? sql`where v.titel ilike ${muster} or v.markdown ilike ${muster} or s.komponente ilike ${muster}` : sql``}
      order by s.komponente, v.titel`);
    return rows.rows as unknown as VeroeffentlichteSeite[];
  },

  async alle(): Promise<(SeiteRow & { titel: string; veroeffentlicht: number | null; entwurf: number | null })[]> {
    const rows = await db.execute(sql`
      select s.id, s.slug, s.komponente, s.angelegt_am as "angelegtAm",
        (select x.titel from infoseiten_versionen x where x.seite_id = s.id order by x.version desc limit 1) as titel,
        (select max(x.version) from infoseiten_versionen x where x.seite_id = s.id and x.status = 'veroeffentlicht')::int as veroeffentlicht,
        (select max(x.version) from infoseiten_versionen x where x.seite_id = s.id and x.status = 'entwurf')::int as entwurf
      from infoseiten s order by s.komponente, s.slug`);
    return rows.rows as never;
  },

  async seite(id: string): Promise<SeiteRow | undefined> {
    const [r] = await db.select().from(infoseiten).where(eq(infoseiten.id, id));
    return r;
  },

  async seiteNachSlug(slug: string): Promise<SeiteRow | undefined> {
    const [r] = await db.select().from(infoseiten).where(eq(infoseiten.slug, slug));
    return r;
  },

  async legeAn(tx: Db, s: typeof infoseiten.$inferInsert): Promise<SeiteRow> {
    const [r] = await tx.insert(infoseiten).values(s).returning();
    return r;
  },

  async entwurf(id: string, tx: Db = db): Promise<SeitenVersionRow | undefined> {
    const [r] = await tx.select().from(infoseitenVersionen).where(and(eq(infoseitenVersionen.seiteId, id), eq(infoseitenVersionen.status, 'entwurf')));
    return r;
  },

  async letzteVeroeffentlichte(id: string): Promise<SeitenVersionRow | undefined> {
    const [r] = await db
      .select()
      .from(infoseitenVersionen)
      .where(and(eq(infoseitenVersionen.seiteId, id), eq(infoseitenVersionen.status, 'veroeffentlicht')))
      .orderBy(desc(infoseitenVersionen.version))
      .limit(1);
    return r;
  },

  async versionen(id: string): Promise<SeitenVersionRow[]> {
    return db.select().from(infoseitenVersionen).where(eq(infoseitenVersionen.seiteId, id)).orderBy(asc(infoseitenVersionen.version));
  },

  async sperre(tx: Db, id: string) {
    await tx.execute(sql`select id from infoseiten where id = ${id} for update`);
  },

  async hoechsteVersion(tx: Db, id: string): Promise<number> {
    const [r] = await tx.select({ n: sql<number>`coalesce(max(${infoseitenVersionen.version}), 0)::int` }).from(infoseitenVersionen).where(eq(infoseitenVersionen.seiteId, id));
    return Number(r.n);
  },

  async legeVersionAn(tx: Db, v: typeof infoseitenVersionen.$inferInsert) {
    await tx.insert(infoseitenVersionen).values(v);
  },

  async aendereVersion(tx: Db, id: string, set: Partial<SeitenVersionRow>) {
    await tx.update(infoseitenVersionen).set(set).where(eq(infoseitenVersionen.id, id));
  },
});

export type InfopaketRepository = ReturnType<typeof createInfopaketRepository>;
