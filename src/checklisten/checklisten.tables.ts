/**
 * OZG-Checklisten: checklists the ministry writes and versions, and each Behörde's answers.
 * Answers are keyed by the item's stable key, not by version, so a new version keeps every answer
 * whose item still exists with the same text (the text's hash is stored with the answer).
 */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { behoerden } from '../shared/schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const checklisten = pgTable(
  'checklisten',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    titel: text('titel').notNull(),
    beschreibung: text('beschreibung').notNull().default(''),
    angelegtVon: uuid('angelegt_von'),
    angelegtAm: ts('angelegt_am').notNull(),
  },
  (t) => [uniqueIndex('checklisten_titel_idx').on(sql`lower(${t.titel})`)],
);

/** A version: a draft (`entwurf`, at most one, editable) or published (`veroeffentlicht`, frozen). */
export const checklistenVersionen = pgTable(
  'checklisten_versionen',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    checklisteId: uuid('checkliste_id')
      .notNull()
      .references(() => checklisten.id),
    version: integer('version').notNull(),
    status: text('status').notNull(),
    /** The source text as the ministry wrote it (see checklisten.format.ts). */
    quelltext: text('quelltext').notNull(),
    /** Parsed sections and items: `Abschnitt[]`. */
    inhalt: jsonb('inhalt').notNull(),
    geaendertVon: uuid('geaendert_von'),
    geaendertAm: ts('geaendert_am').notNull(),
    veroeffentlichtVon: uuid('veroeffentlicht_von'),
    veroeffentlichtAm: ts('veroeffentlicht_am'),
  },
  (t) => [
    uniqueIndex('checklisten_versionen_nr_idx').on(t.checklisteId, t.version),
    uniqueIndex('checklisten_ein_entwurf_idx')
      .on(t.checklisteId)
      .where(sql`status = 'entwurf'`),
  ],
);

/** One answer of a Behörde to one item: done / not relevant / open, with comment and who/when. */
export const checklistenAntworten = pgTable(
  'checklisten_antworten',
  {
    behoerdeArs: text('behoerde_ars')
      .notNull()
      .references(() => behoerden.ars),
    checklisteId: uuid('checkliste_id')
      .notNull()
      .references(() => checklisten.id),
    punkt: text('punkt').notNull(),
    /** erledigt | nicht_relevant | offen */
    status: text('status').notNull(),
    kommentar: text('kommentar'),
    /** Hash of the item text answered; a changed text makes the answer not apply any more. */
    punktHash: text('punkt_hash').notNull(),
    version: integer('version').notNull(),
    geaendertVon: uuid('geaendert_von').notNull(),
    geaendertVonLabel: text('geaendert_von_label').notNull(),
    geaendertAm: ts('geaendert_am').notNull(),
  },
  (t) => [primaryKey({ columns: [t.behoerdeArs, t.checklisteId, t.punkt] }), index('checklisten_antworten_liste_idx').on(t.checklisteId)],
);
