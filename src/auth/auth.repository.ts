/** The only place with SQL for users, their Behörden, sessions and invitations. */
import { and, asc, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../shared/db';
import { behoerden, sessions, userBehoerden, users } from '../shared/schema';
import { einladungen } from './auth.tables';
import type { Konto, Role, SessionUser } from '../shared/handelnde';
import { rollenVon } from './roles';

/** The stored account with its password hash (only the repository and the password check see it). */
export interface UserRow extends Konto {
  passwordHash: string | null;
}

/** The user as a request sees it: without the password hash, with all roles and Behörden. */
export function toSessionUser(row: UserRow, behoerdenArs: string[]): SessionUser {
  const { passwordHash: _omit, ...rest } = row;
  return { ...rest, roles: rollenVon(row), behoerden: behoerdenArs };
}

/** Filters of the account list (all optional). */
export interface KontenFilter {
  /** Only this account. */
  id?: string;
  /** Part of the name or e-mail address. */
  suchbegriff?: string;
  rolle?: Role;
  /** ARS (or its beginning) or part of the name of a Behörde the account serves. */
  behoerde?: string;
  status?: 'aktiv' | 'eingeladen' | 'deaktiviert';
  /** `nie`: never logged in; `tage:N`: logged in within N days; `nicht:N`: not within N days (or never). */
  letzteAnmeldung?: { art: 'nie' } | { art: 'innerhalb' | 'nicht_innerhalb'; tage: number };
  limit: number;
  offset: number;
}

export interface KontoZeile {
  id: string;
  email: string;
  name: string;
  role: Role;
  zusatzrollen: string[];
  active: boolean;
  hatPasswort: boolean;
  landesLogin: boolean;
  mustChangePassword: boolean;
  gesperrtBis: Date | null;
  createdAt: Date;
  lastLoginAt: Date | null;
  /** The newest invitation not yet used and not revoked (it may have expired). */
  einladungLaeuftAb: Date | null;
  behoerden: { ars: string; name: string }[];
}

/** `%` and `_` are wildcards in LIKE; a search for them means the characters themselves. */
const likeMuster = (v: string) => `%${v.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const datum = (v: Date | string | null) => (v === null ? null : new Date(v));

/** One page of the account list with the total number of matches. */
async function searchAccounts(db: Db, f: KontenFilter, now: Date): Promise<{ total: number; items: KontoZeile[] }> {
  const parts = [sql`true`];
  if (f.id) parts.push(sql`u.id = ${f.id}::uuid`);
  if (f.suchbegriff) {
    const m = likeMuster(f.suchbegriff);
    parts.push(sql`(lower(u.name) like ${m} or lower(u.email) like ${m})`);
  }
  if (f.rolle) parts.push(sql`(u.role = ${f.rolle} or ${f.rolle} = any(u.zusatzrollen))`);
  if (f.behoerde) {
    const prefix = `${f.behoerde.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(sql`exists (select 1 from user_behoerden ub join behoerden b on b.ars = ub.behoerde_ars
      where ub.user_id = u.id and (ub.behoerde_ars like ${prefix} or lower(b.name) like ${likeMuster(f.behoerde)}))`);
  }
  const ohneZugang = sql`(u.password_hash is null and not exists (select 1 from oidc_identitaeten o where o.user_id = u.id))`;
  if (f.status === 'deaktiviert') parts.push(sql`not u.active`);
  if (f.status === 'eingeladen') parts.push(sql`u.active and ${ohneZugang}`);
  if (f.status === 'aktiv') parts.push(sql`u.active and not ${ohneZugang}`);
  const la = f.letzteAnmeldung;
  if (la?.art === 'nie') parts.push(sql`u.last_login_at is null`);
  if (la && la.art !== 'nie') {
    const grenze = new Date(now.getTime() - la.tage * 86_400_000).toISOString();
    parts.push(la.art === 'innerhalb' ? sql`u.last_login_at >= ${grenze}::timestamptz` : sql`(u.last_login_at is null or u.last_login_at < ${grenze}::timestamptz)`);
  }
  const rows = (
    await db.execute(sql`
      select u.id::text as id, u.email, u.name, u.role, u.zusatzrollen, u.active, u.must_change_password, u.gesperrt_bis, u.created_at, u.last_login_at,
        (u.password_hash is not null) as hat_passwort,
        exists (select 1 from oidc_identitaeten o where o.user_id = u.id) as landes_login,
        (select max(e.laeuft_ab_am) from einladungen e where e.user_id = u.id and e.angenommen_am is null and e.widerrufen_am is null) as einladung_laeuft_ab,
        coalesce((select json_agg(json_build_object('ars', b.ars, 'name', b.name) order by b.name)
          from user_behoerden ub join behoerden b on b.ars = ub.behoerde_ars where ub.user_id = u.id), '[]'::json) as behoerden,
        count(*) over () as total
      from users u
      where ${sql.join(parts, sql` and `)}
      order by lower(u.name), lower(u.email)
      limit ${f.limit} offset ${f.offset}`)
  ).rows as Record<string, unknown>[];
  const total = rows.length > 0 ? Number(rows[0].total) : f.offset > 0 ? (await searchAccounts(db, { ...f, limit: 1, offset: 0 }, now)).total : 0;
  return {
    total,
    items: rows.map((r) => ({
      id: r.id as string,
      email: r.email as string,
      name: r.name as string,
      role: r.role as Role,
      zusatzrollen: (r.zusatzrollen as string[] | null) ?? [],
      active: Boolean(r.active),
      hatPasswort: Boolean(r.hat_passwort),
      landesLogin: Boolean(r.landes_login),
      mustChangePassword: Boolean(r.must_change_password),
      gesperrtBis: datum(r.gesperrt_bis as string | null),
      createdAt: new Date(r.created_at as string),
      lastLoginAt: datum(r.last_login_at as string | null),
      einladungLaeuftAb: datum(r.einladung_laeuft_ab as string | null),
      behoerden: (typeof r.behoerden === 'string' ? JSON.parse(r.behoerden) : r.behoerden) as { ars: string; name: string }[],
    })),
  };
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

  /** One page of the account list with the total number of matches. */
  searchAccounts: (f: KontenFilter, now: Date) => searchAccounts(db, f, now),

  /** One account as the account list shows it. */
  async findAccount(id: string, now: Date): Promise<KontoZeile | undefined> {
    return (await searchAccounts(db, { id, limit: 1, offset: 0 }, now)).items[0];
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

  /** Inserts an account; without a password hash it can only log in after accepting an invitation (or through the state login). */
  async insertUser(
    u: { email: string; name: string; role: Role; zusatzrollen?: Role[]; passwordHash: string | null; mustChangePassword: boolean },
    behoerdenArs: string[],
  ) {
    const [row] = await db
      .insert(users)
      .values({ email: u.email.trim(), name: u.name, role: u.role, zusatzrollen: u.zusatzrollen ?? [], passwordHash: u.passwordHash, mustChangePassword: u.mustChangePassword })
      .returning();
    if (behoerdenArs.length > 0) {
      await db.insert(userBehoerden).values(behoerdenArs.map((ars) => ({ userId: row.id, behoerdeArs: ars })));
    }
    return row as UserRow;
  },

  /** Sets main role, further roles and Behörden of an account (replacing the old ones). */
  async setRoles(userId: string, role: Role, zusatzrollen: Role[], behoerdenArs: string[]) {
    await db.update(users).set({ role, zusatzrollen }).where(eq(users.id, userId));
    await db.delete(userBehoerden).where(eq(userBehoerden.userId, userId));
    if (behoerdenArs.length > 0) await db.insert(userBehoerden).values(behoerdenArs.map((ars) => ({ userId, behoerdeArs: ars })));
  },

  async setActive(userId: string, active: boolean) {
    await db.update(users).set({ active }).where(eq(users.id, userId));
  },

  /** Row lock on the account: concurrent changes of one account queue behind each other. */
  async lockUser(userId: string): Promise<UserRow | undefined> {
    const [row] = await db.select().from(users).where(eq(users.id, userId)).for('update');
    return row as UserRow | undefined;
  },

  async hasOidcIdentity(userId: string): Promise<boolean> {
    const r = await db.execute(sql`select 1 from oidc_identitaeten where user_id = ${userId}::uuid limit 1`);
    return r.rows.length > 0;
  },

  /** Other active accounts that serve one of `arsList`, per Behörde (name and roles, no e-mail). */
  async accountsServing(arsList: string[], exceptUserId: string) {
    if (arsList.length === 0) return [];
    const rows = await db
      .select({ ars: userBehoerden.behoerdeArs, id: users.id, name: users.name, role: users.role, zusatzrollen: users.zusatzrollen })
      .from(userBehoerden)
      .innerJoin(users, eq(users.id, userBehoerden.userId))
      .where(and(inArray(userBehoerden.behoerdeArs, arsList), eq(users.active, true), sql`${users.id} <> ${exceptUserId}::uuid`))
      .orderBy(asc(userBehoerden.behoerdeArs), sql`lower(${users.name})`);
    return rows.map((r) => ({ ...r, role: r.role as Role }));
  },

  /* ------------------------------------------------------------ invitations */

  async insertEinladung(e: { userId: string; tokenHash: string; erstelltVon?: string; erstelltAm: Date; laeuftAbAm: Date }) {
    const [row] = await db
      .insert(einladungen)
      .values({ userId: e.userId, tokenHash: e.tokenHash, erstelltVon: e.erstelltVon ?? null, erstelltAm: e.erstelltAm, laeuftAbAm: e.laeuftAbAm })
      .returning();
    return row;
  },

  async findEinladung(tokenHash: string) {
    const [row] = await db.select().from(einladungen).where(eq(einladungen.tokenHash, tokenHash));
    return row;
  },

  /**
   * Uses an invitation: marks it accepted if it is still open and valid at `now`. Exactly one of
   * several simultaneous calls gets the row (single use).
   */
  async takeEinladung(tokenHash: string, now: Date) {
    const [row] = await db
      .update(einladungen)
      .set({ angenommenAm: now })
      .where(and(eq(einladungen.tokenHash, tokenHash), isNull(einladungen.angenommenAm), isNull(einladungen.widerrufenAm), gt(einladungen.laeuftAbAm, now)))
      .returning();
    return row;
  },

  /** Revokes every open invitation of the account; returns how many. */
  async revokeEinladungen(userId: string, now: Date): Promise<number> {
    const rows = await db
      .update(einladungen)
      .set({ widerrufenAm: now })
      .where(and(eq(einladungen.userId, userId), isNull(einladungen.angenommenAm), isNull(einladungen.widerrufenAm)))
      .returning({ id: einladungen.id });
    return rows.length;
  },

  async existingBehoerden(arsList: string[]): Promise<string[]> {
    if (arsList.length === 0) return [];
    const rows = await db.select({ ars: behoerden.ars }).from(behoerden).where(inArray(behoerden.ars, arsList));
    return rows.map((r) => r.ars);
  },

  async behoerdenNamen(arsList: string[]): Promise<{ ars: string; name: string }[]> {
    if (arsList.length === 0) return [];
    return db.select({ ars: behoerden.ars, name: behoerden.name }).from(behoerden).where(inArray(behoerden.ars, arsList)).orderBy(asc(behoerden.name));
  },

  /** Active administrators other than `exceptUserId` (the main role of an admin is always ministry_admin). */
  async countActiveAdmins(exceptUserId: string): Promise<number> {
    const r = await db.execute(sql`select count(*)::int as n from users where role = 'ministry_admin' and active and id <> ${exceptUserId}::uuid`);
    return Number((r.rows[0] as { n: number }).n);
  },

  /** The audit entries about an account, newest first. */
  async auditEntriesAbout(userId: string, limit: number) {
    const r = await db.execute(sql`select id, at, actor_label, action, before, after from audit_log
      where object_type = 'user' and object_id = ${userId} order by id desc limit ${limit}`);
    return (r.rows as { id: number | string; at: Date | string; actor_label: string; action: string; before: unknown; after: unknown }[]).map((x) => ({
      id: Number(x.id),
      at: new Date(x.at),
      von: x.actor_label,
      aktion: x.action,
      vorher: typeof x.before === 'string' ? JSON.parse(x.before) : x.before,
      nachher: typeof x.after === 'string' ? JSON.parse(x.after) : x.after,
    }));
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
