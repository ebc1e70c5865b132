/**
 * Grundkurs Digitallotse at the Bayerische Verwaltungsschule: course dates, registrations
 * (with the subsidy decision and the waiting list) and attendance per module.
 */
import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { behoerden } from '../shared/schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One course date: 4 days, 6 modules, a fixed number of places, at a place or online. */
export const digitallotseKurse = pgTable(
  'digitallotse_kurse',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    titel: text('titel').notNull(),
    /** First and last of the four course days (Europe/Berlin calendar dates). */
    beginn: date('beginn').notNull(),
    ende: date('ende').notNull(),
    /** Place (e.g. „BVS Bildungszentrum Holzhausen“) or the name of the video platform. */
    ort: text('ort').notNull(),
    online: boolean('online').notNull(),
    plaetze: integer('plaetze').notNull(),
    /** Full fee per participant in cents; the Freistaat pays 80 % for one subsidised place per Behörde. */
    gebuehrCent: integer('gebuehr_cent').notNull(),
    angelegtVon: uuid('angelegt_von'),
    angelegtAm: ts('angelegt_am').notNull(),
  },
  (t) => [index('digitallotse_kurse_beginn_idx').on(t.beginn)],
);

/** A registration of one employee of a Behörde for a course. Never deleted: cancelled ones stay. */
export const digitallotseAnmeldungen = pgTable(
  'digitallotse_anmeldungen',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kursId: uuid('kurs_id')
      .notNull()
      .references(() => digitallotseKurse.id),
    behoerdeArs: text('behoerde_ars')
      .notNull()
      .references(() => behoerden.ars),
    teilnehmerName: text('teilnehmer_name').notNull(),
    teilnehmerEmail: text('teilnehmer_email').notNull(),
    /** platz | warteliste | storniert */
    status: text('status').notNull(),
    /** The Freistaat pays 80 % of the fee for this place. */
    gefoerdert: boolean('gefoerdert').notNull(),
    angemeldetVon: uuid('angemeldet_von').notNull(),
    angemeldetAm: ts('angemeldet_am').notNull(),
    storniertAm: ts('storniert_am'),
    /** Set when all six modules are attended: the certificate can be downloaded. */
    abgeschlossenAm: ts('abgeschlossen_am'),
  },
  (t) => [
    index('digitallotse_anmeldungen_kurs_idx').on(t.kursId, t.angemeldetAm),
    index('digitallotse_anmeldungen_behoerde_idx').on(t.behoerdeArs),
    // The subsidy rule as a constraint: one subsidised, not cancelled place per Behörde.
    uniqueIndex('digitallotse_ein_gefoerderter_platz_idx')
      .on(t.behoerdeArs)
      .where(sql`gefoerdert and status <> 'storniert'`),
    // The same person only once per course.
    uniqueIndex('digitallotse_person_je_kurs_idx')
      .on(t.kursId, sql`lower(${t.teilnehmerEmail})`)
      .where(sql`status <> 'storniert'`),
  ],
);

/** Attendance per module (1–6), recorded by the ministry or the school. */
export const digitallotseAnwesenheit = pgTable(
  'digitallotse_anwesenheit',
  {
    anmeldungId: uuid('anmeldung_id')
      .notNull()
      .references(() => digitallotseAnmeldungen.id),
    modul: integer('modul').notNull(),
    anwesend: boolean('anwesend').notNull(),
    erfasstVon: uuid('erfasst_von'),
    erfasstAm: ts('erfasst_am').notNull(),
  },
  (t) => [primaryKey({ columns: [t.anmeldungId, t.modul] })],
);
