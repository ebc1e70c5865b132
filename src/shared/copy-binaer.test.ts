import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyBinaer, platzhalter, setzeEin } from './copy-binaer';

describe('binary COPY rows (copyBinaer)', () => {
  it('writes header, rows and trailer as PostgreSQL reads them, NULL as length -1', () => {
    const d = copyBinaer(
      ['text', 'int', 'bool', 'uuid'],
      [
        ['ä', 7, true, 'A0000000-0000-4000-8000-00000000000F'],
        [null, undefined, false, null],
      ],
    );
    const kopf = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
    expect(d.daten.subarray(0, 11)).toEqual(kopf);
    expect(d.daten.readInt32BE(11)).toBe(0);
    expect(d.daten.readInt32BE(15)).toBe(0);
    let p = 19;
    expect(d.daten.readInt16BE(p)).toBe(4);
    expect(d.daten.readInt32BE(p + 2)).toBe(2); // 'ä' in UTF-8
    expect(d.daten.subarray(p + 6, p + 8).toString('utf8')).toBe('ä');
    p += 8;
    expect([d.daten.readInt32BE(p), d.daten.readInt32BE(p + 4)]).toEqual([4, 7]);
    p += 8;
    expect([d.daten.readInt32BE(p), d.daten[p + 4]]).toEqual([1, 1]);
    p += 5;
    expect(d.daten.readInt32BE(p)).toBe(16);
    expect(d.daten.subarray(p + 4, p + 20).toString('hex')).toBe('a000000000004000800000000000000f');
    p += 20;
    expect(d.daten.readInt16BE(p)).toBe(4);
    expect([d.daten.readInt32BE(p + 2), d.daten.readInt32BE(p + 6), d.daten.readInt32BE(p + 10), d.daten[p + 14], d.daten.readInt32BE(p + 15)]).toEqual([
      -1, -1, 1, 0, -1,
    ]);
    expect(d.daten.readInt16BE(d.daten.length - 2)).toBe(-1);
    expect(d.zeilen).toBe(2);
  });

  it('writes a time as microseconds since 2000-01-01 UTC, also before it and far after', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30_000_000_000_000, max: 30_000_000_000_000 }), (ms) => {
        const d = copyBinaer(['timestamptz'], [[new Date(ms)]]);
        expect(d.daten.readBigInt64BE(19 + 2 + 4)).toBe(BigInt(ms - Date.UTC(2000, 0, 1)) * 1000n);
      }),
    );
  });

  it('puts stand-ins in later, at every place they were left', () => {
    const zeit = platzhalter('zeit');
    const wer = platzhalter('wer');
    const d = copyBinaer(
      ['timestamptz', 'uuid', 'text'],
      [
        [zeit, wer, 'a'],
        [zeit, null, 'b'],
      ],
    );
    const at = new Date('2026-12-06T23:59:58.123Z');
    const id = '00000000-0000-4000-8000-0000000000aa';
    setzeEin(setzeEin(d, 'zeit', at), 'wer', id);
    expect(
      d.daten.equals(
        copyBinaer(
          ['timestamptz', 'uuid', 'text'],
          [
            [at, id, 'a'],
            [at, null, 'b'],
          ],
        ).daten,
      ),
    ).toBe(true);
  });

  it('refuses values that are not of the column’s type, and rows of the wrong width', () => {
    expect(() => copyBinaer(['uuid'], [['keine-uuid']])).toThrow(/not a UUID/);
    expect(() => copyBinaer(['int'], [[2 ** 31]])).toThrow(/32-bit/);
    expect(() => copyBinaer(['int'], [[1.5]])).toThrow(/32-bit/);
    expect(() => copyBinaer(['bool'], [['t']])).toThrow(/boolean/);
    expect(() => copyBinaer(['timestamptz'], [['gestern']])).toThrow(/not a time/);
    expect(() => copyBinaer(['text', 'int'], [['a']])).toThrow(/row 1 has 1 values for 2 columns/);
    expect(() => copyBinaer(['text'], [[platzhalter('x')]])).toThrow(/stand-in for a text column/);
  });
});
