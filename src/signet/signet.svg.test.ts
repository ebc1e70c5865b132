import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { etagMatches } from './signet.routes';
import { bitAt, decodeStatusList, encodeStatusList, MIN_BITS } from './signet.statuslist';
import { renderSignetSvg, SIGNET_BREITE, setzeName, textBreite } from './signet.svg';

describe('signet text layout', () => {
  it('measures umlauts with the font metrics (wider than the ASCII look-alike)', () => {
    expect(textBreite('Königshofen', 16)).toBeGreaterThan(textBreite('Konigshofen', 16) - 0.01);
    expect(textBreite('WWW', 16)).toBeGreaterThan(textBreite('iii', 16) * 2);
  });

  it('keeps a short name on one line and breaks a long one into two that fit', () => {
    expect(setzeName('Nürnberg')).toMatchObject({ zeilen: ['Nürnberg'], size: 16 });
    expect(setzeName('Bad Königshofen i.Grabfeld').zeilen).toHaveLength(1);
    const vg = setzeName('Verwaltungsgemeinschaft Marktheidenfeld');
    expect(vg.zeilen).toEqual(['Verwaltungsgemeinschaft', 'Marktheidenfeld']);
    for (const w of vg.breiten) expect(w).toBeLessThanOrEqual(206);
  });

  it('never lets any name overflow the signet', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80 }), (name) => {
        const svg = renderSignetSvg({ name, jahr: 2023, zertifikatNr: 'DA-2023-0001', status: 'gueltig' });
        for (const m of svg.matchAll(/<text x="([\d.]+)"[^>]*textLength="([\d.]+)"/g)) expect(Number(m[1]) + Number(m[2])).toBeLessThanOrEqual(SIGNET_BREITE - 8);
      }),
      { numRuns: 60 },
    );
  });

  it('escapes names (no markup injection into the SVG)', () => {
    const svg = renderSignetSvg({ name: '<script>alert(1)</script> & "x"', jahr: 2021, zertifikatNr: 'DA-2021-0001', status: 'widerrufen' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('WIDERRUFEN');
  });
});

describe('bitstring status list', () => {
  it('round-trips any set of indices, bit 0 being the left-most bit', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: MIN_BITS - 1 }), { maxLength: 50 }), (idx) => {
        const list = decodeStatusList(encodeStatusList(idx));
        expect(list.length).toBe(MIN_BITS / 8);
        for (const i of idx) expect(bitAt(list, i)).toBe(true);
        expect([0, 1, 77, MIN_BITS - 1].filter((i) => !idx.includes(i)).some((i) => bitAt(list, i))).toBe(false);
      }),
      { numRuns: 30 },
    );
    expect(decodeStatusList(encodeStatusList([0]))[0]).toBe(0x80);
    expect(encodeStatusList([])).toMatch(/^u/);
  });
});

describe('If-None-Match', () => {
  it('uses the weak comparison, lists and *', () => {
    expect(etagMatches('"abc"', '"abc"')).toBe(true);
    expect(etagMatches('W/"abc"', '"abc"')).toBe(true);
    expect(etagMatches('"x", "abc"', '"abc"')).toBe(true);
    expect(etagMatches('*', '"abc"')).toBe(true);
    expect(etagMatches('"abd"', '"abc"')).toBe(false);
    expect(etagMatches(undefined, '"abc"')).toBe(false);
  });
});
