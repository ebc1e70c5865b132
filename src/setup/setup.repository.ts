/** The only place with SQL for the first-start preparation (setup.service.ts). */
import { sql } from 'drizzle-orm';
import type { Db } from '../shared/db';

/** How many Behörden the database holds (0: the official data was never imported). */
export async function anzahlBehoerden(db: Db): Promise<number> {
  const [{ n }] = (await db.execute(sql`select count(*)::int as n from behoerden`)).rows as { n: number }[];
  return Number(n);
}
