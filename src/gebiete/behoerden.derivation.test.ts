import { describe, expect, it } from 'vitest';
import { buildGebiete, deriveBehoerden, kurzname } from './behoerden.derivation';
import { asLines, smallVerzeichnis } from './gv100ad.fixtures';
import { parseGv100adLines } from './gv100ad.parser';
import type { Koordinate } from './koordinaten.parser';

const verzeichnis = () => parseGv100adLines(asLines(smallVerzeichnis()), { file: 'test.txt', land: '09' });
const koordinaten = new Map<string, Koordinate>([
  ['09161000', { lat: 48.76, lon: 11.42 }],
  ['09171111', { lat: 48.22, lon: 12.67 }],
  ['09171114', { lat: 48.2, lon: 12.77 }],
  ['09171116', { lat: 48.24, lon: 12.6 }],
]);

describe('kurzname', () => {
  it('strips the designations GV100AD appends', () => {
    expect(kurzname('Bad Königshofen i.Grabfeld, St')).toBe('Bad Königshofen i.Grabfeld');
    expect(kurzname('Tüßling, M')).toBe('Tüßling');
    expect(kurzname('Mühldorf a.Inn, GKSt')).toBe('Mühldorf a.Inn');
    expect(kurzname('München, Landeshauptstadt')).toBe('München');
    expect(kurzname('Hahnbach (VGem)')).toBe('Hahnbach');
  });

  it('keeps parentheses that belong to the name', () => {
    expect(kurzname('Krumbach (Schwaben) (VGem)')).toBe('Krumbach (Schwaben)');
    expect(kurzname('Lindau (Bodensee), GKSt')).toBe('Lindau (Bodensee)');
  });
});

describe('deriveBehoerden', () => {
  it('makes verbandsfreie Gemeinden, VGs, Landkreise and Bezirke Behörden, never gemeindefreie Gebiete', async () => {
    const behoerden = deriveBehoerden(await verzeichnis(), koordinaten);
    expect(behoerden.map((b) => [b.ars, b.typ, b.name])).toEqual([
      ['091610000000', 'kreisfreie_stadt', 'Ingolstadt'],
      ['091710111111', 'stadt', 'Altötting, St'],
      ['091715101', 'vg', 'Emmerting (VGem)'],
      ['09171', 'landkreis', 'Landkreis Altötting'],
      ['091', 'bezirk', 'Bezirk Oberbayern'],
    ]);
  });

  it('gives a VG its members, their population and area, the point of its seat and a population-weighted centre', async () => {
    const vg = deriveBehoerden(await verzeichnis(), koordinaten).find((b) => b.typ === 'vg');
    expect(vg).toMatchObject({
      kurzname: 'Emmerting',
      gemeinden: ['091715101114', '091715101116'],
      bevoelkerung: 3762 + 4000,
      flaecheHa: 1066 + 3000,
      sitz: 'Emmerting',
      plz: '84547',
      kreisKey: '09171',
      regbezKey: '091',
    });
    // The seat is Emmerting: its point, not a centre of the members (the open data promise "seat").
    expect([vg?.lat, vg?.lon]).toEqual([48.2, 12.77]);
    expect(vg?.schwerpunktLat).toBeCloseTo((48.2 * 3762 + 48.24 * 4000) / 7762, 6);
    expect(vg?.schwerpunktLon).toBeCloseTo((12.77 * 3762 + 12.6 * 4000) / 7762, 6);
    expect(vg?.suchname).toBe('emmerting vgem | emmerting | tuessling m | tussling m');
  });

  it('sums a Landkreis over all its Gemeinden (gemeindefreie Gebiete add area, no people)', async () => {
    const lk = deriveBehoerden(await verzeichnis(), koordinaten).find((b) => b.typ === 'landkreis');
    expect(lk).toMatchObject({ kurzname: 'Altötting', bevoelkerung: 13138 + 3762 + 4000, flaecheHa: 2307 + 1066 + 3000 + 500, sitz: 'Altötting', plz: '84503', gemeinden: [] });
    // Its point is the seat Gemeinde's (Altötting), not the centre of the Landkreis.
    expect([lk?.lat, lk?.lon]).toEqual([48.22, 12.67]);
  });

  it('sums a Bezirk over its Regierungsbezirk', async () => {
    const bezirk = deriveBehoerden(await verzeichnis(), koordinaten).find((b) => b.typ === 'bezirk');
    expect(bezirk).toMatchObject({ bevoelkerung: 141185 + 13138 + 3762 + 4000, sitz: 'München', kreisKey: null });
    // The seat München is not among the fixture's Gemeinden: its point stays unknown, never a guess.
    expect([bezirk?.lat, bezirk?.lon]).toEqual([null, null]);
    expect(bezirk?.schwerpunktLat).not.toBeNull();
  });

  it('maps a Gemeinde-Behörde to itself', async () => {
    const stadt = deriveBehoerden(await verzeichnis(), koordinaten).find((b) => b.ars === '091710111111');
    expect(stadt).toMatchObject({ gemeinden: ['091710111111'], kurzname: 'Altötting', lat: 48.22, lon: 12.67, plz: '84503' });
  });
});

describe('buildGebiete', () => {
  it('keeps every level and sums population and area upwards', async () => {
    const gebiete = buildGebiete(await verzeichnis(), koordinaten);
    expect(gebiete.map((g) => g.ebene)).toEqual(['land', 'regierungsbezirk', 'kreis', 'kreis', 'gemeindeverband', 'gemeindeverband', 'gemeindeverband', 'gemeindeverband', 'gemeinde', 'gemeinde', 'gemeinde', 'gemeinde', 'gemeinde']);
    expect(gebiete[0]).toMatchObject({ ars: '09', bevoelkerung: 141185 + 13138 + 3762 + 4000, regbezKey: null });
    expect(gebiete.find((g) => g.ars === '091719452452')).toMatchObject({ typ: 'gemeindefreies Gebiet, unbewohnt', plz: null, lat: null });
  });
});
