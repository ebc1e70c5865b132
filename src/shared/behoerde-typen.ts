/** The types of Behörde (from the Gemeindeverzeichnis) and their names: vocabulary of every folder. */

export const BEHOERDE_TYPEN = [
  'gemeinde',
  'markt',
  'stadt',
  'grosse_kreisstadt',
  'kreisfreie_stadt',
  'vg',
  'amt',
  'samtgemeinde',
  'verbandsgemeinde',
  'verwaltungsverband',
  'landkreis',
  'bezirk',
] as const;
/** Types of Gemeindeverbände that are Behörden for their member Gemeinden (see gebiete/behoerden.derivation.ts). */
export const VERBAND_TYPEN: readonly string[] = ['vg', 'amt', 'samtgemeinde', 'verbandsgemeinde', 'verwaltungsverband'];
export type BehoerdeTyp = (typeof BEHOERDE_TYPEN)[number];

/** The types of Behörde in Bavaria (work lists filter by them). */
export const BAYERN_TYPEN = [
  'gemeinde',
  'markt',
  'stadt',
  'grosse_kreisstadt',
  'kreisfreie_stadt',
  'vg',
  'landkreis',
  'bezirk',
] as const satisfies readonly BehoerdeTyp[];

export const TYP_LABELS: Record<BehoerdeTyp, { de: string; en: string }> = {
  gemeinde: { de: 'Gemeinde', en: 'Municipality' },
  markt: { de: 'Markt', en: 'Market town' },
  stadt: { de: 'Stadt', en: 'Town' },
  grosse_kreisstadt: { de: 'Große Kreisstadt', en: 'Major district town' },
  kreisfreie_stadt: { de: 'Kreisfreie Stadt', en: 'District-free city' },
  vg: { de: 'Verwaltungsgemeinschaft', en: 'Administrative association' },
  amt: { de: 'Amt', en: 'Amt (joint administration)' },
  samtgemeinde: { de: 'Samtgemeinde', en: 'Samtgemeinde (joint municipality)' },
  verbandsgemeinde: { de: 'Verbandsgemeinde', en: 'Verbandsgemeinde (collective municipality)' },
  verwaltungsverband: { de: 'Verwaltungsverband', en: 'Administrative union' },
  landkreis: { de: 'Landkreis', en: 'District' },
  bezirk: { de: 'Bezirk', en: 'Regional district (Bezirk)' },
};

export const typLabel = (typ: string, locale: 'de' | 'en' = 'de') => TYP_LABELS[typ as BehoerdeTyp]?.[locale] ?? typ;
