/**
 * zod schemas of the Förderprogramm: the JSON API (→ OpenAPI) and the page forms. Money in the API
 * is integer cents as a decimal string („123456“ = 1.234,56 €), never a JSON number with a
 * fraction; forms take German amounts („1.234,56“) and parse them exactly (foerderung.regeln.ts).
 */
import { z } from 'zod';
import type { FieldError } from '../shared/layout';
import type { AntragEingabe } from './foerderung.kern';
import { type Bedarf, KOSTENARTEN, type Kostenposition, parseEuro } from './foerderung.regeln';
import { STATUS } from './foerderung.status';

/* ------------------------------------------------------------------ API */

export const centString = z.string().regex(/^\d{1,15}$/).describe('Amount in euro cents as a decimal string, e.g. "123456" = 1.234,56 EUR');
const centInput = z
  .union([z.string().regex(/^\d{1,15}$/), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)])
  .transform((v) => BigInt(v))
  .describe('Amount in euro cents: a decimal string ("123456") or a safe integer');

export const antragIdParam = z.object({ id: z.uuid() });

const bedarf = z.enum(['ja', 'nicht_erforderlich', 'nein']);
export const erklaerungenSchema = z.object({
  bayernId: z.boolean().default(false).describe('Login with BayernID offered'),
  postkorb: bedarf.default('nein').describe('Postkorb connected (or not needed)'),
  ePayment: bedarf.default('nein').describe('E-Payment connected (or not needed)'),
  mobil: z.boolean().default(false).describe('Services are mobile-ready'),
  erstmalig: z.boolean().default(false).describe('Services are offered for the first time'),
  richtigkeit: z.boolean().default(false).describe('Information is correct; no double funding'),
});

export const positionInput = z.object({
  art: z.enum(KOSTENARTEN),
  bezeichnung: z.string().max(300),
  betragCent: centInput,
  lizenzJahre: z.number().int().min(0).max(20).nullish(),
  einmalZahlung: z.boolean().nullish(),
});

export const antragInput = z.object({
  behoerdeArs: z.string().regex(/^\d{3}(\d{2})?(\d{4})?(\d{3})?$/).optional().describe('Applicant Behörde (ARS); required when creating'),
  massnahme: z.string().max(300).default(''),
  beschreibung: z.string().max(5000).default(''),
  onlineDienste: z.array(z.string().max(300)).max(50).default([]),
  besondererHandlungsbedarf: z
    .boolean()
    .optional()
    .refine((v) => v !== true, {
      message:
        'besondererHandlungsbedarf is read-only: the platform derives the grant rate from the official Gebietskulisse „Raum mit besonderem Handlungsbedarf“ (or a confirmation by two grant officers); an applicant cannot claim it. Send false or leave it out.',
    })
    .describe('Read-only: derived by the platform. `true` is refused (400); `false` or leaving it out is accepted.'),
  kontoinhaber: z.string().max(200).default(''),
  iban: z.string().max(50).default(''),
  kontaktName: z.string().max(200).default(''),
  kontaktEmail: z.string().max(200).default(''),
  erklaerungen: erklaerungenSchema.prefault({}),
  positionen: z.array(positionInput).max(30).default([]),
});

export const toEingabe = (b: z.output<typeof antragInput>): AntragEingabe => ({
  massnahme: b.massnahme,
  beschreibung: b.beschreibung,
  onlineDienste: b.onlineDienste,
  kontoinhaber: b.kontoinhaber,
  iban: b.iban,
  kontaktName: b.kontaktName,
  kontaktEmail: b.kontaktEmail,
  erklaerungen: b.erklaerungen,
  positionen: b.positionen.map((p) => ({ ...p, lizenzJahre: p.lizenzJahre ?? null, einmalZahlung: p.einmalZahlung ?? null })),
});

export const regelSchema = z.object({
  id: z.string(),
  titel: z.string(),
  ergebnis: z.enum(['erfuellt', 'nicht_erfuellt', 'offen']),
  quelle: z.enum(['portal', 'erklaerung', 'berechnung', 'amtliche_liste', 'bestaetigung']),
  text: z.string(),
});

export const pruefungSchema = z
  .object({
    regeln: z.array(regelSchema),
    positionen: z.array(
      z.object({
        art: z.string(),
        bezeichnung: z.string(),
        betragCent: centString,
        foerderfaehigCent: centString,
        bewertung: z.enum(['voll', 'teilweise', 'nein']),
        grund: z.string().nullable(),
        lizenzJahre: z.number().nullish(),
        einmalZahlung: z.boolean().nullish(),
      }),
    ),
    beantragtCent: centString,
    zuwendungsfaehigCent: centString,
    foerdersatzProzent: z.number().int(),
    rechnerischCent: centString,
    hoechstbetragVerfuegbarCent: centString,
    berechnetCent: centString,
    foerderbetragCent: centString,
    foerderfaehig: z.boolean(),
  })
  .describe('Rule check: every rule with pass/fail/open, the eligible costs and the computed grant');

const person = z.object({ label: z.string().nullable(), am: z.string().nullable() });

export const antragSchema = z.object({
  id: z.uuid(),
  aktenzeichen: z.string(),
  behoerde: z.object({ ars: z.string(), name: z.string(), typ: z.string(), regierungsbezirk: z.string().nullable() }),
  status: z.enum(STATUS),
  statusText: z.string(),
  massnahme: z.string(),
  beschreibung: z.string(),
  onlineDienste: z.array(z.string()),
  besondererHandlungsbedarf: z.boolean().describe('Derived by the platform at the last rule check (never the applicant’s claim)'),
  foerdersatz: z
    .object({
      rmbh: z.boolean(),
      grundlage: z.enum(['gebietskulisse', 'bestaetigung', 'standard']),
      text: z.string(),
      liste: z.object({ status: z.enum(['ok', 'fehlt', 'fehlerhaft']), stand: z.string().nullable(), quelle: z.string().nullable() }),
      bestaetigung: z.object({ status: z.string(), vorgeschlagenVon: z.string(), vorgeschlagenAm: z.string(), begruendung: z.string(), quelle: z.string(), bestaetigtVon: z.string().nullable(), bestaetigtAm: z.string().nullable() }).nullable(),
    })
    .describe('Where the rate comes from now: the official list, a confirmation under four eyes, or the standard rate'),
  nichtFoerderfaehigBestaetigt: z.boolean().describe('Submitted although the rule check said it cannot be granted (acknowledged by the applicant)'),
  kontoinhaber: z.string(),
  iban: z.string(),
  kontaktName: z.string(),
  kontaktEmail: z.string(),
  erklaerungen: z.record(z.string(), z.union([z.string(), z.boolean()])),
  positionen: z.array(z.object({ position: z.number().int(), art: z.string(), bezeichnung: z.string(), betragCent: centString, lizenzJahre: z.number().nullable(), einmalZahlung: z.boolean().nullable() })),
  zuwendungsfaehigCent: centString.nullable(),
  foerdersatzProzent: z.number().nullable(),
  foerderbetragCent: centString.nullable(),
  auszahlungCent: centString.nullable(),
  eingereicht: person,
  geprueft: person.extend({ empfehlung: z.string().nullable() }),
  entschieden: person,
  bescheidAm: z.string().nullable(),
  nachweis: z.object({
    faelligAm: z.string().nullable(),
    eingegangenAm: z.string().nullable(),
    ausgabenCent: centString.nullable(),
    geprueftAm: z.string().nullable(),
    geprueftVon: z.string().nullable(),
  }),
  freigabe1: person,
  freigabe2: person,
  ausgezahltAm: z.string().nullable(),
  demo: z.boolean(),
  schritte: z.array(z.object({ schritt: z.string(), vonStatus: z.string().nullable(), nachStatus: z.string(), von: z.string(), kommentar: z.string().nullable(), am: z.string() })),
  buchungen: z.array(z.object({ art: z.string(), betragCent: centString, von: z.string(), am: z.string() })),
  pruefung: pruefungSchema.nullable(),
  aktionen: z.array(z.object({ id: z.string(), erlaubt: z.boolean(), grund: z.string().optional() })),
});

export const antragListeSchema = z.object({
  total: z.number().int(),
  summeBewilligtCent: centString,
  summeAusgezahltCent: centString,
  items: z.array(
    z.object({
      id: z.uuid(),
      aktenzeichen: z.string(),
      status: z.string(),
      behoerde: z.object({ ars: z.string(), name: z.string() }),
      regierungsbezirk: z.string().nullable(),
      massnahme: z.string(),
      foerderbetragCent: centString.nullable(),
      auszahlungCent: centString.nullable(),
      bescheidAm: z.string().nullable(),
      nachweisFaelligAm: z.string().nullable(),
      nachweisEingegangenAm: z.string().nullable(),
      nachweisGeprueftAm: z.string().nullable(),
      demo: z.boolean(),
    }),
  ),
});

export const uebersichtQuery = z.object({
  status: z
    .union([z.enum(STATUS), z.array(z.enum(STATUS))])
    .optional()
    .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v])),
  regierungsbezirk: z
    .string()
    .regex(/^\d{3}$/)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  ueberfaellig: z
    .enum(['ja', 'true', '1', ''])
    .optional()
    .transform((v) => v === 'ja' || v === 'true' || v === '1'),
  jahr: z.coerce.number().int().min(2019).max(2100).optional().or(z.literal('').transform(() => undefined)),
  q: z.string().max(100).optional(),
  seite: z.coerce.number().int().min(1).max(10_000).default(1),
  proSeite: z.coerce.number().int().min(1).max(500).default(50),
});

/** Optional body (a call without one is a submission without the acknowledgement). */
export const einreichenBody = z.preprocess(
  (v) => v ?? {},
  z.object({
    nichtFoerderfaehigBestaetigt: z.boolean().default(false).describe('Required (true) when the rule check says the application cannot be granted as it is'),
  }),
);
export const satzVorschlagBody = z.object({
  begruendung: z.string().max(2000).describe('Why the Behörde lies in a Raum mit besonderem Handlungsbedarf'),
  quelle: z.string().max(500).describe('Where this is documented (e.g. LEP Anhang 2, Strukturkarte, with its date)'),
});

export const pruefenBody = z.object({ empfehlung: z.enum(['bewilligen', 'ablehnen']), kommentar: z.string().max(5000).optional() });
export const entscheidenBody = z.object({ entscheidung: z.enum(['bewilligen', 'ablehnen']), kommentar: z.string().max(5000).optional() });
export const nachweisBody = z.object({ ausgabenCent: centInput, sachbericht: z.string().max(10_000) });
export const nachweisPruefenBody = z.object({ anerkanntCent: centInput, kommentar: z.string().max(5000).optional() });
export const freigebenBody = z.object({ kommentar: z.string().max(5000).optional() });

export const haushaltSchema = z.object({
  gesamtCent: centString,
  gebundenCent: centString,
  ausgezahltCent: centString,
  entbundenCent: centString,
  restCent: centString,
  offeneBindungenCent: centString,
  summeBewilligtCent: centString.describe('Sum of the granted amounts in the overview; equals gebundenCent'),
  stimmtUeberein: z.boolean(),
});

export const statistikSchema = z.object({
  eingereicht: z.number().int(),
  bewilligt: z.number().int(),
  haushalt: haushaltSchema.omit({ summeBewilligtCent: true, stimmtUeberein: true }),
  nachStatus: z.array(z.object({ status: z.string(), anzahl: z.number().int(), summeCent: centString })),
  nachRegierungsbezirk: z.array(z.object({ ars: z.string(), name: z.string(), antraege: z.number().int(), bewilligt: z.number().int(), summeCent: centString })),
  nachJahr: z.array(z.object({ jahr: z.number().int(), antraege: z.number().int(), bewilligt: z.number().int(), summeCent: centString })),
});

/* ------------------------------------------------------------------ page forms */

/** Raw form values, shown again when a form is re-rendered. */
export type FormWerte = Record<string, string>;

export const MIN_ZEILEN = 4;

const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[v.length - 1] ?? '') : '');

/** Reads the application form (German amounts) into an application, with an error per bad field. */
export function leseAntragsFormular(body: Record<string, unknown>): { eingabe: AntragEingabe; werte: FormWerte; fehler: FieldError[]; zeilen: number } {
  const werte: FormWerte = {};
  for (const [k, v] of Object.entries(body)) if (k !== '_csrf') werte[k] = str(v).slice(0, 10_000);
  const fehler: FieldError[] = [];
  const zeilen = Math.min(30, Math.max(MIN_ZEILEN, Number.parseInt(werte.zeilen ?? '', 10) || MIN_ZEILEN));
  const positionen: Kostenposition[] = [];
  for (let i = 1; i <= zeilen; i++) {
    const bezeichnung = (werte[`kosten-${i}-bezeichnung`] ?? '').trim();
    const betragText = (werte[`kosten-${i}-betrag`] ?? '').trim();
    if (!bezeichnung && !betragText) continue;
    const art = werte[`kosten-${i}-art`] ?? '';
    if (!(KOSTENARTEN as readonly string[]).includes(art)) {
      fehler.push({ field: `kosten-${i}-art`, message: `Kostenposition ${i}: Bitte wählen Sie die Art der Kosten.` });
      continue;
    }
    const betrag = parseEuro(betragText);
    if (!betrag.ok) {
      fehler.push({ field: `kosten-${i}-betrag`, message: `Kostenposition ${i}: ${betrag.fehler}` });
      continue;
    }
    const jahreText = (werte[`kosten-${i}-jahre`] ?? '').trim();
    const jahre = jahreText === '' ? null : Number.parseInt(jahreText, 10);
    if (jahreText !== '' && (!/^\d{1,2}$/.test(jahreText) || jahre === null || jahre < 1)) {
      fehler.push({ field: `kosten-${i}-jahre`, message: `Kostenposition ${i}: Bitte geben Sie die Laufzeit in ganzen Jahren an, z. B. 2.` });
      continue;
    }
    positionen.push({ art: art as Kostenposition['art'], bezeichnung, betragCent: betrag.cent, lizenzJahre: jahre, einmalZahlung: art === 'lizenz' ? werte[`kosten-${i}-einmal`] === 'ja' : null });
  }
  const bedarfVon = (v: string | undefined): Bedarf => (v === 'ja' || v === 'nicht_erforderlich' ? v : 'nein');
  const eingabe: AntragEingabe = {
    massnahme: (werte.massnahme ?? '').trim(),
    beschreibung: (werte.beschreibung ?? '').trim(),
    onlineDienste: (werte.onlineDienste ?? '')
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean),
    kontoinhaber: (werte.kontoinhaber ?? '').trim(),
    iban: (werte.iban ?? '').trim(),
    kontaktName: (werte.kontaktName ?? '').trim(),
    kontaktEmail: (werte.kontaktEmail ?? '').trim(),
    erklaerungen: {
      bayernId: werte['erklaerung-bayernId'] === 'ja',
      postkorb: bedarfVon(werte.postkorb),
      ePayment: bedarfVon(werte.ePayment),
      mobil: werte['erklaerung-mobil'] === 'ja',
      erstmalig: werte['erklaerung-erstmalig'] === 'ja',
      richtigkeit: werte['erklaerung-richtigkeit'] === 'ja',
    },
    positionen,
  };
  return { eingabe, werte, fehler, zeilen };
}
