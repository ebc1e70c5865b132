/**
 * Tables of the Prädikat workflow: applications (Anträge) with every step, the award's status
 * history and the sign orders. The award itself is `praedikate` in shared/schema.ts.
 */
import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { behoerden, praedikate } from '../shared/schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Open states: at most one application per Behörde may be in one of them. */
export const OFFENE_ANTRAGSSTATUS = ['eingereicht', 'empfohlen', 'zurueckgegeben'] as const;

export const antraege = pgTable(
  'praedikat_antraege',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    behoerdeArs: text('behoerde_ars').notNull().references(() => behoerden.ars),
    /** eingereicht | empfohlen | zurueckgegeben | verliehen | abgelehnt | zurueckgezogen */
    status: text('status').notNull(),
    kontaktName: text('kontakt_name').notNull(),
    kontaktEmail: text('kontakt_email').notNull(),
    kontaktTelefon: text('kontakt_telefon'),
    websiteUrl: text('website_url').notNull(),
    schildGewuenscht: boolean('schild_gewuenscht').notNull(),
    schildFormat: text('schild_format'),
    lieferadresse: text('lieferadresse'),
    /**
     * The automatic pre-check of the current submission (set at submission and resubmission, never
     * at the decision). The immutable record of every pre-check is `praedikat_vorpruefungen`.
     */
    vorpruefung: jsonb('vorpruefung').notNull(),
    eingereichtVon: uuid('eingereicht_von').notNull(),
    eingereichtAm: ts('eingereicht_am').notNull(),
    /** First reviewer: recommendation verleihen | ablehnen | zurueckgeben. */
    empfehlung: text('empfehlung'),
    empfohlenVon: uuid('empfohlen_von'),
    empfohlenAm: ts('empfohlen_am'),
    /** Second reviewer (never the first). */
    entschiedenVon: uuid('entschieden_von'),
    entschiedenAm: ts('entschieden_am'),
    zertifikatNr: text('zertifikat_nr'),
    aktualisiertAm: ts('aktualisiert_am').notNull().defaultNow(),
  },
  (t) => [
    index('praedikat_antraege_behoerde_idx').on(t.behoerdeArs),
    index('praedikat_antraege_status_idx').on(t.status),
    uniqueIndex('praedikat_antraege_ein_offener_idx')
      .on(t.behoerdeArs)
      .where(sql`status in ('eingereicht', 'empfohlen', 'zurueckgegeben')`),
  ],
);

/** Every step of an application: who, when (UTC), what, comment. Append-only. */
export const antragSchritte = pgTable(
  'praedikat_antrag_schritte',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    antragId: uuid('antrag_id').notNull().references(() => antraege.id),
    schritt: text('schritt').notNull(),
    vonStatus: text('von_status'),
    nachStatus: text('nach_status').notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    kommentar: text('kommentar'),
    daten: jsonb('daten'),
    at: ts('at').notNull(),
  },
  (t) => [index('praedikat_antrag_schritte_antrag_idx').on(t.antragId)],
);

/** Status history of an award: award, falling below, suspension, reinstatement, revocation. */
export const praedikatEreignisse = pgTable(
  'praedikat_ereignisse',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    zertifikatNr: text('zertifikat_nr').notNull().references(() => praedikate.zertifikatNr),
    vonStatus: text('von_status'),
    nachStatus: text('nach_status').notNull(),
    /** verleihung | unterschreitung | aussetzung | wiederherstellung | widerruf | erholung */
    ereignis: text('ereignis').notNull(),
    /** The reason given to the Kommune and kept in the file (for automatic steps: the count). */
    grund: text('grund'),
    /** What the public pages and the public API show; null: a neutral standard text (or, for automatic steps, `grund`). */
    oeffentlicherGrund: text('oeffentlicher_grund'),
    automatisch: boolean('automatisch').notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    anzahl: text('anzahl'),
    at: ts('at').notNull(),
  },
  (t) => [index('praedikat_ereignisse_nr_idx').on(t.zertifikatNr, t.at)],
);

/** Grace period and manual-suspension marker of an award (one row per award in a non-plain state). */
export const praedikatStatus = pgTable('praedikat_status', {
  zertifikatNr: text('zertifikat_nr')
    .primaryKey()
    .references(() => praedikate.zertifikatNr),
  /** Since when the count is below the threshold (null: at or above). */
  unterSchwelleSeit: ts('unter_schwelle_seit'),
  /** Last day of the grace period; after it the award is suspended. */
  karenzBis: date('karenz_bis'),
  /** Suspended by hand: only a person reinstates it, not the re-check. */
  manuellAusgesetzt: boolean('manuell_ausgesetzt').notNull().default(false),
  statusSeit: ts('status_seit').notNull(),
});

/**
 * The immutable record of every automatic pre-check of an application: the whole result object as
 * computed (whatever fields it has), at submission, resubmission and decision. Append-only: a
 * trigger refuses UPDATE, DELETE and TRUNCATE (migration `vorpruefung_unveraenderlich`), like the audit log.
 */
export const praedikatVorpruefungen = pgTable(
  'praedikat_vorpruefungen',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    antragId: uuid('antrag_id')
      .notNull()
      .references(() => antraege.id),
    /** einreichung | erneute_einreichung | entscheidung | nachgetragen */
    anlass: text('anlass').notNull(),
    ergebnis: jsonb('ergebnis').notNull(),
    /** When the pre-check ran (the result's own `am`). */
    am: ts('am').notNull(),
    actorLabel: text('actor_label').notNull(),
  },
  (t) => [index('praedikat_vorpruefungen_antrag_idx').on(t.antragId, t.id)],
);

/**
 * Revocation and reinstatement under four eyes: one person requests (with the reason for the
 * Kommune and the public reason), a second, different person confirms; either may withdraw.
 * At most one open request per award.
 */
export const praedikatMassnahmen = pgTable(
  'praedikat_massnahmen',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    zertifikatNr: text('zertifikat_nr')
      .notNull()
      .references(() => praedikate.zertifikatNr),
    /** widerrufen | wiederherstellen */
    art: text('art').notNull(),
    /** offen | bestaetigt | zurueckgenommen */
    status: text('status').notNull(),
    grund: text('grund').notNull(),
    oeffentlicherGrund: text('oeffentlicher_grund'),
    beantragtVon: uuid('beantragt_von').notNull(),
    beantragtVonLabel: text('beantragt_von_label').notNull(),
    beantragtAm: ts('beantragt_am').notNull(),
    erledigtVon: uuid('erledigt_von'),
    erledigtVonLabel: text('erledigt_von_label'),
    erledigtAm: ts('erledigt_am'),
    /** Comment of the person who confirmed or withdrew it (internal). */
    erledigtKommentar: text('erledigt_kommentar'),
  },
  (t) => [index('praedikat_massnahmen_nr_idx').on(t.zertifikatNr), uniqueIndex('praedikat_massnahmen_eine_offene_idx').on(t.zertifikatNr).where(sql`status = 'offen'`)],
);

/** The physical sign (Schild): order and production status. */
export const schildBestellungen = pgTable(
  'schild_bestellungen',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    zertifikatNr: text('zertifikat_nr')
      .notNull()
      .references(() => praedikate.zertifikatNr),
    /** A3 | A4 */
    format: text('format').notNull(),
    lieferadresse: text('lieferadresse').notNull(),
    /** bestellt | produziert | geliefert | storniert (the award was revoked before delivery) */
    status: text('status').notNull(),
    verlauf: jsonb('verlauf').notNull(),
    bestelltAm: ts('bestellt_am').notNull(),
    aktualisiertAm: ts('aktualisiert_am').notNull(),
  },
  (t) => [index('schild_bestellungen_nr_idx').on(t.zertifikatNr)],
);
