/** zod schemas of the Prädikat API and forms. */
import { z } from 'zod';
import { pruefsignaleSchema } from '../verlinkung/verlinkung.schemas';

const checkbox = z
  .union([z.boolean(), z.enum(['ja', 'nein', 'on', 'true', 'false', ''])])
  .optional()
  .transform((v) => v === true || v === 'ja' || v === 'on' || v === 'true');

export const antragBody = z.object({
  kontaktName: z.string().max(300).default(''),
  kontaktEmail: z.string().max(320).default(''),
  kontaktTelefon: z.string().max(60).optional(),
  websiteUrl: z.string().max(2100).default(''),
  schildGewuenscht: checkbox,
  schildFormat: z.string().max(5).optional(),
  lieferadresse: z.string().max(600).optional(),
});

export const empfehlungBody = z.object({
  empfehlung: z.enum(['verleihen', 'ablehnen', 'zurueckgeben']),
  kommentar: z.string().max(5000).default(''),
});

export const entscheidungBody = z.object({
  entscheidung: z.enum(['verleihen', 'ablehnen', 'zurueckgeben']),
  kommentar: z.string().max(5000).default(''),
});

export const grundBody = z.object({
  grund: z.string().max(5000).default('').describe('Reason for the Kommune (required for a request and a suspension; for a confirmation: a comment)'),
  oeffentlicherGrund: z.string().max(5000).optional().describe('Reason shown on the public pages; without it a neutral standard text'),
});

export const zuruecknehmenBody = z.object({ kommentar: z.string().max(5000).default('') });

export const massnahmeAntwort = z.object({
  status: z.enum(['gueltig', 'ausgesetzt', 'widerrufen']),
  schritt: z.enum(['wirksam', 'beantragt', 'bestaetigt']).describe('wirksam: suspension done; beantragt: first person, nothing changed yet; bestaetigt: second person, in effect'),
  stornierteSchilder: z.number().int(),
});

export const antragIdParam = z.object({ id: z.uuid('not an application id (UUID)') });
export const nrParam = z.object({ nr: z.string().regex(/^DA-\d{4}-\d{4}$/, 'certificate number like DA-2021-0001') });

export const pruefpunkt = z.object({ id: z.string(), titel: z.string(), status: z.enum(['ok', 'warnung', 'fehler']), text: z.string() });
/** The pre-check result; further parts of the result pass through unchanged. */
export const vorpruefungSchema = z.looseObject({
  am: z.string(),
  anzahl: z.number().int(),
  schwelle: z.number().int(),
  erreicht: z.boolean(),
  fehlend: z.number().int(),
  punkte: z.array(pruefpunkt),
  bestanden: z.boolean(),
  links: z
    .array(z.object({ id: z.string(), titel: z.string(), zaehlt: z.boolean(), linkpruefung: z.enum(['erreichbar', 'nicht erreichbar', 'ungeprüft']) }))
    .optional()
    .describe('Every linked procedure: whether it counts and its link state at the last check (absent in records made before it was part of the pre-check)'),
  signale: pruefsignaleSchema.optional().describe('Review signals with counts (entries: the first 25 of each)'),
});

export const praedikatSchema = z
  .object({
    zertifikatNr: z.string(),
    verliehenAm: z.string(),
    status: z.enum(['gueltig', 'ausgesetzt', 'widerrufen']),
    demo: z.boolean(),
    karenzBis: z.string().nullable().describe('Last day of the grace period while below the threshold'),
    unterSchwelleSeit: z.string().nullable(),
    manuellAusgesetzt: z.boolean().describe('Suspended by the ministry (not by the re-check)'),
    statusSeit: z.string().nullable(),
    statusGrund: z.string().nullable().describe('Public reason of the current status (or a neutral standard text)'),
    widerrufenAm: z.string().nullable(),
    neuerAntragAb: z.string().nullable().describe('After a revocation: first day a new application is possible'),
    historie: z.array(
      z.object({
        ereignis: z.string(),
        vonStatus: z.string().nullable(),
        nachStatus: z.string(),
        grund: z.string().nullable(),
        automatisch: z.boolean(),
        von: z.string(),
        am: z.string(),
      }),
    ),
  })
  .nullable();

export const antragSchema = z.object({
  id: z.string(),
  behoerdeArs: z.string(),
  status: z.string(),
  kontaktName: z.string(),
  kontaktEmail: z.string(),
  kontaktTelefon: z.string().nullable(),
  websiteUrl: z.string(),
  schildGewuenscht: z.boolean(),
  schildFormat: z.string().nullable(),
  lieferadresse: z.string().nullable(),
  vorpruefung: z.unknown().describe('The pre-check as recorded at (re)submission, with its own time `am`; never changed afterwards'),
  vorpruefungAktuell: vorpruefungSchema.optional().describe('A fresh pre-check now, for comparison'),
  vorpruefungen: z.array(z.object({ anlass: z.string(), am: z.string(), ergebnis: z.unknown() })).describe('Every recorded pre-check (submission, resubmission, decision)'),
  eingereichtAm: z.string(),
  empfehlung: z.string().nullable(),
  zertifikatNr: z.string().nullable(),
  schritte: z.array(z.object({ schritt: z.string(), vonStatus: z.string().nullable(), nachStatus: z.string(), von: z.string(), kommentar: z.string().nullable(), am: z.string() })),
});

export const ANTRAG_STATUS = ['eingereicht', 'empfohlen', 'zurueckgegeben', 'verliehen', 'abgelehnt', 'zurueckgezogen'] as const;
export const ARBEITSLISTE_SORT = ['alter', 'neueste', 'name', 'anzahl'] as const;
export const MAX_PRO_SEITE = 100;

/** The work list's filters for the API (the page reads the same names leniently, see praedikat.arbeitsliste.ts). */
export const arbeitslisteQuery = z.object({
  status: z
    .union([z.enum([...ANTRAG_STATUS, 'offen', 'alle']), z.literal('')])
    .optional()
    .describe('offen (default): eingereicht, empfohlen, zurueckgegeben; alle; or one status'),
  regierungsbezirk: z
    .union([z.string().regex(/^09[1-7]$/), z.literal('')])
    .optional()
    .transform((v) => v || undefined),
  typ: z.string().max(40).optional(),
  mindestAlterTage: z.coerce.number().int().min(0).max(36_500).optional(),
  maengel: z.enum(['ja', 'nein', '']).optional().describe('ja: only applications whose stored pre-check has an error or a warning'),
  sort: z.enum(ARBEITSLISTE_SORT).default('alter'),
  seite: z.coerce.number().int().min(1).max(100_000).default(1),
  proSeite: z.coerce.number().int().min(1).max(MAX_PRO_SEITE).default(50),
});
