import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bewerteEignung, derselbeDienst, dienstMerkmale, linkZaehlt, type VerlinkungFuerZaehlung, type Zaehlregel, zaehleVerlinkungen } from './zaehlung';

const jetzt = new Date('2026-11-26T12:00:00Z');
const karenz: Zaehlregel = { defekteLinks: 'karenz', karenzTage: 14 };
const DAY = 86_400_000;

const link = fc.record({
  verfahrenId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
  art: fc.constantFrom('online', 'online', 'online', 'information', 'formular_pdf'),
  aktiv: fc.boolean(),
  defektSeit: fc.option(fc.integer({ min: 0, max: 60 }).map((d) => new Date(jetzt.getTime() - d * DAY)), { nil: null }),
  // Few hosts, paths and keys, so that near-duplicates are common.
  url: fc
    .tuple(fc.constantFrom('https://formulare.example.org', 'HTTPS://Formulare.Example.org:443', 'http://portal.example'), fc.constantFrom('/parken', '/parken/', '/hund', '/form'), fc.constantFrom('', '?id=1', '?id=2', '?utm_source=x', '#a'))
    .map(([h, p, q]) => `${h}${p}${q}`),
  leika: fc.uniqueArray(fc.constantFrom('99001', '99002', '99003', '99004'), { maxLength: 2 }),
  verlinktSeit: fc.integer({ min: 0, max: 5 }).map((d) => new Date(jetzt.getTime() - d * DAY)),
  zaehltNicht: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
}) as fc.Arbitrary<VerlinkungFuerZaehlung>;

/** Links with distinct procedures, as a Behörde has them (one link per procedure). */
const eindeutig = (c: { minLength?: number; maxLength: number }) => fc.uniqueArray(link, { ...c, selector: (l) => l.verfahrenId });

/** Reference: the number of groups of counting links joined by „same service“, by brute force. */
function gruppenReferenz(links: readonly VerlinkungFuerZaehlung[], r: Zaehlregel): number {
  const k = links.filter((l) => l.art === 'online' && l.aktiv && !l.zaehltNicht && linkZaehlt(l.defektSeit, r, jetzt));
  const gleich = (a: VerlinkungFuerZaehlung, b: VerlinkungFuerZaehlung) => a.verfahrenId === b.verfahrenId || derselbeDienst(dienstMerkmale(a), dienstMerkmale(b)) !== undefined;
  const gesehen = new Set<number>();
  let gruppen = 0;
  for (let i = 0; i < k.length; i++) {
    if (gesehen.has(i)) continue;
    gruppen++;
    const stapel = [i];
    gesehen.add(i);
    while (stapel.length) {
      const x = stapel.pop() as number;
      for (let j = 0; j < k.length; j++) if (!gesehen.has(j) && gleich(k[x], k[j])) {
        gesehen.add(j);
        stapel.push(j);
      }
    }
  }
  return gruppen;
}
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

  it('never counts two links that are the same service, and counts each group of them once', () => {
    fc.assert(
      fc.property(eindeutig({ maxLength: 8 }), regel, (links, r) => {
        const e = zaehleVerlinkungen(links, r, jetzt);
        const gezaehlt = links.filter((l) => e.gezaehlt.includes(l.verfahrenId));
        for (const a of gezaehlt) for (const b of gezaehlt) if (a !== b && a.verfahrenId !== b.verfahrenId) expect(derselbeDienst(dienstMerkmale(a), dienstMerkmale(b))).toBeUndefined();
        expect(e.anzahl).toBe(gruppenReferenz(links, r));
        // Every duplicate points at a counted link of the same group.
        for (const n of e.nichtGezaehlt.filter((x) => x.grund === 'doppelt')) expect(e.gezaehlt).toContain(n.doppeltVon);
        // The order of the input does not matter.
        expect(zaehleVerlinkungen([...links].reverse(), r, jetzt).anzahl).toBe(e.anzahl);
      }),
    );
  });

  it('counts near-duplicates of one service once: trailing slash, tracking parameters, case, same LeiKa key', () => {
    const l = (verfahrenId: string, url: string, leika: string[]) => ({ verfahrenId, art: 'online', aktiv: true, url, leika });
    const e = zaehleVerlinkungen(
      [
        l('a', 'https://parken.erlangen.example/bewohner', ['99120001']),
        l('b', 'https://parken.erlangen.example/bewohner/', ['99120001']),
        l('c', 'HTTPS://Parken.Erlangen.example/bewohner?utm_source=newsletter', []),
        l('d', 'https://parken.erlangen.example/bewohner?schritt=2', ['99120001']),
        l('e', 'https://parken.erlangen.example/bewohner?schritt=2', ['99999999']),
        l('f', 'https://hund.erlangen.example/steuer', ['99120001']),
      ],
      karenz,
      jetzt,
    );
    expect(e.anzahl).toBe(2);
    expect(e.gezaehlt.sort()).toEqual(['a', 'f']);
    expect(e.nichtGezaehlt.find((n) => n.verfahrenId === 'e')).toEqual({ verfahrenId: 'e', grund: 'doppelt', doppeltVon: 'a' });
  });

  it('lets the link made first count for its service', () => {
    const e = zaehleVerlinkungen(
      [
        { verfahrenId: 'neu', art: 'online', aktiv: true, url: 'https://x.example/a', verlinktSeit: '2026-11-02T00:00:00Z' },
        { verfahrenId: 'alt', art: 'online', aktiv: true, url: 'https://x.example/a/', verlinktSeit: '2026-11-01T00:00:00Z' },
      ],
      karenz,
      jetzt,
    );
    expect(e.gezaehlt).toEqual(['alt']);
    expect(e.nichtGezaehlt).toEqual([{ verfahrenId: 'neu', grund: 'doppelt', doppeltVon: 'alt' }]);
  });

  it('never counts a link the ministry marked „zählt nicht“', () => {
    fc.assert(
      fc.property(fc.array(link, { maxLength: 30 }), regel, (links, r) => {
        const alle = links.map((l) => ({ ...l, zaehltNicht: true }));
        expect(zaehleVerlinkungen(alle, r, jetzt).anzahl).toBe(0);
        const e = zaehleVerlinkungen(links, r, jetzt);
        for (const id of e.gezaehlt) expect(links.some((l) => l.verfahrenId === id && !l.zaehltNicht)).toBe(true);
      }),
    );
  });

  it('changes the count by at most one per link added or removed, and never lowers it by removing a link that does not count', () => {
    fc.assert(
      fc.property(eindeutig({ minLength: 1, maxLength: 8 }), fc.nat(), regel, (links, i, r) => {
        const vorher = zaehleVerlinkungen(links, r, jetzt);
        const weg = links[i % links.length];
        const ohne = links.filter((_, j) => j !== i % links.length);
        const nachher = zaehleVerlinkungen(ohne, r, jetzt).anzahl;
        // Removing one link takes away at most one service …
        expect(nachher).toBeGreaterThanOrEqual(vorher.anzahl - 1);
        // … and nothing when it did not count itself (it can only split a group it joined).
        if (!vorher.gezaehlt.includes(weg.verfahrenId)) {
          expect(nachher).toBeGreaterThanOrEqual(vorher.anzahl);
        }
        // Adding a link adds at most one service.
        expect(vorher.anzahl).toBeLessThanOrEqual(nachher + 1);
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
