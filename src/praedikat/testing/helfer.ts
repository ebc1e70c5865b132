/** Helpers for the Prädikat tests: people who act, and counting links set up in one statement. */
import { sql } from 'drizzle-orm';
import { aUser } from '../../../tests/support/app';

import type { Database } from '../../shared/db';
import { type Handelnde } from '../../shared/handelnde';
import { type Services } from '../../services/services';

/** A new user of `role` as the services see them. */
export const handelnde = async (database: Database, role: Handelnde['role'], behoerden: string[] = []): Promise<Handelnde> => {
  const u = await aUser(database, role, behoerden);
  return { id: u.id, email: u.email, role, behoerden };
};

/** Links `n` fresh counting zentrale procedures to the Behörde (set-based) and recounts. */
export async function verlinke(database: Database, services: Pick<Services, 'verlinkung'>, ars: string, n: number) {
  await database.db.execute(sql`
    with v as (
      insert into online_verfahren (name, bereitstellung, art, url)
      select 'Verfahren ' || ${ars} || '-' || g, 'zentral', 'online', 'https://verfahren.bayern.example/' || ${ars} || '/' || g || '-' || gen_random_uuid()
      from generate_series(1, ${n}::int) g returning id)
    insert into verlinkungen (behoerde_ars, verfahren_id) select ${ars}, id from v`);
  await services.verlinkung.alleNeuBerechnen();
}
