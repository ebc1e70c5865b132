/** zod schemas of the Bürgerservice API (query and response); documented in /api/openapi.json. */
import { z } from 'zod';
import { EBENEN } from './buergerservice.service';

export const buergerserviceQuery = z.object({
  ort: z.string().regex(/^\d{12}$/, 'ort must be the 12-digit ARS (Amtlicher Regionalschlüssel) of a Gemeinde, e.g. 097785764111').describe('12-digit ARS of a Gemeinde (look it up with GET /api/v1/orte?q=…)'),
  q: z.string().max(100, 'q must be at most 100 characters').optional().describe('Leistung, e.g. "Hund", "Bauantrag", "Wohnsitz": umlaut-tolerant (ü = ue = u), finds word forms and compounds ("Hunde" → Hundesteuer) and everyday words ("Bauantrag" → Baugenehmigung)'),
});

export const orteQuery = z.object({
  q: z.string().trim().min(2, 'q must have at least 2 characters').max(100, 'q must be at most 100 characters').describe('Name (umlaut-tolerant), postcode or its first digits, AGS (8 digits) or ARS (12 digits)'),
});

const ebene = z.enum(EBENEN).describe('gemeinde, vg (Verwaltungsgemeinschaft or another Gemeindeverband), kreisfreie_stadt, landkreis, bezirk, land (the Freistaat)');

const behoerdeRef = z.object({
  ars: z.string().describe('Key of the Behörde: 12 digits (Gemeinde), 9 (VG), 5 (Landkreis), 3 (Bezirk), 2 (Land)'),
  name: z.string().describe('Official name as stored'),
  anzeigename: z.string().describe('Name as citizens read it'),
  ebene,
});

export const ortSchema = z.object({
  ars: z.string(),
  name: z.string().describe('Official name (Gemeindeverzeichnis)'),
  anzeigename: z.string().describe('Name as citizens read it ("Markt Türkheim")'),
  zusatz: z.string().describe('Tells places of the same name apart: the Landkreis, or "kreisfreie Stadt, <Regierungsbezirk>"'),
  plz: z.string().nullable().describe('Postcode of the Gemeinde (of its seat where it has several; GV100AD)'),
  plzEindeutig: z.boolean().nullable().describe('false: the Gemeinde has further postcodes that the official data does not list'),
  einwohner: z.number().int().nullable(),
  landkreis: z.object({ ars: z.string(), anzeigename: z.string() }).nullable(),
  regierungsbezirk: z.object({ ars: z.string(), name: z.string() }).nullable(),
});

export const buergerserviceResponse = z.object({
  ort: ortSchema,
  q: z.string().nullable(),
  zustaendig: z
    .array(
      behoerdeRef.extend({
        onlineVerfahren: z.number().int().nullable().describe('Counting Online-Verfahren of the Behörde (null for the Freistaat)'),
        praedikat: z.object({ zertifikatNr: z.string(), status: z.string() }).nullable(),
      }),
    )
    .describe('The Behörden responsible for residents, from the municipal level up to the Freistaat'),
  items: z.array(
    z.object({
      name: z.string(),
      url: z.string().describe('Address of the procedure for this Behörde'),
      leika: z.array(z.string()).describe('14-digit LeiKa keys of the Leistungen the procedure realises'),
      leistungen: z.array(z.object({ schluessel: z.string().nullable(), name: z.string() })),
      themenfeld: z.string().nullable().describe('OZG-Themenfeld'),
      lebenslage: z.string().nullable().describe('OZG-Lebenslage'),
      vertrauensniveau: z.string().describe('niedrig, substanziell or hoch (eIDAS level of assurance)'),
      bereitstellung: z.string().describe('zentral (provided by the Freistaat) or kommunal'),
      zaehlt: z.boolean().describe('The link counts for the Prädikat “Digitales Amt” of the Behörde'),
      behoerde: behoerdeRef,
    }),
  ),
});

export const orteResponse = z.object({ items: z.array(ortSchema) });
