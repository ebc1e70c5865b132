/** zod schemas of the link check: queries, the start form and the JSON answers. */
import { z } from 'zod';

const regierungsbezirk = z
  .union([z.string().regex(/^\d{3}$/, 'three digits, e.g. 091'), z.literal('')])
  .optional()
  .transform((v) => v || undefined)
  .describe('Regierungsbezirk key, e.g. 091 Oberbayern');

export const defekteQuery = z.object({
  regierungsbezirk,
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export type DefekteQuery = z.output<typeof defekteQuery>;

export const MELDUNGEN = ['fertig', 'hintergrund', 'laeuft_bereits', 'gesperrt'] as const;
export type Meldung = (typeof MELDUNGEN)[number];

export const seitenQuery = defekteQuery.extend({
  meldung: z.enum(MELDUNGEN).optional().catch(undefined),
});
export type SeitenQuery = z.output<typeof seitenQuery>;

export const startBody = z.object({
  umfang: z.enum(['alle', 'defekte']).default('alle'),
  _csrf: z.string().optional(),
});

const zaehlregel = z.object({
  defekteLinks: z.enum(['zaehlt', 'karenz', 'zaehlt_nicht']).describe('Rule for broken links: count, count within the grace period, do not count'),
  karenzTage: z.number().int().describe('Grace period in days (rule `karenz`)'),
});

const zaehlstatus = {
  defektSeit: z.string().nullable().describe('Since when the URL fails without interruption (ISO 8601, UTC)'),
  zaehlt: z.boolean().describe('Whether links to this URL still count under the configured rule'),
  karenzBis: z.string().nullable().describe('Rule `karenz`: until when the link still counts'),
};

const pruefung = {
  url: z.string(),
  httpStatus: z.number().int().nullable().describe('Last HTTP status received; null when no answer came'),
  fehler: z.string().nullable().describe('Why the URL is broken (German)'),
  geprueftAm: z.string().describe('Last check (ISO 8601, UTC)'),
  ...zaehlstatus,
};

export const defekteUrlsResponse = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  regel: zaehlregel,
  items: z.array(
    z.object({
      ...pruefung,
      zielUrl: z.string().nullable().describe('Where the redirects ended'),
      behoerden: z.number().int().describe('How many Behörden (of the Regierungsbezirk, if filtered) link this URL'),
      verfahren: z.array(z.string()).describe('Names of the Online-Verfahren linked with this URL'),
    }),
  ),
});

export const behoerdeDefekteLinksResponse = z.object({
  ars: z.string(),
  name: z.string(),
  regel: zaehlregel,
  items: z.array(
    z.object({
      verfahrenId: z.string(),
      name: z.string(),
      url: z.string(),
      status: z.literal('defekt').describe('The URL failed at the last check (the public sees only ok/defekt/ungeprueft, never the reason)'),
      geprueftAm: z.string().describe('Last check (ISO 8601, UTC)'),
      ...zaehlstatus,
      httpStatus: z.number().int().nullable().optional().describe('Only for editors of the Behörde, its IT-Dienstleister and the ministry: last HTTP status received'),
      fehler: z.string().nullable().optional().describe('Only for editors of the Behörde, its IT-Dienstleister and the ministry: why the URL is broken (German)'),
    }),
  ),
});
