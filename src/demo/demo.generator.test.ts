import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { schwelleFuer, STANDARD_SCHWELLEN } from '../shared/schwellen';
import { aDemoLeistung, BENANNTE_BEHOERDEN, eineTestlandschaft } from './demo.fixtures';
import {
  BUERGERDIENSTE,
  countCountingLinksAt,
  type DemoBehoerde,
  type DemoLeistung,
  type DemoPlan,
  planDemoData,
  verfahrensnameFuer,
} from './demo.generator';

const TODAY = '2026-11-26';
const { behoerden, leistungen } = eineTestlandschaft(300);

const countingLinks = (plan: DemoPlan) => {
  const online = new Set(plan.verfahren.filter((v) => v.art === 'online').map((v) => v.id));
  const counts = new Map<string, number>();
  for (const l of plan.verlinkungen) if (online.has(l.verfahrenId)) counts.set(l.behoerdeArs, (counts.get(l.behoerdeArs) ?? 0) + 1);
  return counts;
};

/** Structural invariants every plan must keep, whatever the input. */
function expectConsistent(plan: DemoPlan, input: DemoBehoerde[], katalog: DemoLeistung[]) {
  const behoerdeArs = new Set(input.map((b) => b.ars));
  const verfahrenIds = new Set(plan.verfahren.map((v) => v.id));
  const leikaIds = new Set(katalog.map((l) => l.id));
  expect(verfahrenIds.size).toBe(plan.verfahren.length);

  const linkKeys = [...plan.verlinkungen, ...plan.entfernteVerlinkungen].map((l) => `${l.behoerdeArs}|${l.verfahrenId}`);
  expect(new Set(linkKeys).size).toBe(linkKeys.length);
  for (const l of [...plan.verlinkungen, ...plan.entfernteVerlinkungen]) {
    expect(behoerdeArs.has(l.behoerdeArs)).toBe(true);
    expect(verfahrenIds.has(l.verfahrenId)).toBe(true);
    expect(l.linkedAt.slice(0, 10) < plan.today).toBe(true);
  }
  for (const v of plan.verfahren) {
    if (v.bereitstellung === 'kommunal') expect(behoerdeArs.has(v.anbieterArs as string)).toBe(true);
    else expect(v.anbieterArs).toBeNull();
    expect(new URL(v.url).hostname.endsWith('.example')).toBe(true);
    expect(v.beschreibung.startsWith('Demodaten')).toBe(true);
  }
  // A kommunale Verfahren is linked only by its own Behörde.
  const anbieter = new Map(plan.verfahren.map((v) => [v.id, v.anbieterArs]));
  for (const l of plan.verlinkungen) {
    const a = anbieter.get(l.verfahrenId);
    if (a) expect(l.behoerdeArs).toBe(a);
  }
  for (const vl of plan.verfahrenLeistungen) {
    expect(verfahrenIds.has(vl.verfahrenId)).toBe(true);
    expect(leikaIds.has(vl.leikaId)).toBe(true);
  }
  const nummern = plan.praedikate.map((p) => p.zertifikatNr);
  expect(new Set(nummern).size).toBe(nummern.length);
  for (const p of plan.praedikate) expect(p.zertifikatNr).toMatch(new RegExp(`^DA-${p.verliehenAm.slice(0, 4)}-\\d{4}$`));
  // The history's last point ("today") is exactly today's counting links.
  const counts = countingLinks(plan);
  for (const r of plan.zaehlstaende.reihen) expect(r.anzahl[r.anzahl.length - 1]).toBe(counts.get(r.behoerdeArs) ?? 0);
}

describe('planDemoData', () => {
  it('gives a byte-identical plan for the same seed and input', () => {
    const a = planDemoData(behoerden, leistungen, { seed: 42, today: TODAY });
    const b = planDemoData(behoerden, leistungen, { seed: 42, today: TODAY });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('does not depend on the order of the input lists', () => {
    const a = planDemoData(behoerden, leistungen, { seed: 42, today: TODAY });
    const b = planDemoData([...behoerden].reverse(), [...leistungen].reverse(), { seed: 42, today: TODAY });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('gives a different plan for a different seed', () => {
    const a = planDemoData(behoerden, leistungen, { seed: 42, today: TODAY });
    const b = planDemoData(behoerden, leistungen, { seed: 43, today: TODAY });
    expect(JSON.stringify(b)).not.toBe(JSON.stringify(a));
    expect(b.verfahren[0].id).not.toBe(a.verfahren[0].id);
  });

  it('keeps every structural rule on a synthetic Land', () => {
    expectConsistent(planDemoData(behoerden, leistungen, { seed: 1, today: TODAY }), behoerden, leistungen);
  });

  it('gives the first seven awards in the published order on 29.7.2021', () => {
    const plan = planDemoData(behoerden, leistungen, { seed: 7, today: TODAY });
    expect(plan.praedikate.slice(0, 7)).toEqual(
      ['095640000000', '097610000000', '092630000000', '093610000000', '091610000000', '094610000000', '096730141141'].map((ars, i) => ({
        zertifikatNr: `DA-2021-000${i + 1}`,
        behoerdeArs: ars,
        verliehenAm: '2021-07-29',
        status: 'gueltig',
      })),
    );
    // Amberg is the kreisfreie Stadt, not the Gemeinde Amberg in VG Türkheim.
    expect(plan.praedikate.some((p) => p.behoerdeArs === '097790130130' && p.verliehenAm === '2021-07-29')).toBe(false);
  });

  it('numbers certificates per year in award-date order', () => {
    const plan = planDemoData(behoerden, leistungen, { seed: 7, today: TODAY });
    const daten = plan.praedikate.map((p) => p.verliehenAm);
    expect([...daten].sort()).toEqual(daten);
    const proJahr = new Map<string, number>();
    for (const p of plan.praedikate) {
      const jahr = p.verliehenAm.slice(0, 4);
      proJahr.set(jahr, (proJahr.get(jahr) ?? 0) + 1);
      expect(p.zertifikatNr).toBe(`DA-${jahr}-${String(proJahr.get(jahr)).padStart(4, '0')}`);
    }
  });

  it('gives every awardee at least its threshold of counting links on the award day', () => {
    const plan = planDemoData(behoerden, leistungen, { seed: 3, today: TODAY });
    const typ = new Map(behoerden.map((b) => [b.ars, b.typ]));
    expect(plan.praedikate.length).toBeGreaterThan(20);
    for (const p of plan.praedikate) {
      const schwelle = schwelleFuer(typ.get(p.behoerdeArs) as string, STANDARD_SCHWELLEN);
      expect(countCountingLinksAt(plan, p.behoerdeArs, p.verliehenAm)).toBeGreaterThanOrEqual(schwelle);
    }
  });

  it('suspends only awardees whose count has fallen below the threshold', () => {
    const plan = planDemoData(behoerden, leistungen, { seed: 3, today: TODAY });
    const counts = countingLinks(plan);
    const typ = new Map(behoerden.map((b) => [b.ars, b.typ]));
    for (const p of plan.praedikate) {
      const unter = (counts.get(p.behoerdeArs) ?? 0) < schwelleFuer(typ.get(p.behoerdeArs) as string, STANDARD_SCHWELLEN);
      expect(p.status === 'ausgesetzt').toBe(unter);
    }
  });

  it('pins Erlangen at 339 and Nürnberg at 290 counting links', () => {
    const counts = countingLinks(planDemoData(behoerden, leistungen, { seed: 9, today: TODAY }));
    expect(counts.get('095620000000')).toBe(339);
    expect(counts.get('095640000000')).toBe(290);
  });

  it('never counts information pages or PDF forms, though they are linked', () => {
    const plan = planDemoData(behoerden, leistungen, { seed: 5, today: TODAY });
    const nichtZaehlend = new Set(plan.verfahren.filter((v) => v.art !== 'online').map((v) => v.id));
    expect(nichtZaehlend.size / plan.verfahren.length).toBeGreaterThan(0.03);
    expect(nichtZaehlend.size / plan.verfahren.length).toBeLessThan(0.08);
    const ars = plan.verlinkungen.find((l) => nichtZaehlend.has(l.verfahrenId))?.behoerdeArs as string;
    expect(ars).toBeDefined();
    const alle = plan.verlinkungen.filter((l) => l.behoerdeArs === ars).length;
    const zaehlend = countCountingLinksAt(plan, ars, plan.today);
    expect(zaehlend).toBeLessThan(alle);
    expect(zaehlend).toBe(plan.verlinkungen.filter((l) => l.behoerdeArs === ars && !nichtZaehlend.has(l.verfahrenId)).length);
  });

  it('names procedures after their LeiKa-Leistung', () => {
    const l = (name: string, schluessel = '99012001001000') => aDemoLeistung({ name, schluessel });
    expect(verfahrensnameFuer(l('Abbruchgenehmigung Erteilung'), 'Abbruchgenehmigung', 'online')).toBe('Antrag auf Abbruchgenehmigung');
    expect(verfahrensnameFuer(l('Hundesteuer Anmeldung', '99011001104000'), 'Hundesteuer', 'online')).toBe('Hundesteuer: Anmeldung');
    expect(verfahrensnameFuer(l('Gaststättenerlaubnis Verlängerung', '99050012020000'), 'Gaststättenerlaubnis', 'online')).toBe(
      'Antrag auf Verlängerung: Gaststättenerlaubnis',
    );
    expect(verfahrensnameFuer(l('Wohngeld', '99104001000000'), 'Wohngeld', 'online')).toBe('Antrag auf Wohngeld');
    expect(verfahrensnameFuer(l('Wohngeld', '99104001000000'), 'Wohngeld', 'information')).toBe('Informationen: Wohngeld');
    expect(verfahrensnameFuer(l('Denkmalrechtliche Genehmigung', '99104002000000'), 'Denkmalrechtliche Genehmigung', 'online')).toBe(
      'Antrag auf denkmalrechtliche Genehmigung',
    );
    expect(verfahrensnameFuer(l('Hilfe zur Erziehung Gewährung', '99104003001000'), 'Hilfe zur Erziehung', 'online')).toBe(
      'Antrag auf Hilfe zur Erziehung',
    );
  });

  it('has each level link its Bürgerdienste first, and only its own, without changing any count', () => {
    // The catalogue with the Leistungen the Bürgerdienste realise (Hundesteuer, Wohnsitz, Baugenehmigung …).
    let id = 90_000;
    const dienstLeistungen = BUERGERDIENSTE.flatMap((d) => d.leika.map((schluessel) => aDemoLeistung({ id: id++, schluessel, name: `Leistung ${schluessel}`, typisierung: '4' })));
    const katalog = [...leistungen, ...dienstLeistungen];
    const ohne = planDemoData(behoerden, leistungen, { seed: 11, today: TODAY });
    const mit = planDemoData(behoerden, katalog, { seed: 11, today: TODAY });
    expectConsistent(mit, behoerden, katalog);
    expect(countingLinks(mit)).toEqual(countingLinks(ohne));

    const idVon = (name: string) => mit.verfahren.find((v) => v.name === name)?.id as string;
    const hund = idVon('Hund anmelden oder abmelden (Hundesteuer)');
    const bau = idVon('Bauantrag stellen (Baugenehmigung)');
    expect(mit.verfahren.find((v) => v.id === hund)).toMatchObject({ bereitstellung: 'zentral', art: 'online' });
    const typVon = new Map(behoerden.map((b) => [b.ars, b.typ]));
    const verlinkt = (vid: string) => mit.verlinkungen.filter((l) => l.verfahrenId === vid);
    // A dog is registered at the municipal level, a building permit at the district level.
    expect(verlinkt(hund).map((l) => typVon.get(l.behoerdeArs)).every((t) => !['landkreis', 'bezirk'].includes(t as string))).toBe(true);
    expect(verlinkt(bau).map((l) => typVon.get(l.behoerdeArs)).every((t) => t === 'landkreis' || t === 'kreisfreie_stadt')).toBe(true);
    // First: every Gemeinde-level Behörde with at least four zentrale links has the four of its level.
    const links = countingLinks(mit);
    const gemeinden = behoerden.filter((b) => b.typ === 'gemeinde' && (links.get(b.ars) ?? 0) >= 30);
    expect(gemeinden.length).toBeGreaterThan(5);
    for (const b of gemeinden) expect(verlinkt(hund).some((l) => l.behoerdeArs === b.ars), b.ars).toBe(true);
    // Each routes to its Behörde.
    for (const l of verlinkt(hund)) expect(l.url).toContain(`?ars=${l.behoerdeArs}`);
  });

  it('refuses a plan without LeiKa-Leistungen', () => {
    expect(() => planDemoData(behoerden, [], { seed: 1, today: TODAY })).toThrow(/LeiKa-Leistungen/);
  });
});

describe('planDemoData on random small Behörden sets (property)', () => {
  const typ = fc.constantFrom('gemeinde', 'markt', 'stadt', 'grosse_kreisstadt', 'kreisfreie_stadt', 'vg', 'landkreis', 'bezirk');
  const behoerdenArb = fc.uniqueArray(
    fc.record({
      ars: fc.stringMatching(/^09\d{3,10}$/),
      kurzname: fc.constantFrom('Au', 'Amberg', 'Bad Tölz', 'Neustadt a.d.Aisch', 'Landkreis Au', 'Ödenhof'),
      typ,
      bevoelkerung: fc.integer({ min: 0, max: 2_000_000 }),
    }),
    { minLength: 1, maxLength: 25, selector: (b) => b.ars },
  );
  const leistungenArb = fc.uniqueArray(
    fc.record({
      id: fc.integer({ min: 1, max: 100_000 }),
      schluessel: fc.option(fc.stringMatching(/^99\d{12}$/), { nil: null }),
      name: fc.constantFrom('Hundesteuer', 'Hundesteuer Anmeldung', 'Wohngeld Gewährung', 'Baugenehmigung Erteilung', 'Fischereischein'),
      typisierung: fc.option(fc.constantFrom('1', '2/3', '4', '5', '1, 2/3'), { nil: null }),
    }),
    { minLength: 1, maxLength: 30, selector: (l) => l.id },
  );

  it('links only existing Verfahren and Behörden, never twice, and agrees with its own history', () => {
    fc.assert(
      // Some named Behörden (first awardees, VG Iphofen, Erlangen) and a varying scale, so that small
      // sets get awards, suspensions and pinned counts too.
      fc.property(behoerdenArb, fc.subarray(BENANNTE_BEHOERDEN), leistungenArb, fc.integer(), fc.integer({ min: 10, max: 1463 }), (zufall, benannt, ls, seed, referenz) => {
        const bs = [...new Map([...zufall, ...benannt].map((b) => [b.ars, b])).values()];
        const plan = planDemoData(bs, ls, { seed, today: TODAY, kalibrierung: { referenzBehoerden: referenz } });
        expectConsistent(plan, bs, ls);
        const typen = new Map(bs.map((b) => [b.ars, b.typ]));
        for (const p of plan.praedikate) {
          expect(countCountingLinksAt(plan, p.behoerdeArs, p.verliehenAm)).toBeGreaterThanOrEqual(
            schwelleFuer(typen.get(p.behoerdeArs) as string, STANDARD_SCHWELLEN),
          );
        }
      }),
      { numRuns: 60 },
    );
  });
});
