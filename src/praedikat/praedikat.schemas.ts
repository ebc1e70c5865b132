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

export const grundBody = z.object({ grund: z.string().max(5000).default('') });

export const antragIdParam = z.object({ id: z.uuid('not an application id (UUID)') });
export const nrParam = z.object({ nr: z.string().regex(/^DA-\d{4}-\d{4}$/, 'certificate number like DA-2021-0001') });

export const pruefpunkt = z.object({ id: z.string(), titel: z.string(), status: z.enum(['ok', 'warnung', 'fehler']), text: z.string() });
export const vorpruefungSchema = z.object({
  am: z.string(),
  anzahl: z.number().int(),
  schwelle: z.number().int(),
  erreicht: z.boolean(),
  fehlend: z.number().int(),
  punkte: z.array(pruefpunkt),
  bestanden: z.boolean(),
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
  vorpruefung: z.unknown(),
  eingereichtAm: z.string(),
  empfehlung: z.string().nullable(),
  zertifikatNr: z.string().nullable(),
  schritte: z.array(z.object({ schritt: z.string(), vonStatus: z.string().nullable(), nachStatus: z.string(), von: z.string(), kommentar: z.string().nullable(), am: z.string() })),
});

export const arbeitslisteQuery = z.object({
  status: z
    .union([z.enum(['eingereicht', 'empfohlen', 'zurueckgegeben']), z.literal('')])
    .optional()
    .transform((v) => v || undefined),
  regierungsbezirk: z
    .union([z.string().regex(/^09[1-7]$/), z.literal('')])
    .optional()
    .transform((v) => v || undefined),
});
