import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ansprache, type Luecke, MINDESTENS_GEZEIGT, vorschlagsListe } from './outreach.text';

const luecke = fc
  .record({ fehlend: fc.integer({ min: 0, max: 50 }), verfuegbar: fc.integer({ min: 0, max: 60 }) })
  .map(({ fehlend, verfuegbar }): Luecke => ({
    name: 'Testgemeinde',
    anzahl: 50 - fehlend,
    schwelle: 50,
    fehlend,
    // As `chancen` gives them: as many as needed to reach the threshold, at least 10, never more than exist.
    vorschlaege: Array.from({ length: Math.min(verfuegbar, Math.max(MINDESTENS_GEZEIGT, fehlend)) }, (_, i) => ({ name: `Zentral ${i + 1}`, anteilVergleichsgruppe: 10 })),
  }));

const zahlImSatz = (satz: string) => Number(/Mit (?:diesen|den ersten) (\d+)/.exec(satz)?.[1]);

describe('what the outreach mail says', () => {
  it('lists every procedure the sentence counts: „with N of these links“ never promises more than the list shows', () => {
    fc.assert(
      fc.property(luecke, (l) => {
        const { gezeigt, reicht, satz } = vorschlagsListe(l);
        const text = ansprache(l, { kurse: [], termine: [] }, { publicBaseUrl: 'https://x.example', ars: '091' }).text;
        const zeilen = text.split('\n').filter((z) => z.startsWith('- Zentral'));
        expect(zeilen.length).toBe(gezeigt.length);
        if (reicht) {
          expect(zahlImSatz(satz)).toBe(l.fehlend);
          expect(gezeigt.length).toBeGreaterThanOrEqual(l.fehlend);
          if (gezeigt.length !== l.fehlend) expect(satz).toContain(`dieser ${gezeigt.length} Verlinkungen`);
        } else {
          expect(satz).not.toMatch(/erreichen Sie das Prädikat/);
          if (l.fehlend > 0 && l.vorschlaege.length > 0) expect(satz).toContain(`fehlen noch ${l.fehlend - l.vorschlaege.length} eigene Online-Verfahren`);
        }
      }),
    );
  });

  it('says it plainly for 40 missing and 45 available: all 40 are listed', () => {
    const l: Luecke = { name: 'Zögerlingen', anzahl: 10, schwelle: 50, fehlend: 40, vorschlaege: Array.from({ length: 40 }, (_, i) => ({ name: `V${i}`, anteilVergleichsgruppe: 0 })) };
    expect(vorschlagsListe(l)).toMatchObject({ reicht: true, satz: 'Mit diesen 40 Verlinkungen erreichen Sie das Prädikat.' });
    expect(vorschlagsListe(l).gezeigt).toHaveLength(40);
  });

  it('writes a letter without an unsubscribe link and a mail with one', () => {
    const l: Luecke = { name: 'Stillbach', anzahl: 0, schwelle: 50, fehlend: 50, vorschlaege: [] };
    expect(ansprache(l, { kurse: [], termine: [] }, { publicBaseUrl: 'https://x.example', ars: '1', anrede: 'An Stillbach' }).text).not.toContain('Abmelden');
    expect(ansprache(l, { kurse: [], termine: [] }, { publicBaseUrl: 'https://x.example', ars: '1', abmeldeLink: 'https://x.example/a' }).text).toContain('Abmelden: https://x.example/a');
  });
});
