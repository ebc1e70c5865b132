/**
 * Step 7 of the demo planner: the count history, derived from the planned links (each link to an
 * Online-Verfahren counts from its day, a removed one until its removal), so it agrees with every
 * award by construction.
 */
import { isoDay, toDay } from './kalender';
import type { DemoBehoerde, DemoPlan } from './plan.types';

/** Counting links of every Behörde on each history day (end of day). */
export function planeZaehlstaende(plan: DemoPlan, behoerden: readonly DemoBehoerde[], tage: number[]): void {
  const verfahrenArt = new Map(plan.verfahren.map((v) => [v.id, v.art]));
  plan.zaehlstaende.tage = tage.map(isoDay);
  const ereignisse = new Map<string, Array<[number, number]>>();
  const ereignis = (ars: string, tag: number, delta: number) => {
    const list = ereignisse.get(ars);
    if (list) list.push([tag, delta]);
    else ereignisse.set(ars, [[tag, delta]]);
  };
  for (const l of plan.verlinkungen) if (verfahrenArt.get(l.verfahrenId) === 'online') ereignis(l.behoerdeArs, toDay(l.linkedAt), 1);
  for (const l of plan.entfernteVerlinkungen) {
    ereignis(l.behoerdeArs, toDay(l.linkedAt), 1);
    ereignis(l.behoerdeArs, toDay(l.removedAt), -1);
  }
  for (const b of behoerden) {
    const ev = (ereignisse.get(b.ars) ?? []).sort((x, y) => x[0] - y[0]);
    const anzahl: number[] = [];
    let stand = 0;
    let j = 0;
    for (const t of tage) {
      while (j < ev.length && ev[j][0] <= t) stand += ev[j++][1];
      anzahl.push(stand);
    }
    plan.zaehlstaende.reihen.push({ behoerdeArs: b.ars, anzahl });
  }
}

/**
 * Counting links of a Behörde on a day (end of day), as the plan's history sees them: current links
 * to Online-Verfahren with art `online` plus removed ones that still existed then.
 */
export function countCountingLinksAt(plan: DemoPlan, behoerdeArs: string, day: string): number {
  const online = new Set(plan.verfahren.filter((v) => v.art === 'online').map((v) => v.id));
  const d = day.slice(0, 10);
  let count = 0;
  for (const l of plan.verlinkungen) if (l.behoerdeArs === behoerdeArs && online.has(l.verfahrenId) && l.linkedAt.slice(0, 10) <= d) count++;
  for (const l of plan.entfernteVerlinkungen) {
    if (l.behoerdeArs === behoerdeArs && online.has(l.verfahrenId) && l.linkedAt.slice(0, 10) <= d && l.removedAt.slice(0, 10) > d) count++;
  }
  return count;
}
