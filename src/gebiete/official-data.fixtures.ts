/**
 * A tiny but complete official data folder (tests only): the small GV100AD directory of
 * `gv100ad.fixtures.ts`, coordinates, a two-entry OZG/LeiKa catalogue and square boundaries.
 * Imports in milliseconds where the real data is not the point (CLI output, error paths).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asLines, smallVerzeichnis } from './gv100ad.fixtures';

const square = (lon: number, lat: number) => ({
  type: 'Polygon',
  coordinates: [[[lon, lat], [lon + 0.1, lat], [lon + 0.1, lat + 0.1], [lon, lat + 0.1], [lon, lat]]],
});

const featureCollection = (features: { ars: string; gen: string; bez: string }[]) =>
  JSON.stringify({
    type: 'FeatureCollection',
    features: features.map((f, i) => ({ type: 'Feature', properties: { ARS: f.ars, GEN: f.gen, BEZ: f.bez }, geometry: square(11 + i * 0.2, 48) })),
  });

/**
 * Writes the folder and returns its path. `gv100adLines` may change the GV100AD lines (e.g. break
 * one) before they are written.
 */
export function writeOfficialDataFixture(options: { gv100adLines?: (lines: string[]) => string[] } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtliche-daten-klein-'));
  const gv = path.join(dir, 'gemeindeverzeichnis');
  const ozg = path.join(dir, 'ozg-leika');
  const geo = path.join(dir, 'geo-bayern');
  for (const d of [gv, ozg, geo]) fs.mkdirSync(d);

  const lines = asLines(smallVerzeichnis());
  fs.writeFileSync(path.join(gv, 'GV100AD_30112025.txt'), `${(options.gv100adLines ?? ((l) => l))(lines).join('\n')}\n`);
  fs.writeFileSync(
    path.join(gv, 'gvisys_test_mit_koordinaten.csv'),
    [
      '\uFEFFsatzart,textkennzeichen,land,rb,kreis,vb,gemeinde,gemeindename,laengengrad,breitengrad',
      '60,61,09,1,61,0000,000,Ingolstadt,"11,423387","48,76542"',
      '60,63,09,1,71,0111,111,"Altötting, St","12,67892","48,227986"',
      '60,64,09,1,71,5101,114,Emmerting,"12,77","48,2"',
      '60,60,09,1,71,5101,116,"Tüßling, M","12,6","48,24"',
      '60,66,09,1,71,9452,452,Forst,"12,5","48,3"',
      '',
    ].join('\r\n'),
  );

  fs.writeFileSync(path.join(ozg, 'ozg_themenfelder.csv'), 'themenfeld_id,name\r\n2,Bauen & Wohnen\r\n');
  fs.writeFileSync(path.join(ozg, 'ozg_lebenslagen.csv'), 'lebenslage_id,name,themenfeld_id,themenfeld\r\n14,Bauen & Immobilien,2,Bauen & Wohnen\r\n');
  fs.writeFileSync(
    path.join(ozg, 'ozg_leistungen.csv'),
    'ozg_leistung_id,ozg_id,name,lebenslage_id,lebenslage,themenfeld_id,themenfeld\r\n1,10513,Abbruchgenehmigung,14,Bauen & Immobilien,2,Bauen & Wohnen\r\n',
  );
  fs.writeFileSync(
    path.join(ozg, 'leika_leistungen.csv'),
    [
      'leika_leistung_id,leika_schluessel,name,typisierung,ozg_leistung_id,ozg_id,ozg_leistung,rechtsgrundlage,gesetze,gesetzeskuerzel,sdg1_relevant,sdg2_relevant',
      '2,99012001000000,Abbruchgenehmigung,4,1,10513,Abbruchgenehmigung,,,,0,0',
      '3,nicht im LeiKa,Prüfung,1,,,,,,,1,1',
      '',
    ].join('\r\n'),
  );

  fs.writeFileSync(
    path.join(geo, 'bayern_gemeinden_vg5000_2021-01-01.geojson'),
    featureCollection([
      { ars: '091610000000', gen: 'Ingolstadt', bez: 'Stadt' },
      { ars: '091710111111', gen: 'Altötting', bez: 'Stadt' },
    ]),
  );
  fs.writeFileSync(
    path.join(geo, 'bayern_kreise_vg5000_2021-01-01.geojson'),
    featureCollection([
      { ars: '09161', gen: 'Ingolstadt', bez: 'Kreisfreie Stadt' },
      { ars: '09171', gen: 'Altötting', bez: 'Landkreis' },
    ]),
  );
  fs.writeFileSync(path.join(geo, 'bayern_regierungsbezirke_vg5000_2021-01-01.geojson'), featureCollection([{ ars: '091', gen: 'Oberbayern', bez: 'Regierungsbezirk' }]));
  return dir;
}
