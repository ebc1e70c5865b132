/** Virtuelle Informationsveranstaltungen: events with capacity, registrations, reminders, attendance. */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const veranstaltungen = pgTable(
  'veranstaltungen',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    titel: text('titel').notNull(),
    /** BayernPortal | BayernID | Postkorb | E-Payment | Zentrale Online-Verfahren | Digitallotse | Prädikat */
    thema: text('thema').notNull(),
    beschreibung: text('beschreibung').notNull().default(''),
    beginn: ts('beginn').notNull(),
    ende: ts('ende').notNull(),
    /** Join link of the video conference; sent to registered people only. */
    link: text('link').notNull(),
    kapazitaet: integer('kapazitaet').notNull(),
    angelegtVon: uuid('angelegt_von'),
    angelegtAm: ts('angelegt_am').notNull(),
    /** Increases with every change, for the iCalendar SEQUENCE. */
    sequenz: integer('sequenz').notNull().default(0),
  },
  (t) => [index('veranstaltungen_beginn_idx').on(t.beginn)],
);

export const veranstaltungAnmeldungen = pgTable(
  'veranstaltung_anmeldungen',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    veranstaltungId: uuid('veranstaltung_id')
      .notNull()
      .references(() => veranstaltungen.id),
    name: text('name').notNull(),
    email: text('email').notNull(),
    organisation: text('organisation'),
    angemeldetAm: ts('angemeldet_am').notNull(),
    /**
     * Double opt-in: the person confirmed the registration through the link mailed to the address.
     * Only confirmed registrations hold a place, get the join link and reminders.
     */
    bestaetigtAm: ts('bestaetigt_am'),
    /** SHA-256 of the confirmation token (the link carries the token); null once confirmed. */
    bestaetigungHash: text('bestaetigung_hash'),
    /** Until when the confirmation link works. */
    bestaetigungBis: ts('bestaetigung_bis'),
    /** The reminder mail went out (once per registration, also across several instances). */
    erinnertAm: ts('erinnert_am'),
    teilgenommen: boolean('teilgenommen'),
  },
  (t) => [
    uniqueIndex('veranstaltung_anmeldungen_person_idx').on(t.veranstaltungId, sql`lower(${t.email})`),
    uniqueIndex('veranstaltung_anmeldungen_bestaetigung_idx').on(t.bestaetigungHash),
  ],
);
