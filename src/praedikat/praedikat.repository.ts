/** The only place with SQL for applications, awards, their history and sign orders. */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../shared/db';
import { mails, praedikate, userBehoerden, users } from '../shared/schema';
import type { Schwellen } from '../shared/schwellen';
import { schwelleSql } from '../verlinkung/verlinkung.repository';
import { antraege, antragSchritte, praedikatEreignisse, praedikatMassnahmen, praedikatStatus, praedikatVorpruefungen, schildBestellungen } from './praedikat.tables';

export type AntragRow = typeof antraege.$inferSelect;
export type PraedikatRow = typeof praedikate.$inferSelect;
export type MassnahmeRow = typeof praedikatMassnahmen.$inferSelect;
export type VorpruefungRow = typeof praedikatVorpruefungen.$inferSelect;

/** Filters, sort and page of the ministry's work list. */
export interface ArbeitslisteFilter {
  /** Application statuses; empty: the open ones. */
  status: string[];
  regbez?: string;
  typ?: string;
  /** Submitted at least this many days ago. */
  mindestAlterTage?: number;
  /** Only applications whose stored pre-check has an error or a warning. */
  nurMitMaengeln?: boolean;
  /** Only applications this user may act on now (not recommended by them, not submitted by them). */
  fuerMich?: string;
  /** Only Behörden whose live count is below these thresholds now (the award would be refused). */
  unterSchwelle?: Schwellen;
  sort: 'alter' | 'neueste' | 'name' | 'anzahl';
  limit: number;
  offset: number;
  jetzt: Date;
}

export interface ArbeitslisteZeile {
  id: string;
  behoerde_ars: string;
  name: string;
  typ: string;
  regbez_key: string;
  status: string;
  eingereicht_am: Date;
  eingereicht_von: string;
  empfehlung: string | null;
  empfohlen_von: string | null;
  empfohlen_von_email: string | null;
  entschieden_am: Date | null;
  zertifikat_nr: string | null;
  vorpruefung: unknown;
  anzahl: number;
}

const OFFENE = ['eingereicht', 'empfohlen', 'zurueckgegeben'];

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

  /**
   * The work list: applications by filter (default the open ones), sorted, one page, with the
   * Behörde's name and live count, and the total of the filter.
   */
  async arbeitsliste(f: ArbeitslisteFilter): Promise<{ total: number; items: ArbeitslisteZeile[] }> {
    const status = f.status.length ? f.status : OFFENE;
    const parts: SQL[] = [sql`a.status in (${sql.join(status.map((s) => sql`${s}`), sql`, `)})`];
    if (f.regbez) parts.push(sql`b.regbez_key = ${f.regbez}`);
    if (f.typ) parts.push(sql`b.typ = ${f.typ}`);
    if (f.mindestAlterTage !== undefined) parts.push(sql`a.eingereicht_am <= ${new Date(f.jetzt.getTime() - f.mindestAlterTage * 86_400_000)}`);
    if (f.nurMitMaengeln) {
      parts.push(sql`exists (select 1 from jsonb_array_elements(case when jsonb_typeof(a.vorpruefung -> 'punkte') = 'array' then a.vorpruefung -> 'punkte' else '[]'::jsonb end) p where p ->> 'status' in ('fehler', 'warnung'))`);
    }
    if (f.fuerMich) {
      parts.push(sql`a.status in ('eingereicht', 'empfohlen') and a.eingereicht_von <> ${f.fuerMich} and (a.empfohlen_von is null or a.empfohlen_von <> ${f.fuerMich})
        and not exists (select 1 from praedikat_antrag_schritte s where s.antrag_id = a.id and s.schritt = 'erneut_einreichen' and s.actor_id = ${f.fuerMich})`);
    }
    if (f.unterSchwelle) parts.push(sql`coalesce(z.anzahl, 0) < ${schwelleSql(sql`b.typ`, f.unterSchwelle)}`);
    const where = sql.join(parts, sql` and `);
    const from = sql`from praedikat_antraege a join behoerden b on b.ars = a.behoerde_ars left join zaehlstaende z on z.behoerde_ars = a.behoerde_ars where ${where}`;
    const order =
      f.sort === 'neueste'
        ? sql`a.eingereicht_am desc, a.id`
        : f.sort === 'name'
          ? sql`b.name, a.eingereicht_am`
          : f.sort === 'anzahl'
            ? sql`coalesce(z.anzahl, 0) desc, a.eingereicht_am`
            : sql`a.eingereicht_am asc, a.id`;
    const [{ n }] = (await db.execute(sql`select count(*)::int as n ${from}`)).rows as { n: number }[];
    const items = (
      await db.execute(sql`
        select a.id, a.behoerde_ars, b.name, b.typ, b.regbez_key, a.status, a.eingereicht_am, a.eingereicht_von, a.empfehlung, a.empfohlen_von,
          (select u.email from users u where u.id = a.empfohlen_von) as empfohlen_von_email, a.entschieden_am, a.zertifikat_nr, a.vorpruefung,
          coalesce(z.anzahl, 0)::int as anzahl
        ${from}
        order by ${order}
        limit ${f.limit} offset ${f.offset}`)
    ).rows as ArbeitslisteZeile[];
    return { total: Number(n), items: items.map((r) => ({ ...r, anzahl: Number(r.anzahl) })) };
  },

  /** Everyone who submitted or resubmitted an application (no self-decisions). */
  async einreicher(antragId: string, tx: Db = db): Promise<string[]> {
    const rows = (
      await tx.execute(sql`
        select eingereicht_von::text as id from praedikat_antraege where id = ${antragId}
        union select actor_id::text from praedikat_antrag_schritte where antrag_id = ${antragId} and schritt in ('eingereicht', 'erneut_einreichen') and actor_id is not null`)
    ).rows as { id: string }[];
    return rows.map((r) => r.id);
  },

  /* ---------------------------------------------------------------- pre-check record (append-only) */

  async insertVorpruefung(tx: Db, v: typeof praedikatVorpruefungen.$inferInsert) {
    await tx.insert(praedikatVorpruefungen).values(v);
  },

  /** Every recorded pre-check of an application, oldest first. There is no update or delete. */
  async vorpruefungen(antragId: string): Promise<VorpruefungRow[]> {
    return db.select().from(praedikatVorpruefungen).where(eq(praedikatVorpruefungen.antragId, antragId)).orderBy(asc(praedikatVorpruefungen.id));
  },

  /* ---------------------------------------------------------------- measures under four eyes */

  async offeneMassnahme(nr: string, tx: Db = db): Promise<MassnahmeRow | undefined> {
    const [r] = await tx.select().from(praedikatMassnahmen).where(and(eq(praedikatMassnahmen.zertifikatNr, nr), eq(praedikatMassnahmen.status, 'offen')));
    return r;
  },

  async insertMassnahme(tx: Db, m: typeof praedikatMassnahmen.$inferInsert): Promise<MassnahmeRow> {
    const [r] = await tx.insert(praedikatMassnahmen).values(m).returning();
    return r;
  },

  async erledigeMassnahme(tx: Db, id: string, set: Pick<MassnahmeRow, 'status' | 'erledigtVon' | 'erledigtVonLabel' | 'erledigtAm' | 'erledigtKommentar'>) {
    await tx.update(praedikatMassnahmen).set(set).where(and(eq(praedikatMassnahmen.id, id), eq(praedikatMassnahmen.status, 'offen')));
  },

  async massnahmen(nrs: string[]): Promise<MassnahmeRow[]> {
    if (nrs.length === 0) return [];
    return db.select().from(praedikatMassnahmen).where(inArray(praedikatMassnahmen.zertifikatNr, nrs)).orderBy(asc(praedikatMassnahmen.beantragtAm));
  },

  /** Open requests of every award, with the Behörde (the ministry's work list). */
  async offeneMassnahmen(): Promise<(MassnahmeRow & { behoerdeArs: string; name: string })[]> {
    const rows = (
      await db.execute(sql`
        select m.id, m.zertifikat_nr, m.art, m.grund, m.oeffentlicher_grund, m.beantragt_von, m.beantragt_von_label, m.beantragt_am, p.behoerde_ars, b.name
        from praedikat_massnahmen m join praedikate p on p.zertifikat_nr = m.zertifikat_nr join behoerden b on b.ars = p.behoerde_ars
        where m.status = 'offen' order by m.beantragt_am`)
    ).rows as Record<string, unknown>[];
    return rows.map((r) => ({
      id: String(r.id),
      zertifikatNr: String(r.zertifikat_nr),
      art: String(r.art),
      status: 'offen',
      grund: String(r.grund),
      oeffentlicherGrund: (r.oeffentlicher_grund as string | null) ?? null,
      beantragtVon: String(r.beantragt_von),
      beantragtVonLabel: String(r.beantragt_von_label),
      beantragtAm: new Date(r.beantragt_am as string),
      erledigtVon: null,
      erledigtVonLabel: null,
      erledigtAm: null,
      erledigtKommentar: null,
      behoerdeArs: String(r.behoerde_ars),
      name: String(r.name),
    }));
  },

  /** Sign orders of an award not yet delivered (nor cancelled), locked for the rest of the transaction. */
  async offeneSchilderVon(tx: Db, nr: string) {
    return tx.select().from(schildBestellungen).where(and(eq(schildBestellungen.zertifikatNr, nr), inArray(schildBestellungen.status, ['bestellt', 'produziert']))).for('update');
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

  /** When the award was revoked (its latest revocation event). */
  async widerrufenAm(nr: string): Promise<Date | undefined> {
    const [r] = await db
      .select({ at: praedikatEreignisse.at })
      .from(praedikatEreignisse)
      .where(and(eq(praedikatEreignisse.zertifikatNr, nr), eq(praedikatEreignisse.ereignis, 'widerruf')))
      .orderBy(desc(praedikatEreignisse.at))
      .limit(1);
    return r?.at;
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
        where s.status in ('bestellt', 'produziert') order by s.bestellt_am`)
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
