/**
 * Demodaten planner: which Behörde links which Online-Verfahren is not public data, so the platform
 * simulates it. This module is pure: given the Behörden, the LeiKa-Leistungen, a seed and "today"
 * it returns the complete plan (Verfahren, their Leistungen, Verlinkungen, Prädikate, count history).
 * Same input ⇒ byte-identical plan (`JSON.stringify`), so a demo, a screenshot or a failing test can
 * always be reproduced. Writing the plan is `demo.service.ts`'s job.
 *
 * Calibration follows the published figures (kommune21, 29.7.2021, and the StMD's later numbers,
 * see PRODUCT.md in the shared folder): threshold 50 (Bezirke 30; shared/schwellen.ts) counting
 * Online-Verfahren; first seven awards on 29.7.2021; VG Iphofen the 100th award; ~200 awards by
 * Feb 2023, ~400 by Dec 2023; top counts Erlangen 339 and Nürnberg 290. All figures are defaults in
 * `DEFAULT_KALIBRIERUNG`, calibrated for Bavaria's 1,463 Behörden; for a smaller or larger list the
 * target counts scale with its size.
 *
 * How a plan is built:
 *  1. Every Behörde gets a "digital affinity" score (type, population relative to its type, noise);
 *     the best-scoring ones (plus the named awardees) end at or over the threshold, the next ones
 *     just below it, the rest form a long tail.
 *  2. Awardees are ordered (first seven fixed, VG Iphofen at place 100, then by score and chance)
 *     and get dates from a piecewise-linear award curve; each crossed the threshold 1–11 weeks
 *     before its award. A few awardees later lost links and are `ausgesetzt`.
 *  3. Each Behörde's counting links are split between zentrale Verfahren (weighted by popularity)
 *     and its own kommunale Verfahren; link dates put exactly `threshold` links before the crossing
 *     date, so the count history derived from them agrees with every award.
 *  4. Information pages and PDF forms (~5 %) are created and linked too, but never count.
 *
 * This module runs the steps in order, each from `plan/` (types and calibration in
 * `plan/plan.types.ts`), each drawing from its own seeded streams in a fixed order: scores and
 * ranking (`plan/rangfolge.ts`), award order and classes
 * (`plan/verleihungen.ts`), counts and crossing days (`plan/anzahlen.ts`), zentrale Verfahren and
 * Bürgerdienste (`plan/zentrale-verfahren.ts`), links per Behörde (`plan/verlinkungen.ts`), the
 * Prädikate (`plan/verleihungen.ts`) and the count history (`plan/zaehlstaende.ts`).
 */
import { STANDARD_SCHWELLEN } from '../shared/schwellen';
import { planeAnzahlen, planeUeberschreitungen } from './plan/anzahlen';
import { historienTage, toDay } from './plan/kalender';
import type { PlanKontext } from './plan/kontext';
import { groupLeistungen } from './plan/leika';
import {
  DEFAULT_KALIBRIERUNG,
  type DemoBehoerde,
  type DemoKalibrierung,
  type DemoLeistung,
  type DemoPlan,
  type DemoPlanOptions,
  DemoPlanError,
} from './plan/plan.types';
import { bewerteBehoerden, gesetzteBehoerden, rangfolgeFuer, waehleSpitzengruppe } from './plan/rangfolge';
import { planePraedikate, planeVerleihungen, teileKlassenZu } from './plan/verleihungen';
import { planeVerlinkungen } from './plan/verlinkungen';
import { planeZaehlstaende } from './plan/zaehlstaende';
import { planeZentraleVerfahren } from './plan/zentrale-verfahren';

export * from './plan/plan.types';
export { verfahrensnameFuer } from './plan/leika';
export { BUERGERDIENSTE } from './plan/zentrale-verfahren';
export { countCountingLinksAt } from './plan/zaehlstaende';

/** The options checked and turned into days and numbers; throws a DemoPlanError for impossible input. */
function kontextFuer(options: DemoPlanOptions, anzahlBehoerden: number, anzahlLeistungen: number): PlanKontext {
  const kal: DemoKalibrierung = { ...DEFAULT_KALIBRIERUNG, ...options.kalibrierung };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.today)) throw new DemoPlanError(`Ungültiges Datum für "heute": ${options.today}`);
  const heute = toDay(options.today);
  const start = toDay(kal.verlinkungenAb);
  if (heute < start + 180) throw new DemoPlanError(`"Heute" (${options.today}) muss mindestens ein halbes Jahr nach ${kal.verlinkungenAb} liegen`);
  if (anzahlLeistungen === 0) throw new DemoPlanError('Keine LeiKa-Leistungen: Demodaten brauchen den importierten Leistungskatalog');
  const scale = anzahlBehoerden / kal.referenzBehoerden;
  return {
    seed: String(options.seed),
    schwellenwerte: options.schwellenwerte ?? STANDARD_SCHWELLEN,
    kal,
    heute,
    start,
    letzterLinkTag: heute - 1,
    n: anzahlBehoerden,
    scaled: (x: number) => Math.round(x * scale),
  };
}

/**
 * Plans the complete demo data set. Pure and deterministic: the input lists are sorted first, all
 * randomness comes from `seed`.
 */
export function planDemoData(behoerdenInput: readonly DemoBehoerde[], leistungenInput: readonly DemoLeistung[], options: DemoPlanOptions): DemoPlan {
  const behoerden = [...new Map(behoerdenInput.map((b) => [b.ars, b])).values()].sort((a, b) => (a.ars < b.ars ? -1 : 1));
  const ctx = kontextFuer(options, behoerden.length, leistungenInput.length);
  const leistungen = [...new Map(leistungenInput.map((l) => [l.id, l])).values()].sort((a, b) => a.id - b.id);
  const gruppen = groupLeistungen(leistungen);
  const plan: DemoPlan = {
    seed: ctx.seed,
    today: options.today,
    schwellenwerte: ctx.schwellenwerte,
    verfahren: [],
    verfahrenLeistungen: [],
    verlinkungen: [],
    entfernteVerlinkungen: [],
    praedikate: [],
    zaehlstaende: { tage: [], reihen: [] },
  };

  // 1. Affinity score, ranking, the top group.
  const zustand = bewerteBehoerden(ctx, behoerden);
  const gesetzte = gesetzteBehoerden(ctx.kal, zustand);
  const rangfolge = rangfolgeFuer(zustand, gesetzte.gesetzt);
  const spitze = waehleSpitzengruppe(ctx, rangfolge, gesetzte.gesetzt);
  // 2. Award order and dates, classes.
  const reihenfolge = planeVerleihungen(ctx, zustand, gesetzte, spitze);
  const klassen = teileKlassenZu(ctx, rangfolge, reihenfolge, gesetzte.gesetzt, spitze);
  // 3. Counts and crossing days.
  planeAnzahlen(ctx, klassen, gesetzte.spitzen, zustand);
  const tage = historienTage(ctx.kal, ctx.heute);
  planeUeberschreitungen(ctx, klassen, tage);
  // 4. Zentrale Verfahren; 5. links per Behörde; 6. Prädikate; 7. count history.
  const zentral = planeZentraleVerfahren(ctx, plan, leistungen, gruppen);
  planeVerlinkungen(ctx, plan, zustand, gruppen, zentral);
  planePraedikate(plan, reihenfolge);
  planeZaehlstaende(plan, behoerden, tage);
  return plan;
}
