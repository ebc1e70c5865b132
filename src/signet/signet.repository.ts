/** The only SQL of the signet: award facts for the signet, keys, status-list indices, version. */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../shared/db';
import { signetSchluessel, signetStatusIndex } from './signet.tables';

export interface SignetFakten {
  zertifikatNr: string;
  status: 'gueltig' | 'ausgesetzt' | 'widerrufen';
  verliehenAm: string;
  demo: boolean;
  ars: string;
  name: string;
  kurzname: string;
  /** The name as citizens read it ("Markt Simbach", "Stadt Amberg"): what the signet and the certificate show. */
  anzeigename: string;
  typ: string;
}

export type SchluesselRow = typeof signetSchluessel.$inferSelect;

export const createSignetRepository = (db: Db) => ({
  db,

  /** One row: the award with its Behörde (everything the signet and the credential show). */
  async fakten(nr: string): Promise<SignetFakten | undefined> {
    const rows = (
      await db.execute(sql`
        select p.zertifikat_nr, p.status, p.verliehen_am::text as verliehen_am, p.demo, b.ars, b.name, b.kurzname, b.anzeigename, b.typ
        from praedikate p join behoerden b on b.ars = p.behoerde_ars
        where p.zertifikat_nr = ${nr}`)
    ).rows as Record<string, unknown>[];
    const r = rows[0];
    if (!r) return undefined;
    return {
      zertifikatNr: String(r.zertifikat_nr),
      status: r.status as SignetFakten['status'],
      verliehenAm: String(r.verliehen_am).slice(0, 10),
      demo: Boolean(r.demo),
      ars: String(r.ars),
      name: String(r.name),
      kurzname: String(r.kurzname),
      anzeigename: String(r.anzeigename ?? r.name),
      typ: String(r.typ),
    };
  },

  /** A cheap version of all award states: changes whenever an event is recorded or an award added. */
  async version(): Promise<string> {
    const rows = (
      await db.execute(sql`select (select coalesce(max(id), 0) from praedikat_ereignisse)::text || '.' || (select count(*) from praedikate)::text as v`)
    ).rows as { v: string }[];
    return rows[0]?.v ?? '0';
  },

  /** Index of an award in the status lists; assigned on first use. */
  async statusIndex(nr: string): Promise<number> {
    await db.insert(signetStatusIndex).values({ zertifikatNr: nr }).onConflictDoNothing();
    const [r] = await db.select({ i: signetStatusIndex.listenIndex }).from(signetStatusIndex).where(eq(signetStatusIndex.zertifikatNr, nr));
    return r.i;
  },

  /** Every award with a status index and its current status (for building the lists). */
  async statusEintraege(): Promise<{ index: number; status: string }[]> {
    const rows = (
      await db.execute(sql`select s.listen_index as i, p.status from signet_status_index s join praedikate p on p.zertifikat_nr = s.zertifikat_nr where s.liste = 1`)
    ).rows as { i: number; status: string }[];
    return rows.map((r) => ({ index: Number(r.i), status: r.status }));
  },

  /** Gives every award that has none an index (so the lists cover every award). */
  async indizesVergeben(): Promise<void> {
    await db.execute(sql`insert into signet_status_index (zertifikat_nr) select zertifikat_nr from praedikate p
      where not exists (select 1 from signet_status_index s where s.zertifikat_nr = p.zertifikat_nr) order by zertifikat_nr on conflict do nothing`);
  },

  schluessel: () => db.select().from(signetSchluessel).orderBy(signetSchluessel.erstelltAm),

  async aktiverSchluessel(): Promise<SchluesselRow | undefined> {
    const [r] = await db.select().from(signetSchluessel).where(eq(signetSchluessel.aktiv, true));
    return r;
  },

  /** Inserts a first key unless another process was faster (partial unique index on `aktiv`). */
  async ersterSchluessel(row: typeof signetSchluessel.$inferInsert): Promise<void> {
    await db.insert(signetSchluessel).values(row).onConflictDoNothing();
  },

  /**
   * Re-wraps keys in one transaction: every key row is locked (`FOR UPDATE`, so instances starting
   * together take turns and the second sees the first one's result), `plan` decides from the locked
   * rows which `private_enc` to replace and whether a new active key replaces the current one.
   * An exception in `plan` rolls everything back.
   */
  async umschluesseln<T extends { neu: { kid: string; privateEnc: string }[]; ersetzeAktiven?: typeof signetSchluessel.$inferInsert }>(
    plan: (rows: SchluesselRow[]) => T,
    am: Date,
  ): Promise<T> {
    return db.transaction(async (tx) => {
      const rows = await tx.select().from(signetSchluessel).orderBy(signetSchluessel.erstelltAm).for('update');
      const p = plan(rows);
      for (const n of p.neu) await tx.update(signetSchluessel).set({ privateEnc: n.privateEnc }).where(eq(signetSchluessel.kid, n.kid));
      if (p.ersetzeAktiven) {
        await tx.update(signetSchluessel).set({ aktiv: false, abgeloestAm: am }).where(eq(signetSchluessel.aktiv, true));
        await tx.insert(signetSchluessel).values(p.ersetzeAktiven);
      }
      return p;
    });
  },

  /** Retires the active key and makes the new one active, in one transaction. */
  async rotiere(row: typeof signetSchluessel.$inferInsert, am: Date): Promise<void> {
    await db.transaction(async (tx) => {
      await tx.update(signetSchluessel).set({ aktiv: false, abgeloestAm: am }).where(and(eq(signetSchluessel.aktiv, true)));
      await tx.insert(signetSchluessel).values(row);
    });
  },
});

export type SignetRepository = ReturnType<typeof createSignetRepository>;
