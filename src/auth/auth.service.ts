/**
 * Accounts and sessions: login with argon2id passwords, server-side sessions stored as SHA-256
 * of a random token, idle and absolute timeouts, and the account administration the pages, the
 * JSON API and the CLI share: create, invite (one-time link by mail), roles and Behörden (never
 * two roles that exclude each other, auth/roles.ts), deactivate and reactivate, end all sessions,
 * password resets. Every change is written to the audit trail with before and after.
 */
import crypto from 'node:crypto';
import { recordAudit, type Actor } from '../shared/audit';
import type { Clock } from '../shared/clock';
import { AppError, ConflictError, type ErrorDetail, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import type { Mailer, MailResult } from '../shared/mail';
import { createApiTokenRepository } from './api-token.repository';
import { type AuthRepository, createAuthRepository, type KontenFilter, toSessionUser } from './auth.repository';
import { checkPasswordRule, generatePassword, hashPassword, timingDummyHash, verifyPassword } from './password';
import { BEHOERDEN_BOUND_ROLES, konfliktText, ordneRollen, ROLE_LABELS, rollenKonflikte, rollenVon } from './roles';
import { isRole, type Role, type SessionUser } from '../shared/handelnde';

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

/** Settings of the account administration (invitations). */
export interface KontenSettings {
  /** Sends the invitation mails; without it invitations are refused. */
  mailer?: Mailer;
  /** Base of the invitation link. */
  publicBaseUrl: string;
  /** How long an invitation link stays valid. */
  einladungStunden: number;
  /**
   * Login through the state identity provider is on: the roles and Behörden of accounts linked to
   * an identity there come from its group claim at every login (docs/security.md), so the admin
   * does not change them here.
   */
  rollenVomLandesLogin: boolean;
  /** The password check (argon2id); tests pass a wrapper to count how often it runs. */
  pruefePasswort?: PasswortPruefung;
}

export type PasswortPruefung = (hash: string, password: string) => Promise<boolean>;

const KONTEN_DEFAULTS: KontenSettings = { publicBaseUrl: 'http://localhost:3000', einladungStunden: 72, rollenVomLandesLogin: false };

export interface NewUser {
  email: string;
  name: string;
  /** One role (CLI `--role`, older callers); `roles` gives several. */
  role?: string;
  roles?: string[];
  behoerden?: string[];
  /** Without a password one is generated and returned (the user must change it). */
  password?: string;
}

export interface RollenEingabe {
  roles: string[];
  behoerden: string[];
}

/**
 * Thrown when an invitation link cannot be used: unknown (404), or expired, used or revoked (410).
 * The message says what to do.
 */
export class EinladungError extends AppError {
  readonly code: string;
  readonly status: 404 | 410;
  constructor(
    readonly grund: 'unbekannt' | 'abgelaufen' | 'angenommen' | 'widerrufen',
    message: string,
  ) {
    super(message);
    this.code = grund === 'unbekannt' ? 'INVITATION_UNKNOWN' : 'INVITATION_GONE';
    this.status = grund === 'unbekannt' ? 404 : 410;
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_BEHOERDEN = 500;

const zeitDe = new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Berlin' });

/** Checks the roles and Behörden of an account; returns them in order, or the problems per field. */
async function pruefeRollen(repo: AuthRepository, eingabe: RollenEingabe): Promise<{ roles: Role[]; behoerden: string[]; errors: ErrorDetail[] }> {
  const errors: ErrorDetail[] = [];
  const unbekannt = eingabe.roles.filter((r) => !isRole(r));
  for (const r of unbekannt) errors.push({ field: 'rollen', message: `Unbekannte Rolle „${r}“.` });
  const roles = ordneRollen(eingabe.roles.filter(isRole));
  if (roles.length === 0 && unbekannt.length === 0) errors.push({ field: 'rollen', message: 'Bitte wählen Sie mindestens eine Rolle.' });
  for (const k of rollenKonflikte(roles)) errors.push({ field: 'rollen', message: konfliktText(k) });
  const behoerden = [...new Set(eingabe.behoerden.map((a) => a.replace(/\s+/g, '')).filter(Boolean))];
  const gebunden = roles.some((r) => BEHOERDEN_BOUND_ROLES.includes(r));
  if (gebunden && behoerden.length === 0) {
    errors.push({ field: 'behoerden', message: 'Die Rollen „Redaktion einer Kommune“ und „IT-Dienstleister“ brauchen mindestens eine Behörde (Amtlicher Regionalschlüssel, ARS).' });
  }
  if (!gebunden && roles.length > 0 && behoerden.length > 0) {
    errors.push({ field: 'behoerden', message: 'Ministeriumsrollen werden keiner Behörde zugeordnet; lassen Sie das Feld „Behörden“ leer.' });
  }
  if (behoerden.length > MAX_BEHOERDEN) errors.push({ field: 'behoerden', message: `Höchstens ${MAX_BEHOERDEN} Behörden je Konto.` });
  else {
    const formfehler = behoerden.filter((a) => !/^\d{2,12}$/.test(a));
    for (const a of formfehler) errors.push({ field: 'behoerden', message: `„${a.slice(0, 40)}“ ist kein Amtlicher Regionalschlüssel (nur Ziffern, höchstens 12).` });
    const known = await repo.existingBehoerden(behoerden.filter((a) => !formfehler.includes(a)));
    for (const ars of behoerden.filter((a) => !formfehler.includes(a) && !known.includes(a))) {
      errors.push({ field: 'behoerden', message: `Keine Behörde mit dem Schlüssel ${ars}.` });
    }
  }
  return { roles, behoerden, errors };
}

/** Checks e-mail address and name of a new account. */
function pruefePerson(email: string, name: string): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  if (!EMAIL.test(email) || email.length > 320) errors.push({ field: 'email', message: 'Bitte geben Sie eine gültige E-Mail-Adresse an.' });
  if (!name.trim()) errors.push({ field: 'name', message: 'Bitte geben Sie einen Namen an.' });
  else if (name.trim().length > 200) errors.push({ field: 'name', message: 'Der Name darf höchstens 200 Zeichen lang sein.' });
  return errors;
}

/** Account administration is for the ministry admin (or an operator at the command line, who has no account). */
function pruefeAdministration(actor: Actor) {
  if (actor.id && actor.role !== 'ministry_admin') throw new ForbiddenError('Konten verwaltet die Administration im Staatsministerium.');
}

export const createAuthService = (repo: AuthRepository, clock: Clock, settings: SessionSettings, kontenSettings: KontenSettings = KONTEN_DEFAULTS) => {
  const pruefe = kontenSettings.pruefePasswort ?? verifyPassword;
  const einladungsLink = (token: string) => `${kontenSettings.publicBaseUrl.replace(/\/$/, '')}/einladung/${token}`;

  /** A new invitation row; returns the token (only ever in the link) and its expiry. */
  const neueEinladung = async (r: AuthRepository, actor: Actor, userId: string) => {
    const token = crypto.randomBytes(32).toString('base64url');
    const now = clock.now();
    const laeuftAbAm = new Date(now.getTime() + kontenSettings.einladungStunden * 3600_000);
    await r.insertEinladung({ userId, tokenHash: hashToken(token), erstelltVon: actor.id, erstelltAm: now, laeuftAbAm });
    return { token, laeuftAbAm };
  };

  /** `neu`: first invitation; `erneut`: a new one for an account without password; `passwort`: a link to set a new password. */
  const einladungVersenden = async (
    user: { id: string; email: string; name: string },
    rollen: Role[],
    behoerden: string[],
    token: string,
    laeuftAbAm: Date,
    art: 'neu' | 'erneut' | 'passwort',
  ): Promise<MailResult> => {
    if (!kontenSettings.mailer) return { id: '', status: 'nicht_versendet', fehler: 'Kein Mailversand eingerichtet.' };
    const namen = await repo.behoerdenNamen(behoerden);
    const text = [
      `Guten Tag ${user.name},`,
      '',
      {
        neu: 'die Administration des Bayerischen Staatsministeriums für Digitales hat für Sie ein Konto auf der Plattform „Digitales Amt“ angelegt.',
        erneut: 'die Administration des Bayerischen Staatsministeriums für Digitales schickt Ihnen eine neue Einladung zur Plattform „Digitales Amt“. Frühere Einladungslinks gelten nicht mehr.',
        passwort: 'die Administration des Bayerischen Staatsministeriums für Digitales schickt Ihnen auf Ihre Bitte einen Link, mit dem Sie für die Plattform „Digitales Amt“ ein neues Passwort festlegen. Ihr bisheriges Passwort gilt, bis Sie den Link verwenden; danach enden alle Ihre Sitzungen.',
      }[art],
      '',
      `Ihre Anmeldung: ${user.email}`,
      `Rolle: ${rollen.map((r) => ROLE_LABELS[r].de).join(', ')}`,
      ...(namen.length > 0 ? [`Behörde: ${namen.map((b) => `${b.name} (${b.ars})`).join(', ')}`] : []),
      '',
      'Bitte legen Sie über diesen Link Ihr eigenes Passwort fest:',
      einladungsLink(token),
      '',
      `Der Link gilt nur einmal und bis ${zeitDe.format(laeuftAbAm)} Uhr. Danach bitten Sie die Administration um eine neue Einladung.`,
      art === 'passwort'
        ? 'Wenn Sie kein neues Passwort erbeten haben, melden Sie das bitte der Administration; Ihr Passwort bleibt unverändert, solange niemand den Link verwendet.'
        : 'Wenn Sie diese Einladung nicht erwartet haben, müssen Sie nichts tun; ohne Passwort kann sich niemand mit dem Konto anmelden.',
      '',
      art === 'passwort'
        ? 'Open the link above to set a new password for the platform “Digitales Amt”; it works once and expires at the time given.'
        : 'You have been invited to the platform “Digitales Amt”. Open the link above to set your password; it works once and expires at the time given.',
    ].join('\n');
    const link = einladungsLink(token);
    return kontenSettings.mailer.send({
      an: user.email,
      betreff: art === 'passwort' ? 'Neues Passwort für die Plattform „Digitales Amt“' : 'Einladung zur Plattform „Digitales Amt“',
      text,
      // The link is a credential: the mail log keeps the mail without it (only its hash is stored).
      protokollText: text.replace(link, `${link.slice(0, link.lastIndexOf('/') + 1)}[Einmal-Link, nicht gespeichert]`),
      art: 'konto.einladung',
      objectType: 'user',
      objectId: user.id,
    });
  };

  /** Throws the EinladungError that says why an invitation cannot be used. */
  function pruefeEinladung(
    e: { laeuftAbAm: Date; angenommenAm: Date | null; widerrufenAm: Date | null } | undefined,
    user: { active: boolean } | undefined,
    now = clock.now(),
  ): asserts e is NonNullable<typeof e> {
    if (!e || !user) throw new EinladungError('unbekannt', 'Diesen Einladungslink gibt es nicht. Prüfen Sie, ob Sie ihn vollständig aus der E-Mail übernommen haben.');
    if (e.angenommenAm) throw new EinladungError('angenommen', 'Dieser Einladungslink wurde schon verwendet. Melden Sie sich mit Ihrem Passwort an.');
    if (e.widerrufenAm || !user.active) {
      throw new EinladungError('widerrufen', 'Dieser Einladungslink gilt nicht mehr: Eine neuere Einladung hat ihn ersetzt oder das Konto wurde deaktiviert. Bitte wenden Sie sich an die Administration.');
    }
    if (e.laeuftAbAm.getTime() <= now.getTime()) {
      throw new EinladungError('abgelaufen', `Dieser Einladungslink ist am ${zeitDe.format(e.laeuftAbAm)} Uhr abgelaufen. Bitte bitten Sie die Administration um eine neue Einladung.`);
    }
  }

  /** Refuses a change that would leave no active administrator (checked under the account's row lock). */
  const pruefeNichtLetzteAdministration = async (r: AuthRepository, userId: string) => {
    if ((await r.countActiveAdmins(userId)) === 0) {
      throw new ConflictError('Das ist das letzte aktive Konto der Administration. Legen Sie zuerst ein weiteres an, damit die Plattform verwaltbar bleibt.', [], 'KONTO_LETZTE_ADMINISTRATION');
    }
  };

  return {
  /**
   * Checks e-mail and password. Unknown e-mail, wrong password and a locked account take the same
   * time and give the same answer (no user enumeration). Each check of a real password is first
   * reserved in the database (`reserviereAnmeldeversuch`), so parallel attempts can never check
   * more passwords than the lockout allows. Returns the user or undefined.
   */
  async authenticate(email: string, password: string) {
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
    return toSessionUser(user, await repo.behoerdenOf(user.id));
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

  /**
   * Creates an account with a password (given, or generated and returned: then the user must
   * change it at the first login). Refuses roles that exclude each other.
   */
  async createUser(actor: Actor, input: NewUser) {
    pruefeAdministration(actor);
    const email = input.email.trim();
    const errors = pruefePerson(email, input.name);
    const geprueft = await pruefeRollen(repo, { roles: input.roles ?? (input.role !== undefined ? [input.role] : []), behoerden: input.behoerden ?? [] });
    errors.push(...geprueft.errors);
    if (input.password !== undefined) {
      const problem = checkPasswordRule(input.password, email);
      if (problem) errors.push({ field: 'password', message: problem });
    }
    if (errors.length > 0) throw new ValidationError('Das Konto konnte nicht angelegt werden.', errors);
    if (await repo.findUserByEmail(email)) throw new ConflictError(`Ein Konto mit der E-Mail-Adresse ${email} gibt es bereits.`, [], 'KONTO_EMAIL_VERGEBEN');

    const [role, ...zusatzrollen] = geprueft.roles;
    const behoerden = geprueft.behoerden;
    const password = input.password ?? generatePassword();
    const passwordHash = await hashPassword(password);
    const user = await repo.db.transaction(async (tx) => {
      const u = await createAuthRepository(tx).insertUser({ email, name: input.name.trim(), role, zusatzrollen, passwordHash, mustChangePassword: input.password === undefined }, behoerden);
      await recordAudit(tx, actor, { action: 'user.create', objectType: 'user', objectId: u.id, after: { email, name: input.name.trim(), role, rollen: geprueft.roles, behoerden } });
      return u;
    });
    return { user, password: input.password === undefined ? password : undefined };
  },

  /**
   * Invites a person: creates the account without a password and mails a one-time link (valid
   * `einladungStunden`) with which they set their own. Only the link's SHA-256 is stored. When
   * the mail could not be delivered, the returned `link` is the only copy: the caller shows it
   * once so the admin can pass it on another way.
   */
  async inviteUser(actor: Actor, input: Omit<NewUser, 'password'>) {
    pruefeAdministration(actor);
    const email = input.email.trim();
    const name = input.name.trim();
    const errors = pruefePerson(email, input.name);
    const geprueft = await pruefeRollen(repo, { roles: input.roles ?? (input.role !== undefined ? [input.role] : []), behoerden: input.behoerden ?? [] });
    errors.push(...geprueft.errors);
    if (errors.length > 0) throw new ValidationError('Die Einladung wurde nicht verschickt.', errors);
    if (await repo.findUserByEmail(email)) throw new ConflictError(`Ein Konto mit der E-Mail-Adresse ${email} gibt es bereits.`, [], 'KONTO_EMAIL_VERGEBEN');
    const [role, ...zusatzrollen] = geprueft.roles;
    const { user, token, laeuftAbAm } = await repo.db.transaction(async (tx) => {
      const r = createAuthRepository(tx);
      const u = await r.insertUser({ email, name, role, zusatzrollen, passwordHash: null, mustChangePassword: false }, geprueft.behoerden);
      const e = await neueEinladung(r, actor, u.id);
      await recordAudit(tx, actor, {
        action: 'user.invite',
        objectType: 'user',
        objectId: u.id,
        after: { email, name, role, rollen: geprueft.roles, behoerden: geprueft.behoerden, einladungLaeuftAb: e.laeuftAbAm.toISOString() },
      });
      return { user: u, ...e };
    });
    const mail = await einladungVersenden(user, geprueft.roles, geprueft.behoerden, token, laeuftAbAm, 'neu');
    return { user, laeuftAbAm, mail, link: einladungsLink(token) };
  },

  /**
   * Sends a new one-time link: an invitation again to an account without a password, or a link to
   * set a new password (a forgotten one) to an account that has one. Older links stop working;
   * the current password stays valid until the link is used.
   */
  async resendInvitation(actor: Actor, userId: string) {
    pruefeAdministration(actor);
    const now = clock.now();
    const { user, token, laeuftAbAm, rollen, behoerden, art } = await repo.db.transaction(async (tx) => {
      const r = createAuthRepository(tx);
      const u = await r.lockUser(userId);
      if (!u) throw new NotFoundError('Dieses Konto gibt es nicht.');
      if (!u.active) throw new ConflictError('Das Konto ist deaktiviert. Reaktivieren Sie es zuerst.', [], 'KONTO_FALSCHER_ZUSTAND');
      if (!u.passwordHash && (await r.hasOidcIdentity(u.id))) throw new ConflictError('Dieses Konto meldet sich nur über den Landes-Login an und braucht kein Passwort.', [], 'KONTO_FALSCHER_ZUSTAND');
      const widerrufen = await r.revokeEinladungen(u.id, now);
      const e = await neueEinladung(r, actor, u.id);
      const a = u.passwordHash ? ('passwort' as const) : ('erneut' as const);
      await recordAudit(tx, actor, {
        action: a === 'passwort' ? 'user.password_link' : 'user.invite_again',
        objectType: 'user',
        objectId: u.id,
        before: { offeneLinks: widerrufen },
        after: { linkLaeuftAb: e.laeuftAbAm.toISOString() },
      });
      return { user: u, ...e, art: a, rollen: rollenVon(u), behoerden: await r.behoerdenOf(u.id) };
    });
    const mail = await einladungVersenden(user, rollen, behoerden, token, laeuftAbAm, art);
    return { user, laeuftAbAm, mail, link: einladungsLink(token), art };
  },

  /** What the invitation page shows for a link: whose it is, or why it cannot be used (EinladungError). */
  async checkInvitation(token: string) {
    const e = await repo.findEinladung(hashToken(token));
    const user = e ? await repo.findUserById(e.userId) : undefined;
    pruefeEinladung(e, user);
    return { name: user!.name, email: user!.email, laeuftAbAm: e!.laeuftAbAm, neuesPasswort: Boolean(user!.passwordHash) };
  },

  /**
   * The invited person sets their password through the link. The link is used at most once, also
   * when two requests race (one conditional UPDATE takes it).
   */
  async acceptInvitation(token: string, password: string, confirm: string, requestId?: string) {
    const tokenHash = hashToken(token);
    const e = await repo.findEinladung(tokenHash);
    const user = e ? await repo.findUserById(e.userId) : undefined;
    pruefeEinladung(e, user);
    const errors: ErrorDetail[] = [];
    const problem = checkPasswordRule(password, user!.email);
    if (problem) errors.push({ field: 'password', message: problem });
    else if (password !== confirm) errors.push({ field: 'confirm', message: 'Die beiden Passwörter stimmen nicht überein.' });
    if (errors.length > 0) throw new ValidationError('Das Passwort wurde nicht gespeichert.', errors);
    const passwordHash = await hashPassword(password);
    const now = clock.now();
    await repo.db.transaction(async (tx) => {
      const r = createAuthRepository(tx);
      const taken = await r.takeEinladung(tokenHash, now);
      if (!taken) {
        // Used, revoked or expired between the check above and now.
        pruefeEinladung(await r.findEinladung(tokenHash), user, now);
        throw new EinladungError('angenommen', 'Dieser Einladungslink wurde schon verwendet. Melden Sie sich mit Ihrem Passwort an.');
      }
      await r.setPassword(user!.id, passwordHash, false);
      // A new password (a forgotten one replaced) ends every session of the account, as a change does.
      const sitzungen = await r.deleteSessionsOfUser(user!.id);
      await recordAudit(tx, { id: user!.id, label: user!.email, role: user!.role, requestId }, {
        action: 'user.invitation_accept',
        objectType: 'user',
        objectId: user!.id,
        after: { passwortGesetzt: true, ...(sitzungen > 0 ? { sitzungenBeendet: sitzungen } : {}) },
      });
    });
    return { email: user!.email };
  },

  /**
   * Assigns roles and Behörden (replacing the old ones). Refused for one's own account, for
   * accounts whose roles come from the state login, for roles that exclude each other, and when
   * it would leave no active administrator.
   */
  async setRoles(actor: Actor, userId: string, eingabe: RollenEingabe) {
    pruefeAdministration(actor);
    if (actor.id === userId) throw new ForbiddenError('Ihre eigenen Rollen ändert eine andere Person der Administration.', [], 'KONTO_SELBST');
    const geprueft = await pruefeRollen(repo, eingabe);
    if (geprueft.errors.length > 0) throw new ValidationError('Die Rollen wurden nicht geändert.', geprueft.errors);
    return repo.db.transaction(async (tx) => {
      const r = createAuthRepository(tx);
      const u = await r.lockUser(userId);
      if (!u) throw new NotFoundError('Dieses Konto gibt es nicht.');
      if (kontenSettings.rollenVomLandesLogin && (await r.hasOidcIdentity(u.id))) {
        throw new ConflictError(
          'Rollen und Behörden dieses Kontos kommen vom Landes-Login und werden bei jeder Anmeldung neu gesetzt. Ändern Sie dort die Gruppen der Person; deaktivieren können Sie das Konto hier.',
          [],
          'KONTO_FALSCHER_ZUSTAND',
        );
      }
      const vorher = { rollen: rollenVon(u), behoerden: (await r.behoerdenOf(u.id)).sort() };
      const nachher = { rollen: geprueft.roles, behoerden: [...geprueft.behoerden].sort() };
      if (JSON.stringify(vorher) === JSON.stringify(nachher)) return { geaendert: false };
      if (u.active && vorher.rollen.includes('ministry_admin') && !nachher.rollen.includes('ministry_admin')) await pruefeNichtLetzteAdministration(r, u.id);
      const [role, ...zusatzrollen] = geprueft.roles;
      await r.setRoles(u.id, role, zusatzrollen, geprueft.behoerden);
      await recordAudit(tx, actor, { action: 'user.roles_change', objectType: 'user', objectId: u.id, before: vorher, after: nachher });
      return { geaendert: true };
    });
  },

  /**
   * Deactivates an account: it can no longer log in, all its sessions end, its API tokens are
   * revoked and open invitations void. Works for accounts of the state login too (their next login
   * there is refused).
   */
  async deactivate(actor: Actor, userId: string) {
    pruefeAdministration(actor);
    if (actor.id === userId) throw new ForbiddenError('Sie können Ihr eigenes Konto nicht deaktivieren.', [], 'KONTO_SELBST');
    const now = clock.now();
    return repo.db.transaction(async (tx) => {
      const r = createAuthRepository(tx);
      const u = await r.lockUser(userId);
      if (!u) throw new NotFoundError('Dieses Konto gibt es nicht.');
      if (!u.active) return { geaendert: false };
      if (rollenVon(u).includes('ministry_admin')) await pruefeNichtLetzteAdministration(r, u.id);
      await r.setActive(u.id, false);
      const sitzungen = await r.deleteSessionsOfUser(u.id);
      const tokens = await createApiTokenRepository(tx).revokeAllOfUser(u.id, now);
      const einladungen = await r.revokeEinladungen(u.id, now);
      await recordAudit(tx, actor, {
        action: 'user.deactivate',
        objectType: 'user',
        objectId: u.id,
        before: { active: true },
        after: { active: false, sitzungenBeendet: sitzungen, tokensWiderrufen: tokens, einladungenWiderrufen: einladungen },
      });
      return { geaendert: true, sitzungen, tokens: tokens.length };
    });
  },

  /** Reactivates an account. Tokens revoked at the deactivation stay revoked; a temporary lockout is lifted. */
  async reactivate(actor: Actor, userId: string) {
    pruefeAdministration(actor);
    return repo.db.transaction(async (tx) => {
      const r = createAuthRepository(tx);
      const u = await r.lockUser(userId);
      if (!u) throw new NotFoundError('Dieses Konto gibt es nicht.');
      if (u.active) return { geaendert: false };
      await r.setActive(u.id, true);
      await recordAudit(tx, actor, { action: 'user.reactivate', objectType: 'user', objectId: u.id, before: { active: false }, after: { active: true } });
      return { geaendert: true };
    });
  },

  /** The ministry admin ends every session of an account (e.g. a lost laptop). */
  async endSessionsOf(actor: Actor, userId: string): Promise<number> {
    pruefeAdministration(actor);
    if (!(await repo.findUserById(userId))) throw new NotFoundError('Dieses Konto gibt es nicht.');
    return this.endAllSessions(actor, userId);
  },

  /** A page of the account list. */
  listAccounts: (filter: KontenFilter) => repo.searchAccounts(filter, clock.now()),

  /** One account with its sessions count and the audit entries about it, newest first. */
  async account(id: string) {
    const now = clock.now();
    const konto = await repo.findAccount(id, now);
    if (!konto) throw new NotFoundError('Dieses Konto gibt es nicht.');
    const [sitzungen, verlauf] = await Promise.all([repo.listSessionsOfUser(id, now), repo.auditEntriesAbout(id, 50)]);
    return { ...konto, roles: rollenVon(konto), sitzungen: sitzungen.length, verlauf, rollenVomLandesLogin: kontenSettings.rollenVomLandesLogin && konto.landesLogin };
  },

  /**
   * Who else serves the user's Behörden (active accounts, name and roles; no e-mail addresses, see
   * the privacy statement). Only for Kommune editors and IT-Dienstleister, only their own Behörden.
   */
  async kollegen(user: SessionUser) {
    if (!user.roles.some((r) => BEHOERDEN_BOUND_ROLES.includes(r))) return [];
    const rows = await repo.accountsServing(user.behoerden, user.id);
    return user.behoerden.map((ars) => ({
      ars,
      personen: rows.filter((r) => r.ars === ars).map((r) => ({ name: r.name, roles: rollenVon(r) })),
    }));
  },

  /** Sets a new random password (CLI / admin), ends all sessions; the user must change it. */
  async resetPassword(actor: Actor, email: string) {
    pruefeAdministration(actor);
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
  };
};

export type AuthService = ReturnType<typeof createAuthService>;
