/**
 * Days of the demo planner: whole UTC days since 1970 (`toDay`), office-hour timestamps, the days
 * of the count history and the award curve.
 */
import type { Random } from '../demo.random';
import type { DemoKalibrierung } from './plan.types';

export const DAY_MS = 86_400_000;
export const toDay = (iso: string): number => Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY_MS);
export const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** A weekend day becomes the Friday before (awards are handed over on working days). */
export const toWorkingDay = (day: number): number => {
  const weekday = new Date(day * DAY_MS).getUTCDay();
  return weekday === 6 ? day - 1 : weekday === 0 ? day - 2 : day;
};
/** A timestamp on `day` during office hours (UTC). */
export const officeTime = (day: number, rnd: Random): string =>
  new Date(day * DAY_MS + rnd.int(6 * 3600, 15 * 3600 + 3599) * 1000).toISOString().replace('.000Z', 'Z');

/** Days of the count history: weekly or on the 1st of each month from `historieAb`, and "today". */
export function historienTage(kal: DemoKalibrierung, heute: number): number[] {
  const tage: number[] = [];
  const ab = toDay(kal.historieAb);
  if (kal.historieSchritt === 'woche') {
    for (let t = ab; t <= heute; t += 7) tage.push(t);
  } else {
    const d = new Date(ab * DAY_MS);
    for (let m = 0; ; m++) {
      const t = Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + m, 1) / DAY_MS);
      if (t > heute) break;
      if (t >= ab) tage.push(t);
    }
  }
  if (tage[tage.length - 1] !== heute) tage.push(heute);
  return tage;
}

/** The last history day on or before `tag` (binary search), undefined before the first. */
export function letzterPunktBis(tage: number[], tag: number): number | undefined {
  let lo = 0;
  let hi = tage.length - 1;
  let best: number | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tage[mid] <= tag) {
      best = tage[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** Award day for each place 1..count, from the cumulative curve (scaled), on working days. */
export function verleihungsKurve(kal: DemoKalibrierung, erste: number, count: number, scaled: (x: number) => number, heute: number): number[] {
  const ersterTag = toDay(kal.ersteVerleihung.datum);
  const punkte: Array<[number, number]> = [[ersterTag, erste]];
  for (const p of kal.verleihungsKurve) {
    const tag = toDay(p.bis);
    if (tag <= ersterTag) continue;
    const prev = punkte[punkte.length - 1][1];
    punkte.push([tag, Math.min(count, Math.max(prev, scaled(p.anzahl)))]);
  }
  // The remainder trickles in until two weeks before "today".
  const letzter = punkte[punkte.length - 1];
  if (letzter[1] < count) punkte.push([Math.max(letzter[0] + 30, heute - 14), count]);
  const tage: number[] = [];
  for (let platz = 1; platz <= count; platz++) {
    if (platz <= erste) {
      tage.push(ersterTag);
      continue;
    }
    let k = 1;
    while (k < punkte.length - 1 && punkte[k][1] < platz) k++;
    const [t0, c0] = punkte[k - 1];
    const [t1, c1] = punkte[k];
    const anteil = c1 > c0 ? (platz - c0) / (c1 - c0) : 1;
    tage.push(toWorkingDay(Math.max(ersterTag + 1, Math.round(t0 + (t1 - t0) * anteil))));
  }
  // Working-day snapping keeps the order; make sure of it anyway.
  for (let i = 1; i < tage.length; i++) if (tage[i] < tage[i - 1]) tage[i] = tage[i - 1];
  return tage;
}
