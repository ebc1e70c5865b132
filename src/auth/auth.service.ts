/**
 * Accounts and sessions: login with argon2id passwords, server-side sessions stored as SHA-256
 * of a random token, idle and absolute timeouts, user creation and password resets.
 */
import crypto from 'node:crypto';
import { recordAudit, type Actor } from '../shared/audit';
import type { Clock } from '../shared/clock';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import { type AuthRepository, createAuthRepository, type SessionUser } from './auth.repository';
import { checkPasswordRule, generatePassword, hashPassword, timingDummyHash, verifyPassword } from './password';
import { BEHOERDEN_BOUND_ROLES, isRole, type Role } from './roles';

export interface SessionSettings {
  idleMinutes: number;
  absoluteHours: number;
  /** Consecutive failures before a temporary lockout, and its length. */
  maxFehlversuche: number;
  sperreMinuten: number;
}

export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('base64url');

/** Public reference of a session (for the list of sessions): not the stored hash itself. */
const sessionRef = (idHash: string) => crypto.createHash('sha256').update(`sitzung:${idHash}`).digest('base64url').slice(0, 22);

export interface NewUser {
  email: string;
  name: string;
  role: string;
  behoerden?: string[];
  /** Without a password one is generated and returned (the user must change it). */
  password?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The password check (argon2id); tests pass a wrapper to count how often it runs. */
export type PasswortPruefung = (hash: string, password: string) => Promise<boolean>;

export const createAuthService = (repo: AuthRepository, clock: Clock, settings: SessionSettings, deps: { pruefePasswort?: PasswortPruefung } = {}) => ({
  /**
   * Checks e-mail and password. Unknown e-mail, wrong password and a locked account take the same
   * time and give the same answer (no user enumeration). Each check of a real password is first
   * reserved in the database (`reserviereAnmeldeversuch`), so parallel attempts can never check
   * more passwords than the lockout allows. Returns the user or undefined.
   */
  async authenticate(email: string, password: string) {
    const pruefe = deps.pruefePasswort ?? verifyPassword;
    const user = await repo.findUserByEmail(email);
    const now = clock.now();
    if (!user || !user.passwordHash || !user.active) {
      await pruefe(await timingDummyHash(), password);
      return undefined;
    }
    const reserviert = await repo.reserviereAnmeldeversuch(user.id, now, settings.maxFehlversuche, settings.sperreMinuten);
    if (!reserviert) {
      // Locked: do the same work as a real check, so the answer time tells nothing.
      await pruefe(await timingDummyHash(), password);
      return undefined;
    }
    if (await pruefe(user.passwordHash, password)) return user;
    if (reserviert.gesperrtBis) {
      await recordAudit(repo.db, { label: 'system:anmeldung' }, { action: 'user.locked', objectType: 'user', objectId: user.id, after: { gesperrtBis: reserviert.gesperrtBis.toISOString() } });
    }
    return undefined;
  },

  /**
   * Starts a new session (a fresh token on every login: session fixation is impossible). A login
   * through the identity provider keeps its ID token for the logout there.
   */
  async startSession(userId: string, userAgent?: string, oidcIdToken?: string) {
    const token = crypto.randomBytes(32).toString('base64url');
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + settings.absoluteHours * 3600_000);
    await repo.insertSession({ idHash: hashToken(token), userId, now, expiresAt, userAgent, oidcIdToken });
    await repo.setLastLogin(userId, now);
    return { token, expiresAt };
  },

  /** Resolves a session cookie to its user, enforcing idle and absolute timeouts. */
  async resolveSession(token: string): Promise<SessionUser | undefined> {
    const idHash = hashToken(token);
    const now = clock.now();
    const session = await repo.findSession(idHash, now);
    if (!session) return undefined;
    if (now.getTime() - session.lastSeenAt.getTime() > settings.idleMinutes * 60_000) {
      await repo.deleteSession(idHash);
      return undefined;
    }
    const user = await repo.findUserById(session.userId);
    if (!user || !user.active) return undefined;
    // Only write when a minute has passed: reading pages should not write on every request.
    if (now.getTime() - session.lastSeenAt.getTime() > 60_000) await repo.touchSession(idHash, now);
    const { passwordHash: _omit, ...rest } = user;
    return { ...rest, behoerden: await repo.behoerdenOf(user.id) };
  },

  async endSession(token: string) {
    await repo.deleteSession(hashToken(token));
  },

  /** The ID token kept with a session that began at the identity provider (for its logout). */
  async oidcIdTokenOf(token: string): Promise<string | undefined> {
    const session = await repo.findSession(hashToken(token), clock.now());
    return session?.oidcIdToken ?? undefined;
  },

  /**
   * The user's active sessions for the account page. Each gets a reference derived from the
   * stored hash, so the page never shows what identifies the session in the database.
   */
  async listSessions(userId: string, currentToken?: string) {
    const current = currentToken ? hashToken(currentToken) : undefined;
    const rows = await repo.listSessionsOfUser(userId, clock.now());
    return rows.map((r) => ({
      ref: sessionRef(r.idHash),
      createdAt: r.createdAt,
      lastSeenAt: r.lastSeenAt,
      userAgent: r.userAgent,
      current: r.idHash === current,
    }));
  },

  /** Ends one session of the user, named by its reference; false when there is none. */
  async endSessionByRef(actor: Actor, userId: string, ref: string): Promise<boolean> {
    const row = (await repo.listSessionsOfUser(userId, clock.now())).find((r) => sessionRef(r.idHash) === ref);
    if (!row || !(await repo.deleteSessionOfUser(userId, row.idHash))) return false;
    await recordAudit(repo.db, actor, { action: 'session.end', objectType: 'user', objectId: userId, after: { sitzung: ref } });
    return true;
  },

  /** Logout everywhere: ends every session of the user, the current one included. */
  async endAllSessions(actor: Actor, userId: string): Promise<number> {
    const count = await repo.deleteSessionsOfUser(userId);
    await recordAudit(repo.db, actor, { action: 'session.end_all', objectType: 'user', objectId: userId, after: { beendet: count } });
    return count;
  },

  async createUser(actor: Actor, input: NewUser) {
    const errors: { field: string; message: string }[] = [];
    const email = input.email.trim();
    if (!EMAIL.test(email)) errors.push({ field: 'email', message: 'Bitte geben Sie eine gültige E-Mail-Adresse an.' });
    if (!input.name.trim()) errors.push({ field: 'name', message: 'Bitte geben Sie einen Namen an.' });
    if (!isRole(input.role)) errors.push({ field: 'role', message: `Unbekannte Rolle „${input.role}“.` });
    const behoerden = [...new Set(input.behoerden ?? [])];
    if (isRole(input.role) && BEHOERDEN_BOUND_ROLES.includes(input.role) && behoerden.length === 0) {
      errors.push({ field: 'behoerden', message: 'Diese Rolle braucht mindestens eine Behörde (ARS).' });
    }
    if (isRole(input.role) && !BEHOERDEN_BOUND_ROLES.includes(input.role) && behoerden.length > 0) {
      errors.push({ field: 'behoerden', message: 'Ministeriumsrollen werden keiner Behörde zugeordnet.' });
    }
    const known = await repo.existingBehoerden(behoerden);
    for (const ars of behoerden.filter((a) => !known.includes(a))) {
      errors.push({ field: 'behoerden', message: `Keine Behörde mit dem Schlüssel ${ars}.` });
    }
    if (input.password !== undefined) {
      const problem = checkPasswordRule(input.password, email);
      if (problem) errors.push({ field: 'password', message: problem });
    }
    if (errors.length > 0) throw new ValidationError('Das Konto konnte nicht angelegt werden.', errors);
    if (await repo.findUserByEmail(email)) throw new ConflictError(`Ein Konto mit der E-Mail-Adresse ${email} gibt es bereits.`);

    const password = input.password ?? generatePassword();
    const user = await repo.db.transaction(async (tx) => {
      const u = await createAuthRepository(tx).insertUser(
        { email, name: input.name.trim(), role: input.role as Role, passwordHash: await hashPassword(password), mustChangePassword: input.password === undefined },
        behoerden,
      );
      await recordAudit(tx, actor, { action: 'user.create', objectType: 'user', objectId: u.id, after: { email, name: input.name, role: input.role, behoerden } });
      return u;
    });
    return { user, password: input.password === undefined ? password : undefined };
  },

  /** Sets a new random password (CLI / admin), ends all sessions; the user must change it. */
  async resetPassword(actor: Actor, email: string) {
    const user = await repo.findUserByEmail(email);
    if (!user) throw new NotFoundError(`Kein Konto mit der E-Mail-Adresse ${email}.`);
    const password = generatePassword();
    await repo.setPassword(user.id, await hashPassword(password), true);
    await repo.deleteSessionsOfUser(user.id);
    await recordAudit(repo.db, actor, { action: 'user.password_reset', objectType: 'user', objectId: user.id });
    return { user, password };
  },

  /** The user changes their own password; every other session of theirs ends. */
  async changePassword(actor: Actor, userId: string, current: string, next: string) {
    const user = await repo.findUserById(userId);
    if (!user) throw new NotFoundError('Konto nicht gefunden.');
    if (!user.passwordHash) {
      throw new ValidationError('Das Passwort wurde nicht geändert.', [
        { field: 'current', message: 'Ihr Konto hat auf dieser Plattform kein Passwort: Sie melden sich über den Landes-Login an.' },
      ]);
    }
    const errors: { field: string; message: string }[] = [];
    if (!(await verifyPassword(user.passwordHash, current))) errors.push({ field: 'current', message: 'Das bisherige Passwort ist nicht richtig.' });
    const problem = checkPasswordRule(next, user.email);
    if (problem) errors.push({ field: 'password', message: problem });
    else if (current === next) errors.push({ field: 'password', message: 'Das neue Passwort muss sich vom bisherigen unterscheiden.' });
    if (errors.length > 0) throw new ValidationError('Das Passwort wurde nicht geändert.', errors);
    await repo.setPassword(user.id, await hashPassword(next), false);
    await repo.deleteSessionsOfUser(user.id);
    await recordAudit(repo.db, actor, { action: 'user.password_change', objectType: 'user', objectId: user.id });
  },

  /**
   * On the first start: creates the ministry admin when no account exists. Returns the one-time
   * password to print (undefined when accounts exist already).
   */
  async ensureInitialAdmin(email: string, password?: string) {
    if ((await repo.countUsers()) > 0) return undefined;
    const result = await this.createUser({ label: 'system' }, { email, name: 'Administration', role: 'ministry_admin', password });
    return { email, password: result.password ?? (password as string) };
  },

  listUsers: () => repo.listUsers(),
});

export type AuthService = ReturnType<typeof createAuthService>;
