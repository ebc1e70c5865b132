/**
 * Who acts: the roles of the platform and the acting user. The vocabulary every folder may import
 * (shared imports no domain); what the roles may do — role groups, labels, incompatible pairs,
 * rights per Behörde — is decided in auth (`auth/roles.ts`, `auth/berechtigung.ts`).
 */

/**
 * Roles of the platform. Kommune editors and IT-Dienstleister are bound to Behörden
 * (`user_behoerden`); ministry roles act across Bavaria. An account's main role (`users.role`) is
 * the first of its roles in this order (auth/roles.ts).
 */
export const ROLES = ['ministry_admin', 'ministry_reviewer', 'grant_officer', 'kommune_editor', 'it_dienstleister'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (v: string): v is Role => (ROLES as readonly string[]).includes(v);

/**
 * The acting user: who does something, in which roles, for which Behörden. Services take it for
 * their access decisions and audit entries; a logged-in account (`SessionUser`), a test's or the
 * CLI's stand-in all are one.
 */
export interface Handelnde {
  id: string;
  email: string;
  /** For texts that name the person (mails, the Bescheid); absent where only the address is known. */
  name?: string;
  /** The main role (the first of the account's roles in the order of ROLES). */
  role: Role;
  /** Every role of the account; absent means only `role`. */
  roles?: readonly Role[];
  behoerden: string[];
}

/** An account as stored (`users`), without its password hash. */
export interface Konto {
  id: string;
  email: string;
  name: string;
  /** The main role: the first of the account's roles in the order of ROLES. */
  role: Role;
  /** Further roles (see auth/roles.ts); `rollenVon(row)` gives all of them. */
  zusatzrollen: string[];
  active: boolean;
  mustChangePassword: boolean;
  fehlversuche: number;
  gesperrtBis: Date | null;
  createdAt: Date;
  lastLoginAt: Date | null;
}

/**
 * The logged-in account as a request sees it (`req.user`): the stored account without the password
 * hash, with all its roles and Behörden. It is a `Handelnde`, so routes hand it to services as is.
 */
export interface SessionUser extends Konto {
  /** Every role of the account, the main role first. */
  roles: Role[];
  behoerden: string[];
}
