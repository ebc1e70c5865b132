/** zod schemas of the catalogue and Verlinkung API. */
import { z } from 'zod';

export const katalogQuery = z.object({
  q: z.string().max(100).optional().describe('Text in name or description'),
  bereitstellung: z
    .union([z.enum(['zentral', 'kommunal']), z.literal('')])
    .optional()
    .transform((v) => v || undefined),
  art: z
    .union([z.enum(['online', 'information', 'formular_pdf']), z.literal('')])
    .optional()
    .transform((v) => v || undefined)
    .describe('online = electronic submission (counts); information and formular_pdf never count'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const verfahrenIdParam = z.object({ id: z.uuid('not a procedure id (UUID)') });
export const arsVerfahrenParams = z.object({
  ars: z.string().regex(/^(\d{3}|\d{5}|\d{9}|\d{12})$/, 'ARS: 3, 5, 9 or 12 digits'),
  verfahrenId: z.uuid('not a procedure id (UUID)'),
});

const leistung = z.object({ schluessel: z.string().nullable(), name: z.string() });

export const verfahrenSchema = z.object({
  id: z.string(),
  name: z.string(),
  beschreibung: z.string(),
  bereitstellung: z.enum(['zentral', 'kommunal']),
  art: z.enum(['online', 'information', 'formular_pdf']),
  zaehlt: z.boolean().describe('Whether a link to it can count for the Prädikat'),
  anbieter: z.object({ ars: z.string(), name: z.string() }).nullable(),
  url: z.string(),
  vertrauensniveau: z.string(),
  mobilOptimiert: z.boolean(),
  aktiv: z.boolean(),
  demo: z.boolean(),
  leistungen: z.array(leistung),
  verlinktVon: z.number().int().describe('Number of Behörden linking it'),
});

export const katalogResponse = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(verfahrenSchema),
});

export const verlinkungSchema = z.object({
  verfahrenId: z.string(),
  name: z.string(),
  bereitstellung: z.enum(['zentral', 'kommunal']),
  art: z.string(),
  url: z.string(),
  eigeneUrl: z.string().nullable(),
  verlinktSeit: z.string(),
  demo: z.boolean(),
  themenfelder: z.array(z.string()),
  link: z
    .object({
      status: z.enum(['ok', 'defekt', 'ungeprueft']).describe('State of the address at the last link check; the public sees only this, never the reason'),
      defektSeit: z.string().nullable().describe('Since when the address fails without interruption (ISO 8601, UTC)'),
      geprueftAm: z.string().nullable().describe('Last check (ISO 8601, UTC); null when not checked yet'),
      httpStatus: z.number().nullable().optional().describe('Only for editors of the Behörde, its IT-Dienstleister and the ministry: last HTTP status received'),
      fehler: z.string().nullable().optional().describe('Only for editors of the Behörde, its IT-Dienstleister and the ministry: why the address is broken (German)'),
    })
    .describe('Link check of the effective address'),
  zaehlt: z.boolean(),
  grund: z.string().nullable(),
  grundText: z.string().nullable(),
});

export const zaehlstandSchema = z.object({
  ars: z.string(),
  name: z.string(),
  anzeigename: z.string().describe('Name as citizens read it ("Markt Simbach")'),
  typ: z.string(),
  anzahl: z.number().int(),
  schwelle: z.number().int(),
  erreicht: z.boolean(),
  fehlend: z.number().int(),
  verlauf: z.array(z.object({ tag: z.string(), anzahl: z.number().int(), demo: z.boolean() })),
});

export const verlinkenBody = z
  .object({ url: z.string().max(2000).optional().describe('URL for this Behörde where it differs from the catalogue') })
  .nullish()
  .transform((v) => v ?? {});

export const historieSchema = z.array(
  z.object({
    id: z.number().int(),
    verfahrenId: z.string(),
    verfahren: z.string(),
    aktion: z.enum(['verlinkt', 'entfernt', 'geaendert']),
    vorher: z.unknown(),
    nachher: z.unknown(),
    von: z.string(),
    quelle: z.string(),
    am: z.string(),
  }),
);

export const chancenSchema = z.object({
  ars: z.string(),
  name: z.string(),
  anzahl: z.number().int(),
  schwelle: z.number().int(),
  erreicht: z.boolean(),
  fehlend: z.number().int(),
  vergleichsgruppe: z.object({ typ: z.string(), bevoelkerungVon: z.number(), bevoelkerungBis: z.number().nullable(), anzahl: z.number().int() }),
  vorschlaege: z.array(
    z.object({
      verfahrenId: z.string(),
      name: z.string(),
      url: z.string(),
      themenfelder: z.array(z.string()),
      anteilVergleichsgruppe: z.number().describe('Percent of similar Behörden that link it'),
      reichtZurSchwelle: z.boolean(),
    }),
  ),
  mitDiesenErreichtManDasPraedikat: z.number().int().nullable(),
  themenfelder: z.array(z.object({ id: z.number().int(), name: z.string(), anzahl: z.number().int(), abgedeckt: z.boolean() })),
});
