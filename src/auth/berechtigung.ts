/**
 * Who may act on which Behörde's data. Ministry staff act across Bavaria; Kommune editors for
 * their own Behörden; IT-Dienstleister for the Behörden they serve. Everyone else: no. Every role
 * of the account counts, not only its main role. Services ask these and throw ForbiddenError;
 * routes only declare the coarse gate by role (`config.access`).
 */
import { ForbiddenError } from '../shared/errors';
import { hatRolle, type Role } from './roles';

export interface Handelnde {
  id: string;
  email: string;
  /** The main role (the first of the account's roles in the order of ROLES). */
  role: Role;
  /** Every role of the account; absent means only `role`. */
  roles?: readonly Role[];
  behoerden: string[];
}

const MINISTERIUM: readonly Role[] = ['ministry_admin', 'ministry_reviewer'];

/** May this user change the links (and uploads) of Behörde `ars`? */
export function darfVerlinkungenAendern(user: Handelnde | undefined, ars: string): boolean {
  if (!user) return false;
  if (hatRolle(user, ...MINISTERIUM)) return true;
  if (hatRolle(user, 'kommune_editor', 'it_dienstleister')) return user.behoerden.includes(ars);
  return false;
}

/** Throws a ForbiddenError naming the Behörde when the user may not change its links. */
export function pruefeVerlinkungsrecht(user: Handelnde | undefined, ars: string): void {
  if (!darfVerlinkungenAendern(user, ars)) {
    throw new ForbiddenError(`Sie dürfen die Verlinkungen der Behörde ${ars} nicht ändern.`, [], 'BEHOERDE_NICHT_ZUGEORDNET');
  }
}

/** May this user see the file (Akte) and the Prädikat pages of Behörde `ars`? Its editors and the ministry. */
export function darfAkteSehen(user: Handelnde | undefined, ars: string): boolean {
  if (!user) return false;
  if (hatRolle(user, ...MINISTERIUM)) return true;
  return hatRolle(user, 'kommune_editor') && user.behoerden.includes(ars);
}

export const istMinisterium = (user: Handelnde | undefined) => hatRolle(user, ...MINISTERIUM);
