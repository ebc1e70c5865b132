/** The only place with SQL for API tokens. */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../shared/db';
import { apiTokens } from './auth.tables';

export type TokenUmfang = 'lesen' | 'schreiben';

export interface ApiTokenRow {
  id: string;
  userId: string;
  name: string;
  praefix: string;
  umfang: TokenUmfang;
  erstelltAm: Date;
  laeuftAbAm: Date;
  zuletztGenutztAm: Date | null;
  widerrufenAm: Date | null;
}

const columns = {
  id: apiTokens.id,
  userId: apiTokens.userId,
  name: apiTokens.name,
  praefix: apiTokens.praefix,
  umfang: apiTokens.umfang,
  erstelltAm: apiTokens.erstelltAm,
  laeuftAbAm: apiTokens.laeuftAbAm,
  zuletztGenutztAm: apiTokens.zuletztGenutztAm,
  widerrufenAm: apiTokens.widerrufenAm,
};

export const createApiTokenRepository = (db: Db) => ({
  db,

  async insert(t: { userId: string; name: string; tokenHash: string; praefix: string; umfang: TokenUmfang; erstelltAm: Date; laeuftAbAm: Date }) {
    const [row] = await db.insert(apiTokens).values(t).returning(columns);
    return row as ApiTokenRow;
  },

  async listOfUser(userId: string): Promise<ApiTokenRow[]> {
    return (await db.select(columns).from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.erstelltAm))) as ApiTokenRow[];
  },

  async findByHash(tokenHash: string): Promise<ApiTokenRow | undefined> {
    const [row] = await db.select(columns).from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash));
    return row as ApiTokenRow | undefined;
  },

  async touch(id: string, at: Date) {
    await db.update(apiTokens).set({ zuletztGenutztAm: at }).where(eq(apiTokens.id, id));
  },

  /** Revokes a token of the user that is not revoked yet; returns it (undefined: none such). */
  async revoke(userId: string, id: string, at: Date): Promise<ApiTokenRow | undefined> {
    const [row] = await db
      .update(apiTokens)
      .set({ widerrufenAm: at })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.widerrufenAm)))
      .returning(columns);
    return row as ApiTokenRow | undefined;
  },

  /** Revokes every token of the user that is still valid (deactivation); returns their names. */
  async revokeAllOfUser(userId: string, at: Date): Promise<string[]> {
    const rows = await db
      .update(apiTokens)
      .set({ widerrufenAm: at })
      .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.widerrufenAm)))
      .returning({ name: apiTokens.name });
    return rows.map((r) => r.name);
  },
});

export type ApiTokenRepository = ReturnType<typeof createApiTokenRepository>;
