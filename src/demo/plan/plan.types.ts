/**
 * What the demo planner takes and gives: the input (Behörden, LeiKa-Leistungen, options and the
 * calibration with its published figures) and the plan it returns. See demo.generator.ts.
 */
import type { Schwellen } from '../../shared/schwellen';

/* ------------------------------------------------------------------------------------ input */

export interface DemoBehoerde {
  ars: string;
  /** Display name without official suffixes ("Erlangen"). */
  kurzname: string;
  /** gemeinde | markt | stadt | grosse_kreisstadt | kreisfreie_stadt | vg | amt | samtgemeinde | verbandsgemeinde | verwaltungsverband | landkreis | bezirk */
  typ: string;
  bevoelkerung: number;
  /** Two-digit Land key; missing means one Land (as before all of Germany could be imported). */
  land?: string;
}

export interface DemoLeistung {
  id: number;
  /** 14-digit LeiKa key, null for the catalogue's "nicht im LeiKa" entries. */
  schluessel: string | null;
  name: string;
  typisierung: string | null;
}

export interface DemoKalibrierung {
  /** Number of Behörden the absolute targets below are meant for (Bavaria, GV100AD 30.11.2025). */
  referenzBehoerden: number;
  /** Behörden at or over their threshold today. */
  amSchwellenwert: number;
  /** Behörden "close": 1–10 below their threshold today (includes the suspended awardees). */
  knappDarunter: number;
  /** Awardees who later fell below the threshold (status `ausgesetzt`). */
  ausgesetzt: number;
  /** Behörden over the threshold that have not (yet) received the Prädikat. */
  ohnePraedikat: number;
  /** Zentrale Online-Verfahren of the Freistaat (including the non-counting share). */
  zentraleVerfahren: number;
  /** Share of information pages and PDF forms among all Verfahren (never count). */
  anteilNichtZaehlend: number;
  /** Fixed counting-link counts of named Behörden (ARS). */
  spitzenwerte: Array<{ ars: string; anzahl: number }>;
  /** Highest count of any other Behörde (at threshold 50; scaled for Bezirke). */
  hoechsterUebrigerWert: number;
  /** The first awards: all on one date, certificate numbers in this order. */
  ersteVerleihung: { datum: string; behoerden: string[] };
  /** Awards at a fixed place in the overall order (1-based). */
  festePlaetze: Array<{ platz: number; ars: string }>;
  /** Cumulative number of awards by date (absolute, for `referenzBehoerden`). */
  verleihungsKurve: Array<{ bis: string; anzahl: number }>;
  /** Earliest date of a simulated link. */
  verlinkungenAb: string;
  /**
   * First point of the count history and its spacing: the 1st of every month (about 70 points per
   * Behörde, ~100k rows, about a second on PGlite) or every 7 days (~450k rows, several seconds).
   * A last point on "today" is always added.
   */
  historieAb: string;
  historieSchritt: 'monat' | 'woche';
}

export const DEFAULT_KALIBRIERUNG: DemoKalibrierung = {
  referenzBehoerden: 1463,
  amSchwellenwert: 415,
  knappDarunter: 40,
  ausgesetzt: 5,
  ohnePraedikat: 10,
  zentraleVerfahren: 120,
  anteilNichtZaehlend: 0.05,
  spitzenwerte: [
    { ars: '095620000000', anzahl: 339 }, // Erlangen
    { ars: '095640000000', anzahl: 290 }, // Nürnberg
  ],
  hoechsterUebrigerWert: 280,
  ersteVerleihung: {
    // kommune21, 29.7.2021: "Nürnberg, Augsburg, Straubing, Amberg, Ingolstadt, Bamberg und Bad Königshofen"
    datum: '2021-07-29',
    behoerden: [
      '095640000000', // Nürnberg
      '097610000000', // Augsburg
      '092630000000', // Straubing
      '093610000000', // Amberg, kreisfreie Stadt (not the Gemeinde Amberg in VG Türkheim)
      '091610000000', // Ingolstadt
      '094610000000', // Bamberg
      '096730141141', // Bad Königshofen i.Grabfeld, Stadt
    ],
  },
  festePlaetze: [{ platz: 100, ars: '096755616' }], // VG Iphofen (Main-Post: "das 100. Digitale Amt")
  verleihungsKurve: [
    { bis: '2021-07-29', anzahl: 7 },
    { bis: '2021-12-31', anzahl: 45 },
    { bis: '2022-07-15', anzahl: 100 },
    { bis: '2023-02-28', anzahl: 200 },
    { bis: '2023-12-31', anzahl: 400 },
  ],
  verlinkungenAb: '2019-10-01',
  historieAb: '2021-01-01',
  historieSchritt: 'monat',
};

export interface DemoPlanOptions {
  seed: string | number;
  /** The plan's "today" (YYYY-MM-DD): nothing happens after it. */
  today: string;
  schwellenwerte?: Schwellen;
  kalibrierung?: Partial<DemoKalibrierung>;
}

/* ------------------------------------------------------------------------------------ output */

export interface PlannedVerfahren {
  id: string;
  name: string;
  beschreibung: string;
  bereitstellung: 'zentral' | 'kommunal';
  art: 'online' | 'information' | 'formular_pdf';
  anbieterArs: string | null;
  url: string;
  vertrauensniveau: 'niedrig' | 'substanziell' | 'hoch';
  mobilOptimiert: boolean;
  /** ISO timestamp (UTC). */
  createdAt: string;
}

export interface PlannedVerlinkung {
  behoerdeArs: string;
  verfahrenId: string;
  /** URL for this Behörde where it differs from the catalogue's. */
  url: string | null;
  /** ISO timestamp (UTC). */
  linkedAt: string;
}

/** A link that existed and was removed again: part of the history, not of today's data. */
export interface RemovedVerlinkung extends PlannedVerlinkung {
  removedAt: string;
}

export interface PlannedPraedikat {
  zertifikatNr: string;
  behoerdeArs: string;
  verliehenAm: string;
  status: 'gueltig' | 'ausgesetzt';
}

export interface DemoPlan {
  seed: string;
  today: string;
  schwellenwerte: Schwellen;
  verfahren: PlannedVerfahren[];
  verfahrenLeistungen: Array<{ verfahrenId: string; leikaId: number }>;
  verlinkungen: PlannedVerlinkung[];
  entfernteVerlinkungen: RemovedVerlinkung[];
  praedikate: PlannedPraedikat[];
  /** Counting links per Behörde on each day of `tage` (same order). */
  zaehlstaende: { tage: string[]; reihen: Array<{ behoerdeArs: string; anzahl: number[] }> };
}

/** Thrown when the input cannot give a plan (no Leistungen, "today" before the first link date). */
export class DemoPlanError extends Error {
  readonly code = 'DEMO_PLAN_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'DemoPlanError';
  }
}
