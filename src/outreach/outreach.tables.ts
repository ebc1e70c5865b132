/**
 * Outreach to hesitant Kommunen: campaigns, a send queue with a status per recipient (so a run can
 * be resumed after a crash) and the unsubscribed addresses.
 */
import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { behoerden } from '../shared/schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const outreachKampagnen = pgTable('outreach_kampagnen', {
  id: uuid('id').primaryKey().defaultRandom(),
  titel: text('titel').notNull(),
  /** The selection: { anteilUnter, monateOhneAenderung, regbezKey }. */
  filter: jsonb('filter').notNull(),
  erstelltVon: uuid('erstellt_von').notNull(),
  erstelltAm: ts('erstellt_am').notNull(),
  versandGestartetAm: ts('versand_gestartet_am'),
});

/** One mail of a campaign: the text is rendered when queued, so the preview is exactly what is sent. */
export const outreachEmpfaenger = pgTable(
  'outreach_empfaenger',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kampagneId: uuid('kampagne_id')
      .notNull()
      .references(() => outreachKampagnen.id),
    behoerdeArs: text('behoerde_ars')
      .notNull()
      .references(() => behoerden.ars),
    an: text('an').notNull(),
    betreff: text('betreff').notNull(),
    text: text('text').notNull(),
    /** wartend | in_arbeit | versendet | fehlgeschlagen | abgemeldet */
    status: text('status').notNull(),
    /** When a run took the row; a row `in_arbeit` for long belongs to a crashed run and is taken again. */
    versuchtAm: ts('versucht_am'),
    versendetAm: ts('versendet_am'),
    mailId: uuid('mail_id'),
    fehler: text('fehler'),
  },
  (t) => [uniqueIndex('outreach_empfaenger_eindeutig_idx').on(t.kampagneId, t.behoerdeArs, sql`lower(${t.an})`), index('outreach_empfaenger_status_idx').on(t.kampagneId, t.status)],
);

/** Addresses that unsubscribed from outreach mails (lower case); never written to again. */
export const outreachAbmeldungen = pgTable('outreach_abmeldungen', {
  email: text('email').primaryKey(),
  abgemeldetAm: ts('abgemeldet_am').notNull(),
});

/**
 * Behörden of a campaign without an account to write to: the same personal text, rendered when the
 * campaign is prepared, for a letter (mail-merge file). Nobody is dropped silently.
 */
export const outreachBriefe = pgTable(
  'outreach_briefe',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kampagneId: uuid('kampagne_id')
      .notNull()
      .references(() => outreachKampagnen.id),
    behoerdeArs: text('behoerde_ars')
      .notNull()
      .references(() => behoerden.ars),
    betreff: text('betreff').notNull(),
    text: text('text').notNull(),
  },
  (t) => [uniqueIndex('outreach_briefe_eindeutig_idx').on(t.kampagneId, t.behoerdeArs)],
);
