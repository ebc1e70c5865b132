import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NAH_DRAN_ABSTAND, STAENDE, standVon } from './stand';

describe('Stand on the way to the Prädikat', () => {
  it('lets a current award decide before the count', () => {
    expect(standVon({ anzahl: 10, schwelle: 50, praedikatStatus: 'gueltig' })).toBe('digitales_amt');
    expect(standVon({ anzahl: 80, schwelle: 50, praedikatStatus: 'ausgesetzt' })).toBe('ausgesetzt');
    expect(standVon({ anzahl: 80, schwelle: 50, praedikatStatus: 'widerrufen' })).toBe('widerrufen');
  });

  it('calls a Behörde without award close when at most 10 are missing', () => {
    expect(standVon({ anzahl: 50, schwelle: 50, praedikatStatus: null })).toBe('schwelle_erreicht');
    expect(standVon({ anzahl: 49, schwelle: 50, praedikatStatus: null })).toBe('nah_dran');
    expect(standVon({ anzahl: 40, schwelle: 50, praedikatStatus: null })).toBe('nah_dran');
    expect(standVon({ anzahl: 39, schwelle: 50, praedikatStatus: null })).toBe('unter_schwelle');
    expect(standVon({ anzahl: 20, schwelle: 30, praedikatStatus: null })).toBe('nah_dran');
  });

  it('puts every Behörde in exactly one class, and more links never move it back', () => {
    fc.assert(
      fc.property(fc.nat(400), fc.constantFrom(30, 50), fc.constantFrom(null, 'gueltig', 'ausgesetzt', 'widerrufen'), (anzahl, schwelle, status) => {
        const s = standVon({ anzahl, schwelle, praedikatStatus: status });
        expect(STAENDE).toContain(s);
        if (status === null) {
          const order = ['unter_schwelle', 'nah_dran', 'schwelle_erreicht'];
          expect(order.indexOf(standVon({ anzahl: anzahl + 1, schwelle, praedikatStatus: null }))).toBeGreaterThanOrEqual(order.indexOf(s));
          expect(s === 'nah_dran').toBe(anzahl < schwelle && schwelle - anzahl <= NAH_DRAN_ABSTAND);
        }
      }),
    );
  });
});
