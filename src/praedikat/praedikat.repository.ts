/** The only place with SQL for applications, awards, their history and sign orders. */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../shared/db';
import { mails, praedikate, userBehoerden, users } from '../shared/schema';
import { antraege, antragSchritte, praedikatEreignisse, praedikatStatus, schildBestellungen } from './praedikat.tables';

export type AntragRow = typeof antraege.$inferSelect;
export type PraedikatRow = typeof praedikate.$inferSelect;

export const createPraedikatRepository = (db: Db) => ({
  db,

  async antrag(id: string, tx: Db = db): Promise<AntragRow | undefined> {
    const [r] = await tx.select().from(antraege).where(eq(antraege.id, id));
    return r;
  },

  /** Locks the application row for the rest of the transaction (concurrent decisions). */
  async antragForUpdate(tx: Db, id: string): Promise<AntragRow | undefined> {
    const rows = (await tx.execute(sql`select id from praedikat_antraege where id = ${id} for update`)).rows;
    return rows.length ? this.antrag(id, tx) : undefined;
  },

  async offenerAntrag(ars: string, tx: Db = db): Promise<AntragRow | undefined> {
    const [r] = await tx
      .select()
      .from(antraege)
      .where(and(eq(antraege.behoerdeArs, ars), inArray(antraege.status, ['eingereicht', 'empfohlen', 'zurueckgegeben'])));
    return r;
  },

  async antraegeVon(ars: string): Promise<AntragRow[]> {
    return db.select().from(antraege).where(eq(antraege.behoerdeArs, ars)).orderBy(desc(antraege.eingereichtAm));
  },

  async insertAntrag(tx: Db, a: typeof antraege.$inferInsert): Promise<AntragRow> {
    const [r] = await tx.insert(antraege).values(a).returning();
    return r;
  },

  async updateAntrag(tx: Db, id: string, set: Partial<typeof antraege.$inferInsert>) {
    await tx.update(antraege).set(set).where(eq(antraege.id, id));
  },

  async insertSchritt(tx: Db, s: typeof antragSchritte.$inferInsert) {
    await tx.insert(antragSchritte).values(s);
  },

  async schritte(antragIds: string[]) {
    if (antragIds.length === 0) return [];
    return db.select().from(antragSchritte).where(inArray(antragSchritte.antragId, antragIds)).orderBy(asc(antragSchritte.at), asc(antragSchritte.id));
  },

  /** Open applications for the work list, oldest first, with the Behörde's name and live count. */
  async arbeitsliste(filter: { status?: string[]; regbez?: string }) {
    const parts: SQL[] = [sql`a.status in ('eingereicht', 'empfohlen', 'zurueckgegeben')`];
    if (filter.status?.length) parts.push(sql`a.status in (${sql.join(filter.status.map((s) => sql`${s}`), sql`, `)})`);
    if (filter.regbez) parts.push(sql`b.regbez_key = ${filter.regbez}`);
    return (
      await db.execute(sql`
        select a.id, a.behoerde_ars, b.name, b.typ, b.regbez_key, a.status, a.eingereicht_am, a.empfehlung, a.empfohlen_von,
          u.email as empfohlen_von_email, a.vorpruefung, coalesce(z.anzahl, 0) as anzahl
        from praedikat_antraege a join behoerden b on b.ars = a.behoerde_ars
        left join users u on u.id = a.empfohlen_von
        left join zaehlstaende z on z.behoerde_ars = a.behoerde_ars
        where ${sql.join(parts, sql` and `)}
        order by a.eingereicht_am asc`)
    ).rows as {
      id: string;
      behoerde_ars: string;
      name: string;
      typ: string;
      regbez_key: string;
      status: string;
      eingereicht_am: Date;
      empfehlung: string | null;
      empfohlen_von: string | null;
      empfohlen_von_email: string | null;
      vorpruefung: unknown;
      anzahl: number;
    }[];
  },

  async praedikat(nr: string, tx: Db = db): Promise<PraedikatRow | undefined> {
    const [r] = await tx.select().from(praedikate).where(eq(praedikate.zertifikatNr, nr));
    return r;
  },

  async praedikatForUpdate(tx: Db, nr: string): Promise<PraedikatRow | undefined> {
    const rows = (await tx.execute(sql`select zertifikat_nr from praedikate where zertifikat_nr = ${nr} for update`)).rows;
    return rows.length ? this.praedikat(nr, tx) : undefined;
  },

  async aktuellesPraedikat(ars: string): Promise<PraedikatRow | undefined> {
    const [r] = await db.select().from(praedikate).where(eq(praedikate.behoerdeArs, ars)).orderBy(desc(praedikate.verliehenAm), desc(praedikate.zertifikatNr)).limit(1);
    return r;
  },

  async praedikateVon(ars: string): Promise<PraedikatRow[]> {
    return db.select().from(praedikate).where(eq(praedikate.behoerdeArs, ars)).orderBy(desc(praedikate.verliehenAm));
  },

  async status(nr: string, tx: Db = db) {
    const [r] = await tx.select().from(praedikatStatus).where(eq(praedikatStatus.zertifikatNr, nr));
    return r;
  },

  async upsertStatus(tx: Db, s: typeof praedikatStatus.$inferInsert) {
    await tx
      .insert(praedikatStatus)
      .values(s)
      .onConflictDoUpdate({
        target: praedikatStatus.zertifikatNr,
        set: { unterSchwelleSeit: s.unterSchwelleSeit ?? null, karenzBis: s.karenzBis ?? null, manuellAusgesetzt: s.manuellAusgesetzt ?? false, statusSeit: s.statusSeit },
      });
  },

  async setPraedikatStatus(tx: Db, nr: string, status: string) {
    await tx.update(praedikate).set({ status }).where(eq(praedikate.zertifikatNr, nr));
  },

  /**
   * Next certificate number of a year (DA-2026-0001 …). An advisory lock per year serialises
   * concurrent awards, so two decisions never get the same number.
   */
  async naechsteNummer(tx: Db, jahr: number): Promise<string> {
    await tx.execute(sql`select pg_advisory_xact_lock(727300, ${jahr}::int)`);
    const [r] = (await tx.execute(sql`select coalesce(max(substring(zertifikat_nr from 9)::int), 0)::int as n from praedikate where zertifikat_nr like ${`DA-${jahr}-%`}`))
      .rows as { n: number }[];
    return `DA-${jahr}-${String(Number(r.n) + 1).padStart(4, '0')}`;
  },

  async insertPraedikat(tx: Db, p: typeof praedikate.$inferInsert) {
    await tx.insert(praedikate).values(p);
  },

  async insertEreignis(tx: Db, e: typeof praedikatEreignisse.$inferInsert) {
    await tx.insert(praedikatEreignisse).values(e);
  },

  async ereignisse(nrs: string[]) {
    if (nrs.length === 0) return [];
    return db.select().from(praedikatEreignisse).where(inArray(praedikatEreignisse.zertifikatNr, nrs)).orderBy(asc(praedikatEreignisse.at), asc(praedikatEreignisse.id));
  },

  /** Awards the re-check looks at: every award that is not revoked, with its live count. */
  async fuerRecheck(): Promise<{ zertifikat_nr: string; behoerde_ars: string; typ: string; status: string; anzahl: number }[]> {
    const rows = (
      await db.execute(sql`
        select p.zertifikat_nr, p.behoerde_ars, b.typ, p.status, coalesce(z.anzahl, 0)::int as anzahl
        from praedikate p join behoerden b on b.ars = p.behoerde_ars
        left join zaehlstaende z on z.behoerde_ars = p.behoerde_ars
        where p.status <> 'widerrufen'
          and p.zertifikat_nr = (select p2.zertifikat_nr from praedikate p2 where p2.behoerde_ars = p.behoerde_ars order by p2.verliehen_am desc, p2.zertifikat_nr desc limit 1)
        order by p.zertifikat_nr`)
    ).rows as { zertifikat_nr: string; behoerde_ars: string; typ: string; status: string; anzahl: number }[];
    return rows.map((r) => ({ ...r, anzahl: Number(r.anzahl) }));
  },

  async insertSchild(tx: Db, s: typeof schildBestellungen.$inferInsert) {
    const [r] = await tx.insert(schildBestellungen).values(s).returning();
    return r;
  },

  async schild(id: string, tx: Db = db) {
    const [r] = await tx.select().from(schildBestellungen).where(eq(schildBestellungen.id, id));
    return r;
  },

  async schilder(nrs: string[]) {
    if (nrs.length === 0) return [];
    return db.select().from(schildBestellungen).where(inArray(schildBestellungen.zertifikatNr, nrs)).orderBy(asc(schildBestellungen.bestelltAm));
  },

  async offeneSchilder() {
    return (
      await db.execute(sql`
        select s.id, s.zertifikat_nr, s.format, s.status, s.bestellt_am, s.lieferadresse, b.name
        from schild_bestellungen s join praedikate p on p.zertifikat_nr = s.zertifikat_nr join behoerden b on b.ars = p.behoerde_ars
        where s.status <> 'geliefert' order by s.bestellt_am`)
    ).rows as { id: string; zertifikat_nr: string; format: string; status: string; bestellt_am: Date; lieferadresse: string; name: string }[];
  },

  async updateSchild(tx: Db, id: string, set: Partial<typeof schildBestellungen.$inferInsert>) {
    await tx.update(schildBestellungen).set(set).where(eq(schildBestellungen.id, id));
  },

  /** Addresses for a Behörde's notifications: the contact of its latest application and its editors. */
  async empfaenger(ars: string): Promise<string[]> {
    const [a] = await db.select({ email: antraege.kontaktEmail }).from(antraege).where(eq(antraege.behoerdeArs, ars)).orderBy(desc(antraege.eingereichtAm)).limit(1);
    const editors = await db
      .select({ email: users.email })
      .from(userBehoerden)
      .innerJoin(users, eq(users.id, userBehoerden.userId))
      .where(and(eq(userBehoerden.behoerdeArs, ars), eq(users.role, 'kommune_editor'), eq(users.active, true)));
    return [...new Set([a?.email, ...editors.map((e) => e.email)].filter((e): e is string => Boolean(e)))];
  },

  async mailsZu(objectIds: string[]) {
    if (objectIds.length === 0) return [];
    return db.select().from(mails).where(inArray(mails.objectId, objectIds)).orderBy(asc(mails.erstelltAm));
  },

  /** Awards that have no award event yet (created before the workflow existed, e.g. the demo data). */
  async ohneVerleihungsereignis(): Promise<PraedikatRow[]> {
    return (await db.execute(sql`
      select zertifikat_nr as "zertifikatNr", behoerde_ars as "behoerdeArs", verliehen_am::text as "verliehenAm", status, demo, created_at as "createdAt"
      from praedikate p where not exists (select 1 from praedikat_ereignisse e where e.zertifikat_nr = p.zertifikat_nr and e.ereignis = 'verleihung')
      order by zertifikat_nr`)).rows as PraedikatRow[];
  },
});

export type PraedikatRepository = ReturnType<typeof createPraedikatRepository>;
