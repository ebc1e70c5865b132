/**
 * Roles of the platform. Kommune editors and IT-Dienstleister are bound to Behörden
 * (`user_behoerden`); ministry roles act across Bavaria.
 *
 * An account may hold several roles, unless two of them would let one person act on both sides of
 * a four-eyes decision (`UNVEREINBARE_ROLLEN`, docs/adr/0013-several-roles-per-account.md). Its
 * main role (`users.role`) is the first of its roles in the order of `ROLES`; the others are kept
 * in `users.zusatzrollen`.
 */
import { isRole, ROLES, type Role } from '../shared/handelnde';

export const ROLE_LABELS: Record<Role, { de: string; en: string }> = {
  ministry_admin: { de: 'Administration (Ministerium)', en: 'Administrator (ministry)' },
  ministry_reviewer: { de: 'Prüfung (Ministerium)', en: 'Reviewer (ministry)' },
  grant_officer: { de: 'Förder-Sachbearbeitung', en: 'Grant officer' },
  kommune_editor: { de: 'Redaktion einer Kommune', en: 'Municipal editor' },
  it_dienstleister: { de: 'IT-Dienstleister', en: 'IT service provider' },
};

/*
 * Role groups: the one place that says which roles share a right. Routes (`config.access`) and
 * services (their access decisions) use these instead of lists of their own.
 */

/** Roles whose accounts must name the Behörden they act for (and may change those Behörden's links). */
export const BEHOERDEN_BOUND_ROLES: readonly Role[] = ['kommune_editor', 'it_dienstleister'];

/** The ministry: administration and review act across Bavaria. */
export const MINISTERIUM: readonly Role[] = ['ministry_admin', 'ministry_reviewer'];

/** Who may upload Online-Verfahren: the Behörde-bound roles for their Behörden, the ministry for all. */
export const UPLOAD_ROLLEN: readonly Role[] = ['it_dienstleister', 'kommune_editor', ...MINISTERIUM];

/** Who works Förderung cases (decides, pays). */
export const FOERDER_SACHBEARBEITUNG: readonly Role[] = ['grant_officer'];

/** Who may read every Förderung case: the grant officers and the ministry. */
export const FOERDER_LESER: readonly Role[] = [...FOERDER_SACHBEARBEITUNG, ...MINISTERIUM];

/**
 * Pairs of roles one account must never hold together, each with the reason. The one place that
 * defines them: the service refuses such a combination for the pages, the API and the CLI alike.
 */
export const UNVEREINBARE_ROLLEN: readonly { rollen: readonly [Role, Role]; grund: { de: string; en: string } }[] = [
  {
    rollen: ['ministry_reviewer', 'kommune_editor'],
    grund: {
      de: 'Wer für eine Kommune das Prädikat beantragt, darf den Antrag nicht prüfen.',
      en: 'Whoever applies for the label for a municipality must not review the application.',
    },
  },
  {
    rollen: ['ministry_admin', 'kommune_editor'],
    grund: {
      de: 'Die Administration prüft Anträge auf das Prädikat und vergibt Rechte; sie darf nicht zugleich für eine Kommune beantragen.',
      en: 'The administrators review label applications and grant rights; they must not apply for a municipality as well.',
    },
  },
  {
    rollen: ['grant_officer', 'kommune_editor'],
    grund: {
      de: 'Wer für eine Kommune Fördermittel beantragt, darf sie nicht bewilligen oder auszahlen.',
      en: 'Whoever applies for a grant for a municipality must not approve or pay it.',
    },
  },
  {
    rollen: ['ministry_reviewer', 'it_dienstleister'],
    grund: {
      de: 'Wer für Kommunen Online-Verfahren hochlädt und so ihren Zählstand bestimmt, darf ihr Prädikat nicht prüfen.',
      en: 'Whoever uploads online procedures for municipalities, and so sets their count, must not review their label.',
    },
  },
  {
    rollen: ['ministry_admin', 'it_dienstleister'],
    grund: {
      de: 'Die Administration prüft Anträge auf das Prädikat; sie darf nicht zugleich den Zählstand von Kommunen durch Hochladen bestimmen.',
      en: 'The administrators review label applications; they must not set municipalities’ counts by uploading as well.',
    },
  },
  {
    rollen: ['grant_officer', 'it_dienstleister'],
    grund: {
      de: 'Fördermittel bezahlen Software und Leistungen von IT-Dienstleistern; wer für einen IT-Dienstleister arbeitet, darf sie nicht bewilligen.',
      en: 'Grants pay for software and services of IT service providers; whoever works for one must not approve them.',
    },
  },
  {
    rollen: ['ministry_admin', 'ministry_reviewer'],
    grund: {
      de: 'Die Administration kann Anträge auf das Prädikat für eine Behörde stellen; sie darf sie nicht zugleich als Prüfung bearbeiten.',
      en: 'The administrators can file label applications for an authority; they must not also review them as reviewers.',
    },
  },
  {
    rollen: ['kommune_editor', 'it_dienstleister'],
    grund: {
      de: 'Ein Konto betreut seine Behörden entweder als Redaktion der Kommune oder als IT-Dienstleister; die Liste der Behörden gilt für genau eine dieser Rollen.',
      en: 'An account serves its authorities either as the municipality’s editor or as IT service provider; its list of authorities belongs to exactly one of these roles.',
    },
  },
];

export interface RollenKonflikt {
  rollen: readonly [Role, Role];
  grund: { de: string; en: string };
}

/** The incompatible pairs among `roles` (empty: the combination is allowed). */
export function rollenKonflikte(roles: readonly Role[]): RollenKonflikt[] {
  return UNVEREINBARE_ROLLEN.filter((k) => roles.includes(k.rollen[0]) && roles.includes(k.rollen[1]));
}

/** A German sentence naming the conflict and its reason (for forms, the API and the CLI). */
export const konfliktText = (k: RollenKonflikt) =>
  `Die Rollen „${ROLE_LABELS[k.rollen[0]].de}“ und „${ROLE_LABELS[k.rollen[1]].de}“ schließen sich aus (Vier-Augen-Prinzip): ${k.grund.de}`;

/** Roles without duplicates in the order of `ROLES`; the first is the account's main role. */
export const ordneRollen = (roles: readonly Role[]): Role[] => ROLES.filter((r) => roles.includes(r));

/** Every role of an account: its main role and the additional ones. */
export const rollenVon = (u: { role: Role; zusatzrollen?: readonly string[] | null; roles?: readonly Role[] }): Role[] =>
  u.roles ? [...u.roles] : ordneRollen([u.role, ...((u.zusatzrollen ?? []).filter(isRole) as Role[])]);

/** Does the user hold at least one of `roles` (as main or additional role)? */
export const hatRolle = (u: { role: Role; roles?: readonly Role[] } | undefined, ...roles: Role[]): boolean =>
  Boolean(u && (u.roles ?? [u.role]).some((r) => roles.includes(r)));
