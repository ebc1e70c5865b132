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

  it('round-trips any text through the project’s CSV reader (formulas neutralised)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ text: fc.string(), zahl: fc.integer(), flag: fc.boolean() }), { maxLength: 20 }), (rows) => {
        const parsed = parseCsv(toCsv(spalten, rows), { delimiter: ',' });
        expect(parsed.errors).toEqual([]);
        // The reader skips blank lines: a row of one empty text and nothing else cannot occur (zahl is always set).
        expect(parsed.records.map((r) => r.values.text)).toEqual(rows.map((r) => entschaerfe(r.text)));
        expect(parsed.records.map((r) => Number(r.values.zahl))).toEqual(rows.map((r) => r.zahl));
      }),
    );
  });
});
