/** The only place with SQL for logins through the identity provider (OpenID Connect). */
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../shared/db';
import { userBehoerden, users } from '../shared/schema';
import { oidcAnmeldungen, oidcIdentitaeten } from './auth.tables';
import { type Role } from '../shared/handelnde';

export const createOidcRepository = (db: Db) => ({
  db,

  async insertAnmeldung(a: { stateHash: string; nonce: string; codeVerifier: string; zurueck?: string; erstelltAm: Date; laeuftAbAm: Date }) {
    await db.insert(oidcAnmeldungen).values(a);
  },

  /** Takes a started login out of the table: it can be used exactly once. */
  async consumeAnmeldung(stateHash: string) {
    const [row] = await db.delete(oidcAnmeldungen).where(eq(oidcAnmeldungen.stateHash, stateHash)).returning();
    return row;
  },

  async deleteExpiredAnmeldungen(now: Date) {
    await db.delete(oidcAnmeldungen).where(lt(oidcAnmeldungen.laeuftAbAm, now));
  },

  async findIdentity(issuer: string, subject: string) {
    const [row] = await db
      .select()
      .from(oidcIdentitaeten)
      .where(and(eq(oidcIdentitaeten.issuer, issuer), eq(oidcIdentitaeten.subject, subject)));
    return row;
  },

  async linkIdentity(issuer: string, subject: string, userId: string, now: Date) {
    await db.insert(oidcIdentitaeten).values({ issuer, subject, userId, erstelltAm: now, letzteAnmeldungAm: now });
  },

  async touchIdentity(issuer: string, subject: string, now: Date) {
    await db
      .update(oidcIdentitaeten)
      .set({ letzteAnmeldungAm: now })
      .where(and(eq(oidcIdentitaeten.issuer, issuer), eq(oidcIdentitaeten.subject, subject)));
  },

  /** An account without a password: it logs in through the identity provider only. */
  async insertUser(u: { email: string; name: string; role: Role }): Promise<string> {
    const [row] = await db.insert(users).values({ email: u.email, name: u.name, role: u.role, passwordHash: null, mustChangePassword: false }).returning({ id: users.id });
    return row.id;
  },

  /** The provider's mapping wins: its one role replaces every role the account had (docs/security.md). */
  async updateUser(userId: string, u: { name: string; role: Role }) {
    await db.update(users).set({ ...u, zusatzrollen: [] }).where(eq(users.id, userId));
  },

  async replaceBehoerden(userId: string, arsList: string[]) {
    await db.delete(userBehoerden).where(eq(userBehoerden.userId, userId));
    if (arsList.length > 0) await db.insert(userBehoerden).values(arsList.map((ars) => ({ userId, behoerdeArs: ars })));
  },
});

export type OidcRepository = ReturnType<typeof createOidcRepository>;
