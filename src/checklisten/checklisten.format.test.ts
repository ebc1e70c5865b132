import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCheckliste, punktHash } from './checklisten.format';

describe('the checklist text format', () => {
  it('reads sections, items with keys, help texts and links', () => {
    const { abschnitte, fehler } = parseCheckliste(
      ['# Organisation', '- [verantwortung] Eine verantwortliche Person ist benannt.', '  Hilfe: Oft die Digitallotsin.', '  Link: Grundkurs | /digitallotse', '# Technik', '- [bayernid] BayernID ist angebunden.'].join('\n'),
    );
    expect(fehler).toEqual([]);
    expect(abschnitte).toHaveLength(2);
    expect(abschnitte[0].punkte[0]).toMatchObject({ schluessel: 'verantwortung', hilfe: 'Oft die Digitallotsin.', links: [{ titel: 'Grundkurs', url: '/digitallotse' }] });
    expect(abschnitte[1].punkte[0].hash).toBe(punktHash('BayernID  ist angebunden.'));
  });

  it('reports every bad line with its number and refuses javascript: links', () => {
    const { fehler } = parseCheckliste(['Hilfe: zu früh', '# A', '- [a] Eins', '- [a] Doppelt', '  Link: Böse | javascript:alert(1)', 'irgendwas'].join('\n'));
    expect(fehler.map((f) => f.zeile)).toEqual([1, 4, 5, 6]);
    expect(fehler[2].message).toContain('https:// oder /');
  });

  it('never throws, whatever the text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => Array.isArray(parseCheckliste(s).fehler)));
  });
});
