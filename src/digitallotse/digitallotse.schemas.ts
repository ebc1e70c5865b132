/** zod schemas of the Digitallotse forms and API. */
import { z } from 'zod';

const ja = z
  .string()
  .optional()
  .transform((v) => v === 'ja');

export const idParam = z.object({ id: z.uuid() });

export const anmeldeForm = z.object({
  ars: z.string().regex(/^(\d{3}|\d{5}|\d{9}|\d{12})$/, 'Bitte wählen Sie eine Behörde.'),
  teilnehmerName: z.string().trim().min(2, 'Bitte geben Sie den Namen der teilnehmenden Person an.').max(200, 'Der Name ist zu lang.'),
  teilnehmerEmail: z.string().trim().max(254).pipe(z.email('Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@gemeinde.bayern.de.')),
  foerderung: ja,
});

export const kursForm = z.object({
  titel: z.string().trim().min(3, 'Bitte geben Sie einen Titel an.').max(200),
  beginn: z.iso.date('Bitte geben Sie den ersten Kurstag als Datum an.'),
  ort: z.string().trim().min(2, 'Bitte geben Sie den Ort oder die Videoplattform an.').max(200),
  online: ja,
  plaetze: z.coerce.number('Bitte geben Sie die Zahl der Plätze an.').int('Bitte eine ganze Zahl.').min(1, 'Mindestens ein Platz.').max(500, 'Höchstens 500 Plätze.'),
  gebuehr: z
    .string()
    .trim()
    .regex(/^\d{1,6}([.,]\d{1,2})?$/, 'Bitte geben Sie die Gebühr in Euro an, z. B. 890 oder 890,00.')
    .transform((v) => {
      const [e, c = ''] = v.split(/[.,]/);
      return Number(e) * 100 + Number(c.padEnd(2, '0'));
    }),
});

export const anwesenheitForm = z.object({
  modul: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map(Number)),
});

export const digitallotseStatusSchema = z.object({
  ars: z.string(),
  hatDigitallotse: z.boolean(),
  abgeschlossen: z.array(z.object({ abgeschlossenAm: z.string() })),
});
