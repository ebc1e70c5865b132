/**
 * Tables of the ministry's review of links: a reviewer can mark a linked entry „zählt nicht“ with a
 * reason; the Kommune sees it and can object; a reviewer lifts the mark or turns the objection
 * down. The catalogue, the links and the counts are in shared/schema.ts.
 */
import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { behoerden, onlineVerfahren } from '../shared/schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** States of a mark: it keeps the link from counting while `aktiv` or `einspruch`. */
export const VERMERK_STATUS = ['aktiv', 'einspruch', 'aufgehoben'] as const;

/**
 * A reviewer's „zählt nicht“ for one (Behörde, procedure). Kept when lifted (status `aufgehoben`),
 * so the decision stays on record; every step is also an event in `verlinkung_ereignisse` and an
 * entry in the audit log. At most one mark per pair is not lifted.
 */
export const zaehltNichtVermerke = pgTable(
  'zaehlt_nicht_vermerke',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    behoerdeArs: text('behoerde_ars').notNull().references(() => behoerden.ars),
    verfahrenId: uuid('verfahren_id').notNull().references(() => onlineVerfahren.id),
    /** aktiv | einspruch | aufgehoben */
    status: text('status').notNull(),
    grund: text('grund').notNull(),
    gesetztVon: uuid('gesetzt_von'),
    gesetztVonLabel: text('gesetzt_von_label').notNull(),
    gesetztAm: ts('gesetzt_am').notNull(),
    /** The Kommune's objection (latest). */
    einspruch: text('einspruch'),
    einspruchVonLabel: text('einspruch_von_label'),
    einspruchAm: ts('einspruch_am'),
    /** The reviewer's last decision on it: lifted, or objection turned down, with a reason. */
    entscheidung: text('entscheidung'),
    entscheidungGrund: text('entscheidung_grund'),
    entschiedenVonLabel: text('entschieden_von_label'),
    entschiedenAm: ts('entschieden_am'),
  },
  (t) => [
    uniqueIndex('zaehlt_nicht_vermerke_offen_idx').on(t.behoerdeArs, t.verfahrenId).where(sql`status <> 'aufgehoben'`),
    index('zaehlt_nicht_vermerke_behoerde_idx').on(t.behoerdeArs),
  ],
);
