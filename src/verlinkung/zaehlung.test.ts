import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bewerteEignung, linkZaehlt, type VerlinkungFuerZaehlung, type Zaehlregel, zaehleVerlinkungen } from './zaehlung';

const jetzt = new Date('2026-11-26T12:00:00Z');
const karenz: Zaehlregel = { defekteLinks: 'karenz', karenzTage: 14 };
const DAY = 86_400_000;

const link = fc.record({
  verfahrenId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
  art: fc.constantFrom('online', 'online', 'online', 'information', 'formular_pdf'),
  aktiv: fc.boolean(),
  defektSeit: fc.option(fc.integer({ min: 0, max: 60 }).map((d) => new Date(jetzt.getTime() - d * DAY)), { nil: null }),
}) as fc.Arbitrary<VerlinkungFuerZaehlung>;
const regel = fc.record({ defekteLinks: fc.constantFrom('zaehlt', 'karenz', 'zaehlt_nicht'), karenzTage: fc.integer({ min: 0, max: 30 }) }) as fc.Arbitrary<Zaehlregel>;

describe('counting rules', () => {
  it('never counts a procedure twice', () => {
    fc.assert(
      fc.property(fc.array(link, { maxLength: 40 }), regel, (links, r) => {
        const e = zaehleVerlinkungen(links, r, jetzt);
        expect(new Set(e.gezaehlt).size).toBe(e.gezaehlt.length);
        expect(e.anzahl).toBeLessThanOrEqual(new Set(links.map((l) => l.verfahrenId)).size);
        // Doubling every link changes nothing.
        expect(zaehleVerlinkungen([...links, ...links], r, jetzt).anzahl).toBe(e.anzahl);
      }),
    );
  });

  it('never counts information pages or print-out forms', () => {
    fc.assert(
      fc.property(fc.array(link, { maxLength: 40 }), regel, (links, r) => {
        const onlyOther = links.map((l) => ({ ...l, art: l.art === 'online' ? 'information' : l.art }));
        expect(zaehleVerlinkungen(onlyOther, r, jetzt).anzahl).toBe(0);
        const e = zaehleVerlinkungen(links, r, jetzt);
        for (const id of e.gezaehlt) expect(links.some((l) => l.verfahrenId === id && l.art === 'online')).toBe(true);
      }),
    );
  });

  it('never raises the count when a link is removed', () => {
    fc.assert(
      fc.property(fc.array(link, { minLength: 1, maxLength: 40 }), fc.nat(), regel, (links, i, r) => {
        const without = links.filter((_, j) => j !== i % links.length);
        expect(zaehleVerlinkungen(without, r, jetzt).anzahl).toBeLessThanOrEqual(zaehleVerlinkungen(links, r, jetzt).anzahl);
      }),
    );
  });

  it('explains every link that does not count', () => {
    fc.assert(
      fc.property(fc.array(link, { maxLength: 40 }), regel, (links, r) => {
        const e = zaehleVerlinkungen(links, r, jetzt);
        expect(e.gezaehlt.length + e.nichtGezaehlt.length).toBe(links.length);
      }),
    );
  });

  it('keeps counting a broken link within the grace period and stops after it', () => {
    expect(linkZaehlt(new Date(jetzt.getTime() - 14 * DAY), karenz, jetzt)).toBe(true);
    expect(linkZaehlt(new Date(jetzt.getTime() - 15 * DAY), karenz, jetzt)).toBe(false);
    expect(linkZaehlt(new Date(jetzt.getTime() - 400 * DAY), { defekteLinks: 'zaehlt', karenzTage: 0 }, jetzt)).toBe(true);
    expect(linkZaehlt(new Date(jetzt.getTime() - 1), { defekteLinks: 'zaehlt_nicht', karenzTage: 99 }, jetzt)).toBe(false);
    expect(linkZaehlt(null, { defekteLinks: 'zaehlt_nicht', karenzTage: 0 }, jetzt)).toBe(true);
  });

  it('counts a procedure linked twice once if one of its links works', () => {
    const e = zaehleVerlinkungen(
      [
        { verfahrenId: 'x', art: 'online', aktiv: true, defektSeit: new Date(jetzt.getTime() - 100 * DAY) },
        { verfahrenId: 'x', art: 'online', aktiv: true, defektSeit: null },
      ],
      karenz,
      jetzt,
    );
    expect(e.anzahl).toBe(1);
    expect(e.nichtGezaehlt).toEqual([{ verfahrenId: 'x', grund: 'link_defekt' }]);
  });
});

describe('eligibility', () => {
  it('needs 50 procedures, 30 for Bezirke, and says how many are missing', () => {
    const s = { default: 50, bezirk: 30 };
    expect(bewerteEignung(49, 'gemeinde', s)).toEqual({ anzahl: 49, schwelle: 50, erreicht: false, fehlend: 1 });
    expect(bewerteEignung(50, 'gemeinde', s).erreicht).toBe(true);
    expect(bewerteEignung(30, 'bezirk', s)).toEqual({ anzahl: 30, schwelle: 30, erreicht: true, fehlend: 0 });
    fc.assert(
      fc.property(fc.nat(500), fc.constantFrom('gemeinde', 'vg', 'landkreis', 'bezirk'), (n, typ) => {
        const e = bewerteEignung(n, typ, s);
        expect(e.erreicht).toBe(e.fehlend === 0);
        expect(e.anzahl + e.fehlend).toBeGreaterThanOrEqual(e.schwelle);
      }),
    );
  });
});
