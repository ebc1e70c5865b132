/** The only place with SQL for users, their Behörden and sessions. */
import { and, asc, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../shared/db';
import { behoerden, sessions, userBehoerden, users } from '../shared/schema';
import type { Role } from './roles';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  mustChangePassword: boolean;
  passwordHash: string | null;
  fehlversuche: number;
  gesperrtBis: Date | null;
}

export interface SessionUser extends Omit<UserRow, 'passwordHash'> {
  behoerden: string[];
}

export const createAuthRepository = (db: Db) => ({
  db,

  async findUserByEmail(email: string): Promise<UserRow | undefined> {
    const [row] = await db
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
    return row as UserRow | undefined;
  },

  async findUserById(id: string): Promise<UserRow | undefined> {
    const [row] = await db.select().from(users).where(eq(users.id, id));
    return row as UserRow | undefined;
  },

  async listUsers(): Promise<(UserRow & { behoerden: string[] })[]> {
    const rows = (await db.select().from(users).orderBy(asc(users.email))) as UserRow[];
    const links = await db.select().from(userBehoerden);
    return rows.map((u) => ({ ...u, behoerden: links.filter((l) => l.userId === u.id).map((l) => l.behoerdeArs) }));
  },

  async countUsers(): Promise<number> {
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
    return Number(row.n);
  },

  async insertUser(u: { email: string; name: string; role: Role; passwordHash: string; mustChangePassword: boolean }, behoerdenArs: string[]) {
    const [row] = await db
      .insert(users)
      .values({ email: u.email.trim(), name: u.name, role: u.role, passwordHash: u.passwordHash, mustChangePassword: u.mustChangePassword })
      .returning();
    if (behoerdenArs.length > 0) {
      await db.insert(userBehoerden).values(behoerdenArs.map((ars) => ({ userId: row.id, behoerdeArs: ars })));
    }
    return row as UserRow;
  },

  async existingBehoerden(arsList: string[]): Promise<string[]> {
    if (arsList.length === 0) return [];
    const rows = await db.select({ ars: behoerden.ars }).from(behoerden).where(inArray(behoerden.ars, arsList));
    return rows.map((r) => r.ars);
  },

  async setPassword(userId: string, passwordHash: string, mustChangePassword: boolean) {
    await db.update(users).set({ passwordHash, mustChangePassword }).where(eq(users.id, userId));
  },

  async setLastLogin(userId: string, at: Date) {
    await db.update(users).set({ lastLoginAt: at, fehlversuche: 0, gesperrtBis: null }).where(eq(users.id, userId));
  },

  /**
   * Reserves one password check for the account before it happens (ASVS V2.2.1): in one UPDATE,
   * atomic on PGlite and on PostgreSQL, also across instances (concurrent updates of the row wait
   * for each other and see the new value). Refused — no row — while the account is locked. The
   * attempt that reaches `max` locks the account for `minutes`; it is still checked itself, every
   * later one is refused. `fehlversuche` counts reserved attempts since the last successful login
   * (which resets it); after a lock has run out the count starts again at 1.
   */
  async reserviereAnmeldeversuch(userId: string, now: Date, max: number, minutes: number): Promise<{ versuch: number; gesperrtBis: Date | null } | undefined> {
    const jetzt = now.toISOString();
    const [r] = (
      await db.execute(sql`update users set
        fehlversuche = case when gesperrt_bis is not null then 1 else fehlversuche + 1 end,
        gesperrt_bis = case when (case when gesperrt_bis is not null then 1 else fehlversuche + 1 end) >= ${max}
          then ${jetzt}::timestamptz + make_interval(mins => ${minutes}::int) end
        where id = ${userId} and (gesperrt_bis is null or gesperrt_bis <= ${jetzt}::timestamptz)
        returning fehlversuche, gesperrt_bis`)
    ).rows as { fehlversuche: number; gesperrt_bis: Date | string | null }[];
    return r ? { versuch: Number(r.fehlversuche), gesperrtBis: r.gesperrt_bis ? new Date(r.gesperrt_bis) : null } : undefined;
  },

  async behoerdenOf(userId: string): Promise<string[]> {
    const rows = await db.select({ ars: userBehoerden.behoerdeArs }).from(userBehoerden).where(eq(userBehoerden.userId, userId));
    return rows.map((r) => r.ars);
  },

  async insertSession(s: { idHash: string; userId: string; now: Date; expiresAt: Date; userAgent?: string; oidcIdToken?: string }) {
    await db.insert(sessions).values({
      idHash: s.idHash,
      userId: s.userId,
      createdAt: s.now,
      lastSeenAt: s.now,
      expiresAt: s.expiresAt,
      userAgent: s.userAgent?.slice(0, 300),
      oidcIdToken: s.oidcIdToken,
    });
  },

  /** The user's sessions that have not expired, newest first. */
  async listSessionsOfUser(userId: string, now: Date) {
    return db
      .select({ idHash: sessions.idHash, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt, userAgent: sessions.userAgent })
      .from(sessions)
      .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
      .orderBy(desc(sessions.lastSeenAt));
  },

  async deleteSessionOfUser(userId: string, idHash: string): Promise<boolean> {
    const rows = await db
      .delete(sessions)
      .where(and(eq(sessions.userId, userId), eq(sessions.idHash, idHash)))
      .returning({ idHash: sessions.idHash });
    return rows.length > 0;
  },

  async findSession(idHash: string, now: Date) {
    const [row] = await db
      .select()
      .from(sessions)
      .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now)));
    return row;
  },

  async touchSession(idHash: string, now: Date) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
  },

  async deleteSession(idHash: string) {
    await db.delete(sessions).where(eq(sessions.idHash, idHash));
  },

  async deleteSessionsOfUser(userId: string): Promise<number> {
    const rows = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ idHash: sessions.idHash });
    return rows.length;
  },

  async deleteExpiredSessions(now: Date) {
    await db.delete(sessions).where(lt(sessions.expiresAt, now));
  },
});

export type AuthRepository = ReturnType<typeof createAuthRepository>;
