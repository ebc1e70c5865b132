/**
 * The only place with SQL for the Förderprogramm: applications, cost items, steps, the budget row
 * and its ledger, the grant overview and the statistics. Amounts stay `bigint` cents end to end
 * (`::text` in raw SQL, converted with `BigInt`).
 */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../shared/db';
import { FOERDER_HAUSHALT_ID, foerderAntraege, foerderBuchungen, foerderHaushalt, foerderKosten, foerderSatzBestaetigungen, foerderSchritte } from './foerderung.tables';
import type { Budgetstand, Cent, Kostenposition } from './foerderung.regeln';
import { zaehltSql } from '../verlinkung/verlinkung.repository';
import type { Zaehlregel } from '../verlinkung/zaehlung';

export type AntragRow = typeof foerderAntraege.$inferSelect;
export type AntragInsert = typeof foerderAntraege.$inferInsert;
export type KostenRow = typeof foerderKosten.$inferSelect;
export type SchrittRow = typeof foerderSchritte.$inferSelect;
export type BuchungRow = typeof foerderBuchungen.$inferSelect;
export type SatzBestaetigungRow = typeof foerderSatzBestaetigungen.$inferSelect;

/** Statuses that wait for an officer's step (the work list's default). */
export const ZU_BEARBEITEN = ['eingereicht', 'geprueft', 'nachweis_eingegangen', 'nachweis_geprueft', 'auszahlung_freigegeben'] as const;

/** Filters, sort and page of the officers' work list. */
export interface ArbeitslisteFilter {
  status: readonly string[];
  regierungsbezirk?: string;
  typ?: string;
  /** Submitted at least this many days before `stichtag`. */
  mindestAlterTage?: number;
  /** Sum of the cost items applied for, in cents. */
  betragMinCent?: bigint;
  betragMaxCent?: bigint;
  /** The stored rule check has a rule not met or open. */
  nurRegelwarnungen?: boolean;
  /** Cannot be granted as submitted (acknowledged by the applicant). */
  nurNichtFoerderfaehig?: boolean;
  /** A proposal of the higher rate waits for its confirmation. */
  nurSatzOffen?: boolean;
  /** Approved, proof of use overdue. */
  nurUeberfaellig?: boolean;
  /** Only what this person may act on: not created, submitted, checked or first-released by them. */
  fuerPerson?: string;
  sort: 'eingang' | 'eingang_neu' | 'betrag' | 'betrag_klein' | 'name' | 'aktenzeichen';
  stichtag: string;
  limit: number;
  offset: number;
}

export interface ArbeitslisteZeile extends UebersichtRow {
  eingereicht_von: string | null;
  erstellt_von: string | null;
  geprueft_von: string | null;
  freigabe1_von: string | null;
  beantragt_cent: string;
  zuwendungsfaehig_cent: string | null;
  /** The grant the stored rule check computed (before the decision). */
  berechnet_cent: string | null;
  foerdersatz_prozent: number | null;
  nicht_erfuellt: number;
  offen: number;
  nicht_foerderfaehig_bestaetigt: boolean;
  satz_offen: boolean;
}

export interface UebersichtFilter {
  status?: string[];
  regierungsbezirk?: string;
  /** Only grants whose proof of use is due before `stichtag` and not received. */
  ueberfaellig?: boolean;
  stichtag: string;
  jahr?: number;
  suchbegriff?: string;
  behoerden?: string[];
  limit: number;
  offset: number;
}

export interface UebersichtRow {
  id: string;
  aktenzeichen: string;
  status: string;
  behoerde_ars: string;
  behoerde_name: string;
  behoerde_typ: string;
  regbez_name: string | null;
  massnahme: string;
  eingereicht_am: Date | null;
  bescheid_am: string | null;
  foerderbetrag_cent: string | null;
  auszahlung_cent: string | null;
  nachweis_faellig_am: string | null;
  nachweis_eingegangen_am: string | null;
  nachweis_geprueft_am: string | null;
  ausgezahlt_am: string | null;
  demo: boolean;
}

export interface BehoerdeKurz {
  ars: string;
  name: string;
  typ: string;
  regbez_key: string;
  regbez_name: string | null;
}

const rowsOf = async <T>(db: Db, q: SQL) => (await db.execute(q)).rows as T[];

/** Statuses whose grant is committed in the ledger (approved and later). */
export const BEWILLIGTE_STATUS = ['bewilligt', 'nachweis_eingegangen', 'nachweis_geprueft', 'auszahlung_freigegeben', 'ausgezahlt'] as const;

const inList = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

function uebersichtWhere(f: UebersichtFilter): SQL {
  const parts: SQL[] = [sql`a.status <> 'entwurf'`];
  if (f.status && f.status.length > 0) parts.push(sql`a.status in (${inList(f.status)})`);
  if (f.regierungsbezirk) parts.push(sql`b.regbez_key = ${f.regierungsbezirk}`);
  if (f.ueberfaellig) parts.push(sql`a.status = 'bewilligt' and a.nachweis_faellig_am < ${f.stichtag}::date and a.nachweis_eingegangen_am is null`);
  if (f.jahr) parts.push(sql`extract(year from coalesce(a.eingereicht_am, a.erstellt_am) at time zone 'Europe/Berlin') = ${f.jahr}`);
  if (f.suchbegriff) {
    const like = `%${f.suchbegriff}%`;
    parts.push(sql`(lower(b.name) like ${like} or lower(a.massnahme) like ${like} or lower(a.aktenzeichen) like ${like} or b.ars = ${f.suchbegriff})`);
  }
  if (f.behoerden) parts.push(f.behoerden.length ? sql`a.behoerde_ars in (${inList(f.behoerden)})` : sql`false`);
  return sql.join(parts, sql` and `);
}

export const createFoerderungRepository = (db: Db) => ({
  db,

  /* ---------------------------------------------------------------- applications */

  /** Next file number of a year (DR-2026-00001), under a transaction-scoped advisory lock. */
  async naechstesAktenzeichen(tx: Db, jahr: number): Promise<string> {
    await tx.execute(sql`select pg_advisory_xact_lock(727201)`);
    const prefix = `DR-${jahr}-`;
    const [row] = await rowsOf<{ n: number }>(
      tx,
      sql`select coalesce(max(substring(aktenzeichen from ${prefix.length + 1}::int)::int), 0) + 1 as n from foerder_antraege where aktenzeichen like ${`${prefix}%`}`,
    );
    return `${prefix}${String(row.n).padStart(5, '0')}`;
  },

  async insertAntrag(tx: Db, values: AntragInsert): Promise<AntragRow> {
    const [row] = await tx.insert(foerderAntraege).values(values).returning();
    return row;
  },

  async updateAntrag(tx: Db, id: string, patch: Partial<AntragInsert>): Promise<void> {
    await tx.update(foerderAntraege).set(patch).where(eq(foerderAntraege.id, id));
  },

  /** One application; `forUpdate` takes its row lock for the rest of the transaction. */
  async findAntrag(id: string, tx: Db = db, opts: { forUpdate?: boolean } = {}): Promise<AntragRow | undefined> {
    const q = tx.select().from(foerderAntraege).where(eq(foerderAntraege.id, id));
    const [row] = opts.forUpdate ? await q.for('update') : await q;
    return row;
  },

  async kostenOf(id: string, tx: Db = db): Promise<KostenRow[]> {
    return tx.select().from(foerderKosten).where(eq(foerderKosten.antragId, id)).orderBy(asc(foerderKosten.position));
  },

  /** Replaces a draft's cost items (drafts only: the service checks the status first). */
  async replaceKosten(tx: Db, id: string, positionen: Kostenposition[]): Promise<void> {
    await tx.delete(foerderKosten).where(eq(foerderKosten.antragId, id));
    if (positionen.length === 0) return;
    await tx.insert(foerderKosten).values(
      positionen.map((p, i) => ({
        antragId: id,
        position: i + 1,
        art: p.art,
        bezeichnung: p.bezeichnung,
        betragCent: p.betragCent,
        lizenzJahre: p.lizenzJahre ?? null,
        einmalZahlung: p.einmalZahlung ?? null,
      })),
    );
  },

  async insertSchritt(tx: Db, s: typeof foerderSchritte.$inferInsert): Promise<void> {
    await tx.insert(foerderSchritte).values(s);
  },

  async schritteOf(id: string): Promise<SchrittRow[]> {
    return db.select().from(foerderSchritte).where(eq(foerderSchritte.antragId, id)).orderBy(asc(foerderSchritte.at), asc(foerderSchritte.id));
  },

  async antraegeOf(arsList: string[]): Promise<(AntragRow & { behoerde_name: string })[]> {
    if (arsList.length === 0) return [];
    const rows = await rowsOf<{ id: string; behoerde_name: string }>(
      db,
      sql`select a.id, b.anzeigename as behoerde_name from foerder_antraege a join behoerden b on b.ars = a.behoerde_ars where a.behoerde_ars in (${inList(arsList)}) order by a.erstellt_am desc`,
    );
    const names = new Map(rows.map((r) => [r.id, r.behoerde_name]));
    if (rows.length === 0) return [];
    const antraege = await db
      .select()
      .from(foerderAntraege)
      .where(sql`${foerderAntraege.id} in (${inList(rows.map((r) => r.id))})`)
      .orderBy(sql`${foerderAntraege.erstelltAm} desc`);
    return antraege.map((a) => ({ ...a, behoerde_name: names.get(a.id) ?? a.behoerdeArs }));
  },

  /** Applications in the given statuses, oldest first (the officers' work list). */
  async antraegeInStatus(status: readonly string[], limit = 200): Promise<UebersichtRow[]> {
    return rowsOf<UebersichtRow>(
      db,
      sql`select a.id, a.aktenzeichen, a.status, a.behoerde_ars, b.anzeigename as behoerde_name, b.typ as behoerde_typ, rb.name as regbez_name, a.massnahme,
                 a.eingereicht_am, a.bescheid_am::text, a.foerderbetrag_cent::text, a.auszahlung_cent::text, a.nachweis_faellig_am::text,
                 a.nachweis_eingegangen_am::text, a.nachweis_geprueft_am::text, a.ausgezahlt_am::text, a.demo,
                 a.geprueft_von, a.freigabe1_von
          from foerder_antraege a join behoerden b on b.ars = a.behoerde_ars left join gebiete rb on rb.ars = b.regbez_key
          where a.status in (${inList(status)})
          order by coalesce(a.nachweis_eingegangen_am::timestamptz, a.eingereicht_am, a.erstellt_am), a.aktenzeichen
          limit ${limit}`,
    );
  },

  /**
   * The officers' work list: one page of the filter, sorted, with the amount applied for, the
   * rule warnings of the stored check and the flags; and the total of the filter.
   */
  async arbeitsliste(f: ArbeitslisteFilter): Promise<{ total: number; items: ArbeitslisteZeile[] }> {
    const regeln = sql`jsonb_array_elements(case when jsonb_typeof(a.pruefung -> 'regeln') = 'array' then a.pruefung -> 'regeln' else '[]'::jsonb end)`;
    const beantragt = sql`coalesce((select sum(k.betrag_cent) from foerder_kosten k where k.antrag_id = a.id), 0)`;
    const satzOffen = sql`exists (select 1 from foerder_satz_bestaetigungen s where s.antrag_id = a.id and s.status = 'offen')`;
    const parts: SQL[] = [sql`a.status in (${inList(f.status)})`];
    if (f.regierungsbezirk) parts.push(sql`b.regbez_key = ${f.regierungsbezirk}`);
    if (f.typ) parts.push(sql`b.typ = ${f.typ}`);
    if (f.mindestAlterTage !== undefined) parts.push(sql`a.eingereicht_am is not null and (${f.stichtag}::date - (a.eingereicht_am at time zone 'Europe/Berlin')::date) >= ${f.mindestAlterTage}::int`);
    if (f.betragMinCent !== undefined) parts.push(sql`${beantragt} >= ${f.betragMinCent.toString()}::bigint`);
    if (f.betragMaxCent !== undefined) parts.push(sql`${beantragt} <= ${f.betragMaxCent.toString()}::bigint`);
    if (f.nurRegelwarnungen) parts.push(sql`exists (select 1 from ${regeln} r where r ->> 'ergebnis' in ('nicht_erfuellt', 'offen'))`);
    if (f.nurNichtFoerderfaehig) parts.push(sql`(a.nicht_foerderfaehig_bestaetigt or (a.pruefung ->> 'foerderfaehig') = 'false')`);
    if (f.nurSatzOffen) parts.push(satzOffen);
    if (f.nurUeberfaellig) parts.push(sql`a.status = 'bewilligt' and a.nachweis_faellig_am < ${f.stichtag}::date and a.nachweis_eingegangen_am is null`);
    if (f.fuerPerson) {
      const p = f.fuerPerson;
      parts.push(sql`a.erstellt_von is distinct from ${p} and a.eingereicht_von is distinct from ${p}
        and not (a.status = 'geprueft' and a.geprueft_von = ${p}) and not (a.status = 'auszahlung_freigegeben' and a.freigabe1_von = ${p})`);
    }
    const from = sql`from foerder_antraege a join behoerden b on b.ars = a.behoerde_ars left join gebiete rb on rb.ars = b.regbez_key where ${sql.join(parts, sql` and `)}`;
    const order = {
      eingang: sql`coalesce(a.eingereicht_am, a.erstellt_am) asc, a.aktenzeichen`,
      eingang_neu: sql`coalesce(a.eingereicht_am, a.erstellt_am) desc, a.aktenzeichen desc`,
      betrag: sql`${beantragt} desc, a.aktenzeichen`,
      betrag_klein: sql`${beantragt} asc, a.aktenzeichen`,
      name: sql`b.name, a.aktenzeichen`,
      aktenzeichen: sql`a.aktenzeichen`,
    }[f.sort];
    const [{ n }] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n ${from}`);
    const items = await rowsOf<ArbeitslisteZeile>(
      db,
      sql`select a.id, a.aktenzeichen, a.status, a.behoerde_ars, b.name as behoerde_name, b.typ as behoerde_typ, rb.name as regbez_name, a.massnahme,
                 a.eingereicht_am, a.bescheid_am::text, a.foerderbetrag_cent::text, a.auszahlung_cent::text, a.nachweis_faellig_am::text,
                 a.nachweis_eingegangen_am::text, a.nachweis_geprueft_am::text, a.ausgezahlt_am::text, a.demo,
                 a.eingereicht_von, a.erstellt_von, a.geprueft_von, a.freigabe1_von, ${beantragt}::text as beantragt_cent,
                 a.zuwendungsfaehig_cent::text, a.foerdersatz_prozent, a.nicht_foerderfaehig_bestaetigt, a.pruefung ->> 'berechnetCent' as berechnet_cent,
                 (select count(*) from ${regeln} r where r ->> 'ergebnis' = 'nicht_erfuellt')::int as nicht_erfuellt,
                 (select count(*) from ${regeln} r where r ->> 'ergebnis' = 'offen')::int as offen,
                 ${satzOffen} as satz_offen
          ${from}
          order by ${order}
          limit ${f.limit} offset ${f.offset}`,
    );
    return { total: Number(n), items: items.map((r) => ({ ...r, nicht_erfuellt: Number(r.nicht_erfuellt), offen: Number(r.offen) })) };
  },

  /** The member Gemeinden (ARS) of a Verwaltungsgemeinschaft; empty for any other Behörde. */
  async mitgliedsgemeinden(ars: string): Promise<string[]> {
    return (await rowsOf<{ g: string }>(db, sql`select gemeinde_ars as g from behoerde_gemeinden where behoerde_ars = ${ars} and gemeinde_ars <> ${ars} order by 1`)).map((r) => r.g);
  },

  /* ---------------------------------------------------------------- the higher rate under four eyes */

  /** The open or confirmed proposal of an application, if any. */
  async satzBestaetigung(antragId: string, tx: Db = db): Promise<SatzBestaetigungRow | undefined> {
    const [r] = await tx
      .select()
      .from(foerderSatzBestaetigungen)
      .where(and(eq(foerderSatzBestaetigungen.antragId, antragId), sql`${foerderSatzBestaetigungen.status} in ('offen', 'bestaetigt')`));
    return r;
  },

  async satzBestaetigungen(antragId: string): Promise<SatzBestaetigungRow[]> {
    return db.select().from(foerderSatzBestaetigungen).where(eq(foerderSatzBestaetigungen.antragId, antragId)).orderBy(asc(foerderSatzBestaetigungen.vorgeschlagenAm));
  },

  async insertSatzBestaetigung(tx: Db, v: typeof foerderSatzBestaetigungen.$inferInsert): Promise<SatzBestaetigungRow> {
    const [r] = await tx.insert(foerderSatzBestaetigungen).values(v).returning();
    return r;
  },

  async erledigeSatzBestaetigung(tx: Db, id: string, set: Pick<SatzBestaetigungRow, 'status' | 'erledigtVon' | 'erledigtVonLabel' | 'erledigtAm'>) {
    await tx.update(foerderSatzBestaetigungen).set(set).where(and(eq(foerderSatzBestaetigungen.id, id), eq(foerderSatzBestaetigungen.status, 'offen')));
  },

  async zaehleInStatus(): Promise<Record<string, number>> {
    const rows = await rowsOf<{ status: string; n: number }>(db, sql`select status, count(*)::int as n from foerder_antraege group by status`);
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  },

  /* ---------------------------------------------------------------- Behörden and portal data */

  async behoerde(ars: string): Promise<BehoerdeKurz | undefined> {
    const [row] = await rowsOf<BehoerdeKurz>(
      db,
      sql`select b.ars, b.anzeigename as name, b.typ, b.regbez_key, rb.name as regbez_name from behoerden b left join gebiete rb on rb.ars = b.regbez_key where b.ars = ${ars}`,
    );
    return row;
  },

  /**
   * The portal's data for the conditions: the Behörde's stored count of counting online services
   * (`zaehlstaende`, kept current by Verlinkung) and its linked procedures that count by the same
   * rule (`zaehltSql`), with the catalogue's mobile-readiness.
   */
  async portalDaten(ars: string, regel: Zaehlregel, jetzt: Date): Promise<{ anzahl: number; dienste: { id: string; name: string; mobil_optimiert: boolean }[] }> {
    const [stand] = await rowsOf<{ anzahl: number }>(db, sql`select anzahl from zaehlstaende where behoerde_ars = ${ars}`);
    const dienste = await rowsOf<{ id: string; name: string; mobil_optimiert: boolean }>(
      db,
      sql`select o.id, o.name, o.mobil_optimiert
          from verlinkungen v join online_verfahren o on o.id = v.verfahren_id
          left join link_pruefungen lp on lp.url = coalesce(v.url, o.url)
          where v.behoerde_ars = ${ars} and ${zaehltSql(regel, jetzt)}
          order by o.name`,
    );
    return { anzahl: Number(stand?.anzahl ?? 0), dienste };
  },

  async regierungsbezirke(): Promise<{ ars: string; name: string }[]> {
    return rowsOf(db, sql`select ars, name from gebiete where ebene = 'regierungsbezirk' and land_key = '09' order by ars`);
  },

  /* ---------------------------------------------------------------- budget and ledger */

  /** Creates the budget row, or sets its total to the configured one. */
  async sichereHaushalt(gesamtCent: Cent, at: Date): Promise<void> {
    await db
      .insert(foerderHaushalt)
      .values({ id: FOERDER_HAUSHALT_ID, bezeichnung: 'Förderprogramm „Digitales Rathaus“ (FöRdR)', gesamtCent, aktualisiertAm: at })
      .onConflictDoUpdate({ target: foerderHaushalt.id, set: { gesamtCent, aktualisiertAm: at }, where: sql`${foerderHaushalt.gesamtCent} <> ${gesamtCent}` });
  },

  /**
   * The budget's total and the ledger sums. With `sperren` the budget row is locked
   * (`select … for update`) until the transaction ends: every approval and payout takes this lock
   * first, so they run one after the other on every instance, and the sums read after it include
   * everything committed before.
   */
  async budgetstand(tx: Db = db, opts: { sperren?: boolean } = {}): Promise<Budgetstand> {
    const lock = opts.sperren ? sql` for update` : sql``;
    const [h] = await rowsOf<{ gesamt_cent: string }>(tx, sql`select gesamt_cent::text from foerder_haushalt where id = ${FOERDER_HAUSHALT_ID}${lock}`);
    const sums = await rowsOf<{ art: string; summe: string }>(
      tx,
      sql`select art, sum(betrag_cent)::text as summe from foerder_buchungen where haushalt_id = ${FOERDER_HAUSHALT_ID} group by art`,
    );
    const s = (art: string) => BigInt(sums.find((x) => x.art === art)?.summe ?? '0');
    return { gesamtCent: BigInt(h?.gesamt_cent ?? '0'), gebundenCent: s('bindung'), ausgezahltCent: s('auszahlung'), entbundenCent: s('entbindung') };
  },

  /** Grants committed to a Behörde (commitments minus releases), other than `ohneAntrag`. */
  async bisherigeZuwendungen(tx: Db, ars: string, ohneAntrag: string): Promise<Cent> {
    const [row] = await rowsOf<{ summe: string }>(
      tx,
      sql`select coalesce(sum(case when z.art = 'bindung' then z.betrag_cent else -z.betrag_cent end), 0)::text as summe
          from foerder_buchungen z join foerder_antraege a on a.id = z.antrag_id
          where a.behoerde_ars = ${ars} and a.id <> ${ohneAntrag} and z.art in ('bindung', 'entbindung')`,
    );
    return BigInt(row.summe);
  },

  async insertBuchung(tx: Db, b: { antragId: string; art: 'bindung' | 'auszahlung' | 'entbindung'; betragCent: Cent; actorId: string | null; actorLabel: string; at: Date; demo?: boolean }) {
    await tx.insert(foerderBuchungen).values({ haushaltId: FOERDER_HAUSHALT_ID, ...b, demo: b.demo ?? false });
  },

  async buchungenOf(antragId: string): Promise<BuchungRow[]> {
    return db.select().from(foerderBuchungen).where(eq(foerderBuchungen.antragId, antragId)).orderBy(asc(foerderBuchungen.id));
  },

  async buchungen(limit: number, offset: number): Promise<{ total: number; items: (BuchungRow & { aktenzeichen: string; behoerde_name: string })[] }> {
    const [{ n }] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from foerder_buchungen`);
    const items = await rowsOf<{ id: number; antrag_id: string; art: string; betrag_cent: string; actor_label: string; demo: boolean; at: Date; aktenzeichen: string; behoerde_name: string }>(
      db,
      sql`select z.id, z.antrag_id, z.art, z.betrag_cent::text, z.actor_label, z.demo, z.at, a.aktenzeichen, b.anzeigename as behoerde_name
          from foerder_buchungen z join foerder_antraege a on a.id = z.antrag_id join behoerden b on b.ars = a.behoerde_ars
          order by z.at desc, z.id desc limit ${limit} offset ${offset}`,
    );
    return {
      total: Number(n),
      items: items.map((r) => ({
        id: Number(r.id),
        haushaltId: FOERDER_HAUSHALT_ID,
        antragId: r.antrag_id,
        art: r.art,
        betragCent: BigInt(r.betrag_cent),
        actorId: null,
        actorLabel: r.actor_label,
        demo: r.demo,
        at: new Date(r.at),
        aktenzeichen: r.aktenzeichen,
        behoerde_name: r.behoerde_name,
      })),
    };
  },

  /* ---------------------------------------------------------------- overview and statistics */

  async uebersicht(f: UebersichtFilter): Promise<{ total: number; summeBewilligtCent: Cent; summeAusgezahltCent: Cent; items: UebersichtRow[] }> {
    const where = uebersichtWhere(f);
    const from = sql`from foerder_antraege a join behoerden b on b.ars = a.behoerde_ars left join gebiete rb on rb.ars = b.regbez_key where ${where}`;
    const [agg] = await rowsOf<{ n: number; bewilligt: string; ausgezahlt: string }>(
      db,
      sql`select count(*)::int as n,
                 coalesce(sum(a.foerderbetrag_cent) filter (where a.status in (${inList(BEWILLIGTE_STATUS)})), 0)::text as bewilligt,
                 coalesce(sum(a.auszahlung_cent) filter (where a.status = 'ausgezahlt'), 0)::text as ausgezahlt
          ${from}`,
    );
    const items = await rowsOf<UebersichtRow>(
      db,
      sql`select a.id, a.aktenzeichen, a.status, a.behoerde_ars, b.anzeigename as behoerde_name, b.typ as behoerde_typ, rb.name as regbez_name, a.massnahme,
                 a.eingereicht_am, a.bescheid_am::text, a.foerderbetrag_cent::text, a.auszahlung_cent::text, a.nachweis_faellig_am::text,
                 a.nachweis_eingegangen_am::text, a.nachweis_geprueft_am::text, a.ausgezahlt_am::text, a.demo
          ${from}
          order by a.aktenzeichen desc
          limit ${f.limit} offset ${f.offset}`,
    );
    return { total: Number(agg.n), summeBewilligtCent: BigInt(agg.bewilligt), summeAusgezahltCent: BigInt(agg.ausgezahlt), items };
  },

  async statistik(): Promise<{
    nachStatus: { status: string; anzahl: number; summe: string }[];
    nachRegbez: { ars: string; name: string; antraege: number; bewilligt: number; summe: string }[];
    nachJahr: { jahr: number; antraege: number; bewilligt: number; summe: string }[];
  }> {
    const nachStatus = await rowsOf<{ status: string; anzahl: number; summe: string }>(
      db,
      sql`select status, count(*)::int as anzahl, coalesce(sum(foerderbetrag_cent), 0)::text as summe from foerder_antraege group by status`,
    );
    const nachRegbez = await rowsOf<{ ars: string; name: string; antraege: number; bewilligt: number; summe: string }>(
      db,
      sql`select rb.ars, rb.name,
                 count(a.id) filter (where a.status <> 'entwurf')::int as antraege,
                 count(a.id) filter (where a.status in (${inList(BEWILLIGTE_STATUS)}))::int as bewilligt,
                 coalesce(sum(a.foerderbetrag_cent) filter (where a.status in (${inList(BEWILLIGTE_STATUS)})), 0)::text as summe
          from gebiete rb
          left join behoerden b on b.regbez_key = rb.ars
          left join foerder_antraege a on a.behoerde_ars = b.ars
          where rb.ebene = 'regierungsbezirk' and rb.land_key = '09'
          group by rb.ars, rb.name order by rb.ars`,
    );
    const nachJahr = await rowsOf<{ jahr: number; antraege: number; bewilligt: number; summe: string }>(
      db,
      sql`select extract(year from a.eingereicht_am at time zone 'Europe/Berlin')::int as jahr,
                 count(*)::int as antraege,
                 count(*) filter (where a.status in (${inList(BEWILLIGTE_STATUS)}))::int as bewilligt,
                 coalesce(sum(a.foerderbetrag_cent) filter (where a.status in (${inList(BEWILLIGTE_STATUS)})), 0)::text as summe
          from foerder_antraege a where a.eingereicht_am is not null group by 1 order by 1`,
    );
    return {
      nachStatus: nachStatus.map((r) => ({ ...r, anzahl: Number(r.anzahl) })),
      nachRegbez: nachRegbez.map((r) => ({ ...r, antraege: Number(r.antraege), bewilligt: Number(r.bewilligt) })),
      nachJahr: nachJahr.map((r) => ({ ...r, jahr: Number(r.jahr), antraege: Number(r.antraege), bewilligt: Number(r.bewilligt) })),
    };
  },

  /** Sum of the granted amounts of every committed application (to compare with the ledger). */
  async summeBewilligt(): Promise<Cent> {
    const [row] = await rowsOf<{ s: string }>(db, sql`select coalesce(sum(foerderbetrag_cent), 0)::text as s from foerder_antraege where status in (${inList(BEWILLIGTE_STATUS)})`);
    return BigInt(row.s);
  },

  /* ---------------------------------------------------------------- reminders and letters */

  /** Approved grants whose proof is due on or before `bis` and that were not reminded yet. */
  async faelligeNachweise(bis: string): Promise<AntragRow[]> {
    return db
      .select()
      .from(foerderAntraege)
      .where(and(eq(foerderAntraege.status, 'bewilligt'), sql`${foerderAntraege.nachweisFaelligAm} <= ${bis}::date`, sql`${foerderAntraege.nachweisErinnertAm} is null`, eq(foerderAntraege.demo, false)));
  },

  async mailsOf(antragId: string): Promise<{ id: string; an: string; betreff: string; art: string; status: string; erstellt_am: Date }[]> {
    return rowsOf(db, sql`select id, an, betreff, art, status, erstellt_am from mails where object_type = 'foerderantrag' and object_id = ${antragId} order by erstellt_am, id`);
  },
});

export type FoerderungRepository = ReturnType<typeof createFoerderungRepository>;
