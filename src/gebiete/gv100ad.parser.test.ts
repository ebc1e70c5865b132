import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aGemeinde, aGemeindeverband, aKreis, aLand, aRegierungsbezirk, asLines, smallVerzeichnis, withLines } from './gv100ad.fixtures';
import { formatGv100adSatz, type GemeindeSatz, type Gv100adSatz, parseGv100adLines, parseGv100adSatz, readGv100adFile, TEXTKENNZEICHEN } from './gv100ad.parser';
import { formatImportFehler } from './import-fehler';

const FILE = 'GV100AD_30112025.txt';
const parseLines = (lines: string[], land = '09') => parseGv100adLines(lines, { file: FILE, land });

/** Replaces the characters from position `from` (1-based) with `text`. */
const overwrite = (line: string, from: number, text: string) => line.slice(0, from - 1) + text + line.slice(from - 1 + text.length);

describe('parseGv100adSatz', () => {
  it('reads a Gemeinde record field by field', () => {
    const line = formatGv100adSatz(aGemeinde({ ars: '091610000000', name: 'Ingolstadt', textkennzeichen: '61', typ: 'Kreisfreie Stadt', bevoelkerung: 141185, bevoelkerungMaennlich: 71791, flaecheHa: 13335, plz: '85047', plzEindeutig: false }));
    expect(line).toHaveLength(220);
    expect(line.slice(0, 22)).toBe('6020251130091610000000');
    expect(line.slice(128, 161)).toBe('000000133350000014118500000071791');
    const { satz, errors } = parseGv100adSatz(line, 8620, FILE);
    expect(errors).toEqual([]);
    expect(satz).toMatchObject({
      satzart: '60', ars: '091610000000', ags: '09161000', kreisKey: '09161', verbandArs: '091610000', regbezKey: '091',
      name: 'Ingolstadt', typ: 'Kreisfreie Stadt', bevoelkerung: 141185, flaecheHa: 13335, plz: '85047', plzEindeutig: false, line: 8620,
    });
  });

  it('counts positions in characters, so umlauts do not shift the fields', () => {
    const line = formatGv100adSatz(aGemeinde({ name: 'Tüßling, M', textkennzeichen: '60', typ: 'Markt' }));
    expect(Buffer.byteLength(line)).toBe(222);
    expect(parseGv100adSatz(line, 1, FILE).satz).toMatchObject({ name: 'Tüßling, M', typ: 'Markt', plz: '84547' });
  });

  it('reports a non-numeric Bevölkerung with file, line and field', () => {
    const line = overwrite(formatGv100adSatz(aGemeinde()), 140, '00x00141185');
    const { satz, errors } = parseGv100adSatz(line, 8620, FILE);
    expect(satz).toBeNull();
    expect(errors.map(formatImportFehler)).toEqual(['GV100AD_30112025.txt, Zeile 8620, Feld „Bevölkerung“: „00x00141185“ ist keine Zahl']);
  });

  it('reports every problem of a record, not only the first', () => {
    let line = formatGv100adSatz(aGemeinde());
    line = overwrite(line, 3, '20251131'); // no 31 November
    line = overwrite(line, 123, '44'); // a Kreis code on a Gemeinde
    line = overwrite(line, 166, '8454 ');
    line = overwrite(line, 129, '          x');
    const fields = parseGv100adSatz(line, 5, FILE).errors.map((e) => e.field);
    expect(fields).toEqual(['Gebietsstand', 'Textkennzeichen', 'Fläche', 'Postleitzahl']);
  });

  it('rejects records of the wrong length and unknown Satzarten', () => {
    const line = formatGv100adSatz(aLand());
    expect(parseGv100adSatz(line.slice(0, 219), 1, FILE).errors[0]).toMatchObject({ field: 'Satzlänge', message: 'Satz hat 219 statt 220 Zeichen' });
    expect(parseGv100adSatz(overwrite(line, 1, '70'), 1, FILE).errors[0]).toMatchObject({ field: 'Satzart' });
  });

  it('checks that the key has digits where the Satzart needs them and blanks elsewhere', () => {
    const kreis = formatGv100adSatz(aKreis());
    expect(parseGv100adSatz(overwrite(kreis, 14, '7x'), 1, FILE).errors[0].field).toBe('Regionalschlüssel');
    expect(parseGv100adSatz(overwrite(kreis, 19, '0111'), 1, FILE).errors[0].message).toContain('muss bei Satzart 40 leer sein');
  });

  it('allows a gemeindefreies Gebiet without PLZ but not a Gemeinde', () => {
    const frei = formatGv100adSatz(aGemeinde({ textkennzeichen: '66', typ: TEXTKENNZEICHEN['66'] }));
    expect(parseGv100adSatz(frei, 1, FILE).errors).toEqual([]);
    const ohnePlz = overwrite(formatGv100adSatz(aGemeinde()), 166, '     ');
    expect(parseGv100adSatz(ohnePlz, 1, FILE).errors[0]).toMatchObject({ field: 'Postleitzahl', message: 'Wert fehlt' });
  });

  it('rejects more men than inhabitants', () => {
    const line = formatGv100adSatz(aGemeinde({ bevoelkerung: 10, bevoelkerungMaennlich: 11 }));
    expect(parseGv100adSatz(line, 1, FILE).errors[0].field).toBe('Bevölkerung männlich');
  });

  it('says so when the file is not UTF-8', () => {
    const line = formatGv100adSatz(aGemeinde({ name: 'T\uFFFDling' }));
    expect(parseGv100adSatz(line, 1, FILE).errors[0].field).toBe('Zeichenkodierung');
  });
});

/* ------------------------------------------------------------------ properties */

const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));
/** Regierungsbezirk digit + Kreis (never "00": that marks areas directly under a Land). */
const kreisDigits = fc.tuple(digits(1), fc.integer({ min: 1, max: 99 })).map(([r, k]) => `${r}${String(k).padStart(2, '0')}`);
const nameArb = fc.stringMatching(/^[A-ZÄÖÜ][a-zäöüß .,()-]{0,40}[a-zäöüß.)]$/);
const gemeindeArb: fc.Arbitrary<GemeindeSatz> = fc
  .record({
    kreis: kreisDigits,
    verband: digits(4),
    gemeinde: digits(3),
    name: nameArb,
    textkennzeichen: fc.constantFrom('60', '61', '62', '63', '64', '65', '66', '67' as const),
    flaecheHa: fc.nat({ max: 99_999_999 }),
    bevoelkerung: fc.nat({ max: 9_999_999 }),
    maennlichAnteil: fc.double({ min: 0, max: 1, noNaN: true }),
    plz: digits(5),
    plzEindeutig: fc.boolean(),
    lg: fc.stringMatching(/^[0-9A-Z]$/),
    btwBis: fc.option(digits(3), { nil: null }),
  })
  .map((r) => {
    const frei = r.textkennzeichen === '65' || r.textkennzeichen === '66';
    const bevoelkerung = r.textkennzeichen === '66' ? 0 : r.bevoelkerung;
    return aGemeinde({
      ars: `09${r.kreis}${r.verband}${r.gemeinde}`,
      name: r.name,
      textkennzeichen: r.textkennzeichen,
      typ: TEXTKENNZEICHEN[r.textkennzeichen],
      flaecheHa: r.flaecheHa,
      bevoelkerung,
      bevoelkerungMaennlich: Math.floor(bevoelkerung * r.maennlichAnteil),
      plz: frei ? null : r.plz,
      plzEindeutig: r.plzEindeutig,
      lgBezirk: r.lg,
      arbeitsagenturbezirk: frei ? null : '85907',
      btwWahlkreisBis: r.btwBis,
    });
  });

const satzArb: fc.Arbitrary<Gv100adSatz> = fc.oneof(
  gemeindeArb,
  fc.record({ k: kreisDigits, name: nameArb, tkz: fc.constantFrom('41', '42', '43', '44', '45' as const), sitz: nameArb }).map(({ k, name, tkz, sitz }) =>
    aKreis({ ars: `09${k}`, regbezKey: `09${k[0]}`, kreisKey: `09${k}`, name, textkennzeichen: tkz, typ: TEXTKENNZEICHEN[tkz], verwaltungssitz: sitz }),
  ),
  fc.record({ k: fc.tuple(kreisDigits, digits(4)).map(([k, v]) => k + v), name: nameArb, tkz: fc.constantFrom('50', '51', '52', '53', '54', '55', '56', '57', '58' as const), sitz: fc.option(nameArb, { nil: null }) }).map(
    ({ k, name, tkz, sitz }) => aGemeindeverband({ ars: `09${k}`, regbezKey: `09${k[0]}`, kreisKey: `09${k.slice(0, 3)}`, name, textkennzeichen: tkz, typ: TEXTKENNZEICHEN[tkz], verwaltungssitz: sitz }),
  ),
  fc.record({ r: digits(1), name: nameArb, sitz: fc.option(nameArb, { nil: null }) }).map(({ r, name, sitz }) => aRegierungsbezirk({ ars: `09${r}`, regbezKey: `09${r}`, name, verwaltungssitz: sitz })),
);

describe('GV100AD properties', () => {
  it('a formatted valid record is parsed back to the same record', () => {
    fc.assert(
      fc.property(satzArb, fc.integer({ min: 1, max: 20_000 }), (satz, line) => {
        const text = formatGv100adSatz(satz);
        const parsed = parseGv100adSatz(text, line, FILE);
        expect(parsed.errors).toEqual([]);
        expect(parsed.satz).toEqual({ ...satz, line });
        expect(formatGv100adSatz(parsed.satz as Gv100adSatz)).toBe(text);
      }),
    );
  });

  it('a corrupted numeric field is reported with its line and field', async () => {
    const fields = [
      { field: 'Fläche', from: 129 },
      { field: 'Bevölkerung', from: 140 },
      { field: 'Bevölkerung männlich', from: 151 },
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.array(gemeindeArb, { minLength: 1, maxLength: 10 }),
        fc.nat(),
        fc.constantFrom(...fields),
        fc.integer({ min: 0, max: 10 }),
        fc.constantFrom('x', ' ', '-', '.', 'O', 'ä'),
        async (gemeinden, pick, { field, from }, offset, bad) => {
          // A consistent file: Land, Regierungsbezirke, Kreise and Verbände for the generated Gemeinden.
          const records = new Map<string, Gv100adSatz>([['10:09', aLand()]]);
          for (const g of gemeinden) {
            records.set(`20:${g.regbezKey}`, aRegierungsbezirk({ ars: g.regbezKey, regbezKey: g.regbezKey }));
            records.set(`40:${g.kreisKey}`, aKreis({ ars: g.kreisKey as string, regbezKey: g.regbezKey, kreisKey: g.kreisKey as string }));
            records.set(`50:${g.verbandArs}`, aGemeindeverband({ ars: g.verbandArs, regbezKey: g.regbezKey, kreisKey: g.kreisKey }));
          }
          const unique = [...new Map(gemeinden.map((g) => [g.ars, g])).values()];
          const lines = asLines([...records.values(), ...unique]);
          const target = records.size + (pick % unique.length); // 0-based index of a Gemeinde line
          lines[target] = overwrite(lines[target], from + offset, bad);
          const result = await parseLines(lines);
          expect(result.errors.length).toBeGreaterThan(0);
          expect(result.errors).toContainEqual(expect.objectContaining({ file: FILE, line: target + 1, field }));
          expect(result.errors.every((e) => e.line === target + 1)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});

/* ------------------------------------------------------------------ whole file */

describe('parseGv100adLines', () => {
  it('returns the records of the selected Land per level', async () => {
    const result = await parseLines(asLines(smallVerzeichnis()));
    expect(result.errors).toEqual([]);
    expect(result.gebietsstand).toBe('2025-11-30');
    expect(result.recordCount).toBe(14);
    expect([result.laender.length, result.regierungsbezirke.length, result.kreise.length, result.gemeindeverbaende.length, result.gemeinden.length]).toEqual([1, 1, 2, 4, 5]);
    expect(result.gemeinden.map((g) => g.line)).toEqual([5, 10, 11, 12, 13]);
  });

  it('keeps every Land with "all" and reports a Land that is not in the file', async () => {
    expect((await parseLines(asLines(smallVerzeichnis()), 'all')).laender.map((l) => l.ars)).toEqual(['09', '05']);
    const missing = await parseLines(asLines(smallVerzeichnis()), '12');
    expect(missing.errors).toEqual([{ file: FILE, line: null, field: 'Land', message: 'Land „12“ kommt in der Datei nicht vor' }]);
  });

  it('rejects an invalid Land selection', async () => {
    await expect(parseLines([], 'Bayern')).rejects.toThrow(RangeError);
  });

  it('reports a Gemeinde whose Gemeindeverband is missing, and duplicate keys', async () => {
    const records = smallVerzeichnis().filter((r) => r.ars !== '091715101');
    records.push(aGemeinde({ ars: '091710111111', name: 'Doppelt' }));
    const result = await parseLines(asLines(records));
    expect(result.errors.map((e) => [e.line, e.message])).toEqual([
      [10, 'Gemeindeverband 091715101 fehlt im Verzeichnis'],
      [11, 'Gemeindeverband 091715101 fehlt im Verzeichnis'],
      [14, '091710111111 kommt doppelt vor (zuerst in Zeile 9)'],
    ]);
  });

  it('reports a record with another Gebietsstand', async () => {
    const records = smallVerzeichnis();
    records[3] = { ...records[3], gebietsstand: '2025-09-30' };
    const result = await parseLines(asLines(records));
    expect(result.errors).toEqual([expect.objectContaining({ line: 4, field: 'Gebietsstand' })]);
  });

  it('reads a file with byte order mark and CRLF line ends line by line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gv100ad-'));
    try {
      const file = path.join(dir, FILE);
      fs.writeFileSync(file, `\uFEFF${asLines(smallVerzeichnis()).join('\r\n')}\r\n`);
      const progress: number[] = [];
      const result = await readGv100adFile(file, { land: '09', onProgress: (done) => progress.push(done) });
      expect(result.errors).toEqual([]);
      expect(result.gemeinden).toEqual(withLines(smallVerzeichnis()).filter((r) => r.satzart === '60'));
      expect(progress.at(-1)).toBe(fs.statSync(file).size);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a Latin-1 file instead of importing broken names', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gv100ad-'));
    try {
      const file = path.join(dir, FILE);
      fs.writeFileSync(file, Buffer.from(`${asLines(smallVerzeichnis()).join('\n')}\n`, 'latin1'));
      const result = await readGv100adFile(file);
      expect(result.errors[0]).toMatchObject({ line: 1, field: 'Zeichenkodierung' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
