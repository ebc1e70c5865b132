import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../shared/csv';
import { entschaerfe, toCsv } from './csv-export';

const spalten = [
  { name: 'text', wert: (r: { text: string; zahl: number; flag: boolean | null }) => r.text },
  { name: 'zahl', wert: (r: { text: string; zahl: number; flag: boolean | null }) => r.zahl },
  { name: 'flag', wert: (r: { text: string; zahl: number; flag: boolean | null }) => r.flag },
];

describe('CSV export', () => {
  it('puts an apostrophe before text a spreadsheet would run as a formula', () => {
    for (const s of ['=1+1', '+49 89', '-2', '@SUM(A1)', '\tx', '\rx']) expect(entschaerfe(s)).toBe(`'${s}`);
    for (const s of ['Amberg', '50', "'schon", 'a=b']) expect(entschaerfe(s)).toBe(s);
  });

  it('writes RFC 4180 with a header, CRLF, quotes only where needed, numbers as they are', () => {
    const text = toCsv(spalten, [
      { text: 'Bad Königshofen i.Grabfeld, St', zahl: -3, flag: true },
      { text: 'Sagt "Hallo"\nzweite Zeile', zahl: 0, flag: null },
    ]);
    expect(text).toBe('text,zahl,flag\r\n"Bad Königshofen i.Grabfeld, St",-3,true\r\n"Sagt ""Hallo""\nzweite Zeile",0,\r\n');
  });

  it('writes the spreadsheet variant with semicolons, a byte order mark and decimal commas', () => {
    const text = toCsv(
      [...spalten, { name: 'anteil', wert: () => 48.25 }],
      [{ text: 'Markt Simbach; Rathaus', zahl: 1500, flag: false }],
      'excel',
    );
    expect(text).toBe('\uFEFFtext;zahl;flag;anteil\r\n"Markt Simbach; Rathaus";1500;false;48,25\r\n');
    // The comma needs no quotes there; the project's reader takes it back.
    const parsed = parseCsv(toCsv(spalten, [{ text: 'Weilheim i.OB, St', zahl: 2, flag: true }], 'excel'), { delimiter: ';' });
    expect(parsed.errors).toEqual([]);
    expect(parsed.header).toEqual(['text', 'zahl', 'flag']);
    expect(parsed.records[0].values.text).toBe('Weilheim i.OB, St');
  });

  it('round-trips any text through the project’s CSV reader (formulas neutralised)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ text: fc.string(), zahl: fc.integer(), flag: fc.boolean() }), { maxLength: 20 }), fc.constantFrom('standard' as const, 'excel' as const), (rows, format) => {
        const parsed = parseCsv(toCsv(spalten, rows, format), { delimiter: format === 'excel' ? ';' : ',' });
        expect(parsed.errors).toEqual([]);
        // The reader skips blank lines: a row of one empty text and nothing else cannot occur (zahl is always set).
        expect(parsed.records.map((r) => r.values.text)).toEqual(rows.map((r) => entschaerfe(r.text)));
        expect(parsed.records.map((r) => Number(r.values.zahl))).toEqual(rows.map((r) => r.zahl));
      }),
    );
  });
});
