/** zod schemas of the catalogue and Verlinkung API. */
import { z } from 'zod';
import { SIGNALE } from './pruefsignale';

/** What an event of a Behörde's link history records. */
export const EREIGNIS_AKTIONEN = ['verlinkt', 'upload', 'entfernt', 'geaendert', 'doppelt_erkannt', 'zaehlt_nicht', 'einspruch', 'einspruch_zurueckgewiesen', 'zaehlt_wieder'] as const;
export type EreignisAktion = (typeof EREIGNIS_AKTIONEN)[number];

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
  leika: z.array(z.string()).describe('LeiKa keys of the procedure'),
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
  grund: z.string().nullable().describe('keine_elektronische_einreichung | ausser_betrieb | zaehlt_nicht_pruefung | link_defekt | doppelt'),
  grundText: z.string().nullable(),
  doppeltVon: z
    .object({ verfahrenId: z.string(), name: z.string() })
    .nullable()
    .describe('For grund = doppelt: the linked procedure that is the same service and counts instead'),
  zaehltNicht: z
    .object({
      status: z.enum(['aktiv', 'einspruch']),
      grund: z.string(),
      gesetztAm: z.string(),
      einspruch: z.string().nullable(),
      einspruchAm: z.string().nullable(),
      entscheidung: z.string().nullable(),
      entscheidungGrund: z.string().nullable(),
      entschiedenAm: z.string().nullable(),
    })
    .nullable()
    .describe("The ministry's „zählt nicht“ mark with its reason (status einspruch: the Kommune objected, not decided yet)"),
});

export const gleicherDienstSchema = z.object({
  verfahrenId: z.string(),
  name: z.string(),
  url: z.string(),
  grund: z.enum(['gleiche_adresse', 'gleiche_leistung_und_adresse']),
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
    verfahrenId: z.string().nullable().describe('The procedure; null for `upload`'),
    verfahren: z.string().nullable().describe('Its name; null for `upload`'),
    aktion: z
      .enum(EREIGNIS_AKTIONEN)
      .describe('`upload`: the links one upload added to this Behörde, one event per upload — `nachher` is { anzahl, dateiname, verfahren: [ids] }'),
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

/** Body of the „zählt nicht“ calls: the reason (reviewer) or the objection (Kommune). */
export const begruendungBody = z.object({ grund: z.string().max(2100).default('').describe('Reason, shown to the Kommune') });
export const einspruchBody = z.object({ einspruch: z.string().max(2100).default('').describe("The Kommune's objection") });
export const entscheidungBody = z.object({
  entscheidung: z.enum(['aufheben', 'zurueckweisen']).describe('aufheben: counts again; zurueckweisen: the objection is turned down, the mark stays'),
  grund: z.string().max(2100).default(''),
});

const signalEintrag = z.object({ verfahrenId: z.string(), name: z.string(), url: z.string(), zaehlt: z.boolean(), vermerkt: z.boolean(), hinweis: z.string() });
export const pruefsignaleSchema = z.object({
  seit: z.string().nullable().describe('Date of the last review (award or closed application) the signal neuKommunal counts from; null: never reviewed'),
  auffaelligZaehlend: z.number().int().describe('Counting entries with at least one signal'),
  anzahlOhneAuffaellige: z.number().int().describe('The count without them'),
  signale: z.object(Object.fromEntries(SIGNALE.map((s) => [s, z.object({ anzahl: z.number().int(), eintraege: z.array(signalEintrag) })])) as Record<
    (typeof SIGNALE)[number],
    z.ZodObject<{ anzahl: z.ZodNumber; eintraege: z.ZodArray<typeof signalEintrag> }>
  >),
});
