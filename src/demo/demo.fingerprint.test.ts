/**
 * Pins the planner's output: the SHA-256 of the complete plan (`JSON.stringify`) for fixed inputs.
 * The plan is what a demo, a screenshot or a reported defect is reproduced from, so a change to the
 * planner's code must not change it for the same seed. A failing fingerprint means the output
 * changed: a refactoring that should not, or a deliberate change of the simulation, which then
 * updates the fingerprints here in the same commit and says so.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../shared/config';
import { aDemoLeistung, eineTestlandschaft } from './demo.fixtures';
import { type DemoBehoerde, type DemoPlan, planDemoData } from './demo.generator';
import { type FoerderDemoBehoerde, planeFoerderDemo } from './foerderung.demo';

const fingerprint = (value: unknown) =>
  createHash('sha256')
    .update(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)))
    .digest('hex');

const summary = (plan: DemoPlan) => ({
  verfahren: plan.verfahren.length,
  verlinkungen: plan.verlinkungen.length,
  entfernt: plan.entfernteVerlinkungen.length,
  praedikate: plan.praedikate.length,
  tage: plan.zaehlstaende.tage.length,
});

// Built once, in this order: the fixture builders number their Behörden consecutively.
const bayern = eineTestlandschaft(300);
const zweiLaender: DemoBehoerde[] = [
  ...bayern.behoerden.map((b) => ({ ...b, land: '09' })),
  ...bayern.behoerden
    .filter((b, i) => b.typ !== 'bezirk' && i % 3 === 0)
    .map((b) => ({ ...b, ars: `07${b.ars.slice(2)}`, land: '07', typ: b.typ === 'vg' ? 'verbandsgemeinde' : b.typ, kurzname: `${b.kurzname} (RP)` })),
];
const nurNichtImLeika = [aDemoLeistung({ schluessel: null, name: 'Sondernutzung beantragen' }), aDemoLeistung({ schluessel: null, name: 'Auskunft Register' })];

describe('demo plan fingerprint', () => {
  it('is unchanged for Bavaria with the defaults', () => {
    const plan = planDemoData(bayern.behoerden, bayern.leistungen, { seed: 42, today: '2026-11-26' });
    expect(summary(plan)).toEqual({ entfernt: 20, praedikate: 87, tage: 72, verfahren: 4277, verlinkungen: 13663 });
    expect(fingerprint(plan)).toBe('42f43d689c99aeaadcd4bf87e8c299ed4bb227980352bed42bd0b8e17d9c93ed');
  });

  it('is unchanged with weekly history, other thresholds and another calibration', () => {
    const plan = planDemoData(bayern.behoerden, bayern.leistungen, {
      seed: 'fingerprint',
      today: '2025-03-14',
      schwellenwerte: { default: 40, bezirk: 25 },
      kalibrierung: { historieSchritt: 'woche', amSchwellenwert: 500, ausgesetzt: 12, ohnePraedikat: 20, zentraleVerfahren: 60 },
    });
    expect(summary(plan)).toEqual({ entfernt: 25, praedikate: 105, tage: 220, verfahren: 5509, verlinkungen: 13052 });
    expect(fingerprint(plan)).toBe('23b3b53e293710a7819103fcabd7a2bd11f3ac696a2f01932a860c87d5d0b670');
  });

  it('is unchanged for several Länder', () => {
    const plan = planDemoData(zweiLaender, bayern.leistungen, { seed: 20210729, today: '2026-11-26' });
    expect(summary(plan)).toEqual({ entfernt: 13, praedikate: 115, tage: 72, verfahren: 5577, verlinkungen: 18074 });
    expect(fingerprint(plan)).toBe('12aa3f6a6e7359f9b37792e5a23a123408e49260e057116d67a46346cbd1f25b');
  });

  it('is unchanged for a catalogue without LeiKa keys', () => {
    const plan = planDemoData(bayern.behoerden.slice(0, 60), nurNichtImLeika, { seed: 7, today: '2024-06-30' });
    expect(summary(plan)).toEqual({ entfernt: 0, praedikate: 17, tage: 43, verfahren: 2995, verlinkungen: 2993 });
    expect(fingerprint(plan)).toBe('cb758c5cfad1624b85725a70e3f5d318341e3fe61ae9402ee3d9a19da8da5a9f');
  });

  it('is unchanged for the Förder-Demodaten', () => {
    const behoerden: FoerderDemoBehoerde[] = bayern.behoerden.map((b) => ({ ars: b.ars, name: b.kurzname, typ: b.typ }));
    const plan = planeFoerderDemo(behoerden, { seed: 20210729, today: '2026-11-26', settings: loadConfig({}).foerderung, anzahl: 200 });
    expect(plan.antraege.length).toBe(200);
    expect(fingerprint(plan)).toBe('eb2d52e0cbe38f1beef1e7afc7ecf6e9b71544c304c6a18367eaec5ee8e5f497');
  });
});
