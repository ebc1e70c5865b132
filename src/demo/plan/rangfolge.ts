/**
 * Step 1 of the demo planner: every Behörde's "digital affinity" score, the named Behörden of the
 * calibration, the ranking (every Land in proportion) and the top group that ends at or over the
 * threshold.
 */
import { schwelleFuer } from '../../shared/schwellen';
import { createRandom, type Random } from '../demo.random';
import { type PlanKontext, profilFuer, type Zustand } from './kontext';
import type { DemoBehoerde, DemoKalibrierung } from './plan.types';

const median = (xs: number[]) => {
  if (xs.length === 0) return 1;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** The score of every Behörde (type baseline, population relative to the median of its type, noise), by ARS. */
export function bewerteBehoerden(ctx: PlanKontext, behoerden: readonly DemoBehoerde[]): Map<string, Zustand> {
  const medianByTyp = new Map<string, number>();
  for (const typ of new Set(behoerden.map((b) => b.typ))) {
    medianByTyp.set(typ, Math.max(1, median(behoerden.filter((b) => b.typ === typ).map((b) => b.bevoelkerung))));
  }
  const zustand = new Map<string, Zustand>();
  for (const b of behoerden) {
    const rnd = createRandom(ctx.seed, 'score', b.ars);
    const rel = Math.log(Math.max(b.bevoelkerung, 50) / (medianByTyp.get(b.typ) ?? 1));
    const score = profilFuer(b.typ).basis + 0.7 * rel + 0.9 * rnd.normal();
    zustand.set(b.ars, { b, schwelle: schwelleFuer(b.typ, ctx.schwellenwerte), score, klasse: 'rest', anzahl: 0, spitze: 0 });
  }
  return zustand;
}

/** The named Behörden of the calibration that are in the input. */
export interface Gesetzte {
  /** Fixed counts (Erlangen, Nürnberg). */
  spitzen: Map<string, number>;
  /** The first awardees, in certificate order. */
  ersteArs: string[];
  /** Awards at a fixed place (VG Iphofen the 100th). */
  festePlaetze: DemoKalibrierung['festePlaetze'];
  /** All of them: they end over the threshold whatever their score. */
  gesetzt: Set<string>;
}

export function gesetzteBehoerden(kal: DemoKalibrierung, zustand: Map<string, Zustand>): Gesetzte {
  const spitzen = new Map(kal.spitzenwerte.filter((s) => zustand.has(s.ars)).map((s) => [s.ars, s.anzahl]));
  const ersteArs = kal.ersteVerleihung.behoerden.filter((a) => zustand.has(a));
  const festePlaetze = kal.festePlaetze.filter((p) => zustand.has(p.ars));
  const gesetzt = new Set([...spitzen.keys(), ...ersteArs, ...festePlaetze.map((p) => p.ars)]);
  return { spitzen, ersteArs, festePlaetze, gesetzt };
}

/**
 * The ranking: the named Behörden first, then by score. With several Länder (all of Germany
 * imported) by the place within its own Land relative to the Land's size, so any top slice holds
 * each Land's share. One Land: by score.
 */
export function rangfolgeFuer(zustand: Map<string, Zustand>, gesetzt: Set<string>): Zustand[] {
  const nachScore = [...zustand.values()].sort(
    (x, y) => Number(gesetzt.has(y.b.ars)) - Number(gesetzt.has(x.b.ars)) || y.score - x.score || (x.b.ars < y.b.ars ? -1 : 1),
  );
  const landVon = (z: Zustand) => z.b.land ?? '';
  const proLand = new Map<string, number>();
  for (const z of nachScore) proLand.set(landVon(z), (proLand.get(landVon(z)) ?? 0) + 1);
  const platzImLand = new Map<string, number>();
  const quantil = new Map<string, number>();
  for (const z of nachScore) {
    const platz = platzImLand.get(landVon(z)) ?? 0;
    platzImLand.set(landVon(z), platz + 1);
    quantil.set(z.b.ars, (platz + 0.5) / (proLand.get(landVon(z)) as number));
  }
  return proLand.size <= 1
    ? nachScore
    : [...nachScore].sort(
        (x, y) =>
          Number(gesetzt.has(y.b.ars)) - Number(gesetzt.has(x.b.ars)) ||
          (quantil.get(x.b.ars) as number) - (quantil.get(y.b.ars) as number) ||
          y.score - x.score ||
          (x.b.ars < y.b.ars ? -1 : 1),
      );
}

export interface Spitzengruppe {
  /** The top of the ranking: at or over the threshold today, or suspended awardees. */
  oben: Zustand[];
  /** Over the threshold but not awarded (yet). */
  ohnePraedikat: Set<string>;
  /** How many awardees are to be suspended. */
  zielAusgesetzt: number;
  /** The stream that picks the unawarded and, later, the suspended ones. */
  rndKlassen: Random;
}

/** The top group by the calibrated targets, and which of it (recently crossed, lower third) is not awarded yet. */
export function waehleSpitzengruppe(ctx: PlanKontext, rangfolge: Zustand[], gesetzt: Set<string>): Spitzengruppe {
  const { kal, n, scaled } = ctx;
  const zielUeber = Math.min(n, Math.max(gesetzt.size, scaled(kal.amSchwellenwert)));
  const zielAusgesetzt = Math.min(scaled(kal.ausgesetzt), Math.max(0, zielUeber - gesetzt.size));
  const zielOhne = Math.min(scaled(kal.ohnePraedikat), Math.max(0, zielUeber - gesetzt.size - zielAusgesetzt));
  const oben = rangfolge.slice(0, Math.min(n, zielUeber + zielAusgesetzt));
  const rndKlassen = createRandom(ctx.seed, 'klassen');

  // Not yet awarded: recently crossed, among the lower third of the top group.
  const ohneKandidaten = oben.filter((z, i) => !gesetzt.has(z.b.ars) && i >= Math.floor((oben.length * 2) / 3));
  const ohnePraedikat = new Set(
    rndKlassen
      .shuffle(ohneKandidaten)
      .slice(0, zielOhne)
      .map((z) => z.b.ars),
  );
  return { oben, ohnePraedikat, zielAusgesetzt, rndKlassen };
}
