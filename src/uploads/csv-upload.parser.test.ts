import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_ZEILEN, parseUploadCsv, schreibeCsv, splitLeika } from './csv-upload.parser';
import { pruefeFormat } from './upload.pruefung';
import type { UploadZeile } from './upload.types';

const KOPF = 'ars;name;beschreibung;url;leika_schluessel';
const ZEILE = '091620000000;Hundesteuer;Hund anmelden;https://example.org/hund;99102013000000';

describe('parseUploadCsv', () => {
  it('reads rows with their line numbers, trims values and splits LeiKa keys at | and blanks', () => {
    const r = parseUploadCsv(`${KOPF}\r\n 091620000000 ;Hundesteuer;"Hund\nanmelden";https://example.org/hund;99102013000000| 99102013010000\n${ZEILE}\n`);
    expect(r.fehler).toEqual([]);
    expect(r.zeilen).toEqual([
      { zeile: 2, ars: '091620000000', name: 'Hundesteuer', beschreibung: 'Hund\nanmelden', url: 'https://example.org/hund', leikaSchluessel: ['99102013000000', '99102013010000'] },
      { zeile: 4, ars: '091620000000', name: 'Hundesteuer', beschreibung: 'Hund anmelden', url: 'https://example.org/hund', leikaSchluessel: ['99102013000000'] },
    ]);
  });

  it('detects comma as delimiter, removes the byte order mark and reads the optional columns', () => {
    const r = parseUploadCsv(
      '\uFEFFARS,Name,Beschreibung,URL,LeiKa-Schlüssel,verfahren_id,externe_id,art,vertrauensniveau\n091620000000,A,,https://example.org/a,99102013000000,,X-1,information,hoch\n',
    );
    expect(r.trennzeichen).toBe(',');
    expect(r.fehler).toEqual([]);
    expect(r.zeilen[0]).toEqual({
      zeile: 2,
      ars: '091620000000',
      name: 'A',
      beschreibung: '',
      url: 'https://example.org/a',
      leikaSchluessel: ['99102013000000'],
      externeId: 'X-1',
      art: 'information',
      vertrauensniveau: 'hoch',
    });
  });

  it('names every missing required column and reads no row then', () => {
    const r = parseUploadCsv('ars;titel;url\n091620000000;A;https://example.org\n');
    expect(r.zeilen).toEqual([]);
    expect(r.fehler.map((f) => [f.zeile, f.spalte])).toEqual([
      [1, 'name'],
      [1, 'beschreibung'],
      [1, 'leika_schluessel'],
    ]);
    expect(r.fehler[0].meldung).toContain('Pflichtspalte „name“ fehlt');
  });

  it('ignores unknown columns but says so', () => {
    const r = parseUploadCsv(`${KOPF};bemerkung\n${ZEILE};intern\n`);
    expect(r.fehler).toEqual([]);
    expect(r.zeilen).toHaveLength(1);
    expect(r.hinweise).toEqual(['Die Spalte „bemerkung“ ist unbekannt und wird ignoriert.']);
  });

  it('skips empty lines and lines of delimiters only', () => {
    const r = parseUploadCsv(`${KOPF}\n\n${ZEILE}\n;;;;\n\r\n${ZEILE}\n`);
    expect(r.fehler).toEqual([]);
    expect(r.zeilen.map((z) => z.zeile)).toEqual([3, 6]);
  });

  it('reports CSV syntax errors with their line and keeps the other rows', () => {
    const r = parseUploadCsv(`${KOPF}\n${ZEILE}\n091620000000;"kaputt;x;https://example.org;99102013000000\n`);
    expect(r.zeilen).toHaveLength(1);
    expect(r.fehler[0].zeile).toBe(3);
  });

  it('reports a record with too many fields with its line', () => {
    const r = parseUploadCsv(`${KOPF}\n${ZEILE}\n${ZEILE};zuviel\n`);
    expect(r.fehler).toEqual([{ zeile: 3, spalte: undefined, meldung: expect.stringContaining('6 Felder statt 5') }]);
  });

  it('says when a file has no data rows, and when it is empty', () => {
    expect(parseUploadCsv(`${KOPF}\n`).fehler[0].meldung).toContain('keine Datenzeilen');
    expect(parseUploadCsv('').fehler[0].meldung).toContain('leer');
  });

  it('refuses a file that is not UTF-8 and names the line of the first bad byte', () => {
    const latin1 = Buffer.concat([Buffer.from(`${KOPF}\n${ZEILE}\n091620000000;M`), Buffer.from([0xfc]), Buffer.from('nchen;x;https://example.org;99102013000000\n')]);
    const r = parseUploadCsv(latin1);
    expect(r.zeilen).toEqual([]);
    expect(r.fehler).toEqual([{ zeile: 3, meldung: expect.stringContaining('nicht UTF-8') }]);
  });

  it('refuses more than 200,000 data rows and more than 50 MB with a clear message', () => {
    const viele = `${KOPF}\n${`${ZEILE}\n`.repeat(MAX_UPLOAD_ZEILEN + 1)}`;
    const r = parseUploadCsv(viele);
    expect(r.zeilen).toEqual([]);
    expect(r.fehler).toHaveLength(1);
    expect(r.fehler[0].meldung).toContain('200.001 Datenzeilen; erlaubt sind höchstens 200.000');
    const gross = parseUploadCsv(new Uint8Array(MAX_UPLOAD_BYTES + 1));
    expect(gross.fehler[0].meldung).toContain('erlaubt sind höchstens 50 MB');
  });

  it('splits LeiKa cells at pipes, blanks and line breaks', () => {
    expect(splitLeika(' 99102013000000 |99102013010000\n99102013002000 ')).toEqual(['99102013000000', '99102013010000', '99102013002000']);
    expect(splitLeika('')).toEqual([]);
  });
});

/* ------------------------------------------------------------------ properties */

// Values as people write them: umlauts, quotes, both delimiters, line breaks inside (not at the ends: values are trimmed).
const text = (max: number) =>
  fc
    .string({ unit: fc.constantFrom('a', 'ß', 'Ü', ' ', ';', ',', '"', '\n', '\r\n', '1', '–', 'é'), maxLength: max })
    .map((s) => s.trim())
    .filter((s) => s === '' || s.trim() === s);

const ziffern = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((a) => a.join(''));

const gueltigeZeile = fc.record({
  ars: fc.oneof(ziffern(12), ziffern(9), ziffern(5), ziffern(3)),
  // A name is one line with at least one letter (line breaks inside quoted cells: beschreibung).
  name: text(40).filter((s) => /\p{L}/u.test(s) && !/[\r\n]/.test(s)),
  beschreibung: text(80),
  url: fc.webPath().map((p) => `https://dienst.example.org${p.replace(/\s/g, '')}`),
  leikaSchluessel: fc.uniqueArray(ziffern(12).map((d) => `99${d}`), { minLength: 1, maxLength: 3 }),
  art: fc.constantFrom('', 'online', 'information', 'formular_pdf'),
  vertrauensniveau: fc.constantFrom('', 'niedrig', 'substanziell', 'hoch'),
});
type GueltigeZeile = typeof gueltigeZeile extends fc.Arbitrary<infer T> ? T : never;

const SPALTEN = ['ars', 'name', 'beschreibung', 'url', 'leika_schluessel', 'art', 'vertrauensniveau'];
const alsFelder = (z: GueltigeZeile) => [z.ars, z.name, z.beschreibung, z.url, z.leikaSchluessel.join('|'), z.art, z.vertrauensniveau];
const zeilenumbrueche = (s: string) => (s.match(/\r\n|\r|\n/g) ?? []).length;

/** CSV text plus the line each record starts on (line breaks inside quoted fields move the later ones). */
function alsCsv(zeilen: string[][], delimiter: ',' | ';', bom: boolean) {
  const csv = `${bom ? '\uFEFF' : ''}${schreibeCsv(SPALTEN, zeilen, delimiter)}`;
  let line = 2;
  const starts = zeilen.map((felder) => {
    const start = line;
    line += 1 + felder.reduce((n, f) => n + zeilenumbrueche(f), 0);
    return start;
  });
  return { csv, starts };
}

describe('properties', () => {
  it('valid rows survive writing and reading unchanged, with the right line numbers and no errors', () => {
    fc.assert(
      fc.property(fc.array(gueltigeZeile, { minLength: 1, maxLength: 15 }), fc.constantFrom(',' as const, ';' as const), fc.boolean(), (rows, delimiter, bom) => {
        const { csv, starts } = alsCsv(rows.map(alsFelder), delimiter, bom);
        const r = parseUploadCsv(csv);
        expect(r.fehler).toEqual([]);
        const erwartet: UploadZeile[] = rows.map((z, i) => ({
          zeile: starts[i],
          ars: z.ars,
          name: z.name,
          beschreibung: z.beschreibung,
          url: z.url,
          leikaSchluessel: z.leikaSchluessel,
          ...(z.vertrauensniveau ? { vertrauensniveau: z.vertrauensniveau } : {}),
          ...(z.art ? { art: z.art } : {}),
        }));
        expect(r.zeilen).toEqual(erwartet);
        expect(r.zeilen.flatMap(pruefeFormat)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  const verderbnisse: [string, number, fc.Arbitrary<string>][] = [
    ['ars', 0, fc.constantFrom('', '0916200000', '09162000000x', 'München')],
    ['name', 1, fc.constantFrom('', 'x'.repeat(301), 'Antrag\u202Eexe.fdp', 'javascript:alert(1)', '../../etc/passwd', 'Zeile\neins', '12345', '<b>Antrag</b>')],
    ['beschreibung', 2, fc.constantFrom('Text mit \u2066Isolat', 'Null\u0007Glocke', 'x'.repeat(5001))],
    ['url', 3, fc.constantFrom('', 'http://example.org/a', 'https://exa mple.org', 'ftp://example.org', `https://example.org/${'a'.repeat(2000)}`)],
    ['leika_schluessel', 4, fc.constantFrom('', '12345', '9910201300000', '88102013000000', '99102013000000,99102013010000')],
    ['art', 5, fc.constantFrom('Online', 'pdf', 'antrag')],
    ['vertrauensniveau', 6, fc.constantFrom('mittel', 'HOCH', 'basis')],
  ];

  it('a corrupted cell is reported with its line and column, and nothing else is', () => {
    fc.assert(
      fc.property(
        fc.array(gueltigeZeile, { minLength: 1, maxLength: 10 }),
        fc.nat(),
        fc.constantFrom(...verderbnisse).chain(([spalte, index, wert]) => wert.map((w) => ({ spalte, index, wert: w }))),
        fc.constantFrom(',' as const, ';' as const),
        (rows, which, v, delimiter) => {
          const felder = rows.map(alsFelder);
          const i = which % felder.length;
          felder[i][v.index] = v.wert;
          const { csv, starts } = alsCsv(felder, delimiter, false);
          const r = parseUploadCsv(csv);
          const fehler = [...r.fehler, ...r.zeilen.flatMap(pruefeFormat)];
          expect(fehler.length).toBeGreaterThan(0);
          for (const f of fehler) expect([f.zeile, f.spalte]).toEqual([starts[i], v.spalte]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
