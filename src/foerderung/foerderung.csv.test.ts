import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../shared/csv';
import { CSV_SPALTEN, csvZelle, uebersichtAlsCsv } from './foerderung.csv';
import type { UebersichtRow } from './foerderung.repository';

const eineZeile = (f: Partial<UebersichtRow> = {}): UebersichtRow => ({
  id: '00000000-0000-4000-8000-000000000001',
  aktenzeichen: 'DR-2021-00001',
  status: 'ausgezahlt',
  behoerde_ars: '097750118118',
  behoerde_name: 'Markt Beispielheim',
  behoerde_typ: 'markt',
  regbez_name: 'Schwaben',
  massnahme: 'Online-Dienste',
  eingereicht_am: new Date('2021-02-28T23:30:00Z'),
  bescheid_am: '2021-04-15',
  foerderbetrag_cent: '987653',
  auszahlung_cent: '880000',
  nachweis_faellig_am: '2022-04-15',
  nachweis_eingegangen_am: '2022-03-01',
  nachweis_geprueft_am: '2022-03-20',
  ausgezahlt_am: '2022-03-25',
  demo: false,
  ...f,
});

describe('CSV export of the grant overview', () => {
  it('neutralises spreadsheet formulas in every cell and stays parseable (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const zelle = csvZelle(text);
        const gelesen = parseCsv(`a;b\r\n${zelle};x\r\n`, { delimiter: ';' });
        expect(gelesen.errors).toEqual([]);
        const wert = gelesen.records[0].values.a;
        expect(/^[=+\-@\t\r]/.test(wert)).toBe(false);
        expect(wert === text || wert === `'${text}`).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('writes German amounts and dates (Bavarian calendar day) with a BOM and CRLF', () => {
    const csv = uebersichtAlsCsv([eineZeile({ massnahme: '=1+1', behoerde_name: '@SUM(A1)' })]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [kopf, zeile] = csv.slice(1).split('\r\n');
    expect(kopf.split(';')).toEqual([...CSV_SPALTEN]);
    const zellen = zeile.split(';');
    expect(zellen[1]).toBe("'@SUM(A1)");
    expect(zellen[4]).toBe("'=1+1");
    expect(zellen[6]).toBe('01.03.2021');
    expect(zellen[8]).toBe('9876,53');
    expect(zellen[12]).toBe('8800,00');
  });
});
