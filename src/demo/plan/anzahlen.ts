/**
 * Step 3 of the demo planner: how many counting links each Behörde has today (and at most, for the
 * suspended awardees), and the day it crossed the threshold.
 */
import { schwelleFuer } from '../../shared/schwellen';
import { createRandom } from '../demo.random';
import { letzterPunktBis } from './kalender';
import type { PlanKontext, Zustand } from './kontext';
import type { Klassen } from './verleihungen';

/**
 * Counts by class: a long tail over the threshold (most just over it, a few far above), the fixed
 * top counts, 1–10 below for the close ones and the suspended, and the long tail below.
 */
export function planeAnzahlen(ctx: PlanKontext, klassen: Klassen, spitzen: Map<string, number>, zustand: Map<string, Zustand>): void {
  const { kal, schwellenwerte } = ctx;
  const { ueber, ausgesetzt, knapp, rest } = klassen;
  const zaehlRnd = createRandom(ctx.seed, 'anzahl');
  // By score, not by rank: a named awardee (forced to the top of the ranking) may be a small town.
  const nichtGesetzt = ueber.filter((z) => !spitzen.has(z.b.ars)).sort((x, y) => y.score - x.score || (x.b.ars < y.b.ars ? -1 : 1));
  nichtGesetzt.forEach((z, i) => {
    // Long tail over the threshold: most just over it, a few far above (q = 0 is the best-scoring).
    const q = nichtGesetzt.length > 1 ? i / (nichtGesetzt.length - 1) : 1;
    const faktor = z.schwelle / schwellenwerte.default;
    const extra = (kal.hoechsterUebrigerWert - schwellenwerte.default) * faktor * (1 - q) ** 4 * zaehlRnd.between(0.7, 1);
    const obergrenze = Math.round(kal.hoechsterUebrigerWert * faktor);
    z.anzahl = Math.min(obergrenze, z.schwelle + Math.round(extra + zaehlRnd.between(0, 6) * faktor));
  });
  for (const z of ueber) if (spitzen.has(z.b.ars)) z.anzahl = spitzen.get(z.b.ars) as number;
  for (const z of [...knapp, ...ausgesetzt]) z.anzahl = z.schwelle - zaehlRnd.int(1, 10);
  rest.forEach((z, i) => {
    const q = rest.length > 1 ? i / (rest.length - 1) : 1;
    const faktor = z.schwelle / schwelleFuer('gemeinde', schwellenwerte);
    const hoch = z.schwelle - 11;
    const wert = 3 * faktor + (hoch - 3 * faktor) * (1 - q) ** 1.3 + zaehlRnd.between(-2.5, 2.5) * faktor;
    z.anzahl = Math.max(0, Math.min(hoch, Math.round(wert)));
  });
  for (const z of zustand.values()) z.spitze = z.anzahl;
  for (const z of ausgesetzt) z.spitze = z.schwelle + Math.round(zaehlRnd.between(0, 12) * (z.schwelle / schwellenwerte.default));
}

/**
 * Crossing dates: awardees 1–11 weeks before the award and no later than the last history point
 * before it (so the history shows the threshold reached when the award came), the others recently.
 */
export function planeUeberschreitungen(ctx: PlanKontext, klassen: Klassen, tage: number[]): void {
  const { start, letzterLinkTag } = ctx;
  for (const z of [...klassen.ueber, ...klassen.ausgesetzt]) {
    const rnd = createRandom(ctx.seed, 'ueberschritten', z.b.ars);
    if (z.verleihung) {
      const punkt = letzterPunktBis(tage, z.verleihung.tag);
      z.ueberschritten = Math.max(start + 30, Math.min(z.verleihung.tag - rnd.int(7, 77), punkt ?? z.verleihung.tag));
    } else {
      z.ueberschritten = Math.max(start + 30, letzterLinkTag - rnd.int(10, 150));
    }
  }
}
