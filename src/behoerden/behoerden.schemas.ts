/** zod schemas of the Behörden API (query and response). */
import { z } from 'zod';
import { STAENDE } from '../shared/stand';
import { BEHOERDE_TYPEN } from '../shared/behoerde-typen';

const typList = z
  .union([z.enum(BEHOERDE_TYPEN), z.array(z.enum(BEHOERDE_TYPEN)), z.literal('')])
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : Array.isArray(v) ? v : [v]));

const statusList = z
  .union([z.enum(STAENDE), z.array(z.enum(STAENDE)), z.literal('')])
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : Array.isArray(v) ? v : [v]));

export const behoerdenQuery = z.object({
  typ: typList.describe('Type(s) of Behörde; repeat the parameter for several'),
  land: z
    .union([z.string().regex(/^(0[1-9]|1[0-6])$/, 'two digits 01–16'), z.literal('')])
    .optional()
    .transform((v) => v || undefined)
    .describe('Land key (two digits, e.g. 09 Bayern); useful when all of Germany is imported'),
  regierungsbezirk: z
    .union([z.string().regex(/^(0[1-9]|1[0-6])\d$/, 'three digits: Land and Regierungsbezirk, e.g. 091–097 in Bavaria'), z.literal('')])
    .optional()
    .transform((v) => v || undefined)
    .describe('Regierungsbezirk key, e.g. 091 Oberbayern'),
  landkreis: z
    .union([z.string().regex(/^\d{5}$/, 'five digits'), z.literal('')])
    .optional()
    .transform((v) => v || undefined)
    .describe('Kreis key (5 digits), Landkreis or kreisfreie Stadt'),
  q: z.string().max(100).optional().describe('Name (umlaut- and suffix-tolerant), PLZ or ARS/AGS prefix'),
  status: statusList.describe(
    'Stand on the way to the Prädikat; repeat for several: digitales_amt (current award valid), ausgesetzt, widerrufen, schwelle_erreicht (no award, count ≥ threshold), nah_dran (no award, at most 10 missing), unter_schwelle',
  ),
  jahr: z
    .union([z.coerce.number().int().min(2000).max(2100), z.literal('')])
    .optional()
    .transform((v) => (v === '' || v === undefined ? undefined : v))
    .describe('Year of the current award'),
  sort: z.enum(['name', 'anzahl', 'bevoelkerung', 'verliehen']).default('name').describe('verliehen: newest award first'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type BehoerdenQuery = z.output<typeof behoerdenQuery>;

const gebietRef = z.object({
  key: z.string(),
  name: z.string().describe('Official name (Gemeindeverzeichnis)'),
  anzeigename: z.string().describe('Name as citizens read it, e.g. "Landkreis Ansbach" beside "Stadt Ansbach"'),
});

export const behoerdeSummary = z.object({
  ars: z.string(),
  name: z.string().describe('Name as stored: the official Gemeindeverzeichnis name with its suffixes ("Simbach, M", "Türkheim (VGem)"); Landkreise and Bezirke with "Landkreis"/"Bezirk" in front'),
  kurzname: z.string().describe('Name without the official suffixes'),
  anzeigename: z.string().describe('Name as citizens read it, suffixes written out: "Markt Simbach", "Stadt Weilheim i.OB", "Verwaltungsgemeinschaft Türkheim"'),
  typ: z.enum(BEHOERDE_TYPEN),
  typLabel: z.string(),
  regierungsbezirk: gebietRef,
  landkreis: gebietRef.nullable(),
  bevoelkerung: z.number().int(),
  plz: z.string().nullable(),
  mitgliedsgemeinden: z.array(z.object({ ars: z.string(), name: z.string(), anzeigename: z.string() })),
  onlineVerfahren: z.number().int().describe('Linked counting Online-Verfahren (demo data where simulated)'),
  schwelle: z.number().int().describe('Threshold for the Prädikat: 50, 30 for Bezirke'),
  praedikat: z.object({ zertifikatNr: z.string(), verliehenAm: z.string(), status: z.string() }).nullable(),
});

export const behoerdenListResponse = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(behoerdeSummary),
});

export const behoerdeDetail = behoerdeSummary.extend({
  sitz: z.string().nullable(),
  flaecheHa: z.number(),
  koordinaten: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  mitgliedsgemeinden: z.array(z.object({ ars: z.string(), name: z.string(), anzeigename: z.string(), bevoelkerung: z.number().int().nullable(), plz: z.string().nullable() })),
});

