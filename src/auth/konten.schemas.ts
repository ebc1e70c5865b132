/** zod schemas of the account administration: list filters, forms and the JSON API. */
import { z } from 'zod';
import type { KontenFilter, KontoZeile } from './auth.repository';
import { rollenVon } from './roles';
import { ROLES } from '../shared/handelnde';

const leerIstNichts = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const KONTO_STATUS = ['aktiv', 'eingeladen', 'deaktiviert'] as const;
export type KontoStatus = (typeof KONTO_STATUS)[number];

/** Filter „last login“: never, within N days, or not within N days. */
export const ANMELDUNG_FILTER = ['nie', '7', '30', '90', 'nicht90', 'nicht365'] as const;

export const kontenQuery = z.object({
  q: z.string().max(200).optional(),
  rolle: leerIstNichts(z.enum(ROLES)),
  behoerde: z.string().max(100).optional(),
  status: leerIstNichts(z.enum(KONTO_STATUS)),
  anmeldung: leerIstNichts(z.enum(ANMELDUNG_FILTER)),
  seite: z.coerce.number().int().min(1).max(100_000).default(1),
  proSeite: z.coerce.number().int().min(1).max(200).default(50),
});
export type KontenQuery = z.output<typeof kontenQuery>;

/** The repository's filter for a query (page `seite`, `proSeite` rows). */
export function filterAus(q: KontenQuery): KontenFilter {
  const a = q.anmeldung;
  return {
    suchbegriff: q.q?.trim() || undefined,
    rolle: q.rolle,
    behoerde: q.behoerde?.trim() || undefined,
    status: q.status,
    letzteAnmeldung:
      a === undefined ? undefined : a === 'nie' ? { art: 'nie' } : a.startsWith('nicht') ? { art: 'nicht_innerhalb', tage: Number(a.slice(5)) } : { art: 'innerhalb', tage: Number(a) },
    limit: q.proSeite,
    offset: (q.seite - 1) * q.proSeite,
  };
}

export const kontoStatus = (k: { active: boolean; hatPasswort: boolean; landesLogin: boolean }): KontoStatus =>
  !k.active ? 'deaktiviert' : !k.hatPasswort && !k.landesLogin ? 'eingeladen' : 'aktiv';

const rollenFeld = z.union([z.string().max(40), z.array(z.string().max(40)).max(10)]).optional();
export const rollenListe = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** ARS separated by line breaks, commas, semicolons or spaces. */
export const behoerdenListe = (v: string | undefined) => (v ?? '').split(/[\s,;]+/).filter(Boolean);

export const einladenForm = z.object({
  email: z.string().max(400).default(''),
  name: z.string().max(400).default(''),
  rollen: rollenFeld,
  behoerden: z.string().max(20_000).default(''),
  _csrf: z.string().optional(),
});

export const rollenForm = z.object({
  rollen: rollenFeld,
  behoerden: z.string().max(20_000).default(''),
  _csrf: z.string().optional(),
});

export const leererForm = z.object({ _csrf: z.string().optional() }).optional();

export const kontoIdParam = z.object({ id: z.uuid() });
export const einladungParam = z.object({ token: z.string().min(1).max(200) });

export const einladungAnnehmenForm = z.object({
  password: z.string().max(1024).default(''),
  confirm: z.string().max(1024).default(''),
  _csrf: z.string().optional(),
});

/* ------------------------------------------------------------------ JSON API */

export const einladungBody = z.object({
  email: z.string().max(400).describe('Work e-mail address of the person'),
  name: z.string().max(400),
  rollen: z.array(z.string().max(40)).max(10).describe(`Roles: ${ROLES.join(', ')}; never two that exclude each other (GET /api/v1/konten/rollen)`),
  behoerden: z.array(z.string().max(40)).max(500).default([]).describe('ARS of the Behörden (only for kommune_editor and it_dienstleister)'),
});

export const rollenBody = z.object({
  rollen: z.array(z.string().max(40)).max(10),
  behoerden: z.array(z.string().max(40)).max(500).default([]),
});

export const kontoSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  rollen: z.array(z.enum(ROLES)).describe('All roles, the main role first'),
  status: z.enum(KONTO_STATUS).describe('aktiv; eingeladen (no password set yet); deaktiviert'),
  behoerden: z.array(z.object({ ars: z.string(), name: z.string() })),
  landesLogin: z.boolean().describe('Linked to an identity at the state identity provider (OpenID Connect)'),
  passwortwechselOffen: z.boolean().describe('Must change a one-time password at the next login'),
  gesperrtBis: z.string().nullable().describe('Temporary lockout after failed logins'),
  einladungLaeuftAb: z.string().nullable().describe('Expiry of the open invitation, if any'),
  angelegtAm: z.string(),
  letzteAnmeldung: z.string().nullable(),
});

export const kontoDetailSchema = kontoSchema.extend({
  sitzungen: z.number().int().describe('Active sessions'),
  rollenVomLandesLogin: z.boolean().describe('Roles and Behörden come from the state login at every login; changes here are refused'),
  verlauf: z.array(z.object({ at: z.string(), von: z.string(), aktion: z.string(), vorher: z.unknown(), nachher: z.unknown() })),
});

export const kontenListeSchema = z.object({
  total: z.number().int(),
  seite: z.number().int(),
  proSeite: z.number().int(),
  items: z.array(kontoSchema),
});

export const einladungAntwortSchema = z.object({
  konto: kontoSchema,
  einladung: z.object({
    laeuftAbAm: z.string(),
    mail: z.enum(['versendet', 'fehlgeschlagen', 'nicht_versendet']),
    link: z.string().optional().describe('Only when the mail was not delivered: pass it on to the person another way; it is not stored'),
  }),
});

export const rollenKatalogSchema = z.object({
  rollen: z.array(z.object({ rolle: z.enum(ROLES), de: z.string(), en: z.string(), behoerdenGebunden: z.boolean() })),
  unvereinbar: z.array(z.object({ rollen: z.array(z.enum(ROLES)), grund: z.string(), reason: z.string() })),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function kontoJson(k: KontoZeile, now: Date) {
  return {
    id: k.id,
    email: k.email,
    name: k.name,
    rollen: rollenVon(k),
    status: kontoStatus(k),
    behoerden: k.behoerden,
    landesLogin: k.landesLogin,
    passwortwechselOffen: k.mustChangePassword,
    gesperrtBis: k.gesperrtBis && k.gesperrtBis.getTime() > now.getTime() ? k.gesperrtBis.toISOString() : null,
    einladungLaeuftAb: iso(k.einladungLaeuftAb),
    angelegtAm: k.createdAt.toISOString(),
    letzteAnmeldung: iso(k.lastLoginAt),
  };
}
