/**
 * What every step of the demo planner shares: the options resolved to days and numbers
 * (`PlanKontext`), and the state of each Behörde as the steps fill it in (`Zustand`).
 */
import type { Schwellen } from '../../shared/schwellen';
import type { DemoBehoerde, DemoKalibrierung } from './plan.types';

export interface PlanKontext {
  seed: string;
  schwellenwerte: Schwellen;
  kal: DemoKalibrierung;
  /** "Today" and the first link day (days since 1970, UTC). */
  heute: number;
  start: number;
  /** The last day a link may have: yesterday. */
  letzterLinkTag: number;
  /** Number of Behörden planned for. */
  n: number;
  /** A calibrated absolute count, scaled to the number of Behörden. */
  scaled: (x: number) => number;
}

/** Type baseline of the affinity score and the share of counting links a Behörde takes from zentrale Verfahren. */
const TYP_PROFIL: Record<string, { basis: number; zentralAnteil: number; kommunalHost: string }> = {
  kreisfreie_stadt: { basis: 2.6, zentralAnteil: 0.5, kommunalHost: 'stadt-' },
  landkreis: { basis: 1.5, zentralAnteil: 0.7, kommunalHost: 'landkreis-' },
  bezirk: { basis: 0.2, zentralAnteil: 0.6, kommunalHost: 'bezirk-' },
  grosse_kreisstadt: { basis: 1.7, zentralAnteil: 0.72, kommunalHost: 'stadt-' },
  stadt: { basis: 0.45, zentralAnteil: 0.82, kommunalHost: 'stadt-' },
  markt: { basis: -0.1, zentralAnteil: 0.88, kommunalHost: 'markt-' },
  vg: { basis: -0.2, zentralAnteil: 0.9, kommunalHost: 'vg-' },
  // The Gemeindeverbände of the other Länder run the administration like a VG.
  amt: { basis: -0.2, zentralAnteil: 0.9, kommunalHost: 'amt-' },
  samtgemeinde: { basis: -0.2, zentralAnteil: 0.9, kommunalHost: 'samtgemeinde-' },
  verbandsgemeinde: { basis: -0.2, zentralAnteil: 0.9, kommunalHost: 'vgem-' },
  verwaltungsverband: { basis: -0.2, zentralAnteil: 0.9, kommunalHost: 'verwaltungsverband-' },
  gemeinde: { basis: -0.45, zentralAnteil: 0.92, kommunalHost: 'gemeinde-' },
};
export const profilFuer = (typ: string) => TYP_PROFIL[typ] ?? TYP_PROFIL.gemeinde;

export type Klasse = 'ueber' | 'knapp' | 'ausgesetzt' | 'rest';

export interface Zustand {
  b: DemoBehoerde;
  schwelle: number;
  score: number;
  klasse: Klasse;
  /** Counting links today. */
  anzahl: number;
  /** Most counting links ever (> anzahl only for suspended awardees). */
  spitze: number;
  verleihung?: { tag: number; platz: number };
  /** Day the count reached the threshold. */
  ueberschritten?: number;
}
