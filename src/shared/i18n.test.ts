import { describe, expect, it } from 'vitest';
import { fehlendeVerfahren, zahlMitWort } from './i18n';

describe('counts with nouns', () => {
  it('uses the singular for exactly one, and formats the number', () => {
    expect(zahlMitWort('de', 1, 'Verlinkung', 'Verlinkungen')).toBe('1 Verlinkung');
    expect(zahlMitWort('de', 0, 'Verlinkung', 'Verlinkungen')).toBe('0 Verlinkungen');
    expect(zahlMitWort('de', 1234, 'Verlinkung', 'Verlinkungen')).toBe('1.234 Verlinkungen');
    expect(zahlMitWort('en', 1234, 'link', 'links')).toBe('1,234 links');
    expect(fehlendeVerfahren(1)).toBe('Es fehlt noch 1 zählendes Online-Verfahren');
    expect(fehlendeVerfahren(7, false)).toBe('Es fehlen 7 zählende Online-Verfahren');
  });
});
