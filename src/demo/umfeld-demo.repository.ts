/**
 * SQL of the Demodaten around the Prädikat (umfeld.demo.ts): whether a table of the Digitallotse
 * courses, checklists, events or the Informationspaket is still empty, and writing the demo rows.
 */
import { sql } from 'drizzle-orm';
import { checklisten, checklistenVersionen } from '../checklisten/checklisten.tables';
import { digitallotseKurse } from '../digitallotse/digitallotse.tables';
import { infoseiten, infoseitenVersionen } from '../infopaket/infopaket.tables';
import type { Db } from '../shared/db';
import { veranstaltungen } from '../veranstaltungen/veranstaltungen.tables';

/** The database or a transaction. */
export type UmfeldDemoTx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

const anzahl = async (tx: UmfeldDemoTx, query: ReturnType<typeof sql>) => ((await tx.execute(query)).rows as { n: number }[])[0].n;

/** Rows in each table the demo fills (it fills only empty ones). */
export const umfeldBestand = {
  kurse: (tx: UmfeldDemoTx) => anzahl(tx, sql`select count(*)::int as n from digitallotse_kurse`),
  checklisten: (tx: UmfeldDemoTx) => anzahl(tx, sql`select count(*)::int as n from checklisten`),
  veranstaltungen: (tx: UmfeldDemoTx) => anzahl(tx, sql`select count(*)::int as n from veranstaltungen`),
  infoseiten: (tx: UmfeldDemoTx) => anzahl(tx, sql`select count(*)::int as n from infoseiten`),
};

export async function legeKurseAn(tx: UmfeldDemoTx, kurse: (typeof digitallotseKurse.$inferInsert)[]): Promise<void> {
  await tx.insert(digitallotseKurse).values(kurse);
}

/** A checklist with its first version (`version.checklisteId` is filled in). */
export async function legeChecklisteAn(
  tx: UmfeldDemoTx,
  liste: typeof checklisten.$inferInsert,
  version: Omit<typeof checklistenVersionen.$inferInsert, 'checklisteId'>,
): Promise<void> {
  const [neu] = await tx.insert(checklisten).values(liste).returning();
  await tx.insert(checklistenVersionen).values({ ...version, checklisteId: neu.id });
}

export async function legeVeranstaltungenAn(tx: UmfeldDemoTx, events: (typeof veranstaltungen.$inferInsert)[]): Promise<void> {
  await tx.insert(veranstaltungen).values(events);
}

/** An information page with its first version (`version.seiteId` is filled in). */
export async function legeInfoseiteAn(
  tx: UmfeldDemoTx,
  seite: typeof infoseiten.$inferInsert,
  version: Omit<typeof infoseitenVersionen.$inferInsert, 'seiteId'>,
): Promise<void> {
  const [neu] = await tx.insert(infoseiten).values(seite).returning();
  await tx.insert(infoseitenVersionen).values({ ...version, seiteId: neu.id });
}
