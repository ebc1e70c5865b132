/**
 * Tables of the Förderprogramm „Digitales Rathaus“ (FöRdR): applications (Förderanträge) with their
 * cost items and every step, and the programme budget as a ledger.
 *
 * Money is always integer cents in `bigint` columns (mode `bigint`: no float ever touches an
 * amount). Nothing is deleted: a step is appended, a correction is a new ledger entry.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { behoerden } from '../shared/schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const cent = (name: string) => bigint(name, { mode: 'bigint' });

/**
 * One application. Its status walks: entwurf → eingereicht → geprueft → bewilligt | abgelehnt →
 * nachweis_eingegangen → nachweis_geprueft → auszahlung_freigegeben (first release) → ausgezahlt.
 * Columns of each step say who and when; the full trail is in `foerder_schritte`.
 */
export const foerderAntraege = pgTable(
  'foerder_antraege',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Readable file number, e.g. DR-2021-00042. */
    aktenzeichen: text('aktenzeichen').notNull(),
    behoerdeArs: text('behoerde_ars')
      .notNull()
      .references(() => behoerden.ars),
    status: text('status').notNull(),
    massnahme: text('massnahme').notNull(),
    beschreibung: text('beschreibung').notNull().default(''),
    /** Names of the online services the measure offers for the first time, one per entry. */
    onlineDienste: jsonb('online_dienste').$type<string[]>().notNull().default([]),
    /**
     * Raum mit besonderem Handlungsbedarf (higher rate), as the platform derived it at the last rule
     * check: from the official Gebietskulisse, or a confirmation under four eyes. Never the applicant's claim.
     */
    besondererHandlungsbedarf: boolean('besonderer_handlungsbedarf').notNull().default(false),
    /** The applicant submitted although the rule check said the application cannot be granted (acknowledged). */
    nichtFoerderfaehigBestaetigt: boolean('nicht_foerderfaehig_bestaetigt').notNull().default(false),
    kontoinhaber: text('kontoinhaber').notNull().default(''),
    /** Normalised (no spaces, upper case); checked with ISO 13616 mod 97. */
    iban: text('iban').notNull().default(''),
    /** The applicant's declarations (BayernID, Postkorb, E-Payment, mobile, first time, …). */
    erklaerungen: jsonb('erklaerungen').$type<Record<string, string | boolean>>().notNull().default({}),
    kontaktName: text('kontakt_name').notNull().default(''),
    kontaktEmail: text('kontakt_email').notNull().default(''),
    /** Snapshot of the rule check at the last step that ran it (submission, check, decision, proof check). */
    pruefung: jsonb('pruefung'),
    zuwendungsfaehigCent: cent('zuwendungsfaehig_cent'),
    foerdersatzProzent: integer('foerdersatz_prozent'),
    /** Granted amount, fixed at approval (the ledger holds the commitment). */
    foerderbetragCent: cent('foerderbetrag_cent'),
    erstelltVon: uuid('erstellt_von'),
    erstelltAm: ts('erstellt_am').notNull(),
    eingereichtVon: uuid('eingereicht_von'),
    eingereichtAm: ts('eingereicht_am'),
    /** First officer (Prüfung) with the recommendation bewilligen | ablehnen. */
    geprueftVon: uuid('geprueft_von'),
    geprueftVonLabel: text('geprueft_von_label'),
    geprueftAm: ts('geprueft_am'),
    empfehlung: text('empfehlung'),
    /** Second officer (Entscheidung), never the first. */
    entschiedenVon: uuid('entschieden_von'),
    entschiedenVonLabel: text('entschieden_von_label'),
    entschiedenAm: ts('entschieden_am'),
    bescheidAm: date('bescheid_am'),
    nachweisFaelligAm: date('nachweis_faellig_am'),
    nachweisErinnertAm: ts('nachweis_erinnert_am'),
    nachweisEingegangenAm: date('nachweis_eingegangen_am'),
    nachweisAusgabenCent: cent('nachweis_ausgaben_cent'),
    nachweisSachbericht: text('nachweis_sachbericht'),
    nachweisGeprueftAm: date('nachweis_geprueft_am'),
    nachweisGeprueftVon: uuid('nachweis_geprueft_von'),
    nachweisGeprueftVonLabel: text('nachweis_geprueft_von_label'),
    /** Payout as computed at the proof check (≤ granted amount). */
    auszahlungCent: cent('auszahlung_cent'),
    freigabe1Von: uuid('freigabe1_von'),
    freigabe1VonLabel: text('freigabe1_von_label'),
    freigabe1Am: ts('freigabe1_am'),
    freigabe2Von: uuid('freigabe2_von'),
    freigabe2VonLabel: text('freigabe2_von_label'),
    freigabe2Am: ts('freigabe2_am'),
    ausgezahltAm: date('ausgezahlt_am'),
    demo: boolean('demo').notNull().default(false),
    aktualisiertAm: ts('aktualisiert_am').notNull(),
  },
  (t) => [
    uniqueIndex('foerder_antraege_aktenzeichen_idx').on(t.aktenzeichen),
    index('foerder_antraege_behoerde_idx').on(t.behoerdeArs),
    index('foerder_antraege_status_idx').on(t.status),
    index('foerder_antraege_faellig_idx').on(t.nachweisFaelligAm),
  ],
);

/**
 * The higher rate without the official Gebietskulisse installed: one officer proposes it with a
 * reason and a source, a second, different officer confirms it; either may withdraw a proposal.
 * At most one proposal per application is open or confirmed.
 */
export const foerderSatzBestaetigungen = pgTable(
  'foerder_satz_bestaetigungen',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    antragId: uuid('antrag_id')
      .notNull()
      .references(() => foerderAntraege.id),
    /** offen | bestaetigt | zurueckgenommen */
    status: text('status').notNull(),
    begruendung: text('begruendung').notNull(),
    /** Where the officer found it (e.g. LEP Anhang 2, Strukturkarte, Stand …). */
    quelle: text('quelle').notNull(),
    vorgeschlagenVon: uuid('vorgeschlagen_von').notNull(),
    vorgeschlagenVonLabel: text('vorgeschlagen_von_label').notNull(),
    vorgeschlagenAm: ts('vorgeschlagen_am').notNull(),
    erledigtVon: uuid('erledigt_von'),
    erledigtVonLabel: text('erledigt_von_label'),
    erledigtAm: ts('erledigt_am'),
  },
  (t) => [uniqueIndex('foerder_satz_bestaetigungen_eine_idx').on(t.antragId).where(sql`status in ('offen', 'bestaetigt')`)],
);

/**
 * Cost items of an application: software purchase, set-up, licences (eligible), maintenance and
 * running costs (refused with the reason). Replaced as a whole while the application is a draft;
 * frozen from submission on.
 */
export const foerderKosten = pgTable(
  'foerder_kosten',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    antragId: uuid('antrag_id')
      .notNull()
      .references(() => foerderAntraege.id),
    position: integer('position').notNull(),
    /** software_kauf | einrichtung | lizenz | wartung | betrieb */
    art: text('art').notNull(),
    bezeichnung: text('bezeichnung').notNull(),
    betragCent: cent('betrag_cent').notNull(),
    /** Licences: years covered by the payment. */
    lizenzJahre: integer('lizenz_jahre'),
    /** Licences: paid once in advance (eligible) rather than per period (running costs). */
    einmalZahlung: boolean('einmal_zahlung'),
  },
  (t) => [uniqueIndex('foerder_kosten_antrag_pos_idx').on(t.antragId, t.position), check('foerder_kosten_betrag_nicht_negativ', sql`${t.betragCent} >= 0`)],
);

/** Every step of an application: who, when (UTC), from/to status, comment. Append-only. */
export const foerderSchritte = pgTable(
  'foerder_schritte',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    antragId: uuid('antrag_id')
      .notNull()
      .references(() => foerderAntraege.id),
    schritt: text('schritt').notNull(),
    vonStatus: text('von_status'),
    nachStatus: text('nach_status').notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    kommentar: text('kommentar'),
    daten: jsonb('daten'),
    demo: boolean('demo').notNull().default(false),
    at: ts('at').notNull(),
  },
  (t) => [index('foerder_schritte_antrag_idx').on(t.antragId, t.at)],
);

/**
 * The programme budget: one row per budget (FöRdR: `foerdr`). Approvals lock this row
 * (`select … for update`) so commitments are checked and written one after the other, across
 * every app instance; the amounts themselves are in the ledger below.
 */
export const foerderHaushalt = pgTable('foerder_haushalt', {
  id: text('id').primaryKey(),
  bezeichnung: text('bezeichnung').notNull(),
  gesamtCent: cent('gesamt_cent').notNull(),
  aktualisiertAm: ts('aktualisiert_am').notNull(),
});

/**
 * Budget ledger: `bindung` (commitment at approval), `auszahlung` (payout), `entbindung` (release
 * of the part of a commitment that is not paid out). Remaining = total − bindung + entbindung.
 * A grant has at most one commitment, one payout and one release (unique index): a grant can
 * never be counted twice, whatever the application code does.
 */
export const foerderBuchungen = pgTable(
  'foerder_buchungen',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    haushaltId: text('haushalt_id')
      .notNull()
      .references(() => foerderHaushalt.id),
    antragId: uuid('antrag_id')
      .notNull()
      .references(() => foerderAntraege.id),
    art: text('art').notNull(),
    betragCent: cent('betrag_cent').notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    demo: boolean('demo').notNull().default(false),
    at: ts('at').notNull(),
  },
  (t) => [
    uniqueIndex('foerder_buchungen_einmal_idx').on(t.antragId, t.art),
    index('foerder_buchungen_haushalt_idx').on(t.haushaltId, t.art),
    index('foerder_buchungen_at_idx').on(t.at),
    // Amounts are positive; the kind says the direction.
    check('foerder_buchungen_betrag_positiv', sql`${t.betragCent} > 0`),
    check('foerder_buchungen_art_gueltig', sql`${t.art} in ('bindung', 'auszahlung', 'entbindung')`),
  ],
);

export const FOERDER_HAUSHALT_ID = 'foerdr';
export const BUCHUNGSARTEN = ['bindung', 'auszahlung', 'entbindung'] as const;
