/**
 * Steps 2 and 6 of the demo planner: the order and dates of the awards, which awardees are
 * suspended and which Behörden end just below the threshold; then one Prädikat per award.
 */
import { createRandom } from '../demo.random';
import { isoDay, verleihungsKurve } from './kalender';
import type { PlanKontext, Zustand } from './kontext';
import type { DemoPlan } from './plan.types';
import type { Gesetzte, Spitzengruppe } from './rangfolge';

/**
 * The award order (the first awardees fixed, the fixed places, the others by score and chance) with
 * dates from the award curve: `z.verleihung` of each awardee. An award that would lie after "today"
 * is left out: over the threshold, not awarded yet.
 */
export function planeVerleihungen(ctx: PlanKontext, zustand: Map<string, Zustand>, gesetzte: Gesetzte, spitze: Spitzengruppe): Zustand[] {
  const { ersteArs, festePlaetze } = gesetzte;
  const { oben, ohnePraedikat } = spitze;
  const preisRnd = createRandom(ctx.seed, 'verleihung');
  const uebrige = oben
    .filter((z) => !ohnePraedikat.has(z.b.ars) && !ersteArs.includes(z.b.ars) && !festePlaetze.some((p) => p.ars === z.b.ars))
    .map((z) => ({ z, key: z.score + 1.2 * preisRnd.normal() }))
    .sort((x, y) => y.key - x.key || (x.z.b.ars < y.z.b.ars ? -1 : 1))
    .map((x) => x.z);
  const reihenfolge: Zustand[] = [...ersteArs.map((a) => zustand.get(a) as Zustand), ...uebrige];
  for (const p of [...festePlaetze].sort((a, b) => a.platz - b.platz)) {
    reihenfolge.splice(Math.min(Math.max(p.platz - 1, ersteArs.length), reihenfolge.length), 0, zustand.get(p.ars) as Zustand);
  }
  const verleihungsTage = verleihungsKurve(ctx.kal, ersteArs.length, reihenfolge.length, ctx.scaled, ctx.heute);
  reihenfolge.forEach((z, i) => {
    const tag = verleihungsTage[i];
    if (tag !== undefined && tag <= ctx.letzterLinkTag) z.verleihung = { tag, platz: i + 1 };
    else ohnePraedikat.add(z.b.ars); // award would lie after "today": over the threshold, not awarded yet
  });
  return reihenfolge;
}

export interface Klassen {
  ueber: Zustand[];
  ausgesetzt: Zustand[];
  knapp: Zustand[];
  rest: Zustand[];
}

/**
 * The class of every Behörde: suspended (awarded at least eight months ago, lower half of the top
 * group, never a named one), over the threshold, just below it, and the long tail.
 */
export function teileKlassenZu(ctx: PlanKontext, rangfolge: Zustand[], reihenfolge: Zustand[], gesetzt: Set<string>, spitze: Spitzengruppe): Klassen {
  const { oben, zielAusgesetzt, rndKlassen } = spitze;
  const obenIndex = new Map(oben.map((z, i) => [z.b.ars, i]));
  const ausgesetztKandidaten = reihenfolge.filter(
    (z) => z.verleihung && !gesetzt.has(z.b.ars) && z.verleihung.tag <= ctx.heute - 240 && (obenIndex.get(z.b.ars) ?? 0) >= Math.floor(oben.length / 2),
  );
  for (const z of rndKlassen.shuffle(ausgesetztKandidaten).slice(0, zielAusgesetzt)) z.klasse = 'ausgesetzt';
  const ueber = oben.filter((z) => z.klasse !== 'ausgesetzt');
  for (const z of ueber) z.klasse = 'ueber';
  const ausgesetzt = oben.filter((z) => z.klasse === 'ausgesetzt');
  const zielKnapp = Math.max(0, ctx.scaled(ctx.kal.knappDarunter) - ausgesetzt.length);
  const knapp = rangfolge.slice(oben.length, oben.length + zielKnapp);
  for (const z of knapp) z.klasse = 'knapp';
  const rest = rangfolge.slice(oben.length + zielKnapp);
  return { ueber, ausgesetzt, knapp, rest };
}

/** One Prädikat per award, numbered DA-<year>-<running number> in award order. */
export function planePraedikate(plan: DemoPlan, reihenfolge: Zustand[]): void {
  const verliehen = reihenfolge.filter((z) => z.verleihung).sort((x, y) => (x.verleihung?.platz ?? 0) - (y.verleihung?.platz ?? 0));
  const laufendeNr = new Map<string, number>();
  for (const z of verliehen) {
    const datum = isoDay(z.verleihung?.tag as number);
    const jahr = datum.slice(0, 4);
    const nr = (laufendeNr.get(jahr) ?? 0) + 1;
    laufendeNr.set(jahr, nr);
    plan.praedikate.push({
      zertifikatNr: `DA-${jahr}-${String(nr).padStart(4, '0')}`,
      behoerdeArs: z.b.ars,
      verliehenAm: datum,
      status: z.klasse === 'ausgesetzt' ? 'ausgesetzt' : 'gueltig',
    });
  }
}
