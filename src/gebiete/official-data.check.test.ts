import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { officialDataDir } from '../../tests/support/imported-db';
import { officialDataProblems } from './gebiete.import';
import { writeOfficialDataFixture } from './official-data.fixtures';

describe('checking the official data folder at start', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('finds nothing missing in the real data folder', () => {
    expect(officialDataProblems(officialDataDir())).toEqual([]);
  });

  it('names a folder that does not exist', () => {
    const missing = path.join(os.tmpdir(), 'gibt-es-nicht-amtliche-daten');
    expect(officialDataProblems(missing)).toEqual([`Ordner ${missing} gibt es nicht (erwartet: gemeindeverzeichnis, ozg-leika, geo-bayern)`]);
  });

  it('lists every missing folder and file at once', () => {
    const dir = writeOfficialDataFixture();
    dirs.push(dir);
    const gv = path.join(dir, 'gemeindeverzeichnis');
    const ozg = path.join(dir, 'ozg-leika');
    const geo = path.join(dir, 'geo-bayern');
    for (const f of fs.readdirSync(gv)) if (/koordinaten/.test(f)) fs.rmSync(path.join(gv, f));
    fs.renameSync(path.join(gv, 'GV100AD_30112025.txt'), path.join(gv, 'gv100ad.txt'));
    fs.rmSync(path.join(ozg, 'leika_leistungen.csv'));
    for (const f of fs.readdirSync(geo)) if (/_kreise_/.test(f)) fs.rmSync(path.join(geo, f));
    expect(officialDataProblems(dir)).toEqual([
      `${gv}: keine Datei GV100AD_TTMMJJJJ.txt`,
      `${gv}: keine Koordinaten-Datei (*koordinaten*.csv)`,
      `Datei fehlt: ${path.join(ozg, 'leika_leistungen.csv')}`,
      `${geo}: Keine GeoJSON-Datei für die Ebene „kreis“ (*_kreise_vg5000_JJJJ-MM-TT.geojson)`,
    ]);
    fs.rmSync(ozg, { recursive: true });
    expect(officialDataProblems(dir)).toContain(`Ordner fehlt: ${ozg}`);
  });
});
