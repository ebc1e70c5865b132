import { describe, expect, it } from 'vitest';
import { parseKoordinatenCsv } from './koordinaten.parser';

const FILE = 'gvisys_auszug_4q2020_mit_koordinaten.csv';
const HEADER = '\uFEFFsatzart,textkennzeichen,land,rb,kreis,vb,gemeinde,gemeindename,laengengrad,breitengrad';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

describe('parseKoordinatenCsv', () => {
  it('reads the German decimal comma and joins by AGS', () => {
    const r = parseKoordinatenCsv(csv('40,41,09,1,61,,,Ingolstadt,,', '60,61,09,1,61,0000,000,Ingolstadt,"11,423387","48,76542"'), FILE);
    expect(r.errors).toEqual([]);
    expect(r.byAgs).toEqual(new Map([['09161000', { lat: 48.76542, lon: 11.423387 }]]));
  });

  it('treats empty and 0/0 coordinates as "none" (coastal waters, condominium)', () => {
    const r = parseKoordinatenCsv(csv('60,66,07,0,00,9999,999,Hoheitsgebiet,0,0', '60,66,13,0,00,9999,999,Küstengewässer,,'), FILE);
    expect(r.errors).toEqual([]);
    expect(r.byAgs.size).toBe(0);
  });

  it('reports broken values and swapped columns with line and column', () => {
    const r = parseKoordinatenCsv(
      csv('60,61,09,1,61,0000,000,Ingolstadt,"11;42","48,76"', '60,61,09,1,62,0000,000,München,"48,13","11,57"', '60,61,09,1,6x,0000,000,X,"11,0","48,0"'),
      FILE,
    );
    expect(r.errors.map((e) => [e.line, e.field])).toEqual([
      [2, 'laengengrad'],
      [3, 'laengengrad'],
      [3, 'breitengrad'],
      [4, 'kreis'],
    ]);
  });

  it('reports a missing column', () => {
    const r = parseKoordinatenCsv('satzart,land\n60,09\n', FILE);
    expect(r.errors.map((e) => e.message)).toContain('Pflichtspalte „laengengrad“ fehlt');
  });
});
