/** What the database as a whole looks like right now, as a cheap fingerprint (shared/seitencache.ts). */
import { sql } from 'drizzle-orm';
import type { Db } from './db';

export const createDatenstandRepository = (db: Db) => ({
  /**
   * The current snapshot (`xmin:xmax:xip`, PostgreSQL ≥ 13; PGlite alike): the same text twice
   * means no transaction that writes has committed in between — on every table and, with
   * PostgreSQL, from every instance on the database. No table is read.
   */
  async schnappschuss(this: void): Promise<string> {
    const r = await db.execute(sql`select pg_current_snapshot()::text as s`);
    return String((r.rows[0] as { s: unknown }).s);
  },
});
