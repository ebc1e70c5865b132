/**
 * SQL of the Förder-Demodaten (foerderung.demo.ts): reading the applicants, writing the planned
 * applications in chunks of 250 rows per statement, removing them again. The caller opens the
 * transaction and passes it in; every row written has `demo = true`.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../shared/db';
import { FOERDER_HAUSHALT_ID, foerderAntraege, foerderBuchungen, foerderHaushalt, foerderKosten, foerderSchritte } from '../foerderung/foerderung.tables';
import type { FoerderDemoBehoerde, FoerderDemoPlan } from './foerderung.demo';

/** The database or a transaction. */
export type FoerderDemoTx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

/** Advisory lock key: two processes seeding at once (PostgreSQL, several instances) wait for each other. */
const FOERDER_DEMO_LOCK = 727_202;

/** Rows per INSERT: large enough to be fast, small enough for the driver's parameter limit. */
const CHUNK = 250;

/** Applications of any kind (demo or real). */
export async function anzahlFoerderAntraege(tx: FoerderDemoTx): Promise<number> {
  const [{ n }] = (await tx.execute(sql`select count(*)::int as n from foerder_antraege`)).rows as { n: number }[];
  return Number(n);
}

/** The Förderprogramm is the Freistaat's: applicants are active Bavarian Behörden, also when all of Germany is imported. */
export async function bayerischeBehoerden(tx: FoerderDemoTx): Promise<FoerderDemoBehoerde[]> {
  return (await tx.execute(sql`select ars, name, typ from behoerden where aktiv and land_key = '09' order by ars`)).rows as unknown as FoerderDemoBehoerde[];
}

/** Waits for another process seeding the Förder-Demodaten (until the end of the transaction). */
export async function sperreFoerderDemo(tx: FoerderDemoTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${FOERDER_DEMO_LOCK})`);
}

/** Writes the programme's budget row (if missing) and the planned rows, parents first. */
export async function schreibeFoerderDemo(tx: FoerderDemoTx, zeilen: FoerderDemoPlan, haushalt: { gesamtCent: bigint; at: Date }): Promise<void> {
  await tx
    .insert(foerderHaushalt)
    .values({
      id: FOERDER_HAUSHALT_ID,
      bezeichnung: 'Förderprogramm „Digitales Rathaus“ (FöRdR)',
      gesamtCent: haushalt.gesamtCent,
      aktualisiertAm: haushalt.at,
    })
    .onConflictDoNothing();
  const inChunks = async <T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
  };
  await inChunks(zeilen.antraege, (c) => tx.insert(foerderAntraege).values(c));
  await inChunks(zeilen.kosten, (c) => tx.insert(foerderKosten).values(c));
  await inChunks(zeilen.schritte, (c) => tx.insert(foerderSchritte).values(c));
  await inChunks(zeilen.buchungen, (c) => tx.insert(foerderBuchungen).values(c));
}

/** Deletes every demo application with its rows; real applications stay untouched. Returns how many applications went. */
export async function loescheFoerderDemo(tx: FoerderDemoTx): Promise<number> {
  await tx.execute(sql`delete from foerder_buchungen where antrag_id in (select id from foerder_antraege where demo)`);
  await tx.execute(sql`delete from foerder_schritte where antrag_id in (select id from foerder_antraege where demo)`);
  await tx.execute(sql`delete from foerder_kosten where antrag_id in (select id from foerder_antraege where demo)`);
  await tx.execute(sql`delete from foerder_satz_bestaetigungen where antrag_id in (select id from foerder_antraege where demo)`);
  const r = await tx.execute(sql`delete from foerder_antraege where demo returning id`);
  return r.rows.length;
}
