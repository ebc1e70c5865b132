/** Informationspaket: pages on the central components, written in Markdown, with drafts and published versions. */
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const infoseiten = pgTable('infoseiten', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Address part, e.g. `bayernid` → /informationen/bayernid. */
  slug: text('slug').notNull().unique(),
  /** BayernPortal | BayernID | Postkorb | E-Payment | Zentrale Online-Verfahren */
  komponente: text('komponente').notNull(),
  angelegtAm: ts('angelegt_am').notNull(),
});

/** Every saved state: one editable draft per page, published versions stay unchanged. */
export const infoseitenVersionen = pgTable(
  'infoseiten_versionen',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seiteId: uuid('seite_id')
      .notNull()
      .references(() => infoseiten.id),
    version: integer('version').notNull(),
    /** entwurf | veroeffentlicht */
    status: text('status').notNull(),
    titel: text('titel').notNull(),
    markdown: text('markdown').notNull(),
    geaendertVon: uuid('geaendert_von'),
    geaendertAm: ts('geaendert_am').notNull(),
    veroeffentlichtAm: ts('veroeffentlicht_am'),
  },
  (t) => [
    uniqueIndex('infoseiten_versionen_nr_idx').on(t.seiteId, t.version),
    uniqueIndex('infoseiten_ein_entwurf_idx')
      .on(t.seiteId)
      .where(sql`status = 'entwurf'`),
    index('infoseiten_versionen_seite_idx').on(t.seiteId, t.status),
  ],
);
