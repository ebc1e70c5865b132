import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads a header and records keyed by column name, with their line numbers', () => {
    const r = parseCsv('ags,name\n09161000,Ingolstadt\n09162000,München\n');
    expect(r.errors).toEqual([]);
    expect(r.header).toEqual(['ags', 'name']);
    expect(r.records).toEqual([
      { line: 2, values: { ags: '09161000', name: 'Ingolstadt' } },
      { line: 3, values: { ags: '09162000', name: 'München' } },
    ]);
  });

  it('removes a byte order mark and accepts CRLF', () => {
    const r = parseCsv('\uFEFFsatzart,name\r\n60,Ingolstadt\r\n');
    expect(r.header).toEqual(['satzart', 'name']);
    expect(r.records[0].values).toEqual({ satzart: '60', name: 'Ingolstadt' });
  });

  it('detects the semicolon of German Excel exports', () => {
    const r = parseCsv('name;laengengrad\n"Flensburg, Stadt";"9,43751"\n');
    expect(r.delimiter).toBe(';');
    expect(r.records[0].values).toEqual({ name: 'Flensburg, Stadt', laengengrad: '9,43751' });
  });

  it('keeps delimiters, doubled quotes and line breaks inside quoted fields', () => {
    const r = parseCsv('id,text\n1,"a, ""b""\nzweite Zeile"\n2,x\n');
    expect(r.errors).toEqual([]);
    expect(r.records).toEqual([
      { line: 2, values: { id: '1', text: 'a, "b"\nzweite Zeile' } },
      { line: 4, values: { id: '2', text: 'x' } },
    ]);
  });

  it('skips empty lines but counts them', () => {
    const r = parseCsv('a,b\n\n1,2\n\n');
    expect(r.records).toEqual([{ line: 3, values: { a: '1', b: '2' } }]);
  });

  it('reports every record with the wrong number of fields, not only the first', () => {
    const r = parseCsv('a,b\n1,2\n3\n4,5,6\n7,8\n');
    expect(r.records.map((x) => x.line)).toEqual([2, 5]);
    expect(r.errors.map((e) => e.line)).toEqual([3, 4]);
    expect(r.errors[0].message).toContain('1 Felder statt 2');
  });

  it('reports quote problems with the line they start on', () => {
    const r = parseCsv('a,b\n1,x"y\n2,"z"w\n3,"offen\n');
    expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(r.errors[2].message).toContain('nicht geschlossen');
  });

  it('reports missing, empty and duplicate columns', () => {
    const r = parseCsv('a,,a\n1,2,3\n', { requiredColumns: ['a', 'b'] });
    expect(r.errors.map((e) => e.message)).toEqual(['Spalte 2 hat keinen Namen', 'Spalte „a“ kommt doppelt vor', 'Pflichtspalte „b“ fehlt']);
  });

  it('reports an empty file', () => {
    expect(parseCsv('').errors).toEqual([{ line: 1, message: 'Die Datei ist leer: Kopfzeile fehlt' }]);
  });

  it('reads back whatever a correct writer wrote (property)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'ä', ' ', ',', ';', '"', '\n', '\r\n', 'x', '1') });
    const quote = (v: string) => (/[",;\r\n]/.test(v) || v === '' ? `"${v.replaceAll('"', '""')}"` : v);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.array(field, { minLength: n, maxLength: n }), { maxLength: 6 }))),
        fc.constantFrom(',', ';'),
        fc.constantFrom('\n', '\r\n'),
        ([n, rows], delimiter, eol) => {
          const header = Array.from({ length: n }, (_, i) => `spalte${i}`);
          const text = [header, ...rows].map((r) => r.map(quote).join(delimiter)).join(eol) + eol;
          const parsed = parseCsv(text, { delimiter: delimiter as ',' | ';' });
          expect(parsed.errors).toEqual([]);
          // A one-column record with an empty value looks like an empty line and is skipped.
          const expected = rows.filter((r) => !(n === 1 && r[0] === ''));
          expect(parsed.records.map((r) => header.map((h) => r.values[h]))).toEqual(expected);
        },
      ),
    );
  });

  it('gives each record the physical line it starts on (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 3 }), { maxLength: 8 }), (breaks) => {
        // Record i has breaks[i] line breaks inside a quoted field.
        const lines = breaks.map((b, i) => `${i},"${'\n'.repeat(b)}"`);
        const parsed = parseCsv(`nr,text\n${lines.join('\n')}\n`);
        let line = 2;
        const expected = breaks.map((b) => {
          const start = line;
          line += b + 1;
          return start;
        });
        expect(parsed.records.map((r) => r.line)).toEqual(expected);
      }),
    );
  });
});
