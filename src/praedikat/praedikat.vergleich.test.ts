import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vergleiche } from './praedikat.vergleich';

const vp = (anzahl: number, links: 'ok' | 'warnung', extra: Record<string, unknown> = {}) => ({
  am: `2026-03-0${anzahl % 9}T09:00:00.000Z`,
  anzahl,
  schwelle: 50,
  erreicht: anzahl >= 50,
  punkte: [
    { id: 'schwelle', titel: 'Schwelle erreicht', status: 'ok', text: `${anzahl} verlinkt` },
    { id: 'links', titel: 'Links erreichbar', status: links, text: 'Text' },
  ],
  ...extra,
});

describe('comparing two pre-check results', () => {
  it('marks exactly the fields that differ and ignores the time of the check', () => {
    const zeilen = vergleiche(vp(55, 'ok'), vp(51, 'warnung'));
    expect(zeilen.filter((z) => z.geaendert).map((z) => z.pfad.join('.'))).toEqual(['anzahl', 'punkte.schwelle.text', 'punkte.links.status']);
    expect(zeilen.find((z) => z.pfad.join('.') === 'punkte.links.status')).toMatchObject({ namen: ['punkte', 'Links erreichbar', 'status'], alt: 'ok', neu: 'warnung' });
    expect(zeilen.some((z) => z.pfad[0] === 'am')).toBe(false);
  });

  it('shows parts only one side has, whatever their shape (new parts of the result flow in)', () => {
    const signale = { signale: [{ id: 'duplikate', titel: 'Doppelte Einträge', anzahl: 3, beispiele: ['A', 'B'] }], neu: { x: 1 } };
    const zeilen = vergleiche(vp(55, 'ok'), vp(55, 'ok', signale));
    expect(zeilen.filter((z) => z.geaendert).map((z) => [z.pfad.join('.'), z.alt, z.neu])).toEqual([
      ['signale.duplikate.anzahl', undefined, '3'],
      ['signale.duplikate.beispiele', undefined, 'A, B'],
      ['neu.x', undefined, '1'],
    ]);
    const weg = vergleiche(vp(55, 'ok', signale), vp(55, 'ok'));
    expect(weg.filter((z) => z.geaendert).every((z) => z.neu === undefined)).toBe(true);
  });

  it('finds no difference between a result and itself, and one for every changed leaf', () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    fc.assert(
      fc.property(json, (v) => {
        expect(vergleiche(v, v).filter((z) => z.geaendert)).toEqual([]);
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }).filter((k) => k !== 'am'), fc.oneof(fc.integer(), fc.string(), fc.boolean()), { minKeys: 1 }), fc.nat(), (o, i) => {
        const keys = Object.keys(o);
        const k = keys[i % keys.length];
        const geaendert = { ...o, [k]: `${String(o[k])}!` };
        expect(vergleiche(o, geaendert).filter((z) => z.geaendert).map((z) => z.pfad)).toEqual([[k]]);
      }),
    );
  });
});
