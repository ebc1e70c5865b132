/**
 * Roles of the platform. Kommune editors and IT-Dienstleister are bound to Behörden
 * (`user_behoerden`); ministry roles act across Bavaria.
 */
export const ROLES = ['ministry_admin', 'ministry_reviewer', 'grant_officer', 'kommune_editor', 'it_dienstleister'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { de: string; en: string }> = {
  ministry_admin: { de: 'Administration (Ministerium)', en: 'Administrator (ministry)' },
  ministry_reviewer: { de: 'Prüfung (Ministerium)', en: 'Reviewer (ministry)' },
  grant_officer: { de: 'Förder-Sachbearbeitung', en: 'Grant officer' },
  kommune_editor: { de: 'Redaktion einer Kommune', en: 'Municipal editor' },
  it_dienstleister: { de: 'IT-Dienstleister', en: 'IT service provider' },
};

/** Roles whose accounts must name the Behörden they act for. */
export const BEHOERDEN_BOUND_ROLES: readonly Role[] = ['kommune_editor', 'it_dienstleister'];

export const isRole = (v: string): v is Role => (ROLES as readonly string[]).includes(v);
