import { describe, expect, it } from 'vitest';
import { parseAttribution, readAttributions } from './attributions';

describe('attributions', () => {
  it('reads the required attribution with its link', () => {
    const a = parseAttribution('geo', 'x\n  **Required attribution: "© GeoBasis-DE / BKG 2021 (Daten verändert)", linked to http://www.bkg.bund.de.**\n');
    expect(a).toEqual({ source: 'geo', text: '© GeoBasis-DE / BKG 2021 (Daten verändert)', href: 'http://www.bkg.bund.de' });
  });

  it('returns nothing when a file names no attribution', () => {
    expect(parseAttribution('x', '# nothing here')).toBeUndefined();
  });

  it('names Destatis, BKG and the OZG catalogue for the shared data folder', () => {
    const texts = readAttributions('../shared/data').map((a) => a.text);
    expect(texts).toContain('© Statistisches Bundesamt (Destatis), 2025');
    expect(texts).toContain('© GeoBasis-DE / BKG 2021 (Daten verändert)');
    expect(texts.some((t) => t.startsWith('OZG-Umsetzungskatalog'))).toBe(true);
  });
});
