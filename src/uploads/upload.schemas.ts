/** zod schemas of the upload API, and the example shown on the page and in the template. */
import { z } from 'zod';

export const uploadIdParam = z.object({ id: z.uuid('not an upload id (UUID)') });

export const uploadQuery = z.object({
  format: z.enum(['csv']).default('csv').describe('File format of the body; `csv` (XZuFi 2.2 has its own import)'),
  dateiname: z.string().max(255).default('upload.csv').describe('File name to show in the list of uploads'),
});

export const fehlerSeiteQuery = z.object({
  fehlerOffset: z.coerce.number().int().min(0).default(0).describe('First error to return (0-based)'),
  fehlerLimit: z.coerce.number().int().min(1).max(10_000).default(1000).describe('Errors per response'),
});

export const seiteQuery = z.object({
  seite: z.coerce.number().int().min(1).max(100_000).default(1),
  uebernommen: z.string().optional(),
});

const fehlerSchema = z.object({
  zeile: z.number().int().describe('Line in the file (1 = header)'),
  spalte: z.string().optional().describe('Column name'),
  meldung: z.string().describe('What is wrong (German)'),
});

export const statistikSchema = z.object({
  zeilen: z.number().int(),
  verfahrenNeu: z.number().int().describe('Catalogue entries the commit creates'),
  verfahrenVorhanden: z.number().int().describe('Existing catalogue entries the rows link'),
  verlinkungenNeu: z.number().int(),
  verlinkungenUnveraendert: z.number().int(),
  verlinkungenUrlGeaendert: z.number().int(),
  behoerdenInDatei: z.number().int(),
  behoerdenBetroffen: z.number().int().describe('Behörden whose links change; their counts are recomputed'),
  behoerden: z.array(z.string()),
  hinweise: z.array(z.string()),
  datensaetze: z.number().int().optional().describe('Records in the file: CSV data rows (a quoted line break does not start a new one), XZuFi onlinedienste'),
  doppelt: z.number().int().optional().describe('Rows that are the same service as an earlier row or an existing link of their Behörde: not taken over, never counted twice'),
  doppelte: z
    .array(
      z.object({
        zeile: z.number().int(),
        ars: z.string(),
        name: z.string(),
        wieZeile: z.number().int().optional().describe('The earlier line of the file it repeats'),
        wieVerfahren: z.object({ verfahrenId: z.string(), name: z.string() }).optional().describe('The existing link it repeats'),
        grund: z.enum(['gleiche_adresse', 'gleiche_leistung_und_adresse']),
        meldung: z.string(),
      }),
    )
    .optional()
    .describe('The first 1,000 of them'),
});

export const uploadResponse = z.object({
  id: z.string(),
  format: z.string(),
  dateiname: z.string(),
  status: z.enum(['geprueft', 'fehlerhaft', 'uebernommen']).describe('geprueft: checked, can be committed; fehlerhaft: has errors; uebernommen: committed'),
  zeilen: z.number().int(),
  fehlerAnzahl: z.number().int().describe('All errors; `fehler` holds one page of them'),
  fehler: z.array(fehlerSchema),
  statistik: statistikSchema.nullable(),
  hochgeladenVon: z.string(),
  erstelltAm: z.string(),
  uebernommenAm: z.string().nullable(),
});

export const uploadListResponse = z.array(uploadResponse.omit({ fehler: true }));

/** The example of the page and the template: real Behörden and LeiKa keys, invented URLs. */
export const BEISPIEL_KOPF = ['ars', 'name', 'beschreibung', 'url', 'leika_schluessel', 'externe_id', 'art', 'vertrauensniveau', 'verfahren_id'] as const;
export const BEISPIEL_ZEILEN: string[][] = [
  ['092630000000', 'Hundesteuer an- und abmelden', 'Hund zur Hundesteuer anmelden oder abmelden.', 'https://formulare.example-rechenzentrum.de/hundesteuer?gemeinde=092630000000', '99102013000000', 'HUND-01', 'online', 'substanziell', ''],
  ['096730141141', 'Hundesteuer an- und abmelden', 'Hund zur Hundesteuer anmelden oder abmelden.', 'https://formulare.example-rechenzentrum.de/hundesteuer?gemeinde=096730141141', '99102013000000', 'HUND-01', 'online', 'substanziell', ''],
  ['092630000000', 'Gewerbe anmelden', 'Anmeldung eines Gewerbes mit Online-Bezahlung.', 'https://formulare.example-rechenzentrum.de/gewerbe', '99050012104000|99050012104001', '', '', '', ''],
];
