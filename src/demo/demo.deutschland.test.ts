/**
 * Demodaten for all of Germany: links and awards spread over every Land in proportion to its
 * number of Behörden, deterministically; with Bavaria alone the plan is the one Bavaria always had.
 */
import { describe, expect, it } from 'vitest';
import { eineTestlandschaft } from './demo.fixtures';
import { schwelleFuer, STANDARD_SCHWELLEN } from '../shared/schwellen';
import { type DemoBehoerde, type DemoPlan, planDemoData } from './demo.generator';

const TODAY = '2026-11-26';
const bayern = eineTestlandschaft(600);

/** The synthetic Bavaria, plus copies as other Länder (keys with another Land prefix), of other sizes. */
function deutschland(): DemoBehoerde[] {
  const anders = (land: string, typen: Record<string, string>, anteil: number) =>
    bayern.behoerden
      .filter((b, i) => b.typ !== 'bezirk' && i % anteil === 0)
      .map((b) => ({ ...b, ars: `${land}${b.ars.slice(2)}`, land, typ: typen[b.typ] ?? b.typ, kurzname: `${b.kurzname} (${land})` }));
  return [
    ...bayern.behoerden.map((b) => ({ ...b, land: '09' })),
    ...anders('01', { vg: 'amt' }, 2), // ≈ half of Bavaria's size, Ämter instead of VGs
    ...anders('07', { vg: 'verbandsgemeinde' }, 3),
    ...anders('11', {}, 97).slice(0, 1), // a Stadtstaat: one Behörde
  ];
}

const alleBehoerden = deutschland();
const landOf = new Map(alleBehoerden.map((b) => [b.ars, b.land as string]));
const perLand = (arsList: string[]) => {
  const m: Record<string, number> = {};
  for (const a of arsList) m[landOf.get(a) as string] = (m[landOf.get(a) as string] ?? 0) + 1;
  return m;
};

const ueberSchwelle = (plan: DemoPlan, behoerden: DemoBehoerde[]) => {
  const typ = new Map(behoerden.map((b) => [b.ars, b.typ]));
  return plan.zaehlstaende.reihen.filter((r) => (r.anzahl.at(-1) ?? 0) >= schwelleFuer(typ.get(r.behoerdeArs) as string, STANDARD_SCHWELLEN)).map((r) => r.behoerdeArs);
};

describe('Demodaten for all of Germany', () => {
  const alle = alleBehoerden;
  const plan = planDemoData(alle, bayern.leistungen, { seed: 7, today: TODAY });

  it('gives every larger Land links, Behörden over the threshold and awards in proportion to its size', () => {
    const groesse = perLand(alle.map((b) => b.ars));
    const ueber = perLand(ueberSchwelle(plan, alle));
    const praedikate = perLand(plan.praedikate.map((p) => p.behoerdeArs));
    const verlinkt = perLand([...new Set(plan.verlinkungen.map((l) => l.behoerdeArs))]);
    const gesamtUeber = Object.values(ueber).reduce((a, b) => a + b, 0);
    expect(gesamtUeber).toBeGreaterThan(50);
    for (const land of ['01', '07']) {
      const erwartet = (gesamtUeber * groesse[land]) / alle.length;
      expect(ueber[land]).toBeGreaterThanOrEqual(Math.floor(erwartet * 0.8));
      expect(ueber[land]).toBeLessThanOrEqual(Math.ceil(erwartet * 1.2) + 1);
      expect(praedikate[land]).toBeGreaterThan(0);
      expect(verlinkt[land]).toBe(groesse[land]);
    }
  });

  it('is the same plan for the same seed, whatever the order of the input', () => {
    const again = planDemoData([...alle].reverse(), bayern.leistungen, { seed: 7, today: TODAY });
    expect(JSON.stringify(again)).toBe(JSON.stringify(plan));
  });

  it('leaves the plan for one Land as it was without Land keys (ranking by score only)', () => {
    const nurBayern = planDemoData(bayern.behoerden, bayern.leistungen, { seed: 7, today: TODAY });
    const auchBayern = planDemoData(alle.filter((b) => b.land === '09'), bayern.leistungen, { seed: 7, today: TODAY });
    expect(JSON.stringify(auchBayern)).toBe(JSON.stringify(nurBayern));
    expect(perLand(nurBayern.praedikate.map((p) => p.behoerdeArs))).toEqual({ '09': nurBayern.praedikate.length });
  });
});
