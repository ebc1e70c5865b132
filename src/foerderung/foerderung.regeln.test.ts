import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  berechneAuszahlung,
  bewertePosition,
  type Erklaerungen,
  type FoerderRegeln,
  formatEuro,
  type Kostenposition,
  KOSTENARTEN,
  nachweisFaelligAm,
  parseEuro,
  pruefeAntrag,
  type PruefEingabe,
  pruefeIban,
  restbudget,
} from './foerderung.regeln';

const REGELN: FoerderRegeln = {
  satzProzent: 80,
  satzRmbhProzent: 90,
  hoechstbetragCent: 2_000_000n,
  mindestbetragCent: 250_000n,
  mindestDienste: 20,
  mindestDiensteBezirk: 15,
  lizenzJahre: 2,
};

const ALLES_ERKLAERT: Erklaerungen = { bayernId: true, postkorb: 'ja', ePayment: 'nicht_erforderlich', mobil: true, erstmalig: true, richtigkeit: true };

/** A fundable application by default; tests override what matters to them. */
const eineEingabe = (f: Partial<PruefEingabe> = {}): PruefEingabe => ({
  phase: 'antrag',
  behoerdeTyp: 'gemeinde',
  positionen: [{ art: 'software_kauf', bezeichnung: 'Fachverfahren Gewerbe', betragCent: 1_000_000n }],
  besondererHandlungsbedarf: false,
  erklaerungen: ALLES_ERKLAERT,
  portal: { anzahlDienste: 25, dienste: [{ name: 'Gewerbeanmeldung', verlinkt: true, mobilOptimiert: true }] },
  bisherigeZuwendungenCent: 0n,
  restbudgetCent: 4_268_000_000n,
  ...f,
});

const cent = (max: bigint) => fc.bigInt({ min: 0n, max });
const aPosition = fc.record({
  art: fc.constantFrom(...KOSTENARTEN),
  bezeichnung: fc.string({ minLength: 1, maxLength: 20 }),
  betragCent: cent(10_000_000_000n),
  lizenzJahre: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
  einmalZahlung: fc.option(fc.boolean(), { nil: null }),
}) as fc.Arbitrary<Kostenposition>;

const anyEingabe = fc.record({
  phase: fc.constantFrom('antrag' as const, 'nachweis' as const),
  behoerdeTyp: fc.constantFrom('gemeinde', 'vg', 'landkreis', 'bezirk'),
  positionen: fc.array(aPosition, { maxLength: 8 }),
  besondererHandlungsbedarf: fc.boolean(),
  erklaerungen: fc.record({
    bayernId: fc.boolean(),
    postkorb: fc.constantFrom('ja' as const, 'nicht_erforderlich' as const, 'nein' as const),
    ePayment: fc.constantFrom('ja' as const, 'nicht_erforderlich' as const, 'nein' as const),
    mobil: fc.boolean(),
    erstmalig: fc.boolean(),
    richtigkeit: fc.boolean(),
  }),
  portal: fc.record({
    anzahlDienste: fc.integer({ min: 0, max: 400 }),
    dienste: fc.array(fc.record({ name: fc.string({ maxLength: 10 }), verlinkt: fc.boolean(), mobilOptimiert: fc.option(fc.boolean(), { nil: null }) }), { maxLength: 4 }),
  }),
  bisherigeZuwendungenCent: cent(3_000_000n),
  restbudgetCent: fc.option(cent(5_000_000_000n), { nil: null }),
});

const anyRegeln = fc.record({
  satzProzent: fc.integer({ min: 1, max: 100 }),
  satzRmbhProzent: fc.integer({ min: 1, max: 100 }),
  hoechstbetragCent: cent(10_000_000n),
  mindestbetragCent: cent(1_000_000n),
  mindestDienste: fc.integer({ min: 0, max: 50 }),
  mindestDiensteBezirk: fc.integer({ min: 0, max: 50 }),
  lizenzJahre: fc.integer({ min: 1, max: 5 }),
});

describe('money rules (properties)', () => {
  it('the grant never exceeds the rate, the per-applicant cap or the remaining budget, and is whole cents', () => {
    fc.assert(
      fc.property(anyEingabe, anyRegeln, (e, regeln) => {
        const r = pruefeAntrag(e, regeln);
        expect(typeof r.foerderbetragCent).toBe('bigint');
        // Rate: grant × 100 ≤ eligible × rate (exact integer comparison, no rounding up).
        expect(r.foerderbetragCent * 100n <= r.zuwendungsfaehigCent * BigInt(r.foerdersatzProzent)).toBe(true);
        // Rounded down by less than a cent.
        expect(r.zuwendungsfaehigCent * BigInt(r.foerdersatzProzent) - r.rechnerischCent * 100n < 100n).toBe(true);
        // Cap across all of the applicant's grants.
        expect(r.foerderbetragCent + e.bisherigeZuwendungenCent <= regeln.hoechstbetragCent || r.foerderbetragCent === 0n).toBe(true);
        if (e.restbudgetCent !== null) expect(r.foerderbetragCent <= e.restbudgetCent).toBe(true);
        // A grant is either zero (refused) or at least the minimum.
        expect(r.foerderbetragCent === 0n || r.foerderbetragCent >= regeln.mindestbetragCent).toBe(true);
        expect(r.foerderbetragCent >= 0n).toBe(true);
        // Fundable exactly when no rule failed.
        expect(r.foerderfaehig).toBe(r.regeln.every((x) => x.ergebnis !== 'nicht_erfuellt'));
        // Eligible costs never exceed what was applied for.
        expect(r.zuwendungsfaehigCent <= r.beantragtCent).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('eligible costs add up item by item', () => {
    fc.assert(
      fc.property(fc.array(aPosition, { maxLength: 10 }), (positionen) => {
        const gesamt = pruefeAntrag(eineEingabe({ positionen }), REGELN).zuwendungsfaehigCent;
        const einzeln = positionen.reduce((s, p) => s + bewertePosition(p, REGELN).foerderfaehigCent, 0n);
        expect(gesamt).toBe(einzeln);
      }),
    );
  });

  it('German amounts round-trip exactly through format and parse', () => {
    fc.assert(
      fc.property(cent(10n ** 15n - 1n), (c) => {
        const text = formatEuro(c);
        const r = parseEuro(text);
        expect(r).toEqual({ ok: true, cent: c });
      }),
      { numRuns: 1000 },
    );
  });

  it('the payout never exceeds the grant or the rate of the proven expenditure', () => {
    fc.assert(
      fc.property(cent(2_000_000n), cent(5_000_000n), fc.integer({ min: 1, max: 100 }), (bewilligt, nachgewiesen, satz) => {
        const { auszahlungCent, entbindungCent } = berechneAuszahlung(bewilligt, nachgewiesen, satz);
        expect(auszahlungCent <= bewilligt).toBe(true);
        expect(auszahlungCent * 100n <= nachgewiesen * BigInt(satz)).toBe(true);
        expect(auszahlungCent + entbindungCent).toBe(bewilligt);
        expect(entbindungCent >= 0n).toBe(true);
      }),
    );
  });
});

describe('parseEuro', () => {
  it.each([
    ['1.234,56', 123_456n],
    ['1234,56', 123_456n],
    ['1234,5', 123_450n],
    ['20.000', 2_000_000n],
    ['20 000 €', 2_000_000n],
    ['EUR 99', 9_900n],
    ['0,01', 1n],
    ['42.680.000,00', 4_268_000_000n],
  ])('reads „%s“ as %s cents', (text, expected) => {
    expect(parseEuro(text)).toEqual({ ok: true, cent: expected });
  });

  it.each(['', '-5', '1,234', '12.34', '1.23,45', 'abc', '1,2,3', '0,001'])('refuses „%s“ with a German message', (text) => {
    const r = parseEuro(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fehler).toMatch(/Betrag|Komma/);
  });

  it('never reads a float: 0,1 + 0,2 is exactly 30 cents', () => {
    const a = parseEuro('0,1');
    const b = parseEuro('0,2');
    expect(a.ok && b.ok && a.cent + b.cent).toBe(30n);
  });
});

describe('cost items', () => {
  it('refuses maintenance and running costs with the reason', () => {
    const w = bewertePosition({ art: 'wartung', bezeichnung: 'Wartungsvertrag', betragCent: 120_000n }, REGELN);
    expect(w.foerderfaehigCent).toBe(0n);
    expect(w.grund).toContain('Wartung');
    expect(bewertePosition({ art: 'betrieb', bezeichnung: 'Hosting', betragCent: 50_000n }, REGELN).grund).toContain('laufenden Betriebs');
  });

  it('accepts licences paid once for up to two years, and two of three years pro rata', () => {
    expect(bewertePosition({ art: 'lizenz', bezeichnung: 'L', betragCent: 300_000n, lizenzJahre: 2, einmalZahlung: true }, REGELN).foerderfaehigCent).toBe(300_000n);
    const drei = bewertePosition({ art: 'lizenz', bezeichnung: 'L', betragCent: 100_000n, lizenzJahre: 3, einmalZahlung: true }, REGELN);
    expect(drei.foerderfaehigCent).toBe(66_666n);
    expect(drei.bewertung).toBe('teilweise');
    expect(bewertePosition({ art: 'lizenz', bezeichnung: 'L', betragCent: 100_000n, lizenzJahre: 1, einmalZahlung: false }, REGELN).foerderfaehigCent).toBe(0n);
  });
});

describe('pruefeAntrag', () => {
  it('grants 80 % of the eligible costs, 90 % in a Raum mit besonderem Handlungsbedarf', () => {
    expect(pruefeAntrag(eineEingabe(), REGELN).foerderbetragCent).toBe(800_000n);
    expect(pruefeAntrag(eineEingabe({ besondererHandlungsbedarf: true }), REGELN).foerderbetragCent).toBe(900_000n);
  });

  it('caps the grant at 20,000 EUR per applicant across all its grants', () => {
    const r = pruefeAntrag(eineEingabe({ positionen: [{ art: 'software_kauf', bezeichnung: 'X', betragCent: 5_000_000n }], bisherigeZuwendungenCent: 1_500_000n }), REGELN);
    expect(r.rechnerischCent).toBe(4_000_000n);
    expect(r.foerderbetragCent).toBe(500_000n);
    expect(r.regeln.find((x) => x.id === 'hoechstbetrag')?.text).toContain('begrenzt');
  });

  it('refuses a grant below the minimum of 2,500 EUR', () => {
    const r = pruefeAntrag(eineEingabe({ positionen: [{ art: 'einrichtung', bezeichnung: 'X', betragCent: 300_000n }] }), REGELN);
    expect(r.berechnetCent).toBe(240_000n);
    expect(r.foerderfaehig).toBe(false);
    expect(r.foerderbetragCent).toBe(0n);
    expect(r.regeln.find((x) => x.id === 'mindestbetrag')?.ergebnis).toBe('nicht_erfuellt');
  });

  it('refuses a grant the remaining budget cannot cover', () => {
    const r = pruefeAntrag(eineEingabe({ restbudgetCent: 799_999n }), REGELN);
    expect(r.foerderfaehig).toBe(false);
    expect(r.regeln.find((x) => x.id === 'budget')?.ergebnis).toBe('nicht_erfuellt');
  });

  it('leaves the portal conditions open at application and requires them at the proof of use', () => {
    const wenig = { anzahlDienste: 12, dienste: [{ name: 'Neu', verlinkt: false, mobilOptimiert: null }] };
    const antrag = pruefeAntrag(eineEingabe({ portal: wenig }), REGELN);
    expect(antrag.regeln.find((x) => x.id === 'mindestanzahl')?.ergebnis).toBe('offen');
    expect(antrag.regeln.find((x) => x.id === 'verlinkt')?.ergebnis).toBe('offen');
    expect(antrag.foerderfaehig).toBe(true);
    const nachweis = pruefeAntrag(eineEingabe({ portal: wenig, phase: 'nachweis' }), REGELN);
    expect(nachweis.regeln.find((x) => x.id === 'mindestanzahl')?.text).toContain('es fehlen 8');
    expect(nachweis.foerderfaehig).toBe(false);
  });

  it('needs 15 online services from a Bezirk', () => {
    const r = pruefeAntrag(eineEingabe({ behoerdeTyp: 'bezirk', portal: { anzahlDienste: 15, dienste: [{ name: 'A', verlinkt: true, mobilOptimiert: true }] }, phase: 'nachweis' }), REGELN);
    expect(r.regeln.find((x) => x.id === 'mindestanzahl')?.ergebnis).toBe('erfuellt');
  });

  it('fails on a missing BayernID declaration and on a Postkorb that is needed but missing', () => {
    const r = pruefeAntrag(eineEingabe({ erklaerungen: { ...ALLES_ERKLAERT, bayernId: false, postkorb: 'nein' } }), REGELN);
    expect(r.regeln.filter((x) => x.ergebnis === 'nicht_erfuellt').map((x) => x.id)).toEqual(['bayernid', 'postkorb']);
  });
});

describe('IBAN, dates, budget', () => {
  it('checks the IBAN with ISO 13616 mod 97', () => {
    expect(pruefeIban('DE02 1203 0000 0000 2020 51')).toBeUndefined();
    expect(pruefeIban('de02120300000000202051')).toBeUndefined();
    expect(pruefeIban('DE02 1203 0000 0000 2020 52')).toContain('Prüfziffer');
    expect(pruefeIban('DE02 1203')).toBeDefined();
    expect(pruefeIban('')).toContain('IBAN');
  });

  it('sets the proof-of-use due date months after the notice, keeping the end of the month', () => {
    expect(nachweisFaelligAm('2021-03-15', 12)).toBe('2022-03-15');
    expect(nachweisFaelligAm('2023-01-31', 1)).toBe('2023-02-28');
  });

  it('computes the remaining budget from commitments and releases', () => {
    expect(restbudget({ gesamtCent: 1000n, gebundenCent: 700n, ausgezahltCent: 400n, entbundenCent: 100n })).toBe(400n);
  });
});
